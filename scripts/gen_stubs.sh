#!/bin/sh
# Regenerates stubs/websocket_arginfo.h from stubs/websocket.stub.php, offline.
# PHP's gen_stub.php downloads PHP-Parser into a folder beside itself; Debian's
# php-parser package serves instead, through a symlink with the name it expects.
set -eu
cd "$(dirname "$0")/.."
build="$(php-config --prefix)/lib/php/$(php-config --phpapi)/build"
[ -f "$build/gen_stub.php" ] || build=/usr/lib/php/$(php-config --phpapi)/build
if [ ! -d /usr/share/php/PhpParser ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-parser >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$build/gen_stub.php" "$work/"
ver=$(sed -n 's/^ *\$version = "\([0-9.]*\)";.*/\1/p' "$work/gen_stub.php" | head -n1)
mkdir -p "$work/PHP-Parser-$ver/lib"
ln -s /usr/share/php/PhpParser "$work/PHP-Parser-$ver/lib/PhpParser"
php "$work/gen_stub.php" -f stubs/websocket.stub.php
