#!/usr/bin/env bash
# Runs the RFC 6455 conformance suite against examples/echo.php.
#
#   tests/conformance/run.sh [conformance.php options, e.g. --case 6.4 --verbose]
#   tests/conformance/run.sh --wss [options]   the same suite over wss:// (a CA and a server certificate made
#                                              by the openssl command for this run; the client verifies it)
#
# Starts the echo example on a free 127.0.0.1 port (port 0, reads "READY <port>"),
# runs conformance.php against it, stops the server and exits with the suite's
# status. SERVER_CMD overrides the server command (it gets the port, 0, as its
# last argument and must print "READY <port>"), e.g. to try another server.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
php=${PHP:-php}
ext="$root/modules/websocket.so"

if [ -z "${SERVER_CMD:-}" ]; then
    if [ ! -f "$ext" ]; then
        echo "conformance: $ext is missing: build the extension first (scripts/test.sh does)" >&2
        echo "conformance: 0 passed, 1 failed"
        exit 1
    fi
    if [ ! -f "$root/examples/echo.php" ]; then
        echo "conformance: $root/examples/echo.php is missing" >&2
        echo "conformance: 0 passed, 1 failed"
        exit 1
    fi
    SERVER_CMD="$php -d extension=$ext $root/examples/echo.php"
fi

tmp=$(mktemp -d)
server_pid=
tls_args=()
if [ "${1:-}" = "--wss" ]; then
    shift
    (cd "$tmp" &&
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 1 \
            -subj /CN=conformance-CA &&
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out srv.key &&
        openssl req -new -key srv.key -out srv.csr -subj /CN=localhost &&
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext &&
        openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out srv.crt -days 1 -extfile san.ext
    ) >"$tmp/openssl.log" 2>&1 || { cat "$tmp/openssl.log" >&2; echo "conformance: 0 passed, 1 failed"; exit 1; }
    export WS_TLS_CERT="$tmp/srv.crt" WS_TLS_KEY="$tmp/srv.key"
    tls_args=(--tls "$tmp/ca.crt")
fi
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$server_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

$SERVER_CMD 0 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!

port=
for _ in $(seq 100); do
    # Whole lines only: "read" fails on a last line without its newline ("READY 4" of "READY 45123").
    while IFS= read -r line; do
        case "$line" in
            READY\ [0-9]*) port=${line#READY }; port=${port%%[!0-9]*}; break ;;
        esac
    done <"$tmp/server.out"
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "conformance: the server did not print READY <port> within 10 s" >&2
    sed 's/^/server stdout: /' "$tmp/server.out" >&2
    sed 's/^/server stderr: /' "$tmp/server.err" >&2
    echo "conformance: 0 passed, 1 failed"
    exit 1
fi

# The whole suite is bounded too (every read inside it already is).
timeout 1200 "$php" "$here/conformance.php" --host 127.0.0.1 --port "$port" "${tls_args[@]}" "$@"
status=$?
if [ "$status" -eq 124 ]; then
    echo "conformance: the suite did not finish within 1200 s" >&2
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "conformance: the server exited during the suite" >&2
    sed 's/^/server stderr: /' "$tmp/server.err" | tail -n 20 >&2
    status=1
elif [ -s "$tmp/server.err" ]; then
    echo "conformance: server stderr (last lines):" >&2
    tail -n 20 "$tmp/server.err" | sed 's/^/server stderr: /' >&2
fi
exit "$status"
