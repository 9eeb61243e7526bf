#!/usr/bin/env bash
# wss:// benchmarks (#14): TLS handshakes per second on one core (ECDSA P-256 and RSA 2048, full and resumed
# by session ticket), echo over TLS against plain (64 B and 64 KiB), idle memory per wss connection against
# plain, and whether kernel TLS engages. The server (bench/echo_server.php with WS_TLS_CERT) is pinned to
# CPU 0, bench/wsload --tls (OpenSSL client) to CPU 1; medians over the runs; writes bench/TLS.md.
#
#   bench/tls.sh            full run (each configuration 3 times)
#   bench/tls.sh --quick    short durations, 1 run (a smoke run, < 60 s)
#   options: --runs N, --out FILE, --base-port N (default 18180), --wait-quiet S, --tries N (a run during
#            which other processes took a CPU is made again, up to N tries in all; default 1)
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WSLOAD="$BENCH/wsload"
SO="$ROOT/modules/websocket.so"
QUICK=0
RUNS=3
OUT="$BENCH/TLS.md"
BASE_PORT=18180
WAIT_QUIET=""
TRIES_OPT=1
MODES=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --out) OUT=$2; shift ;;
        --base-port) BASE_PORT=$2; shift ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        --tries) TRIES_OPT=$2; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "tls.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
if [ "$QUICK" = 1 ]; then RUNS=1; D=2; W=0.5; IDLE_N=500; TRIES=1; else D=5; W=1; IDLE_N=4000; TRIES=$TRIES_OPT; fi
[ -n "$WAIT_QUIET" ] || { [ "$QUICK" = 1 ] && WAIT_QUIET=3 || WAIT_QUIET=60; }
RETRY_QUIET=10

# shellcheck source=lib.sh
. "$BENCH/lib.sh"
bench_init tls
build_tools ext
private_so
setup_limits
command -v openssl >/dev/null || die "the openssl command is needed (certificates)"

CERTS="$LOGDIR/certs"
mkdir -p "$CERTS"
(
    cd "$CERTS" || exit 1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ecdsa.key -out ecdsa.crt -days 2 \
        -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 &&
    openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.crt -days 2 \
        -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1
) >"$LOGDIR/openssl.log" 2>&1 || { cat "$LOGDIR/openssl.log" >&2; die "openssl could not make the certificates"; }

wait_quiet "$WAIT_QUIET"
# memory_limit: the default memory_budget (half of it) counts 16 KiB per TLS connection: 4,000 would pass 64 MiB
PHP=(php -n -d memory_limit=512M -d "extension=$SO_RUN")
port=$BASE_PORT

# server KIND (plain, ecdsa, rsa) [extra env]: start bench/echo_server.php on the next port
server() {
    local kind=$1; shift
    stop_server
    port=$((port + 1))
    # start_server's probe (wsload probe) only connects over TCP, which a TLS server accepts
    if [ "$kind" = plain ]; then
        start_server "$port" env "$@" "${PHP[@]}" "$BENCH/echo_server.php" "$port" 20000
    else
        start_server "$port" env WS_TLS_CERT="$CERTS/$kind.crt" WS_TLS_KEY="$CERTS/$kind.key" "$@" \
            "${PHP[@]}" "$BENCH/echo_server.php" "$port" 20000
    fi
}

for kind in ecdsa rsa; do
    server "$kind"
    gen "storm_${kind}_full" storm --port "$port" --tls -c 32 -d "$D" -w "$W" --server-pid "$SERVER_PID"
    gen "storm_${kind}_resumed" storm --port "$port" --tls-resume -c 32 -d "$D" -w "$W" --server-pid "$SERVER_PID"
done
server ecdsa WS_TLS_TICKETS=0
gen storm_ecdsa_no_tickets storm --port "$port" --tls-resume -c 32 -d "$D" -w "$W" --server-pid "$SERVER_PID"
server plain
gen storm_plain storm --port "$port" -c 32 -d "$D" -w "$W" --server-pid "$SERVER_PID"
gen echo_plain echo --port "$port" -c 100 -f 16 -s 64 -d "$D" -w "$W" --server-pid "$SERVER_PID"
gen echo64k_plain echo --port "$port" -c 10 -f 4 -s 64K -d "$D" -w "$W" --server-pid "$SERVER_PID"
server ecdsa
gen echo_tls echo --port "$port" --tls -c 100 -f 16 -s 64 -d "$D" -w "$W" --server-pid "$SERVER_PID"
gen echo64k_tls echo --port "$port" --tls -c 10 -f 4 -s 64K -d "$D" -w "$W" --server-pid "$SERVER_PID"
# idle: a fresh server for each run, so that "before" is a server that never had a connection (a second run
# on the same server would reuse what the first one freed); 16 handshakes at a time, so that a busy machine
# does not push TLS handshakes past handshake_timeout
for i in $(seq 1 "$RUNS"); do
    for kind in plain ecdsa; do
        server "$kind"
        if [ "$kind" = plain ]; then tls_arg=(); else tls_arg=(--tls); fi
        RUNS=1 gen "idle_$kind" idle --port "$port" "${tls_arg[@]}" -c "$IDLE_N" -d 2 --connect-batch 16 --server-pid "$SERVER_PID"
    done
done
# kernel TLS: ask for it (SSL_OP_ENABLE_KTLS) and see whether the kernel can take the records
if [ -e /proc/net/tls_stat ]; then KTLS_KERNEL="the kernel has TLS (/proc/net/tls_stat exists)"; else
    KTLS_KERNEL="the kernel's tls module is not loaded (no /proc/net/tls_stat; modprobe tls needs root and a kernel built with CONFIG_TLS)"; fi
server ecdsa WS_TLS_KTLS=1
gen echo64k_tls_ktls echo --port "$port" --tls -c 10 -f 4 -s 64K -d "$D" -w "$W" --server-pid "$SERVER_PID"
KTLS_STAT=$(cat /proc/net/tls_stat 2>/dev/null | tr -s ' ' | tr '\n' ';')
stop_server
# what OpenSSL itself holds per idle connection, counted through its allocator hooks (not RSS)
TLS_MEM=$("$BENCH/tls_mem" "$CERTS/ecdsa.crt" "$CERTS/ecdsa.key" 2>&1; "$BENCH/tls_mem" "$CERTS/ecdsa.crt" "$CERTS/ecdsa.key" notickets 2>&1)
CMDS+=("bench/tls_mem ecdsa.crt ecdsa.key [notickets]")

hs() { # configuration: handshakes/s on one core from the server's CPU per cycle
    local cpu
    cpu=$(med "$1" server_cpu_us_per_handshake)
    [ -n "$cpu" ] && awk -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", 1e6 / c }'
}
{
    echo "# wss:// benchmark results"
    echo
    echo "Written by \`bench/tls.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): medians of $RUNS run(s) per configuration."
    echo
    echo "- machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//;s/ [0-9]*-Core Processor//'), kernel $(uname -r), PHP $(php -r 'echo PHP_VERSION;'), $(openssl version)"
    echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD -- src websocket.c 2>/dev/null || echo ' (with uncommitted changes in the sources)'); modules/websocket.so built $SO_DATE"
    echo "- load: $QUIET_NOTE"
    echo "- server pinned to CPU 0 (bench/echo_server.php, TLS 1.3 with OpenSSL's defaults: TLS_AES_256_GCM_SHA384, X25519), generator bench/wsload --tls (OpenSSL, no certificate verification) pinned to CPU 1, loopback"
    echo "- a storm cycle is connect + TLS handshake + WebSocket handshake + one 64 B echo + close; \"handshakes/s on one core\" is 10^6 / the server's CPU µs per cycle (what one core would do if the server had it all), beside what was measured with the generator's one core"
    echo
    echo "| figure | measured | server CPU | on one core |"
    echo "| --- | --- | --- | --- |"
    for c in storm_plain storm_ecdsa_full storm_ecdsa_resumed storm_ecdsa_no_tickets storm_rsa_full storm_rsa_resumed; do
        case $c in
            storm_plain) what="ws:// (no TLS): connect + WebSocket handshake + echo + close" ;;
            storm_ecdsa_full) what="wss:// ECDSA P-256, full handshake" ;;
            storm_ecdsa_resumed) what="wss:// ECDSA P-256, resumed (session ticket)" ;;
            storm_ecdsa_no_tickets) what="wss:// ECDSA P-256, tickets off (session_tickets false): the client's resumption attempts" ;;
            storm_rsa_full) what="wss:// RSA 2048, full handshake" ;;
            storm_rsa_resumed) what="wss:// RSA 2048, resumed (session ticket)" ;;
        esac
        echo "| $what | $(fmt "$(med "$c" handshakes_per_s)") cycles/s | $(fmt "$(med "$c" server_cpu_us_per_handshake)" 1) µs per cycle | $(fmt "$(hs "$c")") cycles/s |"
    done
    for c in echo_plain echo_tls echo64k_plain echo64k_tls echo64k_tls_ktls; do
        case $c in
            echo_plain) what="echo 100 conns x 16 in flight x 64 B, ws://" ;;
            echo_tls) what="echo 100 x 16 x 64 B, wss://" ;;
            echo64k_plain) what="echo 10 conns x 4 in flight x 64 KiB, ws://" ;;
            echo64k_tls) what="echo 10 x 4 x 64 KiB, wss://" ;;
            echo64k_tls_ktls) what="echo 10 x 4 x 64 KiB, wss:// with ktls => true" ;;
        esac
        echo "| $what | $(fmt "$(med "$c" msgs_per_s)") msg/s, $(fmt "$(med "$c" mb_per_s)" 1) MB/s | $(fmt "$(med "$c" server_cpu_us_per_msg)" 2) µs per message | |"
    done
    echo "| idle $IDLE_N connections, ws:// | | $(fmt "$(med idle_plain kib_per_conn)" 2) KiB of server RSS per connection | |"
    echo "| idle $IDLE_N connections, wss:// (SSL_MODE_RELEASE_BUFFERS) | | $(fmt "$(med idle_ecdsa kib_per_conn)" 2) KiB of server RSS per connection | |"
    echo
    echo "Kernel TLS: $KTLS_KERNEL.${KTLS_STAT:+ /proc/net/tls_stat after the ktls run: $KTLS_STAT}"
    echo
    echo "OpenSSL's own memory per idle connection (bench/tls_mem, counted through CRYPTO_set_mem_functions):"
    echo
    echo '```'
    echo "$TLS_MEM"
    echo '```'
    echo
    report_cpu_use
    echo
    if [ -f "$BENCH/TLS-NOTES.md" ]; then cat "$BENCH/TLS-NOTES.md"; echo; fi
    report_appendix
} >"$OUT"
finish
