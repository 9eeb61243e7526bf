#!/usr/bin/env bash
# ext-websocket benchmark suite: builds what it needs, runs every mode of bench/wsload against the
# extension's example servers (pinned to CPU 0) and the raw TCP floor bench/tcp_echo, with the
# generator pinned to CPU 1, takes medians over the runs, and writes bench/RESULTS.md.
#
#   bench/run.sh                  full run (each mode 3 times)
#   bench/run.sh --quick          short durations, small idle/broadcast counts (a CI smoke run, < 60 s)
#   bench/run.sh --port P [--server-pid PID] [--broadcast-port P2]
#                                 run the WebSocket modes against some other server already listening on
#                                 127.0.0.1:P (side-by-side comparisons); writes bench/RESULTS-port-P.md
#   other options: --runs N, --modes "echo echo64k latency large storm idle broadcast", --out FILE,
#                  --base-port N (ports the suite's own servers use, default 18080..18083),
#                  --wait-quiet S (wait up to S seconds for CPUs 0 and 1 to be idle first; default 60, quick 3)
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WSLOAD="$BENCH/wsload"
TCPECHO="$BENCH/tcp_echo"
SO="$ROOT/modules/websocket.so"

QUICK=0
RUNS=3
EXT_PORT=""
EXT_PID=""
EXT_BPORT=""
OUT=""
BASE_PORT=18080
WAIT_QUIET=""
MODES="echo echo64k latency large storm idle broadcast"

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --port) EXT_PORT=$2; shift ;;
        --server-pid) EXT_PID=$2; shift ;;
        --broadcast-port) EXT_BPORT=$2; shift ;;
        --modes) MODES=$2; shift ;;
        --out) OUT=$2; shift ;;
        --base-port) BASE_PORT=$2; shift ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in ''|*[!0-9]*) echo "run.sh: bad --runs" >&2; exit 2 ;; esac
[ "$RUNS" -ge 1 ] || { echo "run.sh: --runs must be >= 1" >&2; exit 2; }

if [ -z "$OUT" ]; then
    if [ -n "$EXT_PORT" ]; then OUT="$BENCH/RESULTS-port-$EXT_PORT.md"; else OUT="$BENCH/RESULTS.md"; fi
fi

WS_PORT=$BASE_PORT
TCP_PORT=$((BASE_PORT + 1))
IDLE_PORT=$((BASE_PORT + 2))
BC_PORT=$((BASE_PORT + 3))

# durations and sizes
if [ "$QUICK" = 1 ]; then
    D=0.5; W=0.1; DL=0.5; IDLE_N=2000; BC_N=999; STORM_D=0.5; HOLD=0.3; RETRY_QUIET=0; TRIES=1
else
    D=5; W=1; DL=3; IDLE_N=20000; BC_N=9999; STORM_D=5; HOLD=2; RETRY_QUIET=30; TRIES=3
fi

. "$BENCH/lib.sh"
bench_init run

# ---------------------------------------------------------------- build
if [ -z "$EXT_PORT" ]; then build_tools ext; else build_tools; fi

setup_limits

[ -n "$EXT_PORT" ] || private_so
ECHO_PHP="$ROOT/examples/echo.php"
BC_PHP="$ROOT/examples/broadcast.php"
[ -f "$BC_PHP" ] || BC_PHP="$BENCH/broadcast_server.php"
PHP=(php -d "extension=${SO_RUN:-$SO}")

[ -n "$WAIT_QUIET" ] || { if [ "$QUICK" = 1 ]; then WAIT_QUIET=3; else WAIT_QUIET=60; fi; }
wait_quiet "$WAIT_QUIET"
TOP_OTHERS=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5' | head -5 | awk '{ printf "%s (%s%%) ", $2, $1 }')

# ---------------------------------------------------------------- WebSocket modes
if [ -n "$EXT_PORT" ]; then
    WS_PORT=$EXT_PORT
    PIDARG=()
    [ -n "$EXT_PID" ] && PIDARG=(--server-pid "$EXT_PID")
    CMDS+=("server: external, 127.0.0.1:$EXT_PORT${EXT_PID:+ (pid $EXT_PID)}")
fi

# The configurations, each run the same way against our server and the floor: name -> wsload mode and
# arguments. The floor adds --wire (messages as long as the WebSocket frames, so both move the same bytes;
# a page-sized raw message keeps the kernel's copies aligned, a frame does not), except for the storm,
# whose floor is connect + 64 B echo + close.
ECHO_CONFS=(echo echo64k latency large64k large1m large16m storm)
declare -A MARGS=(
    [echo]="echo -c 100 -f 16 -s 64 -d $D -w $W"
    [echo64k]="echo -c 10 -f 4 -s 64K -d $D -w $W"
    [latency]="latency -c 100 -s 64 -d $D -w $W"
    [large64k]="large -c 1 -s 64K -d $DL -w $W"
    [large1m]="large -c 1 -s 1M -d $DL -w $W"
    [large16m]="large -c 1 -s 16M -d $DL -w $W"
    [storm]="storm -c 64 -s 64 -d $STORM_D"
)
conf_wanted() { case $1 in large*) want large ;; *) want "$1" ;; esac; }
# The configurations whose target is a ratio to the floor get at least 5 pairs: on this kind of shared
# machine single pairs of them scatter by +-20%, and the median of 3 moved across the target between runs.
RATIO_RUNS=$RUNS
[ "$QUICK" = 1 ] || [ "$RUNS" -ge 5 ] || RATIO_RUNS=5
pair_runs() { case $1 in echo64k|latency) echo "$RATIO_RUNS" ;; *) echo "$RUNS" ;; esac; }
floor_args() { [ "$1" = storm ] || echo --wire; }
# broadcast configurations: name -> broadcasts in flight
BC_CONFS=(broadcast broadcast16 broadcast64)
declare -A BC_FLIGHT=([broadcast]=1 [broadcast16]=16 [broadcast64]=64)
bc_args() { echo "broadcast -c $BC_N -s 64 -f ${BC_FLIGHT[$1]} -d $D -w $W"; }

# pair NAME WS-ARGS... -- TCP-ARGS...: run ws_NAME and tcp_NAME alternately, RUNS (or PAIR_RUNS) times each, so that
# each ratio compares runs made a few seconds apart (a shared machine's speed drifts over minutes).
pair() {
    local name=$1; shift
    local ws=() tcp=() i q
    while [ "$1" != "--" ]; do ws+=("$1"); shift; done
    shift
    tcp=("$@")
    for i in $(seq 1 "${PAIR_RUNS:-$RUNS}"); do
        q=${QUIET_CMD:-}
        [ "$i" -gt 1 ] && q=1
        RUNS=1 QUIET_CMD=$q PAIR_IDX=$i gen "ws_$name" "${ws[@]}"
        RUNS=1 QUIET_CMD=$q PAIR_IDX=$i gen "tcp_$name" "${tcp[@]}"
    done
}


if [ -z "$EXT_PORT" ]; then
    # The extension's server and the raw TCP floor both run (pinned to CPU 0, one idle while the other is
    # measured), and every configuration alternates between them.
    if want echo || want echo64k || want latency || want large || want storm; then
        start_server "$WS_PORT" "${PHP[@]}" "$ECHO_PHP" "$WS_PORT"
        WS_PID=$SERVER_PID
        start_server "$TCP_PORT" "$TCPECHO" "$TCP_PORT" 3600
        TCP_PID=$SERVER_PID
        SERVER_PID=""
        A=(--port "$WS_PORT" --server-pid "$WS_PID")
        B=(--server-pid "$TCP_PID" --raw --port "$TCP_PORT")
        for m in "${ECHO_CONFS[@]}"; do
            # shellcheck disable=SC2086 # MARGS values are word lists
            conf_wanted "$m" && PAIR_RUNS=$(pair_runs "$m") pair "$m" ${MARGS[$m]} "${A[@]}" -- ${MARGS[$m]} "${B[@]}" $(floor_args "$m")
        done
        stop_pid "$WS_PID"
        stop_pid "$TCP_PID"
    fi
    if want idle; then
        # a fresh server for each run, so that "before" is a server that never had a connection
        CMDS+=("ws_idle: a fresh server for each run: ${SRV_CPU[*]} php -d extension=modules/websocket.so bench/echo_server.php $IDLE_PORT 20010")
        CMDS+=("ws_idle: ${GEN_CPU[*]} bench/wsload idle --port $IDLE_PORT -c $IDLE_N -d $HOLD --server-pid PID")
        R=$RUNS
        for i in $(seq 1 "$R"); do
            QUIET_CMD=1 start_server "$IDLE_PORT" "${PHP[@]}" "$BENCH/echo_server.php" "$IDLE_PORT" 20010
            sleep 0.3
            RUNS=1 QUIET_CMD=1 gen ws_idle idle --port "$IDLE_PORT" -c "$IDLE_N" -d "$HOLD" --server-pid "$SERVER_PID"
            stop_server
        done
    fi
    if want broadcast; then
        start_server "$BC_PORT" "${PHP[@]}" "$BC_PHP" "$BC_PORT"
        WS_PID=$SERVER_PID
        start_server "$TCP_PORT" "$TCPECHO" -b "$TCP_PORT" 3600
        TCP_PID=$SERVER_PID
        SERVER_PID=""
        A=(--port "$BC_PORT" --server-pid "$WS_PID")
        B=(--server-pid "$TCP_PID" --raw --port "$TCP_PORT")
        for n in "${BC_CONFS[@]}"; do
            # shellcheck disable=SC2046 # bc_args is a word list
            pair "$n" $(bc_args "$n") "${A[@]}" -- $(bc_args "$n") "${B[@]}" --wire
        done
        stop_pid "$WS_PID"
        stop_pid "$TCP_PID"
    fi
else
    for m in "${ECHO_CONFS[@]}"; do
        # shellcheck disable=SC2086
        conf_wanted "$m" && gen "ws_$m" ${MARGS[$m]} --port "$WS_PORT" "${PIDARG[@]}"
    done
    want idle && gen ws_idle idle --port "$WS_PORT" -c "$IDLE_N" -d "$HOLD" "${PIDARG[@]}"
    if want broadcast && [ -n "$EXT_BPORT" ]; then
        for n in "${BC_CONFS[@]}"; do
            # shellcheck disable=SC2046
            gen "ws_$n" $(bc_args "$n") --port "$EXT_BPORT"
        done
    fi

    # ------------------------------------------------------------ raw TCP floor, after the external server
    if want echo || want echo64k || want latency || want large || want storm; then
        start_server "$TCP_PORT" "$TCPECHO" "$TCP_PORT" 3600
        for m in "${ECHO_CONFS[@]}"; do
            # shellcheck disable=SC2086
            conf_wanted "$m" && gen "tcp_$m" ${MARGS[$m]} --server-pid "$SERVER_PID" --raw --port "$TCP_PORT" $(floor_args "$m")
        done
        stop_server
    fi
    if want broadcast && [ -n "$EXT_BPORT" ]; then
        start_server "$TCP_PORT" "$TCPECHO" -b "$TCP_PORT" 3600
        for n in "${BC_CONFS[@]}"; do
            # shellcheck disable=SC2046
            gen "tcp_$n" $(bc_args "$n") --server-pid "$SERVER_PID" --raw --port "$TCP_PORT" --wire
        done
        stop_server
    fi
fi

# ---------------------------------------------------------------- RESULTS.md
# mm NAME KEY: a and b = the medians of KEY for ws_NAME and tcp_NAME; r = their ratio. When the runs were
# made in pairs (pair=i), r is the median over the pairs of ws/tcp instead: each pair ran seconds apart, so
# a drift of the machine's speed over minutes cancels out of it.
mm() {
    local name=$1 key=$2 pr
    a=$(med "ws_$name" "$key"); b=$(med "tcp_$name" "$key")
    pr=$(pair_ratio "ws_$name" "tcp_$name" "$key")
    if [ -n "$pr" ]; then r=$pr; else r=$(ratio "$a" "$b"); fi
}

check() { # awk-condition on x (and y) -> yes/no
    local cond=$1 x=$2 y=${3:-}
    [ -n "$x" ] || { echo "n/a"; return; }
    awk -v x="$x" -v y="$y" "BEGIN { if ($cond) print \"**yes**\"; else print \"**no**\" }"
}

MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
[ -n "$(git -C "$ROOT" status --porcelain -- src config.m4 php_websocket.h 2>/dev/null)" ] && DIRTY=" (with uncommitted changes in the extension's sources)"

row() { # figure ours floor ratio target met
    echo "| $1 | $2 | $3 | $4 | $5 | $6 |"
}

{
    echo "# ext-websocket benchmark results"
    echo
    echo "Written by \`bench/run.sh$( [ "$QUICK" = 1 ] && echo ' --quick')$( [ -n "$EXT_PORT" ] && echo " --port $EXT_PORT")\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Every figure is the median of $RUNS run(s) per configuration$( [ "$RATIO_RUNS" != "$RUNS" ] && echo " ($RATIO_RUNS for echo64k and latency, whose targets are ratios to the floor)"). A run during which other processes took more than 20% of CPU 0 or 1 beyond the server's and generator's own shares is marked busy=1 and repeated (at most twice; not in --quick runs); medians use the runs on quiet CPUs when there are any. A run that reported an error is left out and counted below."
    echo
    echo "- machine: $NCPU CPU(s), $MODEL, kernel $(uname -r), $(php -r 'echo "PHP ", PHP_VERSION;' 2>/dev/null)"
    echo "- commit: $COMMIT$DIRTY${SO_DATE:+; modules/websocket.so built $SO_DATE}"
    echo "- load: $QUIET_NOTE${TOP_OTHERS:+; busiest processes at the start: $TOP_OTHERS}"
    echo "- server pinned to CPU 0, generator (bench/wsload, one thread) to CPU 1; all traffic over 127.0.0.1"
    echo "- the raw TCP floor moves the same bytes as the WebSocket runs: its messages are as long as the client's frames (wsload --wire), while figures count payload bytes; the storm floor is connect + 64 B echo + close"
    [ -n "$EXT_PORT" ] || echo "- each run against the extension is followed at once by the same run against the raw TCP floor (both servers up, one idle); the ratio column is the median over these pairs of ours/floor, so a drift of the machine's speed over minutes cancels out (the ours and floor columns are medians of all runs)"
    echo "- server CPU = utime+stime of the server process from /proc/PID/stat over the measured interval (clock ticks of $(getconf CLK_TCK 2>/dev/null || echo 100) Hz); \"per message\" counts one echoed message (received and sent back), \"per delivery\" one copy of a broadcast written to one connection"
    echo "- MB/s = payload bytes echoed back per second (one direction), 10^6 bytes"
    echo
    DIRTY_CFGS=""
    for name in $(grep -oE ' label=[^ ]+' "$RAW" | cut -d= -f2 | awk '!seen[$0]++'); do
        [ "$(nok "$name")" -gt 0 ] && [ "$(nclean "$name")" = 0 ] && DIRTY_CFGS="$DIRTY_CFGS $name"
    done
    if [ "${QUIET_OK:-0}" = 0 ] || [ -n "$DIRTY_CFGS" ]; then
        echo "**Other processes kept CPUs 0 and 1 busy during this run**${DIRTY_CFGS:+ (no quiet run for:$DIRTY_CFGS)} (see the CPU use below). Throughput and"
        echo "latency figures, and their ratios to the floor, are then set by that load rather than by the servers;"
        echo "the server-CPU-per-message/delivery/handshake figures and the RSS per connection hold up better, since"
        echo "they count only the server's own CPU time and memory. Re-run on an idle machine for throughput figures."
        echo
    fi
    echo "The extension's servers run from a private copy of modules/websocket.so (a rebuild while a server has the"
    echo "file mapped crashes that server). The generator has one core: where it is near 100% of its CPU (listed"
    echo "below), the throughput figure is the generator's limit, not the server's. On loopback the sending side"
    echo "also pays for the receiving side's TCP processing, so kernel work lands on both CPUs."
    echo
    echo "| figure | ours | raw TCP floor | ratio | target | met |"
    echo "| --- | --- | --- | --- | --- | --- |"
    if want echo; then
        mm echo msgs_per_s
        row "echo 100 conns x 16 in flight x 64 B: messages/s" "$(fmt "$a")" "$(fmt "$b")" "$r" "" ""
        mm echo server_cpu_us_per_msg
        row "echo 100 x 16 x 64 B: server CPU µs per message" "$(fmt "$a" 3)" "$(fmt "$b" 3)" "$r" "<= 1.0 µs" "$(check 'x <= 1.0' "$a")"
    fi
    if want echo64k; then
        mm echo64k mb_per_s
        row "echo 10 conns x 4 in flight x 64 KiB: MB/s" "$(fmt "$a" 1)" "$(fmt "$b" 1)" "$r" ">= 0.90 x raw TCP" "$(check 'x >= 0.9' "$r")"
        mm echo64k server_cpu_us_per_msg
        row "echo 10 x 4 x 64 KiB: server CPU µs per message" "$(fmt "$a" 1)" "$(fmt "$b" 1)" "$r" "" ""
    fi
    if want latency; then
        for p in p50 p99 p999; do
            mm latency ${p}_us
            if [ "$p" = p99 ]; then
                row "latency 100 conns x 1 in flight x 64 B: $p µs" "$(fmt "$a" 1)" "$(fmt "$b" 1)" "$r" "<= 1.2 x raw TCP" "$(check 'x <= 1.2' "$r")"
            else
                row "latency 100 x 1 x 64 B: $p µs" "$(fmt "$a" 1)" "$(fmt "$b" 1)" "$r" "" ""
            fi
        done
        mm latency server_cpu_us_per_msg
        row "latency 100 x 1 x 64 B: server CPU µs per message" "$(fmt "$a" 2)" "$(fmt "$b" 2)" "$r" "" ""
    fi
    if want large; then
        for s in 64k 1m 16m; do
            mm large$s mb_per_s
            row "large: 1 conn, $(echo $s | sed 's/k/ KiB/;s/m/ MiB/') messages: MB/s" "$(fmt "$a" 1)" "$(fmt "$b" 1)" "$r" "" ""
        done
    fi
    if want storm; then
        mm storm handshakes_per_s
        row "storm, 64 concurrent: handshakes/s (open+handshake+close; floor: connect+64 B echo+close)" "$(fmt "$a")" "$(fmt "$b")" "$r" ">= 30,000/s on one core" "$(check 'x >= 30000' "$a")"
        mm storm server_cpu_us_per_handshake
        row "storm: server CPU µs per handshake" "$(fmt "$a" 1)" "$(fmt "$b" 1)" "$r" "<= 33 µs (30,000/s on one core)" "$(check 'x <= 33.3' "$a")"
        c=$(awk -v x="$a" 'BEGIN { if (x > 0) printf "%.0f\n", 1e6 / x }'); d=$(awk -v x="$b" 'BEGIN { if (x > 0) printf "%.0f\n", 1e6 / x }')
        row "storm: handshakes/s one server core would sustain (10^6 / the line above)" "$(fmt "$c")" "$(fmt "$d")" "$(ratio "$c" "$d")" ">= 30,000/s" "$(check 'x >= 30000' "$c")"
    fi
    if want idle; then
        a=$(med ws_idle kib_per_conn)
        row "idle: server RSS KiB per connection at $(fmt "$IDLE_N") connections$( [ "$IDLE_N" -lt 20000 ] && [ "$QUICK" = 0 ] && echo " (RLIMIT_NOFILE hard limit $HARD_NOFILE here)")" "$(fmt "$a" 3)" "" "" "<= 1.5 KiB at 20,000" "$(check 'x <= 1.5' "$a")"
    fi
    if want broadcast && [ "$(nruns ws_broadcast)" -gt 0 ]; then
        mm broadcast deliveries_per_s
        row "broadcast 64 B, 1 sender + $(fmt "$BC_N") receivers, 1 broadcast in flight: deliveries/s" "$(fmt "$a")" "$(fmt "$b")" "$r" "" ""
        mm broadcast server_cpu_us_per_delivery
        row "broadcast, 1 in flight: server CPU µs per delivery (floor: one send() per receiver)" "$(fmt "$a" 3)" "$(fmt "$b" 3)" "$r" "<= 0.5 µs (10,000 receivers)" "$(check 'x <= 0.5' "$a")"
        # With several broadcasts in flight, those that arrive in one read share
        # one writev per receiver (the server corks a dispatch); the floor batches
        # the same way (one send() per receiver per read).
        for k in 16 64; do
            [ "$(nruns ws_broadcast$k)" -gt 0 ] || continue
            mm broadcast$k deliveries_per_s
            row "broadcast, $k in flight: deliveries/s" "$(fmt "$a")" "$(fmt "$b")" "$r" "" ""
            mm broadcast$k server_cpu_us_per_delivery
            row "broadcast, $k in flight: server CPU µs per delivery" "$(fmt "$a" 3)" "$(fmt "$b" 3)" "$r" "<= 0.5 µs (10,000 receivers)" "$(check 'x <= 0.5' "$a")"
        done
        mm broadcast last_p50_us
        row "broadcast: time to last delivery p50 µs" "$(fmt "$a" 0)" "$(fmt "$b" 0)" "$r" "" ""
        mm broadcast last_p99_us
        row "broadcast: time to last delivery p99 µs" "$(fmt "$a" 0)" "$(fmt "$b" 0)" "$r" "" ""
    fi
    echo
    report_cpu_use
    if [ "$QUICK" = 1 ]; then
        echo
        echo "This was a --quick run (0.5 s intervals, $IDLE_N idle connections, $BC_N broadcast receivers): a smoke test, not the figures to quote."
    fi
    if [ -z "$EXT_PORT" ] && [ -f "$BENCH/NOTES.md" ]; then
        echo
        cat "$BENCH/NOTES.md"
    fi
    echo
    report_appendix
} >"$OUT"

finish
