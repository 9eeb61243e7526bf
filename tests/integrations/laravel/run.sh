#!/usr/bin/env bash
# The Laravel integration stage (#15): a real laravel/laravel 12 app made with Composer, this repository's
# integrations/pusher and integrations/laravel installed from path repositories, `php artisan websocket:serve`,
# and the real clients: laravel-echo + pusher-js in Node and in headless Chromium, ws for handler mode.
#
#   tests/integrations/laravel/run.sh [phpstan protocol protocol-valgrind store echo handler browser cluster commands supervisor bench]   (default: all)
#
# phpstan:  PHPStan level 6 on both packages (tests/integrations/laravel/phpstan.neon)
# protocol: the Pusher protocol frame by frame against integrations/pusher/bin/pusher-server, with the reference's
#           test vectors and the real pusher-php-server (tests/integrations/pusher/protocol.php)
# protocol-valgrind: the same with the server under valgrind memcheck (any error or definite leak fails)
# store:    the Redis presence/count store against a real redis-server with KEYS/SCAN/FLUSH* disabled
#           (tests/integrations/pusher/store.php), and Redis killed and restarted under a running server
#           (tests/integrations/pusher/outage.php)
#
# setup.sh caches the Composer skeleton and the npm packages under $WS_IT_CACHE (/var/cache/ext-websocket-it).
# Every server is started here on free 127.0.0.1 ports and stopped at the end; every wait is bounded.
# One line per check, then "laravel: N passed, M failed"; non-zero exit on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ext=${WS_EXT:-$root/modules/websocket.so}
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(phpstan protocol protocol-valgrind store echo handler browser cluster commands supervisor bench)
passed=0
failed=0
tmp=$(mktemp -d)
pids=()   # each server runs in its own process group (setsid): php -S's workers and websocket:serve's go with it
cleanup() {
	for p in "${pids[@]}"; do
		kill -TERM -- "-$p" 2>/dev/null
	done
	sleep 0.3
	for p in "${pids[@]}"; do
		kill -KILL -- "-$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

check() { # check NAME OK|FAILED [detail]
	if [ "$2" = OK ]; then
		echo "check $1 OK"
		passed=$((passed + 1))
	else
		echo "check $1 FAILED: ${3:-}"
		failed=$((failed + 1))
	fi
}
finish() {
	echo "laravel: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
free_port() {
	php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];'
}
# wait_for FILE TEXT SECONDS: until FILE holds TEXT
wait_for() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# run_node NAME SCRIPT [ENV=VALUE...]: one client script (bounded), its check lines counted
run_node() {
	local name=$1 script=$2
	shift 2
	local out="$tmp/$name.out"
	env APP_URL="$app_url" APP_DIR="$app" NODE_PATH="$node_dir/node_modules" "$@" \
		timeout -k 5 180 node "$here/$script" >"$out" 2>"$tmp/$name.err"
	local status=$?
	cat "$out"
	local ok bad
	ok=$(grep -c '^check .* OK$' "$out")
	bad=$(grep -c '^check .* FAILED' "$out")
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		check "$name run" FAILED "exit status $status"
	fi
	if [ "$bad" -gt 0 ] || [ "$status" -ne 0 ]; then
		sed 's/^/  stderr: /' "$tmp/$name.err" | tail -n 20
	fi
}
# run_php NAME SCRIPT ARGS...: a PHP check script (bounded), its check lines counted
run_php() {
	local name=$1
	shift
	timeout -k 5 120 php -n -d extension="$ext" "$@" >"$tmp/$name.out" 2>&1
	local status=$?
	grep '^check \|^PHP \|rror' "$tmp/$name.out"
	local ok bad
	ok=$(grep -c '^check .* OK$' "$tmp/$name.out")
	bad=$(grep -c '^check .* FAILED' "$tmp/$name.out")
	passed=$((passed + ok))
	failed=$((failed + bad))
	[ $status -eq 0 ] || [ "$bad" -gt 0 ] || check "$name run" FAILED "exit status $status: $(tail -n 5 "$tmp/$name.out")"
}
# serve NAME PORT [artisan options...]: php artisan websocket:serve in the background, waits for it to serve
serve() {
	local name=$1 port=$2
	shift 2
	(cd "$app" && exec setsid env WEBSOCKET_PID_FILE="$tmp/$name.pid" $serve_env php -d extension="$ext" artisan websocket:serve \
		--host 127.0.0.1 --port "$port" "$@" >"$tmp/$name.log" 2>&1) &
	pids+=($!)
	disown $! # no job notice when a test kills it on purpose
	if ! wait_for "$tmp/$name.log" "serving" 20; then
		check "$name starts" FAILED "no 'serving' line in 20 s: $(tail -n 5 "$tmp/$name.log")"
		return 1
	fi
}
# stop_pid NAME: SIGTERM to the server named by its pid file, bounded wait
stop_server() {
	local pid
	pid=$(cat "$tmp/$1.pid" 2>/dev/null) || return 0
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
}

[ -f "$ext" ] || { check build FAILED "no $ext (run scripts/build.sh)"; finish; }
for tool in composer node npm; do
	command -v $tool >/dev/null || { check "$tool" FAILED "$tool is not installed (scripts/deps.sh test)"; finish; }
done

app="$tmp/app"
if ! node_dir=$(bash "$here/setup.sh" "$app" 2>"$tmp/setup.err" | tail -n 1) || [ ! -d "$node_dir/node_modules" ]; then
	check setup FAILED "$(tail -n 20 "$tmp/setup.err")"
	finish
fi
check "setup (laravel/laravel 12, the packages from path repositories, migrations)" OK

http_port=$(free_port)
app_url="http://127.0.0.1:$http_port"
(cd "$app/public" && exec setsid env PHP_CLI_SERVER_WORKERS=4 php -S "127.0.0.1:$http_port" \
	../vendor/laravel/framework/src/Illuminate/Foundation/resources/server.php >"$tmp/http.log" 2>&1) &
pids+=($!)
for ((i = 0; i < 100; i++)); do
	curl -fs "$app_url/up" >/dev/null 2>&1 && break
	sleep 0.1
done

ws_port=$(free_port)
# the app's broadcast driver (pusher-php-server) talks to the first server
sed -i "/^REVERB_PORT=/d" "$app/.env"
echo "REVERB_PORT=$ws_port" >>"$app/.env"
serve_env=""

for suite in "${suites[@]}"; do
	case $suite in
	protocol)
		run_php protocol "$root/tests/integrations/pusher/protocol.php" "$ext" "$app"
		;;
	protocol-valgrind)
		if command -v valgrind >/dev/null; then
			PUSHER_VALGRIND=1 USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 run_php protocol-valgrind "$root/tests/integrations/pusher/protocol.php" "$ext" "$app"
		else
			check protocol-valgrind FAILED "no valgrind (scripts/deps.sh test)"
		fi
		;;
	phpstan)
		out=$(cd "$app" && timeout 300 php -d memory_limit=1G vendor/bin/phpstan analyse --no-progress --error-format=raw \
			-c "$here/phpstan.neon" 2>&1)
		if [ $? -eq 0 ]; then
			check "phpstan level 6 on integrations/pusher and integrations/laravel" OK
		else
			check "phpstan level 6 on integrations/pusher and integrations/laravel" FAILED "$(echo "$out" | tail -n 20)"
		fi
		;;
	store)
		if command -v redis-server >/dev/null; then
			sport=$(free_port)
			# KEYS, SCAN and FLUSH* disabled: the store must never need them
			(exec setsid redis-server --port "$sport" --bind 127.0.0.1 --save '' --appendonly no --rename-command KEYS '' \
				--rename-command SCAN '' --rename-command FLUSHALL '' --rename-command FLUSHDB '' >"$tmp/redis-store.log" 2>&1) &
			pids+=($!)
			if wait_for "$tmp/redis-store.log" "Ready to accept connections" 10; then
				run_php store "$root/tests/integrations/pusher/store.php" "$sport"
				run_php outage "$root/tests/integrations/pusher/outage.php" "$ext"
			else
				check "redis-server starts" FAILED "$(tail -n 5 "$tmp/redis-store.log")"
			fi
		else
			check store FAILED "no redis-server (scripts/deps.sh test)"
		fi
		;;
	echo)
		if serve ws1 "$ws_port"; then
			run_node echo-node echo-node.js WS_PORT="$ws_port"
		fi
		;;
	handler)
		p=$(free_port)
		serve_env="WEBSOCKET_HANDLER=App\\WebSocket\\ChatHandler"
		if serve handler "$p" --mode both; then
			run_node handler handler-node.js WS_PORT="$p"
		fi
		serve_env=""
		stop_server handler
		;;
	browser)
		if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
			check browser FAILED "no chromium (scripts/deps.sh test)"
		elif [ -f "$tmp/ws1.pid" ] || serve ws1 "$ws_port"; then
			run_node browser browser-echo.js WS_PORT="$ws_port"
		fi
		;;
	cluster)
		. "$here/cluster.sh"
		;;
	commands)
		. "$here/commands.sh"
		;;
	supervisor)
		. "$here/supervisor.sh"
		;;
	bench)
		# bench/pusher.sh stays runnable (1,000 subscribers, one server and two through Redis); figures not judged
		if WS_EXT="$ext" timeout -k 5 180 bash "$root/bench/pusher.sh" --quick >"$tmp/bench.out" 2>&1; then
			check "bench/pusher.sh --quick runs (every event reached every subscriber)" OK
		else
			check "bench/pusher.sh --quick runs (every event reached every subscriber)" FAILED "$(tail -n 10 "$tmp/bench.out")"
		fi
		;;
	*)
		check "suite $suite" FAILED "unknown suite"
		;;
	esac
done
stop_server ws1
finish
