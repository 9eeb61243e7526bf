#!/usr/bin/env bash
# Interop tests: real WebSocket clients nobody here wrote, against ext-websocket.
#
#   tests/interop/run.sh            # all three: python, node-ws, browser
#   tests/interop/run.sh python     # or any of: python node-ws browser
#
# - python:  Debian's python3-websockets (/usr/bin/python3) against examples/echo.php and the chat server
# - node-ws: the `ws` npm client (tests/interop/node, installed with `npm ci` when node_modules is missing)
# - browser: headless Chromium (/usr/bin/chromium) through playwright-core runs examples/chat in two pages;
#            screenshots go to tests/interop/artifacts/ (gitignored)
# Each test starts its own servers on free 127.0.0.1 ports and stops them. One line per check,
# then "interop: N passed, M failed"; the exit status is non-zero on any failure.
# Needs: php, modules/websocket.so (built), python3-websockets, nodejs, npm, chromium (apt packages).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ext="$root/modules/websocket.so"
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(python node-ws browser)

passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One failed check line for a missing prerequisite.
missing() {
    echo "check $1 FAILED: $2"
    failed=$((failed + 1))
}

# Runs one suite (bounded in time), echoes its lines, counts its check lines.
run_suite() {
    local name=$1; shift
    local out="$tmp/$name.out"
    timeout -k 10 300 "$@" >"$out" 2>"$tmp/$name.err"
    local status=$?
    cat "$out"
    local ok bad
    ok=$(grep -c '^check .* OK\( (.*)\)\?$' "$out")
    bad=$(grep -c '^check .* FAILED' "$out")
    passed=$((passed + ok))
    failed=$((failed + bad))
    if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
        # The script ended badly without saying which check: count that as a failure.
        echo "check $name run FAILED: expected exit status 0, got $status$([ "$status" -eq 124 ] && echo ' (timed out after 300 s)')"
        sed 's/^/  stderr: /' "$tmp/$name.err" | tail -n 20
        failed=$((failed + 1))
    elif [ -s "$tmp/$name.err" ] && [ "$bad" -gt 0 ]; then
        sed 's/^/  stderr: /' "$tmp/$name.err" | tail -n 20
    fi
}

have_ext=1
if [ -z "${ECHO_SERVER_CMD:-}" ] && [ ! -f "$ext" ]; then
    have_ext=0
fi

node_ready() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        missing "$1 prerequisites" "expected node and npm (apt-get install nodejs npm), got $(command -v node >/dev/null && echo 'no npm' || echo 'no node')"
        return 1
    fi
    if [ ! -d "$here/node/node_modules/ws" ] || [ ! -d "$here/node/node_modules/playwright-core" ]; then
        echo "interop: installing node modules with npm ci in tests/interop/node" >&2
        if ! (cd "$here/node" && timeout 300 npm ci --no-audit --no-fund >"$tmp/npm.log" 2>&1); then
            missing "$1 prerequisites" "expected 'npm ci' to install ws and playwright-core, got: $(tail -n 3 "$tmp/npm.log" | tr '\n' ' ')"
            return 1
        fi
    fi
    return 0
}

for suite in "${suites[@]}"; do
    if [ "$have_ext" -eq 0 ]; then
        missing "$suite prerequisites" "expected $ext (build the extension first: scripts/test.sh), got no such file"
        continue
    fi
    case "$suite" in
        python)
            if [ ! -x /usr/bin/python3 ]; then
                missing "python prerequisites" "expected /usr/bin/python3 (apt-get install python3 python3-websockets), got no such file"
            elif ! /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
                missing "python prerequisites" "expected the websockets module in /usr/bin/python3 (apt-get install python3-websockets), got ImportError"
            else
                run_suite python /usr/bin/python3 "$here/python/test_websockets.py"
            fi
            ;;
        node-ws)
            node_ready node-ws && run_suite node-ws node "$here/node/ws-client.js"
            ;;
        browser)
            if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
                missing "browser prerequisites" "expected ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium), got no such file"
            elif node_ready browser; then
                run_suite browser node "$here/node/browser-chat.js"
            fi
            ;;
        *)
            missing "$suite" "expected one of python, node-ws, browser, got '$suite'"
            ;;
    esac
done

echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
