/*
 * php_ws_server_int.h: what the files of WebSocket\Server share among
 * themselves: php_ws_server.c (object lifetime, methods), _options.c (the
 * options array), _bridge.c (core events to PHP callbacks), _timers.c.
 */
#ifndef PHP_WS_SERVER_INT_H
#define PHP_WS_SERVER_INT_H

#include "php_ws.h"
#include "core/ws_handshake.h"

#define THIS_SERVER() php_ws_server_from_obj(Z_OBJ_P(ZEND_THIS))

/* php_ws_server.c */
/* The Server behind $this, or NULL with an Error thrown (constructor not run). */
php_ws_server *php_ws_server_checked(zval *this_ptr);
/* Free onHandshake's answer once the core has written it. */
void php_ws_server_reply_release(php_ws_server *intern);

/* php_ws_server_options.c */
/* Validate options into intern->cfg and its owned strings. SUCCESS, or
 * FAILURE with a ServerException or TypeError thrown. */
int php_ws_server_parse_options(php_ws_server *intern, HashTable *options);
void php_ws_strv_free(char **v);

/* php_ws_server_bridge.c */
extern const ws_server_callbacks php_ws_server_bridge;
void php_ws_server_bridge_request(ws_server *srv, ws_conn *conn, const ws_handshake_req *req, ws_slice body,
                                  ws_http_reply *reply, void *ud);
/* One line for the operator: the logger option, else stderr, above log_level. */
void php_ws_server_log_line(php_ws_server *server, int level, const char *who, const char *msg);

/* php_ws_server_timers.c */
void php_ws_timer_free(php_ws_server *server, php_ws_timer *t);
void php_ws_server_cancel_timers(php_ws_server *server);

/* php_ws_tls.c */
/* The "tls" option (an array, or null for none) into intern->tls. */
int php_ws_tls_parse_option(php_ws_server *intern, zval *v);
/* The TLS context from intern->tls, or NULL with a ServerException thrown. */
struct ws_tls_ctx *php_ws_tls_build(php_ws_server *intern);
void php_ws_tls_free(php_ws_server *intern);
/* SIGHUP: read the certificate and key again for new handshakes; a failure is logged, the old ones stay. */
void php_ws_tls_reload_on_signal(php_ws_server *intern);
/* Connection::getTlsInfo()'s array, or null. */
void php_ws_tls_info(ws_conn *conn, zval *return_value);

#endif
