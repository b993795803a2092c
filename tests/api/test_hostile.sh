#!/usr/bin/env bash
# Hostile clients against `lede serve`: malformed request lines and headers,
# oversized headers, URLs and bodies, bad Content-Length, slow clients
# (slowloris, slow bodies), connection floods past the limit.  Afterwards the
# server is still alive, still answers, and its store passes
# PRAGMA integrity_check.
#
# The server runs with a 2-second timeout and 64 connections so that the
# deadlines and the limit are reached in a few seconds.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/server.sh"

"$LEDE" add "$ROOT/examples/corpus" >/dev/null
server_start --token sekret --timeout 2 --max-connections 64 --threads 2 || { finish; exit 1; }
articles() { curl -s "$SERVER/api/stats" | sed -n 's/.*"articles":\([0-9]*\).*/\1/p'; }
articles_before=$(articles)

python3 - "$PORT" <<'EOF'
import socket, sys, threading, time

port = int(sys.argv[1])
failures = 0


def check(name, ok, detail=""):
    global failures
    if ok:
        print("PASS: " + name)
    else:
        failures += 1
        print("FAIL: %s%s" % (name, ": " + detail if detail else ""))


def exchange(data, wait=5.0):
    """Sends data on a new connection; returns (status or None, seconds until the server answered or closed)."""
    started = time.time()
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    answer = b""
    try:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
    except socket.timeout:
        return "hung", time.time() - started
    except OSError:
        pass  # reset: the server refused the rest
    finally:
        s.close()
    line = answer.split(b"\r\n", 1)[0]
    status = int(line.split()[1]) if line.startswith(b"HTTP/1.") and len(line.split()) > 1 else None
    return status, time.time() - started


def healthz(wait=2.0):
    try:
        status, _ = exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", wait)
        return status
    except OSError as e:
        return str(e)


def refused(status):
    """An error status or a closed connection: anything but an answer to a real request."""
    return status is None or (isinstance(status, int) and status >= 400)


# Malformed request lines: an error status or a closed connection, never a hang.
for name, data in [
    ("a garbage request line", b"GARBAGE\r\n\r\n"),
    ("a method alone", b"GET\r\n\r\n"),
    ("a request line without a version", b"GET /healthz\r\n\r\n"),
    ("an unknown HTTP version", b"GET /healthz HTTP/9.9\r\n\r\n"),
    ("a request line with an extra token", b"GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n"),
    ("a request line of spaces", b"      \r\n\r\n"),
    ("binary bytes", b"\x00\x01\x02\xff\xfe\r\n\r\n"),
    ("an unknown method", b"BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ("a lowercase method", b"get /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
]:
    status, took = exchange(data)
    check("%s is refused (%s)" % (name, status), refused(status) and status != "hung")

# Malformed headers.
status, _ = exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n")
check("a header line without a colon gets 400", status == 400, str(status))
status, _ = exchange(b"GET /api/stories HTTP/1.1\r\nHost: x\r\nIf-None-Match: \xff\x00\"\r\nAuthorization: \x01\r\n"
                     b"Connection: close\r\n\r\n")
check("binary header values are harmless", status == 200, str(status))

# Sizes past the limits.
status, took = exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n")
check("a 200 KB header gets 431", status == 431, str(status))
status, _ = exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(20000)) + b"\r\n")
check("20000 headers get 431", status == 431, str(status))
status, _ = exchange(b"GET /" + b"a" * 200000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
check("a 200 KB URL gets 414", status == 414, str(status))
status, _ = exchange(b"GET /api/" + b"a" * 3000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check("a 3 KB path gets 414", status == 414, str(status))
status, took = exchange(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\n"
                        b"Content-Length: 1000000000\r\n\r\n")
check("a declared 1 GB body gets 413 before any of it is sent", status == 413 and took < 1.5, "%s in %.1fs" % (status, took))


def chunked_upload(total):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 65536
    try:
        for _ in range(total // len(chunk)):
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        s.sendall(b"0\r\n\r\n")
        answer = s.recv(200)
    except OSError:
        answer = b""
    s.close()
    return answer.split(b"\r\n", 1)[0]


line = chunked_upload(17 << 20)
check("a 17 MB chunked body gets 413", b" 413 " in line, repr(line))

# Bad Content-Length values.
for name, value in [("abc", b"abc"), ("-1", b"-1"), ("1, 2", b"1, 2"),
                    ("of 23 digits", b"99999999999999999999999")]:
    status, _ = exchange(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\n"
                         b"Content-Length: " + value + b"\r\n\r\n{}")
    check("Content-Length %s is refused (%s)" % (name, status), isinstance(status, int) and 400 <= status < 500)
smuggled = b'{"id":"smuggled-1","title":"Smuggled","text":"This article hides behind two framings of one body."}'
status, _ = exchange(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\n"
                     b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                     b"%x\r\n%s\r\n0\r\n\r\n" % (len(smuggled), smuggled))
check("Content-Length with Transfer-Encoding gets 400", status == 400, str(status))
status, took = exchange(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\n"
                        b"Content-Length: 100\r\n\r\n{}", wait=8)
check("a body shorter than its Content-Length is cut off by the deadline (%s after %.1fs)" % (status, took),
      status is None and took < 6)
check("the server answers after the malformed requests", healthz() == 200)

# Slow clients: each sends a byte of its request every half second, so the idle
# timeout never fires; the request deadline (the 2 s timeout) must close them.
def slow_client(data, results, index):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    started = time.time()
    try:
        for byte in data:
            s.send(bytes([byte]))
            time.sleep(0.5)
            if time.time() - started > 12:
                results[index] = None
                return
        results[index] = None  # sent it all: never closed
    except OSError:
        results[index] = time.time() - started
    finally:
        s.close()


slow_request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
slow_body = b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\nContent-Length: 400\r\n\r\n"
results = [None] * 24


# The headers at once, then the body a byte every half second.
def slow_body_client(results, index):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    started = time.time()
    try:
        s.sendall(slow_body)
        for _ in range(400):
            s.send(b"{")
            time.sleep(0.5)
            if time.time() - started > 12:
                results[index] = None
                return
        results[index] = None
    except OSError:
        results[index] = time.time() - started
    finally:
        s.close()


threads = [threading.Thread(target=slow_body_client if i % 4 == 3 else slow_client,
                            args=((results, i) if i % 4 == 3 else (slow_request, results, i)))
           for i in range(24)]
for t in threads:
    t.start()
during = []
for _ in range(4):
    time.sleep(0.8)
    during.append(healthz(wait=1.5))
article = b'{"id":"hostile-1","title":"Harbour crane inspected","text":"Inspectors checked the harbour crane on Friday."}\n'
post_during, _ = exchange(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sekret\r\nConnection: close\r\n"
                          b"Content-Length: %d\r\n\r\n%s" % (len(article), article))
for t in threads:
    t.join()
closed = [r for r in results if r is not None]
check("/healthz answers while 24 slow clients hold connections (%s)" % during, all(s == 200 for s in during))
check("an article can be added meanwhile (%s)" % post_during, post_during == 200)
check("the deadline closes every slow header and slow body client (%d of 24, latest after %.1fs)" %
      (len(closed), max(closed) if closed else 0), len(closed) == 24 and max(closed) < 8)

# A flood of 1000 idle connections, far past the limit of 64: the extra ones are
# refused, the accepted ones closed at the deadline, while the client keeps its
# ends open; then /healthz answers again.
flood = []
for _ in range(1000):
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        continue
    flood.append(s)
time.sleep(0.5)
open_left = 0
deadline = time.time() + 6
for s in flood:
    s.setblocking(True)
    s.settimeout(max(0.01, deadline - time.time()))
    try:
        s.recv(100)  # b"" or a reset: closed by the server
    except socket.timeout:
        open_left += 1
    except OSError:
        pass
status = healthz()
check("the server closes all of 1000 idle flooding connections (%d left open)" % open_left, open_left == 0)
check("/healthz answers while the flood's sockets are still held (%s)" % status, status == 200)
for s in flood:
    s.close()

# A flood of 1000 whole requests at once: each is answered or cleanly refused.
flood = []
for _ in range(1000):
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        continue
    flood.append(s)
time.sleep(0.3)
for s in flood:
    try:
        s.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    except OSError:
        pass
answered = refused_count = hung = 0
deadline = time.time() + 10
for s in flood:
    s.setblocking(True)
    s.settimeout(max(0.01, deadline - time.time()))
    try:
        data = s.recv(100)
        if data.startswith(b"HTTP/1.1 200"):
            answered += 1
        else:
            refused_count += 1
    except socket.timeout:
        hung += 1
    except OSError:
        refused_count += 1
    s.close()
check("1000 requests at once: each answered or refused, none left hanging "
      "(%d answered, %d refused, %d hanging)" % (answered, refused_count, hung), hung == 0 and answered > 0)
status = healthz()
check("/healthz answers after the floods (%s)" % status, status == 200)
sys.exit(1 if failures else 0)
EOF
[ $? -eq 0 ] || failures=$((failures + 1))

if kill -0 "$SERVER_PID" 2>/dev/null; then pass "the server process is still alive"; else fail "the server process is still alive"; fi
expect_eq "the article added under attack is served" "$((articles_before + 1))" "$(articles)"
lines=$(wc -l <"$WORK/server.log")
expect_eq "the server's log stays short through the floods ($lines lines)" 1 "$([ "$lines" -lt 300 ] && echo 1 || echo 0)"
server_stop
expect_eq "the store passes PRAGMA integrity_check" ok "$(sqlite3 "$LEDE_DB" 'PRAGMA integrity_check')"
finish
