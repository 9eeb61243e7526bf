/* php_ws_deflate.c: the `compression` option and what a connection negotiated, for PHP. */
#include "php.h"
#include "zend_exceptions.h"

#include "php_ws.h"

#define OPT "WebSocket\\Server::__construct(): Option \"compression\""

static int sub_int(zend_string *key, zval *v, zend_long min, zend_long max, zend_long *out)
{
	return php_ws_suboption_int("compression", key, v, min, max,
	                            zend_string_equals_literal(key, "server_max_window_bits") && Z_TYPE_P(v) == IS_LONG &&
	                                    Z_LVAL_P(v) == 8
	                                ? " (zlib cannot compress with a 256-byte window)"
	                                : NULL,
	                            out);
}

static int sub_bool(zend_string *key, zval *v, uint8_t *out)
{
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		zend_type_error(OPT " key \"%s\" must be of type bool, %s given", ZSTR_VAL(key), zend_zval_type_name(v));
		return FAILURE;
	}
	*out = Z_TYPE_P(v) == IS_TRUE;
	return SUCCESS;
}

int php_ws_option_compression(zval *v, ws_pmd_config *cfg)
{
	zend_string *key;
	zval *e;
	zend_long l;

	ws_pmd_config_defaults(cfg);
	if (Z_TYPE_P(v) == IS_FALSE || Z_TYPE_P(v) == IS_TRUE) {
		cfg->enabled = Z_TYPE_P(v) == IS_TRUE;
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_type_error(OPT " must be of type array|bool, %s given", zend_zval_type_name(v));
		return FAILURE;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(v), key, e) {
		ZVAL_DEREF(e);
		if (!key) {
			zend_value_error(OPT " must have string keys");
			return FAILURE;
		}
		if (zend_string_equals_literal(key, "level")) {
			if (sub_int(key, e, 0, 9, &l) == FAILURE) return FAILURE;
			cfg->level = (int8_t) l;
		} else if (zend_string_equals_literal(key, "threshold")) {
			if (sub_int(key, e, 0, ZEND_LONG_MAX, &l) == FAILURE) return FAILURE;
			cfg->threshold = (size_t) l;
		} else if (zend_string_equals_literal(key, "server_max_window_bits")) {
			if (sub_int(key, e, 9, 15, &l) == FAILURE) return FAILURE;
			cfg->server_max_window_bits = (uint8_t) l;
		} else if (zend_string_equals_literal(key, "client_max_window_bits")) {
			if (sub_int(key, e, 8, 15, &l) == FAILURE) return FAILURE;
			cfg->client_max_window_bits = (uint8_t) l;
		} else if (zend_string_equals_literal(key, "mem_level")) {
			if (sub_int(key, e, 1, 9, &l) == FAILURE) return FAILURE;
			cfg->mem_level = (uint8_t) l;
		} else if (zend_string_equals_literal(key, "server_no_context_takeover")) {
			if (sub_bool(key, e, &cfg->server_no_context_takeover) == FAILURE) return FAILURE;
		} else if (zend_string_equals_literal(key, "client_no_context_takeover")) {
			if (sub_bool(key, e, &cfg->client_no_context_takeover) == FAILURE) return FAILURE;
		} else {
			zend_value_error(OPT " has no key \"%s\" (level, threshold, server_max_window_bits, client_max_window_bits, "
			                 "server_no_context_takeover, client_no_context_takeover, mem_level)", ZSTR_VAL(key));
			return FAILURE;
		}
	} ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

void php_ws_extensions_array(zval *ret, const ws_pmd_params *p)
{
	zval pmd;

	array_init(ret);
	if (!p->enabled) {
		return;
	}
	array_init(&pmd);
	add_assoc_bool(&pmd, "server_no_context_takeover", p->server_no_context_takeover);
	add_assoc_bool(&pmd, "client_no_context_takeover", p->client_no_context_takeover);
	add_assoc_long(&pmd, "server_max_window_bits", p->server_max_window_bits);
	add_assoc_long(&pmd, "client_max_window_bits", p->client_max_window_bits);
	add_assoc_zval(ret, "permessage-deflate", &pmd);
}

void php_ws_compression_stats(zval *out, const ws_server_stats *st)
{
	zval c;

	array_init_size(&c, 6);
	add_assoc_long(&c, "messages_deflated", (zend_long) st->messages_deflated);
	add_assoc_long(&c, "deflate_in", (zend_long) st->deflate_in);
	add_assoc_long(&c, "deflate_out", (zend_long) st->deflate_out);
	add_assoc_long(&c, "messages_inflated", (zend_long) st->messages_inflated);
	add_assoc_long(&c, "inflate_in", (zend_long) st->inflate_in);
	add_assoc_long(&c, "inflate_out", (zend_long) st->inflate_out);
	add_assoc_zval(out, "compression", &c);
}
