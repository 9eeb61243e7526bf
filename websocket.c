/* websocket.c: the module: class registration and phpinfo. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/standard/info.h"
#include "zend_enum.h"
#include "zend_interfaces.h"
#include "zend_exceptions.h"
#include <openssl/opensslv.h>
#include <zlib.h>

#include "php_websocket.h"
#include "php_ws.h"
#include "core/ws_redis.h"
#include "core/ws_signal.h"
#include "zend_signal.h"
#include "stubs/websocket_arginfo.h"

zend_class_entry *php_ws_closecode_ce;
zend_class_entry *php_ws_exception_ce, *php_ws_server_exception_ce, *php_ws_backpressure_exception_ce;
zend_class_entry *php_ws_rate_limit_exception_ce;

/* The core allocates through these, so its memory counts against memory_limit
 * and shows up in debug builds' leak reports. */
static void *ws_php_malloc(size_t n) { return emalloc(n); }
static void *ws_php_realloc(void *p, size_t n) { return erealloc(p, n); }
static void ws_php_free(void *p) { efree(p); }
static const ws_allocator ws_php_allocator = {ws_php_malloc, ws_php_realloc, ws_php_free};

#ifdef ZEND_SIGNALS
/* With Zend signals, PHP's handler stays installed and calls the handler
 * zend_sigaction() records: read and set that one, as pcntl_signal() does. */
static int ws_php_sigaction(int signo, const struct sigaction *act, struct sigaction *old)
{
	zend_sigaction(signo, act, old);
	return 0;
}
#endif

PHP_MINIT_FUNCTION(websocket)
{
	ws_set_allocator(&ws_php_allocator);
#ifdef ZEND_SIGNALS
	ws_signal_use(ws_php_sigaction);
#endif
	php_ws_closecode_ce = register_class_WebSocket_CloseCode();
	php_ws_server_minit(register_class_WebSocket_Server(zend_ce_countable, zend_ce_aggregate));
	php_ws_connection_minit(register_class_WebSocket_Connection());
	php_ws_exception_ce = register_class_WebSocket_Exception(zend_ce_exception);
	php_ws_server_exception_ce = register_class_WebSocket_ServerException(php_ws_exception_ce);
	php_ws_backpressure_exception_ce = register_class_WebSocket_BackpressureException(php_ws_exception_ce);
	php_ws_rate_limit_exception_ce = register_class_WebSocket_RateLimitException(php_ws_exception_ce);
	php_ws_http_minit(register_class_WebSocket_Request(), register_class_WebSocket_Response());
	return SUCCESS;
}

PHP_MINFO_FUNCTION(websocket)
{
	php_info_print_table_start();
	php_info_print_table_header(2, "WebSocket server support (RFC 6455)", "enabled");
	php_info_print_table_row(2, "Version", PHP_WEBSOCKET_VERSION);
	php_info_print_table_row(2, "Event loop", "epoll");
	php_info_print_table_row(2, "OpenSSL (handshake SHA-1, base64, TLS)", OPENSSL_VERSION_TEXT);
	php_info_print_table_row(2, "zlib", ZLIB_VERSION);
	php_info_print_table_row(2, "Redis (hiredis)", ws_redis_version() ? ws_redis_version() : "not built");
	php_info_print_table_row(2, "permessage-deflate (RFC 7692)", "enabled (zlib " ZLIB_VERSION ")");
	php_info_print_table_row(2, "TLS (wss://)", "enabled (the tls option; TLS 1.2 and 1.3, ALPN http/1.1, session tickets)");
	php_info_print_table_end();
}

zend_module_entry websocket_module_entry = {
	STANDARD_MODULE_HEADER,
	"websocket",
	NULL,
	PHP_MINIT(websocket),
	NULL,
	NULL,
	NULL,
	PHP_MINFO(websocket),
	PHP_WEBSOCKET_VERSION,
	STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_WEBSOCKET
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(websocket)
#endif
