#!/bin/bash
# Builds the extension and runs every test: C unit tests (ASan+UBSan), the
# src/core boundary check, PHPT, fuzz corpus replay and short fuzz runs,
# the conformance suite, interop with real clients, and the PHPT suite again
# with every server under valgrind memcheck.
# Ends with "N passed, M failed" and exits non-zero on any failure.
#
# Environment: FUZZ_SECONDS (default 60 per target), SKIP_VALGRIND=1, SKIP_INTEROP=1.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
passed=0
failed=0
failures=""
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

# stage NAME COMMAND...: runs it, reads "N passed, M failed" from its last such
# line (a stage without one counts as 1 check, by exit code).
stage() {
	local name=$1; shift
	local log="$log_dir/$name.log" rc p f line
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/.*\b([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
	elif [ "$rc" = 0 ]; then p=1; f=0; else p=0; f=1; fi
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	passed=$((passed + p)); failed=$((failed + f))
	[ "$f" = 0 ] || failures="$failures $name"
	echo "=== $name: $p passed, $f failed (exit $rc)"
}

phpt() {
	local extra=$1; shift
	local out="$log_dir/phpt$extra.out"
	TEST_PHP_ARGS="" NO_INTERACTION=1 php /usr/lib/php/"$(php-config --phpapi)"/build/run-tests.php \
		-q -j2 --show-diff -p "$(command -v php)" -n -d extension="$root/modules/websocket.so" \
		"$@" tests > "$out" 2>&1
	local rc=$?
	grep -E '^Tests (passed|failed|skipped)' "$out"
	# The names of failed tests, then their diffs (run-tests --show-diff).
	sed -n '/^FAILED TEST SUMMARY/,/^=====/p' "$out"
	grep -E '^(FAIL|BORK|LEAK)' "$out" | head -n 50
	sed -n '/^========DIFF========/,/^========DONE========/p' "$out" | head -n 300
	local p f
	p=$(sed -nE 's/^Tests passed +: +([0-9]+).*/\1/p' "$out" | tail -n1)
	f=$(sed -nE 's/^Tests failed +: +([0-9]+).*/\1/p' "$out" | tail -n1)
	echo "phpt: ${p:-0} passed, ${f:-1} failed"
	[ "${f:-1}" = 0 ] && [ "${p:-0}" -gt 0 ] && [ $rc = 0 ]
}

bench_smoke() {
	local a b ok bad
	bash bench/run.sh --quick --runs 1 --out "$log_dir/RESULTS-quick.md"; a=$?
	bash bench/compare.sh --quick --runs 1 --out "$log_dir/COMPARE-quick.md"; b=$?
	ok=$(cat "$log_dir"/RESULTS-quick.md "$log_dir"/COMPARE-quick.md 2>/dev/null | grep -c '^wsload .* ok=1')
	bad=$(cat "$log_dir"/RESULTS-quick.md "$log_dir"/COMPARE-quick.md 2>/dev/null | grep -c '^wsload .* ok=0')
	echo "bench-smoke: $ok passed, $bad failed (wsload runs)"
	bash bench/http.sh --quick --out "$log_dir/HTTP-quick.md" || { echo "bench-smoke: bench/http.sh --quick failed (see $log_dir/HTTP-quick.md)"; return 1; }
	bash bench/tls.sh --quick --out "$log_dir/TLS-quick.md" || { echo "bench-smoke: bench/tls.sh --quick failed (see $log_dir/TLS-quick.md)"; return 1; }
	bash bench/topics.sh --quick --out "$log_dir/TOPICS-quick.md" || { echo "bench-smoke: bench/topics.sh --quick failed (see $log_dir/TOPICS-quick.md)"; return 1; }
	# permessage-deflate through wsload --deflate, which inflates and checks every byte (the extension alone)
	bash bench/compare.sh --quick --runs 1 --modes deflate --peers none --out "$log_dir/DEFLATE-quick.md" || { echo "bench-smoke: bench/compare.sh --modes deflate --quick failed (see $log_dir/DEFLATE-quick.md)"; return 1; }
	[ "$a" = 0 ] && [ "$b" = 0 ]
}

core_boundary() {
	# src/core is plain C: no Zend types or PHP calls may creep in.
	if grep -nE 'zend_|zval|php_|emalloc|efree|EG\(' src/core/*.[ch]; then
		echo "src/core uses PHP API"; return 1
	fi
	echo "src/core has no PHP API"
}

stage deps sh scripts/deps.sh test
stage build env WS_REBUILD=1 sh scripts/build.sh
stage core-boundary core_boundary
stage c-unit make -s -C tests/c test
stage phpt phpt ""
stage fuzz-replay make -s -C tests/c fuzz-replay
stage fuzz-run make -s -C tests/c fuzz-run FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
stage conformance bash tests/conformance/run.sh
stage conformance-wss bash tests/conformance/run.sh --wss
stage soak-quick php -n -d extension="$root/modules/websocket.so" bench/soak/soak.php --quick
stage packaging bash tests/packaging/run.sh
# The benchmark scripts stay runnable: every mode once, briefly (wsload verifies every payload and fails on
# any error), and the side-by-side run with the peer servers. Their figures are not judged here.
stage bench-smoke bench_smoke
if [ -z "${SKIP_INTEROP:-}" ]; then
	stage interop bash tests/interop/run.sh
fi
stage supervisor bash tests/supervisor/run.sh
# The Pusher protocol and Laravel (#15): a real laravel/laravel 12 app, Echo and pusher-js in Node and Chromium.
stage laravel bash tests/integrations/laravel/run.sh
# ThinkPHP (#16): a real ThinkPHP 8 app, two nodes with two workers each, redis-server, php think run, supervisord.
stage thinkphp bash tests/integrations/thinkphp/run.sh
if [ -z "${SKIP_VALGRIND:-}" ]; then
	# Servers in the PHPT suite run under memcheck (tests/inc/server.inc reads WST_VALGRIND):
	# any invalid access or definite leak in a server fails its test.
	stage phpt-valgrind env WST_VALGRIND=1 USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 bash -c "$(declare -f phpt); root=$root; log_dir=$log_dir; phpt -valgrind --set-timeout 900"
fi

echo
[ -z "$failures" ] || echo "failed stages:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
