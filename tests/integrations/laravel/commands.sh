# Sourced by run.sh: the published config, websocket:reload and websocket:stop through the pid file.

v=$(cd "$app" && php artisan tinker --execute 'echo json_encode([config("websocket.apps.0.id"), config("websocket.apps.0.key"), config("websocket.apps.0.secret"), config("websocket.server.host"), config("websocket.public.port")]), "\n";' 2>&1 | tail -n 1)
if [ "$v" = "[\"123456\",\"app-key\",\"app-secret\",\"127.0.0.1\",$ws_port]" ]; then
	check "vendor:publish config/websocket.php reads the REVERB_* keys" OK
else
	check "vendor:publish config/websocket.php reads the REVERB_* keys" FAILED "got $v"
fi

p=$(free_port)
serve_env="WEBSOCKET_HANDLER=App\\WebSocket\\ChatHandler WEBSOCKET_AUTH_REQUIRED=false"
if serve reload "$p" --mode handler --workers 2; then
	wait_for "$tmp/reload.log" "worker 1 serving" 20
	before=$(grep -c "serving" "$tmp/reload.log")
	out=$(cd "$app" && WEBSOCKET_PID_FILE="$tmp/reload.pid" php artisan websocket:reload 2>&1)
	for ((i = 0; i < 200; i++)); do
		[ "$(grep -c "serving" "$tmp/reload.log")" -ge $((before + 2)) ] && break
		sleep 0.1
	done
	after=$(grep -c "serving" "$tmp/reload.log")
	if [ "$before" -eq 2 ] && [ "$after" -ge 4 ]; then
		check "websocket:reload replaces both workers (each boots the app anew)" OK
	else
		check "websocket:reload replaces both workers (each boots the app anew)" FAILED "serving lines before $before, after $after; $out; log: $(tail -n 20 "$tmp/reload.log")"
	fi
	pid=$(cat "$tmp/reload.pid")
	out=$(cd "$app" && WEBSOCKET_PID_FILE="$tmp/reload.pid" timeout 30 php artisan websocket:stop --wait 15 2>&1)
	status=$?
	if [ $status -eq 0 ] && ! kill -0 "$pid" 2>/dev/null && [ ! -f "$tmp/reload.pid" ]; then
		check "websocket:stop: the server exits and removes its pid file" OK
	else
		check "websocket:stop: the server exits and removes its pid file" FAILED "status $status, $out; $(tail -n 5 "$tmp/reload.log")"
	fi
	out=$(cd "$app" && WEBSOCKET_PID_FILE="$tmp/reload.pid" php artisan websocket:stop 2>&1)
	if [ $? -ne 0 ] && echo "$out" | grep -q "No running websocket:serve"; then
		check "websocket:stop with no server running says so and fails" OK
	else
		check "websocket:stop with no server running says so and fails" FAILED "$out"
	fi
fi
serve_env=""

# clear refusals at start
out=$(cd "$app" && timeout 30 php -d extension="$ext" artisan websocket:serve --host 127.0.0.1 --port "$(free_port)" --workers 2 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q "needs websocket.redis.enabled"; then
	check "websocket:serve with workers and no Redis in broadcasting mode: refused, says why" OK
else
	check "websocket:serve with workers and no Redis in broadcasting mode: refused, says why" FAILED "$out"
fi
out=$(cd "$app" && timeout 30 php artisan websocket:serve --port "$(free_port)" 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q "extension is not loaded"; then
	check "websocket:serve without the extension: refused, says how to load it" OK
else
	check "websocket:serve without the extension: refused, says how to load it" FAILED "$out"
fi
out=$(cd "$app" && REVERB_APP_KEY= timeout 30 php -d extension="$ext" artisan websocket:serve --port "$(free_port)" 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q "REVERB_APP_KEY"; then
	check "websocket:serve with no app key: refused, names REVERB_APP_KEY" OK
else
	check "websocket:serve with no app key: refused, names REVERB_APP_KEY" FAILED "$out"
fi
