#!/usr/bin/env bash
# Idle memory per connection past one process's descriptor limit (issue #18).
#
#   bench/idle.sh [-n TOTAL] [-p PROCESSES] [-d HOLD_S] [--so PATH] [--port BASE] [--browser] [--churn N]
#
# RLIMIT_NOFILE stops one process (server or generator) short of 20,000 connections here, so TOTAL
# connections are spread over PROCESSES independent echo servers (bench/echo_server.php, a fresh process
# each, on ports BASE, BASE+1, ...), each with its own `bench/wsload idle` generator. All generators start
# together and hold their connections for HOLD_S seconds, so every connection is open at the same time
# while the servers' RSS is read. Each wsload line reports its server's RSS before connecting and once
# its connections are open and quiet; the last line is the sum of the growth over the sum of the open
# connections. Defaults: 100,000 connections over 6 processes (16,667 each), held 20 s. --browser: the
# generators send the handshake headers Chromium sends (a 419-byte head instead of 154; `wsload --browser`).
# --churn N: while its idle connections are held, each server also sees N other connections open, upgrade
# and close (`wsload storm`, 16 at a time), as a long-running server does; a second total, "after churn",
# is the servers' RSS read then, over the same connections.
set -u
cd "$(dirname "$0")/.."
TOTAL=100000 PROCS=6 HOLD=20 SO="$PWD/modules/websocket.so" BASE=19600 HEAD=() CHURN=0
while [ $# -gt 0 ]; do
    case $1 in
    -n) TOTAL=$2; shift 2 ;;
    -p) PROCS=$2; shift 2 ;;
    -d) HOLD=$2; shift 2 ;;
    --so) SO=$2; shift 2 ;;
    --port) BASE=$2; shift 2 ;;
    --browser) HEAD=(--browser); shift ;;
    --churn) CHURN=$2; shift 2 ;;
    *) echo "usage: $0 [-n TOTAL] [-p PROCESSES] [-d HOLD_S] [--so PATH] [--port BASE] [--browser] [--churn N]" >&2; exit 2 ;;
    esac
done
make -s -C bench wsload >/dev/null || exit 1 # a no-op when it is up to date
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
per=$((TOTAL / PROCS)); extra=$((TOTAL % PROCS))
for i in $(seq 0 $((PROCS - 1))); do
    n=$per; [ "$i" -lt "$extra" ] && n=$((n + 1))
    port=$((BASE + i))
    php -d extension="$SO" bench/echo_server.php "$port" $((n + 16)) >"$tmp/srv$i.log" 2>&1 &
    pids+=($!)
    echo "$n $port $!" >>"$tmp/plan"
done
for port in $(awk '{ print $2 }' "$tmp/plan"); do
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done
sleep 1
what="$TOTAL connections over $PROCS echo server processes ($SO), held ${HOLD} s"
[ ${#HEAD[@]} -gt 0 ] && what="$what, browser handshake headers"
[ "$CHURN" -gt 0 ] && what="$what, $CHURN more handshakes each while they are held"
echo "# $(date -u '+%F %T') UTC; $what"
gens=()
i=0
while read -r n port spid; do
    bench/wsload idle "${HEAD[@]}" --port "$port" -c "$n" -d "$HOLD" --server-pid "$spid" >"$tmp/gen$i.out" 2>&1 &
    gens+=($!)
    i=$((i + 1))
done <"$tmp/plan"
rc=0
if [ "$CHURN" -gt 0 ]; then
    # Once a server holds its idle connections (and the generator has read its RSS), churn beside them.
    while read -r n port spid; do
        for _ in $(seq 600); do
            [ "$(ls "/proc/$spid/fd" 2>/dev/null | wc -l)" -gt "$n" ] && break
            sleep 0.1
        done
    done <"$tmp/plan"
    sleep 2
    while read -r n port spid; do
        bench/wsload storm "${HEAD[@]}" --port "$port" -c 16 -n "$CHURN" -t 300 -q >"$tmp/churn$port.out" 2>&1 ||
            { echo "churn on port $port failed:"; tail -n 3 "$tmp/churn$port.out"; rc=1; }
        awk '/^VmRSS:/ { print $2 }' "/proc/$spid/status" >"$tmp/churn-rss$port"
    done <"$tmp/plan"
fi
for g in "${gens[@]}"; do wait "$g" || rc=1; done
for i in $(seq 0 $((PROCS - 1))); do
    echo "wsload $(grep -o 'open=.*kib_per_conn=[0-9.]*' "$tmp/gen$i.out" || { tail -n 3 "$tmp/gen$i.out"; rc=1; })"
done
cat "$tmp"/gen*.out | grep -o 'open=[0-9]* failed=[0-9]* rss_before_kib=[0-9]* rss_after_kib=[0-9]*' |
    awk -F'[ =]' '{ open += $2; failed += $4; grow += $8 - $6 }
        END { printf "total: open=%d failed=%d rss_growth_kib=%d kib_per_conn=%.3f\n", open, failed, grow, open ? grow / open : 0 }'
if [ "$CHURN" -gt 0 ]; then
    i=0
    while read -r n port spid; do
        before=$(grep -o 'rss_before_kib=[0-9]*' "$tmp/gen$i.out" | cut -d= -f2)
        open=$(grep -o ' open=[0-9]*' "$tmp/gen$i.out" | head -n1 | cut -d= -f2)
        echo "${open:-0} ${before:-0} $(cat "$tmp/churn-rss$port" 2>/dev/null || echo 0)"
        i=$((i + 1))
    done <"$tmp/plan" | awk '{ open += $1; grow += $3 - $2 }
        END { printf "after churn: open=%d rss_growth_kib=%d kib_per_conn=%.3f\n", open, grow, open ? grow / open : 0 }'
fi
exit $rc
