/*
 * php_ws.h: binding-internal declarations: object structs, *_from_obj()
 * helpers, class entries. No protocol logic lives in src/php.
 */
#ifndef PHP_WS_H
#define PHP_WS_H

#include "php.h"
#include "core/ws_server.h"

/* A stored callable; the zval owns the reference (works on 8.1 and 8.2). */
typedef struct php_ws_callback {
	zval fn;
	zend_fcall_info_cache fcc;
} php_ws_callback;

void php_ws_callback_set(php_ws_callback *cb, zend_fcall_info *fci, zend_fcall_info_cache *fcc);
void php_ws_callback_dtor(php_ws_callback *cb);
/* Calls cb if set; returns 0, or -1 if it threw (EG(exception) is left set). */
int php_ws_callback_call(php_ws_callback *cb, uint32_t argc, zval *argv);
/* The same, with the return value moved into *ret (left alone when it threw). */
int php_ws_callback_call_ret(php_ws_callback *cb, uint32_t argc, zval *argv, zval *ret);
static inline int php_ws_callback_isset(const php_ws_callback *cb) { return !Z_ISUNDEF(cb->fn); }

typedef struct php_ws_timer {
	ws_timer timer; /* first: the core hands back &timer */
	struct php_ws_server *server;
	zend_long id;
	php_ws_callback cb;
	uint64_t every_ms; /* every(): re-armed by each firing; 0: after(), one-shot */
} php_ws_timer;

typedef struct php_ws_tls_opts php_ws_tls_opts;

typedef struct php_ws_server {
	ws_server *srv;
	php_ws_tls_opts *tls;           /* the "tls" option (php_ws_tls.c), or NULL: plain ws:// */
	zend_string *host;
	php_ws_callback on_open, on_message, on_close, on_error, on_drain;
	php_ws_callback on_shutdown, on_reload, on_worker_start, on_worker_stop, on_handshake, on_request;
	HashTable pending_data;         /* id => Request::$data set in onHandshake, for onOpen's Connection */
	zend_string *reply_headers, *reply_body, *reply_proto; /* onHandshake's answer, alive until the core wrote it */
	struct php_ws_server *prev_server, *next_server;       /* every Server of this process (thread) */
	zend_long workers;              /* > 1: run() is a master forking this many workers */
	zend_long worker_id;            /* in a worker: its slot; else -1 */
	zend_long worker_max_messages;  /* 0: no recycling by count */
	size_t worker_max_memory;       /* 0: no recycling by memory */
	uint64_t messages;              /* handled by this process, for worker_max_messages */
	HashTable timers;      /* id => php_ws_timer* */
	zend_long next_timer_id;
	ws_server_config cfg;  /* as validated; strings below are owned */
	char **subprotocols, **origins;
	char *path, *health_path, *metrics_path;
	struct ws_cidr *trusted_proxies, *metrics_allow;
	int log_level;                  /* lines above it (WS_LOG_*) are not logged; 0: none */
	zval logger;                    /* a Psr\Log\LoggerInterface, or UNDEF: stderr */
	char *redis_host, *redis_socket, *redis_password, *redis_prefix; /* the redis option (php_ws_pubsub.c) */
	int redis_port, redis_database, has_redis;
	zend_object std;
} php_ws_server;

/* What a Connection answers once its core connection is gone (made at detach). */
typedef struct php_ws_connection_gone {
	zend_string *remote_ip;
	zend_string *subprotocol;  /* or NULL */
	int64_t rtt_us;
	int32_t remote_port;
	ws_pmd_params pmd;
} php_ws_connection_gone;

/* One per open connection, so kept small (see bench/NOTES.md, idle memory:
 * with its zend_object and its two properties, 96 bytes, a bin of PHP's
 * allocator): while the core connection lives, the getters ask it. */
typedef struct php_ws_connection {
	union {
		ws_conn *conn;                /* borrowed from the core, while is_gone is 0 */
		php_ws_connection_gone *gone; /* once it is gone: what it still answers (owned) */
	} c;
	uint8_t *head;                  /* the request head packed (core/ws_head.h), exact size (ws_free) */
	uint32_t head_len : 31;         /* its packed length (a head is at most 1 MiB) */
	uint32_t is_gone : 1;
	uint32_t node_id;               /* its server's, for getClusterId() */
	zend_object std;
} php_ws_connection;

/* The core connection, or NULL once it is gone. */
static inline ws_conn *php_ws_connection_core(const php_ws_connection *intern)
{
	return intern->is_gone ? NULL : intern->c.conn;
}

extern zend_class_entry *php_ws_server_ce, *php_ws_connection_ce, *php_ws_closecode_ce;
extern zend_class_entry *php_ws_exception_ce, *php_ws_server_exception_ce, *php_ws_backpressure_exception_ce;
extern zend_class_entry *php_ws_rate_limit_exception_ce;
extern zend_class_entry *php_ws_request_ce, *php_ws_response_ce;

/* php_ws_deflate.c: the `compression` option (false, true or an array) into cfg; FAILURE with an exception. */
int php_ws_option_compression(zval *v, ws_pmd_config *cfg);
/* What a connection negotiated, as getExtensions() returns it. */
void php_ws_extensions_array(zval *ret, const ws_pmd_params *p);
/* getStats()['compression']. */
void php_ws_compression_stats(zval *out, const ws_server_stats *st);

typedef struct php_ws_request {
	zend_string *head;      /* the raw request head */
	zend_string *remote_ip;
	zend_string *body;
	zend_object std;
} php_ws_request;

typedef struct php_ws_response {
	int status;             /* 0: not set */
	int ended;              /* end() was called */
	zval headers;           /* list of [name, value] */
	zval subprotocol;       /* UNDEF: not set; NULL: none; string */
	zend_string *body;
	zend_string *offered;   /* the client's Sec-WebSocket-Protocol list, or NULL */
	zend_object std;
} php_ws_response;

void php_ws_http_minit(zend_class_entry *request_ce, zend_class_entry *response_ce);
zend_object *php_ws_request_new(const char *head, size_t len, const char *remote_ip, zend_string *body);
zval *php_ws_request_data(zend_object *request);
zend_object *php_ws_response_new(zend_string *offered_subprotocols);
php_ws_response *php_ws_response_from_obj(zend_object *obj);
zend_string *php_ws_response_header_lines(php_ws_response *res);
/* Request headers of a raw head as PHP sees them: lower-case names, repeats joined. */
void php_ws_head_headers(const char *head, size_t len, zval *out);
/* One header of a raw head (name case-insensitive), or NULL. */
void php_ws_head_header(const char *head, size_t len, zend_string *name, zval *rv);
typedef enum { PHP_WS_HEAD_METHOD, PHP_WS_HEAD_PATH, PHP_WS_HEAD_QUERY } php_ws_head_part_t;
/* One part of a raw head's request line, or "" if it does not parse. */
void php_ws_head_part(const char *head, size_t len, php_ws_head_part_t part, zval *rv);

static inline php_ws_server *php_ws_server_from_obj(zend_object *obj)
{
	return (php_ws_server *) ((char *) obj - XtOffsetOf(php_ws_server, std));
}
static inline php_ws_connection *php_ws_connection_from_obj(zend_object *obj)
{
	return (php_ws_connection *) ((char *) obj - XtOffsetOf(php_ws_connection, std));
}

/* MINIT helpers: websocket.c registers the classes from the generated arginfo
 * and hands each class entry here to install its object handlers. */
void php_ws_server_minit(zend_class_entry *ce);
void php_ws_connection_minit(zend_class_entry *ce);
/* A Connection object for a new core connection (refcount 1, owned by the server). */
zend_object *php_ws_connection_create_for(php_ws_server *server, ws_conn *conn);
/* The core connection is gone: the handle becomes stale. */
void php_ws_connection_detach(zend_object *obj);

/* Report an exception thrown by a callback: onError, else stderr. Clears it. */
void php_ws_report_exception(php_ws_server *server, zend_object *conn_obj);

/* php_ws_server_options.c: an int key of an array option (note: added to the out-of-range message, or NULL). */
int php_ws_suboption_int(const char *option, zend_string *key, zval *v, zend_long min, zend_long max, const char *note,
                         zend_long *out);

/* php_ws_pubsub.c */
int php_ws_option_redis(php_ws_server *intern, zval *v);
int php_ws_apply_redis(php_ws_server *intern);
void php_ws_redis_settings_free(php_ws_server *intern);
void php_ws_pubsub_stats(php_ws_server *intern, zval *out);

#endif
