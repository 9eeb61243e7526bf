/* php_ws_server.c: WebSocket\Server: options, object lifetime, methods and
 * the bridge from core events to PHP callbacks. */
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
#include "core/ws_net.h"
#include "core/ws_handshake.h"
#include "zend_exceptions.h"

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
	zend_hash_init(&intern->connections, 8, NULL, ZVAL_PTR_DTOR, 0);
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

static void timer_free(php_ws_server *server, php_ws_timer *t)
{
	if (server->srv) {
		ws_loop_timer_stop(ws_server_loop(server->srv), &t->timer);
	}
	php_ws_callback_dtor(&t->cb);
	efree(t);
}

static void strv_free(char **v)
{
	if (v) {
		for (char **p = v; *p; p++) {
			efree(*p);
		}
		efree(v);
	}
}

static void reply_release(php_ws_server *intern)
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
		timer_free(intern, t);
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
	zend_hash_destroy(&intern->connections);
	zend_hash_destroy(&intern->pending_data);
	reply_release(intern);
	if (intern->host) {
		zend_string_release(intern->host);
	}
	strv_free(intern->subprotocols);
	strv_free(intern->origins);
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
	if (intern->trusted_proxies) {
		efree(intern->trusted_proxies);
	}
	zend_object_std_dtor(obj);
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
	ZEND_HASH_FOREACH_VAL(&intern->connections, zv) {
		zend_get_gc_buffer_add_zval(buf, zv);
	} ZEND_HASH_FOREACH_END();
	ZEND_HASH_FOREACH_PTR(&intern->timers, t) {
		zend_get_gc_buffer_add_zval(buf, &t->cb.fn);
	} ZEND_HASH_FOREACH_END();
	zend_get_gc_buffer_use(buf, table, n);
	return zend_std_get_properties(obj);
}

/* --- reporting exceptions from callbacks --- */

static void print_uncaught(zend_object *ex, const char *where)
{
	zval str;

	zend_call_method_with_0_params(ex, ex->ce, NULL, "__tostring", &str);
	if (EG(exception)) {
		zend_clear_exception();
	}
	fprintf(stderr, "WebSocket\\Server: uncaught exception in %s: %s\n", where,
	        Z_TYPE(str) == IS_STRING ? Z_STRVAL(str) : ZSTR_VAL(ex->ce->name));
	fflush(stderr);
	zval_ptr_dtor(&str);
}

static void report_object(php_ws_server *server, zend_object *conn_obj, zend_object *ex, const char *where)
{
	zval args[2];

	if (!php_ws_callback_isset(&server->on_error)) {
		print_uncaught(ex, where);
		return;
	}
	if (conn_obj) {
		ZVAL_OBJ_COPY(&args[0], conn_obj);
	} else {
		ZVAL_NULL(&args[0]);
	}
	ZVAL_OBJ_COPY(&args[1], ex);
	if (php_ws_callback_call(&server->on_error, 2, args) < 0 && EG(exception)) {
		zend_object *ex2 = EG(exception);
		GC_ADDREF(ex2);
		zend_clear_exception();
		print_uncaught(ex2, "onError");
		OBJ_RELEASE(ex2);
	}
	zval_ptr_dtor(&args[0]);
	zval_ptr_dtor(&args[1]);
}

void php_ws_report_exception(php_ws_server *server, zend_object *conn_obj)
{
	zend_object *ex = EG(exception);

	if (!ex) {
		return;
	}
	if (zend_is_unwind_exit(ex) || zend_is_graceful_exit(ex)) {
		/* exit() or a fatal error inside a callback: no more PHP code may run.
		 * Stop the loop and leave the exception pending, so run() returns and
		 * the script ends the way PHP ends it anywhere else. */
		ws_loop_stop(ws_server_loop(server->srv));
		return;
	}
	GC_ADDREF(ex);
	zend_clear_exception();
	report_object(server, conn_obj, ex, "a WebSocket\\Server callback");
	OBJ_RELEASE(ex);
}

/* A callback threw: report, then close that connection with 1011 (others carry on). */
static void callback_failed(php_ws_server *server, ws_conn *conn)
{
	zend_object *ex = EG(exception);

	if (ex && (zend_is_unwind_exit(ex) || zend_is_graceful_exit(ex))) {
		/* exit(): not this connection's fault; it gets 1001 with the others
		 * when the server object goes (ws_server_abort). */
		php_ws_report_exception(server, NULL);
		return;
	}
	php_ws_report_exception(server, conn ? ws_conn_get_user(conn) : NULL);
	if (conn) {
		ws_conn_close(conn, 1011, (const uint8_t *) "internal error", 14);
	}
}

/* --- core → PHP bridge --- */

static void bridge_open(ws_server *srv, ws_conn *conn, void *ud)
{
	php_ws_server *server = ud;
	zend_object *obj = php_ws_connection_create_for(server, conn);
	zval zobj, arg;

	/* The Connection keeps the request head for its getters; the core's copy can go. */
	ws_conn_release_request(conn);
	ZVAL_OBJ(&zobj, obj);
	ws_conn_set_user(conn, obj);
	/* The table holds the server's reference for as long as the core connection lives. */
	zend_hash_index_update(&server->connections, (zend_ulong) ws_conn_id(conn), &zobj);
	{
		/* What onHandshake attached ($request->data). */
		zval *data = zend_hash_index_find(&server->pending_data, (zend_ulong) ws_conn_id(conn));
		if (data) {
			zend_update_property(php_ws_connection_ce, obj, "data", sizeof("data") - 1, data);
			zend_hash_index_del(&server->pending_data, (zend_ulong) ws_conn_id(conn));
		}
	}
	if (!php_ws_callback_isset(&server->on_open)) {
		return;
	}
	ZVAL_OBJ_COPY(&arg, obj);
	if (php_ws_callback_call(&server->on_open, 1, &arg) < 0) {
		callback_failed(server, conn);
	}
	zval_ptr_dtor(&arg);
}

static void bridge_message(ws_server *srv, ws_conn *conn, const ws_message *msg, void *ud)
{
	php_ws_server *server = ud;
	zend_string *str;
	zval args[3];

	if (!php_ws_callback_isset(&server->on_message)) {
		return;
	}
	ZVAL_OBJ_COPY(&args[0], (zend_object *) ws_conn_get_user(conn));
	/* The core unmasked the payload into a buffer allocated with room for a
	 * zend_string header (message_headroom): it becomes the PHP string
	 * without another copy. */
	str = ws_conn_adopt_message(conn);
	GC_SET_REFCOUNT(str, 1);
	GC_TYPE_INFO(str) = GC_STRING;
	ZSTR_H(str) = 0;
	ZSTR_LEN(str) = msg->data.n;
	ZSTR_VAL(str)[msg->data.n] = '\0';
	ZVAL_STR(&args[1], str);
	ZVAL_BOOL(&args[2], msg->opcode == WS_OP_BINARY);
	if (php_ws_callback_call(&server->on_message, 3, args) < 0) {
		callback_failed(server, conn);
	}
	zval_ptr_dtor(&args[0]);
	zval_ptr_dtor(&args[1]);
	if (server->worker_max_messages && ++server->messages == (uint64_t) server->worker_max_messages &&
	    ws_server_is_worker(server->srv)) {
		ws_server_recycle(server->srv); /* drain with 1012; the master starts the replacement now */
	}
}

static void bridge_close(ws_server *srv, ws_conn *conn, uint16_t code, ws_slice reason, void *ud)
{
	php_ws_server *server = ud;
	zend_object *obj = ws_conn_get_user(conn);
	zval args[3];

	if (!obj) {
		return;
	}
	ZVAL_OBJ_COPY(&args[0], obj);
	/* No longer open: not counted, iterated or found while onClose runs. */
	zend_hash_index_del(&server->connections, (zend_ulong) ws_conn_id(conn));
	if (php_ws_callback_isset(&server->on_close)) {
		ZVAL_LONG(&args[1], code);
		ZVAL_STRINGL(&args[2], (const char *) reason.p, reason.n);
		if (php_ws_callback_call(&server->on_close, 3, args) < 0) {
			php_ws_report_exception(server, obj);
		}
		zval_ptr_dtor(&args[2]);
	}
	php_ws_connection_detach(obj);
	ws_conn_set_user(conn, NULL);
	zval_ptr_dtor(&args[0]);
}

static void bridge_drain(ws_server *srv, ws_conn *conn, void *ud)
{
	php_ws_server *server = ud;
	zval arg;

	if (!php_ws_callback_isset(&server->on_drain)) {
		return;
	}
	ZVAL_OBJ_COPY(&arg, (zend_object *) ws_conn_get_user(conn));
	if (php_ws_callback_call(&server->on_drain, 1, &arg) < 0) {
		callback_failed(server, conn);
	}
	zval_ptr_dtor(&arg);
}

static void bridge_error(ws_server *srv, ws_conn *conn, int err, size_t len, void *ud)
{
	php_ws_server *server = ud;
	zend_class_entry *ce = php_ws_backpressure_exception_ce;
	zend_string *msg;
	zval ex;

	if (err == WS_ERR_RATE) {
		ce = php_ws_rate_limit_exception_ce;
		msg = zend_strpprintf(0, "Message of %zu bytes from connection %" PRIu64
		                      " dropped: over max_messages_per_second (%u)",
		                      len, ws_conn_id(conn), (unsigned) server->cfg.max_messages_per_second);
	} else if (err == WS_ERR_BUDGET) {
		msg = zend_strpprintf(0, "Message of %zu bytes dropped for connection %" PRIu64
		                      ": the server's memory_budget (%zu bytes) is spent",
		                      len, ws_conn_id(conn), server->cfg.memory_budget);
	} else {
		msg = zend_strpprintf(0, "Message of %zu bytes dropped for connection %" PRIu64
		                      ": %zu bytes already queued, over max_buffered (%zu)",
		                      len, ws_conn_id(conn), ws_conn_buffered(conn), server->cfg.max_buffered);
	}
	/* The code is the size of the dropped message. */
	object_init_ex(&ex, ce);
	zend_update_property_str(zend_ce_exception, Z_OBJ(ex), "message", sizeof("message") - 1, msg);
	zend_update_property_long(zend_ce_exception, Z_OBJ(ex), "code", sizeof("code") - 1, (zend_long) len);
	zend_string_release(msg);
	report_object(server, ws_conn_get_user(conn), Z_OBJ(ex), err == WS_ERR_RATE ? "onMessage" : "send()");
	zval_ptr_dtor(&ex);
}

static void bridge_free(ws_server *srv, ws_conn *conn, void *ud)
{
	php_ws_server *server = ud;
	zend_object *obj = ws_conn_get_user(conn);

	zend_hash_index_del(&server->pending_data, (zend_ulong) ws_conn_id(conn)); /* a refused or failed upgrade */
	if (obj) {
		/* Freed without onClose (the server object is going away). */
		php_ws_connection_detach(obj);
		zend_hash_index_del(&server->connections, (zend_ulong) ws_conn_id(conn));
	}
}

static void bridge_tick(ws_server *srv, void *ud)
{
	/* Let pcntl's async signal handlers run while C owns the loop (they are
	 * normally dispatched between opcodes, and we execute none). */
#if PHP_VERSION_ID >= 80200
	if (UNEXPECTED(zend_atomic_bool_load_ex(&EG(vm_interrupt)))) {
		zend_atomic_bool_store_ex(&EG(vm_interrupt), false);
#else
	if (UNEXPECTED(EG(vm_interrupt))) {
		EG(vm_interrupt) = 0;
#endif
		if (zend_interrupt_function) {
			zend_interrupt_function(EG(current_execute_data));
		}
		if (EG(exception)) {
			php_ws_report_exception(ud, NULL);
		}
	}
	{
		php_ws_server *server = ud;
		if (server->worker_max_memory && ws_server_is_worker(srv) &&
		    zend_memory_usage(false) > server->worker_max_memory) {
			ws_server_recycle(srv); /* once: a stopping server ignores it */
		}
	}
}

static const char *level_name(int level)
{
	return level <= WS_LOG_ERROR ? "error" : level == WS_LOG_WARNING ? "warning" : level == WS_LOG_NOTICE ? "notice" : "info";
}

/* One line for the operator: to the PSR-3 logger when there is one, else
 * to stderr, unless log_level is below it. who: "" or " master[pid]". */
static void log_line(php_ws_server *server, int level, const char *who, const char *msg)
{
	if (level > server->log_level) {
		return;
	}
	if (!Z_ISUNDEF(server->logger) && !EG(exception)) {
		zval args[2], ret;
		ZVAL_STRING(&args[0], level_name(level));
		ZVAL_STR(&args[1], zend_strpprintf(0, "WebSocket\\Server%s: %s", who, msg));
		ZVAL_UNDEF(&ret);
		zend_call_method_with_2_params(Z_OBJ(server->logger), Z_OBJCE(server->logger), NULL, "log", &ret, &args[0], &args[1]);
		zval_ptr_dtor(&ret);
		zval_ptr_dtor(&args[0]);
		zval_ptr_dtor(&args[1]);
		if (!EG(exception)) {
			return;
		}
		zend_clear_exception(); /* a logger that throws: the line goes to stderr instead */
	}
	fprintf(stderr, "WebSocket\\Server%s: %s: %s\n", who, level_name(level), msg);
	fflush(stderr);
}

/* Operator messages from the engine. */
static void bridge_log(ws_server *srv, int level, const char *msg, void *ud)
{
	(void) srv;
	log_line(ud, level, "", msg);
}

static void cancel_timers(php_ws_server *server)
{
	php_ws_timer *t;

	ZEND_HASH_FOREACH_PTR(&server->timers, t) {
		timer_free(server, t);
	} ZEND_HASH_FOREACH_END();
	zend_hash_clean(&server->timers);
}

/* A graceful stop began: onShutdown (it may still send), then the
 * application's timers stop; the close frames follow in the core. */
static void bridge_shutdown(ws_server *srv, uint16_t code, void *ud)
{
	php_ws_server *server = ud;
	zval arg;

	if (!ws_server_is_worker(srv) && server->workers <= 1) {
		ws_sd_notify("STOPPING=1");
	}
	if (php_ws_callback_isset(&server->on_shutdown)) {
		ZVAL_LONG(&arg, code);
		if (php_ws_callback_call(&server->on_shutdown, 1, &arg) < 0) {
			php_ws_report_exception(server, NULL);
		}
	}
	cancel_timers(server);
}

static void bridge_reload(ws_server *srv, void *ud)
{
	php_ws_server *server = ud;

	if (php_ws_callback_call(&server->on_reload, 0, NULL) < 0) {
		php_ws_report_exception(server, NULL);
	}
}

/* The client's Sec-WebSocket-Protocol list (all such headers), or NULL. */
static zend_string *offered_subprotocols(const ws_handshake_req *req)
{
	smart_str out = {0};

	for (size_t k = 0; k < req->nheaders; k++) {
		if (req->headers[k].name.n == 22 && strncasecmp((const char *) req->headers[k].name.p, "Sec-WebSocket-Protocol", 22) == 0) {
			if (out.s) {
				smart_str_appendc(&out, ',');
			}
			smart_str_appendl(&out, (const char *) req->headers[k].value.p, req->headers[k].value.n);
		}
	}
	smart_str_0(&out);
	return out.s;
}

/* onHandshake: the application accepts, amends or refuses an upgrade. */
static void bridge_handshake(ws_server *srv, ws_conn *conn, const ws_handshake_req *req, ws_http_reply *reply, void *ud)
{
	php_ws_server *server = ud;
	zend_string *offered;
	zend_object *req_obj, *res_obj;
	php_ws_response *res;
	zval args[2], ret, *data;
	ws_slice head = ws_conn_request(conn);
	int failed;

	(void) srv;
	reply_release(server);
	if (!php_ws_callback_isset(&server->on_handshake)) {
		return;
	}
	offered = offered_subprotocols(req);
	{
		/* The head only: frames may follow it in the same buffer. */
		const uint8_t *end = memmem(head.p, head.n, "\r\n\r\n", 4);
		req_obj = php_ws_request_new((const char *) head.p, end ? (size_t) (end - head.p) + 4 : head.n, ws_conn_remote_ip(conn), NULL);
	}
	res_obj = php_ws_response_new(offered);
	if (offered) {
		zend_string_release(offered);
	}
	res = php_ws_response_from_obj(res_obj);
	ZVAL_OBJ(&args[0], req_obj);
	ZVAL_OBJ(&args[1], res_obj);
	ZVAL_UNDEF(&ret);
	failed = php_ws_callback_call_ret(&server->on_handshake, 2, args, &ret) < 0;
	if (failed) {
		php_ws_report_exception(server, NULL);
		reply->status = 500;
		server->reply_body = zend_string_init("internal error\n", sizeof("internal error\n") - 1, 0);
		reply->body = (const uint8_t *) ZSTR_VAL(server->reply_body);
		reply->body_len = ZSTR_LEN(server->reply_body);
	} else {
		int refuse = (Z_TYPE(ret) == IS_FALSE) || (res->status && res->status != 101);
		server->reply_headers = php_ws_response_header_lines(res);
		reply->headers = ZSTR_VAL(server->reply_headers);
		reply->headers_len = ZSTR_LEN(server->reply_headers);
		if (refuse) {
			reply->status = res->status && res->status != 101 ? res->status : 403;
			server->reply_body = res->body ? zend_string_copy(res->body)
			                               : zend_string_init(ws_http_status_phrase(reply->status), strlen(ws_http_status_phrase(reply->status)), 0);
			reply->body = (const uint8_t *) ZSTR_VAL(server->reply_body);
			reply->body_len = ZSTR_LEN(server->reply_body);
		} else {
			if (Z_TYPE(res->subprotocol) == IS_STRING) {
				server->reply_proto = zend_string_copy(Z_STR(res->subprotocol));
				reply->subprotocol = ZSTR_VAL(server->reply_proto);
			} else if (Z_TYPE(res->subprotocol) == IS_NULL) {
				reply->subprotocol = NULL;
			}
			data = php_ws_request_data(req_obj);
			ZVAL_DEREF(data);
			if (Z_TYPE_P(data) != IS_NULL) {
				Z_TRY_ADDREF_P(data);
				zend_hash_index_update(&server->pending_data, (zend_ulong) ws_conn_id(conn), data);
			}
		}
	}
	zval_ptr_dtor(&ret);
	OBJ_RELEASE(req_obj);
	OBJ_RELEASE(res_obj);
}

/* onRequest: a plain HTTP request with its body. */
static void bridge_request(ws_server *srv, ws_conn *conn, const ws_handshake_req *req, ws_slice body, ws_http_reply *reply,
                           void *ud)
{
	php_ws_server *server = ud;
	zend_object *req_obj, *res_obj;
	php_ws_response *res;
	zend_string *body_str = zend_string_init((const char *) body.p, body.n, 0);
	ws_slice head = ws_conn_request(conn);
	const uint8_t *end = memmem(head.p, head.n, "\r\n\r\n", 4);
	zval args[2];

	(void) srv;
	(void) req;
	reply_release(server);
	req_obj = php_ws_request_new((const char *) head.p, end ? (size_t) (end - head.p) + 4 : head.n, ws_conn_remote_ip(conn), body_str);
	zend_string_release(body_str);
	res_obj = php_ws_response_new(NULL);
	res = php_ws_response_from_obj(res_obj);
	ZVAL_OBJ(&args[0], req_obj);
	ZVAL_OBJ(&args[1], res_obj);
	if (php_ws_callback_call(&server->on_request, 2, args) < 0) {
		php_ws_report_exception(server, NULL);
		reply->status = 500;
		server->reply_body = zend_string_init("internal error\n", sizeof("internal error\n") - 1, 0);
	} else {
		reply->status = res->status && res->status != 101 ? res->status : 200;
		server->reply_headers = php_ws_response_header_lines(res);
		reply->headers = ZSTR_VAL(server->reply_headers);
		reply->headers_len = ZSTR_LEN(server->reply_headers);
		server->reply_body = res->body ? zend_string_copy(res->body) : ZSTR_EMPTY_ALLOC();
	}
	reply->body = (const uint8_t *) ZSTR_VAL(server->reply_body);
	reply->body_len = ZSTR_LEN(server->reply_body);
	OBJ_RELEASE(req_obj);
	OBJ_RELEASE(res_obj);
}

static const ws_server_callbacks bridge = {
	bridge_open, bridge_message, bridge_close, bridge_drain, bridge_error, bridge_free, bridge_tick, bridge_log,
	bridge_shutdown, bridge_reload, bridge_handshake, NULL,
};

/* --- options --- */

static const char *const option_names[] = {
	"path", "subprotocols", "origins", "max_message_size", "max_header_size", "max_connections",
	"handshake_timeout", "ping_interval", "idle_timeout", "close_timeout", "high_watermark",
	"max_buffered", "buffer_full_policy", "backlog", "reuse_port", "memory_budget", "max_connections_per_ip",
	"handshake_rate_per_ip", "max_messages_per_second", "message_rate_policy", "shutdown_timeout", "workers",
	"worker_max_messages", "worker_max_memory", "handle_signals", "trusted_proxies", "health_path", "socket_mode",
	"metrics_path", "metrics_allow", "log_level", "logger", "max_body_size", NULL,
};

#define WS_MAX_SUBPROTOCOL_LEN 1024

static int option_int(zend_string *key, zval *v, zend_long min, zend_long max, zend_long *out)
{
	if (Z_TYPE_P(v) != IS_LONG) {
		zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" must be of type int, %s given",
		                ZSTR_VAL(key), zend_zval_type_name(v));
		return FAILURE;
	}
	if (Z_LVAL_P(v) < min || Z_LVAL_P(v) > max) {
		zend_value_error("WebSocket\\Server::__construct(): Option \"%s\" must be between " ZEND_LONG_FMT
		                 " and " ZEND_LONG_FMT ", " ZEND_LONG_FMT " given", ZSTR_VAL(key), min, max, Z_LVAL_P(v));
		return FAILURE;
	}
	*out = Z_LVAL_P(v);
	return SUCCESS;
}

/* RFC 7230 tchar, for subprotocol names (RFC 6455 §4.1). */
static int is_token(const char *s, size_t n)
{
	if (n == 0) {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c <= 32 || c >= 127 || strchr("\"(),/:;<=>?@[\\]{}", c)) {
			return 0;
		}
	}
	return 1;
}

/* scheme://host[:port], the host possibly "*.domain": what a browser sends
 * as Origin (RFC 6454), so no path, query, fragment or userinfo. */
static int is_origin_pattern(const char *s, size_t n)
{
	const char *sep = strstr(s, "://"), *host, *end = s + n, *colon;

	if (!sep || sep == s) {
		return 0;
	}
	for (const char *p = s; p < sep; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (p > s && ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')))) {
			return 0;
		}
	}
	host = sep + 3;
	if (strncmp(host, "*.", 2) == 0) {
		host += 2;
	}
	colon = memchr(host, ':', (size_t) (end - host));
	if (host == end || host == colon || *host == '.' || (colon ? colon[-1] : end[-1]) == '.') {
		return 0;
	}
	for (const char *p = host; p < (colon ? colon : end); p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.' || (*p == '[' && p == host) || *p == ']')) {
			/* ']' and a leading '[': an IPv6 literal; its colons are past the first ':' check below */
			return 0;
		}
	}
	if (colon) {
		if (colon + 1 == end || end - colon > 6) {
			return 0;
		}
		for (const char *p = colon + 1; p < end; p++) {
			if (*p < '0' || *p > '9') {
				return 0;
			}
		}
	}
	return 1;
}

enum { LIST_TOKENS, LIST_ORIGINS };

/* A list of strings, NULL-terminated and emalloc'd. */
static int option_strings(zend_string *key, zval *v, int kind, char ***out, size_t *count)
{
	zval *e;
	size_t n = 0;
	char **list;

	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" must be of type array, %s given",
		                ZSTR_VAL(key), zend_zval_type_name(v));
		return FAILURE;
	}
	list = ecalloc(zend_hash_num_elements(Z_ARRVAL_P(v)) + 1, sizeof(char *));
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), e) {
		ZVAL_DEREF(e);
		if (Z_TYPE_P(e) != IS_STRING) {
			zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" must contain only strings, %s given",
			                ZSTR_VAL(key), zend_zval_type_name(e));
			goto fail;
		}
		if (kind == LIST_TOKENS ? !is_token(Z_STRVAL_P(e), Z_STRLEN_P(e)) || Z_STRLEN_P(e) > WS_MAX_SUBPROTOCOL_LEN
		                        : strlen(Z_STRVAL_P(e)) != Z_STRLEN_P(e) ||
		                              !is_origin_pattern(Z_STRVAL_P(e), Z_STRLEN_P(e))) {
			zend_value_error("WebSocket\\Server::__construct(): Option \"%s\" contains an invalid value \"%.*s\"%s",
			                 ZSTR_VAL(key), (int) MIN(Z_STRLEN_P(e), 80), Z_STRVAL_P(e),
			                 kind == LIST_TOKENS ? " (must be an HTTP token of at most 1024 bytes)"
			                                     : " (must be an origin: scheme://host[:port] or scheme://*.domain[:port], "
			                                       "without path or trailing slash; or [\"*\"] alone for any origin)");
			goto fail;
		}
		list[n++] = estrndup(Z_STRVAL_P(e), Z_STRLEN_P(e));
	} ZEND_HASH_FOREACH_END();
	*out = list;
	*count = n;
	return SUCCESS;

fail:
	strv_free(list);
	return FAILURE;
}

/* ?string: an absolute path without query, estrdup'd into *out (NULL stays NULL). */
static int option_path(zend_string *key, zval *v, char **out)
{
	if (Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" must be of type ?string, %s given",
		                ZSTR_VAL(key), zend_zval_type_name(v));
		return FAILURE;
	}
	if (Z_STRVAL_P(v)[0] != '/' || strlen(Z_STRVAL_P(v)) != Z_STRLEN_P(v) || strpbrk(Z_STRVAL_P(v), " ?#\r\n")) {
		zend_value_error("WebSocket\\Server::__construct(): Option \"%s\" must be an absolute path without query, \"%s\" given",
		                 ZSTR_VAL(key), Z_STRVAL_P(v));
		return FAILURE;
	}
	if (*out) {
		efree(*out);
	}
	*out = estrndup(Z_STRVAL_P(v), Z_STRLEN_P(v));
	return SUCCESS;
}

/* A list of IPv4/IPv6 addresses and networks, emalloc'd. */
static int option_cidrs(zend_string *key, zval *v, ws_cidr **out, size_t *count)
{
	zval *e;
	size_t n = 0;

	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" must be of type array, %s given",
		                ZSTR_VAL(key), zend_zval_type_name(v));
		return FAILURE;
	}
	if (*out) {
		efree(*out);
	}
	*out = safe_emalloc(zend_hash_num_elements(Z_ARRVAL_P(v)) + 1, sizeof(ws_cidr), 0);
	*count = 0;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), e) {
		ZVAL_DEREF(e);
		if (Z_TYPE_P(e) != IS_STRING) {
			zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" must contain only strings, %s given",
			                ZSTR_VAL(key), zend_zval_type_name(e));
			return FAILURE;
		}
		if (strlen(Z_STRVAL_P(e)) != Z_STRLEN_P(e) || ws_cidr_parse(Z_STRVAL_P(e), &(*out)[n]) < 0) {
			zend_value_error("WebSocket\\Server::__construct(): Option \"%s\" contains an invalid value \"%.*s\" "
			                 "(must be an IPv4 or IPv6 address or network, e.g. 10.0.0.0/8)",
			                 ZSTR_VAL(key), (int) MIN(Z_STRLEN_P(e), 80), Z_STRVAL_P(e));
			return FAILURE;
		}
		n++;
	} ZEND_HASH_FOREACH_END();
	*count = n;
	return SUCCESS;
}

static int option_policy(zend_string *key, zval *v, ws_buffer_policy *out)
{
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" must be of type string, %s given",
		                ZSTR_VAL(key), zend_zval_type_name(v));
		return FAILURE;
	}
	if (zend_string_equals_literal(Z_STR_P(v), "close")) {
		*out = WS_POLICY_CLOSE;
	} else if (zend_string_equals_literal(Z_STR_P(v), "drop")) {
		*out = WS_POLICY_DROP;
	} else {
		zend_value_error("WebSocket\\Server::__construct(): Option \"%s\" must be \"close\" or \"drop\", \"%s\" given",
		                 ZSTR_VAL(key), Z_STRVAL_P(v));
		return FAILURE;
	}
	return SUCCESS;
}

#define WS_MIN_BUDGET 65536

/* Options that are each in range but cannot work together, and the defaults
 * that depend on the process (memory_budget from memory_limit). */
static int check_options(ws_server_config *cfg, int budget_set, int ping_set, int hwm_set)
{
	zend_long limit = PG(memory_limit);

	/* A default that contradicts an option the user set follows it, instead
	 * of making a valid setting throw: pings come at half the idle timeout,
	 * and the watermark at half the hard limit. */
	if (!ping_set && cfg->idle_timeout && cfg->ping_interval >= cfg->idle_timeout) {
		cfg->ping_interval = cfg->idle_timeout / 2;
	}
	if (!hwm_set && cfg->high_watermark > cfg->max_buffered) {
		cfg->high_watermark = cfg->max_buffered / 2;
	}

	if (cfg->idle_timeout && cfg->ping_interval && cfg->idle_timeout <= cfg->ping_interval) {
		zend_value_error("WebSocket\\Server::__construct(): Option \"idle_timeout\" (%" PRIu64 " ms) must be greater than "
		                 "\"ping_interval\" (%" PRIu64 " ms), or a healthy client that is quiet is closed before it can answer a ping",
		                 cfg->idle_timeout, cfg->ping_interval);
		return FAILURE;
	}
	if (cfg->high_watermark > cfg->max_buffered) {
		zend_value_error("WebSocket\\Server::__construct(): Option \"high_watermark\" (%zu) must not be greater than "
		                 "\"max_buffered\" (%zu)", cfg->high_watermark, cfg->max_buffered);
		return FAILURE;
	}
	if (!budget_set) {
		/* Half of memory_limit: the other half is the application's, and the
		 * PHP strings messages become once they are delivered. */
		cfg->memory_budget = limit > 0 ? (size_t) limit / 2 : 0;
	} else if (limit > 0 && cfg->memory_budget > (size_t) limit) {
		zend_value_error("WebSocket\\Server::__construct(): Option \"memory_budget\" (%zu) must not be greater than "
		                 "memory_limit (" ZEND_LONG_FMT " bytes)", cfg->memory_budget, limit);
		return FAILURE;
	}
	return SUCCESS;
}

static int parse_options(php_ws_server *intern, HashTable *options)
{
	ws_server_config *cfg = &intern->cfg;
	zend_string *key;
	zval *v;
	zend_long l;
	int budget_set = 0, ping_set = 0, hwm_set = 0;

	if (!options) {
		return check_options(cfg, 0, 0, 0);
	}

	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, v) {
		ZVAL_DEREF(v);
		if (!key) {
			zend_value_error("WebSocket\\Server::__construct(): Argument #3 ($options) must have string keys");
			return FAILURE;
		}
#define IS(name) zend_string_equals_literal(key, name)
		if (IS("path")) {
			if (Z_TYPE_P(v) == IS_NULL) {
				continue;
			}
			if (Z_TYPE_P(v) != IS_STRING) {
				zend_type_error("WebSocket\\Server::__construct(): Option \"path\" must be of type ?string, %s given",
				                zend_zval_type_name(v));
				return FAILURE;
			}
			if (Z_STRVAL_P(v)[0] != '/' || strlen(Z_STRVAL_P(v)) != Z_STRLEN_P(v) || strpbrk(Z_STRVAL_P(v), " ?#\r\n")) {
				zend_value_error("WebSocket\\Server::__construct(): Option \"path\" must be an absolute path without query, \"%s\" given",
				                 Z_STRVAL_P(v));
				return FAILURE;
			}
			intern->path = estrndup(Z_STRVAL_P(v), Z_STRLEN_P(v));
			cfg->path = intern->path;
		} else if (IS("subprotocols")) {
			strv_free(intern->subprotocols);
			intern->subprotocols = NULL;
			if (option_strings(key, v, LIST_TOKENS, &intern->subprotocols, &cfg->nsubprotocols) == FAILURE) {
				return FAILURE;
			}
			cfg->subprotocols = (const char *const *) intern->subprotocols;
		} else if (IS("origins")) {
			if (Z_TYPE_P(v) == IS_NULL) {
				continue;
			}
			strv_free(intern->origins);
			intern->origins = NULL;
			if (Z_TYPE_P(v) != IS_ARRAY) {
				zend_type_error("WebSocket\\Server::__construct(): Option \"origins\" must be of type ?array, %s given",
				                zend_zval_type_name(v));
				return FAILURE;
			}
			if (zend_hash_num_elements(Z_ARRVAL_P(v)) == 1) {
				zval *only = zend_hash_get_current_data(Z_ARRVAL_P(v));
				ZVAL_DEREF(only);
				if (Z_TYPE_P(only) == IS_STRING && zend_string_equals_literal(Z_STR_P(only), "*")) {
					cfg->origins = NULL; /* explicitly any origin (and none) */
					cfg->norigins = 0;
					continue;
				}
			}
			if (option_strings(key, v, LIST_ORIGINS, &intern->origins, &cfg->norigins) == FAILURE) {
				return FAILURE;
			}
			cfg->origins = (const char *const *) intern->origins;
		} else if (IS("max_message_size")) {
			if (option_int(key, v, 1, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->max_message_size = (size_t) l;
		} else if (IS("max_header_size")) {
			if (option_int(key, v, 256, 1 << 20, &l) == FAILURE) return FAILURE;
			cfg->max_header_size = (size_t) l;
		} else if (IS("max_connections")) {
			if (option_int(key, v, 1, INT_MAX, &l) == FAILURE) return FAILURE;
			cfg->max_connections = (size_t) l;
		} else if (IS("handshake_timeout")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->handshake_timeout = (uint64_t) l;
		} else if (IS("ping_interval")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->ping_interval = (uint64_t) l;
			ping_set = 1;
		} else if (IS("idle_timeout")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->idle_timeout = (uint64_t) l;
		} else if (IS("close_timeout")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->close_timeout = (uint64_t) l;
		} else if (IS("high_watermark")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->high_watermark = (size_t) l;
			hwm_set = 1;
		} else if (IS("max_buffered")) {
			if (option_int(key, v, 1, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->max_buffered = (size_t) l;
		} else if (IS("backlog")) {
			if (option_int(key, v, 1, 65535, &l) == FAILURE) return FAILURE;
			cfg->backlog = (int) l;
		} else if (IS("buffer_full_policy")) {
			if (option_policy(key, v, &cfg->buffer_policy) == FAILURE) return FAILURE;
		} else if (IS("message_rate_policy")) {
			if (option_policy(key, v, &cfg->rate_policy) == FAILURE) return FAILURE;
		} else if (IS("memory_budget")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			if (l > 0 && l < WS_MIN_BUDGET) {
				zend_value_error("WebSocket\\Server::__construct(): Option \"memory_budget\" must be 0 (no budget) or at least %d bytes, " ZEND_LONG_FMT " given",
				                 WS_MIN_BUDGET, l);
				return FAILURE;
			}
			cfg->memory_budget = (size_t) l;
			budget_set = 1;
		} else if (IS("max_connections_per_ip")) {
			if (option_int(key, v, 0, INT_MAX, &l) == FAILURE) return FAILURE;
			cfg->max_connections_per_ip = (size_t) l;
		} else if (IS("handshake_rate_per_ip")) {
			if (option_int(key, v, 0, 1000000, &l) == FAILURE) return FAILURE;
			cfg->handshake_rate_per_ip = (uint32_t) l;
		} else if (IS("max_messages_per_second")) {
			if (option_int(key, v, 0, 1000000000, &l) == FAILURE) return FAILURE;
			cfg->max_messages_per_second = (uint32_t) l;
		} else if (IS("trusted_proxies")) {
			if (option_cidrs(key, v, &intern->trusted_proxies, &cfg->ntrusted_proxies) == FAILURE) return FAILURE;
			cfg->trusted_proxies = intern->trusted_proxies;
		} else if (IS("health_path")) {
			if (option_path(key, v, &intern->health_path) == FAILURE) return FAILURE;
			cfg->health_path = intern->health_path;
		} else if (IS("metrics_path")) {
			if (option_path(key, v, &intern->metrics_path) == FAILURE) return FAILURE;
			cfg->metrics_path = intern->metrics_path;
		} else if (IS("metrics_allow")) {
			if (option_cidrs(key, v, &intern->metrics_allow, &cfg->nmetrics_allow) == FAILURE) return FAILURE;
			cfg->metrics_allow = intern->metrics_allow;
		} else if (IS("log_level")) {
			static const char *const levels[] = {"off", "", "", "error", "warning", "notice", "info"};
			int found = -1;
			if (Z_TYPE_P(v) != IS_STRING) {
				zend_type_error("WebSocket\\Server::__construct(): Option \"log_level\" must be of type string, %s given",
				                zend_zval_type_name(v));
				return FAILURE;
			}
			for (int i = 0; i < 7; i++) {
				if (*levels[i] && zend_string_equals_cstr(Z_STR_P(v), levels[i], strlen(levels[i]))) {
					found = i;
				}
			}
			if (found < 0) {
				zend_value_error("WebSocket\\Server::__construct(): Option \"log_level\" must be \"error\", \"warning\", \"notice\", \"info\" or \"off\", \"%s\" given",
				                 Z_STRVAL_P(v));
				return FAILURE;
			}
			intern->log_level = found;
		} else if (IS("logger")) {
			zend_class_entry *psr = zend_lookup_class(zend_string_init_interned("Psr\\Log\\LoggerInterface", sizeof("Psr\\Log\\LoggerInterface") - 1, 0));
			if (Z_TYPE_P(v) == IS_NULL) {
				continue;
			}
			if (Z_TYPE_P(v) != IS_OBJECT || !psr || !instanceof_function(Z_OBJCE_P(v), psr)) {
				zend_type_error("WebSocket\\Server::__construct(): Option \"logger\" must be a Psr\\Log\\LoggerInterface%s, %s given",
				                psr ? "" : " (psr/log is not loaded)", zend_zval_type_name(v));
				return FAILURE;
			}
			zval_ptr_dtor(&intern->logger);
			ZVAL_COPY(&intern->logger, v);
		} else if (IS("max_body_size")) {
			if (option_int(key, v, 0, 1 << 30, &l) == FAILURE) return FAILURE;
			cfg->max_body_size = (size_t) l;
		} else if (IS("socket_mode")) {
			if (option_int(key, v, 1, 0777, &l) == FAILURE) return FAILURE;
			cfg->unix_mode = (unsigned) l;
		} else if (IS("shutdown_timeout")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->shutdown_timeout = (uint64_t) l;
		} else if (IS("workers")) {
			if (option_int(key, v, 1, 1024, &l) == FAILURE) return FAILURE;
			intern->workers = l;
		} else if (IS("worker_max_messages")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			intern->worker_max_messages = l;
		} else if (IS("worker_max_memory")) {
			if (option_int(key, v, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			intern->worker_max_memory = (size_t) l;
		} else if (IS("handle_signals")) {
			if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
				zend_type_error("WebSocket\\Server::__construct(): Option \"handle_signals\" must be of type bool, %s given",
				                zend_zval_type_name(v));
				return FAILURE;
			}
			cfg->handle_signals = Z_TYPE_P(v) == IS_TRUE;
		} else if (IS("reuse_port")) {
			if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
				zend_type_error("WebSocket\\Server::__construct(): Option \"reuse_port\" must be of type bool, %s given",
				                zend_zval_type_name(v));
				return FAILURE;
			}
			cfg->reuse_port = Z_TYPE_P(v) == IS_TRUE;
		} else {
			smart_str known = {0};
			for (const char *const *n = option_names; *n; n++) {
				if (known.s) {
					smart_str_appends(&known, ", ");
				}
				smart_str_appends(&known, *n);
			}
			smart_str_0(&known);
			zend_value_error("WebSocket\\Server::__construct(): Unknown option \"%s\" (known: %s)", ZSTR_VAL(key),
			                 ZSTR_VAL(known.s));
			smart_str_free(&known);
			return FAILURE;
		}
#undef IS
	} ZEND_HASH_FOREACH_END();
	if ((intern->worker_max_messages || intern->worker_max_memory) && intern->workers < 2) {
		zend_value_error("WebSocket\\Server::__construct(): Options \"worker_max_messages\" and \"worker_max_memory\" need "
		                 "\"workers\" of 2 or more: a worker that recycles itself is replaced by the master");
		return FAILURE;
	}
	return check_options(cfg, budget_set, ping_set, hwm_set);
}

/* --- methods --- */

#define THIS_SERVER() php_ws_server_from_obj(Z_OBJ_P(ZEND_THIS))

ZEND_METHOD(WebSocket_Server, __construct)
{
	php_ws_server *intern = THIS_SERVER();
	zend_string *host;
	zend_long port;
	HashTable *options = NULL;
	char errbuf[WS_ERRBUF_LEN];

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
	if (parse_options(intern, options) == FAILURE) {
		RETURN_THROWS();
	}
	errbuf[0] = '\0';
	intern->srv = ws_server_new(ZSTR_VAL(host), (int) port, &intern->cfg, &bridge, intern, errbuf);
	if (!intern->srv) {
		zend_throw_exception_ex(php_ws_server_exception_ce, errno, "Cannot listen on %s:" ZEND_LONG_FMT ": %s",
		                        ZSTR_VAL(host), port, errbuf);
		RETURN_THROWS();
	}
	intern->host = zend_string_copy(host);
}

static php_ws_server *server_checked(zval *this_ptr)
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
		ws_server_set_request_handler(intern->srv, php_ws_callback_isset(&intern->on_request) ? bridge_request : NULL);
	}
}
ZEND_METHOD(WebSocket_Server, onHandshake) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_handshake)); }
ZEND_METHOD(WebSocket_Server, onShutdown) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_shutdown)); }
ZEND_METHOD(WebSocket_Server, onReload) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_reload)); }
ZEND_METHOD(WebSocket_Server, onWorkerStart) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_worker_start)); }
ZEND_METHOD(WebSocket_Server, onWorkerStop) { set_callback(INTERNAL_FUNCTION_PARAM_PASSTHRU, XtOffsetOf(php_ws_server, on_worker_stop)); }

static void master_log(void *ud, int level, const char *msg)
{
	char who[32];

	snprintf(who, sizeof(who), " master[%d]", (int) getpid());
	log_line(ud, level, who, msg);
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
	if (!(intern = server_checked(ZEND_THIS))) {
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
	if (!(intern = server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	ws_server_stop(intern->srv);
}

ZEND_METHOD(WebSocket_Server, getHost)
{
	php_ws_server *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = server_checked(ZEND_THIS))) {
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
	int rc;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(host)
		Z_PARAM_LONG(port)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = server_checked(ZEND_THIS))) {
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
			if (!key || !zend_string_equals_literal(key, "socket_mode")) {
				zend_argument_value_error(3, "may only hold \"socket_mode\" (the other options are the server's), \"%s\" given",
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
	rc = ws_server_listen(intern->srv, ZSTR_VAL(host), (int) port, (unsigned) (mode ? mode : (zend_long) intern->cfg.unix_mode), errbuf);
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
	if (!(intern = server_checked(ZEND_THIS))) {
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
	if (!(intern = server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	RETURN_LONG(ws_server_port(intern->srv));
}

static int skip_listed(ws_conn *conn, void *ud)
{
	return zend_hash_index_exists((HashTable *) ud, (zend_ulong) ws_conn_id(conn));
}

ZEND_METHOD(WebSocket_Server, broadcast)
{
	php_ws_server *intern;
	zend_string *data;
	bool binary = 0;
	HashTable *except = NULL, skip;
	zval *id;
	size_t n;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(binary)
		Z_PARAM_ARRAY_HT_OR_NULL(except)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (!binary && !ws_utf8_valid((const uint8_t *) ZSTR_VAL(data), ZSTR_LEN(data))) {
		zend_argument_value_error(1, "must be valid UTF-8 for a text message (pass $binary = true for bytes)");
		RETURN_THROWS();
	}
	if (except && zend_hash_num_elements(except)) {
		zend_hash_init(&skip, zend_hash_num_elements(except), NULL, NULL, 0);
		ZEND_HASH_FOREACH_VAL(except, id) {
			ZVAL_DEREF(id);
			if (Z_TYPE_P(id) == IS_LONG) {
				zend_hash_index_add_empty_element(&skip, (zend_ulong) Z_LVAL_P(id));
			} else if (Z_TYPE_P(id) == IS_OBJECT && instanceof_function(Z_OBJCE_P(id), php_ws_connection_ce)) {
				zend_hash_index_add_empty_element(&skip, (zend_ulong) Z_LVAL_P(OBJ_PROP_NUM(Z_OBJ_P(id), 0)));
			} else {
				zend_hash_destroy(&skip);
				zend_argument_type_error(3, "must contain only connection ids or WebSocket\\Connection objects, %s given",
				                         zend_zval_type_name(id));
				RETURN_THROWS();
			}
		} ZEND_HASH_FOREACH_END();
		n = ws_server_broadcast(intern->srv, binary ? WS_OP_BINARY : WS_OP_TEXT, (const uint8_t *) ZSTR_VAL(data),
		                        ZSTR_LEN(data), skip_listed, &skip);
		zend_hash_destroy(&skip);
	} else {
		n = ws_server_broadcast(intern->srv, binary ? WS_OP_BINARY : WS_OP_TEXT, (const uint8_t *) ZSTR_VAL(data),
		                        ZSTR_LEN(data), NULL, NULL);
	}
	RETURN_LONG((zend_long) n);
}

/* --- application timers --- */

static void timer_fire(ws_loop *l, ws_timer *wt)
{
	php_ws_timer *t = (php_ws_timer *) wt;
	php_ws_server *server = t->server;
	php_ws_callback cb;
	int failed;

	if (t->repeat) {
		failed = php_ws_callback_call(&t->cb, 0, NULL) < 0; /* may cancel (free) t */
	} else {
		/* One-shot: forget it first, so cancel() from inside returns false. */
		ZVAL_COPY(&cb.fn, &t->cb.fn);
		cb.fcc = t->cb.fcc;
		zend_hash_index_del(&server->timers, (zend_ulong) t->id);
		timer_free(server, t);
		failed = php_ws_callback_call(&cb, 0, NULL) < 0;
		zval_ptr_dtor(&cb.fn);
	}
	if (failed) {
		php_ws_report_exception(server, NULL);
	}
}

static void add_timer(INTERNAL_FUNCTION_PARAMETERS, int repeat)
{
	php_ws_server *intern;
	zend_long ms;
	zend_fcall_info fci = empty_fcall_info;
	zend_fcall_info_cache fcc = empty_fcall_info_cache;
	php_ws_timer *t;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(ms)
		Z_PARAM_FUNC(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (ms < (repeat ? 1 : 0)) {
		zend_argument_value_error(1, repeat ? "must be greater than 0" : "must be greater than or equal to 0");
		RETURN_THROWS();
	}
	t = ecalloc(1, sizeof(*t));
	ZVAL_UNDEF(&t->cb.fn);
	php_ws_callback_set(&t->cb, &fci, &fcc);
	t->server = intern;
	t->repeat = repeat;
	t->id = ++intern->next_timer_id;
	zend_hash_index_add_new_ptr(&intern->timers, (zend_ulong) t->id, t);
	ws_loop_timer_start(ws_server_loop(intern->srv), &t->timer, (uint64_t) ms, repeat ? (uint64_t) ms : 0, timer_fire);
	RETURN_LONG(t->id);
}

ZEND_METHOD(WebSocket_Server, after) { add_timer(INTERNAL_FUNCTION_PARAM_PASSTHRU, 0); }
ZEND_METHOD(WebSocket_Server, every) { add_timer(INTERNAL_FUNCTION_PARAM_PASSTHRU, 1); }

ZEND_METHOD(WebSocket_Server, cancel)
{
	php_ws_server *intern;
	zend_long id;
	php_ws_timer *t;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(id)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	t = zend_hash_index_find_ptr(&intern->timers, (zend_ulong) id);
	if (!t) {
		RETURN_FALSE;
	}
	zend_hash_index_del(&intern->timers, (zend_ulong) id);
	timer_free(intern, t);
	RETURN_TRUE;
}

/* --- the open connections --- */

ZEND_METHOD(WebSocket_Server, count)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_LONG(zend_hash_num_elements(&THIS_SERVER()->connections));
}

ZEND_METHOD(WebSocket_Server, getConnections)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_ARR(zend_array_dup(&THIS_SERVER()->connections));
}

ZEND_METHOD(WebSocket_Server, getConnection)
{
	zend_long id;
	zval *c;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(id)
	ZEND_PARSE_PARAMETERS_END();

	c = zend_hash_index_find(&THIS_SERVER()->connections, (zend_ulong) id);
	if (!c) {
		RETURN_NULL();
	}
	RETURN_COPY(c);
}

ZEND_METHOD(WebSocket_Server, getIterator)
{
	zval arr;

	ZEND_PARSE_PARAMETERS_NONE();
	ZVAL_ARR(&arr, zend_array_dup(&THIS_SERVER()->connections));
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
	add_assoc_double(out, "uptime", (double) st->uptime_ms / 1000.0);
}

ZEND_METHOD(WebSocket_Server, getStats)
{
	php_ws_server *intern;
	ws_server_stats st;
	int workers;
	uint64_t age;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	ws_server_get_stats(intern->srv, &st);
	stats_array(return_value, &st);
	add_assoc_long(return_value, "php_memory", (zend_long) zend_memory_usage(false));
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
