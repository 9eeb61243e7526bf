#!/usr/bin/env bash
# bench/workers.sh: the `workers` option on this machine's cores: echo and broadcast with 2 workers against one
# process (the scaling factor), and a reload under load (SIGHUP replacing the workers while clients connect and
# echo). Writes bench/WORKERS.md with the figures, the machine, the commit, the load and the command lines.
#
#   bench/workers.sh              each configuration 3 times, in rotating order; medians
#   bench/workers.sh --quick      short runs, once each (a smoke run)
#   other options: --runs N, --out FILE, --base-port N (default 18090..18092), --wait-quiet S
#
# Nothing is pinned: 2 workers need both cores, so the one-process runs are unpinned too and the generator
# (bench/wsload, one thread) shares the two cores with the server, as it would in production with any other
# process. Server CPU is summed over the master and its workers (wsload --server-pid PID,PID,...).
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WSLOAD="$BENCH/wsload"
SO="$ROOT/modules/websocket.so"
QUICK=0
RUNS=3
OUT="$BENCH/WORKERS.md"
BASE_PORT=18090
WAIT_QUIET=""
MODES="echo work broadcast reload"

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --out) OUT=$2; shift ;;
        --base-port) BASE_PORT=$2; shift ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "workers.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in ''|*[!0-9]*) echo "workers.sh: bad --runs" >&2; exit 2 ;; esac

if [ "$QUICK" = 1 ]; then
    D=1; W=0.3; BW=0.3; RUNS=1; RELOADS=1; INTERVAL=2; BC_N=200
else
    D=5; W=1; BW=1; RELOADS=3; INTERVAL=3; BC_N=1000
fi
WORK_US=20   # the PHP work per message of the "work" configurations (a busy loop in bench/workers_server.php)

. "$BENCH/lib.sh"
bench_init workers
IDLE_N=0
build_tools ext
setup_limits
private_so
PHP=(php -d "extension=$SO_RUN")
SRV="$BENCH/workers_server.php"
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import websockets' 2>/dev/null ||
    die "the reload run needs /usr/bin/python3 with websockets (apt-get install python3-websockets)"

[ -n "$WAIT_QUIET" ] || { if [ "$QUICK" = 1 ]; then WAIT_QUIET=3; else WAIT_QUIET=60; fi; }
wait_quiet "$WAIT_QUIET"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
TOP_OTHERS=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5' | head -5 | awk '{ printf "%s (%s%%) ", $2, $1 }')

PORT=$BASE_PORT
SRV_PID=""
WPIDS=()

# start_srv WORKERS MODE [WORK_US]: the server, unpinned; SRV_PID (the master, or the one process), WPIDS (its
# workers, in slot order), PIDLIST (all of them, for wsload --server-pid)
start_srv() {
    local n=$1 mode=$2 work=${3:-0} i
    WS_WORKERS=$n WORK_US=$work "${PHP[@]}" "$SRV" "$PORT" "$mode" >>"$LOGDIR/servers.log" 2>&1 &
    SRV_PID=$!
    PIDS+=("$SRV_PID")
    "$WSLOAD" probe --port "$PORT" --timeout 20 >/dev/null || { tail -20 "$LOGDIR/servers.log" >&2; die "server did not start"; }
    WPIDS=()
    if [ "$n" -gt 1 ]; then
        for _ in $(seq 100); do
            [ "$(grep -c "master\[$SRV_PID\]: notice: worker [0-9]* started" "$LOGDIR/servers.log")" -ge "$n" ] && break
            sleep 0.05
        done
        for ((i = 0; i < n; i++)); do
            WPIDS+=("$(sed -nE "s/.*master\[$SRV_PID\]: notice: worker $i started \(pid ([0-9]+)\).*/\1/p" "$LOGDIR/servers.log" | tail -n1)")
        done
    fi
    PIDLIST=$(IFS=,; echo "$SRV_PID${WPIDS[*]:+,${WPIDS[*]}}")
}

stop_srv() {
    [ -n "$SRV_PID" ] && stop_pid "$SRV_PID"
    SRV_PID=""
}

sockets() { ls -l "/proc/$1/fd" 2>/dev/null | grep -c 'socket:'; }

# the connections each worker holds, halfway through the measured interval (its sockets less the listener and
# its line to the master)
conn_split() {
    local p out=""
    sleep "$1"
    for p in "${WPIDS[@]}"; do out="$out${out:+/}$(($(sockets "$p") - 2))"; done
    echo "$out" > "$LOGDIR/split"
}

# wsload ARGS...: one run, its line appended to RAW with extra key=values from EXTRA
wsrun() {
    local name=$1; shift
    local line
    line=$("$WSLOAD" "$@" --label "$name" 2>>"$LOGDIR/wsload.err" | grep '^wsload ')
    [ -n "$line" ] || line="wsload label=$name ok=0 errors=1"
    echo "$line${EXTRA:+ $EXTRA} round=$ROUND" >>"$RAW"
    log "$name #$ROUND: $(echo "$line" | grep -oE ' ok=[01]') $(echo "$line $EXTRA" | grep -oE '(msgs_per_s|deliveries_per_s|server_cpu_us_per_[a-z]+|split)=[^ ]+' | tr '\n' ' ')"
}

ECHO_ARGS=(echo -c 100 -f 16 -s 64 -d "$D" -w "$W")
CMDS+=("server: WS_WORKERS=N WORK_US=U php -d extension=modules/websocket.so bench/workers_server.php PORT echo|broadcast (N = 1 or 2, U = 0 or $WORK_US; nothing pinned)")
CMDS+=("echo, work: bench/wsload ${ECHO_ARGS[*]} --port PORT --server-pid MASTER,WORKER0,WORKER1")

# echo_conf NAME WORKERS WORK_US
echo_conf() {
    local name=$1 n=$2 work=$3
    start_srv "$n" echo "$work"
    EXTRA=""
    if [ "$n" -gt 1 ]; then
        rm -f "$LOGDIR/split"
        conn_split "$(awk -v w="$W" -v d="$D" 'BEGIN { print w + d / 2 + 0.3 }')" &
        local sp=$!
        wsrun "$name" "${ECHO_ARGS[@]}" --port "$PORT" --server-pid "$PIDLIST"
        wait "$sp"
        sed -i "\$s|\$| split=$(cat "$LOGDIR/split" 2>/dev/null)|" "$RAW"
    else
        wsrun "$name" "${ECHO_ARGS[@]}" --port "$PORT" --server-pid "$PIDLIST"
    fi
    stop_srv
}

# Broadcast: one wsload, 1 sender + BC_N receivers, against one process or 2 workers. broadcast() reaches every open
# connection of every worker (through the master), so wherever the kernel puts the sender and each receiver, every
# receiver gets every broadcast; the server's CPU is summed over the master and its workers, and the connection
# split is recorded as for echo.
BC_ARGS=(broadcast -s 64 -f 16 -d "$D" -w "$BW")
CMDS+=("broadcast: bench/wsload ${BC_ARGS[*]} -c $BC_N --port PORT --server-pid PID (one process) or MASTER,WORKER0,WORKER1 (2 workers)")

bc_conf() {
    local n=$1 sp
    start_srv "$n" broadcast
    EXTRA=""
    if [ "$n" -gt 1 ]; then
        rm -f "$LOGDIR/split"
        conn_split "$(awk -v w="$BW" -v d="$D" 'BEGIN { print w + d / 2 + 0.3 }')" &
        sp=$!
        wsrun "bc$n" "${BC_ARGS[@]}" -c "$BC_N" --port "$PORT" --server-pid "$PIDLIST"
        wait "$sp"
        sed -i "\$s|\$| split=$(cat "$LOGDIR/split" 2>/dev/null)|" "$RAW"
    else
        wsrun "bc$n" "${BC_ARGS[@]}" -c "$BC_N" --port "$PORT" --server-pid "$PIDLIST"
    fi
    stop_srv
}

RELOAD_ARGS=(--clients 100 --connectors 4 --reloads "$RELOADS" --interval "$INTERVAL")
CMDS+=("reload: WS_WORKERS=2 php -d extension=modules/websocket.so examples/echo.php PORT; /usr/bin/python3 bench/reload_load.py --port PORT --master MASTER ${RELOAD_ARGS[*]}")
reload_conf() {
    local line log="$LOGDIR/reload-server.log" replaced
    : >"$log"
    WS_WORKERS=2 "${PHP[@]}" "$ROOT/examples/echo.php" "$PORT" >"$LOGDIR/reload.out" 2>"$log" &
    SRV_PID=$!
    PIDS+=("$SRV_PID")
    "$WSLOAD" probe --port "$PORT" --timeout 20 >/dev/null || die "echo.php did not start"
    sleep 0.5
    line=$(/usr/bin/python3 "$BENCH/reload_load.py" --port "$PORT" --master "$SRV_PID" "${RELOAD_ARGS[@]}" 2>>"$LOGDIR/reload.err")
    replaced=$(grep -c 'reload: every worker replaced' "$log")
    echo "$line" | grep '^#' >>"$LOGDIR/reload.notes"
    echo "$(echo "$line" | grep '^reload ') replaced_rounds=$replaced round=$ROUND" >>"$RAW"
    log "reload #$ROUND: $(echo "$line" | grep '^#' | head -1)"
    stop_srv
}

for ((ROUND = 1; ROUND <= RUNS; ROUND++)); do
    # rotating order, so that a drift of the machine's speed does not favour one side
    if [ $((ROUND % 2)) = 1 ]; then ORDER="1 2"; else ORDER="2 1"; fi
    for n in $ORDER; do echo_conf "echo$n" "$n" 0; done
    for n in $ORDER; do echo_conf "work$n" "$n" "$WORK_US"; done
    for n in $ORDER; do bc_conf "$n"; done
    reload_conf
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- figures
rmed() { grep '^reload ' "$RAW" | grep -oE " $1=[^ ]+" | cut -d= -f2 | sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
rsum() { grep '^reload ' "$RAW" | grep -oE " $1=[^ ]+" | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }'; }
rmax() { grep '^reload ' "$RAW" | grep -oE " $1=[^ ]+" | cut -d= -f2 | sort -g | tail -n1; }
splits() { grep " label=$1 " "$RAW" | grep -oE ' split=[^ ]*' | cut -d= -f2 | tr '\n' ' '; }

# what other processes took of the two CPUs during the measured intervals: busy% of CPU 0 + CPU 1 less the
# server's and the generator's shares (of 200%), the median over every wsload run
OTHERS=$(grep '^wsload ' "$RAW" | grep ' ok=1' | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    print v["cpu0_busy_pct"] + v["cpu1_busy_pct"] - v["server_cpu_pct"] - v["client_cpu_pct"] }' |
    sort -g | awk '{ a[NR] = $1 } END { if (NR) printf "%.0f\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
cpu_use() {
    local name
    echo "CPU use during the measured intervals (medians over the rounds; % of one CPU, so the two CPUs make 200%): the generator's, the server's (the master and its workers together), and how busy the two CPUs were in all. The rest of that busy time is other processes on this shared machine (and kernel work charged to no process)."
    echo
    for name in echo1 echo2 work1 work2 bc1 bc2; do
        [ "$(nruns "$name")" -gt 0 ] || continue
        echo "- $name: generator $(med "$name" client_cpu_pct)%, server $(med "$name" server_cpu_pct)%, CPUs 0+1 busy $(awk -v a="$(med "$name" cpu0_busy_pct)" -v b="$(med "$name" cpu1_busy_pct)" 'BEGIN { printf "%.0f", a + b }')%; $(nok "$name") of $(nruns "$name") run(s) ok"
    done
}

MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
[ -n "$(git -C "$ROOT" status --porcelain -- src config.m4 php_websocket.h websocket.c 2>/dev/null)" ] && DIRTY=" (with uncommitted changes in the extension's sources)"

e1=$(med echo1 msgs_per_s); e2=$(med echo2 msgs_per_s)
c1=$(med echo1 server_cpu_us_per_msg); c2=$(med echo2 server_cpu_us_per_msg)
k1=$(med work1 msgs_per_s); k2=$(med work2 msgs_per_s)
kc1=$(med work1 server_cpu_us_per_msg); kc2=$(med work2 server_cpu_us_per_msg)
b1=$(med bc1 deliveries_per_s); b2=$(med bc2 deliveries_per_s)
bc1c=$(med bc1 server_cpu_us_per_delivery); bc2c=$(med bc2 server_cpu_us_per_delivery)
g1=$(med echo1 client_cpu_pct); g2=$(med echo2 client_cpu_pct)
s1=$(med echo1 server_cpu_pct); s2=$(med echo2 server_cpu_pct)
ks1=$(med work1 server_cpu_pct); ks2=$(med work2 server_cpu_pct)
kg1=$(med work1 client_cpu_pct); kg2=$(med work2 client_cpu_pct)

{
    echo "# Workers: scaling and reloads"
    echo
    echo "Written by \`bench/workers.sh$( [ "$QUICK" = 1 ] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC'). $RUNS round(s); in each, every configuration once, one process and 2 workers in alternating order; the figures are medians over the rounds."
    echo
    echo "- machine: $NCPU CPU(s), $MODEL, kernel $(uname -r), $(php -r 'echo "PHP ", PHP_VERSION;' 2>/dev/null)"
    echo "- commit: $COMMIT$DIRTY${SO_DATE:+; modules/websocket.so built $SO_DATE}"
    echo "- load: $QUIET_NOTE; load average $LOAD_START at the start, $LOAD_END at the end${TOP_OTHERS:+; busiest processes at the start: $TOP_OTHERS}; during the measured intervals other processes (and kernel work charged to none) took a median of ${OTHERS:-?}% of the two CPUs (200%)"
    echo "- how it was measured: nothing pinned. Two workers need both cores, so the one-process runs are unpinned too, and the generator (bench/wsload, one thread, or the Python clients of the reload) shares the two cores with the server. Server CPU = utime+stime summed over the master and its workers from /proc (\`wsload --server-pid PID,PID,...\`), over wsload's measured interval; all traffic over 127.0.0.1"
    echo "- echo: 100 connections x 16 in flight x 64 B; work: the same with ${WORK_US} µs of PHP work per message (a busy loop in the callback, standing for an application's own work), so that the server, not the generator, is what runs out of CPU"
    echo "- broadcast: 64 B, 16 broadcasts in flight, 1 sender + $BC_N receivers, one wsload in both cases. \`broadcast()\` reaches every open connection of every worker (the other worker's through the master), so with 2 workers the sender's worker writes to its own receivers and to the master, and the other worker writes to its own; where each connection lands is the kernel's choice (the split below)"
    if [ "${OTHERS:-0}" -ge 30 ]; then
        echo
        echo "**The machine was busy with other work during these runs** (other processes took a median of ${OTHERS}% of the two CPUs while they were measured, see the CPU use below): the throughput figures and their factors are those of what was left of the machine. The CPU-per-message figures count only the server's own time and hold up better."
    fi
    echo
    echo "| figure | one process | workers => 2 | factor |"
    echo "| --- | --- | --- | --- |"
    echo "| echo 64 B: messages/s | $(fmt "$e1") | $(fmt "$e2") | $(ratio "$e2" "$e1") |"
    echo "| echo 64 B: server CPU µs per message | $(fmt "$c1" 3) | $(fmt "$c2" 3) | $(ratio "$c2" "$c1") |"
    echo "| echo 64 B: server / generator CPU % | $(fmt "$s1") / $(fmt "$g1") | $(fmt "$s2") / $(fmt "$g2") | |"
    echo "| echo + ${WORK_US} µs of work: messages/s | $(fmt "$k1") | $(fmt "$k2") | **$(ratio "$k2" "$k1")** |"
    echo "| echo + ${WORK_US} µs of work: server CPU µs per message | $(fmt "$kc1" 2) | $(fmt "$kc2" 2) | $(ratio "$kc2" "$kc1") |"
    echo "| echo + ${WORK_US} µs of work: server / generator CPU % | $(fmt "$ks1") / $(fmt "$kg1") | $(fmt "$ks2") / $(fmt "$kg2") | |"
    echo "| broadcast: deliveries/s | $(fmt "$b1") | $(fmt "$b2") | $(ratio "$b2" "$b1") |"
    echo "| broadcast: server CPU µs per delivery | $(fmt "$bc1c" 3) | $(fmt "$bc2c" 3) | $(ratio "$bc2c" "$bc1c") |"
    echo
    echo "Connections per worker (worker 0 / worker 1, counted from /proc halfway through each run; wsload opens its connections at once): echo $(splits echo2); work $(splits work2); broadcast $(splits bc2)."
    echo
    echo "Reading the factors. Where the server is short of CPU (the work rows), 2 workers can at most double what one process does on two free cores. Here the one process got a median of $(fmt "$ks1")% of a core and the 2 workers $(fmt "$ks2")% of the two: on a machine that other processes keep busy, two runnable workers win a larger share of it than one process does, so a factor above 2 measures that share, not better than linear scaling. What does not depend on the load is the CPU per message: a worker costs what a single process costs (the factor of the CPU rows, about 1). The echo 64 B rows are bound by the generator (one thread on the same two cores) as much as by the server. The broadcast rows send every broadcast to the same $BC_N receivers, in one process or spread over the 2 workers (see bench/TOPICS.md for 10,000 receivers, publish() and Redis)."
    echo
    echo "Which worker gets a connection is the kernel's choice: it wakes the first worker waiting in epoll on the shared listener (EPOLLEXCLUSIVE), so while the server is idle, as when wsload opens its connections at once, most go to worker 0 (the split above). A WebSocket connection stays where it landed, so that split is how the work is shared for the connections' whole life, and the work factor moves with it from run to run."
    echo
    echo "## Reload under load"
    echo
    echo "\`examples/echo.php\` with \`WS_WORKERS=2\`; 100 clients each echoing 64 B (one in flight; reconnecting at once on close 1012) and 4 clients looping connect + one echo + close; after 2 s, SIGHUP to the master $RELOADS times, ${INTERVAL} s apart (each replaces both workers, one at a time). Refused: the connection refused, reset or closed before the handshake's answer, or answered other than 101. Stranded: no answer to the handshake, or no echo, within 5 s. The pause: the longest time between two echoes of one client, its reconnection after 1012 included."
    echo
    echo "| figure | over $RUNS run(s) |"
    echo "| --- | --- |"
    echo "| reloads that replaced every worker (master's log) | $(rsum replaced_rounds) of $((RUNS * RELOADS)) |"
    echo "| connections refused | **$(rsum refused)** (target 0) |"
    echo "| connections stranded | **$(rsum stranded)** (target 0) |"
    echo "| closes other than 1012 | $(rsum unexpected_closes) |"
    echo "| clients moved by close 1012 (reconnected) | $(rsum moved_1012) |"
    echo "| echoes / connect cycles | $(rsum echoes) / $(rsum connects) |"
    echo "| longest pause any client saw | $(fmt "$(rmax max_pause_ms)") ms (median over the runs $(fmt "$(rmed max_pause_ms)") ms) |"
    echo "| slowest connect + echo + close | $(fmt "$(rmax max_connect_ms)") ms |"
    if [ -s "$LOGDIR/reload.notes" ]; then
        echo
        echo '```'
        cat "$LOGDIR/reload.notes"
        echo '```'
    fi
    if [ "$QUICK" = 1 ]; then
        echo
        echo "This was a --quick run: a smoke test, not the figures to quote."
    fi
    echo
    cpu_use
    echo
    report_appendix
} >"$OUT"

FAILED=$(grep -c ' ok=0' "$RAW")
log "wrote $OUT"
rm -rf "$LOGDIR"
[ "$FAILED" -eq 0 ]
