# Sourced by run.sh: integrations/laravel/examples/supervisor.conf under a real supervisord (paths, port, log and
# the extension's path rewritten; no user=): it starts websocket:serve, `supervisorctl stop` closes a connected
# Pusher client with 1001 and the program exits as expected, `start` serves again.
if ! command -v supervisord >/dev/null && [ "$(id -u)" = 0 ]; then
	# as tests/supervisor/run.sh does: Debian's package, without letting its postinst start a service
	made=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made=1
	fi
	DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends supervisor >"$tmp/apt.log" 2>&1
	[ "$made" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi
if ! command -v supervisord >/dev/null; then
	check supervisor FAILED "no supervisord (apt-get install supervisor): $(tail -n 3 "$tmp/apt.log" 2>/dev/null)"
else
	sp=$(free_port)
	conf="$tmp/supervisord.conf"
	{
		echo "[unix_http_server]"
		echo "file=$tmp/supervisor.sock"
		echo "[supervisord]"
		echo "logfile=$tmp/supervisord.log"
		echo "pidfile=$tmp/supervisord.pid"
		echo "nodaemon=true"
		echo "[rpcinterface:supervisor]"
		echo "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface"
		echo "[supervisorctl]"
		echo "serverurl=unix://$tmp/supervisor.sock"
		sed -e "s|php -d extension=websocket /var/www/app/artisan websocket:serve|php -d extension=$ext $app/artisan websocket:serve --host 127.0.0.1 --port $sp|" \
			-e "s|/var/www/app/storage/logs/websocket.log|$tmp/sv-websocket.log|" -e "s|/var/www/app|$app|" -e '/^user=/d' \
			"$root/integrations/laravel/examples/supervisor.conf"
	} >"$conf"
	(exec setsid env WEBSOCKET_PID_FILE="$tmp/sv.pid" supervisord -c "$conf" >"$tmp/supervisord.out" 2>&1) &
	pids+=($!)
	disown $!
	ctl() { supervisorctl -c "$conf" "$@" 2>&1; }
	if wait_for "$tmp/sv-websocket.log" "serving" 30; then
		check "supervisor: the example starts websocket:serve" OK
		# a Pusher client connected while supervisorctl stops the program
		(NODE_PATH="$node_dir/node_modules" timeout 20 node -e '
			const WebSocket = require("ws");
			const ws = new WebSocket(`ws://127.0.0.1:${process.argv[1]}/app/app-key?protocol=7`);
			ws.on("message", (d) => { if (JSON.parse(d).event === "pusher:connection_established") console.log("established"); });
			ws.on("close", (code) => { console.log("close " + code); process.exit(0); });
			ws.on("error", (e) => { console.log("error " + e.message); process.exit(1); });' "$sp" >"$tmp/sv-client.out" 2>&1) &
		client=$!
		wait_for "$tmp/sv-client.out" "established" 10
		out=$(ctl stop websocket)
		wait "$client"
		status=$(ctl status websocket)
		if grep -q "close 1001" "$tmp/sv-client.out" && echo "$out" | grep -q "stopped" && echo "$status" | grep -q STOPPED; then
			check "supervisor: supervisorctl stop: the client gets close 1001, the program stops cleanly" OK
		else
			check "supervisor: supervisorctl stop: the client gets close 1001, the program stops cleanly" FAILED "client: $(cat "$tmp/sv-client.out"); ctl: $out; $status"
		fi
		n=$(grep -c "serving" "$tmp/sv-websocket.log")
		ctl start websocket >/dev/null
		for ((i = 0; i < 100; i++)); do
			[ "$(grep -c "serving" "$tmp/sv-websocket.log")" -gt "$n" ] && break
			sleep 0.1
		done
		if [ "$(grep -c "serving" "$tmp/sv-websocket.log")" -gt "$n" ] && ctl status websocket | grep -q RUNNING; then
			check "supervisor: supervisorctl start serves again" OK
		else
			check "supervisor: supervisorctl start serves again" FAILED "$(ctl status websocket); $(tail -n 5 "$tmp/sv-websocket.log")"
		fi
		ctl shutdown >/dev/null
	else
		check "supervisor: the example starts websocket:serve" FAILED "$(tail -n 10 "$tmp/sv-websocket.log" "$tmp/supervisord.log" 2>&1)"
	fi
fi
