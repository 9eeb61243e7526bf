#!/usr/bin/env bash
# Side by side in one run: the extension's servers against other WebSocket servers that this machine can
# install (Node's ws from npm, Python's websockets from Debian), each doing the same echo and broadcast work,
# each pinned to CPU 0 with bench/wsload on CPU 1. The runs go round-robin (ours, then each peer, then ours
# again), and each ratio is the median over those rounds, so a drift of the machine's speed cancels out.
# Writes bench/COMPARE.md.
#
#   bench/compare.sh              full run (each configuration 3 times per server)
#   bench/compare.sh --quick      short intervals and small counts (a smoke run, about a minute)
#   other options: --runs N, --peers "node python", --modes "echo latency echo64k storm idle broadcast",
#                  --out FILE, --base-port N (default 18180; uses N..N+8), --wait-quiet S
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WSLOAD="$BENCH/wsload"
SO="$ROOT/modules/websocket.so"
PEERS_DIR="$BENCH/peers"

QUICK=0
RUNS=3
PEERS="node python"
MODES="echo latency echo64k storm idle broadcast"
OUT="$BENCH/COMPARE.md"
BASE_PORT=18180
WAIT_QUIET=""

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --peers) PEERS=$2; shift ;;
        --modes) MODES=$2; shift ;;
        --out) OUT=$2; shift ;;
        --base-port) BASE_PORT=$2; shift ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in ''|*[!0-9]*|0) echo "compare.sh: --runs must be a number >= 1" >&2; exit 2 ;; esac
for p in $PEERS; do
    case "$p" in node|python) ;; *) echo "compare.sh: unknown peer $p (node, python)" >&2; exit 2 ;; esac
done

if [ "$QUICK" = 1 ]; then
    D=0.5; W=0.1; IDLE_N=1000; BC_N=999; STORM_D=0.5; HOLD=0.3; RETRY_QUIET=0; TRIES=1
else
    D=5; W=1; IDLE_N=10000; BC_N=9999; STORM_D=5; HOLD=2; RETRY_QUIET=30; TRIES=3
fi

. "$BENCH/lib.sh"
bench_init compare

# ---------------------------------------------------------------- build and install
build_tools ext

apt_install() { # packages...
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
    log "installing $*"
    { [ -n "$(find /var/lib/apt/lists -name '*Packages*' 2>/dev/null | head -n1)" ] || apt-get update -q; } >"$LOGDIR/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$LOGDIR/apt.log" 2>&1
}

SERVERS=(ext)
for p in $PEERS; do
    case "$p" in
        node)
            if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
            if [ ! -f "$PEERS_DIR/node/node_modules/ws/package.json" ] && command -v npm >/dev/null; then
                log "installing ws with npm ci in bench/peers/node"
                (cd "$PEERS_DIR/node" && timeout 300 npm ci --no-audit --no-fund) >"$LOGDIR/npm.log" 2>&1
            fi
            if [ -f "$PEERS_DIR/node/node_modules/ws/package.json" ] && command -v node >/dev/null; then
                SERVERS+=(node)
            else
                log "left out node: no node, or npm ci failed ($(tail -n 2 "$LOGDIR/npm.log" 2>/dev/null | tr '\n' ' '))"
            fi
            ;;
        python)
            /usr/bin/python3 -c 'import websockets' 2>/dev/null || apt_install python3 python3-websockets
            if /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
                SERVERS+=(python)
            else
                log "left out python: /usr/bin/python3 cannot import websockets"
            fi
            ;;
    esac
done

setup_limits
private_so
BC_PHP="$ROOT/examples/broadcast.php"
[ -f "$BC_PHP" ] || BC_PHP="$BENCH/broadcast_server.php"

declare -A NAME=([ext]="ext-websocket" [node]="Node ws" [python]="Python websockets")
NODE_WS=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$PEERS_DIR/node/node_modules/ws/package.json" 2>/dev/null | head -n1)
PY_WS=$(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)' 2>/dev/null)
declare -A VERSION=(
    [ext]="PHP $(php -r 'echo PHP_VERSION;'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null), modules/websocket.so built $SO_DATE"
    [node]="ws ${NODE_WS:-?}$( (cd "$PEERS_DIR/node" && node -e "require('bufferutil')") 2>/dev/null && echo ' with bufferutil'), Node $(node --version 2>/dev/null)"
    [python]="websockets ${PY_WS:-?}, Python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())' 2>/dev/null)"
)

# server_cmd SERVER echo|broadcast PORT: the command line that serves it
server_cmd() {
    case "$1" in
        ext)
            if [ "$2" = echo ]; then
                echo php -d "extension=$SO_RUN" "$BENCH/echo_server.php" "$3" 20010
            else
                echo php -d "extension=$SO_RUN" "$BC_PHP" "$3"
            fi ;;
        node) echo node "$PEERS_DIR/node/server.js" "$2" "$3" ;;
        python) echo /usr/bin/python3 "$PEERS_DIR/python/server.py" "$2" "$3" ;;
    esac
}

declare -A PORT PID
i=0
for s in "${SERVERS[@]}"; do
    PORT[$s,echo]=$((BASE_PORT + i)); PORT[$s,broadcast]=$((BASE_PORT + 3 + i)); PORT[$s,idle]=$((BASE_PORT + 6 + i))
    i=$((i + 1))
done

[ -n "$WAIT_QUIET" ] || { if [ "$QUICK" = 1 ]; then WAIT_QUIET=3; else WAIT_QUIET=60; fi; }
wait_quiet "$WAIT_QUIET"

# The configurations: name -> wsload arguments (the same for every server).
CONFS=(echo latency echo64k storm broadcast broadcast64)
declare -A CARGS=(
    [echo]="echo -c 100 -f 16 -s 64 -d $D -w $W"
    [latency]="latency -c 100 -s 64 -d $D -w $W"
    [echo64k]="echo -c 10 -f 4 -s 64K -d $D -w $W"
    [storm]="storm -c 64 -s 64 -d $STORM_D"
    [broadcast]="broadcast -c $BC_N -s 64 -f 1 -d $D -w $W"
    [broadcast64]="broadcast -c $BC_N -s 64 -f 64 -d $D -w $W"
)
conf_kind() { case $1 in broadcast*) echo broadcast ;; *) echo echo ;; esac; }
conf_wanted() { case $1 in broadcast*) want broadcast ;; *) want "$1" ;; esac; }

# round-robin: round i runs the configuration once against every server, ours first
for kind in echo broadcast; do
    any=0
    for c in "${CONFS[@]}"; do conf_wanted "$c" && [ "$(conf_kind "$c")" = "$kind" ] && any=1; done
    [ "$any" = 1 ] || continue
    for s in "${SERVERS[@]}"; do
        # shellcheck disable=SC2046 # server_cmd prints a word list
        start_server "${PORT[$s,$kind]}" $(server_cmd "$s" "$kind" "${PORT[$s,$kind]}")
        PID[$s]=$SERVER_PID
    done
    SERVER_PID=""
    for c in "${CONFS[@]}"; do
        conf_wanted "$c" && [ "$(conf_kind "$c")" = "$kind" ] || continue
        CMDS+=("$c: ${GEN_CPU[*]} bench/wsload ${CARGS[$c]} --port PORT --server-pid PID")
        for r in $(seq 1 "$RUNS"); do
            for s in "${SERVERS[@]}"; do
                # shellcheck disable=SC2086 # CARGS values are word lists
                RUNS=1 QUIET_CMD=1 PAIR_IDX=$r gen "${s}_$c" ${CARGS[$c]} --port "${PORT[$s,$kind]}" --server-pid "${PID[$s]}"
            done
        done
    done
    for s in "${SERVERS[@]}"; do stop_pid "${PID[$s]}"; done
done

if want idle; then
    # a fresh server for each run, so that "before" is a server that never had a connection
    CMDS+=("idle: a fresh echo server for each run; ${GEN_CPU[*]} bench/wsload idle -c $IDLE_N -d $HOLD --port PORT --server-pid PID")
    for r in $(seq 1 "$RUNS"); do
        for s in "${SERVERS[@]}"; do
            # shellcheck disable=SC2046
            QUIET_CMD=1 start_server "${PORT[$s,idle]}" $(server_cmd "$s" echo "${PORT[$s,idle]}")
            sleep 0.3
            RUNS=1 QUIET_CMD=1 PAIR_IDX=$r gen "${s}_idle" idle -c "$IDLE_N" -d "$HOLD" --port "${PORT[$s,idle]}" --server-pid "$SERVER_PID"
            stop_server
        done
    done
fi

# ---------------------------------------------------------------- COMPARE.md
# cell SERVER CONF KEY DECIMALS: the median, and for a peer its ratio to ours over the rounds
cell() {
    local v r
    v=$(med "$1_$2" "$3")
    [ -n "$v" ] || { echo "n/a"; return; }
    if [ "$1" = ext ]; then
        fmt "$v" "$4"
    else
        r=$(pair_ratio "$1_$2" "ext_$2" "$3")
        echo "$(fmt "$v" "$4") (${r:-n/a}×)"
    fi
}
line() { # figure conf key decimals
    local out="| $1 |" s
    for s in "${SERVERS[@]}"; do out="$out $(cell "$s" "$2" "$3" "$4") |"; done
    echo "$out"
}

MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
    echo "# ext-websocket side by side with other WebSocket servers"
    echo
    echo "Written by \`bench/compare.sh$( [ "$QUICK" = 1 ] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Each server was measured $RUNS time(s) per configuration, in rounds (ours, then each peer, then ours again); each figure is the median, and the figure in parentheses is the peer's figure divided by ours, the median over the rounds. Lower is better for CPU, latency and memory; higher for messages/s, MB/s and handshakes/s."
    echo
    echo "- machine: $NCPU CPU(s), $MODEL, kernel $(uname -r)"
    for s in "${SERVERS[@]}"; do echo "- ${NAME[$s]}: ${VERSION[$s]}; \`$(server_cmd "$s" echo PORT | sed "s#$SO_RUN#modules/websocket.so#; s#$ROOT/##g")\`"; done
    echo "- every server runs one process (one event loop) pinned to CPU 0, compression off; wsload on CPU 1; all traffic over 127.0.0.1"
    echo "- load: $QUIET_NOTE"
    echo "- server CPU = utime+stime of the server process (all its threads) from /proc/PID/stat over the measured interval; idle = growth of the server's RSS per open connection"
    echo "- Swoole and Workerman, the PHP servers the performance issue quotes, are not installable here (no Debian package, not in the Composer registry this machine reaches), so they are not in the table"
    echo
    hdr="| figure |"; sep="| --- |"
    for s in "${SERVERS[@]}"; do hdr="$hdr ${NAME[$s]} |"; sep="$sep --- |"; done
    echo "$hdr"; echo "$sep"
    if want echo; then
        line "echo 100 conns × 16 in flight × 64 B: server CPU µs per message" echo server_cpu_us_per_msg 2
        line "echo 100 × 16 × 64 B: messages/s" echo msgs_per_s 0
    fi
    if want latency; then
        line "latency 100 conns × 1 in flight × 64 B: p99 µs" latency p99_us 0
        line "latency: server CPU µs per message" latency server_cpu_us_per_msg 2
    fi
    if want echo64k; then
        line "echo 10 conns × 4 in flight × 64 KiB: MB/s" echo64k mb_per_s 0
        line "echo 64 KiB: server CPU µs per message" echo64k server_cpu_us_per_msg 1
    fi
    if want storm; then
        line "storm, 64 concurrent (open, handshake, close): handshakes/s" storm handshakes_per_s 0
        line "storm: server CPU µs per handshake" storm server_cpu_us_per_handshake 1
    fi
    if want idle; then
        line "idle: server RSS KiB per open connection, $(fmt "$IDLE_N") connections" idle kib_per_conn 2
    fi
    if want broadcast; then
        line "broadcast 64 B to $(fmt "$BC_N") receivers, 1 in flight: server CPU µs per delivery" broadcast server_cpu_us_per_delivery 2
        line "broadcast, 64 in flight: server CPU µs per delivery" broadcast64 server_cpu_us_per_delivery 2
        line "broadcast, 64 in flight: deliveries/s" broadcast64 deliveries_per_s 0
    fi
    echo
    report_cpu_use
    [ "$QUICK" = 0 ] || { echo; echo "This was a --quick run: a smoke test, not the figures to quote."; }
    echo
    report_appendix
} >"$OUT"

finish
