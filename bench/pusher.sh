#!/usr/bin/env bash
# The Pusher protocol on the extension (#15): connections held and memory per connection with the protocol on
# top, one HTTP API event to 10,000 subscribers (time to the last delivery and the server's CPU), the same over
# two servers joined by Redis, and what the Redis state costs the event loop. Writes bench/PUSHER.md.
#   bench/pusher.sh [--conns N] [--events E] [--quick]
# Needs modules/websocket.so, node with the `ws` package (tests/integrations/laravel/setup.sh caches it under
# /var/cache/ext-websocket-it), redis-server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
so=${WS_EXT:-$root/modules/websocket.so}
conns=10000
events=5
out=$root/bench/PUSHER.md
while [ $# -gt 0 ]; do
	case $1 in
	--conns) conns=$2; shift ;;
	--events) events=$2; shift ;;
	--quick) conns=1000; events=2; out=/dev/null ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
cache=${WS_IT_CACHE:-/var/cache/ext-websocket-it}
node_modules=$(ls -d "$cache"/node-echo-*/node_modules 2>/dev/null | head -n 1)
if [ -z "$node_modules" ] || [ ! -d "$node_modules/ws" ]; then
	mkdir -p "$cache/node-bench"
	(cd "$cache/node-bench" && [ -f package.json ] || echo '{"private":true}' >package.json; npm install --no-audit --no-fund --silent ws@8.23.0)
	node_modules=$cache/node-bench/node_modules
fi
[ -f "$so" ] || bash "$root/scripts/build.sh" >/dev/null
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];'; }

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no >"$tmp/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q "Ready to accept" "$tmp/redis.log" && break; sleep 0.1; done
# start_server NAME [options]: bin/pusher-server on a free port; sets $port and $spid
start_server() {
	local name=$1
	shift
	php -n -d extension="$so" "$root/integrations/pusher/bin/pusher-server" --port 0 --max-connections $((conns + 100)) \
		--app 123456:app-key:app-secret "$@" >"$tmp/$name.out" 2>&1 &
	spid=$!
	pids+=($spid)
	for _ in $(seq 50); do grep -q READY "$tmp/$name.out" && break; sleep 0.1; done
	port=$(awk '/^READY/ {print $2}' "$tmp/$name.out")
}
start_server one
NODE_PATH=$node_modules node "$root/bench/pusher_load.js" --port "$port" --pid "$spid" --conns "$conns" --events "$events" | tee "$tmp/load.txt"
kill "$spid"
# two servers joined by Redis (the extension's redis link for the frames, RedisStore for the state)
start_server a --redis "127.0.0.1:$rport"
pa=$port
sa=$spid
start_server b --redis "127.0.0.1:$rport"
NODE_PATH=$node_modules node "$root/bench/pusher_load.js" --port "$pa" --port2 "$port" --pid "$sa,$spid" --conns "$conns" --events "$events" | tee "$tmp/cluster.txt"
kill "$sa" "$spid"

php -n "$root/bench/pusher_store.php" "$rport" "$([ "$conns" -ge 10000 ] && echo 10000 || echo 2000)" | tee "$tmp/store.txt"

grep -q '^RESULT' "$tmp/load.txt" && grep -q '^RESULT' "$tmp/cluster.txt" && grep -q '^RESULT removed=\([0-9]*\) of \1$' "$tmp/store.txt" || { echo "pusher bench: FAILED"; exit 1; }
[ "$out" = /dev/null ] && { echo "pusher bench: quick run OK"; exit 0; }
{
	echo "# The Pusher protocol on ext-websocket: bench/pusher.sh"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD), $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), PHP $(php -r 'echo PHP_VERSION;'), one server process (integrations/pusher/bin/pusher-server, LocalStore), nothing pinned, a shared machine (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))."
	echo "Fan-out: the extension's topics (one Server::publish per event and channel; the HTTP API answers first, the publish runs on the next loop turn)."
	echo
	echo "Command: \`bench/pusher.sh --conns $conns --events $events\`. The client is Node's \`ws\` with Pusher frames by hand (bench/pusher_load.js);"
	echo "the server's RSS and CPU come from /proc (CPU in 10 ms ticks, so small figures are coarse)."
	echo
	echo '```'
	grep -v '^RESULT' "$tmp/load.txt"
	echo '```'
	echo
	echo "The same over two server processes joined by a local redis-server (half the connections on each; the event is sent to the first, which publishes once: its own subscribers directly, the other's through Redis). CPU is the two servers' together."
	echo
	echo '```'
	grep -v '^RESULT' "$tmp/cluster.txt"
	echo '```'
	echo
	echo "The Redis state (bench/pusher_store.php against a local redis-server): every call is synchronous in the server's loop, so its latency is how long the loop waits."
	echo
	echo '```'
	grep -v '^RESULT' "$tmp/store.txt"
	echo '```'
} >"$out"
echo "wrote $out"
