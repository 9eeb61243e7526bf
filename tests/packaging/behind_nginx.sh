#!/usr/bin/env bash
# tests/packaging/behind_nginx.sh SCRIPT [IGNORED...]: runs `php SCRIPT 0` (a server that prints
# "READY <port>"), then a private nginx on another free 127.0.0.1 port with examples/nginx/websocket.conf in
# front of it, and prints "READY <nginx port>". So it can stand in for a server command wherever the tests
# take one (ECHO_SERVER_CMD and CHAT_SERVER_CMD of tests/interop, which append a port: ignored here).
#
# SIGTERM or SIGINT stops both and exits 0. nginx's config, pid, temp files and logs live in a temp dir under
# WSP_TMP (default /tmp), removed at the end unless WSP_KEEP=1. Every pid started goes into WSP_PIDS (a
# directory, if set), so tests/packaging/run.sh can kill what is left should this script itself be killed.
# Environment: PHP (default php), NGINX (default: nginx on PATH or /usr/sbin/nginx), WSP_CONF (default
# examples/nginx/websocket.conf). With WSP_TLS_CERT and WSP_TLS_KEY (PEM files) the example's commented wss://
# block is enabled too, with that certificate, on a third free port, announced as "TLS <port>" before READY.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
script=${1:?usage: behind_nginx.sh SCRIPT}
php=${PHP:-php}
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
conf=${WSP_CONF:-$root/examples/nginx/websocket.conf}
dir=$(mktemp -d "${WSP_TMP:-/tmp}/behind-nginx.XXXXXX")
backend_pid=""
nginx_pid=""

say() { echo "behind_nginx: $*" >&2; }

# Kills a pid with SIGTERM, then SIGKILL if it has not gone within 5 s.
stop_pid() {
	local pid=$1 i
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# The server first: its clients get its close frame (1001 from stop()) through nginx.
cleanup() {
	stop_pid "$backend_pid"
	stop_pid "$nginx_pid"
	[ -n "${WSP_PIDS:-}" ] && rm -f "$WSP_PIDS/$nginx_pid" "$WSP_PIDS/$backend_pid" 2>/dev/null
	[ "${WSP_KEEP:-}" = 1 ] || rm -rf "$dir"
}
trap 'cleanup; exit 0' TERM INT
trap cleanup EXIT

track() { [ -n "${WSP_PIDS:-}" ] && : > "$WSP_PIDS/$1"; }

# Waits up to $2 seconds for "READY <port>" as a whole line in file $1 while process $3 lives; prints the port.
wait_ready() {
	local file=$1 secs=$2 pid=$3 i port
	for i in $(seq $((secs * 20))); do
		port=$(sed -n 's/^READY \([0-9][0-9]*\)$/\1/p' "$file" | head -n1)
		if [ -n "$port" ]; then echo "$port"; return 0; fi
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# A port the kernel just gave out and took back; nginx then binds it (a rare race: retried below).
free_port() {
	"$php" -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}

"$php" "$script" 0 > "$dir/backend.out" 2> "$dir/backend.err" &
backend_pid=$!
track "$backend_pid"
if ! backend_port=$(wait_ready "$dir/backend.out" 10 "$backend_pid"); then
	say "$script printed no READY <port> within 10 s: $(tail -c 600 "$dir/backend.err")"
	exit 1
fi

for attempt in 1 2 3; do
	port=$(free_port)
	# The example with its two marked lines pointed at our ports; each must match exactly once.
	n_listen=$(grep -cE '^\s*listen\s+80;' "$conf")
	n_server=$(grep -cE '^\s*server\s+127\.0\.0\.1:8080;' "$conf")
	if [ "$n_listen" != 1 ] || [ "$n_server" != 1 ]; then
		say "$conf: expected one 'listen 80;' and one 'server 127.0.0.1:8080;' line, got $n_listen and $n_server"
		exit 1
	fi
	sed -E "s/^(\s*)listen\s+80;/\1listen 127.0.0.1:$port;/; s/^(\s*)server\s+127\.0\.0\.1:8080;/\1server 127.0.0.1:$backend_port;/" \
		"$conf" > "$dir/websocket.conf"
	tls_port=""
	if [ -n "${WSP_TLS_CERT:-}" ]; then
		tls_port=$(free_port)
		[ "$tls_port" != "$port" ] || continue
		# The commented block after "wss://", uncommented, with our port and certificate.
		sed -n '/^# server {/,/^# }/p' "$conf" | sed -E 's/^# ?//' > "$dir/tls.block"
		for want in 'listen 443 ssl;' 'ssl_certificate ' 'ssl_certificate_key '; do
			if [ "$(grep -cF "$want" "$dir/tls.block")" != 1 ]; then
				say "$conf: expected one '$want' line in the commented wss:// block"
				exit 1
			fi
		done
		sed -E "s/listen 443 ssl;/listen 127.0.0.1:$tls_port ssl;/; s#^(\s*)ssl_certificate\s.*#\1ssl_certificate $WSP_TLS_CERT;#; s#^(\s*)ssl_certificate_key\s.*#\1ssl_certificate_key $WSP_TLS_KEY;#" \
			"$dir/tls.block" >> "$dir/websocket.conf"
	fi
	mkdir -p "$dir/tmp"
	cat > "$dir/nginx.conf" <<-EOF
	# One process in the foreground, everything in $dir: it writes nothing outside.
	daemon off;
	master_process off;
	worker_processes 1;
	pid $dir/nginx.pid;
	error_log $dir/error.log info;
	events { worker_connections 1024; }
	http {
	    access_log $dir/access.log;
	    client_body_temp_path $dir/tmp/body;
	    proxy_temp_path $dir/tmp/proxy;
	    fastcgi_temp_path $dir/tmp/fastcgi;
	    uwsgi_temp_path $dir/tmp/uwsgi;
	    scgi_temp_path $dir/tmp/scgi;
	    include $dir/websocket.conf;
	}
	EOF
	"$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" > "$dir/nginx.out" 2>&1 &
	nginx_pid=$!
	track "$nginx_pid"
	# Ready when the port accepts a connection; gone (bind failed) means try another port.
	for i in $(seq 100); do
		kill -0 "$nginx_pid" 2>/dev/null || break
		if "$php" -n -r "exit(@stream_socket_client('tcp://127.0.0.1:$port', \$e, \$s, 1) ? 0 : 1);" 2>/dev/null; then
			[ -n "$tls_port" ] && echo "TLS $tls_port"
			echo "READY $port"
			wait "$nginx_pid"
			say "nginx exited: $(tail -n 5 "$dir/error.log" 2>/dev/null)"
			exit 1
		fi
		sleep 0.05
	done
	say "nginx did not start on 127.0.0.1:$port (attempt $attempt): $(tail -n 3 "$dir/error.log" "$dir/nginx.out" 2>/dev/null | tr '\n' ' ')"
	stop_pid "$nginx_pid"
	nginx_pid=""
done
exit 1
