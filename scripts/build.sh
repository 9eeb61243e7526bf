#!/bin/sh
# Builds modules/websocket.so with phpize (warnings are errors: --enable-websocket-dev).
# Extra CFLAGS/LDFLAGS in the environment pass through (the sanitizer build uses them).
set -eu
cd "$(dirname "$0")/.."
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ] || [ -n "${WS_REBUILD:-}" ]; then
	phpize >/dev/null
	./configure --enable-websocket --enable-websocket-dev >/dev/null
	make clean >/dev/null
fi
make -j"$(nproc)" >/dev/null
echo "build: $(pwd)/modules/websocket.so"
