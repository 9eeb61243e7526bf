/* php_ws_connection.c: WebSocket\Connection, a handle on a core connection.
 * Made only by the server; stale once the connection is gone. */
#include "php.h"
#include "zend_enum.h"
#include "zend_exceptions.h"
#include "ext/json/php_json.h"
#include "php_ws.h"
#include "php_ws_server_int.h"
#include "core/ws_frame.h"
#include "core/ws_handshake.h"
#include "core/ws_head.h"
#include "core/ws_proto.h"
#include "core/ws_pubsub.h"
#include "core/ws_utf8.h"

zend_class_entry *php_ws_connection_ce;
static zend_object_handlers php_ws_connection_handlers;

#define PROP_ID 0

static zend_object *php_ws_connection_create(zend_class_entry *ce)
{
	php_ws_connection *intern = zend_object_alloc(sizeof(php_ws_connection), ce);

	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_ws_connection_handlers;
	return &intern->std;
}

static zend_function *php_ws_connection_get_constructor(zend_object *object)
{
	zend_throw_error(NULL, "Cannot directly construct WebSocket\\Connection, it is passed to Server callbacks");
	return NULL;
}

static void php_ws_connection_free(zend_object *obj)
{
	php_ws_connection *intern = php_ws_connection_from_obj(obj);

	if (intern->is_gone) {
		zend_string_release(intern->c.gone->remote_ip);
		if (intern->c.gone->subprotocol) {
			zend_string_release(intern->c.gone->subprotocol);
		}
		efree(intern->c.gone);
	}
	ws_free(intern->head);
	zend_object_std_dtor(obj);
}

zend_object *php_ws_connection_create_for(php_ws_server *server, ws_conn *conn)
{
	zend_object *obj = php_ws_connection_create(php_ws_connection_ce);
	php_ws_connection *intern = php_ws_connection_from_obj(obj);
	uint8_t *raw;
	size_t len, plen;

	intern->c.conn = conn;
	intern->node_id = ws_server_node_id(server->srv);
	/* The core's copy of the head (exactly the head, at most max_header_size
	 * bytes) is kept packed, in a block of its packed size (ws_head.h):
	 * the getters unpack it, so they answer byte for byte as from the raw
	 * head. The allocator hooks are emalloc's here, which never fail. */
	raw = ws_conn_take_request(conn, &len);
	if (ws_head_pack(raw, len, &intern->head, &plen) == WS_OK) {
		intern->head_len = (uint32_t) plen;
	}
	ws_free(raw);
	/* The readonly $id is set once here, before userland sees the object. */
	ZVAL_LONG(OBJ_PROP_NUM(obj, PROP_ID), (zend_long) ws_conn_id(conn));
	return obj;
}

void php_ws_connection_detach(zend_object *obj)
{
	php_ws_connection *intern = php_ws_connection_from_obj(obj);
	ws_conn *c = php_ws_connection_core(intern);

	if (c) {
		php_ws_connection_gone *g = emalloc(sizeof(*g));
		const char *proto = ws_conn_subprotocol_name(c);
		const char *ip = ws_conn_remote_ip(c); /* formatted into a buffer the next call reuses */
		g->remote_ip = zend_string_init(ip, strlen(ip), 0);
		g->subprotocol = proto ? zend_string_init(proto, strlen(proto), 0) : NULL;
		g->rtt_us = ws_conn_rtt_us(c);
		g->remote_port = ws_conn_remote_port(c);
		g->pmd = *ws_conn_deflate_params(c);
		intern->c.gone = g;
		intern->is_gone = 1;
	}
}

void php_ws_connection_minit(zend_class_entry *ce)
{
	php_ws_connection_ce = ce;
	php_ws_connection_ce->create_object = php_ws_connection_create;
	memcpy(&php_ws_connection_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	php_ws_connection_handlers.offset = XtOffsetOf(php_ws_connection, std);
	php_ws_connection_handlers.free_obj = php_ws_connection_free;
	php_ws_connection_handlers.get_constructor = php_ws_connection_get_constructor;
	php_ws_connection_handlers.clone_obj = NULL;
}

#define THIS_CONN() php_ws_connection_from_obj(Z_OBJ_P(ZEND_THIS))

static void php_ws_string_retain(void *s) { zend_string_addref((zend_string *) s); }
static void php_ws_string_release(void *s) { zend_string_release((zend_string *) s); }

ZEND_METHOD(WebSocket_Connection, send)
{
	php_ws_connection *intern = THIS_CONN();
	zend_string *data;
	bool binary = 0, compress = 1;
	ws_ref ref;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(binary)
		Z_PARAM_BOOL(compress)
	ZEND_PARSE_PARAMETERS_END();

	if (!binary && !ws_utf8_valid((const uint8_t *) ZSTR_VAL(data), ZSTR_LEN(data))) {
		zend_argument_value_error(1, "must be valid UTF-8 for a text message (pass $binary = true for bytes)");
		RETURN_THROWS();
	}
	ws_conn *conn = php_ws_connection_core(intern);
	if (!conn) {
		RETURN_FALSE;
	}
	/* A payload the socket does not take at once stays queued by reference:
	 * the string is shared with PHP, never copied into the queue. */
	ref.retain = php_ws_string_retain;
	ref.release = php_ws_string_release;
	ref.ud = data;
	rc = ws_conn_send_flags(conn, binary ? WS_OP_BINARY : WS_OP_TEXT, (const uint8_t *) ZSTR_VAL(data),
	                        ZSTR_LEN(data), &ref, compress ? 0 : WS_SEND_UNCOMPRESSED);
	RETURN_BOOL(rc == WS_OK);
}

ZEND_METHOD(WebSocket_Connection, sendJson)
{
	php_ws_connection *intern = THIS_CONN();
	zval *value, fn, args[3], json;
	zend_long flags = 0, depth = 512;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(flags)
		Z_PARAM_LONG(depth)
	ZEND_PARSE_PARAMETERS_END();

	/* json_encode() itself, with JSON_THROW_ON_ERROR always on and partial
	 * output always off: an error throws JsonException with json_encode()'s
	 * own message, and a message of "" or of half a document never goes out. */
	ZVAL_STRINGL(&fn, "json_encode", sizeof("json_encode") - 1);
	ZVAL_COPY_VALUE(&args[0], value);
	ZVAL_LONG(&args[1], (flags | PHP_JSON_THROW_ON_ERROR) & ~(zend_long) PHP_JSON_PARTIAL_OUTPUT_ON_ERROR);
	ZVAL_LONG(&args[2], depth);
	ZVAL_UNDEF(&json);
	rc = call_user_function(NULL, NULL, &fn, &json, 3, args);
	zval_ptr_dtor(&fn);
	if (rc == FAILURE || EG(exception) || Z_TYPE(json) != IS_STRING) {
		zval_ptr_dtor(&json);
		RETURN_THROWS();
	}
	ws_conn *conn = php_ws_connection_core(intern);
	if (!conn) {
		zval_ptr_dtor(&json);
		RETURN_FALSE;
	}
	/* json_encode() output is valid UTF-8: a text message. */
	rc = ws_conn_send(conn, WS_OP_TEXT, (const uint8_t *) Z_STRVAL(json), Z_STRLEN(json));
	zval_ptr_dtor(&json);
	RETURN_BOOL(rc == WS_OK);
}

ZEND_METHOD(WebSocket_Connection, ping)
{
	php_ws_connection *intern = THIS_CONN();
	zend_string *payload = NULL;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(payload)
	ZEND_PARSE_PARAMETERS_END();

	if (payload && ZSTR_LEN(payload) > WS_MAX_CONTROL_PAYLOAD) {
		zend_argument_value_error(1, "must be at most 125 bytes (RFC 6455 section 5.5)");
		RETURN_THROWS();
	}
	ws_conn *conn = php_ws_connection_core(intern);
	if (!conn) {
		RETURN_FALSE;
	}
	RETURN_BOOL(ws_conn_send(conn, WS_OP_PING, payload ? (const uint8_t *) ZSTR_VAL(payload) : NULL,
	                         payload ? ZSTR_LEN(payload) : 0) >= 0);
}

ZEND_METHOD(WebSocket_Connection, close)
{
	php_ws_connection *intern = THIS_CONN();
	zval *zcode = NULL;
	zend_string *reason = NULL;
	zend_long code = 1000;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zcode)
		Z_PARAM_STR(reason)
	ZEND_PARSE_PARAMETERS_END();

	if (zcode) {
		if (Z_TYPE_P(zcode) == IS_OBJECT && instanceof_function(Z_OBJCE_P(zcode), php_ws_closecode_ce)) {
			code = Z_LVAL_P(zend_enum_fetch_case_value(Z_OBJ_P(zcode)));
		} else if (Z_TYPE_P(zcode) == IS_LONG) {
			code = Z_LVAL_P(zcode);
		} else {
			zend_argument_type_error(1, "must be of type WebSocket\\CloseCode|int, %s given", zend_zval_type_name(zcode));
			RETURN_THROWS();
		}
	}
	/* RFC 6455 §7.4: 1005, 1006 and 1015 are never sent; 1004 and the rest of 1000-2999 are reserved. */
	if (!ws_close_code_valid((unsigned) (code < 0 || code > 0xffff ? 0 : code))) {
		zend_argument_value_error(1, "must be a valid close code (1000-1003, 1007-1014 or 3000-4999), " ZEND_LONG_FMT " given", code);
		RETURN_THROWS();
	}
	if (reason && ZSTR_LEN(reason) > WS_MAX_CONTROL_PAYLOAD - 2) {
		zend_argument_value_error(2, "must be at most 123 bytes (RFC 6455 section 5.5)");
		RETURN_THROWS();
	}
	if (reason && !ws_utf8_valid((const uint8_t *) ZSTR_VAL(reason), ZSTR_LEN(reason))) {
		zend_argument_value_error(2, "must be valid UTF-8");
		RETURN_THROWS();
	}
	ws_conn *conn = php_ws_connection_core(intern);
	if (conn) {
		ws_conn_close(conn, (uint16_t) code, reason ? (const uint8_t *) ZSTR_VAL(reason) : NULL,
		              reason ? ZSTR_LEN(reason) : 0);
	}
}

ZEND_METHOD(WebSocket_Connection, isOpen)
{
	php_ws_connection *intern = THIS_CONN();
	ZEND_PARSE_PARAMETERS_NONE();
	ws_conn *conn = php_ws_connection_core(intern);
	RETURN_BOOL(conn && ws_conn_get_state(conn) == WS_CONN_OPEN);
}

ZEND_METHOD(WebSocket_Connection, getBufferedAmount)
{
	php_ws_connection *intern = THIS_CONN();
	ZEND_PARSE_PARAMETERS_NONE();
	ws_conn *conn = php_ws_connection_core(intern);
	RETURN_LONG(conn ? (zend_long) ws_conn_buffered(conn) : 0);
}

ZEND_METHOD(WebSocket_Connection, getRemoteAddress)
{
	php_ws_connection *intern = THIS_CONN();
	ZEND_PARSE_PARAMETERS_NONE();
	ws_conn *conn = php_ws_connection_core(intern);
	if (conn) {
		RETURN_STRING(ws_conn_remote_ip(conn));
	}
	RETURN_STR_COPY(intern->c.gone->remote_ip);
}

ZEND_METHOD(WebSocket_Connection, getRemotePort)
{
	php_ws_connection *intern = THIS_CONN();
	ZEND_PARSE_PARAMETERS_NONE();
	ws_conn *conn = php_ws_connection_core(intern);
	RETURN_LONG(conn ? ws_conn_remote_port(conn) : intern->c.gone->remote_port);
}

/* The stored request head is unpacked and parsed again when asked: headers
 * are only materialised then. Heads up to HEAD_STACK bytes are unpacked on
 * the stack. */
#define HEAD_STACK 2048

typedef struct php_ws_head_buf {
	char stack[HEAD_STACK];
	char *p;        /* stack, or an emalloc'd block */
	size_t len;
} php_ws_head_buf;

static void php_ws_head_unpack(const php_ws_connection *intern, php_ws_head_buf *b)
{
	ssize_t n = ws_head_unpacked_size(intern->head, intern->head_len);

	b->p = b->stack;
	b->len = 0;
	/* A packed head is ours: it never fails to unpack, but answer "none" rather than read on if it did. */
	if (n <= 0) {
		return;
	}
	if ((size_t) n > sizeof(b->stack)) {
		b->p = emalloc((size_t) n);
	}
	n = ws_head_unpack(intern->head, intern->head_len, (uint8_t *) b->p, (size_t) n);
	b->len = n > 0 ? (size_t) n : 0;
}

static void php_ws_head_buf_free(php_ws_head_buf *b)
{
	if (b->p != b->stack) {
		efree(b->p);
	}
}

static void php_ws_connection_head_part(php_ws_connection *intern, php_ws_head_part_t part, zval *rv)
{
	php_ws_head_buf b;

	php_ws_head_unpack(intern, &b);
	php_ws_head_part(b.p, b.len, part, rv);
	php_ws_head_buf_free(&b);
}

ZEND_METHOD(WebSocket_Connection, getPath)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_connection_head_part(THIS_CONN(), PHP_WS_HEAD_PATH, return_value);
}

ZEND_METHOD(WebSocket_Connection, getQuery)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_connection_head_part(THIS_CONN(), PHP_WS_HEAD_QUERY, return_value);
}

ZEND_METHOD(WebSocket_Connection, getHeaders)
{
	php_ws_head_buf b;

	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_head_unpack(THIS_CONN(), &b);
	php_ws_head_headers(b.p, b.len, return_value);
	php_ws_head_buf_free(&b);
}

ZEND_METHOD(WebSocket_Connection, getHeader)
{
	zend_string *name;
	php_ws_head_buf b;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	php_ws_head_unpack(THIS_CONN(), &b);
	php_ws_head_header(b.p, b.len, name, return_value);
	php_ws_head_buf_free(&b);
}

ZEND_METHOD(WebSocket_Connection, getSubprotocol)
{
	php_ws_connection *intern = THIS_CONN();
	const char *proto;
	ZEND_PARSE_PARAMETERS_NONE();
	ws_conn *conn = php_ws_connection_core(intern);
	if (!conn) {
		if (!intern->c.gone->subprotocol) {
			RETURN_NULL();
		}
		RETURN_STR_COPY(intern->c.gone->subprotocol);
	}
	proto = ws_conn_subprotocol_name(conn);
	if (!proto) {
		RETURN_NULL();
	}
	RETURN_STRING(proto);
}

ZEND_METHOD(WebSocket_Connection, getExtensions)
{
	php_ws_connection *intern = THIS_CONN();
	ZEND_PARSE_PARAMETERS_NONE();
	ws_conn *conn = php_ws_connection_core(intern);
	php_ws_extensions_array(return_value, conn ? ws_conn_deflate_params(conn) : &intern->c.gone->pmd);
}

ZEND_METHOD(WebSocket_Connection, getTlsInfo)
{
	php_ws_connection *intern = THIS_CONN();
	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_tls_info(php_ws_connection_core(intern), return_value);
}

ZEND_METHOD(WebSocket_Connection, getRtt)
{
	php_ws_connection *intern = THIS_CONN();
	ZEND_PARSE_PARAMETERS_NONE();
	ws_conn *conn = php_ws_connection_core(intern);
	int64_t rtt = conn ? ws_conn_rtt_us(conn) : intern->c.gone->rtt_us;
	if (rtt < 0) {
		RETURN_NULL();
	}
	RETURN_DOUBLE((double) rtt / 1000.0);
}

/* --- topics --- */

static bool topic_arg_ok(const zend_string *topic)
{
	if (ZSTR_LEN(topic) == 0 || ZSTR_LEN(topic) > WS_TOPIC_MAX) {
		zend_argument_value_error(1, "must be 1 to %d bytes long, %zu given", WS_TOPIC_MAX, ZSTR_LEN(topic));
		return false;
	}
	return true;
}

ZEND_METHOD(WebSocket_Connection, subscribe)
{
	php_ws_connection *intern = THIS_CONN();
	zend_string *topic;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(topic)
	ZEND_PARSE_PARAMETERS_END();

	if (!topic_arg_ok(topic)) {
		RETURN_THROWS();
	}
	ws_conn *conn = php_ws_connection_core(intern);
	if (!conn) {
		RETURN_FALSE;
	}
	rc = ws_conn_subscribe(conn, (const uint8_t *) ZSTR_VAL(topic), ZSTR_LEN(topic));
	if (rc == WS_ERR_NOMEM) {
		zend_throw_exception(php_ws_exception_ce, "out of memory subscribing to a topic", 0);
		RETURN_THROWS();
	}
	RETURN_BOOL(rc == 1);
}

ZEND_METHOD(WebSocket_Connection, unsubscribe)
{
	php_ws_connection *intern = THIS_CONN();
	zend_string *topic;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(topic)
	ZEND_PARSE_PARAMETERS_END();

	ws_conn *conn = php_ws_connection_core(intern);
	RETURN_BOOL(conn && ws_conn_unsubscribe(conn, (const uint8_t *) ZSTR_VAL(topic), ZSTR_LEN(topic)));
}

ZEND_METHOD(WebSocket_Connection, isSubscribed)
{
	php_ws_connection *intern = THIS_CONN();
	zend_string *topic;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(topic)
	ZEND_PARSE_PARAMETERS_END();

	ws_conn *conn = php_ws_connection_core(intern);
	RETURN_BOOL(conn && ws_conn_is_subscribed(conn, (const uint8_t *) ZSTR_VAL(topic), ZSTR_LEN(topic)));
}

static void add_topic(const uint8_t *topic, size_t len, void *ud)
{
	add_next_index_stringl((zval *) ud, (const char *) topic, len);
}

ZEND_METHOD(WebSocket_Connection, getTopics)
{
	php_ws_connection *intern = THIS_CONN();

	ZEND_PARSE_PARAMETERS_NONE();
	array_init(return_value);
	ws_conn *conn = php_ws_connection_core(intern);
	if (conn) {
		ws_conn_each_topic(conn, add_topic, return_value);
	}
}

ZEND_METHOD(WebSocket_Connection, getClusterId)
{
	php_ws_connection *intern = THIS_CONN();

	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STR(zend_strpprintf(0, "%" PRIu32 ".%" ZEND_LONG_FMT_SPEC, intern->node_id,
	                           Z_LVAL_P(OBJ_PROP_NUM(Z_OBJ_P(ZEND_THIS), PROP_ID))));
}
