/*
 * fuzz_tls.c: arbitrary bytes from a client at the TLS transport's server
 * side (ws_transport_tls.c), over a socketpair, in chunks: data[0] picks the
 * chunk size. After each chunk the server reads until OpenSSL wants more,
 * and answers what it read; a read never returns more than asked, an end or
 * an error is final, and everything is freed (ASan/LSan). The certificate is
 * made once with the OpenSSL API. The corpus holds real ClientHellos.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/ws_loop.h"
#include "core/ws_tls.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static ws_tls_ctx *ctx;

static void setup(void)
{
	char dir[] = "/tmp/fuzz-tls-XXXXXX", crt[64], key[64], errbuf[WS_ERRBUF_LEN];
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	ws_tls_config cfg;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, k);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC, (const unsigned char *) "localhost", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	X509_sign(x, k, EVP_sha256());
	snprintf(crt, sizeof(crt), "%s/c.pem", dir);
	snprintf(key, sizeof(key), "%s/k.pem", dir);
	CHECK((f = fopen(crt, "w")) != NULL);
	PEM_write_X509(f, x);
	fclose(f);
	CHECK((f = fopen(key, "w")) != NULL);
	PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
	fclose(f);
	X509_free(x);
	EVP_PKEY_free(k);
	ws_tls_config_defaults(&cfg);
	cfg.cert = crt;
	cfg.key = key;
	CHECK((ctx = ws_tls_ctx_new(&cfg, NULL, errbuf)) != NULL);
	unlink(crt);
	unlink(key);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t buf[512];
	int sv[2], done = 0;
	size_t step, off = 1;
	ws_transport *t;

	if (size < 1) {
		return 0;
	}
	if (!ctx) {
		setup();
	}
	step = (size_t) (data[0] % 64) * 16 + 1;
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	CHECK((t = ws_tls_transport_new(ctx, sv[0])) != NULL);
	while (!done && off < size) {
		size_t n = size - off < step ? size - off : step;
		ssize_t w = write(sv[1], data + off, n);
		if (w <= 0) {
			break;
		}
		off += (size_t) w;
		for (int i = 0; i < 64; i++) {
			ssize_t r = t->ops->read(t, buf, sizeof(buf));
			CHECK(r <= (ssize_t) sizeof(buf));
			if (r == WS_ERR_AGAIN) {
				break;
			}
			if (r <= 0) {
				CHECK(r == 0 || r == WS_ERR_TLS || r == WS_ERR_IO);
				done = 1; /* final: a later read says the same, never data */
				CHECK(t->ops->read(t, buf, sizeof(buf)) <= 0);
				break;
			}
			struct iovec iov = {buf, (size_t) r};
			CHECK(t->ops->writev(t, &iov, 1) <= r);
		}
		/* Whatever the server wrote is the client's to drain. */
		while (read(sv[1], buf, sizeof(buf)) > 0) {
		}
	}
	t->ops->free(t);
	close(sv[0]);
	close(sv[1]);
	return 0;
}
