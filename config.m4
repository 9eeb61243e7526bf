dnl config.m4 for ext-websocket
PHP_ARG_ENABLE([websocket], [whether to enable websocket support],
  [AS_HELP_STRING([--enable-websocket], [Enable WebSocket server support])])

PHP_ARG_ENABLE([websocket-dev], [whether to enable websocket developer build flags],
  [AS_HELP_STRING([--enable-websocket-dev], [websocket: -Werror and extra warnings (CI)])], [no], [no])

PHP_ARG_WITH([websocket-hiredis], [whether to use hiredis for the websocket Redis option],
  [AS_HELP_STRING([--without-websocket-hiredis], [websocket: Redis pub/sub via hiredis, used when found (=no: leave it out)])],
  [yes], [no])

if test "$PHP_WEBSOCKET" != "no"; then
  AC_CHECK_HEADERS([sys/epoll.h], [], [AC_MSG_ERROR([ext-websocket needs epoll(7) (Linux)])])

  PKG_CHECK_MODULES([ZLIB], [zlib >= 1.2.11])
  PHP_EVAL_INCLINE([$ZLIB_CFLAGS])
  PHP_EVAL_LIBLINE([$ZLIB_LIBS], [WEBSOCKET_SHARED_LIBADD])

  dnl OpenSSL: SHA-1 and base64 for the handshake now, wss:// later.
  PHP_SETUP_OPENSSL([WEBSOCKET_SHARED_LIBADD], [],
    [AC_MSG_ERROR([ext-websocket needs OpenSSL (apt-get install libssl-dev)])])

  WS_CFLAGS="-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter"

  dnl hiredis (Redis pub/sub for the `redis` option): optional. Without it
  dnl src/core/ws_redis.c builds to stubs that refuse with a clear reason.
  if test "$PHP_WEBSOCKET_HIREDIS" != "no"; then
    AC_MSG_CHECKING([for hiredis])
    if test -n "$PKG_CONFIG" && $PKG_CONFIG --exists hiredis; then
      WS_HIREDIS_VERSION=`$PKG_CONFIG --modversion hiredis`
      AC_MSG_RESULT([$WS_HIREDIS_VERSION (pkg-config)])
      dnl its Cflags name .../include/hiredis; the sources include <hiredis/async.h>
      PHP_ADD_INCLUDE([`$PKG_CONFIG --variable=includedir hiredis`])
      PHP_EVAL_INCLINE([`$PKG_CONFIG --cflags hiredis`])
      PHP_EVAL_LIBLINE([`$PKG_CONFIG --libs hiredis`], [WEBSOCKET_SHARED_LIBADD])
      WS_CFLAGS="$WS_CFLAGS -DHAVE_WS_HIREDIS=1"
    else
      AC_MSG_RESULT([no pkg-config file, trying the header and the library])
      AC_CHECK_HEADER([hiredis/async.h], [
        PHP_CHECK_LIBRARY([hiredis], [redisAsyncConnect], [
          PHP_ADD_LIBRARY([hiredis], [1], [WEBSOCKET_SHARED_LIBADD])
          WS_CFLAGS="$WS_CFLAGS -DHAVE_WS_HIREDIS=1"
        ], [AC_MSG_WARN([libhiredis not usable: the websocket Redis option will be unavailable])])
      ], [AC_MSG_WARN([hiredis not found (apt-get install libhiredis-dev): the websocket Redis option will be unavailable])])
    fi
  fi
  if test "$PHP_WEBSOCKET_DEV" != "no"; then
    for flag in -Werror -Wimplicit-fallthrough -Wformat-security -Wshadow; do
      AX_CHECK_COMPILE_FLAG([$flag], [WS_CFLAGS="$WS_CFLAGS $flag"])
    done
  fi

  WS_CORE_SOURCES="src/core/ws_alloc.c src/core/ws_buf.c src/core/ws_bus.c src/core/ws_conn.c src/core/ws_frame.c \
    src/core/ws_handshake.c src/core/ws_hash.c src/core/ws_head.c src/core/ws_http.c src/core/ws_idmap.c src/core/ws_iplimit.c src/core/ws_loop.c src/core/ws_net.c src/core/ws_proto.c src/core/ws_pubsub.c \
    src/core/ws_master.c src/core/ws_redis.c src/core/ws_metrics.c src/core/ws_server.c src/core/ws_signal.c src/core/ws_topic.c src/core/ws_transport_tcp.c src/core/ws_transport_tls.c src/core/ws_utf8.c"
  WS_PHP_SOURCES="src/php/php_ws_callback.c src/php/php_ws_connection.c src/php/php_ws_http.c src/php/php_ws_pubsub.c src/php/php_ws_server.c src/php/php_ws_server_bridge.c src/php/php_ws_server_options.c src/php/php_ws_server_timers.c src/php/php_ws_tls.c"
  WS_CORE_SOURCES="$WS_CORE_SOURCES src/core/ws_deflate.c src/core/ws_pmd.c"
  WS_PHP_SOURCES="$WS_PHP_SOURCES src/php/php_ws_deflate.c"

  PHP_NEW_EXTENSION([websocket], [websocket.c $WS_PHP_SOURCES $WS_CORE_SOURCES], [$ext_shared],, [$WS_CFLAGS])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/core])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/php])
  PHP_ADD_INCLUDE([$ext_srcdir/src])
  PHP_ADD_INCLUDE([$ext_srcdir/src/php])
  PHP_SUBST([WEBSOCKET_SHARED_LIBADD])
fi
