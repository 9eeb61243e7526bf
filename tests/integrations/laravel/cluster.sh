# Sourced by run.sh: two websocket:serve processes and a real redis-server (cluster-node.js says what is checked).
# Needs the extension's `redis` option (built with hiredis).
if ! php -d extension="$ext" -r 'try { new WebSocket\Server("127.0.0.1", 0, ["redis" => ["host" => "127.0.0.1", "port" => 1]]); } catch (Throwable $e) { exit(1); }' 2>/dev/null; then
	check cluster FAILED "this build of the extension refuses the redis option (built without hiredis? see php --ri websocket)"
elif ! command -v redis-server >/dev/null; then
	check cluster FAILED "no redis-server (scripts/deps.sh test)"
else
	rport=$(free_port)
	(exec setsid redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$tmp/redis.log" 2>&1) &
	pids+=($!)
	wait_for "$tmp/redis.log" "Ready to accept connections" 10 || check "redis-server starts" FAILED "$(tail -n 5 "$tmp/redis.log")"
	serve_env="REVERB_SCALING_ENABLED=true REDIS_PORT=$rport WEBSOCKET_NODE_TIMEOUT=4000 WEBSOCKET_TICK_INTERVAL=500 WEBSOCKET_STOP_GRACE=2000"
	[ -f "$tmp/ws1.pid" ] && stop_server ws1 && rm -f "$tmp/ws1.pid"
	pb=$(free_port)
	pc=$(free_port)
	if serve nodeA "$ws_port" && serve nodeB "$pb" --workers 2 && wait_for "$tmp/nodeB.log" "worker 1 serving" 20 && serve nodeC "$pc"; then
		run_node cluster cluster-node.js WS_PORT="$ws_port" WS_PORT2="$pb" B_PGID="$(cat "$tmp/nodeB.pid")" \
			WS_PORT3="$pc" C_PID="$(cat "$tmp/nodeC.pid")" B_PID_FILE="$tmp/nodeB.pid" NODE_TIMEOUT=4000 TICK=500 STOP_GRACE=2000
	fi
	stop_server nodeC
	stop_server nodeA
	serve_env=""
fi
