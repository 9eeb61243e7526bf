/* test_http.c: request body framing and the chunked decoder, fed split at every offset. */
#include <stdlib.h>
#include <string.h>

#include "core/ws_http.h"
#include "tap.h"

/* Decode whole in two parts split at k; returns the result, body in out. */
static int decode_split(const char *raw, size_t k, uint64_t max, char *out, size_t *outlen, size_t *end)
{
	size_t len = strlen(raw);
	uint8_t *buf = malloc(len + 1);
	ws_chunked st;
	int r;

	memcpy(buf, raw, len);
	memset(&st, 0, sizeof(st));
	r = ws_chunked_decode(&st, buf, k, max);
	if (r == 0) {
		r = ws_chunked_decode(&st, buf, len, max);
	}
	memcpy(out, buf, st.out);
	*outlen = st.out;
	*end = st.pos;
	free(buf);
	return r;
}

static void test_chunked(void)
{
	static const struct { const char *raw; int result; const char *body; } cases[] = {
		{"5\r\nhello\r\n0\r\n\r\n", 1, "hello"},
		{"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 1, "hello world"},
		{"A;ext=1\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n", 1, "0123456789"},
		{"0\r\n\r\n", 1, ""},
		{"5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n", 1, "hello"}, /* pipelined bytes after: not consumed */
		{"5\r\nhelloX\r\n0\r\n\r\n", WS_ERR_PROTO, NULL},
		{"g\r\n", WS_ERR_PROTO, NULL},
		{"\r\n", WS_ERR_PROTO, NULL},
		{"5\nhello\r\n0\r\n\r\n", WS_ERR_PROTO, NULL},
		{"1000\r\n", WS_ERR_TOO_BIG, NULL},
		{"5\r\nhel", 0, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i].raw);
		for (size_t k = 0; k <= n; k++) {
			char out[64];
			size_t outlen, end;
			int r = decode_split(cases[i].raw, k, 64, out, &outlen, &end);
			if (!ok(r == cases[i].result && (r != 1 || (outlen == strlen(cases[i].body) && memcmp(out, cases[i].body, outlen) == 0)))) {
				diag("case %zu split at %zu: result %d", i, k, r);
			}
			if (r == 1 && i == 4) {
				is_int(end, n - strlen("GET / HTTP/1.1\r\n"));
			}
		}
	}
}

static int framing(const char *head, uint64_t max, uint64_t *len)
{
	ws_handshake_req req;
	int r = ws_handshake_parse((const uint8_t *) head, strlen(head), &req);
	return r > 0 ? ws_http_body_framing(&req, max, len) : -100;
}

static void test_framing(void)
{
	uint64_t len = 0;

	is_int(framing("POST / HTTP/1.1\r\nHost: x\r\n\r\n", 100, &len), WS_BODY_NONE);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 100, &len), WS_BODY_NONE);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: 42\r\n\r\n", 100, &len), WS_BODY_LENGTH);
	is_int(len, 42);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: 42\r\nContent-Length: 42\r\n\r\n", 100, &len), WS_BODY_LENGTH);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: 42\r\nContent-Length: 43\r\n\r\n", 100, &len), WS_ERR_PROTO);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 100, &len), WS_ERR_PROTO);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n", 100, &len), WS_ERR_PROTO);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 100, &len), WS_ERR_TOO_BIG);
	is_int(framing("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 100, &len), WS_ERR_PROTO);
	is_int(framing("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 100, &len), WS_BODY_CHUNKED);
	is_int(framing("POST / HTTP/1.1\r\nTransfer-Encoding: CHUNKED\r\n\r\n", 100, &len), WS_BODY_CHUNKED);
	is_int(framing("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 100, &len), WS_ERR_PROTO);
	is_int(framing("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 100, &len), WS_ERR_PROTO);
}

int main(void)
{
	test_chunked();
	test_framing();
	return done_testing();
}
