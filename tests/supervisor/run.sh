#!/usr/bin/env bash
# tests/supervisor/run.sh: the chat example with 2 workers under a real supervisord, configured by
# examples/supervisor/websocket.conf (issue 10); and examples/systemd/websocket.service checked as far as this
# machine can (systemd does not run here).
#
#   tests/supervisor/run.sh
#
# One line per check, "check supervisor NAME OK (...)" or "check supervisor NAME FAILED: ...", then
# "supervisor: N passed, M failed"; the exit status is non-zero on any failure. Everything lives in a temp dir:
# a supervisord.conf made of the example's [program:websocket] section (paths, port and log files rewritten,
# WS_WORKERS=2, no user= since the test runs as whoever runs it) plus supervisord's own sections with its unix
# socket, pidfile and logs there. supervisord runs in the foreground (-n) as a child of this script and is
# stopped, then killed with everything it started, at the end whatever happens. Every wait is bounded; servers
# and clients use 127.0.0.1 only. The checks with clients are in scenario.py (Python `websockets`).
#
# Needs: php, modules/websocket.so (built), Debian's supervisor and python3-websockets (installed with apt-get
# when missing, as root, no service started). WSS_KEEP=1 keeps the temp dir.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ext="$root/modules/websocket.so"
example="$root/examples/supervisor/websocket.conf"
unit="$root/examples/systemd/websocket.service"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ws-supervisor.XXXXXX")
passed=0
failed=0
sup_pid=""

# supervisord and every process group it started: SIGTERM to supervisord (it stops its programs), then SIGKILL
# to whatever is left.
stop_supervisord() {
	[ -n "$sup_pid" ] || return 0
	local groups="" p
	for p in $(pgrep -P "$sup_pid" 2>/dev/null); do groups="$groups $(ps -o pgid= -p "$p" 2>/dev/null)"; done
	kill -TERM "$sup_pid" 2>/dev/null
	for _ in $(seq 200); do kill -0 "$sup_pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$sup_pid" 2>/dev/null
	for p in $groups; do [ "$p" -gt 1 ] && kill -KILL -- "-$p" 2>/dev/null; done
	wait "$sup_pid" 2>/dev/null
	sup_pid=""
}

cleanup() {
	stop_supervisord
	if [ "${WSS_KEEP:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

ok() { echo "check supervisor $1 OK${2:+ ($2)}"; passed=$((passed + 1)); }
bad() { echo "check supervisor $1 FAILED: $2"; failed=$((failed + 1)); }
finish() {
	echo "supervisor: $passed passed, $failed failed"
	[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
	exit
}

# ------------------------------------------------------------------------------------------------ prerequisites

apt_ensure() {
	local missing="" p made=0 rc
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || { echo "run as root, or: apt-get install$missing"; return 1; }
	# No service starts meanwhile (Debian's supervisor package would start the system's supervisord).
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -qq > "$tmp/apt.log" 2>&1 &&
		DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends $missing >> "$tmp/apt.log" 2>&1
	rc=$?
	[ "$made" = 1 ] && rm -f /usr/sbin/policy-rc.d
	[ "$rc" = 0 ] || tail -n 20 "$tmp/apt.log"
	return $rc
}

if out=$(apt_ensure supervisor python3-websockets 2>&1) && command -v supervisord > /dev/null &&
	/usr/bin/python3 -c 'import websockets' 2> /dev/null; then
	ok "prerequisites" "$(supervisord --version 2>/dev/null | sed 's/^/supervisor /'), python3-websockets"
else
	bad "prerequisites" "expected Debian's supervisor and python3-websockets, got: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	finish
fi
if [ ! -f "$ext" ]; then
	bad "extension" "expected $ext (build it first: scripts/build.sh)"
	finish
fi
# The servers load a private copy: a rebuild of modules/websocket.so while one has it mapped would crash it.
cp "$ext" "$tmp/websocket.so"
php_cmd="$(command -v php) -d extension=$tmp/websocket.so"

# ------------------------------------------------------------------------------------------------ the examples

# The example's stop settings: SIGTERM (the server's graceful stop), the whole process group, and longer than
# shutdown_timeout (5 s) plus the master's 5 s grace before it kills a worker still draining.
setting() { sed -nE "s/^$2[[:space:]]*=[[:space:]]*(.*)$/\1/p" "$1" | tail -n1; }
problems=""
[ "$(setting "$example" stopsignal)" = TERM ] || problems="$problems stopsignal is not TERM;"
[ "$(setting "$example" stopasgroup)" = true ] || problems="$problems stopasgroup is not true;"
[ "$(setting "$example" killasgroup)" = true ] || problems="$problems killasgroup is not true;"
stopwait=$(setting "$example" stopwaitsecs)
[ -n "$stopwait" ] && [ "$stopwait" -gt 10 ] 2>/dev/null || problems="$problems stopwaitsecs '$stopwait' is not above 10 s;"
setting "$example" command | grep -q 'examples/chat/server.php' || problems="$problems the command does not run examples/chat/server.php;"
if [ -z "$problems" ]; then
	ok "examples/supervisor/websocket.conf: stop settings" "stopsignal=TERM, stopwaitsecs=$stopwait, stopasgroup and killasgroup"
else
	bad "examples/supervisor/websocket.conf: stop settings" "$problems"
fi

# The systemd unit: its settings, and systemd-analyze verify (it runs without systemd running) has nothing to say.
problems=""
[ "$(setting "$unit" Type)" = notify ] || problems="$problems Type is not notify;"
case "$(setting "$unit" KillMode)" in mixed|control-group) ;; *) problems="$problems KillMode is not mixed or control-group;" ;; esac
[ "$(setting "$unit" KillSignal)" = SIGTERM ] || problems="$problems KillSignal is not SIGTERM;"
t=$(setting "$unit" TimeoutStopSec)
[ -n "$t" ] && [ "$t" -gt 10 ] 2>/dev/null || problems="$problems TimeoutStopSec '$t' is not above 10 s;"
[ -n "$(setting "$unit" LimitNOFILE)" ] || problems="$problems no LimitNOFILE;"
[ "$(setting "$unit" Restart)" = on-failure ] || problems="$problems Restart is not on-failure;"
setting "$unit" ExecReload | grep -q -- '-HUP \$MAINPID' || problems="$problems ExecReload does not send SIGHUP to the main process;"
note=""
if command -v systemd-analyze > /dev/null; then
	mkdir -p "$tmp/systemd"
	sed "s#/srv/ext-websocket#$root#g" "$unit" > "$tmp/systemd/websocket.service"
	verify=$(cd "$tmp/systemd" && timeout 60 systemd-analyze verify --man=no websocket.service 2>&1)
	[ -z "$verify" ] || problems="$problems systemd-analyze verify: $(echo "$verify" | tr '\n' ' ');"
	note="; systemd-analyze verify: clean"
fi
if [ -z "$problems" ]; then
	ok "examples/systemd/websocket.service" "Type=notify, KillMode=$(setting "$unit" KillMode), TimeoutStopSec=$t, LimitNOFILE=$(setting "$unit" LimitNOFILE)$note"
else
	bad "examples/systemd/websocket.service" "$problems"
fi

# ------------------------------------------------------------------------------------------------ supervisord

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
conf="$tmp/supervisord.conf"
{
	cat <<-EOF
	[unix_http_server]
	file=$tmp/supervisor.sock
	chmod=0700

	[supervisord]
	nodaemon=true
	logfile=$tmp/supervisord.log
	pidfile=$tmp/supervisord.pid
	childlogdir=$tmp
	loglevel=info

	[rpcinterface:supervisor]
	supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

	[supervisorctl]
	serverurl=unix://$tmp/supervisor.sock

	EOF
	# The example's section, as a user would adapt it: this checkout, a free port, the private extension, logs
	# in the temp dir, 2 workers; user= dropped (the test runs as root and the temp dir is private).
	sed -E -e "s#^command=/usr/bin/php #command=$php_cmd #" -e "s#/srv/ext-websocket#$root#g" \
		-e "/^command=/s# 8081 127\\.0\\.0\\.1\$# $port 127.0.0.1#" -e '/^user=/d' \
		-e 's#^environment=WS_WORKERS="1"#environment=WS_WORKERS="2"#' -e "s#/var/log/supervisor/#$tmp/#" "$example"
} > "$conf"
problems=""
grep -q "^command=$php_cmd .*$root/examples/chat/server.php $port 127.0.0.1\$" "$conf" || problems="$problems the command line was not rewritten;"
grep -q '^environment=WS_WORKERS="2"' "$conf" || problems="$problems WS_WORKERS was not set to 2;"
grep -q "^stderr_logfile=$tmp/websocket.err.log\$" "$conf" || problems="$problems the log files were not moved;"
if [ -n "$problems" ]; then
	bad "supervisord.conf from the example" "$problems (the example's lines changed: update this script)"
	finish
fi

supervisord -n -c "$conf" > "$tmp/supervisord.out" 2>&1 &
sup_pid=$!
up=""
for _ in $(seq 100); do
	kill -0 "$sup_pid" 2>/dev/null || break
	if timeout 10 supervisorctl -c "$conf" status websocket 2>/dev/null | grep -q RUNNING && grep -q "^READY $port\$" "$tmp/websocket.out.log" 2>/dev/null; then
		up=1
		break
	fi
	sleep 0.2
done
if [ -n "$up" ]; then
	ok "supervisord starts the example (RUNNING, READY $port)"
else
	bad "supervisord starts the example" "expected RUNNING and 'READY $port' within 20 s, got: $(timeout 10 supervisorctl -c "$conf" status 2>&1 | tr '\n' ' ') / $(tail -n 5 "$tmp/supervisord.out" "$tmp/websocket.err.log" 2>/dev/null | tr '\n' ' ')"
	finish
fi

# ------------------------------------------------------------------------------------------------ the scenario

WSS_CONF=$conf WSS_PORT=$port WSS_ERRLOG=$tmp/websocket.err.log WSS_SUPLOG=$tmp/supervisord.log \
WSS_STOPWAIT=$stopwait WSS_PHP=$php_cmd WSS_TMP=$tmp WSS_ROOT=$root \
	timeout -k 5 200 /usr/bin/python3 "$here/scenario.py" > "$tmp/scenario.out" 2> "$tmp/scenario.err"
rc=$?
cat "$tmp/scenario.out"
p=$(grep -c '^check supervisor .* OK' "$tmp/scenario.out")
f=$(grep -c '^check supervisor .* FAILED' "$tmp/scenario.out")
passed=$((passed + p))
failed=$((failed + f))
if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
	bad "scenario" "expected exit status 0, got $rc$([ "$rc" = 124 ] && echo ' (timed out after 200 s)')"
fi
if [ "$f" != 0 ] || [ "$rc" != 0 ]; then
	tail -n 20 "$tmp/scenario.err" | sed 's/^/  stderr: /'
	echo "  the program's stderr (last lines):"
	tail -n 25 "$tmp/websocket.err.log" | sed 's/^/  /'
	echo "  supervisord's log (last lines):"
	tail -n 10 "$tmp/supervisord.log" | sed 's/^/  /'
fi

# supervisord itself stops cleanly (SIGTERM: it stops its programs, then exits 0).
kill -TERM "$sup_pid"
for _ in $(seq 200); do kill -0 "$sup_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$sup_pid" 2>/dev/null; then
	bad "supervisord stops" "still running 20 s after SIGTERM"
else
	wait "$sup_pid"
	rc=$?
	sup_pid=""
	[ "$rc" = 0 ] && ok "supervisord stops" || bad "supervisord stops" "exit status $rc"
fi
finish
