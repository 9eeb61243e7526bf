#!/usr/bin/env bash
# Builds the peer servers that bench/compare.sh runs beside the extension, from their released source
# archives, outside the repository, in a cache directory that later runs reuse:
#
#   swoole     Swoole, a C/C++ PHP extension: phpize && ./configure && make (about 3 minutes on 2 cores);
#              not built when `php -m` already lists swoole (the installed one is used)
#   workerman  Workerman, pure PHP: only unpacked (bench/peers/workerman/server.php autoloads its src/)
#   uws        uWebSockets with the uSockets it pins: uSockets' make, then bench/peers/uws/server.cpp with
#              uWebSockets' own example flags (a few seconds)
#
# Sourced by bench/compare.sh (peers_init, then prepare_swoole / prepare_workerman / prepare_uws), or run:
#   bench/peers/build.sh [swoole] [workerman] [uws]      (no argument: all three)
#
# Where: BENCH_CACHE if set, else /var/cache/ext-websocket-bench when it can be created (root), else
# ${XDG_CACHE_HOME:-~/.cache}/ext-websocket-bench. The archives: BENCH_PEER_SRC if set, else
# ../shared/vendor-src/peers beside the repository. Every build is made in a scratch folder and moved into
# place when it succeeded, under a lock, so an interrupted or concurrent run never leaves half a build.
# shellcheck shell=bash

PEERS_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEERS_ROOT=$(cd "$PEERS_HERE/../.." && pwd)

_peer_log() { if declare -F log >/dev/null; then log "$@"; else echo "[peers] $*" >&2; fi; }

# peers_init: PEER_CACHE (created), PEER_SRC (the archives' folder; may not exist)
peers_init() {
    if [ -n "${BENCH_CACHE:-}" ]; then
        PEER_CACHE=$BENCH_CACHE
    elif mkdir -p /var/cache/ext-websocket-bench 2>/dev/null && [ -w /var/cache/ext-websocket-bench ]; then
        PEER_CACHE=/var/cache/ext-websocket-bench
    else
        PEER_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ext-websocket-bench
    fi
    mkdir -p "$PEER_CACHE" || { _peer_log "cannot create the cache directory $PEER_CACHE"; return 1; }
    PEER_CACHE=$(cd "$PEER_CACHE" && pwd)
    PEER_SRC=${BENCH_PEER_SRC:-$PEERS_ROOT/../shared/vendor-src/peers}
    [ -d "$PEER_SRC" ] && PEER_SRC=$(cd "$PEER_SRC" && pwd)
    return 0
}

# _archive PREFIX: ARCH, the newest $PEER_SRC/PREFIX*.tar.gz; fails (PEER_WHY says why) when there is none
_archive() {
    ARCH=$(ls "$PEER_SRC"/"$1"*.tar.gz 2>/dev/null | sort -V | tail -n1)
    [ -n "$ARCH" ] || { PEER_WHY="no $1*.tar.gz in $PEER_SRC"; return 1; }
}
# _version ARCHIVE PREFIX: the version in the archive's name (swoole-src-6.2.2.tar.gz -> 6.2.2)
_version() { local b; b=$(basename "$1" .tar.gz); echo "${b#"$2"}"; }

# _locked NAME CMD...: CMD under an exclusive lock on the cache (one build of NAME at a time)
_locked() {
    local name=$1; shift
    ( flock 9 && "$@" ) 9>"$PEER_CACHE/.lock-$name"
}

# ---------------------------------------------------------------- Workerman
# prepare_workerman: WORKERMAN_SRC (its src/ folder), WORKERMAN_VERSION; PEER_WHY on failure
prepare_workerman() {
    local a v
    PEER_WHY=""
    _archive workerman- || return 1
    a=$ARCH
    v=$(_version "$a" workerman-)
    WORKERMAN_VERSION=$v
    WORKERMAN_SRC="$PEER_CACHE/workerman-$v/src"
    [ -f "$WORKERMAN_SRC/Worker.php" ] && return 0
    _peer_log "unpacking Workerman $v into $PEER_CACHE"
    _locked workerman _unpack_workerman "$a" "$PEER_CACHE/workerman-$v"
    [ -f "$WORKERMAN_SRC/Worker.php" ] || { PEER_WHY="unpacking $a failed"; return 1; }
}
_unpack_workerman() { # archive dest
    [ -f "$2/src/Worker.php" ] && return 0
    local tmp="$2.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp" && tar xzf "$1" -C "$tmp" --strip-components=1 && rm -rf "$2" && mv "$tmp" "$2"
}

# ---------------------------------------------------------------- uWebSockets
UWS_CXXFLAGS="-march=native -O3 -flto=auto -std=c++2b"

# prepare_uws: UWS_BIN (the built bench/peers/uws/server.cpp), UWS_VERSION; PEER_WHY on failure
prepare_uws() {
    local a u v uv dir key
    PEER_WHY=""
    _archive uWebSockets- || return 1
    a=$ARCH
    _archive uSockets- || return 1
    u=$ARCH
    v=$(_version "$a" uWebSockets-)
    uv=$(_version "$u" uSockets-)
    UWS_VERSION="$v (uSockets $uv)"
    command -v g++ >/dev/null && command -v make >/dev/null || { PEER_WHY="no g++ or make"; return 1; }
    dir="$PEER_CACHE/uws-$v-$uv"
    # the binary is named after what it was built from: the server's source, the flags and the compiler
    key=$( { cat "$PEERS_HERE/uws/server.cpp"; echo "$UWS_CXXFLAGS"; g++ --version | head -n1; } | sha256sum | cut -c1-12)
    UWS_BIN="$dir/bin/server-$key"
    [ -x "$UWS_BIN" ] && return 0
    _peer_log "building uWebSockets $v with uSockets $uv in $dir"
    _locked uws _build_uws "$a" "$u" "$dir" "$UWS_BIN" >"$PEER_CACHE/uws-build.log" 2>&1
    [ -x "$UWS_BIN" ] || { PEER_WHY="the uWebSockets build failed ($(tail -n 3 "$PEER_CACHE/uws-build.log" | tr '\n' ' '))"; return 1; }
}
_build_uws() { # uws-archive usockets-archive dir bin
    local tree="$3/uWebSockets" tmp
    if [ ! -f "$tree/.built" ]; then
        tmp="$3.tmp.$$"
        rm -rf "$tmp" && mkdir -p "$tmp/uWebSockets/uSockets" || return 1
        tar xzf "$1" -C "$tmp/uWebSockets" --strip-components=1 || return 1
        tar xzf "$2" -C "$tmp/uWebSockets/uSockets" --strip-components=1 || return 1
        # uSockets' default target: LIBUS_NO_SSL, -O3 -flto, the objects plus uSockets.a
        make -C "$tmp/uWebSockets/uSockets" || return 1
        touch "$tmp/uWebSockets/.built"
        rm -rf "$3" && mv "$tmp" "$3" || return 1
    fi
    [ -x "$4" ] && return 0
    mkdir -p "$(dirname "$4")" || return 1
    # shellcheck disable=SC2086 # UWS_CXXFLAGS is a word list
    g++ $UWS_CXXFLAGS -I"$tree/src" -I"$tree/uSockets/src" "$PEERS_HERE/uws/server.cpp" \
        "$tree"/uSockets/*.o -lz -o "$4.tmp.$$" && mv "$4.tmp.$$" "$4"
}

# ---------------------------------------------------------------- Swoole
# prepare_swoole ALLOW_BUILD: SWOOLE_SO (empty when php already loads swoole), SWOOLE_VERSION; without
# ALLOW_BUILD=1, only an installed or already built Swoole is used. PEER_WHY on failure.
prepare_swoole() {
    local allow=${1:-1} a v dir
    PEER_WHY=""
    if php -m 2>/dev/null | grep -qix swoole; then
        SWOOLE_SO=""
        SWOOLE_VERSION="$(php -r 'echo phpversion("swoole");') (installed)"
        return 0
    fi
    _archive swoole-src- || return 1
    a=$ARCH
    v=$(_version "$a" swoole-src-)
    SWOOLE_VERSION=$v
    dir="$PEER_CACHE/swoole-$v-php$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, PHP_ZTS ? "-zts" : "-nts";')"
    SWOOLE_SO="$dir/swoole.so"
    [ -f "$SWOOLE_SO" ] && return 0
    if [ "$allow" != 1 ]; then
        PEER_WHY="not installed, not built in $PEER_CACHE yet, and building it takes minutes (ask with --peers swoole)"
        return 1
    fi
    command -v phpize >/dev/null || { PEER_WHY="no phpize (php-dev)"; return 1; }
    _peer_log "building Swoole $v in $dir (about 3 minutes on 2 cores)"
    _locked swoole _build_swoole "$a" "$dir" >"$PEER_CACHE/swoole-build.log" 2>&1
    [ -f "$SWOOLE_SO" ] || { PEER_WHY="the Swoole build failed ($(tail -n 3 "$PEER_CACHE/swoole-build.log" | tr '\n' ' '))"; return 1; }
}
_build_swoole() { # archive dir
    [ -f "$2/swoole.so" ] && return 0
    local tmp="$2.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp/src" || return 1
    tar xzf "$1" -C "$tmp/src" --strip-components=1 || return 1
    (cd "$tmp/src" && phpize && ./configure && make -j"$(nproc)") || return 1
    cp "$tmp/src/modules/swoole.so" "$tmp/swoole.so" && rm -rf "$tmp/src" || return 1
    rm -rf "$2" && mv "$tmp" "$2"
}

# ---------------------------------------------------------------- standalone
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -u
    peers_init || exit 1
    [ $# -gt 0 ] || set -- swoole workerman uws
    rc=0
    for p in "$@"; do
        case "$p" in
            swoole) if prepare_swoole 1; then echo "swoole ${SWOOLE_VERSION}: ${SWOOLE_SO:-the installed extension}"; else echo "swoole: $PEER_WHY" >&2; rc=1; fi ;;
            workerman) if prepare_workerman; then echo "workerman $WORKERMAN_VERSION: $WORKERMAN_SRC"; else echo "workerman: $PEER_WHY" >&2; rc=1; fi ;;
            uws) if prepare_uws; then echo "uws $UWS_VERSION: $UWS_BIN"; else echo "uws: $PEER_WHY" >&2; rc=1; fi ;;
            *) echo "build.sh: unknown peer $p (swoole, workerman, uws)" >&2; rc=2 ;;
        esac
    done
    exit $rc
fi
