/* php_ws_server.c: WebSocket\Server: object lifetime, methods, the open
 * connections and their figures. Options, the callback bridge and timers are
 * in php_ws_server_{options,bridge,timers}.c. */
#include "php.h"
#include "php_globals.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "ext/spl/spl_array.h"
#include "zend_smart_str.h"
#include "php_ws.h"
#include "core/ws_frame.h"
#include "core/ws_utf8.h"
#include "core/ws_master.h"
#include "core/ws_pubsub.h"
#include "core/ws_net.h"
#include "core/ws_handshake.h"
#include "zend_exceptions.h"
#include "php_ws_server_int.h"
#include "core/ws_tls.h"

zend_class_entry *php_ws_server_ce;
static zend_object_handlers php_ws_server_handlers;
/* Every Server object alive in this process: run() checks none would be left
 * listening without being served. */
ZEND_TLS php_ws_server *all_servers;

/* --- object lifetime --- */

static zend_object *php_ws_server_create(zend_class_entry *ce)
{
	php_ws_server *intern = zend_object_alloc(sizeof(php_ws_server), ce);

	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_ws_server_handlers;
	ZVAL_UNDEF(&intern->on_open.fn);
	ZVAL_UNDEF(&intern->on_message.fn);
	ZVAL_UNDEF(&intern->on_close.fn);
	ZVAL_UNDEF(&intern->on_error.fn);
	ZVAL_UNDEF(&intern->on_drain.fn);
	ZVAL_UNDEF(&intern->on_shutdown.fn);
	ZVAL_UNDEF(&intern->on_reload.fn);
	ZVAL_UNDEF(&intern->on_worker_start.fn);
	ZVAL_UNDEF(&intern->on_worker_stop.fn);
	ZVAL_UNDEF(&intern->on_handshake.fn);
	ZVAL_UNDEF(&intern->on_request.fn);
	zend_hash_init(&intern->pending_data, 0, NULL, ZVAL_PTR_DTOR, 0);
	intern->workers = 1;
	intern->worker_id = -1;
	intern->log_level = WS_LOG_NOTICE;
	ZVAL_UNDEF(&intern->logger);
	zend_hash_init(&intern->timers, 8, NULL, NULL, 0);
	ws_server_config_defaults(&intern->cfg);
	intern->cfg.message_headroom = _ZSTR_HEADER_SIZE;
	intern->next_server = all_servers;
	if (all_servers) {
		all_servers->prev_server = intern;
	}
	all_servers = intern;
	intern->cfg.shutdown_timeout = 5000;
	intern->cfg.max_body_size = 1u << 20;
	intern->cfg.handle_signals = 1;
	return &intern->std;
}



void php_ws_server_reply_release(php_ws_server *intern)
{
	if (intern->reply_headers) {
		zend_string_release(intern->reply_headers);
	}
	if (intern->reply_body) {
		zend_string_release(intern->reply_body);
	}
	if (intern->reply_proto) {
		zend_string_release(intern->reply_proto);
	}
	intern->reply_headers = intern->reply_body = intern->reply_proto = NULL;
}

static void php_ws_server_free(zend_object *obj)
{
	php_ws_server *intern = php_ws_server_from_obj(obj);
	php_ws_timer *t;

	if (intern->prev_server) {
		intern->prev_server->next_server = intern->next_server;
	} else if (all_servers == intern) {
		all_servers = intern->next_server;
	}
	if (intern->next_server) {
		intern->next_server->prev_server = intern->prev_server;
	}
	/* No PHP code runs from here on: drop the callbacks before the core closes connections. */
	php_ws_callback_dtor(&intern->on_open);
	php_ws_callback_dtor(&intern->on_message);
	php_ws_callback_dtor(&intern->on_close);
	php_ws_callback_dtor(&intern->on_error);
	php_ws_callback_dtor(&intern->on_drain);
	php_ws_callback_dtor(&intern->on_shutdown);
	php_ws_callback_dtor(&intern->on_reload);
	php_ws_callback_dtor(&intern->on_worker_start);
	php_ws_callback_dtor(&intern->on_worker_stop);
	php_ws_callback_dtor(&intern->on_handshake);
	php_ws_callback_dtor(&intern->on_request);
	ZEND_HASH_FOREACH_PTR(&intern->timers, t) {
		php_ws_timer_free(intern, t);
	} ZEND_HASH_FOREACH_END();
	zend_hash_destroy(&intern->timers);
	if (intern->srv) {
		/* Connections still open: the script is ending without a graceful
		 * stop (exit() in a callback, a fatal error, an uncaught exception).
		 * Each client still gets a close frame, on a best-effort write. */
		ws_server_abort(intern->srv, (PG(last_error_type) & E_FATAL_ERRORS) && PG(last_error_message) ? 1011 : 1001);
		ws_server_free(intern->srv);
		intern->srv = NULL;
	}
	zend_hash_destroy(&intern->pending_data);
	php_ws_server_reply_release(intern);
	if (intern->host) {
		zend_string_release(intern->host);
	}
	php_ws_strv_free(intern->subprotocols);
	php_ws_strv_free(intern->origins);
	if (intern->path) {
		efree(intern->path);
	}
	if (intern->health_path) {
		efree(intern->health_path);
	}
	if (intern->metrics_path) {
		efree(intern->metrics_path);
	}
	if (intern->metrics_allow) {
		efree(intern->metrics_allow);
	}
	zval_ptr_dtor(&intern->logger);
	php_ws_redis_settings_free(intern);
	php_ws_tls_free(intern);
	if (intern->trusted_proxies) {
		efree(intern->trusted_proxies);
	}
	zend_object_std_dtor(obj);
}

static void gc_add_connection(ws_conn *c, void *buf)
{
	zend_object *obj = ws_conn_get_user(c);

	if (obj) {
		zval z;
		ZVAL_OBJ(&z, obj);
		zend_get_gc_buffer_add_zval(buf, &z);
	}
}

static HashTable *php_ws_server_get_gc(zend_object *obj, zval **table, int *n)
{
	php_ws_server *intern = php_ws_server_from_obj(obj);
	zend_get_gc_buffer *buf = zend_get_gc_buffer_create();
	php_ws_timer *t;
	zval *zv;

	zend_get_gc_buffer_add_zval(buf, &intern->on_open.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_message.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_close.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_error.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_drain.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_shutdown.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_reload.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_worker_start.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_worker_stop.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_handshake.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->on_request.fn);
	zend_get_gc_buffer_add_zval(buf, &intern->logger);
	ZEND_HASH_FOREACH_VAL(&intern->pending_data, zv) {
		zend_get_gc_buffer_add_zval(buf, zv);
	} ZEND_HASH_FOREACH_END();
	if (intern->srv) {
		/* The open connections' objects, which their core connections hold. */
		ws_server_each_open(intern->srv, gc_add_connection, buf);
	}
	ZEND_HASH_FOREACH_PTR(&intern->timers, t) {
		zend_get_gc_buffer_add_zval(buf, &t->cb.fn);
	} ZEND_HASH_FOREACH_END();
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

/* --- methods --- */


ZEND_METHOD(WebSocket_Server, __construct)
{
	php_ws_server *intern = THIS_SERVER();
	zend_string *host;
	zend_long port;
	HashTable *options = NULL;
	char errbuf[WS_ERRBUF_LEN];
	ws_tls_ctx *tls = NULL;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(host)
		Z_PARAM_LONG(port)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (intern->srv) {
		zend_throw_error(NULL, "WebSocket\\Server::__construct() cannot be called twice");
		RETURN_THROWS();
	}
	if (ZSTR_LEN(host) == 0 || strlen(ZSTR_VAL(host)) != ZSTR_LEN(host)) {
		zend_argument_value_error(1, "must be a non-empty host name or IP address");
		RETURN_THROWS();
	}
	if (port < 0 || port > 65535) {
		zend_argument_value_error(2, "must be between 0 and 65535");
		RETURN_THROWS();
	}
	if (php_ws_server_parse_options(intern, options) == FAILURE) {
		RETURN_THROWS();
	}
	/* TLS files are checked before anything listens. */
	if (intern->tls && !(tls = php_ws_tls_build(intern))) {
		RETURN_THROWS();
	}
	errbuf[0] = '\0';
	intern->srv = ws_server_new(ZSTR_VAL(host), (int) port, &intern->cfg, &php_ws_server_bridge, intern, errbuf);
	if (!intern->srv) {
		ws_tls_ctx_unref(tls);
		zend_throw_exception_ex(php_ws_server_exception_ce, errno, "Cannot listen on %s:" ZEND_LONG_FMT ": %s",
		                        ZSTR_VAL(host), port, errbuf);
		RETURN_THROWS();
	}
	if (tls) {
		ws_server_set_tls(intern->srv, tls);
		ws_tls_ctx_unref(tls);
	}
	intern->host = zend_string_copy(host);
	if (php_ws_apply_redis(intern) == FAILURE) {
		RETURN_THROWS();
	}
}

php_ws_server *php_ws_server_checked(zval *this_ptr)
{
	php_ws_server *intern = php_ws_server_from_obj(Z_OBJ_P(this_ptr));
	if (!intern->srv) {
		zend_throw_error(NULL, "WebSocket\\Server is not initialized");
		return NULL;
	}
	return intern;
}

static void set_callback(INTERNAL_FUNCTION_PARAMETERS, size_t offset)
{
	zend_fcall_info fci = empty_fcall_info;
	zend_fcall_info_cache fcc = empty_fcall_info_cache;
	php_ws_server *intern = THIS_SERVER();

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_FUNC_OR_NULL(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	php_ws_callback_set((php_ws_callback *) ((char *) intern + offset), &fci, &fcc);
	RETURN_OBJ_COPY(Z_OBJ_P(ZEND_THIS));
}

ZEND_METHOD(WebSocket_Server, onOpen) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_open)); }
ZEND_METHOD(WebSocket_Server, onMessage) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_message)); }
ZEND_METHOD(WebSocket_Server, onClose) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_close)); }
ZEND_METHOD(WebSocket_Server, onError) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_error)); }
ZEND_METHOD(WebSocket_Server, onDrain) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_drain)); }
ZEND_METHOD(WebSocket_Server, onRequest)
{
	php_ws_server *intern = THIS_SERVER();

	set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_request));
	if (intern->srv && !EG(exception)) {
		/* Plain requests go to PHP only while there is a callback for them (else 426). */
		ws_server_set_request_handler(intern->srv, php_ws_callback_isset(&intern->on_request) ? php_ws_server_bridge_request : NULL);
	}
}
ZEND_METHOD(WebSocket_Server, onHandshake) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_handshake)); }
ZEND_METHOD(WebSocket_Server, onShutdown) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_shutdown)); }
ZEND_METHOD(WebSocket_Server, onReload) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_reload)); }
ZEND_METHOD(WebSocket_Server, onWorkerStart) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_worker_start)); }
ZEND_METHOD(WebSocket_Server, onWorkerStop) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_worker_stop)); }

/* SIGHUP in a master: the workers forked by the rolling reload inherit the TLS files read again. */
static void master_reload(void *ud)
{
	php_ws_tls_reload_on_signal(ud);
}

static void master_log(void *ud, int level, const char *msg)
{
	char who[32];

	snprintf(who, sizeof(who), " master[%d]", (int) getpid());
	php_ws_server_log_line(ud, level, who, msg);
}

/* Calls onWorkerStart/onWorkerStop with the worker id. Returns -1 if it threw. */
static int worker_callback(php_ws_server *intern, php_ws_callback *cb)
{
	zval arg;

	ZVAL_LONG(&arg, intern->worker_id);
	if (php_ws_callback_call(cb, 1, &arg) < 0) {
		if (EG(exception) && (zend_is_unwind_exit(EG(exception)) || zend_is_graceful_exit(EG(exception)))) {
			return -1;
		}
		php_ws_report_exception(intern, NULL);
		return -1;
	}
	return 0;
}

/* In a forked worker: serve, then end the process. A worker never returns
 * into the script after run(): that code is the master's. */
static void run_worker(php_ws_server *intern, const ws_worker_start *w)
{
	int rc;

	if (ws_server_after_fork(intern->srv) < 0) {
		fprintf(stderr, "WebSocket\\Server worker %d: cannot set up its event loop: %s\n", w->slot, strerror(errno));
		EG(exit_status) = 1;
		zend_throw_unwind_exit();
		return;
	}
	/* Ids unique across the workers of this master and across restarts:
	 * the worker's incarnation in the high bits. */
	ws_server_become_worker(intern->srv, w->ctl_fd, w->incarnation << 40);
	ws_pubsub_attach_bus(intern->srv, w->bus_fd);
	intern->worker_id = w->slot;
	intern->messages = 0;
	if (worker_callback(intern, &intern->on_worker_start) < 0) {
		if (!EG(exception)) {
			EG(exit_status) = 1; /* the master restarts it, with a backoff */
			zend_throw_unwind_exit();
		}
		return;
	}
	rc = ws_server_run(intern->srv);
	if (rc < 0 && !EG(exception)) {
		fprintf(stderr, "WebSocket\\Server worker %d: event loop failed: %s\n", w->slot, strerror(errno));
		EG(exit_status) = 1;
	}
	if (!EG(exception)) {
		worker_callback(intern, &intern->on_worker_stop);
	}
	if (!EG(exception)) {
		zend_throw_unwind_exit();
	}
}

ZEND_METHOD(WebSocket_Server, run)
{
	php_ws_server *intern;
	int rc;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (ws_server_running(intern->srv)) {
		zend_throw_error(NULL, "WebSocket\\Server::run() is already running");
		RETURN_THROWS();
	}
	/* One loop per process serves one Server: another one running, or one
	 * listening that this run() would leave unserved, is refused. */
	for (php_ws_server *o = all_servers; o; o = o->next_server) {
		int fds[1];
		if (o == intern || !o->srv) {
			continue;
		}
		if (ws_server_running(o->srv)) {
			zend_throw_error(NULL, "WebSocket\\Server::run(): another WebSocket\\Server is running in this process; "
			                       "one process serves one Server (add ports to it with listen())");
			RETURN_THROWS();
		}
		if (ws_server_listen_fds(o->srv, fds, 1) > 0) {
			zend_throw_error(NULL, "WebSocket\\Server::run(): another WebSocket\\Server (%s:%d) is listening in this process "
			                       "and would not be served; add ports to one Server with listen(), or stop() or unset the other first",
			                 ZSTR_VAL(o->host), ws_server_port(o->srv));
			RETURN_THROWS();
		}
	}
	/* Hold $this while the loop runs, whatever the callbacks do with their references. */
	GC_ADDREF(&intern->std);
	/* A process forked (pcntl_fork()) after new Server: a loop of its own. */
	if (ws_server_after_fork(intern->srv) < 0) {
		zend_throw_exception_ex(php_ws_server_exception_ce, errno, "Cannot set up the event loop after fork: %s", strerror(errno));
	} else if (intern->workers > 1 && !ws_server_is_worker(intern->srv) && ws_server_take_stop_request(intern->srv)) {
		/* stop() before run(): no worker is started. */
	} else if (intern->workers > 1 && !ws_server_is_worker(intern->srv)) {
		ws_master_config mc;
		ws_worker_start w;

		memset(&mc, 0, sizeof(mc));
		mc.workers = (int) intern->workers;
		mc.nlfds = ws_server_listen_fds(intern->srv, mc.lfds, 8);
		mc.handle_signals = intern->cfg.handle_signals;
		mc.shutdown_timeout = intern->cfg.shutdown_timeout;
		mc.log = master_log;
		mc.on_reload = master_reload;
		mc.tls_mask = 0;
		for (int i = 0; i < mc.nlfds; i++) {
			mc.tls_mask |= ws_server_listener_is_tls(intern->srv, mc.lfds[i]) ? 1u << i : 0;
		}
		mc.ud = intern;
		rc = ws_master_run(&mc, &w);
		if (rc == 1) {
			run_worker(intern, &w);
		} else {
			/* Every worker is gone: the port stops answering now. */
			ws_server_stop_listening(intern->srv);
		}
		if (rc < 0 && !EG(exception)) {
			zend_throw_exception_ex(php_ws_server_exception_ce, errno, "The master's event loop failed: %s", strerror(errno));
		}
	} else {
		ws_sd_notify("READY=1");
		rc = ws_server_run(intern->srv);
		if (rc < 0 && !EG(exception)) {
			zend_throw_exception_ex(php_ws_server_exception_ce, errno, "Event loop failed: %s", strerror(errno));
		}
	}
	OBJ_RELEASE(&intern->std);
}

ZEND_METHOD(WebSocket_Server, stop)
{
	php_ws_server *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	ws_server_stop(intern->srv);
}

ZEND_METHOD(WebSocket_Server, getHost)
{
	php_ws_server *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	RETURN_STR_COPY(intern->host);
}

ZEND_METHOD(WebSocket_Server, listen)
{
	php_ws_server *intern;
	zend_string *host, *key;
	zend_long port, mode = 0;
	HashTable *options = NULL;
	zval *v;
	char errbuf[WS_ERRBUF_LEN];
	int rc, tls = -1;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(host)
		Z_PARAM_LONG(port)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (ZSTR_LEN(host) == 0 || strlen(ZSTR_VAL(host)) != ZSTR_LEN(host)) {
		zend_argument_value_error(1, "must be a non-empty host name, IP address or unix:// path");
		RETURN_THROWS();
	}
	if (port < 0 || port > 65535) {
		zend_argument_value_error(2, "must be between 0 and 65535");
		RETURN_THROWS();
	}
	if (ws_server_is_worker(intern->srv)) {
		zend_throw_error(NULL, "WebSocket\\Server::listen() cannot add a listener inside a worker: call it before run()");
		RETURN_THROWS();
	}
	if (options) {
		ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
			ZVAL_DEREF(v);
			if (key && zend_string_equals_literal(key, "tls")) {
				if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
					zend_argument_value_error(3, "\"tls\" must be a bool");
					RETURN_THROWS();
				}
				if (Z_TYPE_P(v) == IS_TRUE && !intern->tls) {
					zend_argument_value_error(3, "\"tls\" => true needs the server's \"tls\" option (certificate and key)");
					RETURN_THROWS();
				}
				tls = Z_TYPE_P(v) == IS_TRUE;
				continue;
			}
			if (!key || !zend_string_equals_literal(key, "socket_mode")) {
				zend_argument_value_error(3, "may only hold \"socket_mode\" and \"tls\" (the other options are the server's), \"%s\" given",
				                          key ? ZSTR_VAL(key) : "(int key)");
				RETURN_THROWS();
			}
			if (Z_TYPE_P(v) != IS_LONG || Z_LVAL_P(v) < 1 || Z_LVAL_P(v) > 0777) {
				zend_argument_value_error(3, "\"socket_mode\" must be an int from 1 to 0777");
				RETURN_THROWS();
			}
			mode = Z_LVAL_P(v);
		} ZEND_HASH_FOREACH_END();
	}
	errbuf[0] = '\0';
	rc = ws_server_listen_tls(intern->srv, ZSTR_VAL(host), (int) port, (unsigned) (mode ? mode : (zend_long) intern->cfg.unix_mode),
	                          tls, errbuf);
	if (rc < 0) {
		zend_throw_exception_ex(php_ws_server_exception_ce, rc == WS_ERR_IO ? errno : 0, "Cannot listen on %s:" ZEND_LONG_FMT ": %s",
		                        ZSTR_VAL(host), port, errbuf);
		RETURN_THROWS();
	}
	RETURN_LONG(rc);
}

ZEND_METHOD(WebSocket_Server, getWorkerId)
{
	php_ws_server *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (intern->worker_id < 0) {
		RETURN_NULL();
	}
	RETURN_LONG(intern->worker_id);
}

ZEND_METHOD(WebSocket_Server, getPort)
{
	php_ws_server *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	RETURN_LONG(ws_server_port(intern->srv));
}

/* --- the open connections --- */

/* The core keeps the open connections (by id, in ws_idmap: 8 bytes a slot),
 * each holding the server's reference to its Connection (bridge_open). */

/* id => Connection for every open connection, by increasing id, into rv. */
static void open_connections(php_ws_server *intern, zval *rv)
{
	size_t n = intern->srv ? ws_server_open_count(intern->srv) : 0;
	ws_conn **open;

	array_init_size(rv, (uint32_t) n);
	if (!n) {
		return;
	}
	open = safe_emalloc(n, sizeof(*open), 0);
	n = ws_server_open_conns(intern->srv, open, n);
	for (size_t i = 0; i < n; i++) {
		zend_object *c = ws_conn_get_user(open[i]);
		if (c) {
			zval z;
			ZVAL_OBJ_COPY(&z, c);
			zend_hash_index_add_new(Z_ARRVAL_P(rv), (zend_ulong) ws_conn_id(open[i]), &z);
		}
	}
	efree(open);
}

ZEND_METHOD(WebSocket_Server, count)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_LONG(THIS_SERVER()->srv ? (zend_long) ws_server_open_count(THIS_SERVER()->srv) : 0);
}

ZEND_METHOD(WebSocket_Server, getConnections)
{
	ZEND_PARSE_PARAMETERS_NONE();
	open_connections(THIS_SERVER(), return_value);
}

ZEND_METHOD(WebSocket_Server, getConnection)
{
	zend_long id;
	ws_conn *c;
	zend_object *obj;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(id)
	ZEND_PARSE_PARAMETERS_END();

	if (id <= 0 || !THIS_SERVER()->srv || !(c = ws_server_open_conn(THIS_SERVER()->srv, (uint64_t) id)) ||
	    !(obj = ws_conn_get_user(c))) {
		RETURN_NULL();
	}
	RETURN_OBJ_COPY(obj);
}

ZEND_METHOD(WebSocket_Server, getIterator)
{
	zval arr;

	ZEND_PARSE_PARAMETERS_NONE();
	open_connections(THIS_SERVER(), &arr);
	object_init_ex(return_value, spl_ce_ArrayIterator);
	zend_call_known_instance_method_with_1_params(spl_ce_ArrayIterator->constructor, Z_OBJ_P(return_value), NULL, &arr);
	zval_ptr_dtor(&arr);
}

void php_ws_server_minit(zend_class_entry *ce)
{
	php_ws_server_ce = ce;
	ce->create_object = php_ws_server_create;
	memcpy(&php_ws_server_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	php_ws_server_handlers.offset = XtOffsetOf(php_ws_server, std);
	php_ws_server_handlers.free_obj = php_ws_server_free;
	php_ws_server_handlers.get_gc = php_ws_server_get_gc;
	php_ws_server_handlers.clone_obj = NULL;
}

/* counts[i] under keys[i] (0: "other"), the non-zero ones, as out[name]. */
static void add_counts(zval *out, const char *name, const uint64_t *counts, const int *keys, int n)
{
	zval sub;

	array_init(&sub);
	for (int i = 0; i < n; i++) {
		if (counts[i] && keys[i]) {
			add_index_long(&sub, keys[i], (zend_long) counts[i]);
		} else if (counts[i]) {
			add_assoc_long(&sub, "other", (zend_long) counts[i]);
		}
	}
	add_assoc_zval(out, name, &sub);
}

/* The figures as getStats() shows them. */
static void stats_array(zval *out, const ws_server_stats *st)
{
	zval sub;

	array_init_size(out, 32);
	add_assoc_long(out, "connections", (zend_long) st->connections);
	array_init_size(&sub, 3);
	add_assoc_long(&sub, "handshake", (zend_long) st->handshaking);
	add_assoc_long(&sub, "open", (zend_long) st->open);
	add_assoc_long(&sub, "closing", (zend_long) st->closing);
	add_assoc_zval(out, "connections_by_state", &sub);
	add_assoc_long(out, "max_connections", (zend_long) st->max_connections);
	add_assoc_long(out, "handshakes_accepted", (zend_long) st->handshakes_accepted);
	add_counts(out, "refused", st->refused, ws_stats_statuses, WS_STATS_STATUSES);
	add_assoc_long(out, "messages_in", (zend_long) st->messages_in);
	add_assoc_long(out, "messages_out", (zend_long) st->messages_out);
	add_assoc_long(out, "bytes_in", (zend_long) st->bytes_in);
	add_assoc_long(out, "bytes_out", (zend_long) st->bytes_out);
	add_counts(out, "close_codes", st->closes, ws_stats_close_codes, WS_STATS_CLOSE_CODES);
	add_assoc_long(out, "dropped_messages", (zend_long) st->dropped_messages);
	add_assoc_long(out, "queued_bytes", (zend_long) st->queued_bytes);
	add_assoc_long(out, "memory_budget", (zend_long) st->memory_budget);
	add_assoc_long(out, "memory_used", (zend_long) st->memory_used);
	add_assoc_long(out, "memory_refusals", (zend_long) st->memory_refusals);
	add_assoc_long(out, "fd_limit_hits", (zend_long) st->fd_limit_hits);
	add_assoc_long(out, "ip_limit_refusals", (zend_long) st->ip_limit_refusals);
	add_assoc_long(out, "rate_limited_messages", (zend_long) st->rate_limited_messages);
	add_assoc_long(out, "shutdown_dropped_connections", (zend_long) st->shutdown_dropped_connections);
	add_assoc_long(out, "shutdown_dropped_bytes", (zend_long) st->shutdown_dropped_bytes);
	add_assoc_long(out, "health_checks", (zend_long) st->health_checks);
	add_assoc_long(out, "metrics_scrapes", (zend_long) st->metrics_scrapes);
	add_assoc_long(out, "tls_handshake_failures", (zend_long) st->tls_handshake_failures);
	php_ws_compression_stats(out, st);
	add_assoc_double(out, "uptime", (double) st->uptime_ms / 1000.0);
}

ZEND_METHOD(WebSocket_Server, getStats)
{
	php_ws_server *intern;
	ws_server_stats st;
	int workers;
	uint64_t age;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	ws_server_get_stats(intern->srv, &st);
	stats_array(return_value, &st);
	add_assoc_long(return_value, "php_memory", (zend_long) zend_memory_usage(false));
	php_ws_pubsub_stats(intern, return_value);
	if (intern->worker_id >= 0) {
		zval all;
		add_assoc_long(return_value, "worker_id", intern->worker_id);
		/* Every worker's figures added up by the master (each reports every second). */
		if (ws_server_all_workers_stats(intern->srv, &st, &workers, &age)) {
			stats_array(&all, &st);
			add_assoc_long(&all, "workers", workers);
			add_assoc_double(&all, "age", (double) age / 1000.0);
			add_assoc_zval(return_value, "all_workers", &all);
		}
	}
}
