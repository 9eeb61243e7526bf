#!/bin/sh
# Builds the extension and runs examples/echo.php on 127.0.0.1:${PORT:-8080}.
# Any browser page can then do: new WebSocket('ws://127.0.0.1:8080').
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh build
sh scripts/build.sh
exec php -d extension="$(pwd)/modules/websocket.so" examples/echo.php "${PORT:-8080}" 127.0.0.1
