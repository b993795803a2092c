#!/usr/bin/env bash
# Runs the examples table of docs/api.md against `lede serve` on the sample
# corpus, then the cases a table cannot say (ETag, live updates, slow and
# malformed requests).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/server.sh"

"$LEDE" add "$ROOT/examples/corpus" >/dev/null
server_start --token sekret

# | method | path | body | status | body holds |
grep -E '^\| (GET|POST) \|' "$ROOT/docs/api.md" | while IFS='|' read -r _ method path body status holds _; do
	method=$(echo "$method" | xargs)
	path=$(echo "$path" | xargs)
	body=$(echo "$body" | sed 's/^ *//; s/ *$//')
	status=$(echo "$status" | xargs)
	holds=$(echo "$holds" | sed 's/^ *//; s/ *$//')
	auth=()
	if [[ "$path" == *"#token" ]]; then
		path=${path%#token}
		auth=(-H "Authorization: Bearer sekret")
	fi
	if [ "$method" = POST ]; then
		got=$(curl -s --path-as-is -o "$WORK/body" -w '%{http_code}' -X POST "${auth[@]}" \
			--data-binary "$body" "$SERVER$path")
	else
		got=$(curl -s --path-as-is -o "$WORK/body" -w '%{http_code}' "$SERVER$path")
	fi
	name="$method $path${auth[*]:+ (with token)}"
	if [ "$got" != "$status" ]; then
		echo "FAIL: $name answers $status: got $got: $(head -c 200 "$WORK/body")"
	elif [ -n "$holds" ] && ! grep -qF -- "$holds" "$WORK/body"; then
		echo "FAIL: $name holds [$holds]: $(head -c 200 "$WORK/body")"
	else
		echo "PASS: $name answers $status"
	fi
done

etag=$(curl -s -D - -o /dev/null "$SERVER/api/stories" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
expect_eq "the story list has an ETag" 1 "$([ -n "$etag" ] && echo 1 || echo 0)"
expect_eq "If-None-Match with it answers 304" 304 \
	"$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$SERVER/api/stories")"
curl -s -D "$WORK/headers" -o /dev/null "$SERVER/"
expect_contains "pages forbid inline script" "$WORK/headers" "Content-Security-Policy: .*script-src 'self'"

# Live: another process adds an article; the server shows it without a restart,
# in answers it had cached before too.
curl -s -o /dev/null "$SERVER/"
curl -s -o /dev/null "$SERVER/search?q=Skerry"
printf '{"id": "live-1", "title": "Lighthouse keepers return to Skerry Point", "text": "Keepers returned to the Skerry Point lighthouse on Monday for the first time in forty years."}\n' \
	>"$WORK/live.jsonl"
"$LEDE" add "$WORK/live.jsonl" >/dev/null
expect_eq "a new ETag after another process adds" 200 \
	"$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$SERVER/api/stories")"
curl -s "$SERVER/api/search?q=Skerry" >"$WORK/live"
expect_contains "search finds what another process added" "$WORK/live" "Lighthouse keepers"
curl -s "$SERVER/" >"$WORK/live-page"
expect_contains "the story list shows what another process added" "$WORK/live-page" "Lighthouse keepers"
curl -s "$SERVER/search?q=Skerry" >"$WORK/live-search"
expect_contains "the search page shows what another process added" "$WORK/live-search" "Lighthouse keepers"
expect_eq "a cached answer still honours If-None-Match" 304 "$(
	tag=$(curl -s -D - -o /dev/null "$SERVER/api/stories" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
	curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" "$SERVER/api/stories")"

# Malformed and slow requests do not take the server down.
raw_request() { # sends bytes on a raw connection and reads what comes back for a moment
	exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
	printf '%b' "$1" >&3
	timeout 2 cat <&3 >"$WORK/raw" 2>/dev/null
	exec 3>&-
}
raw_request 'GARBAGE\r\n\r\n'
expect_eq "a malformed request gets an error or a closed connection" 1 \
	"$(grep -qE '^HTTP/1.[01] 200' "$WORK/raw" && echo 0 || echo 1)"
raw_request 'GET /healthz HTTP/1.1\r\nHost: x\r\n'
for _ in $(seq 1 20); do exec {slow}<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET / HTTP/1.1\r\n' >&$slow; done
head -c 20000000 /dev/zero | curl -s -o "$WORK/big" -w '%{http_code}' -X POST -H "Authorization: Bearer sekret" \
	--data-binary @- "$SERVER/api/articles" >"$WORK/big.status"
expect_eq "an oversized body is refused" 413 "$(cat "$WORK/big.status")"
expect_eq "the server is still healthy" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$SERVER/healthz")"
server_stop
finish
