/*
 * ws_transport_tls.c: wss:// with OpenSSL, non-blocking, on the connection's
 * own socket inside the epoll loop.
 *
 * - Handshake: driven by read() until done; WANT_WRITE makes wants() ask for
 *   writability, and the connection calls read() again when it comes.
 * - read(): SSL_read until the buffer is full or OpenSSL wants the socket,
 *   so one call returns what one read(2) would. Plaintext left inside
 *   OpenSSL (the buffer filled mid-record) is reported by has_pending().
 * - writev(): the caller's frames are gathered into full 16 KiB records (one
 *   record per writev of small frames, not one per frame). A record the
 *   socket did not take is kept and retried first (OpenSSL requires the same
 *   bytes again); it counts as taken, and wants() asks for writability.
 * - Client-initiated renegotiation is refused (SSL_OP_NO_RENEGOTIATION);
 *   close_notify is sent on a graceful close; SSL_MODE_RELEASE_BUFFERS gives
 *   OpenSSL's buffers back while a connection is idle.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "core/ws_loop.h"
#include "core/ws_tls.h"

#define WS_TLS_RECORD 16384 /* the largest TLS plaintext record */
#define WS_TLS_TICKET_KEYS 80

struct ws_tls_ctx {
	SSL_CTX *ssl;
	int refs;
};

typedef struct ws_tls_transport {
	ws_transport base;
	SSL *ssl;
	ws_tls_ctx *ctx;
	uint8_t *held;     /* a record SSL_write did not finish: retried first, same bytes */
	size_t held_len;
	ssize_t deferred;  /* an end (0) or error met after some bytes were returned: the next read's result */
	uint8_t hs_done, want_write, failed, has_deferred;
	char errmsg[160];
} ws_tls_transport;

static const ws_transport_ops tls_ops;

/* One copy for the gather of small frames into a record: the loop is single-threaded. */
static uint8_t scratch[WS_TLS_RECORD];

const char *ws_tls_library_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}

void ws_tls_config_defaults(ws_tls_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->min_version = WS_TLS_1_2;
	cfg->session_tickets = 1;
}

/* --- the context --- */

struct pass_ud {
	const char *pass;
	int asked;
};

/* Never OpenSSL's default, which would prompt on the terminal. */
static int pass_cb(char *buf, int size, int rwflag, void *u)
{
	struct pass_ud *p = u;
	size_t n;
	(void) rwflag;

	p->asked = 1;
	if (!p->pass) {
		return 0;
	}
	n = strlen(p->pass);
	if (n > (size_t) size) {
		return 0;
	}
	memcpy(buf, p->pass, n);
	return (int) n;
}

/* ALPN (RFC 7301): WebSocket over HTTP/1.1 (RFC 6455 has no h2 here). A
 * client offering protocols without http/1.1 goes on without ALPN. */
static int alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                       unsigned int inlen, void *arg)
{
	static const unsigned char h11[] = "\x08http/1.1";
	(void) ssl;
	(void) arg;

	if (SSL_select_next_proto((unsigned char **) out, outlen, h11, sizeof(h11) - 1, in, inlen) ==
	    OPENSSL_NPN_NEGOTIATED) {
		return SSL_TLSEXT_ERR_OK;
	}
	return SSL_TLSEXT_ERR_NOACK;
}

/* The first OpenSSL error's reason, or fallback. */
static const char *ssl_reason(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	return r ? r : fallback;
}

static int readable(const char *what, const char *path, char *errbuf)
{
	if (access(path, R_OK) != 0) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls %s: cannot read %s: %s", what, path, strerror(errno));
		return 0;
	}
	return 1;
}

ws_tls_ctx *ws_tls_ctx_new(const ws_tls_config *cfg, const ws_tls_ctx *ticket_keys_from, char *errbuf)
{
	static const unsigned char sid_ctx[] = "ext-websocket";
	struct pass_ud pass = {cfg->passphrase, 0};
	const char *key = cfg->key ? cfg->key : cfg->cert;
	ws_tls_ctx *ctx = NULL;
	SSL_CTX *s = NULL;
	uint64_t opts;

	ERR_clear_error();
	if (!cfg->cert || !*cfg->cert) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls: 'cert' (a PEM certificate chain file) is required");
		return NULL;
	}
	if (!readable("cert", cfg->cert, errbuf) || !readable("key", key, errbuf) ||
	    (cfg->ca && !readable("ca", cfg->ca, errbuf))) {
		return NULL;
	}
	if (cfg->min_version != WS_TLS_1_2 && cfg->min_version != WS_TLS_1_3) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls min_version: TLSv1.2 or TLSv1.3");
		return NULL;
	}
	/* A peer gone while we write must not kill the process: the CLI ignores
	 * SIGPIPE already; an embedding that does not gets the same here. */
	{
		struct sigaction sa;
		if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
			signal(SIGPIPE, SIG_IGN);
		}
	}
	if (!(s = SSL_CTX_new(TLS_server_method()))) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls: cannot make a context: %s", ssl_reason("out of memory"));
		goto fail;
	}
	SSL_CTX_set_min_proto_version(s, cfg->min_version == WS_TLS_1_3 ? TLS1_3_VERSION : TLS1_2_VERSION);
	opts = SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION |
	       SSL_OP_IGNORE_UNEXPECTED_EOF;
	if (!cfg->session_tickets) {
		opts |= SSL_OP_NO_TICKET;
	}
#ifdef SSL_OP_ENABLE_KTLS
	if (cfg->ktls) {
		opts |= SSL_OP_ENABLE_KTLS;
	}
#endif
	SSL_CTX_set_options(s, opts);
	SSL_CTX_set_mode(s, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
	                        SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* Resumption: tickets by default (no server-side cache to grow); the
	 * session id context is what lets a session with a client certificate
	 * be resumed at all. */
	SSL_CTX_set_session_cache_mode(s, cfg->session_tickets ? SSL_SESS_CACHE_OFF : SSL_SESS_CACHE_SERVER);
	SSL_CTX_set_session_id_context(s, sid_ctx, sizeof(sid_ctx) - 1);
	if (cfg->session_tickets) {
		SSL_CTX_set_num_tickets(s, 1);
	}
	SSL_CTX_set_default_passwd_cb(s, pass_cb);
	SSL_CTX_set_default_passwd_cb_userdata(s, &pass);
	if (SSL_CTX_use_certificate_chain_file(s, cfg->cert) != 1) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls cert: %s is not a usable PEM certificate (chain): %s", cfg->cert,
		         ssl_reason("unknown error"));
		goto fail;
	}
	ERR_clear_error();
	pass.asked = 0;
	if (SSL_CTX_use_PrivateKey_file(s, key, SSL_FILETYPE_PEM) != 1) {
		if (pass.asked && !cfg->passphrase) {
			snprintf(errbuf, WS_ERRBUF_LEN, "tls key: %s is encrypted and no 'passphrase' was given", key);
		} else if (pass.asked) {
			snprintf(errbuf, WS_ERRBUF_LEN, "tls key: cannot decrypt %s with the given passphrase: %s", key,
			         ssl_reason("bad decrypt"));
		} else if (ERR_GET_LIB(ERR_peek_last_error()) == ERR_LIB_X509 &&
		           (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH ||
		            ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_TYPE_MISMATCH)) {
			snprintf(errbuf, WS_ERRBUF_LEN, "tls key: %s does not match the certificate in %s", key, cfg->cert);
		} else {
			snprintf(errbuf, WS_ERRBUF_LEN, "tls key: %s is not a usable PEM private key: %s", key,
			         ssl_reason("unknown error"));
		}
		goto fail;
	}
	if (SSL_CTX_check_private_key(s) != 1) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls key: %s does not match the certificate in %s", key, cfg->cert);
		goto fail;
	}
	SSL_CTX_set_default_passwd_cb_userdata(s, NULL); /* &pass is on this stack */
	if (cfg->ciphers && SSL_CTX_set_cipher_list(s, cfg->ciphers) != 1) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls ciphers: no usable cipher in '%s'", cfg->ciphers);
		goto fail;
	}
	if (cfg->ciphersuites && SSL_CTX_set_ciphersuites(s, cfg->ciphersuites) != 1) {
		snprintf(errbuf, WS_ERRBUF_LEN, "tls ciphersuites: no usable suite in '%s'", cfg->ciphersuites);
		goto fail;
	}
	if (cfg->verify_peer) {
		if (cfg->ca) {
			STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cfg->ca);
			if (SSL_CTX_load_verify_locations(s, cfg->ca, NULL) != 1 || !names) {
				sk_X509_NAME_pop_free(names, X509_NAME_free);
				snprintf(errbuf, WS_ERRBUF_LEN, "tls ca: %s holds no usable PEM certificate: %s", cfg->ca,
				         ssl_reason("unknown error"));
				goto fail;
			}
			SSL_CTX_set_client_CA_list(s, names);
		} else if (SSL_CTX_set_default_verify_paths(s) != 1) {
			snprintf(errbuf, WS_ERRBUF_LEN, "tls: no 'ca' given and the system's CA store cannot be loaded");
			goto fail;
		}
		SSL_CTX_set_verify(s, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	SSL_CTX_set_alpn_select_cb(s, alpn_select, NULL);
	if (ticket_keys_from && cfg->session_tickets) {
		unsigned char keys[WS_TLS_TICKET_KEYS];
		if (SSL_CTX_get_tlsext_ticket_keys(ticket_keys_from->ssl, keys, sizeof(keys)) == 1) {
			SSL_CTX_set_tlsext_ticket_keys(s, keys, sizeof(keys));
		}
		OPENSSL_cleanse(keys, sizeof(keys));
	}
	if (!(ctx = ws_malloc(sizeof(*ctx)))) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		goto fail;
	}
	ctx->ssl = s;
	ctx->refs = 1;
	ERR_clear_error();
	return ctx;

fail:
	SSL_CTX_free(s);
	ERR_clear_error();
	return NULL;
}

void ws_tls_ctx_ref(ws_tls_ctx *ctx)
{
	ctx->refs++;
}

void ws_tls_ctx_unref(ws_tls_ctx *ctx)
{
	if (ctx && --ctx->refs == 0) {
		SSL_CTX_free(ctx->ssl);
		ws_free(ctx);
	}
}

/* --- the transport --- */

static ws_tls_transport *tt_of(ws_transport *t)
{
	return (ws_tls_transport *) t;
}

/* Map an OpenSSL failure of r to a ws_err, remembering why. */
static ssize_t ssl_fail(ws_tls_transport *tt, int r, const char *when)
{
	int e = SSL_get_error(tt->ssl, r);
	unsigned long code;

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return WS_ERR_AGAIN;
	case SSL_ERROR_WANT_WRITE:
		tt->want_write = 1;
		return WS_ERR_AGAIN;
	case SSL_ERROR_ZERO_RETURN: /* close_notify (or, IGNORE_UNEXPECTED_EOF, a plain FIN) */
		return 0;
	case SSL_ERROR_SYSCALL:
		tt->failed = 1;
		if (errno == 0 || errno == EPIPE || errno == ECONNRESET) {
			return 0;
		}
		tt->base.sys_errno = errno;
		return WS_ERR_IO;
	default:
		break;
	}
	tt->failed = 1;
	code = ERR_peek_last_error();
	snprintf(tt->errmsg, sizeof(tt->errmsg), "TLS %s failed: %s", when,
	         code && ERR_reason_error_string(code) ? ERR_reason_error_string(code) : "protocol error");
	tt->base.err = tt->errmsg;
	if (!tt->hs_done && ERR_GET_LIB(code) == ERR_LIB_SSL && ERR_GET_REASON(code) == SSL_R_HTTP_REQUEST) {
		/* Plain HTTP on the TLS port: say so in plain HTTP, as nginx does. */
		static const char resp[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
		                           "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 46\r\n\r\n"
		                           "This port speaks TLS: use wss:// or https://.\n";
		(void) !send(tt->base.fd, resp, sizeof(resp) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	}
	ERR_clear_error();
	return WS_ERR_TLS;
}

static ssize_t tls_read(ws_transport *t, uint8_t *buf, size_t len)
{
	ws_tls_transport *tt = tt_of(t);
	size_t got = 0;

	if (tt->has_deferred) {
		tt->has_deferred = 0;
		return tt->deferred;
	}
	if (tt->failed) {
		return WS_ERR_TLS;
	}
	tt->want_write = 0;
	ERR_clear_error();
	if (!tt->hs_done) {
		int r = SSL_do_handshake(tt->ssl);
		if (r != 1) {
			return ssl_fail(tt, r, "handshake");
		}
		tt->hs_done = 1;
	}
	while (got < len) {
		size_t n = 0;
		int r = SSL_read_ex(tt->ssl, buf + got, len - got, &n);
		ssize_t rc;
		if (r == 1) {
			got += n;
			continue;
		}
		rc = ssl_fail(tt, r, "read");
		if (rc == WS_ERR_AGAIN || !got) {
			return got ? (ssize_t) got : rc;
		}
		tt->deferred = rc; /* an end or error after data: the data first */
		tt->has_deferred = 1;
		break;
	}
	return (ssize_t) got;
}

/* Write one record's worth from p (at most WS_TLS_RECORD bytes). Returns 1
 * written, 0 the socket is full (the bytes are held for the retry), or an error. */
static int write_record(ws_tls_transport *tt, const uint8_t *p, size_t n)
{
	size_t w = 0;
	int r = SSL_write_ex(tt->ssl, p, n, &w);
	ssize_t rc;

	if (r == 1) {
		return 1;
	}
	rc = ssl_fail(tt, r, "write");
	if (rc != WS_ERR_AGAIN) {
		return rc < 0 ? (int) rc : WS_ERR_IO;
	}
	/* OpenSSL may have sent part of the record: it wants the same bytes again. */
	if (!(tt->held = ws_malloc(n))) {
		tt->failed = 1;
		return WS_ERR_NOMEM;
	}
	memcpy(tt->held, p, n);
	tt->held_len = n;
	tt->want_write = 1;
	return 0;
}

static ssize_t tls_writev(ws_transport *t, const struct iovec *iov, int n)
{
	ws_tls_transport *tt = tt_of(t);
	size_t taken = 0, off = 0;
	int i = 0;

	if (tt->failed) {
		return WS_ERR_TLS;
	}
	if (!tt->hs_done) {
		/* The server writes only after it has read a request, so only a
		 * refusal (a stop's 503) comes here: there is no session to send
		 * it on, and the connection is better closed at once than left
		 * holding the bytes until close_timeout. */
		tt->base.err = "TLS handshake not done";
		return WS_ERR_TLS;
	}
	ERR_clear_error();
	if (tt->held_len) {
		size_t w = 0;
		int r = SSL_write_ex(tt->ssl, tt->held, tt->held_len, &w);
		if (r != 1) {
			ssize_t rc = ssl_fail(tt, r, "write");
			if (rc == WS_ERR_AGAIN) {
				tt->want_write = 1;
				return 0;
			}
			return rc < 0 ? rc : WS_ERR_IO;
		}
		ws_free(tt->held);
		tt->held = NULL;
		tt->held_len = 0;
		tt->want_write = 0;
	}
	while (i < n) {
		const uint8_t *p;
		size_t m = 0;
		int r;

		if (iov[i].iov_len - off >= WS_TLS_RECORD) {
			/* A large frame: records straight from the caller's bytes. */
			p = (const uint8_t *) iov[i].iov_base + off;
			m = WS_TLS_RECORD;
			off += m;
		} else {
			/* Small frames: gathered into one full record. */
			while (i < n && m < WS_TLS_RECORD) {
				size_t k = iov[i].iov_len - off;
				if (k > WS_TLS_RECORD - m) {
					k = WS_TLS_RECORD - m;
				}
				memcpy(scratch + m, (const uint8_t *) iov[i].iov_base + off, k);
				m += k;
				off += k;
				if (off == iov[i].iov_len) {
					i++;
					off = 0;
				}
			}
			p = scratch;
		}
		if (i < n && off == iov[i].iov_len) {
			i++;
			off = 0;
		}
		if (m == 0) {
			continue;
		}
		r = write_record(tt, p, m);
		if (r < 0) {
			return r;
		}
		taken += m;
		if (r == 0) {
			break; /* held: the socket is full */
		}
	}
	return (ssize_t) taken;
}

static int tls_wants(ws_transport *t, int want)
{
	ws_tls_transport *tt = tt_of(t);

	return want | (tt->want_write || tt->held_len ? WS_WRITE : 0);
}

static int tls_has_pending(ws_transport *t)
{
	ws_tls_transport *tt = tt_of(t);

	return tt->has_deferred || (!tt->failed && SSL_pending(tt->ssl) > 0);
}

/* close_notify once, when the session is in good standing; best effort on a
 * non-blocking socket (a full socket loses it, as a reset would). */
static void send_close_notify(ws_tls_transport *tt)
{
	if (tt->hs_done && !tt->failed && !(SSL_get_shutdown(tt->ssl) & SSL_SENT_SHUTDOWN)) {
		ERR_clear_error();
		if (tt->held_len) {
			size_t w;
			if (SSL_write_ex(tt->ssl, tt->held, tt->held_len, &w) != 1) {
				ERR_clear_error();
				return;
			}
			tt->held_len = 0;
		}
		(void) SSL_shutdown(tt->ssl);
		ERR_clear_error();
	}
}

static void tls_shutdown(ws_transport *t)
{
	send_close_notify(tt_of(t));
	shutdown(t->fd, SHUT_WR);
}

static void tls_free(ws_transport *t)
{
	ws_tls_transport *tt = tt_of(t);

	send_close_notify(tt);
	SSL_free(tt->ssl);
	ws_tls_ctx_unref(tt->ctx);
	ws_free(tt->held);
	ws_free(tt);
}

static const ws_transport_ops tls_ops = {
	"tls", tls_read, tls_writev, tls_wants, tls_has_pending, tls_shutdown, tls_free,
};

ws_transport *ws_tls_transport_new(ws_tls_ctx *ctx, int fd)
{
	ws_tls_transport *tt = ws_malloc(sizeof(*tt));

	if (!tt) {
		return NULL;
	}
	memset(tt, 0, sizeof(*tt));
	if (!(tt->ssl = SSL_new(ctx->ssl)) || SSL_set_fd(tt->ssl, fd) != 1) {
		SSL_free(tt->ssl);
		ws_free(tt);
		ERR_clear_error();
		return NULL;
	}
	SSL_set_accept_state(tt->ssl);
	tt->base.ops = &tls_ops;
	tt->base.fd = fd;
	tt->ctx = ctx;
	ws_tls_ctx_ref(ctx);
	return &tt->base;
}

int ws_transport_is_tls(const ws_transport *t)
{
	return t && t->ops == &tls_ops;
}

int ws_tls_get_info(ws_transport *t, ws_tls_info *info)
{
	ws_tls_transport *tt;
	const unsigned char *alpn = NULL;
	unsigned int alpn_len = 0;
	static char alpn_buf[32];

	if (!ws_transport_is_tls(t) || !tt_of(t)->hs_done) {
		return WS_ERR_INVALID;
	}
	tt = tt_of(t);
	memset(info, 0, sizeof(*info));
	info->version = SSL_get_version(tt->ssl);
	info->cipher = SSL_get_cipher_name(tt->ssl);
	SSL_get0_alpn_selected(tt->ssl, &alpn, &alpn_len);
	if (alpn && alpn_len && alpn_len < sizeof(alpn_buf)) {
		memcpy(alpn_buf, alpn, alpn_len);
		alpn_buf[alpn_len] = '\0';
		info->alpn = alpn_buf;
	}
	info->resumed = SSL_session_reused(tt->ssl);
#ifdef SSL_OP_ENABLE_KTLS
	info->ktls_send = BIO_get_ktls_send(SSL_get_wbio(tt->ssl));
	info->ktls_recv = BIO_get_ktls_recv(SSL_get_rbio(tt->ssl));
#endif
	info->has_peer_cert = SSL_get0_peer_certificate(tt->ssl) != NULL;
	return 0;
}

int ws_tls_peer_subject(ws_transport *t, char *buf, size_t cap)
{
	X509 *peer;
	BIO *b;
	int n;

	if (!ws_transport_is_tls(t) || !tt_of(t)->hs_done || !(peer = SSL_get0_peer_certificate(tt_of(t)->ssl))) {
		return -1;
	}
	if (!(b = BIO_new(BIO_s_mem()))) {
		return -1;
	}
	X509_NAME_print_ex(b, X509_get_subject_name(peer), 0, XN_FLAG_RFC2253);
	n = BIO_read(b, buf, cap > 1 ? (int) cap - 1 : 0);
	BIO_free(b);
	if (n < 0) {
		n = 0;
	}
	buf[n] = '\0';
	return n;
}
