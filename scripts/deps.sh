#!/bin/sh
# Installs what building and testing need on Debian 12, only what is missing.
# Usage: scripts/deps.sh build|test
set -eu
want="php8.2-dev php8.2-cli libssl-dev zlib1g-dev libhiredis-dev pkg-config make gcc"
if [ "${1:-build}" = test ]; then
	want="$want clang libclang-rt-14-dev python3-websockets chromium nodejs npm valgrind procps curl redis-server php8.2-curl php8.2-sqlite3 php8.2-redis"
fi
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# nodejs/npm may come from elsewhere on the machine: a working node and npm will do.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	missing=$(echo "$missing" | tr ' ' '\n' | grep -vx 'nodejs\|npm' | tr '\n' ' ')
fi
missing=$(echo $missing)
if [ -n "$missing" ]; then
	echo "deps: installing $missing"
	[ "$(id -u)" = 0 ] || { echo "deps: run as root (apt-get install $missing)" >&2; exit 1; }
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
