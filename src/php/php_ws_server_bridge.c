/* php_ws_server_bridge.c: WebSocket\Server: the bridge from core events to PHP
 * callbacks, and what happens to an exception a callback throws. */
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
#include "php_ws_server_int.h"

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
	zval arg;

	/* The Connection took the core's request head over (and keeps it packed)
	 * for its getters. The core connection holds the server's reference (the
	 * object's first) for as long as it lives; the core finds it by id
	 * (Server::getConnection()). */
	ws_conn_set_user(conn, obj);
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
	/* The core no longer counts, iterates or finds it while onClose runs. */
	ZVAL_OBJ(&args[0], obj); /* the core connection's reference, given up below */
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
		ws_conn_set_user(conn, NULL);
		OBJ_RELEASE(obj);
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
void php_ws_server_log_line(php_ws_server *server, int level, const char *who, const char *msg)
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
	php_ws_server_log_line(ud, level, "", msg);
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
	php_ws_server_cancel_timers(server);
}

static void bridge_reload(ws_server *srv, void *ud)
{
	php_ws_server *server = ud;

	php_ws_tls_reload_on_signal(server);
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
	php_ws_server_reply_release(server);
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
void php_ws_server_bridge_request(ws_server *srv, ws_conn *conn, const ws_handshake_req *req, ws_slice body, ws_http_reply *reply,
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
	php_ws_server_reply_release(server);
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

const ws_server_callbacks php_ws_server_bridge = {
	bridge_open, bridge_message, bridge_close, bridge_drain, bridge_error, bridge_free, bridge_tick, bridge_log,
	bridge_shutdown, bridge_reload, bridge_handshake, NULL,
};
