#!/usr/bin/env bash
# bench/http.sh: the HTTP side of the server (issue 11), measured and written to bench/HTTP.md with the machine,
# the commit, the load and the exact commands:
#   1. plain HTTP requests per second on one core (server pinned to CPU 0, bench/httpload on CPU 1), every
#      request a new connection (Connection: close), through onRequest (a PHP callback answering "ok\n"), through
#      health_path (answered in C, the same bytes) and through metrics_path, with the server's CPU per request;
#      the raw TCP floor (bench/tcp_echo: connect, 64 B echo, close) runs in the same rounds;
#   2. metrics_path scrapes, one after another, on an idle server and under echo load (bench/wsload echo, 100
#      connections x 16 in flight x 64 B, on the same server): their latency, and the count of PHP calls they
#      caused (bench/http_server.php counts its callbacks: onRequest must stay at 0 for the scrapes, and
#      onMessage must equal getStats()['messages_in']).
# It exits non-zero when a request failed, a figure is missing or a count does not match.
#
#   bench/http.sh                 full run: 5 rounds of 5 s per HTTP configuration, 3 rounds of 200 scrapes
#                                 under load (about 5 minutes on quiet CPUs; busy runs are repeated)
#   bench/http.sh --quick         a smoke run for CI (under 30 s): one 1 s round, 30 scrapes, no repeats
#   other options: --runs N (rounds), --out FILE (default bench/HTTP.md), --base-port N (uses N..N+2, default
#                  18120), --wait-quiet S (wait up to S s for CPUs 0 and 1 to be idle first; default 60, quick 3)
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WSLOAD="$BENCH/wsload"
HTTPLOAD="$BENCH/httpload"
TCPECHO="$BENCH/tcp_echo"
SO="$ROOT/modules/websocket.so"

QUICK=0
RUNS=""
OUT="$BENCH/HTTP.md"
BASE_PORT=18120
WAIT_QUIET=""
ARGS="$*"

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --out) OUT=$2; shift ;;
        --base-port) BASE_PORT=$2; shift ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "http.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

C=64            # requests in flight (each its own connection), as wsload's storm
ECHO_C=100      # echo connections during the scrapes
if [ "$QUICK" = 1 ]; then
    D=1; W=0.2; DEF_RUNS=1; SCRAPES=30; INTERVAL=10; ECHO_D=5; ECHO_W=0.3; SCRAPE_RUNS=1; RETRY_QUIET=0; TRIES=1
else
    D=5; W=1; DEF_RUNS=5; SCRAPES=200; INTERVAL=10; ECHO_D=12; ECHO_W=1; SCRAPE_RUNS=3; RETRY_QUIET=20; TRIES=3
fi
RUNS=${RUNS:-$DEF_RUNS}
case "$RUNS" in ''|*[!0-9]*) echo "http.sh: bad --runs" >&2; exit 2 ;; esac
[ "$RUNS" -ge 1 ] || { echo "http.sh: --runs must be >= 1" >&2; exit 2; }
case "$BASE_PORT" in ''|*[!0-9]*) echo "http.sh: bad --base-port" >&2; exit 2 ;; esac

PORT=$BASE_PORT               # the onRequest / health server
TCP_PORT=$((BASE_PORT + 1))   # the raw TCP floor
SPORT=$((BASE_PORT + 2))      # the server scraped under echo load

. "$BENCH/lib.sh"
bench_init http
IDLE_N=0
START=$(date +%s)

# ---------------------------------------------------------------- build, limits, load
# lib.sh's build_tools runs bench/Makefile's "all" (wsload, httpload, tcp_echo); the extension is never rebuilt
# here: when modules/websocket.so is missing (being rebuilt), wait for it (bounded)
for i in $(seq 1 60); do [ -f "$SO" ] && break; [ "$i" = 1 ] && log "waiting for $SO (being rebuilt?)"; sleep 2; done
[ -f "$SO" ] || die "$SO is missing (build it with scripts/build.sh)"
[ "$i" = 1 ] || sleep 3   # it just appeared: let the build finish writing it
build_tools
[ -x "$HTTPLOAD" ] && [ -x "$WSLOAD" ] && [ -x "$TCPECHO" ] || die "bench tools missing after make"
setup_limits
private_so
PHP=(php -d "extension=$SO_RUN")
SRV="$BENCH/http_server.php"

# the ports must be free: a probe would otherwise find someone else's server
for p in "$PORT" "$TCP_PORT" "$SPORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "127.0.0.1:$p is in use (use --base-port)"; fi
done

[ -n "$WAIT_QUIET" ] || { if [ "$QUICK" = 1 ]; then WAIT_QUIET=3; else WAIT_QUIET=60; fi; }
wait_quiet "$WAIT_QUIET"
TOP_OTHERS=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5' | head -5 | awk '{ printf "%s (%s%%) ", $2, $1 }')

shown() { # the arguments as a shell would need them (single quotes where needed), paths relative to the repository
    local a s=""
    for a in "$@"; do
        a=${a//"$ROOT/"/}
        if [[ $a =~ ^[A-Za-z0-9_./:=,+-]+$ ]]; then s+=" $a"; else s+=" '${a//\'/\'\\\'\'}'"; fi
    done
    echo "${s# }"
}

# busy_of LINE: 1 when, during that run, other processes took over 20% of CPU 0 beyond the server's share or of
# CPU 1 beyond the client's (lib.sh's gen judges wsload's runs the same way)
busy_of() {
    echo "$1" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
        END { b = 0
              if (("cpu0_busy_pct" in v) && ("server_cpu_pct" in v) && v["cpu0_busy_pct"] - v["server_cpu_pct"] > 20) b = 1
              if (("cpu1_busy_pct" in v) && v["cpu1_busy_pct"] - v["client_cpu_pct"] > 20) b = 1
              print b }'
}

# hgen NAME httpload-args...: run bench/httpload RUNS times on CPU 1, appending its line to $RAW; like lib.sh's
# gen, a run during which other processes took over 20% of CPU 0 or 1 is marked busy=1 and tried again (at most
# TRIES times in all)
hgen() {
    local name=$1; shift
    local i try line busy
    [ -n "${QUIET_CMD:-}" ] || CMDS+=("$name: ${GEN_CPU[*]} bench/httpload $(shown "$@")")
    for i in $(seq 1 "$RUNS"); do
        for try in $(seq 1 "$TRIES"); do
            line=$("${GEN_CPU[@]}" "$HTTPLOAD" "$@" --label "$name" 2>>"$LOGDIR/httpload.err" | grep '^httpload ')
            [ -n "$line" ] || line="httpload label=$name ok=0 errors=1"
            busy=$(busy_of "$line")
            line="$line busy=$busy${PAIR_IDX:+ pair=$PAIR_IDX}"
            echo "$line" >>"$RAW"
            log "$name #${PAIR_IDX:-$i}: $(echo "$line" | grep -oE ' (ok|busy)=[01]' | tr -d '\n') $(echo "$line" | grep -oE ' (requests_per_s|server_cpu_us_per_req|p50_us|p99_us|scrapes)=[^ ]+' | tr -d '\n')"
            [ "$busy" = 1 ] || break
            retry_wait "$try"
        done
    done
}

# start_ours PORT COUNTS: bench/http_server.php on CPU 0; checks that the process that answers is ours
start_ours() {
    start_server "$1" "${PHP[@]}" "$SRV" "$1" "$2"
    sleep 0.2
    kill -0 "$SERVER_PID" 2>/dev/null && grep -q "^READY $1\$" "$LOGDIR/servers.log" ||
        { tail -5 "$LOGDIR/servers.log" >&2; die "bench/http_server.php on port $1 did not start"; }
}

# counts FILE EXPR: a figure from the JSON bench/http_server.php wrote when it stopped (php without the extension)
counts() { php -r '$j = json_decode((string) @file_get_contents($argv[1]), true); if (!is_array($j)) exit(1);
    $v = $j; foreach (explode(".", $argv[2]) as $k) { if (!is_array($v) || !array_key_exists($k, $v)) exit(1); $v = $v[$k]; }
    echo is_array($v) ? json_encode($v) : $v, "\n";' "$1" "$2" 2>/dev/null; }

# sum_field NAME KEY: the sum of KEY over every line of NAME (retries and failed runs included)
sum_field() { grep " label=$1 " "$RAW" | grep -oE " $2=[0-9]+" | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }'; }

# ---------------------------------------------------------------- 1. requests per second on one core
COUNTS_A="$LOGDIR/counts-requests.json"
start_ours "$PORT" "$COUNTS_A"
A_PID=$SERVER_PID
CMDS+=("(stopped with SIGTERM after the runs: it then writes its PHP call counts and getStats() to the counts file)")
start_server "$TCP_PORT" "$TCPECHO" "$TCP_PORT" 3600
TCP_PID=$SERVER_PID
SERVER_PID=""
HARGS=(-c "$C" -d "$D" -w "$W" --expect-status 200 --expect-body 'ok\n')
MARGS=(-c "$C" -d "$D" -w "$W" --expect-status 200 --expect-type application/openmetrics-text)
for i in $(seq 1 "$RUNS"); do
    q=""; [ "$i" -gt 1 ] && q=1
    RUNS=1 QUIET_CMD=$q PAIR_IDX=$i hgen http_request http --port "$PORT" --path /hello "${HARGS[@]}" --server-pid "$A_PID"
    RUNS=1 QUIET_CMD=$q PAIR_IDX=$i hgen http_health http --port "$PORT" --path /health "${HARGS[@]}" --server-pid "$A_PID"
    RUNS=1 QUIET_CMD=$q PAIR_IDX=$i hgen http_metrics http --port "$PORT" --path /metrics "${MARGS[@]}" --server-pid "$A_PID"
    RUNS=1 QUIET_CMD=$q PAIR_IDX=$i gen tcp_storm storm -c "$C" -s 64 -d "$D" --raw --port "$TCP_PORT" --server-pid "$TCP_PID"
done
stop_pid "$A_PID"
stop_pid "$TCP_PID"

# ---------------------------------------------------------------- 2. metrics scrapes, idle and under echo load
COUNTS_B="$LOGDIR/counts-scrapes.json"
start_ours "$SPORT" "$COUNTS_B"
B_PID=$SERVER_PID
SERVER_PID=""
SARGS=(--port "$SPORT" --path /metrics -n "$SCRAPES" --interval "$INTERVAL" --expect-status 200
    --expect-type application/openmetrics-text
    --metric 'open=websocket_connections{state="open"}'
    --metric 'msgs_in=websocket_messages_total{direction="in"}'
    --metric 'scrapes=websocket_metrics_scrapes_total')
RUNS=1 hgen scrape_idle scrape "${SARGS[@]}" --server-pid "$B_PID"
# the scrapes start once the echo load is measuring (its warm-up and 0.5 s after), and must end before it does; a
# round during which other processes took CPU 0 or 1 (judged on the echo load's line) is tried again, as above
LEAD=$(awk -v w="$ECHO_W" 'BEGIN { print w + 0.5 }')
CMDS+=("scrape_echo_load: ${GEN_CPU[*]} bench/wsload echo -c $ECHO_C -f 16 -s 64 -d $ECHO_D -w $ECHO_W --port $SPORT --server-pid $B_PID --label scrape_echo_load   (in the background)")
CMDS+=("scrape_load: $LEAD s later, while the echo load runs: ${GEN_CPU[*]} bench/httpload $(shown scrape "${SARGS[@]}") --label scrape_load")
for i in $(seq 1 "$SCRAPE_RUNS"); do
    for try in $(seq 1 "$TRIES"); do
        "${GEN_CPU[@]}" "$WSLOAD" echo -c "$ECHO_C" -f 16 -s 64 -d "$ECHO_D" -w "$ECHO_W" --port "$SPORT" --server-pid "$B_PID" \
            --label scrape_echo_load >"$LOGDIR/echo.txt" 2>>"$LOGDIR/wsload.err" &
        EPID=$!
        PIDS+=("$EPID")
        sleep "$LEAD"
        sline=$("${GEN_CPU[@]}" "$HTTPLOAD" scrape "${SARGS[@]}" --label scrape_load 2>>"$LOGDIR/httpload.err" | grep '^httpload ')
        [ -n "$sline" ] || sline="httpload label=scrape_load ok=0 errors=1"
        # the echo load must still be running (not a zombie, which kill -0 would also find)
        state=$(sed 's/.*) //' "/proc/$EPID/stat" 2>/dev/null | cut -d' ' -f1)
        if [ -z "$state" ] || [ "$state" = Z ]; then
            log "the echo load ended before the scrapes did: those scrapes were not all under load"
            echo "httpload label=scrape_load_check ok=0 errors=1 note=echo_load_ended_before_the_scrapes" >>"$RAW"
        fi
        wait "$EPID"
        eline=$(grep '^wsload ' "$LOGDIR/echo.txt")
        [ -n "$eline" ] || eline="wsload label=scrape_echo_load ok=0 errors=1"
        busy=$(busy_of "$eline")
        echo "$sline busy=$busy pair=$i" >>"$RAW"
        echo "$eline busy=$busy pair=$i" >>"$RAW"
        log "scrape_load #$i: $(echo "$sline" | grep -oE ' (ok|p50_us|p99_us|open_min)=[^ ]+' | tr -d '\n') busy=$busy; echo load$(echo "$eline" | grep -oE ' (ok|msgs_per_s)=[^ ]+' | tr -d '\n')"
        [ "$busy" = 1 ] || break
        retry_wait "$try"
    done
done
stop_pid "$B_PID"

# ---------------------------------------------------------------- figures and checks
PROBLEMS=()
need() { [ -n "$2" ] || PROBLEMS+=("figure missing: $1"); }
# agree DESCRIPTION A B: A and B must be the same number
agree() { [ -n "$2" ] && [ -n "$3" ] && [ "$2" = "$3" ] || PROBLEMS+=("$1: $2 against $3"); }

# fig PREFIX NAME: the medians of the request figures of configuration NAME into PREFIX_RPS, _CPU, ...
fig() {
    local k
    printf -v "$1_RPS" '%s' "$(med "$2" requests_per_s)"
    printf -v "$1_CPU" '%s' "$(med "$2" server_cpu_us_per_req)"
    printf -v "$1_SCH" '%s' "$(med "$2" server_sched_us_per_req)"
    printf -v "$1_P50" '%s' "$(med "$2" p50_us)"
    printf -v "$1_P99" '%s' "$(med "$2" p99_us)"
    printf -v "$1_SRV" '%s' "$(med "$2" server_cpu_pct)"
    printf -v "$1_CLI" '%s' "$(med "$2" client_cpu_pct)"
    printf -v "$1_BYTES" '%s' "$(med "$2" response_bytes)"
    k=$1_CPU; printf -v "$1_CORE" '%s' "$(awk -v x="${!k}" 'BEGIN { if (x > 0) printf "%.0f\n", 1e6 / x }')"
    k=$1_RPS; need "$2 requests/s" "${!k}"
    k=$1_CPU; need "$2 server CPU per request" "${!k}"
}
fig REQ http_request
fig HC http_health
fig MT http_metrics
FL_RPS=$(med tcp_storm handshakes_per_s);        need "raw TCP floor cycles/s" "$FL_RPS"
FL_CPU=$(med tcp_storm server_cpu_us_per_handshake); need "raw TCP floor server CPU per cycle" "$FL_CPU"
FL_CORE=$(awk -v x="$FL_CPU" 'BEGIN { if (x > 0) printf "%.0f\n", 1e6 / x }')
R_REQ=$(pair_ratio http_request http_health server_cpu_us_per_req)
R_MT=$(pair_ratio http_metrics http_health server_cpu_us_per_req)

# sel NAME: the lines med() takes its medians from (the ok runs on quiet CPUs, or all ok runs when none is)
sel() {
    local l
    l=$(grep " label=$1 " "$RAW" | grep ' ok=1' | grep ' busy=0')
    [ -n "$l" ] || l=$(grep " label=$1 " "$RAW" | grep ' ok=1')
    echo "$l"
}
SI_P50=$(med scrape_idle p50_us); need "idle scrape p50" "$SI_P50"
SI_P99=$(med scrape_idle p99_us); need "idle scrape p99" "$SI_P99"
SI_MAX=$(med scrape_idle max_us)
SL_P50=$(med scrape_load p50_us); need "scrape p50 under echo load" "$SL_P50"
SL_P99=$(med scrape_load p99_us); need "scrape p99 under echo load" "$SL_P99"
SL_MAX=$(sel scrape_load | grep -oE ' max_us=[0-9.]+' | cut -d= -f2 | sort -g | tail -1)
SL_N=$(sel scrape_load | grep -c .)
PAGE=$(med scrape_idle page_bytes_max)
EL_RPS=$(med scrape_echo_load msgs_per_s); need "echo messages/s during the scrapes" "$EL_RPS"
EL_SRV=$(med scrape_echo_load server_cpu_pct)
EL_CLI=$(med scrape_echo_load client_cpu_pct)
# every scrape under load (retried rounds included) saw the 100 echo connections open
OPEN_MIN=$(grep ' label=scrape_load ' "$RAW" | grep -oE ' open_min=[0-9.]+' | cut -d= -f2 | sort -g | head -1)
OPEN_RUNS=$(grep -c ' label=scrape_load .* open_min=' "$RAW")
SL_RUNS=$(nruns scrape_load)
need "open connections seen by the scrapes under load" "$OPEN_MIN"
if [ -n "$OPEN_MIN" ] && { [ "$OPEN_RUNS" != "$SL_RUNS" ] || [ "$OPEN_MIN" != "$ECHO_C" ]; }; then
    PROBLEMS+=("a scrape under load saw $OPEN_MIN open connections instead of $ECHO_C (the sample in $OPEN_RUNS of $SL_RUNS runs)")
fi
# the messages the pages counted per second, first to last scrape of a run
MSGS_DURING=$(sel scrape_load | awk '{ f = ""; l = ""; e = ""
    for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "msgs_in_first") f = kv[2]; else if (kv[1] == "msgs_in_last") l = kv[2]; else if (kv[1] == "elapsed_s") e = kv[2] }
    if (f != "" && l != "" && e > 0) print (l - f) / e }' | sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.0f\n", v[int((NR + 1) / 2)] }')

# the PHP calls: from the counts each server wrote when it stopped
A_ONREQ=$(counts "$COUNTS_A" php_calls.onRequest); need "onRequest calls (requests server)" "$A_ONREQ"
A_HC=$(counts "$COUNTS_A" stats.health_checks);     need "health_checks (requests server)" "$A_HC"
A_MS=$(counts "$COUNTS_A" stats.metrics_scrapes);   need "metrics_scrapes (requests server)" "$A_MS"
A_REFUSED=$(counts "$COUNTS_A" stats.refused)
REQ_SENT=$(sum_field http_request total_ok)
HC_SENT=$(sum_field http_health total_ok)
MT_SENT=$(sum_field http_metrics total_ok)
agree "onRequest calls against /hello requests answered" "$A_ONREQ" "$REQ_SENT"
agree "health_checks against /health requests answered" "$A_HC" "$HC_SENT"
agree "metrics_scrapes against /metrics requests answered" "$A_MS" "$MT_SENT"
B_ONREQ=$(counts "$COUNTS_B" php_calls.onRequest);  need "onRequest calls (scraped server)" "$B_ONREQ"
B_ONMSG=$(counts "$COUNTS_B" php_calls.onMessage);  need "onMessage calls" "$B_ONMSG"
B_MIN=$(counts "$COUNTS_B" stats.messages_in);      need "messages_in" "$B_MIN"
B_SCR=$(counts "$COUNTS_B" stats.metrics_scrapes);  need "metrics_scrapes" "$B_SCR"
B_OPEN=$(counts "$COUNTS_B" php_calls.onOpen)
SCR_SENT=$(( $(sum_field scrape_idle total_ok) + $(sum_field scrape_load total_ok) ))
agree "onRequest calls on the scraped server" "$B_ONREQ" 0
agree "onMessage calls against getStats()['messages_in']" "$B_ONMSG" "$B_MIN"
agree "metrics_scrapes against scrapes answered" "$B_SCR" "$SCR_SENT"
[ -z "$B_ONMSG" ] || [ "$B_ONMSG" -gt 0 ] || PROBLEMS+=("no echo message reached the scraped server")
PHP_PER_SCRAPE=""
[ -n "$B_ONREQ" ] && [ -n "$B_SCR" ] && [ "$B_SCR" -gt 0 ] && PHP_PER_SCRAPE=$(awk -v a="$B_ONREQ" -v b="$B_SCR" 'BEGIN { printf "%g\n", a / b }')

# ---------------------------------------------------------------- HTTP.md
medv() { local x; x=$(med "$1" "$2"); echo "${x:-n/a}"; }
cpu_use() {
    echo "Medians over each configuration's runs: the client's share of CPU 1 (bench/httpload; bench/wsload for the floor"
    echo "and the echo load), the server's share of CPU 0, and how busy CPUs 0 and 1 were in all (beyond those shares: the"
    echo "kernel's loopback work in softirq, and other processes on the machine):"
    echo
    local name q
    for name in $(grep -oE ' label=[^ ]+' "$RAW" | cut -d= -f2 | awk '!seen[$0]++'); do
        q=""
        case $name in scrape_load_check) ;; *) q=", $(nclean "$name") of them on quiet CPUs" ;; esac
        echo "- $name: client $(medv "$name" client_cpu_pct)%, server $(medv "$name" server_cpu_pct)%, CPU 0 busy $(medv "$name" cpu0_busy_pct)%, CPU 1 busy $(medv "$name" cpu1_busy_pct)%; $(nok "$name") of $(nruns "$name") run(s) ok$q"
    done
}
MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY_EXT=$(git -C "$ROOT" status --porcelain -- src config.m4 php_websocket.h websocket.c 2>/dev/null | awk '{ print $2 }' | paste -sd' ')
DIRTY_BENCH=$(git -C "$ROOT" status --porcelain -- bench/lib.sh bench/wsload.c bench/tcp_echo.c bench/Makefile bench/http.sh bench/httpload.c bench/http_server.php 2>/dev/null | awk '{ print $2 }' | paste -sd' ')
ELAPSED=$(( $(date +%s) - START ))
us() { [ -n "$1" ] && awk -v x="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f\n", d, x }' || echo n/a; }
ms() { [ -n "$1" ] && awk -v x="$1" 'BEGIN { printf "%.2f\n", x / 1000 }' || echo n/a; }
row() { echo "| $1 | $2 | $3 |"; }

{
    echo "# ext-websocket: the HTTP side (onRequest, health_path, metrics_path)"
    echo
    echo "Written by \`bench/http.sh${ARGS:+ $ARGS}\` on $(date -u '+%Y-%m-%d %H:%M UTC') in ${ELAPSED} s. The request figures are medians over $RUNS round(s) (a round: onRequest, health_path, metrics_path, then the raw TCP floor, seconds apart; $D s measured after $W s of warm-up each); the scrape figures, over $SCRAPE_RUNS round(s) of $SCRAPES scrapes under echo load, after one run of $SCRAPES on the idle server. A run during which other processes took more than 20% of CPU 0 or 1 beyond the server's and the client's own shares is marked busy=1 and repeated$( [ "$TRIES" -gt 1 ] && echo " (at most $((TRIES - 1)) more times, after waiting up to $RETRY_QUIET s for quiet CPUs)" || echo " (not in --quick runs)"), and the medians use the runs on quiet CPUs when there are any (how many there were: under CPU use below)."
    echo
    echo "- machine: $NCPU CPU(s), $MODEL, kernel $(uname -r), $(php -r 'echo "PHP ", PHP_VERSION;' 2>/dev/null); shared with other users' work"
    echo "- commit: $COMMIT${DIRTY_EXT:+ (with uncommitted changes in the extension sources: $DIRTY_EXT)}${DIRTY_BENCH:+ (bench/ files not in that commit or changed since: $DIRTY_BENCH)}; modules/websocket.so built $SO_DATE, run from a private copy"
    echo "- load: $QUIET_NOTE${TOP_OTHERS:+; busiest processes at the start: $TOP_OTHERS}"
    echo "- server: \`bench/http_server.php\`, one process pinned to CPU 0: \`onRequest\` (for \`/hello\`) answers \`ok\\n\` with \`Content-Type: text/plain; charset=utf-8\` (${REQ_BYTES:-?} bytes in all), the same size as the C answer on \`health_path\` \`/health\` (${HC_BYTES:-?} bytes); \`metrics_path\` is \`/metrics\` (${MT_BYTES:-?} bytes); \`onMessage\` echoes; it counts its own PHP callbacks"
    echo "- client: \`bench/httpload\` (C, one thread, epoll), pinned to CPU 1: $C requests in flight, each on a new connection (connect, one GET, the answer read up to the server's EOF, close: the server answers with \`Connection: close\`, no keep-alive), every answer checked (status, \`Connection: close\`, \`Content-Length\` against the body, the body or the Content-Type); latency = connect to EOF. All traffic over 127.0.0.1"
    echo "- server CPU = utime+stime of the server process from /proc/PID/stat over the measured interval (clock ticks of $(getconf CLK_TCK 2>/dev/null || echo 100) Hz), divided by the requests answered in it; \"one core would sustain\" = 10^6 / that: what the server would answer with CPU 0 to itself, while the measured rate is set by the client's one core, which also carries much of the kernel's loopback work"
    echo
    DIRTY_CFGS=""
    for name in http_request http_health http_metrics tcp_storm scrape_idle scrape_load; do
        [ "$(nclean "$name")" -gt 0 ] || DIRTY_CFGS="$DIRTY_CFGS $name"
    done
    if [ "${QUIET_OK:-0}" = 0 ] || [ -n "$DIRTY_CFGS" ]; then
        echo "**Other processes kept CPUs 0 and 1 busy during this run**${DIRTY_CFGS:+ (no run on quiet CPUs for:$DIRTY_CFGS)}: requests/s"
        echo "and latencies are then set by that load as much as by the server; the server-CPU-per-request figures hold up"
        echo "better, since they count only the server's own CPU time."
        echo
    fi
    echo "## Plain HTTP requests on one core"
    echo
    echo "| figure | onRequest (PHP callback) | health_path (C, no PHP) | metrics_path (C, no PHP) |"
    echo "| --- | --- | --- | --- |"
    echo "| requests/s, $C in flight, a new connection each | $(fmt "$REQ_RPS") | $(fmt "$HC_RPS") | $(fmt "$MT_RPS") |"
    echo "| server CPU per request (µs) | $(us "$REQ_CPU" 1) | $(us "$HC_CPU" 1) | $(us "$MT_CPU" 1) |"
    echo "| requests/s one server core would sustain (10^6 / the line above) | $(fmt "$REQ_CORE") | $(fmt "$HC_CORE") | $(fmt "$MT_CORE") |"
    echo "| the same CPU per request from /proc/PID/schedstat (ns clock, µs) | $(us "$REQ_SCH" 1) | $(us "$HC_SCH" 1) | $(us "$MT_SCH" 1) |"
    echo "| server CPU per request / health_path's (median over the rounds) | ${R_REQ:-n/a} | 1 | ${R_MT:-n/a} |"
    echo "| latency p50 / p99 (ms, connect to EOF, $C in flight) | $(ms "$REQ_P50") / $(ms "$REQ_P99") | $(ms "$HC_P50") / $(ms "$HC_P99") | $(ms "$MT_P50") / $(ms "$MT_P99") |"
    echo "| server's share of CPU 0 / client's share of CPU 1 (%) | $(us "$REQ_SRV" 0) / $(us "$REQ_CLI" 0) | $(us "$HC_SRV" 0) / $(us "$HC_CLI" 0) | $(us "$MT_SRV" 0) / $(us "$MT_CLI" 0) |"
    echo
    echo "The raw TCP floor in the same rounds (\`bench/tcp_echo\`, the floor of \`bench/run.sh\`'s storm: connect, a 64 B"
    echo "echo, close, $C at a time, no HTTP at all): $(fmt "$FL_RPS") cycles/s, server CPU $(us "$FL_CPU" 1) µs per cycle ($(fmt "$FL_CORE")/s on one core)."
    echo "Most of a plain request's cost is that TCP connection (accept, a read, a write, the close), which every column pays."
    echo
    echo "## A metrics scrape under echo load"
    echo
    echo "\`bench/httpload scrape\`: one \`GET /metrics\` at a time, each on a new connection, ${INTERVAL} ms after the last one ended, from"
    echo "CPU 1. Under load, \`bench/wsload echo\` runs against the same server at the same time ($ECHO_C connections x 16 messages in"
    echo "flight x 64 B), on CPU 1 too: the scraper shares that core with the load generator, so its latency includes"
    echo "waiting for CPU 1 as well as for the server. Every page is checked (200, the OpenMetrics content type,"
    echo "\`Content-Length\`, the closing \`# EOF\`) and three samples are read from it. A scrape takes two turns of the server's"
    echo "event loop (one accepts the connection, the next reads the request, builds the page in C and writes it); under"
    echo "the echo load each turn also serves every echo connection that is ready, so a scrape waits about two such turns:"
    echo "no PHP runs for it, but it shares the loop with the traffic."
    echo
    echo "| figure | value |"
    echo "| --- | --- |"
    echo "| scrape latency on the idle server, p50 / p99 / max (µs, $SCRAPES scrapes) | $(us "$SI_P50") / $(us "$SI_P99") / $(us "$SI_MAX") |"
    echo "| scrape latency under echo load, p50 / p99 (µs; medians over ${SL_N:-0} round(s) of $SCRAPES scrapes) | $(us "$SL_P50") / $(us "$SL_P99") |"
    echo "| the slowest scrape under load in those rounds (µs) | $(us "$SL_MAX") |"
    echo "| echo messages/s meanwhile (wsload over its whole run) / the server's share of CPU 0 / wsload's of CPU 1 | $(fmt "$EL_RPS") / $(us "$EL_SRV" 0)% / $(us "$EL_CLI" 0)% |"
    echo "| messages/s the pages show (websocket_messages_total{direction=\"in\"}, first to last page of a round) | $(fmt "$MSGS_DURING") |"
    echo "| open connections every scrape under load saw (the least websocket_connections{state=\"open\"}) | ${OPEN_MIN:-n/a} (of $ECHO_C) |"
    echo "| page size (bytes) | ${PAGE:-n/a} |"
    echo
    echo "## PHP calls"
    echo
    echo "\`bench/http_server.php\` counts its callbacks and writes the counts with \`getStats()\` when it stops (SIGTERM):"
    echo
    echo "| server | what the clients did (every run, retries included) | PHP callbacks counted | the engine's counts |"
    echo "| --- | --- | --- | --- |"
    echo "| requests server | $(fmt "$REQ_SENT") \`GET /hello\`, $(fmt "$HC_SENT") \`GET /health\` and $(fmt "$MT_SENT") \`GET /metrics\` answered | onRequest: $(fmt "$A_ONREQ") | health_checks: $(fmt "$A_HC"); metrics_scrapes: $(fmt "$A_MS") |"
    echo "| scraped server | $(fmt "$SCR_SENT") \`GET /metrics\` answered, most under echo load ($ECHO_C connections at a time, $(fmt "$B_OPEN") opened in all) | onRequest: $(fmt "$B_ONREQ"); onMessage: $(fmt "$B_ONMSG") | metrics_scrapes: $(fmt "$B_SCR"); messages_in: $(fmt "$B_MIN") |"
    echo
    echo "So the health checks and the scrapes made no PHP call: onRequest is set on both servers, and it ran once per"
    echo "\`/hello\` request and never for \`/health\` or \`/metrics\` (${PHP_PER_SCRAPE:-n/a} calls for the ${SCR_SENT} scrapes under echo load); onMessage"
    echo "ran exactly once per message the engine received (the only other callbacks: onOpen and onClose of the echo"
    echo "connections)."
    echo
    if [ "${#PROBLEMS[@]}" -gt 0 ]; then
        echo "## PROBLEMS"
        echo
        printf -- '- %s\n' "${PROBLEMS[@]}"
        echo
    fi
    echo "## CPU use"
    echo
    cpu_use
    [ -z "$A_REFUSED" ] || [ "$A_REFUSED" = "[]" ] || { echo; echo "Requests server refusals by status: $A_REFUSED"; }
    if [ "$QUICK" = 1 ]; then
        echo
        echo "This was a --quick run ($D s intervals, $SCRAPES scrapes): a smoke test, not the figures to quote."
    fi
    echo
    echo "## Command lines"
    echo
    echo '```'
    echo "bench/http.sh${ARGS:+ $ARGS}    # SCRATCH below: its scratch directory, removed at the end"
    for c in "${CMDS[@]}"; do echo "${c//"$LOGDIR"/\$SCRATCH}"; done
    echo '```'
    echo
    echo "## Every run (machine-readable lines of bench/httpload and bench/wsload)"
    echo
    echo '```'
    cat "$RAW"
    echo '```'
    for f in httpload.err wsload.err; do
        [ -s "$LOGDIR/$f" ] || continue
        echo
        echo "## Errors reported by ${f%.err}"
        echo
        echo '```'
        sort "$LOGDIR/$f" | uniq -c | sort -rn | head -20
        echo '```'
    done
} >"$OUT"

for p in "${PROBLEMS[@]}"; do log "PROBLEM: $p"; done
finish; rc=$?
[ "${#PROBLEMS[@]}" = 0 ] && [ "$rc" = 0 ] || exit 1
log "done in $(( $(date +%s) - START )) s"
