# Starts and stops `lede serve` for a test on a free loopback port.
# Sets SERVER (base URL) and PORT; server_stop kills it.
server_start() {
	local try
	for try in 1 2 3 4 5; do
		PORT=$((20000 + RANDOM % 20000))
		"$LEDE" serve --port "$PORT" "$@" >"$WORK/server.log" 2>&1 &
		SERVER_PID=$!
		for _ in $(seq 1 50); do
			if curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
				SERVER="http://127.0.0.1:$PORT"
				return 0
			fi
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	done
	echo "FAIL: lede serve starts: $(cat "$WORK/server.log")"
	return 1
}

server_stop() {
	kill "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
}
