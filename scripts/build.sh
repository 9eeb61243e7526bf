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
# make copies the new .so over the old one in place, which crashes any running
# process that has it mapped: move the old file aside first (its inode lives on).
if [ -f modules/websocket.so ]; then
	mv -f modules/websocket.so modules/websocket.so.old
fi
make -j"$(nproc)" >/dev/null
if [ -f modules/websocket.so ]; then
	rm -f modules/websocket.so.old
elif [ -f modules/websocket.so.old ]; then
	mv -f modules/websocket.so.old modules/websocket.so # nothing was rebuilt: make left no new copy
fi
echo "build: $(pwd)/modules/websocket.so"
