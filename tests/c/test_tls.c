/*
 * test_tls.c: the TLS transport (ws_transport_tls.c) against an OpenSSL client
 * over a socketpair, both non-blocking, driven step by step: the handshake
 * through read() with wants(), plaintext left in OpenSSL reported by
 * has_pending(), small writes gathered into one record, a socket that fills
 * (a held record retried), close_notify, renegotiation refused, plain HTTP
 * and a truncated record, and the context's refusals (missing file, key of
 * another certificate, encrypted key). Certificates are made here with the
 * OpenSSL API into a temporary directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "core/ws_loop.h"
#include "core/ws_tls.h"
#include "tap.h"

static char dir[64];

/* A self-signed P-256 certificate for localhost into dir/name.crt and .key; enc: the key encrypted with "secret". */
static void make_cert(const char *name, int enc)
{
	char path[128];
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	FILE *f;

	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, k);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC, (const unsigned char *) "localhost", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	X509_sign(x, k, EVP_sha256());
	snprintf(path, sizeof(path), "%s/%s.crt", dir, name);
	f = fopen(path, "w");
	PEM_write_X509(f, x);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s.key", dir, name);
	f = fopen(path, "w");
	PEM_write_PrivateKey(f, k, enc ? EVP_aes_256_cbc() : NULL, NULL, 0, NULL, enc ? (void *) "secret" : NULL);
	fclose(f);
	X509_free(x);
	EVP_PKEY_free(k);
}

static ws_tls_ctx *ctx_for(const char *cert, const char *key, const char *pass, char *errbuf)
{
	char c[128], k[128];
	ws_tls_config cfg;

	ws_tls_config_defaults(&cfg);
	snprintf(c, sizeof(c), "%s/%s", dir, cert);
	snprintf(k, sizeof(k), "%s/%s", dir, key);
	cfg.cert = c;
	cfg.key = k;
	cfg.passphrase = pass;
	return ws_tls_ctx_new(&cfg, NULL, errbuf);
}

typedef struct pair {
	int sfd, cfd;
	ws_transport *srv;
	SSL *cli;
	SSL_CTX *cctx;
} pair;

static void nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void pair_open(pair *p, ws_tls_ctx *ctx, int max_version)
{
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	nonblock(sv[0]);
	nonblock(sv[1]);
	p->sfd = sv[0];
	p->cfd = sv[1];
	p->srv = ws_tls_transport_new(ctx, p->sfd);
	p->cctx = SSL_CTX_new(TLS_client_method());
	if (max_version) {
		SSL_CTX_set_max_proto_version(p->cctx, max_version);
	}
	p->cli = SSL_new(p->cctx);
	SSL_set_fd(p->cli, p->cfd);
	SSL_set_connect_state(p->cli);
}

static void pair_close(pair *p)
{
	if (p->srv) {
		p->srv->ops->free(p->srv);
	}
	SSL_free(p->cli);
	SSL_CTX_free(p->cctx);
	close(p->sfd);
	close(p->cfd);
	ERR_clear_error();
}

/* Both sides' handshakes, step by step (the server only through read()). Returns 1 when both are done. */
static int pair_handshake(pair *p)
{
	uint8_t buf[64];
	int cdone = 0, sdone = 0;

	for (int i = 0; i < 50 && !(cdone && sdone); i++) {
		if (!cdone) {
			int r = SSL_do_handshake(p->cli);
			cdone = r == 1;
			if (r != 1 && SSL_get_error(p->cli, r) != SSL_ERROR_WANT_READ && SSL_get_error(p->cli, r) != SSL_ERROR_WANT_WRITE) {
				return 0;
			}
		}
		if (!sdone) {
			ssize_t n = p->srv->ops->read(p->srv, buf, sizeof(buf));
			if (n < 0 && n != WS_ERR_AGAIN) {
				return 0;
			}
			sdone = ws_tls_get_info(p->srv, &(ws_tls_info){0}) == 0;
		}
	}
	/* TLS 1.3: the session ticket the server sent after its handshake. */
	SSL_read(p->cli, buf, sizeof(buf));
	return cdone && sdone;
}

/* Everything the client can read now (bounded), appended to out. */
static size_t client_drain(pair *p, uint8_t *out, size_t cap)
{
	size_t got = 0;
	for (int i = 0; i < 100000 && got < cap; i++) {
		size_t n = 0;
		if (SSL_read_ex(p->cli, out + got, cap - got, &n) != 1) {
			break;
		}
		got += n;
	}
	return got;
}

static void test_context_refusals(void)
{
	char errbuf[WS_ERRBUF_LEN];
	ws_tls_ctx *c;

	ok(!(c = ctx_for("nope.crt", "a.key", NULL, errbuf)) && strstr(errbuf, "cannot read") && strstr(errbuf, "nope.crt"));
	ok(!(c = ctx_for("a.crt", "b.key", NULL, errbuf)) && strstr(errbuf, "does not match the certificate"));
	ok(!(c = ctx_for("e.crt", "e.key", NULL, errbuf)) && strstr(errbuf, "encrypted and no 'passphrase'"));
	ok(!(c = ctx_for("e.crt", "e.key", "wrong", errbuf)) && strstr(errbuf, "cannot decrypt"));
	ok((c = ctx_for("e.crt", "e.key", "secret", errbuf)) != NULL);
	ws_tls_ctx_unref(c);
}

static void test_handshake_pending_and_records(ws_tls_ctx *ctx)
{
	static uint8_t big[40000], got[40000];
	pair p;
	ws_tls_info info;
	size_t have = 0, w = 0;
	uint8_t raw[4096];
	struct iovec iov[100];
	char small[100][10];
	ssize_t n;

	pair_open(&p, ctx, 0);
	ok(pair_handshake(&p));
	ok(ws_tls_get_info(p.srv, &info) == 0 && strcmp(info.version, "TLSv1.3") == 0 && !info.resumed);
	is_int(p.srv->ops->wants(p.srv, WS_READ), WS_READ); /* nothing of its own to write */

	/* Three records from the client; a small read leaves plaintext inside OpenSSL: has_pending. */
	for (size_t i = 0; i < sizeof(big); i++) {
		big[i] = (uint8_t) (i * 7);
	}
	SSL_write_ex(p.cli, big, sizeof(big), &w);
	is_int(w, sizeof(big));
	n = p.srv->ops->read(p.srv, got, 100);
	is_int(n, 100);
	ok(p.srv->ops->has_pending(p.srv));
	have = (size_t) n;
	for (int i = 0; i < 100 && have < sizeof(got); i++) {
		n = p.srv->ops->read(p.srv, got + have, sizeof(got) - have);
		if (n <= 0) {
			break;
		}
		have += (size_t) n;
	}
	is_mem(got, have, big, sizeof(big));
	ok(!p.srv->ops->has_pending(p.srv));

	/* 100 frames of 10 bytes in one writev: one record on the wire (TLS 1.3: +1 type byte, +16 tag). */
	for (int i = 0; i < 100; i++) {
		memset(small[i], 'a' + i % 26, 10);
		iov[i].iov_base = small[i];
		iov[i].iov_len = 10;
	}
	is_int(p.srv->ops->writev(p.srv, iov, 100), 1000);
	n = recv(p.cfd, raw, sizeof(raw), 0);
	is_int(n, 5 + 1000 + 1 + 16);
	ok(n >= 5 && raw[0] == 0x17 && ((raw[3] << 8) | raw[4]) == 1000 + 17);
	pair_close(&p);
}

static void test_full_socket_and_close_notify(ws_tls_ctx *ctx)
{
	static uint8_t out[1 << 20], in[1 << 20];
	pair p;
	int small = 4096;
	size_t sent = 0, have = 0;
	uint8_t b;

	pair_open(&p, ctx, 0);
	setsockopt(p.sfd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	ok(pair_handshake(&p));
	for (size_t i = 0; i < sizeof(out); i++) {
		out[i] = (uint8_t) (i * 13 + 1);
	}
	for (int round = 0; round < 100000 && (sent < sizeof(out) || (p.srv->ops->wants(p.srv, 0) & WS_WRITE)); round++) {
		struct iovec iov = {out + sent, sizeof(out) - sent};
		ssize_t w = p.srv->ops->writev(p.srv, &iov, sent < sizeof(out) ? 1 : 0);
		if (w < 0) {
			break;
		}
		sent += (size_t) w;
		if (round == 0) {
			/* The socket filled: a record is held for the retry and the transport asks for writability. */
			ok(sent < sizeof(out) && (p.srv->ops->wants(p.srv, WS_READ) & WS_WRITE));
		}
		have += client_drain(&p, in + have, sizeof(in) - have);
	}
	have += client_drain(&p, in + have, sizeof(in) - have);
	is_int(sent, sizeof(out));
	ok(!(p.srv->ops->wants(p.srv, 0) & WS_WRITE));
	is_mem(in, have, out, sizeof(out));

	/* shutdown(): close_notify, then the client sees a clean end. */
	p.srv->ops->shutdown(p.srv);
	ok(SSL_read(p.cli, &b, 1) == 0 && SSL_get_error(p.cli, 0) == SSL_ERROR_ZERO_RETURN);
	pair_close(&p);
}

static void test_renegotiation_refused(ws_tls_ctx *ctx)
{
	pair p;
	uint8_t buf[64];
	size_t w;
	int r = 0;

	pair_open(&p, ctx, TLS1_2_VERSION);
	ok(pair_handshake(&p));
	ok(SSL_renegotiate(p.cli) == 1);
	for (int i = 0; i < 20; i++) {
		r = SSL_do_handshake(p.cli);
		p.srv->ops->read(p.srv, buf, sizeof(buf));
		if (r == 1 || (SSL_get_error(p.cli, r) != SSL_ERROR_WANT_READ && SSL_get_error(p.cli, r) != SSL_ERROR_WANT_WRITE)) {
			break;
		}
	}
	ok(r != 1); /* the client's renegotiation did not complete */
	ERR_clear_error();
	/* The server never renegotiated: its connection is the first handshake's, still reading. */
	ok(SSL_write_ex(p.cli, "x", 1, &w) != 1 || p.srv->ops->read(p.srv, buf, sizeof(buf)) != 0);
	pair_close(&p);
}

static void test_bad_input(ws_tls_ctx *ctx)
{
	static const char http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	static const uint8_t truncated[] = {0x17, 0x03, 0x03, 0x00, 0x64, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	pair p;
	uint8_t buf[256];
	ssize_t n;
	size_t w;

	pair_open(&p, ctx, 0);
	ok(write(p.cfd, http, sizeof(http) - 1) == (ssize_t) sizeof(http) - 1);
	n = p.srv->ops->read(p.srv, buf, sizeof(buf));
	is_int(n, WS_ERR_TLS);
	ok(p.srv->err && strstr(p.srv->err, "http request"));
	n = recv(p.cfd, buf, sizeof(buf) - 1, 0);
	ok(n > 12 && memcmp(buf, "HTTP/1.1 400", 12) == 0);
	is_int(p.srv->ops->writev(p.srv, &(struct iovec){(void *) "x", 1}, 1), WS_ERR_TLS);
	pair_close(&p);

	/* After the handshake: half a record, then the client's end. */
	pair_open(&p, ctx, 0);
	ok(pair_handshake(&p));
	SSL_write_ex(p.cli, "hello", 5, &w);
	ok(write(p.cfd, truncated, sizeof(truncated)) == (ssize_t) sizeof(truncated));
	shutdown(p.cfd, SHUT_WR);
	n = p.srv->ops->read(p.srv, buf, sizeof(buf));
	is_mem(buf, n > 0 ? (size_t) n : 0, "hello", 5); /* what came whole first */
	n = p.srv->ops->read(p.srv, buf, sizeof(buf));
	ok(n == 0 || n == WS_ERR_TLS); /* then the end: never more data, never "again" */
	pair_close(&p);
}

int main(void)
{
	char errbuf[WS_ERRBUF_LEN];
	ws_tls_ctx *ctx;

	snprintf(dir, sizeof(dir), "/tmp/ws-test-tls-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	make_cert("a", 0);
	make_cert("b", 0);
	make_cert("e", 1);
	ctx = ctx_for("a.crt", "a.key", NULL, errbuf);
	ok(ctx != NULL);
	if (!ctx) {
		diag("%s", errbuf);
		return done_testing();
	}
	test_context_refusals();
	test_handshake_pending_and_records(ctx);
	test_full_socket_and_close_notify(ctx);
	test_renegotiation_refused(ctx);
	test_bad_input(ctx);
	ws_tls_ctx_unref(ctx);
	{
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		(void) !system(cmd);
	}
	return done_testing();
}
