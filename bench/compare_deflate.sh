# bench/compare_deflate.sh: the permessage-deflate (RFC 7692) part of bench/compare.sh (--modes deflate),
# sourced by it after its servers and helpers are set up. The extension in its default mode (no context
# takeover, so an idle connection holds no zlib memory; shared deflaters; broadcast compressed once) and with
# context takeover, beside Node's ws and Python's websockets compressing with their own defaults at the same
# levels, all against the same wsload command lines (wsload --deflate compresses what it sends, inflates and
# checks what comes back). Figures: server CPU per message and bytes on the wire per message for a 1 KiB
# JSON message and for 64 KiB of text, at levels 1, 6 and 9 and uncompressed; server CPU per delivery for a
# broadcast of 4 KiB of JSON to BC_N compressing subscribers; server RSS per idle connection once each
# connection has sent and received one compressed message.
# shellcheck shell=bash

DZ_SERVERS=(ext extct)
for s in "${SERVERS[@]}"; do case $s in node|python) DZ_SERVERS+=("$s") ;; esac; done
declare -A DZ_NAME=([ext]="ext-websocket (default: no context takeover)" [extct]="ext-websocket, context takeover"
    [node]="Node ws (perMessageDeflate)" [python]="Python websockets (compression)")
DZ_LEVELS=(1 6 9)
[ "$QUICK" = 1 ] && DZ_LEVELS=(1)
DZ_IDLE_N=$IDLE_N
[ "$QUICK" = 1 ] && DZ_IDLE_N=500
declare -A DZ_ARGS=(
    [json1k]="echo -c 50 -f 8 -s 1K --text --content json -d $D -w $W"
    [text64k]="echo -c 10 -f 2 -s 64K --text --content text -d $D -w $W"
    [bc4k]="broadcast -c $BC_N -s 4K --content json -f 1 -d $D -w $W"
)

# dz_cmd SERVER echo|broadcast PORT LEVEL: the command line (LEVEL "off": compression off)
dz_cmd() {
    local s=$1 kind=$2 port=$3 level=$4 json script max
    case $s in
        ext|extct)
            if [ "$level" = off ]; then json=false
            elif [ "$s" = ext ]; then json="{\"level\":$level}"
            else json="{\"level\":$level,\"server_no_context_takeover\":false,\"client_no_context_takeover\":false}"; fi
            if [ "$kind" = echo ]; then script="$BENCH/echo_server.php"; max=20010; else script="$BC_PHP"; max=20000; fi
            echo php -d "extension=$SO_RUN" "$script" "$port" "$max" "$json" ;;
        node) echo node "$PEERS_DIR/node/server.js" "$kind" "$port" $([ "$level" = off ] || echo "deflate:$level") ;;
        python) echo /usr/bin/python3 "$PEERS_DIR/python/server.py" "$kind" "$port" $([ "$level" = off ] || echo "deflate:$level") ;;
    esac
}

# dz_round LABEL KIND LEVEL CONF EXTRA...: a fresh server of every kind, the configuration RUNS times in rounds
dz_round() {
    local conf=$1 kind=$2 level=$3; shift 3
    local i=0 s r port
    declare -A DZ_PORT DZ_PID
    for s in "${DZ_SERVERS[@]}"; do
        port=$((BASE_PORT + 40 + i)); i=$((i + 1))
        DZ_PORT[$s]=$port
        # shellcheck disable=SC2046 # dz_cmd prints a word list
        QUIET_CMD=1 start_server "$port" $(dz_cmd "$s" "$kind" "$port" "$level")
        DZ_PID[$s]=$SERVER_PID
    done
    SERVER_PID=""
    CMDS+=("dz_${conf}_L$level: servers: $(dz_cmd ext "$kind" PORT "$level" | sed "s|$ROOT/||g; s|$LOGDIR/websocket.so|modules/websocket.so|") (and the peers' with deflate:$level); ${GEN_CPU[*]} bench/wsload ${DZ_ARGS[$conf]} $* --port PORT --server-pid PID")
    for r in $(seq 1 "$RUNS"); do
        for s in $(printf '%s\n' "${DZ_SERVERS[@]}" | awk -v r="$r" '{ a[NR - 1] = $0 } END { for (k = 0; k < NR; k++) print a[(k + r - 1) % NR] }'); do
            # shellcheck disable=SC2086 # DZ_ARGS values are word lists
            RUNS=1 QUIET_CMD=1 PAIR_IDX=$r gen "${s}_dz_${conf}_L$level" ${DZ_ARGS[$conf]} "$@" --port "${DZ_PORT[$s]}" --server-pid "${DZ_PID[$s]}"
        done
    done
    for s in "${DZ_SERVERS[@]}"; do stop_pid "${DZ_PID[$s]}"; done
}

deflate_run() {
    local level conf s r port
    for conf in json1k text64k; do
        dz_round "$conf" echo off
        for level in "${DZ_LEVELS[@]}"; do dz_round "$conf" echo "$level" --deflate; done
    done
    dz_round bc4k broadcast off
    dz_round bc4k broadcast 1 --deflate
    # idle: a fresh server per run; each connection sends one compressed 1 KiB message and gets it back
    # first, so whatever a server keeps per connection for compression is made before RSS is read
    CMDS+=("dz_idle: a fresh server per run (level 1; the peers at level 6, their default); ${GEN_CPU[*]} bench/wsload idle -c $DZ_IDLE_N -s 1K --content json --warm --deflate -d $HOLD --port PORT --server-pid PID (compression off: without --deflate)")
    for r in $(seq 1 "$RUNS"); do
        for s in "${DZ_SERVERS[@]}" ext_off; do
            port=$((BASE_PORT + 48))
            case $s in
                ext_off) QUIET_CMD=1 start_server "$port" $(dz_cmd ext echo "$port" off) ;;
                node|python) QUIET_CMD=1 start_server "$port" $(dz_cmd "$s" echo "$port" 6) ;;
                *) QUIET_CMD=1 start_server "$port" $(dz_cmd "$s" echo "$port" 1) ;;
            esac
            sleep 0.3
            RUNS=1 QUIET_CMD=1 PAIR_IDX=$r gen "${s}_dz_idle" idle -c "$DZ_IDLE_N" -s 1K --content json --warm \
                $([ "$s" = ext_off ] || echo --deflate) -d "$HOLD" --port "$port" --server-pid "$SERVER_PID"
            stop_server
        done
    done
}

dz_cell() { # SERVER LABEL KEY DECIMALS
    local v
    v=$(med "$1_$2" "$3")
    [ -n "$v" ] || { echo "n/a"; return; }
    fmt "$v" "$4"
}

deflate_report() {
    local conf level s hdr sep row what
    echo "## permessage-deflate (bench/compare.sh --modes deflate)"
    echo
    for s in ext node python; do
        case " ${SERVERS[*]} " in *" $s "*) echo "- ${NAME[$s]}: ${VERSION[$s]}" ;; esac
    done
    echo
    echo "The extension in its default mode (no context takeover either way: no zlib memory on an idle connection, one shared deflater per window, inflaters lent per message, a broadcast compressed once) and with context takeover (\`'server_no_context_takeover' => false, 'client_no_context_takeover' => false\`), beside Node's ws (\`perMessageDeflate\` with its defaults: context takeover, windows 15, memLevel 8, threshold 1 KiB, zlib in libuv's threads) and Python's websockets (its default deflate settings: context takeover, windows 12, memLevel 5), each at the zlib level named. wsload offers \`permessage-deflate; client_max_window_bits\`, compresses what it sends as agreed (level 6), inflates and checks every byte that comes back. Server CPU is the server process's (all its threads); wire bytes are what wsload read from the socket per message (frames included), against the raw size of the message. Each figure is the median over $RUNS run(s); the servers of one row ran one after the other, fresh for each configuration."
    echo
    for conf in json1k text64k; do
        case $conf in json1k) what="1 KiB JSON (wsload --content json), 50 connections × 8 in flight" ;; *) what="64 KiB English-like text (wsload --content text), 10 connections × 2 in flight" ;; esac
        echo "### Echo of $what"
        echo
        hdr="| level | figure |"; sep="| --- | --- |"
        for s in "${DZ_SERVERS[@]}"; do hdr="$hdr ${DZ_NAME[$s]} |"; sep="$sep --- |"; done
        echo "$hdr"; echo "$sep"
        for level in off "${DZ_LEVELS[@]}"; do
            for fig in "server_cpu_us_per_msg:server CPU µs per message:2" "wire_in_bytes_per_msg:bytes on the wire per message:0" "msgs_per_s:messages/s:0"; do
                row="| $([ "$level" = off ] && echo "off" || echo "$level") | $(echo "$fig" | cut -d: -f2) |"
                for s in "${DZ_SERVERS[@]}"; do row="$row $(dz_cell "$s" "dz_${conf}_L$level" "${fig%%:*}" "${fig##*:}") |"; done
                echo "$row"
            done
        done
        echo
    done
    echo "### Broadcast of 4 KiB JSON to $(fmt "$BC_N") compressing subscribers, 1 in flight"
    echo
    hdr="| compression | figure |"; sep="| --- | --- |"
    for s in "${DZ_SERVERS[@]}"; do hdr="$hdr ${DZ_NAME[$s]} |"; sep="$sep --- |"; done
    echo "$hdr"; echo "$sep"
    for level in off 1; do
        for fig in "server_cpu_us_per_delivery:server CPU µs per delivery:3" "wire_in_bytes_per_delivery:bytes on the wire per delivery:0" "deliveries_per_s:deliveries/s:0"; do
            row="| $([ "$level" = off ] && echo off || echo "level $level") | $(echo "$fig" | cut -d: -f2) |"
            for s in "${DZ_SERVERS[@]}"; do row="$row $(dz_cell "$s" "dz_bc4k_L$level" "${fig%%:*}" "${fig##*:}") |"; done
            echo "$row"
        done
    done
    echo
    for s in "${DZ_SERVERS[@]}"; do
        if [ "$(nruns "${s}_dz_bc4k_L1")" -gt 0 ] && [ "$(nok "${s}_dz_bc4k_L1")" = 0 ]; then
            echo "n/a for ${DZ_NAME[$s]}: none of its $(nruns "${s}_dz_bc4k_L1") run(s) completed (wsload's errors are at the end: the first broadcast did not reach every receiver within wsload's 5 s stall limit)."
        fi
    done
    echo
    echo "### Memory per idle connection, $(fmt "$DZ_IDLE_N") connections, each after one compressed 1 KiB message each way"
    echo
    echo "| server | server RSS KiB per connection |"
    echo "| --- | --- |"
    echo "| ext-websocket, compression off | $(dz_cell ext_off dz_idle kib_per_conn 2) |"
    for s in "${DZ_SERVERS[@]}"; do echo "| ${DZ_NAME[$s]} | $(dz_cell "$s" dz_idle kib_per_conn 2) |"; done
    echo
}
