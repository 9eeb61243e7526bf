#!/usr/bin/env bash
# tests/integrations/thinkphp/run.sh: the ThinkPHP package (integrations/thinkphp, issue 16) in a real ThinkPHP 8 app.
#
#   tests/integrations/thinkphp/run.sh
#
# Builds an app from the topthink/think 8 skeleton in a temp dir: the skeleton and the framework come from
# ../shared/vendor-src as Composer path repositories (the registry here has no topthink/* packages), the package
# from its own path repository (copied, so what is tested is this tree's), everything else (psr/*) from the
# registry through a Composer cache in /var/cache/ext-websocket-it/thinkphp (psr/*, PHPStan, Predis). Then copies the test app's listeners
# and controller (tests/integrations/thinkphp/app) in, and scenario.php runs the checks against `php think
# websocket` (two workers), `php think run` and a redis-server it starts on a free loopback port.
#
# One line per check, "check thinkphp NAME OK" or "check thinkphp NAME FAILED: ...", then
# "thinkphp: N passed, M failed"; non-zero exit on any failure. TPIT_KEEP=1 keeps the temp dir; TPIT_VALGRIND=1 runs
# the servers under valgrind memcheck (every wait ten times longer; about ten minutes).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ext="$root/modules/websocket.so"
shared="${WS_SHARED:-$(cd "$root/.." && pwd)/shared}"
[ -d "$shared/vendor-src/topthink" ] || shared=/work/shared
vendor="$shared/vendor-src/topthink"
cache="${WS_IT_CACHE:-/var/cache/ext-websocket-it}/thinkphp"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ws-thinkphp.XXXXXX")
cleanup() { if [ "${TPIT_KEEP:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
trap 'exit 143' TERM INT

blocked() { echo "check thinkphp setup FAILED: $1"; echo "thinkphp: 0 passed, 1 failed"; exit 1; }

[ -f "$ext" ] || blocked "no $ext (build first: scripts/build.sh)"
# Supervisor, for the README's Supervisor block: installed here when missing (as root), with a policy-rc.d that
# keeps Debian's package from starting the system's supervisord (deps.sh does not install it for that reason).
if ! command -v supervisord >/dev/null; then
	[ "$(id -u)" = 0 ] || blocked "supervisor is not installed (apt-get install supervisor)"
	made=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$tmp/apt.log" 2>&1 &&
		DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends supervisor >>"$tmp/apt.log" 2>&1
	rc=$?
	[ "$made" = 1 ] && rm -f /usr/sbin/policy-rc.d
	[ "$rc" = 0 ] || { tail -n 20 "$tmp/apt.log"; blocked "apt-get install supervisor failed"; }
fi
for d in think-8.0.0 framework-8.0.4 think-orm-3.0.14 think-helper-3.1.6; do
	[ -d "$vendor/$d" ] || blocked "no $vendor/$d"
done
command -v composer >/dev/null || blocked "composer is not installed"
command -v redis-server >/dev/null || blocked "redis-server is not installed (scripts/deps.sh test)"
php -r 'exit(extension_loaded("redis") ? 0 : 1);' || blocked "phpredis is not loaded by the CLI (php8.2-redis: scripts/deps.sh test)"

mkdir -p "$cache" || blocked "cannot create $cache"
app="$tmp/app"
cp -r "$vendor/think-8.0.0" "$app" || blocked "cannot copy the skeleton"
# The skeleton's composer.json, with the path repositories; think-filesystem and think-trace are not in the
# registry and a WebSocket command needs neither.
php -r '
	[$file, $vendor, $pkg] = array_slice($argv, 1);
	$j = json_decode(file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
	unset($j["require"]["topthink/think-filesystem"]);
	// PHPStan analyses the package in the app; Predis: a controller pushes through it without phpredis (scenario.php)
	$j["require-dev"] = ["phpstan/phpstan" => "2.3.5", "predis/predis" => "^3.7"];
	$j["require"]["ext-websocket/think-websocket"] = "*";
	$path = fn ($dir, $name, $v) => ["type" => "path", "url" => $dir, "options" => ["symlink" => false, "versions" => [$name => $v]]];
	$j["repositories"] = [
		$path("$vendor/framework-8.0.4", "topthink/framework", "8.0.4"),
		$path("$vendor/think-orm-3.0.14", "topthink/think-orm", "3.0.14"),
		$path("$vendor/think-helper-3.1.6", "topthink/think-helper", "3.1.6"),
		$path($pkg, "ext-websocket/think-websocket", "1.0.0"),
	];
	file_put_contents($file, json_encode($j, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
' "$app/composer.json" "$vendor" "$root/integrations/thinkphp" || blocked "cannot edit the skeleton's composer.json"

echo "composer install (the app in $app)"
if ! (cd "$app" && COMPOSER_CACHE_DIR="$cache/composer" COMPOSER_NO_INTERACTION=1 COMPOSER_ALLOW_SUPERUSER=1 \
		timeout 300 composer install --no-progress --prefer-dist >"$tmp/composer.log" 2>&1); then
	tail -n 30 "$tmp/composer.log"
	blocked "composer install failed (log above)"
fi
cp -r "$here/app/." "$app/app/" || blocked "cannot copy the test app"

# The servers load a private copy: a rebuild of modules/websocket.so while one has it mapped would crash it.
cp "$ext" "$tmp/websocket.so" || blocked "cannot copy $ext"
timeout $([ -n "${TPIT_VALGRIND:-}" ] && echo 2400 || echo 300) php "$here/scenario.php" "$app" "$tmp/websocket.so"
