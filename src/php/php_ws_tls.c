/* php_ws_tls.c: wss:// in the binding: the "tls" option, Server::reloadTls()
 * (and the reload on SIGHUP), Connection::getTlsInfo(). The TLS itself is in
 * src/core/ws_transport_tls.c. */
#include "php.h"
#include "zend_exceptions.h"
#include "php_ws_server_int.h"
#include "core/ws_tls.h"

struct php_ws_tls_opts {
	ws_tls_config cfg; /* its strings point into the owned copies below */
	zend_string *cert, *key, *passphrase, *ciphers, *ciphersuites, *ca;
};

static void opts_free(php_ws_tls_opts *o)
{
	zend_string *s[] = {o->cert, o->key, o->passphrase, o->ciphers, o->ciphersuites, o->ca};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		if (s[i]) {
			zend_string_release(s[i]);
		}
	}
	efree(o);
}

void php_ws_tls_free(php_ws_server *intern)
{
	if (intern->tls) {
		opts_free(intern->tls);
		intern->tls = NULL;
	}
}

/* A string entry of the tls array: a path or setting without NUL bytes. */
static int tls_string(const char *where, const char *name, zval *v, zend_string **out)
{
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_type_error("%s: \"tls\" entry \"%s\" must be of type string, %s given", where, name, zend_zval_type_name(v));
		return FAILURE;
	}
	if (Z_STRLEN_P(v) == 0 || strlen(Z_STRVAL_P(v)) != Z_STRLEN_P(v)) {
		zend_value_error("%s: \"tls\" entry \"%s\" must be a non-empty string without NUL bytes", where, name);
		return FAILURE;
	}
	if (*out) {
		zend_string_release(*out);
	}
	*out = zend_string_copy(Z_STR_P(v));
	return SUCCESS;
}

static int tls_bool(const char *where, const char *name, zval *v, int *out)
{
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		zend_type_error("%s: \"tls\" entry \"%s\" must be of type bool, %s given", where, name, zend_zval_type_name(v));
		return FAILURE;
	}
	*out = Z_TYPE_P(v) == IS_TRUE;
	return SUCCESS;
}

/* The tls array → options; NULL with a TypeError/ValueError thrown. */
static php_ws_tls_opts *parse(const char *where, zval *v)
{
	php_ws_tls_opts *o;
	zend_string *key;
	zval *e;

	if (Z_TYPE_P(v) != IS_ARRAY) {
		zend_type_error("%s: Option \"tls\" must be of type ?array, %s given", where, zend_zval_type_name(v));
		return NULL;
	}
	o = ecalloc(1, sizeof(*o));
	ws_tls_config_defaults(&o->cfg);
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(v), key, e) {
		int ok;
		ZVAL_DEREF(e);
		if (!key) {
			zend_value_error("%s: Option \"tls\" must have string keys", where);
			goto fail;
		}
#define K(name) zend_string_equals_literal(key, name)
		if (K("cert")) {
			ok = tls_string(where, "cert", e, &o->cert);
		} else if (K("key")) {
			ok = tls_string(where, "key", e, &o->key);
		} else if (K("passphrase")) {
			if (Z_TYPE_P(e) != IS_STRING) {
				zend_type_error("%s: \"tls\" entry \"passphrase\" must be of type string, %s given", where,
				                zend_zval_type_name(e));
				goto fail;
			}
			if (o->passphrase) {
				zend_string_release(o->passphrase);
			}
			o->passphrase = zend_string_copy(Z_STR_P(e));
			ok = SUCCESS;
		} else if (K("ciphers")) {
			ok = tls_string(where, "ciphers", e, &o->ciphers);
		} else if (K("ciphersuites")) {
			ok = tls_string(where, "ciphersuites", e, &o->ciphersuites);
		} else if (K("ca")) {
			ok = tls_string(where, "ca", e, &o->ca);
		} else if (K("verify_peer")) {
			ok = tls_bool(where, "verify_peer", e, &o->cfg.verify_peer);
		} else if (K("session_tickets")) {
			ok = tls_bool(where, "session_tickets", e, &o->cfg.session_tickets);
		} else if (K("ktls")) {
			ok = tls_bool(where, "ktls", e, &o->cfg.ktls);
		} else if (K("min_version")) {
			if (Z_TYPE_P(e) == IS_STRING && (zend_string_equals_literal(Z_STR_P(e), "TLSv1.2") ||
			                                 zend_string_equals_literal(Z_STR_P(e), "1.2"))) {
				o->cfg.min_version = WS_TLS_1_2;
			} else if (Z_TYPE_P(e) == IS_STRING && (zend_string_equals_literal(Z_STR_P(e), "TLSv1.3") ||
			                                        zend_string_equals_literal(Z_STR_P(e), "1.3"))) {
				o->cfg.min_version = WS_TLS_1_3;
			} else {
				zend_value_error("%s: \"tls\" entry \"min_version\" must be \"TLSv1.2\" or \"TLSv1.3\"", where);
				goto fail;
			}
			ok = SUCCESS;
		} else {
			zend_value_error("%s: unknown \"tls\" entry \"%s\" (cert, key, passphrase, min_version, ciphers, "
			                 "ciphersuites, verify_peer, ca, session_tickets, ktls)", where, ZSTR_VAL(key));
			goto fail;
		}
#undef K
		if (ok == FAILURE) {
			goto fail;
		}
	} ZEND_HASH_FOREACH_END();
	if (!o->cert) {
		zend_value_error("%s: Option \"tls\" needs \"cert\" (a PEM certificate chain file)", where);
		goto fail;
	}
	o->cfg.cert = ZSTR_VAL(o->cert);
	o->cfg.key = o->key ? ZSTR_VAL(o->key) : NULL;
	o->cfg.passphrase = o->passphrase ? ZSTR_VAL(o->passphrase) : NULL;
	o->cfg.ciphers = o->ciphers ? ZSTR_VAL(o->ciphers) : NULL;
	o->cfg.ciphersuites = o->ciphersuites ? ZSTR_VAL(o->ciphersuites) : NULL;
	o->cfg.ca = o->ca ? ZSTR_VAL(o->ca) : NULL;
	return o;

fail:
	opts_free(o);
	return NULL;
}

int php_ws_tls_parse_option(php_ws_server *intern, zval *v)
{
	php_ws_tls_opts *o;

	php_ws_tls_free(intern);
	if (Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (!(o = parse("WebSocket\\Server::__construct()", v))) {
		return FAILURE;
	}
	intern->tls = o;
	return SUCCESS;
}

ws_tls_ctx *php_ws_tls_build(php_ws_server *intern)
{
	char errbuf[WS_ERRBUF_LEN];
	ws_tls_ctx *ctx = ws_tls_ctx_new(&intern->tls->cfg, NULL, errbuf);

	if (!ctx) {
		zend_throw_exception_ex(php_ws_server_exception_ce, 0, "%s", errbuf);
	}
	return ctx;
}

/* Read the files again (with new options, if o) into a new context for new
 * handshakes; the old one stays with the connections that use it. Returns
 * 0, or -1 with errbuf set (nothing changed). */
static int reload(php_ws_server *intern, php_ws_tls_opts *o, char *errbuf)
{
	ws_tls_ctx *ctx = ws_tls_ctx_new(o ? &o->cfg : &intern->tls->cfg, ws_server_tls(intern->srv), errbuf);

	if (!ctx) {
		return -1;
	}
	ws_server_set_tls(intern->srv, ctx);
	ws_tls_ctx_unref(ctx);
	if (o) {
		php_ws_tls_free(intern);
		intern->tls = o;
	}
	return 0;
}

void php_ws_tls_reload_on_signal(php_ws_server *intern)
{
	char errbuf[WS_ERRBUF_LEN], line[WS_ERRBUF_LEN + 64];

	if (!intern->tls || !intern->srv) {
		return;
	}
	if (reload(intern, NULL, errbuf) < 0) {
		snprintf(line, sizeof(line), "SIGHUP: the TLS certificate was not reloaded, the old one stays: %s", errbuf);
		php_ws_server_log_line(intern, WS_LOG_ERROR, "", line);
	} else {
		php_ws_server_log_line(intern, WS_LOG_NOTICE, "", "SIGHUP: TLS certificate and key reloaded for new connections");
	}
}

ZEND_METHOD(WebSocket_Server, reloadTls)
{
	php_ws_server *intern;
	HashTable *opts = NULL;
	php_ws_tls_opts *o = NULL;
	char errbuf[WS_ERRBUF_LEN];

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT_OR_NULL(opts)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (!intern->tls) {
		zend_throw_error(NULL, "WebSocket\\Server::reloadTls(): the server was created without the \"tls\" option");
		RETURN_THROWS();
	}
	if (opts) {
		zval tmp;
		ZVAL_ARR(&tmp, opts);
		if (!(o = parse("WebSocket\\Server::reloadTls()", &tmp))) {
			RETURN_THROWS();
		}
	}
	if (reload(intern, o, errbuf) < 0) {
		if (o) {
			opts_free(o);
		}
		zend_throw_exception_ex(php_ws_server_exception_ce, 0, "%s", errbuf);
		RETURN_THROWS();
	}
}

void php_ws_tls_info(ws_conn *conn, zval *return_value)
{
	ws_tls_info info;
	char subject[1024];

	if (!conn || ws_tls_get_info(ws_conn_transport(conn), &info) < 0) {
		RETURN_NULL();
	}
	array_init(return_value);
	add_assoc_string(return_value, "version", info.version);
	add_assoc_string(return_value, "cipher", info.cipher);
	if (info.alpn) {
		add_assoc_string(return_value, "alpn", info.alpn);
	} else {
		add_assoc_null(return_value, "alpn");
	}
	add_assoc_bool(return_value, "resumed", info.resumed);
	if (ws_tls_peer_subject(ws_conn_transport(conn), subject, sizeof(subject)) >= 0) {
		add_assoc_string(return_value, "peer_subject", subject);
	} else {
		add_assoc_null(return_value, "peer_subject");
	}
	add_assoc_bool(return_value, "ktls", info.ktls_send);
}
