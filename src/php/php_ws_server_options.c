/* php_ws_server_options.c: WebSocket\Server: the constructor's options array,
 * validated into a ws_server_config. */
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

void php_ws_strv_free(char **v)
{
	if (v) {
		for (char **p = v; *p; p++) {
			efree(*p);
		}
		efree(v);
	}
}


/* --- options --- */

static const char *const option_names[] = {
	"path", "subprotocols", "origins", "max_message_size", "max_header_size", "max_connections",
	"handshake_timeout", "ping_interval", "idle_timeout", "close_timeout", "high_watermark",
	"max_buffered", "buffer_full_policy", "backlog", "reuse_port", "memory_budget", "max_connections_per_ip",
	"handshake_rate_per_ip", "max_messages_per_second", "message_rate_policy", "shutdown_timeout", "workers",
	"worker_max_messages", "worker_max_memory", "handle_signals", "trusted_proxies", "health_path", "socket_mode",
	"metrics_path", "metrics_allow", "log_level", "logger", "max_body_size", "compression", "redis", "node_id", "tls", NULL,
};

#define WS_MAX_SUBPROTOCOL_LEN 1024

/* An int key of an array option (compression, redis), between min and max; note (or NULL) is added to the
 * out-of-range message. */
int php_ws_suboption_int(const char *option, zend_string *key, zval *v, zend_long min, zend_long max, const char *note,
                         zend_long *out)
{
	if (Z_TYPE_P(v) != IS_LONG) {
		zend_type_error("WebSocket\\Server::__construct(): Option \"%s\" key \"%s\" must be of type int, %s given", option,
		                ZSTR_VAL(key), zend_zval_type_name(v));
		return FAILURE;
	}
	if (Z_LVAL_P(v) < min || Z_LVAL_P(v) > max) {
		zend_value_error("WebSocket\\Server::__construct(): Option \"%s\" key \"%s\" must be between " ZEND_LONG_FMT
		                 " and " ZEND_LONG_FMT ", " ZEND_LONG_FMT " given%s", option, ZSTR_VAL(key), min, max, Z_LVAL_P(v),
		                 note ? note : "");
		return FAILURE;
	}
	*out = Z_LVAL_P(v);
	return SUCCESS;
}

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
	php_ws_strv_free(list);
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

int php_ws_server_parse_options(php_ws_server *intern, HashTable *options)
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
			php_ws_strv_free(intern->subprotocols);
			intern->subprotocols = NULL;
			if (option_strings(key, v, LIST_TOKENS, &intern->subprotocols, &cfg->nsubprotocols) == FAILURE) {
				return FAILURE;
			}
			cfg->subprotocols = (const char *const *) intern->subprotocols;
		} else if (IS("origins")) {
			if (Z_TYPE_P(v) == IS_NULL) {
				continue;
			}
			php_ws_strv_free(intern->origins);
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
		} else if (IS("compression")) {
			if (php_ws_option_compression(v, &cfg->compression) == FAILURE) return FAILURE;
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
		} else if (IS("redis")) {
			if (php_ws_option_redis(intern, v) == FAILURE) return FAILURE;
		} else if (IS("node_id")) {
			if (option_int(key, v, 1, INT32_MAX, &l) == FAILURE) return FAILURE;
			cfg->node_id = (uint32_t) l;
		} else if (IS("tls")) {
			if (php_ws_tls_parse_option(intern, v) == FAILURE) return FAILURE;
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
