#!/usr/bin/env bash
# bench/topics.sh: topics (Connection::subscribe, Server::publish) against broadcast() and the raw TCP floor, in one
# process, with `workers` 2 (through the master) and with workers 2 and the `redis` option (through a real
# redis-server this script starts on a free loopback port and stops). One 64-byte message to every one of N
# subscribers (wsload broadcast: 1 sender + N receivers, 16 in flight); server CPU per delivery, time until the last
# receiver has it, and Redis's own CPU apart. Writes bench/TOPICS.md with the figures, the machine, the commit, the
# load and the command lines.
#
#   bench/topics.sh               each configuration 3 times, in rotating order; medians (about 6 minutes)
#   bench/topics.sh --quick       1,000 receivers, short runs, once each (a smoke run, < 60 s); fails on any
#                                 wsload error (a missing, extra or corrupted message included)
#   other options: --runs N, --receivers N (default 10000), --tries N (runs on busy CPUs are tried again up to N
#                  times in all; default 2, quick 1), --out FILE, --base-port N (default 18110..18114),
#                  --wait-quiet S (wait up to S seconds for CPUs 0 and 1 to be idle first; default 60, quick 3)
#
# The one-process runs are pinned as in bench/run.sh (server on CPU 0, wsload on CPU 1). Two workers need both cores,
# so the worker runs, and a one-process run to compare them with, are not pinned, and the generator shares the
# two cores with the server (and with Redis), as in bench/workers.sh. Server CPU is summed over the master and its
# workers (wsload --server-pid PID,PID,...); the master's share (workers) or Redis's CPU (redis) is wsload --aux-pid.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WSLOAD="$BENCH/wsload"
TCPECHO="$BENCH/tcp_echo"
SO="$ROOT/modules/websocket.so"
ARGS_SHOWN="$*"
QUICK=0
RUNS=3
OUT="$BENCH/TOPICS.md"
BASE_PORT=18110
WAIT_QUIET=""
BC_N=""
TRIES_OPT=""

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --receivers) BC_N=$2; shift ;;
        --tries) TRIES_OPT=$2; shift ;;
        --out) OUT=$2; shift ;;
        --base-port) BASE_PORT=$2; shift ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "topics.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in ''|*[!0-9]*) echo "topics.sh: bad --runs" >&2; exit 2 ;; esac
[ "$RUNS" -ge 1 ] || { echo "topics.sh: --runs must be >= 1" >&2; exit 2; }

if [ "$QUICK" = 1 ]; then
    D=0.5; W=0.2; RUNS=1; TRIES=1; RETRY_QUIET=0; : "${BC_N:=1000}"
else
    D=5; W=1; TRIES=2; RETRY_QUIET=15; : "${BC_N:=10000}"
fi
[ -z "$TRIES_OPT" ] || TRIES=$TRIES_OPT
case "$TRIES" in ''|*[!0-9]*|0) echo "topics.sh: bad --tries" >&2; exit 2 ;; esac
case "$BC_N" in ''|*[!0-9]*) echo "topics.sh: bad --receivers" >&2; exit 2 ;; esac
FLIGHT=16
SIZE=64

. "$BENCH/lib.sh"
bench_init topics
IDLE_N=0
build_tools ext
setup_limits
private_so
PHP=(php -d "extension=$SO_RUN")
SRV="$BENCH/topic_server.php"
command -v redis-server >/dev/null && command -v redis-cli >/dev/null ||
    die "the Redis runs need redis-server and redis-cli (apt-get install redis-server; scripts/deps.sh test installs it)"
RI=$(php -d "extension=$SO_RUN" --ri websocket 2>/dev/null)
[[ $RI == *'Redis (hiredis) =>'* ]] ||
    die "this build of the extension has no Redis support (rebuild with libhiredis-dev installed)"
[ "$HARD_NOFILE" = unlimited ] || [ "$BC_N" -lt $((HARD_NOFILE - 100)) ] ||
    die "RLIMIT_NOFILE hard limit $HARD_NOFILE: $BC_N receivers do not fit (use --receivers)"

P1_PORT=$BASE_PORT            # one process, pinned to CPU 0
TCP_PORT=$((BASE_PORT + 1))   # the raw floor, pinned to CPU 0
U_PORT=$((BASE_PORT + 2))     # one process, not pinned
W_PORT=$((BASE_PORT + 3))     # workers 2
R_PORT=$((BASE_PORT + 4))     # workers 2 + redis

[ -n "$WAIT_QUIET" ] || { if [ "$QUICK" = 1 ]; then WAIT_QUIET=3; else WAIT_QUIET=60; fi; }
wait_quiet "$WAIT_QUIET"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
TOP_OTHERS=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5' | head -5 | awk '{ printf "%s (%s%%) ", $2, $1 }')

# ---------------------------------------------------------------- processes
# start_ws PORT PIN WORKERS [REDIS_PORT]: topic_server.php in path mode (the sender's path picks publish() or
# broadcast()); sets SPID (the master, or the one process), SWPIDS (its workers in slot order) and SLIST (all)
start_ws() {
    local port=$1 pin=$2 n=$3 rport=${4:-} i pre=()
    [ "$pin" = 1 ] && pre=("${SRV_CPU[@]}")
    port_free "$port"
    WS_WORKERS=$n WS_REDIS_PORT=$rport "${pre[@]}" "${PHP[@]}" "$SRV" "$port" path >>"$LOGDIR/servers.log" 2>&1 &
    SPID=$!
    PIDS+=("$SPID")
    "$WSLOAD" probe --port "$port" --timeout 20 >/dev/null || { tail -20 "$LOGDIR/servers.log" >&2; die "topic_server.php did not start on $port"; }
    SWPIDS=()
    if [ "$n" -gt 1 ]; then
        for _ in $(seq 400); do
            [ "$(grep -c "master\[$SPID\]: notice: worker [0-9]* started" "$LOGDIR/servers.log")" -ge "$n" ] && break
            sleep 0.05
        done
        for ((i = 0; i < n; i++)); do
            SWPIDS+=("$(sed -nE "s/.*master\[$SPID\]: notice: worker $i started \(pid ([0-9]+)\).*/\1/p" "$LOGDIR/servers.log" | tail -n1)")
            [ -n "${SWPIDS[$i]}" ] || die "no pid for worker $i of $SPID in the server's log"
        done
    fi
    SLIST=$(IFS=,; echo "$SPID${SWPIDS[*]:+,${SWPIDS[*]}}")
}

REDIS_PID=""
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || die "port $1 is in use (--base-port picks others)"; }
start_redis() {
    REDIS_PORT=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);')
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no \
        --dir "$LOGDIR" --logfile "$LOGDIR/redis.log" &
    REDIS_PID=$!
    PIDS+=("$REDIS_PID")
    for _ in $(seq 100); do
        [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
        sleep 0.05
    done
    [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] || { tail -5 "$LOGDIR/redis.log" >&2; die "redis-server did not start on $REDIS_PORT"; }
    REDIS_VER=$(redis-server --version | sed -nE 's/.* v=([0-9.]+).*/\1/p')
}
redis_publishes() { redis-cli -p "$REDIS_PORT" info commandstats | sed -nE 's/^cmdstat_publish:calls=([0-9]+),.*/\1/p' | grep . || echo 0; }

# a process's open descriptors (readdir only: cheap enough to sample during a run; less a count taken before the
# run, the connections it holds)
fds() { ls -U "/proc/$1/fd" 2>/dev/null | wc -l; }

# ---------------------------------------------------------------- runs
# trun NAME KIND [SPLIT-PIDS] -- WSLOAD-ARGS...: one run (KIND pinned: wsload on CPU 1; free: not pinned), its
# line appended to RAW with busy=0/1, round=, pair= and, for workers, split= (the connections each worker held
# halfway through the measured interval); tried again (at most TRIES times) while other processes took the CPUs
trun() {
    local name=$1 kind=$2; shift 2
    local spl=() try line busy pre=() base=() sp="" p i extra
    while [ "$1" != "--" ]; do spl+=("$1"); shift; done
    shift
    [ "$kind" = pinned ] && pre=("${GEN_CPU[@]}")
    [ "$ROUND" = 1 ] && CMDS+=("$name: ${pre[*]}${pre[*]:+ }bench/wsload ${BC[*]} $(cmd_tail "$name")")
    for try in $(seq 1 "$TRIES"); do
        extra=""
        if [ ${#spl[@]} -gt 0 ]; then
            base=()
            for p in "${spl[@]}"; do base+=("$(fds "$p")"); done
            rm -f "$LOGDIR/split" "$LOGDIR/split.stop"
            # sample every 0.5 s while wsload runs and keep the sample with the most connections (all of them
            # are open through the warmup and the measured interval)
            (
                best=-1 out=""
                while [ ! -e "$LOGDIR/split.stop" ]; do
                    cur="" tot=0
                    for i in "${!spl[@]}"; do k=$(($(fds "${spl[$i]}") - ${base[$i]})); cur="$cur${cur:+/}$k"; tot=$((tot + k)); done
                    if [ "$tot" -gt "$best" ]; then best=$tot out=$cur; fi
                    sleep 0.5
                done
                echo "$out" >"$LOGDIR/split"
            ) &
            sp=$!
        fi
        [ "$name" = pubr ] || [ "$name" = bcr ] && RP0=$(redis_publishes)
        line=$("${pre[@]}" "$WSLOAD" "$@" --label "$name" 2>>"$LOGDIR/wsload.err" | grep '^wsload ')
        [ -n "$line" ] || line="wsload label=$name ok=0 errors=1"
        # every receiver must get exactly the broadcasts of its own wsload: a message it did not expect fails the run
        case "$line" in *" unsolicited=0 "*) ;; *" ok=1"*) line="${line/ ok=1/ ok=0} unsolicited_failed=1" ;; esac
        if [ -n "$sp" ]; then touch "$LOGDIR/split.stop"; wait "$sp"; extra=" split=$(cat "$LOGDIR/split" 2>/dev/null)"; fi
        [ "$name" = pubr ] || [ "$name" = bcr ] && extra="$extra redis_publish_calls=$(($(redis_publishes) - RP0))"
        busy=$(echo "$line" | awk -v kind="$kind" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
            END { b = 0
                  if (kind == "pinned") {
                      if (v["cpu0_busy_pct"] - v["server_cpu_pct"] > 20 || v["cpu1_busy_pct"] - v["client_cpu_pct"] > 20) b = 1
                  } else {
                      # the server, the generator and Redis share both CPUs: what is left of 200% is other work
                      aux = (v["label"] ~ /r$/) ? v["aux_cpu_pct"] : 0
                      if (v["cpu0_busy_pct"] + v["cpu1_busy_pct"] - v["server_cpu_pct"] - v["client_cpu_pct"] - aux > 40) b = 1
                  }
                  print b }')
        line="$line$extra busy=$busy round=$ROUND pair=$ROUND"
        echo "$line" >>"$RAW"
        log "$name #$ROUND: $(echo "$line" | grep -oE ' (ok|busy)=[01]' | tr -d '\n') $(echo "$line" | grep -oE '(deliveries_per_s|server_cpu_us_per_delivery|aux_cpu_us_per_delivery|last_p50_us|split)=[^ ]+' | tr '\n' ' ')"
        [ "$busy" = 0 ] && break
        retry_wait "$try"
    done
}
cmd_tail() { # the rest of a configuration's wsload command line, pids named
    local path=/publish
    case $1 in bc*) path=/broadcast ;; esac
    case $1 in
        pub1|bc1) echo "--port $P1_PORT --server-pid PID --path $path" ;;
        tcp1) echo "--port $TCP_PORT --server-pid PID --raw --wire" ;;
        pubu|bcu) echo "--port $U_PORT --server-pid PID --path $path" ;;
        pubw|bcw) echo "--port $W_PORT --server-pid MASTER,WORKER0,WORKER1 --aux-pid MASTER --path $path" ;;
        pubr|bcr) echo "--port $R_PORT --server-pid MASTER,WORKER0,WORKER1 --aux-pid REDIS_PID --path $path" ;;
    esac
}

BC=(broadcast -c "$BC_N" -s "$SIZE" -f "$FLIGHT" -d "$D" -w "$W")

start_ws "$P1_PORT" 1 1; P1_PID=$SPID
CMDS+=("server (pub1, bc1): ${SRV_CPU[*]}${SRV_CPU[*]:+ }php -d extension=modules/websocket.so bench/topic_server.php $P1_PORT path")
port_free "$TCP_PORT"
start_server "$TCP_PORT" "$TCPECHO" -b "$TCP_PORT" 3600; TCP_PID=$SERVER_PID; SERVER_PID=""
start_ws "$U_PORT" 0 1; U_PID=$SPID
CMDS+=("server (pubu, bcu): php -d extension=modules/websocket.so bench/topic_server.php $U_PORT path")
start_ws "$W_PORT" 0 2; W_PID=$SPID; W_LIST=$SLIST; W_WORKERS=("${SWPIDS[@]}")
CMDS+=("server (pubw, bcw): WS_WORKERS=2 php -d extension=modules/websocket.so bench/topic_server.php $W_PORT path")
start_redis
CMDS+=("redis: redis-server --bind 127.0.0.1 --port PORT --save '' --appendonly no (a free port; redis-server $REDIS_VER)")
start_ws "$R_PORT" 0 2 "$REDIS_PORT"; R_PID=$SPID; R_LIST=$SLIST; R_WORKERS=("${SWPIDS[@]}")
CMDS+=("server (pubr, bcr): WS_WORKERS=2 WS_REDIS_PORT=PORT php -d extension=modules/websocket.so bench/topic_server.php $R_PORT path")
# both workers' links to Redis are up (each subscribes to the broadcast channel at once) before the first run
for _ in $(seq 200); do
    [ "$(redis-cli -p "$REDIS_PORT" pubsub numsub wsbench: | sed -n 2p)" = 2 ] && break
    sleep 0.05
done
[ "$(redis-cli -p "$REDIS_PORT" pubsub numsub wsbench: | sed -n 2p)" = 2 ] ||
    { tail -20 "$LOGDIR/servers.log" >&2; die "the workers did not both subscribe to Redis"; }

conf() {
    case $1 in
        pub1) trun pub1 pinned -- "${BC[@]}" --port "$P1_PORT" --server-pid "$P1_PID" --path /publish ;;
        bc1) trun bc1 pinned -- "${BC[@]}" --port "$P1_PORT" --server-pid "$P1_PID" --path /broadcast ;;
        tcp1) trun tcp1 pinned -- "${BC[@]}" --port "$TCP_PORT" --server-pid "$TCP_PID" --raw --wire ;;
        pubu) trun pubu free -- "${BC[@]}" --port "$U_PORT" --server-pid "$U_PID" --path /publish ;;
        bcu) trun bcu free -- "${BC[@]}" --port "$U_PORT" --server-pid "$U_PID" --path /broadcast ;;
        pubw) trun pubw free "${W_WORKERS[@]}" -- "${BC[@]}" --port "$W_PORT" --server-pid "$W_LIST" --aux-pid "$W_PID" --path /publish ;;
        bcw) trun bcw free "${W_WORKERS[@]}" -- "${BC[@]}" --port "$W_PORT" --server-pid "$W_LIST" --aux-pid "$W_PID" --path /broadcast ;;
        pubr) trun pubr free "${R_WORKERS[@]}" -- "${BC[@]}" --port "$R_PORT" --server-pid "$R_LIST" --aux-pid "$REDIS_PID" --path /publish ;;
        bcr) trun bcr free "${R_WORKERS[@]}" -- "${BC[@]}" --port "$R_PORT" --server-pid "$R_LIST" --aux-pid "$REDIS_PID" --path /broadcast ;;
    esac
}

# The configurations in groups of those compared with each other; each round runs every group, in an order that
# rotates from round to round (and within a group too), so that a drift of the machine's speed favours none.
GROUPS_ALL=("pub1 bc1 tcp1" "pubu pubw pubr" "bcu bcw bcr")
rotate() { # K WORDS...: the words rotated left by K
    local k=$1; shift
    local a=("$@") n=$# i
    for ((i = 0; i < n; i++)); do printf '%s ' "${a[$(((i + k) % n))]}"; done
}
for ((ROUND = 1; ROUND <= RUNS; ROUND++)); do
    for g in $(rotate $((ROUND - 1)) 0 1 2); do
        # shellcheck disable=SC2086 # a group is a word list
        for c in $(rotate $((ROUND - 1)) ${GROUPS_ALL[$g]}); do conf "$c"; done
    done
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
for p in "$P1_PID" "$TCP_PID" "$U_PID" "$W_PID" "$R_PID"; do stop_pid "$p"; done
stop_pid "$REDIS_PID"

# ---------------------------------------------------------------- TOPICS.md
splits() { grep " label=$1 " "$RAW" | grep -oE ' split=[^ ]*' | cut -d= -f2 | tr '\n' ' ' | sed 's/ $//'; }
# a median over the rounds of a value computed from each run's keys (an awk expression on v[])
medx() {
    local name=$1 expr=$2 sel
    sel=$(grep " label=$name " "$RAW" | grep ' ok=1' | grep ' busy=0')
    [ -n "$sel" ] || sel=$(grep " label=$name " "$RAW" | grep ' ok=1')
    echo "$sel" | awk "NF { for (i = 1; i <= NF; i++) { split(\$i, kv, \"=\"); v[kv[1]] = kv[2] }; print $expr }" | sort -g |
        awk '{ a[NR] = $1 } END { if (NR) printf "%.6g\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}
check_target() { # x: at most 0.5?
    [ -n "$1" ] || { echo "n/a"; return; }
    awk -v x="$1" 'BEGIN { if (x <= 0.5) print "**met**"; else print "**not met**" }'
}
row() { # name label [extra column]
    local n=$1
    echo "| $2 | $(fmt "$(med "$n" deliveries_per_s)") | **$(fmt "$(med "$n" server_cpu_us_per_delivery)" 3)** | ${3:-} | $(fmt "$(med "$n" last_p50_us)") / $(fmt "$(med "$n" last_p99_us)") | $(fmt "$(med "$n" server_cpu_pct)") / $(fmt "$(med "$n" client_cpu_pct)") | $(nclean "$n") of $(nok "$n") ($(nruns "$n")) |"
}

MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
[ -n "$(git -C "$ROOT" status --porcelain -- src config.m4 php_websocket.h websocket.c 2>/dev/null)" ] && DIRTY=" (with uncommitted changes in the extension's sources)"
OTHERS=$(grep '^wsload ' "$RAW" | grep ' ok=1' | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    aux = (v["label"] ~ /r$/) ? v["aux_cpu_pct"] : 0
    print v["cpu0_busy_pct"] + v["cpu1_busy_pct"] - v["server_cpu_pct"] - v["client_cpu_pct"] - aux }' |
    sort -g | awk '{ a[NR] = $1 } END { if (NR) printf "%.0f\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
P1=$(med pub1 server_cpu_us_per_delivery)

{
    echo "# Topics: publish to $(fmt "$BC_N") subscribers, in one process, with workers and through Redis"
    echo
    echo "Written by \`bench/topics.sh${ARGS_SHOWN:+ $ARGS_SHOWN}\` on $(date -u '+%Y-%m-%d %H:%M UTC'). $RUNS round(s); in each, every configuration once, in an order rotating from round to round; the figures are medians over the rounds (over the runs on quiet CPUs where there are any: a run during which other processes took the CPUs is marked busy=1$( [ "$TRIES" -gt 1 ] && echo " and tried again, at most $((TRIES - 1)) more time(s)" || echo "; this run did not try such runs again (--tries 1, or --quick)"))."
    echo
    echo "- machine: $NCPU CPU(s), $MODEL, kernel $(uname -r), $(php -r 'echo "PHP ", PHP_VERSION;' 2>/dev/null), redis-server $REDIS_VER"
    echo "- commit: $COMMIT$DIRTY${SO_DATE:+; modules/websocket.so built $SO_DATE}"
    echo "- load: $QUIET_NOTE; load average $LOAD_START at the start, $LOAD_END at the end${TOP_OTHERS:+; busiest processes at the start: $TOP_OTHERS}; during the measured intervals, other processes (and kernel work charged to none) took a median of ${OTHERS:-?}% of the two CPUs (200%)"
    echo "- the load: \`wsload broadcast\`, 1 sender + $(fmt "$BC_N") receivers, every connection subscribed to the topic \`bench\` when it opens (bench/topic_server.php); the sender sends a 64-byte text message, the server sends it on with \`\$server->publish('bench', \$data)\` (publish rows) or \`\$server->broadcast(\$data)\` (broadcast rows), $FLIGHT in flight (the sender sends the next when the last receiver has one); every copy is checked byte for byte, a missing, extra or late one is an error. Deliveries count every copy written, the sender's included"
    echo "- server CPU = utime+stime from /proc over wsload's measured interval (${D} s after ${W} s of warmup), summed over the master and its workers; per delivery = that / deliveries. Time to the last delivery: from the sender's write of a message to the moment the last receiver has it (wsload's last_p50_us / last_p99_us)"
    echo "- one process (pub1, bc1, tcp1): server pinned to CPU 0, wsload to CPU 1, as bench/run.sh; the floor is bench/tcp_echo -b (one send() of each message read to every other connection, batched per read) with \`wsload --raw --wire\` (raw messages as long as the WebSocket frames)"
    echo "- workers (pubw, bcw) and Redis (pubr, bcr): \`workers => 2\`, nothing pinned (two workers need both cores), so wsload (and Redis) share the two cores with the server; pubu/bcu is one process unpinned the same way, to compare with. With Redis (\`'redis' => ['host' => '127.0.0.1', 'port' => PORT, 'prefix' => 'wsbench:']\`), a publish goes to Redis instead of the master, and the other worker delivers it from its own Redis subscriber link; Redis's CPU is counted apart (wsload --aux-pid)"
    if [ "${OTHERS:-0}" -ge 30 ]; then
        echo
        echo "**The machine was busy with other work during these runs** (other processes took a median of ${OTHERS}% of the two CPUs while they were measured): deliveries/s and the times to the last delivery are those of what was left of the machine. The CPU-per-delivery figures count only the server's (and Redis's) own time and hold up better."
    fi
    echo
    echo "| configuration | deliveries/s | server CPU µs per delivery | of it / apart | time to last delivery p50 / p99 µs | server / generator CPU % | quiet of ok (runs) |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    row pub1 "one process (CPU 0): publish()" "target ≤ 0.5 µs: $(check_target "$P1")"
    row bc1 "one process (CPU 0): broadcast()"
    row tcp1 "raw TCP floor (CPU 0): tcp_echo -b"
    row pubu "one process, not pinned: publish()"
    row bcu "one process, not pinned: broadcast()"
    row pubw "workers 2: publish()" "master $(fmt "$(med pubw aux_cpu_us_per_delivery)" 3)"
    row bcw "workers 2: broadcast()" "master $(fmt "$(med bcw aux_cpu_us_per_delivery)" 3)"
    row pubr "workers 2 + Redis: publish()" "Redis $(fmt "$(med pubr aux_cpu_us_per_delivery)" 3) apart (server + Redis $(fmt "$(medx pubr 'v["server_cpu_us_per_delivery"] + v["aux_cpu_us_per_delivery"]')" 3))"
    row bcr "workers 2 + Redis: broadcast()" "Redis $(fmt "$(med bcr aux_cpu_us_per_delivery)" 3) apart (server + Redis $(fmt "$(medx bcr 'v["server_cpu_us_per_delivery"] + v["aux_cpu_us_per_delivery"]')" 3))"
    echo
    echo "Ratios, each the median over the rounds of the two runs of one round (seconds apart): server CPU per delivery, publish / broadcast in one process $(pair_ratio pub1 bc1 server_cpu_us_per_delivery), publish / raw floor $(pair_ratio pub1 tcp1 server_cpu_us_per_delivery), broadcast / raw floor $(pair_ratio bc1 tcp1 server_cpu_us_per_delivery); workers 2 / one process (not pinned) $(pair_ratio pubw pubu server_cpu_us_per_delivery) (publish), $(pair_ratio bcw bcu server_cpu_us_per_delivery) (broadcast); workers 2 + Redis / workers 2, server only, $(pair_ratio pubr pubw server_cpu_us_per_delivery) (publish). Time to the last delivery (p50), publish / broadcast $(pair_ratio pub1 bc1 last_p50_us), workers 2 / one process $(pair_ratio pubw pubu last_p50_us), Redis / workers 2 $(pair_ratio pubr pubw last_p50_us)."
    echo
    echo "Connections per worker (worker 0 / worker 1, the most descriptors it held beyond its idle count, sampled from /proc every 0.5 s during each run; wsload opens its $(fmt "$((BC_N + 1))") at once and the kernel picks the worker): workers $(splits pubw) $(splits bcw); workers + Redis $(splits pubr) $(splits bcr). Redis PUBLISH calls per run (publish / broadcast through Redis): $(grep ' label=pubr ' "$RAW" | grep -oE 'redis_publish_calls=[0-9]+' | cut -d= -f2 | tr '\n' ' ')/ $(grep ' label=bcr ' "$RAW" | grep -oE 'redis_publish_calls=[0-9]+' | cut -d= -f2 | tr '\n' ' ')."
    if [ "$QUICK" = 1 ]; then
        echo
        echo "This was a --quick run ($(fmt "$BC_N") receivers, ${D} s intervals): a smoke test, not the figures to quote."
    fi
    if [ -f "$BENCH/TOPICS-notes.md" ] && [ "$QUICK" = 0 ]; then
        echo
        cat "$BENCH/TOPICS-notes.md"
    fi
    echo
    echo "CPU use during the measured intervals (medians; % of one CPU): the generator's, the server's (master and workers), Redis's or the master's (aux), and how busy CPUs 0 and 1 were:"
    echo
    for name in pub1 bc1 tcp1 pubu bcu pubw bcw pubr bcr; do
        [ "$(nruns "$name")" -gt 0 ] || continue
        echo "- $name: generator $(med "$name" client_cpu_pct)%, server $(med "$name" server_cpu_pct)%$( [ -n "$(med "$name" aux_cpu_pct)" ] && echo ", aux $(med "$name" aux_cpu_pct)%"), CPU 0 $(med "$name" cpu0_busy_pct)%, CPU 1 $(med "$name" cpu1_busy_pct)%; $(nok "$name") of $(nruns "$name") run(s) ok, $(nclean "$name") of them on quiet CPUs"
    done
    echo
    report_appendix
} >"$OUT"

finish
