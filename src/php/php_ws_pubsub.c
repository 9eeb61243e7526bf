/* php_ws_pubsub.c: Server::publish(), broadcast(), subscriber counts, the
 * node id, the `redis` option and the pub/sub figures of getStats(). The
 * Connection side (subscribe, unsubscribe, topics) is in php_ws_connection.c. */
#include "php.h"
#include "zend_exceptions.h"
#include "php_ws.h"
#include "php_ws_server_int.h"
#include "core/ws_frame.h"
#include "core/ws_pubsub.h"
#include "core/ws_utf8.h"

#define OPT "WebSocket\\Server::__construct(): Option \"redis\""

void php_ws_redis_settings_free(php_ws_server *intern)
{
	char **s[] = {&intern->redis_host, &intern->redis_socket, &intern->redis_password, &intern->redis_prefix};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		if (*s[i]) {
			efree(*s[i]);
			*s[i] = NULL;
		}
	}
	intern->has_redis = 0;
}

/* A string without NUL bytes (estrdup'd into *out), or null when nullable. */
static int redis_string(zend_string *key, zval *v, int nullable, size_t max, char **out)
{
	if (nullable && Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_type_error(OPT " key \"%s\" must be of type %sstring, %s given", ZSTR_VAL(key), nullable ? "?" : "",
		                zend_zval_type_name(v));
		return FAILURE;
	}
	if (strlen(Z_STRVAL_P(v)) != Z_STRLEN_P(v) || Z_STRLEN_P(v) > max) {
		zend_value_error(OPT " key \"%s\" must be a string of at most %zu bytes without NUL", ZSTR_VAL(key), max);
		return FAILURE;
	}
	if (*out) {
		efree(*out);
	}
	*out = estrndup(Z_STRVAL_P(v), Z_STRLEN_P(v));
	return SUCCESS;
}

int php_ws_option_redis(php_ws_server *intern, zval *v)
{
	zend_string *key;
	zval *item;
	zend_long l;

	if (Z_TYPE_P(v) == IS_NULL) {
		php_ws_redis_settings_free(intern);
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_type_error(OPT " must be of type ?array, %s given", zend_zval_type_name(v));
		return FAILURE;
	}
	if (!ws_pubsub_have_redis()) {
		zend_throw_exception(php_ws_server_exception_ce,
		                     "Option \"redis\" needs ext-websocket built with hiredis (apt-get install libhiredis-dev, "
		                     "then rebuild; php --ri websocket shows whether it is)", 0);
		return FAILURE;
	}
	php_ws_redis_settings_free(intern);
	intern->redis_port = 6379;
	intern->redis_database = 0;
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(v), key, item) {
		ZVAL_DEREF(item);
		if (!key) {
			zend_value_error(OPT " must have string keys (host, port, socket, password, database, prefix)");
			return FAILURE;
		}
		if (zend_string_equals_literal(key, "host")) {
			if (redis_string(key, item, 0, 255, &intern->redis_host) == FAILURE) return FAILURE;
		} else if (zend_string_equals_literal(key, "socket")) {
			if (redis_string(key, item, 0, 107, &intern->redis_socket) == FAILURE) return FAILURE;
		} else if (zend_string_equals_literal(key, "password")) {
			if (redis_string(key, item, 1, 1024, &intern->redis_password) == FAILURE) return FAILURE;
		} else if (zend_string_equals_literal(key, "prefix")) {
			if (redis_string(key, item, 0, 256, &intern->redis_prefix) == FAILURE) return FAILURE;
		} else if (zend_string_equals_literal(key, "port")) {
			if (php_ws_suboption_int("redis", key, item, 1, 65535, NULL, &l) == FAILURE) return FAILURE;
			intern->redis_port = (int) l;
		} else if (zend_string_equals_literal(key, "database")) {
			if (php_ws_suboption_int("redis", key, item, 0, 1 << 20, NULL, &l) == FAILURE) return FAILURE;
			intern->redis_database = (int) l;
		} else {
			zend_value_error(OPT " has no key \"%s\" (host, port, socket, password, database, prefix)", ZSTR_VAL(key));
			return FAILURE;
		}
	} ZEND_HASH_FOREACH_END();
	if (intern->redis_host && intern->redis_socket) {
		zend_value_error(OPT " takes host (and port) or socket, not both");
		return FAILURE;
	}
	if (intern->redis_socket && intern->redis_socket[0] != '/') {
		zend_value_error(OPT " key \"socket\" must be an absolute path, \"%s\" given", intern->redis_socket);
		return FAILURE;
	}
	if (intern->redis_host && !intern->redis_host[0]) {
		zend_value_error(OPT " key \"host\" must not be empty");
		return FAILURE;
	}
	intern->has_redis = 1;
	return SUCCESS;
}

/* After ws_server_new(): hand the settings to the core. */
int php_ws_apply_redis(php_ws_server *intern)
{
	ws_redis_settings rs;
	char errbuf[WS_ERRBUF_LEN];

	if (!intern->has_redis) {
		return SUCCESS;
	}
	memset(&rs, 0, sizeof(rs));
	rs.host = intern->redis_socket ? NULL : (intern->redis_host ? intern->redis_host : "127.0.0.1");
	rs.port = intern->redis_port;
	rs.socket = intern->redis_socket;
	rs.password = intern->redis_password;
	rs.database = intern->redis_database;
	rs.prefix = intern->redis_prefix;
	if (ws_server_set_redis(intern->srv, &rs, errbuf) != WS_OK) {
		zend_throw_exception_ex(php_ws_server_exception_ce, 0, "Option \"redis\": %s", errbuf);
		return FAILURE;
	}
	return SUCCESS;
}

/* $except: Connection objects, ids of this server (int), cluster ids ("node.id"). */
static ws_except *except_list(HashTable *except, uint32_t arg, size_t *count)
{
	ws_except *out;
	zval *v;
	size_t n = 0;

	*count = 0;
	if (!except || !zend_hash_num_elements(except)) {
		return NULL;
	}
	out = safe_emalloc(zend_hash_num_elements(except), sizeof(*out), 0);
	ZEND_HASH_FOREACH_VAL(except, v) {
		ZVAL_DEREF(v);
		if (Z_TYPE_P(v) == IS_LONG) {
			out[n].node = 0;
			out[n++].id = (uint64_t) Z_LVAL_P(v);
		} else if (Z_TYPE_P(v) == IS_OBJECT && instanceof_function(Z_OBJCE_P(v), php_ws_connection_ce)) {
			out[n].node = php_ws_connection_from_obj(Z_OBJ_P(v))->node_id;
			out[n++].id = (uint64_t) Z_LVAL_P(OBJ_PROP_NUM(Z_OBJ_P(v), 0));
		} else if (Z_TYPE_P(v) == IS_STRING) {
			unsigned long long node, id;
			int used = 0;
			if (sscanf(Z_STRVAL_P(v), "%llu.%llu%n", &node, &id, &used) != 2 || (size_t) used != Z_STRLEN_P(v) ||
			    !isdigit((unsigned char) Z_STRVAL_P(v)[0]) || node > UINT32_MAX) {
				efree(out);
				zend_argument_value_error(arg, "must hold cluster ids as \"node.id\" strings, \"%s\" given",
				                          Z_STRVAL_P(v));
				return (ws_except *) -1;
			}
			out[n].node = (uint32_t) node;
			out[n++].id = (uint64_t) id;
		} else {
			efree(out);
			zend_argument_type_error(arg, "must contain only connection ids, cluster ids or WebSocket\\Connection "
			                         "objects, %s given", zend_zval_type_name(v));
			return (ws_except *) -1;
		}
	} ZEND_HASH_FOREACH_END();
	*count = n;
	return out;
}

static void publish(INTERNAL_FUNCTION_PARAMETERS, int to_topic)
{
	php_ws_server *intern;
	zend_string *topic = NULL, *data;
	bool binary = 0, compress = 1;
	HashTable *except = NULL;
	ws_except *ex;
	size_t nex, n;
	uint32_t base = to_topic ? 1 : 0;

	if (to_topic) {
		ZEND_PARSE_PARAMETERS_START(2, 5)
			Z_PARAM_STR(topic)
			Z_PARAM_STR(data)
			Z_PARAM_OPTIONAL
			Z_PARAM_BOOL(binary)
			Z_PARAM_ARRAY_HT_OR_NULL(except)
			Z_PARAM_BOOL(compress)
		ZEND_PARSE_PARAMETERS_END();
	} else {
		ZEND_PARSE_PARAMETERS_START(1, 4)
			Z_PARAM_STR(data)
			Z_PARAM_OPTIONAL
			Z_PARAM_BOOL(binary)
			Z_PARAM_ARRAY_HT_OR_NULL(except)
			Z_PARAM_BOOL(compress)
		ZEND_PARSE_PARAMETERS_END();
	}
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (topic && (ZSTR_LEN(topic) == 0 || ZSTR_LEN(topic) > WS_TOPIC_MAX)) {
		zend_argument_value_error(1, "must be 1 to %d bytes long, %zu given", WS_TOPIC_MAX, ZSTR_LEN(topic));
		RETURN_THROWS();
	}
	if (!binary && !ws_utf8_valid((const uint8_t *) ZSTR_VAL(data), ZSTR_LEN(data))) {
		zend_argument_value_error(base + 1, "must be valid UTF-8 for a text message (pass $binary = true for bytes)");
		RETURN_THROWS();
	}
	ex = except_list(except, base + 3, &nex);
	if (ex == (ws_except *) -1) {
		RETURN_THROWS();
	}
	n = ws_server_publish(intern->srv, topic ? (const uint8_t *) ZSTR_VAL(topic) : NULL, topic ? ZSTR_LEN(topic) : 0,
	                      binary ? WS_OP_BINARY : WS_OP_TEXT, (const uint8_t *) ZSTR_VAL(data), ZSTR_LEN(data),
	                      compress ? 0 : WS_SEND_UNCOMPRESSED, ex, nex);
	if (ex) {
		efree(ex);
	}
	RETURN_LONG((zend_long) n);
}

ZEND_METHOD(WebSocket_Server, broadcast)
{
	publish(INTERNAL_FUNCTION_PARAM_PASSTHRU, 0);
}

ZEND_METHOD(WebSocket_Server, publish)
{
	publish(INTERNAL_FUNCTION_PARAM_PASSTHRU, 1);
}

ZEND_METHOD(WebSocket_Server, getSubscriberCount)
{
	php_ws_server *intern;
	zend_string *topic;
	bool all = 0;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(topic)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(all)
	ZEND_PARSE_PARAMETERS_END();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long) ws_server_subscribers(intern->srv, (const uint8_t *) ZSTR_VAL(topic), ZSTR_LEN(topic), all));
}

ZEND_METHOD(WebSocket_Server, getNodeId)
{
	php_ws_server *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long) ws_server_node_id(intern->srv));
}

void php_ws_pubsub_stats(php_ws_server *intern, zval *out)
{
	ws_pubsub_stats st;
	zval redis;

	ws_server_pubsub_stats(intern->srv, &st);
	add_assoc_long(out, "topics", (zend_long) st.topics);
	add_assoc_long(out, "subscriptions", (zend_long) st.subscriptions);
	add_assoc_long(out, "published", (zend_long) st.published);
	if (intern->worker_id >= 0) {
		add_assoc_long(out, "bus_sent", (zend_long) st.bus_sent);
		add_assoc_long(out, "bus_received", (zend_long) st.bus_received);
		add_assoc_long(out, "bus_dropped", (zend_long) st.bus_dropped);
	}
	if (st.redis_configured) {
		array_init(&redis);
		add_assoc_bool(&redis, "connected", st.redis_up);
		add_assoc_long(&redis, "published", (zend_long) st.redis_published);
		add_assoc_long(&redis, "received", (zend_long) st.redis_received);
		add_assoc_long(&redis, "publish_failed", (zend_long) st.redis_publish_failed);
		add_assoc_long(&redis, "reconnects", (zend_long) st.redis_reconnects);
		add_assoc_double(&redis, "down_for", (double) st.redis_down_ms / 1000.0);
		add_assoc_zval(out, "redis", &redis);
	}
}
