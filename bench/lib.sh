# Shared by bench/run.sh and bench/compare.sh: process bookkeeping, CPU pinning and quiet checks,
# running wsload configurations with retries on busy CPUs, and medians over the recorded runs.
# The caller sets ROOT, BENCH, WSLOAD, SO, MODES, RUNS, TRIES and RETRY_QUIET, sources this file and calls
# bench_init. gen() appends one wsload line per run to $RAW; CMDS collects the command lines.
# shellcheck shell=bash

# bench_init TAG: the log tag, a scratch directory LOGDIR (removed by finish), and the run log RAW
bench_init() {
    LOG_TAG=$1
    LOGDIR=$(mktemp -d "/tmp/wsbench-$1.XXXXXX")
    RAW="$LOGDIR/raw.txt"
    : >"$RAW"
    PIDS=()
}

cleanup() {
    local p
    for p in "${PIDS[@]}"; do
        kill "$p" 2>/dev/null
    done
    for p in "${PIDS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$p" 2>/dev/null
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[${LOG_TAG:-bench}] $*" >&2; }
die() { log "$*"; exit 1; }

want() { case " $MODES " in *" $1 "*) return 0 ;; esac; return 1; }

# build_tools [ext]: wsload and tcp_echo; with "ext", also modules/websocket.so when it is missing
build_tools() {
    make -s -C "$BENCH" >/dev/null || die "building bench/ failed"
    [ "${1:-}" = ext ] && [ ! -f "$SO" ] || return 0
    log "modules/websocket.so is missing: building the extension"
    bash "$ROOT/scripts/build.sh" >"$LOGDIR/build.log" 2>&1 || { tail -20 "$LOGDIR/build.log" >&2; die "building the extension failed"; }
}

# private_so: run the servers from a private copy of the extension (SO_RUN), since a rebuild of
# modules/websocket.so while a server has it mapped would crash that server; SO_DATE is when it was built
private_so() {
    cp "$SO" "$LOGDIR/websocket.so" || die "cannot copy $SO"
    SO_RUN="$LOGDIR/websocket.so"
    SO_DATE=$(date -u -r "$SO" '+%Y-%m-%d %H:%M:%S UTC')
}

# raise the descriptor limit as far as allowed and clamp IDLE_N to it; sets HARD_NOFILE, NCPU,
# and the taskset prefixes SRV_CPU (CPU 0) and GEN_CPU (CPU 1)
setup_limits() {
    if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt 65536 ]; then ulimit -Hn 65536 2>/dev/null; fi
    ulimit -n "$(ulimit -Hn)" 2>/dev/null
    HARD_NOFILE=$(ulimit -Hn)
    # 20,000 idle connections need 20,000 descriptors in the generator and as many in the server; where
    # the hard limit cannot be raised (no CAP_SYS_RESOURCE), hold as many as it allows
    if [ "$HARD_NOFILE" != unlimited ] && [ "$IDLE_N" -gt $((HARD_NOFILE - 100)) ]; then
        log "RLIMIT_NOFILE hard limit is $HARD_NOFILE: idle holds $((HARD_NOFILE - 100)) connections instead of $IDLE_N"
        IDLE_N=$((HARD_NOFILE - 100))
    fi
    NCPU=$(nproc)
    if [ "$NCPU" -ge 2 ]; then SRV_CPU=(taskset -c 0); GEN_CPU=(taskset -c 1); else SRV_CPU=(); GEN_CPU=(); fi
}

SERVER_PID=""
CMDS=()

# busy % of CPUs 0 and 1 over one second, from /proc/stat
cpu_busy() {
    local a b
    a=$(grep -E '^cpu[01] ' /proc/stat)
    sleep 1
    b=$(grep -E '^cpu[01] ' /proc/stat)
    printf '%s\n%s\n' "$a" "$b" | awk '{ busy = $2 + $3 + $4 + $7 + $8 + $9; tot = busy + $5 + $6
        if ($1 in B) { printf "%s %.0f%% ", $1, 100 * (busy - B[$1]) / (tot - T[$1]) } else { B[$1] = busy; T[$1] = tot } }'
}

# wait (bounded) for CPUs 0 and 1 to be quiet: other work on them skews every figure
QUIET_NOTE=""
wait_quiet() {
    local limit=$1 i load
    [ "$limit" -gt 0 ] || { QUIET_NOTE="CPUs 0 and 1 not checked before the run (no wait asked for)"; return 0; }
    for ((i = 0; i < limit; i++)); do
        load=$(cpu_busy)
        if ! echo "$load" | grep -qE '([2-9][0-9]|100)%'; then
            QUIET_OK=1
            QUIET_NOTE="CPUs 0 and 1 before the run: $load"
            return 0
        fi
        [ "$i" = 0 ] && log "waiting up to ${limit} s for CPUs 0 and 1 to go quiet ($load)"
    done
    QUIET_NOTE="CPUs 0 and 1 were NOT quiet before the run ($load, other processes were using them): the figures below are skewed by that load"
    log "$QUIET_NOTE"
}

start_server() { # port cmd...
    local port=$1; shift
    "${SRV_CPU[@]}" "$@" >>"$LOGDIR/servers.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    if ! "$WSLOAD" probe --port "$port" --timeout 20 >/dev/null; then
        tail -20 "$LOGDIR/servers.log" >&2
        die "server did not start: $*"
    fi
    local shown="${SRV_CPU[*]} $*"
    shown=${shown//"${SO_RUN:-$SO}"/modules/websocket.so}
    shown=${shown//"$ROOT/"/}
    [ -n "${QUIET_CMD:-}" ] || CMDS+=("server: $shown")
}

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
}

# retry_wait TRY: before trying a busy run again (unless TRY was the last), wait (bounded) for CPUs 0 and 1 to go
# quiet, keeping the note about the CPUs at the start of the whole run
retry_wait() {
    [ "$1" -lt "$TRIES" ] || return 0
    local qn=$QUIET_NOTE qo=${QUIET_OK:-0}
    wait_quiet "$RETRY_QUIET" 2>/dev/null
    QUIET_NOTE=$qn QUIET_OK=$qo
}

# run one configuration RUNS times: gen NAME wsload-args...
gen() {
    local name=$1; shift
    local i try line busy
    [ -n "${QUIET_CMD:-}" ] || CMDS+=("$name: ${GEN_CPU[*]} bench/wsload $*")
    for i in $(seq 1 "$RUNS"); do
        # a run during which other processes took a CPU (busy beyond the server's or generator's own share) is
        # marked "busy=1" and tried again, at most twice, after waiting (bounded) for the CPUs to go quiet
        for try in $(seq 1 "$TRIES"); do
            line=$("${GEN_CPU[@]}" "$WSLOAD" "$@" --label "$name" 2>>"$LOGDIR/wsload.err" | grep '^wsload ')
            [ -n "$line" ] || line="wsload label=$name ok=0 errors=1"
            busy=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
                END { b = 0
                      if (v["mode"] != "idle" && ("cpu0_busy_pct" in v) && ("server_cpu_pct" in v) && v["cpu0_busy_pct"] - v["server_cpu_pct"] > 20) b = 1
                      if (v["mode"] != "idle" && ("cpu1_busy_pct" in v) && v["cpu1_busy_pct"] - v["client_cpu_pct"] > 20) b = 1
                      print b }')
            line="$line busy=$busy${PAIR_IDX:+ pair=$PAIR_IDX}"
            echo "$line" >>"$RAW"
            log "$name #$i: $(echo "$line" | grep -oE ' (ok|busy)=[01]' | tr -d '\n') $(echo "$line" | grep -oE '(msgs_per_s|mb_per_s|p99_us|handshakes_per_s|kib_per_conn|deliveries_per_s|server_cpu_us_per_[a-z]+)=[^ ]+' | tr '\n' ' ')"
            [ "$busy" = 0 ] && break
            retry_wait "$try"
        done
    done
}

# median of field KEY over the ok runs of configuration NAME; "" when none
med() {
    local name=$1 key=$2 sel
    # the runs with no other load on the CPUs, or all ok runs when there is none such
    sel=$(grep " label=$name " "$RAW" | grep ' ok=1' | grep ' busy=0')
    [ -n "$sel" ] || sel=$(grep " label=$name " "$RAW" | grep ' ok=1')
    echo "$sel" | grep -oE " $key=[^ ]+" | cut -d= -f2 | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
nruns() { grep -c " label=$1 " "$RAW"; }
nok() { grep " label=$1 " "$RAW" | grep -c ' ok=1'; }
nclean() { grep " label=$1 " "$RAW" | grep ' ok=1' | grep -c ' busy=0'; }

stop_pid() {
    kill "$1" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

fmt() { # number [decimals]
    [ -n "$1" ] || { echo "n/a"; return; }
    LC_ALL=C printf "%'.${2:-0}f" "$1" 2>/dev/null || echo "$1"
}
ratio() { # a b
    [ -n "$1" ] && [ -n "$2" ] || { echo "n/a"; return; }
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

# pair_ratio A B KEY: the median over the pairs (runs tagged pair=i, made seconds apart) of A's KEY / B's
# KEY; empty when no pair has both. A drift of the machine's speed over minutes cancels out of it.
pair_ratio() {
    grep -E " label=($1|$2) " "$RAW" | grep ' ok=1' | awk -v key="$3" -v a="$1" '
        { lab = ""; pair = ""; val = ""; busy = 0
          for (i = 1; i <= NF; i++) { split($i, kv, "=")
              if (kv[1] == "label") lab = kv[2]; else if (kv[1] == "pair") pair = kv[2]
              else if (kv[1] == key) val = kv[2]; else if (kv[1] == "busy") busy = kv[2] }
          if (pair == "" || val == "") next
          side = (lab == a) ? "w" : "t"
          # the last run of a pair wins, a run on quiet CPUs over a busy one
          if (!((side, pair) in V) || !busy || B[side, pair]) { V[side, pair] = val; B[side, pair] = busy }
          P[pair] = 1 }
        END { for (p in P) if (("w", p) in V && ("t", p) in V && V["t", p] > 0) print V["w", p] / V["t", p] }' |
        sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# report_cpu_use: for every configuration, the medians of the generator's and the server's CPU shares and
# of how busy CPUs 0 and 1 were, and how many of its runs were ok and on quiet CPUs
report_cpu_use() {
    echo "CPU use during the measured intervals (medians): the generator's share of CPU 1 (near 100 means the generator, not the server, set the pace), the server's share of CPU 0, and how busy CPUs 0 and 1 were in all (anything well above the server's and generator's shares is other work on the machine):"
    echo
    for name in $(grep -oE ' label=[^ ]+' "$RAW" | cut -d= -f2 | awk '!seen[$0]++'); do
        echo "- $name: generator $(med "$name" client_cpu_pct)%, server $(med "$name" server_cpu_pct)%, CPU 0 busy $(med "$name" cpu0_busy_pct)%, CPU 1 busy $(med "$name" cpu1_busy_pct)%; $(nok "$name") of $(nruns "$name") run(s) ok, $(nclean "$name") of them on quiet CPUs"
    done
}

# report_appendix: the command lines, every wsload line, and the errors wsload reported
report_appendix() {
    echo "## Command lines"
    echo
    echo '```'
    printf '%s\n' "${CMDS[@]}"
    echo '```'
    echo
    echo "## Every run (wsload's machine-readable lines)"
    echo
    echo '```'
    cat "$RAW"
    echo '```'
    if [ -s "$LOGDIR/wsload.err" ]; then
        echo
        echo "## Errors reported by wsload"
        echo
        echo '```'
        sort "$LOGDIR/wsload.err" | uniq -c | sort -rn | head -20
        echo '```'
    fi
}

# finish: after the report is written; exits non-zero when any run reported an error
finish() {
    log "wrote $OUT"
    FAILED=$(grep -c ' ok=0' "$RAW")
    [ "$FAILED" -eq 0 ] || log "$FAILED run(s) reported errors (see $OUT)"
    rm -rf "$LOGDIR"
    [ "$FAILED" -eq 0 ]
}
