/* php_ws_http.c: WebSocket\Request and WebSocket\Response, the request and
 * the answer the onHandshake hook sees. Made only by the server. */
#include "php.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"
#include "ext/standard/url.h"
#include "php_streams.h"
#include <strings.h>
#include "php_ws.h"
#include "core/ws_handshake.h"

zend_class_entry *php_ws_request_ce, *php_ws_response_ce;
static zend_object_handlers php_ws_request_handlers, php_ws_response_handlers;

static inline php_ws_request *request_from_obj(zend_object *obj)
{
	return (php_ws_request *) ((char *) obj - XtOffsetOf(php_ws_request, std));
}

static inline php_ws_response *response_from_obj(zend_object *obj)
{
	return (php_ws_response *) ((char *) obj - XtOffsetOf(php_ws_response, std));
}

static zend_function *no_constructor(zend_object *object)
{
	zend_throw_error(NULL, "Cannot directly construct %s, it is passed to Server callbacks", ZSTR_VAL(object->ce->name));
	return NULL;
}

/* --- Request --- */

static zend_object *request_create(zend_class_entry *ce)
{
	php_ws_request *intern = zend_object_alloc(sizeof(php_ws_request), ce);

	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_ws_request_handlers;
	return &intern->std;
}

static void request_free(zend_object *obj)
{
	php_ws_request *intern = request_from_obj(obj);

	if (intern->head) {
		zend_string_release(intern->head);
	}
	if (intern->remote_ip) {
		zend_string_release(intern->remote_ip);
	}
	if (intern->body) {
		zend_string_release(intern->body);
	}
	zend_object_std_dtor(obj);
}

zend_object *php_ws_request_new(const char *head, size_t len, const char *remote_ip, zend_string *body)
{
	zend_object *obj = request_create(php_ws_request_ce);
	php_ws_request *intern = request_from_obj(obj);

	intern->head = zend_string_init(head, len, 0);
	intern->remote_ip = zend_string_init(remote_ip, strlen(remote_ip), 0);
	intern->body = body ? zend_string_copy(body) : ZSTR_EMPTY_ALLOC();
	return obj;
}

zval *php_ws_request_data(zend_object *obj)
{
	return OBJ_PROP_NUM(obj, 0);
}

/* Request headers as PHP sees them: lower-case names, repeats joined with
 * ", " (RFC 9110 §5.3), cookies with "; " (RFC 6265 §5.4). */
void php_ws_head_headers(const char *head, size_t len, zval *out)
{
	ws_handshake_req req;

	array_init(out);
	if (ws_handshake_parse((const uint8_t *) head, len, &req) <= 0) {
		return;
	}
	for (size_t i = 0; i < req.nheaders; i++) {
		zend_string *name = zend_string_init((const char *) req.headers[i].name.p, req.headers[i].name.n, 0);
		zend_string *lc = zend_string_tolower(name);
		zval *old = zend_hash_find(Z_ARRVAL_P(out), lc);

		zend_string_release(name);
		if (old) {
			const char *sep = zend_string_equals_literal(lc, "cookie") ? "; " : ", ";
			zend_string *joined = zend_string_concat3(Z_STRVAL_P(old), Z_STRLEN_P(old), sep, 2,
				(const char *) req.headers[i].value.p, req.headers[i].value.n);
			zval_ptr_dtor(old);
			ZVAL_STR(old, joined);
		} else {
			zval v;
			ZVAL_STRINGL(&v, (const char *) req.headers[i].value.p, req.headers[i].value.n);
			zend_hash_add_new(Z_ARRVAL_P(out), lc, &v);
		}
		zend_string_release(lc);
	}
}

/* One part of a raw head's request line, or "" if it does not parse. */
void php_ws_head_part(const char *head, size_t len, php_ws_head_part_t part, zval *rv)
{
	ws_handshake_req req;
	ws_slice v;

	if (ws_handshake_parse((const uint8_t *) head, len, &req) <= 0) {
		ZVAL_EMPTY_STRING(rv);
		return;
	}
	v = part == PHP_WS_HEAD_METHOD ? req.method : part == PHP_WS_HEAD_PATH ? req.path : req.query;
	ZVAL_STRINGL(rv, (const char *) v.p, v.n);
}

/* One header of a raw head as php_ws_head_headers() has it, or NULL. */
void php_ws_head_header(const char *head, size_t len, zend_string *name, zval *rv)
{
	zend_string *lc = zend_string_tolower(name);
	zval headers, *v;

	php_ws_head_headers(head, len, &headers);
	v = zend_hash_find(Z_ARRVAL(headers), lc);
	zend_string_release(lc);
	if (v) {
		ZVAL_COPY(rv, v);
	} else {
		ZVAL_NULL(rv);
	}
	zval_ptr_dtor(&headers);
}

#define THIS_REQ() request_from_obj(Z_OBJ_P(ZEND_THIS))

ZEND_METHOD(WebSocket_Request, getMethod)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_head_part(ZSTR_VAL(THIS_REQ()->head), ZSTR_LEN(THIS_REQ()->head), PHP_WS_HEAD_METHOD, return_value);
}

ZEND_METHOD(WebSocket_Request, getPath)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_head_part(ZSTR_VAL(THIS_REQ()->head), ZSTR_LEN(THIS_REQ()->head), PHP_WS_HEAD_PATH, return_value);
}

ZEND_METHOD(WebSocket_Request, getQuery)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_head_part(ZSTR_VAL(THIS_REQ()->head), ZSTR_LEN(THIS_REQ()->head), PHP_WS_HEAD_QUERY, return_value);
}

ZEND_METHOD(WebSocket_Request, getHeaders)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_ws_head_headers(ZSTR_VAL(THIS_REQ()->head), ZSTR_LEN(THIS_REQ()->head), return_value);
}

ZEND_METHOD(WebSocket_Request, getHeader)
{
	zend_string *name;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	php_ws_head_header(ZSTR_VAL(THIS_REQ()->head), ZSTR_LEN(THIS_REQ()->head), name, return_value);
}

/* Cookie: a=1; b=2 as PHP's $_COOKIE reads it: names as sent, values
 * URL-decoded, the first of a repeated name kept. */
static void cookies(php_ws_request *intern, zval *out)
{
	zval headers, *cookie;

	array_init(out);
	php_ws_head_headers(ZSTR_VAL(intern->head), ZSTR_LEN(intern->head), &headers);
	cookie = zend_hash_str_find(Z_ARRVAL(headers), "cookie", sizeof("cookie") - 1);
	if (cookie) {
		const char *p = Z_STRVAL_P(cookie), *end = p + Z_STRLEN_P(cookie);
		while (p < end) {
			const char *semi = memchr(p, ';', (size_t) (end - p)), *e = semi ? semi : end, *eq;
			while (p < e && (*p == ' ' || *p == '\t')) {
				p++;
			}
			eq = memchr(p, '=', (size_t) (e - p));
			if (eq && eq > p) {
				const char *v = eq + 1, *ve = e;
				zend_string *val;
				while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) {
					ve--;
				}
				if (ve - v >= 2 && v[0] == '"' && ve[-1] == '"') {
					v++, ve--;
				}
				val = zend_string_init(v, (size_t) (ve - v), 0);
				ZSTR_LEN(val) = php_url_decode(ZSTR_VAL(val), ZSTR_LEN(val));
				if (!zend_symtable_str_find(Z_ARRVAL_P(out), p, (size_t) (eq - p))) {
					zval zv;
					ZVAL_STR(&zv, val);
					zend_symtable_str_update(Z_ARRVAL_P(out), p, (size_t) (eq - p), &zv);
				} else {
					zend_string_release(val);
				}
			}
			p = e + 1;
		}
	}
	zval_ptr_dtor(&headers);
}

ZEND_METHOD(WebSocket_Request, getCookies)
{
	ZEND_PARSE_PARAMETERS_NONE();
	cookies(THIS_REQ(), return_value);
}

ZEND_METHOD(WebSocket_Request, getCookie)
{
	zend_string *name;
	zval all, *v;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	cookies(THIS_REQ(), &all);
	v = zend_symtable_find(Z_ARRVAL(all), name);
	if (v) {
		RETVAL_COPY(v);
	} else {
		RETVAL_NULL();
	}
	zval_ptr_dtor(&all);
}

ZEND_METHOD(WebSocket_Request, getBody)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STR_COPY(THIS_REQ()->body);
}

ZEND_METHOD(WebSocket_Request, getRemoteAddress)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STR_COPY(THIS_REQ()->remote_ip);
}

/* --- Response --- */

static zend_object *response_create(zend_class_entry *ce)
{
	php_ws_response *intern = zend_object_alloc(sizeof(php_ws_response), ce);

	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_ws_response_handlers;
	array_init(&intern->headers);
	ZVAL_UNDEF(&intern->subprotocol);
	return &intern->std;
}

static void response_free(zend_object *obj)
{
	php_ws_response *intern = response_from_obj(obj);

	zval_ptr_dtor(&intern->headers);
	zval_ptr_dtor(&intern->subprotocol);
	if (intern->body) {
		zend_string_release(intern->body);
	}
	if (intern->offered) {
		zend_string_release(intern->offered);
	}
	zend_object_std_dtor(obj);
}

zend_object *php_ws_response_new(zend_string *offered_subprotocols)
{
	zend_object *obj = response_create(php_ws_response_ce);
	php_ws_response *intern = response_from_obj(obj);

	intern->offered = offered_subprotocols ? zend_string_copy(offered_subprotocols) : NULL;
	return obj;
}

php_ws_response *php_ws_response_from_obj(zend_object *obj)
{
	return response_from_obj(obj);
}

#define THIS_RES() response_from_obj(Z_OBJ_P(ZEND_THIS))

ZEND_METHOD(WebSocket_Response, setStatus)
{
	zend_long status;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(status)
	ZEND_PARSE_PARAMETERS_END();

	if (status != 101 && (status < 200 || status > 599)) {
		zend_argument_value_error(1, "must be 101 or an HTTP status from 200 to 599");
		RETURN_THROWS();
	}
	THIS_RES()->status = (int) status;
	RETURN_OBJ_COPY(Z_OBJ_P(ZEND_THIS));
}

ZEND_METHOD(WebSocket_Response, getStatus)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_LONG(THIS_RES()->status);
}

static int is_token_char(unsigned char c)
{
	return c > 32 && c < 127 && !strchr("\"(),/:;<=>?@[\\]{}", c);
}

/* Headers the server writes itself, or that would break the framing. */
static int reserved_header(zend_string *lc)
{
	static const char *const names[] = {"content-length", "connection", "upgrade", "transfer-encoding",
		"sec-websocket-accept", "sec-websocket-protocol", "sec-websocket-extensions", "sec-websocket-version", NULL};
	for (const char *const *n = names; *n; n++) {
		if (zend_string_equals_cstr(lc, *n, strlen(*n))) {
			return 1;
		}
	}
	return 0;
}

static int check_header(zend_string *name, zend_string *value)
{
	zend_string *lc;
	int reserved;

	if (ZSTR_LEN(name) == 0) {
		zend_argument_value_error(1, "must not be empty");
		return FAILURE;
	}
	for (size_t i = 0; i < ZSTR_LEN(name); i++) {
		if (!is_token_char((unsigned char) ZSTR_VAL(name)[i])) {
			zend_argument_value_error(1, "must be an HTTP header name (a token)");
			return FAILURE;
		}
	}
	for (size_t i = 0; i < ZSTR_LEN(value); i++) {
		unsigned char c = (unsigned char) ZSTR_VAL(value)[i];
		if ((c < 32 && c != '\t') || c == 127) {
			zend_argument_value_error(2, "must not contain control characters (CR, LF, ...)");
			return FAILURE;
		}
	}
	lc = zend_string_tolower(name);
	reserved = reserved_header(lc);
	zend_string_release(lc);
	if (reserved) {
		zend_argument_value_error(1, "names a header the server sets itself (\"%s\")", ZSTR_VAL(name));
		return FAILURE;
	}
	return SUCCESS;
}

static void add_header(php_ws_response *intern, zend_string *name, zend_string *value, int replace)
{
	zval pair, *e;

	if (replace) {
		zend_ulong idx;
		ZEND_HASH_FOREACH_NUM_KEY_VAL(Z_ARRVAL(intern->headers), idx, e) {
			if (zend_string_equals_ci(Z_STR_P(zend_hash_index_find(Z_ARRVAL_P(e), 0)), name)) {
				zend_hash_index_del(Z_ARRVAL(intern->headers), idx);
			}
		} ZEND_HASH_FOREACH_END();
	}
	array_init_size(&pair, 2);
	add_next_index_str(&pair, zend_string_copy(name));
	add_next_index_str(&pair, zend_string_copy(value));
	zend_hash_next_index_insert(Z_ARRVAL(intern->headers), &pair);
}

ZEND_METHOD(WebSocket_Response, setHeader)
{
	zend_string *name, *value;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(name)
		Z_PARAM_STR(value)
	ZEND_PARSE_PARAMETERS_END();

	if (check_header(name, value) == FAILURE) {
		RETURN_THROWS();
	}
	add_header(THIS_RES(), name, value, 1);
	RETURN_OBJ_COPY(Z_OBJ_P(ZEND_THIS));
}

ZEND_METHOD(WebSocket_Response, addHeader)
{
	zend_string *name, *value;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(name)
		Z_PARAM_STR(value)
	ZEND_PARSE_PARAMETERS_END();

	if (check_header(name, value) == FAILURE) {
		RETURN_THROWS();
	}
	add_header(THIS_RES(), name, value, 0);
	RETURN_OBJ_COPY(Z_OBJ_P(ZEND_THIS));
}

ZEND_METHOD(WebSocket_Response, setSubprotocol)
{
	php_ws_response *intern = THIS_RES();
	zend_string *name = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR_OR_NULL(name)
	ZEND_PARSE_PARAMETERS_END();

	if (name) {
		/* A browser fails the connection unless the answer is one it offered, byte for byte. */
		int offered = 0;
		if (intern->offered) {
			const char *p = ZSTR_VAL(intern->offered), *end = p + ZSTR_LEN(intern->offered);
			while (p < end && !offered) {
				const char *comma = memchr(p, ',', (size_t) (end - p)), *e = comma ? comma : end, *s = p;
				while (s < e && (*s == ' ' || *s == '\t')) {
					s++;
				}
				while (e > s && (e[-1] == ' ' || e[-1] == '\t')) {
					e--;
				}
				offered = (size_t) (e - s) == ZSTR_LEN(name) && memcmp(s, ZSTR_VAL(name), ZSTR_LEN(name)) == 0;
				p = (comma ? comma : end) + 1;
			}
		}
		if (!offered) {
			zend_argument_value_error(1, "must be one of the subprotocols the client offered (Sec-WebSocket-Protocol)");
			RETURN_THROWS();
		}
	}
	zval_ptr_dtor(&intern->subprotocol);
	if (name) {
		ZVAL_STR_COPY(&intern->subprotocol, name);
	} else {
		ZVAL_NULL(&intern->subprotocol);
	}
	RETURN_OBJ_COPY(Z_OBJ_P(ZEND_THIS));
}

ZEND_METHOD(WebSocket_Response, end)
{
	php_ws_response *intern = THIS_RES();
	zend_string *body = NULL;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(body)
	ZEND_PARSE_PARAMETERS_END();

	if (intern->body) {
		zend_string_release(intern->body);
	}
	intern->body = body ? zend_string_copy(body) : ZSTR_EMPTY_ALLOC();
	intern->ended = 1;
}

static const char *mime_type(const char *path)
{
	static const char *const types[][2] = {
		{".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
		{".json", "application/json"}, {".txt", "text/plain; charset=utf-8"}, {".svg", "image/svg+xml"},
		{".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
		{".webp", "image/webp"}, {".ico", "image/x-icon"}, {".wasm", "application/wasm"}, {".xml", "application/xml"},
		{".pdf", "application/pdf"}, {".woff2", "font/woff2"}, {".map", "application/json"},
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcasecmp(dot, types[i][0]) == 0) {
			return types[i][1];
		}
	}
	return "application/octet-stream";
}

ZEND_METHOD(WebSocket_Response, sendFile)
{
	php_ws_response *intern = THIS_RES();
	zend_string *path, *type = NULL, *contents;
	php_stream *stream;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(path)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(type)
	ZEND_PARSE_PARAMETERS_END();

	/* A plain file only (no wrappers, no directory): what a server hands out. */
	stream = php_stream_open_wrapper(ZSTR_VAL(path), "rb", REPORT_ERRORS & 0, NULL);
	if (!stream || !(contents = php_stream_copy_to_mem(stream, PHP_STREAM_COPY_ALL, 0))) {
		if (stream) {
			contents = ZSTR_EMPTY_ALLOC(); /* an empty file */
		} else {
			intern->status = 404;
			if (intern->body) {
				zend_string_release(intern->body);
			}
			intern->body = zend_string_init("not found\n", sizeof("not found\n") - 1, 0);
			intern->ended = 1;
			RETURN_FALSE;
		}
	}
	php_stream_close(stream);
	if (intern->body) {
		zend_string_release(intern->body);
	}
	intern->body = contents;
	intern->ended = 1;
	if (!intern->status) {
		intern->status = 200;
	}
	{
		zend_string *name = zend_string_init("Content-Type", sizeof("Content-Type") - 1, 0);
		zend_string *value = type ? zend_string_copy(type) : zend_string_init(mime_type(ZSTR_VAL(path)), strlen(mime_type(ZSTR_VAL(path))), 0);
		add_header(intern, name, value, 1);
		zend_string_release(name);
		zend_string_release(value);
	}
	RETURN_TRUE;
}

/* The header lines, "Name: value\r\n" each. */
zend_string *php_ws_response_header_lines(php_ws_response *intern)
{
	smart_str out = {0};
	zval *e;

	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(intern->headers), e) {
		smart_str_append(&out, Z_STR_P(zend_hash_index_find(Z_ARRVAL_P(e), 0)));
		smart_str_appendl(&out, ": ", 2);
		smart_str_append(&out, Z_STR_P(zend_hash_index_find(Z_ARRVAL_P(e), 1)));
		smart_str_appendl(&out, "\r\n", 2);
	} ZEND_HASH_FOREACH_END();
	smart_str_0(&out);
	return out.s ? out.s : ZSTR_EMPTY_ALLOC();
}

static HashTable *response_get_gc(zend_object *obj, zval **table, int *n)
{
	php_ws_response *intern = response_from_obj(obj);
	*table = &intern->headers;
	*n = 1;
	return zend_std_get_properties(obj);
}

void php_ws_http_minit(zend_class_entry *request_ce, zend_class_entry *response_ce)
{
	php_ws_request_ce = request_ce;
	request_ce->create_object = request_create;
	memcpy(&php_ws_request_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	php_ws_request_handlers.offset = XtOffsetOf(php_ws_request, std);
	php_ws_request_handlers.free_obj = request_free;
	php_ws_request_handlers.get_constructor = no_constructor;
	php_ws_request_handlers.clone_obj = NULL;

	php_ws_response_ce = response_ce;
	response_ce->create_object = response_create;
	memcpy(&php_ws_response_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	php_ws_response_handlers.offset = XtOffsetOf(php_ws_response, std);
	php_ws_response_handlers.free_obj = response_free;
	php_ws_response_handlers.get_constructor = no_constructor;
	php_ws_response_handlers.get_gc = response_get_gc;
	php_ws_response_handlers.clone_obj = NULL;
}
