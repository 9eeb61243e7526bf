#!/usr/bin/env bash
# Side by side in one run: the extension's servers against other WebSocket servers, each doing the same echo
# and broadcast work in its own idiomatic way, each pinned to CPU 0 with bench/wsload on CPU 1 and the same
# wsload command lines for all. The peers: Swoole, Workerman and uWebSockets, built from their release
# archives by bench/peers/build.sh in a cache directory outside the repository; Node's ws (npm) and Python's
# websockets (Debian). The runs go in rounds; each round runs a configuration once against every server, the
# servers' order rotating from round to round, and each ratio is the median over the rounds of the peer's
# figure over ours from the same round, so a drift of the machine's speed cancels out. Writes bench/COMPARE.md.
#
#   bench/compare.sh              full run: every peer, each configuration 3 times per server; builds what is
#                                 missing (Swoole once, about 3 minutes)
#   bench/compare.sh --quick      a smoke run (short intervals, small counts, about a minute); Swoole only if
#                                 it is installed or already built, the cheap peers built or unpacked if needed
#   --peers LIST                  the peers, comma- or space-separated, of: swoole workerman uws node python
#                                 ("all", or "none" for the extension alone); a peer named here is built even
#                                 in --quick. BENCH_PEERS in the environment does the same.
#   --modes deflate               permessage-deflate (bench/compare_deflate.sh): the extension with and
#                                 without context takeover beside Node's ws and Python's websockets compressing;
#                                 with the other modes, its tables follow theirs (bench/DEFLATE.md is its own run)
#   other options: --runs N, --modes "echo latency echo64k storm idle broadcast tls deflate", --out FILE,
#                  --base-port N (default 18180; uses N..N+31, and N+40..N+48 for deflate), --wait-quiet S (before the first run),
#                  --tries N and --retry-quiet S (a run during which other processes took a CPU is made again,
#                  up to N tries in all, each after waiting up to S s for quiet CPUs; default 3 and 30, quick 1;
#                  on a machine that stays busy, --tries 1 keeps a full run to about half an hour),
#                  --cache DIR (BENCH_CACHE; where the peers are built), --peer-src DIR (BENCH_PEER_SRC; the
#                  archives, default ../shared/vendor-src/peers beside the repository)
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WSLOAD="$BENCH/wsload"
SO="$ROOT/modules/websocket.so"
PEERS_DIR="$BENCH/peers"
ALL_PEERS="swoole workerman uws node python"

QUICK=0
RUNS=3
PEERS=${BENCH_PEERS:-}
MODES="echo latency echo64k storm idle broadcast tls"
OUT="$BENCH/COMPARE.md"
BASE_PORT=18180
WAIT_QUIET=""
OPT_TRIES=""
OPT_RETRY_QUIET=""
INVOKED="bench/compare.sh${*:+ $*}"

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --peers) PEERS=$2; shift ;;
        --modes) MODES=$2; shift ;;
        --out) OUT=$2; shift ;;
        --base-port) BASE_PORT=$2; shift ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        --tries) OPT_TRIES=$2; shift ;;
        --retry-quiet) OPT_RETRY_QUIET=$2; shift ;;
        --cache) export BENCH_CACHE=$2; shift ;;
        --peer-src) export BENCH_PEER_SRC=$2; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in ''|*[!0-9]*|0) echo "compare.sh: --runs must be a number >= 1" >&2; exit 2 ;; esac
# peers named on the command line (or in BENCH_PEERS) are built whatever the mode; by default, all of them,
# except that a --quick run does not spend minutes building Swoole
if [ -n "$PEERS" ]; then EXPLICIT=1; else EXPLICIT=0; PEERS=all; fi
PEERS=$(echo "$PEERS" | tr ',' ' ')
case " $PEERS " in *" all "*) PEERS=$ALL_PEERS ;; *" none "*) PEERS="" ;; esac
for p in $PEERS; do
    case " $ALL_PEERS " in *" $p "*) ;; *) echo "compare.sh: unknown peer $p ($ALL_PEERS, all, none)" >&2; exit 2 ;; esac
done

if [ "$QUICK" = 1 ]; then
    D=0.5; W=0.1; IDLE_N=1000; BC_N=999; STORM_D=0.5; HOLD=0.3; RETRY_QUIET=0; TRIES=1
else
    D=5; W=1; IDLE_N=10000; BC_N=9999; STORM_D=5; HOLD=2; RETRY_QUIET=30; TRIES=3
fi
TRIES=${OPT_TRIES:-$TRIES}
RETRY_QUIET=${OPT_RETRY_QUIET:-$RETRY_QUIET}
case "$TRIES$RETRY_QUIET" in ''|*[!0-9]*) echo "compare.sh: --tries and --retry-quiet take numbers" >&2; exit 2 ;; esac
[ "$TRIES" -ge 1 ] || TRIES=1
# Workerman's Select loop (stream_select) handles descriptors below 1,024 only: the listener, its standard
# streams and at most this many connections
WM_MAX_CONNS=1001
# uWebSockets' pub/sub queues at most 32 publishes per subscriber between two drains of its topic tree; with
# more broadcasts in flight (wsload -f 33 and up) it drains each subscriber from inside publish, which costs
# several times as much per delivery at 1,000 receivers, and at 5,000 and 10,000 receivers loses messages
# (wsload: "broadcast stalled: message 0 still missing at 1161 receiver(s)"; -f 32 passes, -f 33 fails)
UWS_MAX_INFLIGHT=32

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

. "$PEERS_DIR/build.sh"
case " $PEERS " in *" swoole "*|*" workerman "*|*" uws "*) peers_init || PEERS=$(echo " $PEERS " | sed 's/ swoole / /; s/ workerman / /; s/ uws / /') ;; esac

SERVERS=(ext)
LEFT_OUT=()
leave_out() { log "left out $1: $2"; LEFT_OUT+=("$1: $2"); }
for p in $PEERS; do
    case "$p" in
        swoole)
            allow=1
            [ "$QUICK" = 1 ] && [ "$EXPLICIT" = 0 ] && allow=0
            if prepare_swoole "$allow"; then SERVERS+=(swoole); else leave_out swoole "$PEER_WHY"; fi ;;
        workerman)
            if prepare_workerman; then SERVERS+=(workerman); else leave_out workerman "$PEER_WHY"; fi ;;
        uws)
            if prepare_uws; then SERVERS+=(uws); else leave_out uws "$PEER_WHY"; fi ;;
        node)
            if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
            if [ ! -f "$PEERS_DIR/node/node_modules/ws/package.json" ] && command -v npm >/dev/null; then
                log "installing ws with npm ci in bench/peers/node"
                (cd "$PEERS_DIR/node" && timeout 300 npm ci --no-audit --no-fund) >"$LOGDIR/npm.log" 2>&1
            fi
            if [ -f "$PEERS_DIR/node/node_modules/ws/package.json" ] && command -v node >/dev/null; then
                SERVERS+=(node)
            else
                leave_out node "no node, or npm ci failed ($(tail -n 2 "$LOGDIR/npm.log" 2>/dev/null | tr '\n' ' '))"
            fi
            ;;
        python)
            /usr/bin/python3 -c 'import websockets' 2>/dev/null || apt_install python3 python3-websockets
            if /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
                SERVERS+=(python)
            else
                leave_out python "/usr/bin/python3 cannot import websockets"
            fi
            ;;
    esac
done

setup_limits
private_so
BC_PHP="$ROOT/examples/broadcast.php"
[ -f "$BC_PHP" ] || BC_PHP="$BENCH/broadcast_server.php"

declare -A NAME=([ext]="ext-websocket" [swoole]="Swoole" [workerman]="Workerman" [uws]="uWebSockets"
    [node]="Node ws" [python]="Python websockets")
PHPV=$(php -r 'echo PHP_VERSION;')
NODE_WS=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$PEERS_DIR/node/node_modules/ws/package.json" 2>/dev/null | head -n1)
PY_WS=$(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)' 2>/dev/null)
declare -A VERSION=(
    [ext]="PHP $PHPV, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null), modules/websocket.so built $SO_DATE$(
        [ -z "$(git -C "$ROOT" status --porcelain -- src websocket.c php_websocket.h config.m4 2>/dev/null)" ] ||
        echo ' from a working tree with uncommitted changes to the sources (so not exactly that commit)')"
    [swoole]="Swoole ${SWOOLE_VERSION:-?}, PHP $PHPV${SWOOLE_SO:+, built from its release archive with phpize && ./configure && make}"
    [workerman]="Workerman ${WORKERMAN_VERSION:-?} (unpacked from its release archive, no Composer), PHP $PHPV, event loop Select (stream_select; the event extension is not packaged for Debian)"
    [uws]="uWebSockets ${UWS_VERSION:-?}, g++ $(g++ -dumpfullversion 2>/dev/null) ${UWS_CXXFLAGS:-}"
    [node]="ws ${NODE_WS:-?}$( (cd "$PEERS_DIR/node" && node -e "require('bufferutil')") 2>/dev/null && echo ' with bufferutil'), Node $(node --version 2>/dev/null)"
    [python]="websockets ${PY_WS:-?}, Python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())' 2>/dev/null)"
)
declare -A CONFIG=(
    [ext]="bench/echo_server.php: onMessage sends the message back (\`\$c->send(\$data, \$binary)\`); $(basename "$BC_PHP"): onMessage calls \`\$server->broadcast(\$data)\` (one frame built once, queued to every open connection). Every option at its default but max_connections (20,010 and 20,000: the default, 10,000, would turn the 10,000th connection away). wss:// (the tls rows): the same echo server with WS_TLS_CERT/WS_TLS_KEY (the tls option at its defaults: TLS 1.2 minimum, tickets on). The wss:// rows run the extension and Node only, with one ECDSA P-256 certificate and wsload --tls (OpenSSL, TLS 1.3)."
    [swoole]="bench/peers/swoole/server.php: \`Swoole\\WebSocket\\Server\` in SWOOLE_BASE mode, worker_num 1 (one process: no master, manager or reactor threads), package_max_length 16 MiB, log_level WARNING, everything else Swoole's default (callbacks in coroutines, no compression); echo: \`\$server->push(\$frame->fd, \$frame->data, \$frame->opcode)\`; broadcast: \`push\` to every fd of \`\$server->connections\` that \`isEstablished()\`."
    [workerman]="bench/peers/workerman/server.php: one \`Worker('websocket://127.0.0.1:PORT')\` with count = 1 (a master process forks one worker, which runs the loop; the measured process is the worker), max package and send buffer 16 MiB; echo: \`\$connection->send(\$data)\` with websocketType BINARY_TYPE_ARRAYBUFFER (Workerman does not pass the opcode to the callback; wsload's echo sends binary); broadcast: \`send\` to every connection in \`\$worker->connections\`. Its Select loop handles descriptors below 1,024 only, so it runs only the configurations with at most $WM_MAX_CONNS connections."
    [uws]="bench/peers/uws/server.cpp: one \`uWS::App\` with one \`ws<>\` route, compression DISABLED, maxPayloadLength 16 MiB, maxBackpressure 16 MiB, idleTimeout 60 s, automatic pings; echo: \`ws->send(message, opCode)\`; broadcast: every connection subscribes to one topic on open and each text message goes to \`app->publish(topic, ...)\` (uWS's pub/sub, which drains corked at the end of the loop iteration); not run with more than $UWS_MAX_INFLIGHT broadcasts in flight (see the note under the table)."
    [node]="bench/peers/node/server.js: \`WebSocketServer\` with perMessageDeflate off; echo: \`ws.send(data, {binary})\`; broadcast: \`send\` to every client in \`wss.clients\`; wss:// (the tls rows): the same echo on an \`https.createServer({cert, key})\` with the WebSocketServer on it, Node's TLS defaults."
    [python]="bench/peers/python/server.py: \`websockets.serve\` (asyncio) with compression off; echo: \`await ws.send(msg)\`; broadcast: \`websockets.broadcast(clients, msg)\`."
)

# server_cmd SERVER echo|broadcast PORT: the command line that serves it
server_cmd() {
    case "$1" in
        ext)
            if [ "$2" = tls ]; then
                echo env "WS_TLS_CERT=$TLS_CERT" "WS_TLS_KEY=$TLS_KEY" php -d "extension=$SO_RUN" "$BENCH/echo_server.php" "$3" 20010
            elif [ "$2" = echo ]; then
                echo php -d "extension=$SO_RUN" "$BENCH/echo_server.php" "$3" 20010
            else
                echo php -d "extension=$SO_RUN" "$BC_PHP" "$3"
            fi ;;
        swoole) echo php ${SWOOLE_SO:+-d "extension=$SWOOLE_SO"} "$PEERS_DIR/swoole/server.php" "$2" "$3" ;;
        workerman) echo php "$PEERS_DIR/workerman/server.php" "$2" "$3" "$WORKERMAN_SRC" ;;
        uws) echo "$UWS_BIN" "$2" "$3" ;;
        node)
            if [ "$2" = tls ]; then echo node "$PEERS_DIR/node/server.js" echo "$3" "$TLS_CERT" "$TLS_KEY"
            else echo node "$PEERS_DIR/node/server.js" "$2" "$3"; fi ;;
        python) echo /usr/bin/python3 "$PEERS_DIR/python/server.py" "$2" "$3" ;;
    esac
}

# serve SERVER KIND PORT: starts it (start_server) and sets MPID, the process wsload measures: the server's
# own, except for Workerman, whose master forks the worker that runs the loop
serve() {
    # shellcheck disable=SC2046 # server_cmd prints a word list
    start_server "$3" $(server_cmd "$1" "$2" "$3")
    MPID=$SERVER_PID
    if [ "$1" = workerman ]; then
        local c="" i
        for i in $(seq 1 50); do c=$(pgrep -P "$SERVER_PID" | head -n1); [ -n "$c" ] && break; sleep 0.1; done
        [ -n "$c" ] || die "Workerman started no worker process"
        MPID=$c
        PIDS+=("$c")
    fi
}

# rotated R: the servers in the order of round R (the list rotated by R-1)
rotated() {
    local n=${#SERVERS[@]} k
    for ((k = 0; k < n; k++)); do echo "${SERVERS[$(((k + $1 - 1) % n))]}"; done
}

declare -A PORT PID MPID_OF
i=0
for s in "${SERVERS[@]}"; do
    PORT[$s,echo]=$((BASE_PORT + i)); PORT[$s,broadcast]=$((BASE_PORT + 8 + i)); PORT[$s,idle]=$((BASE_PORT + 16 + i))
    PORT[$s,tls]=$((BASE_PORT + 24 + i))
    i=$((i + 1))
done

[ -n "$WAIT_QUIET" ] || { if [ "$QUICK" = 1 ]; then WAIT_QUIET=3; else WAIT_QUIET=60; fi; }
wait_quiet "$WAIT_QUIET"

# The configurations: name -> wsload arguments (the same for every server), the mode that runs it, and how
# many connections it opens (broadcast: the receivers and the sender, which gets every message too).
CONFS=(echo latency echo64k storm bc100 bc100x16 bc1000 bc1000x16 tls_echo tls_echo64k tls_storm)
[ "$QUICK" = 1 ] || CONFS+=(broadcast broadcast64)
declare -A CARGS=(
    [echo]="echo -c 100 -f 16 -s 64 -d $D -w $W"
    [latency]="latency -c 100 -s 64 -d $D -w $W"
    [echo64k]="echo -c 10 -f 4 -s 64K -d $D -w $W"
    [storm]="storm -c 64 -s 64 -d $STORM_D"
    [bc100]="broadcast -c 100 -s 64 -f 1 -d $D -w $W"
    [bc100x16]="broadcast -c 100 -s 64 -f 16 -d $D -w $W"
    [bc1000]="broadcast -c 1000 -s 64 -f 1 -d $D -w $W"
    [bc1000x16]="broadcast -c 1000 -s 64 -f 16 -d $D -w $W"
    [broadcast]="broadcast -c $BC_N -s 64 -f 1 -d $D -w $W"
    [broadcast64]="broadcast -c $BC_N -s 64 -f 64 -d $D -w $W"
    [tls_echo]="echo --tls -c 100 -f 16 -s 64 -d $D -w $W"
    [tls_echo64k]="echo --tls -c 10 -f 4 -s 64K -d $D -w $W"
    [tls_storm]="storm --tls -c 64 -s 64 -d $STORM_D"
)
IDLE_CONFS=(idle1k)
[ "$IDLE_N" -gt 1000 ] && IDLE_CONFS+=(idle)
declare -A IDLE_C=([idle1k]=1000 [idle]=$IDLE_N)
conf_kind() { case $1 in bc*|broadcast*) echo broadcast ;; idle*) echo idle ;; tls_*) echo tls ;; *) echo echo ;; esac; }
conf_wanted() { case $1 in bc*|broadcast*) want broadcast ;; idle*) want idle ;; tls_*) want tls ;; *) want "$1" ;; esac; }
conf_conns() { # CONF: the connections it holds open at once
    case $1 in
        idle*) echo "${IDLE_C[$1]}" ;;
        *) echo "${CARGS[$1]}" | awk '{ for (i = 1; i < NF; i++) if ($i == "-c") c = $(i + 1); print c + ($1 == "broadcast") }' ;;
    esac
}
conf_inflight() { # CONF: broadcasts (or messages) in flight
    case $1 in idle*) echo 1 ;; *) echo "${CARGS[$1]}" | awk '{ f = 1; for (i = 1; i < NF; i++) if ($i == "-f") f = $(i + 1); print f }' ;; esac
}
fits() { # SERVER CONF: whether the server can run the configuration at all (see WM_MAX_CONNS, UWS_MAX_INFLIGHT)
    case $2 in tls_*) case $1 in ext|node) return 0 ;; *) return 1 ;; esac ;; esac
    case $1 in
        workerman) [ "$(conf_conns "$2")" -le "$WM_MAX_CONNS" ] ;;
        uws) [ "$(conf_kind "$2")" != broadcast ] || [ "$(conf_inflight "$2")" -le "$UWS_MAX_INFLIGHT" ] ;;
        *) return 0 ;;
    esac
}
why_not() { case $2 in tls_*) echo "not run" ;; *) case $1 in workerman) echo "n/a (select)" ;; uws) echo "n/a (pub/sub)" ;; *) echo "n/a" ;; esac ;; esac; }

# rounds: round r runs the configuration once against every server, in the order rotated(r)
# wss:// (mode tls): the extension and Node's https + ws only, with one ECDSA P-256 certificate made here
TLS_CERT="$LOGDIR/tls.crt" TLS_KEY="$LOGDIR/tls.key"
if want tls; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS_KEY" -out "$TLS_CERT" -days 2 \
        -subj /CN=localhost >"$LOGDIR/openssl.log" 2>&1 || die "openssl could not make the TLS certificate"
fi
for kind in echo broadcast tls; do
    any=0
    for c in "${CONFS[@]}"; do conf_wanted "$c" && [ "$(conf_kind "$c")" = "$kind" ] && any=1; done
    [ "$any" = 1 ] || continue
    PID=()
    for s in "${SERVERS[@]}"; do
        [ "$kind" != tls ] || fits "$s" tls_echo || continue
        serve "$s" "$kind" "${PORT[$s,$kind]}"
        PID[$s]=$SERVER_PID MPID_OF[$s]=$MPID
    done
    SERVER_PID=""
    for c in "${CONFS[@]}"; do
        conf_wanted "$c" && [ "$(conf_kind "$c")" = "$kind" ] || continue
        CMDS+=("$c: ${GEN_CPU[*]} bench/wsload ${CARGS[$c]} --port PORT --server-pid PID")
        for r in $(seq 1 "$RUNS"); do
            for s in $(rotated "$r"); do
                fits "$s" "$c" || continue
                # shellcheck disable=SC2086 # CARGS values are word lists
                RUNS=1 QUIET_CMD=1 PAIR_IDX=$r gen "${s}_$c" ${CARGS[$c]} --port "${PORT[$s,$kind]}" --server-pid "${MPID_OF[$s]}"
            done
        done
    done
    for s in "${!PID[@]}"; do stop_pid "${PID[$s]}"; done
done

if want deflate; then
    . "$BENCH/compare_deflate.sh"
    deflate_run
fi

if want idle; then
    # a fresh server for each run, so that "before" is a server that never had a connection
    for c in "${IDLE_CONFS[@]}"; do
        CMDS+=("$c: a fresh echo server for each run; ${GEN_CPU[*]} bench/wsload idle -c ${IDLE_C[$c]} -d $HOLD --port PORT --server-pid PID")
        for r in $(seq 1 "$RUNS"); do
            for s in $(rotated "$r"); do
                fits "$s" "$c" || continue
                QUIET_CMD=1 serve "$s" echo "${PORT[$s,idle]}"
                sleep 0.3
                RUNS=1 QUIET_CMD=1 PAIR_IDX=$r gen "${s}_$c" idle -c "${IDLE_C[$c]}" -d "$HOLD" --port "${PORT[$s,idle]}" --server-pid "$MPID"
                stop_server
            done
        done
    done
fi

# ---------------------------------------------------------------- COMPARE.md
# cell SERVER CONF KEY DECIMALS: the median, and for a peer its ratio to ours over the rounds
cell() {
    local v r
    if ! fits "$1" "$2"; then why_not "$1" "$2"; return; fi
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
ran() { conf_wanted "$1" && case " ${CONFS[*]} ${IDLE_CONFS[*]} " in *" $1 "*) return 0 ;; esac; return 1; }

MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
    echo "# ext-websocket side by side with other WebSocket servers"
    echo
    echo "Written by \`$INVOKED\`$( [ -n "${BENCH_PEERS:-}" ] && echo " with BENCH_PEERS=\"$BENCH_PEERS\"") at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '(not a git checkout)') on $(date -u '+%Y-%m-%d %H:%M UTC'). Each server was measured $RUNS time(s) per configuration, in rounds: a round runs the configuration once against every server, the servers' order rotating from round to round. Each figure is the median over the rounds, and the figure in parentheses is the peer's figure divided by ours from the same round, the median over the rounds. Lower is better for CPU, latency and memory; higher for messages/s, MB/s, handshakes/s and deliveries/s."
    echo
    echo "- machine: $NCPU CPU(s), $MODEL, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
    MAIN_RAN=0
    for c in "${CONFS[@]}" "${IDLE_CONFS[@]}"; do ran "$c" && MAIN_RAN=1; done
    echo "- every server runs one event loop in one process pinned to CPU 0 (Workerman: its worker; its master only watches), $([ "$MAIN_RAN" = 1 ] && echo "compression off$(want deflate && echo ' (the deflate tables: as they say)')" || echo 'compression as each table says'); wsload on CPU 1; all traffic over 127.0.0.1"
    echo "- load: $QUIET_NOTE"
    echo "- server CPU = utime+stime of the measured server process (all its threads) from /proc/PID/stat over the measured interval; idle = growth of that process's RSS per open connection"
    echo "- handshakes/s is the generator's limit, not the server's, for every server that does not fill CPU 0 (see the server shares below); server CPU per handshake is the figure to compare"
    echo
    if [ "$MAIN_RAN" = 1 ]; then
    echo "The servers and their exact configuration (the command lines are at the end):"
    echo
    for s in "${SERVERS[@]}"; do echo "- **${NAME[$s]}**: ${VERSION[$s]}. ${CONFIG[$s]}"; done
    for l in "${LEFT_OUT[@]}"; do echo "- left out of this run: $l"; done
    echo
    hdr="| figure |"; sep="| --- |"
    for s in "${SERVERS[@]}"; do hdr="$hdr ${NAME[$s]} |"; sep="$sep --- |"; done
    echo "$hdr"; echo "$sep"
    if ran echo; then
        line "echo 100 conns × 16 in flight × 64 B: server CPU µs per message" echo server_cpu_us_per_msg 2
        line "echo 100 × 16 × 64 B: messages/s" echo msgs_per_s 0
    fi
    if ran latency; then
        line "latency 100 conns × 1 in flight × 64 B: p50 µs" latency p50_us 0
        line "latency: p99 µs" latency p99_us 0
        line "latency: server CPU µs per message" latency server_cpu_us_per_msg 2
    fi
    if ran echo64k; then
        line "echo 10 conns × 4 in flight × 64 KiB: MB/s" echo64k mb_per_s 0
        line "echo 64 KiB: server CPU µs per message" echo64k server_cpu_us_per_msg 1
    fi
    if ran storm; then
        line "handshakes, 64 concurrent (open, upgrade, close): server CPU µs per handshake" storm server_cpu_us_per_handshake 1
        line "handshakes/s (the generator's limit for the fast servers)" storm handshakes_per_s 0
    fi
    if ran idle; then line "idle: server RSS KiB per open connection, $(fmt "$IDLE_N") connections" idle kib_per_conn 2; fi
    if ran tls_echo; then
        line "wss:// echo 100 × 16 × 64 B (TLS 1.3, ECDSA P-256): server CPU µs per message" tls_echo server_cpu_us_per_msg 2
        line "wss:// echo 100 × 16 × 64 B: messages/s" tls_echo msgs_per_s 0
    fi
    if ran tls_echo64k; then
        line "wss:// echo 10 × 4 × 64 KiB: MB/s" tls_echo64k mb_per_s 0
        line "wss:// echo 64 KiB: server CPU µs per message" tls_echo64k server_cpu_us_per_msg 1
    fi
    if ran tls_storm; then
        line "wss:// handshakes, 64 concurrent (TCP, full TLS handshake, upgrade, echo, close): server CPU µs each" tls_storm server_cpu_us_per_handshake 1
    fi
    if ran idle1k; then line "idle: server RSS KiB per open connection, 1,000 connections" idle1k kib_per_conn 2; fi
    if ran bc100; then
        line "broadcast 64 B to 100 receivers, 1 in flight: server CPU µs per delivery" bc100 server_cpu_us_per_delivery 2
        line "broadcast to 100, 16 in flight: server CPU µs per delivery" bc100x16 server_cpu_us_per_delivery 2
        line "broadcast to 1,000, 1 in flight: server CPU µs per delivery" bc1000 server_cpu_us_per_delivery 2
        line "broadcast to 1,000, 16 in flight: server CPU µs per delivery" bc1000x16 server_cpu_us_per_delivery 2
    fi
    if ran broadcast; then
        line "broadcast to $(fmt "$BC_N"), 1 in flight: server CPU µs per delivery" broadcast server_cpu_us_per_delivery 2
        line "broadcast to $(fmt "$BC_N"), 64 in flight: server CPU µs per delivery" broadcast64 server_cpu_us_per_delivery 2
        line "broadcast to $(fmt "$BC_N"), 64 in flight: deliveries/s" broadcast64 deliveries_per_s 0
    fi
    echo
    echo "Deliveries count every copy a connection received, the sender's own included (a broadcast to 100 receivers is 101 deliveries)."
    case " ${SERVERS[*]} " in *" workerman "*) echo "n/a (select): Workerman's Select loop cannot hold that many connections (descriptors below 1,024 only); its idle figure is the 1,000-connection row." ;; esac
    case " ${SERVERS[*]} " in *" uws "*) ran broadcast && echo "n/a (pub/sub): not run with more than $UWS_MAX_INFLIGHT broadcasts in flight. uWebSockets' topic tree queues at most 32 publishes per subscriber between two drains; past that it drains each subscriber from inside publish, which costs several times as much per delivery at 1,000 receivers and, at 5,000 and 10,000 receivers, loses messages (wsload stalls with the first broadcast missing at thousands of receivers: reproduced with -f 33, never with -f 32)." ;; esac
    echo
    fi
    want deflate && deflate_report
    report_cpu_use
    [ "$QUICK" = 0 ] || { echo; echo "This was a --quick run: a smoke test, not the figures to quote."; }
    echo
    report_appendix
} >"$OUT"

finish
