/*
 * fuzz_handshake.c: the request parser fed growing prefixes, then the checks
 * and response builders on whatever parses.
 *
 * data[0] picks the prefix step. Invariants: a result never changes once a
 * prefix decided it; consumed <= len and the head ends in CRLF CRLF; every
 * slice lies inside the buffer; header values are trimmed and hold no CR/LF;
 * check() yields a known status and a 101 yields a 28-byte accept key.
 */
#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>

#include "core/ws_handshake.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_slice(ws_slice s, const uint8_t *buf, size_t len)
{
	CHECK(s.n == 0 || (s.p >= buf && s.p + s.n <= buf + len));
}

static void check_req(const ws_handshake_req *req, const uint8_t *buf, size_t len)
{
	CHECK(req->nheaders <= WS_HS_MAX_HEADERS);
	check_slice(req->method, buf, len);
	check_slice(req->target, buf, len);
	/* The path is inside the target, except the root of an absolute-form
	 * target without one ("ws://host"), which is a static "/". */
	CHECK(req->path.n > 0 && req->path.p[0] == '/');
	if (!(req->path.n == 1 && (req->path.p < req->target.p || req->path.p >= req->target.p + req->target.n))) {
		check_slice(req->path, buf, len);
		CHECK(req->path.p >= req->target.p && req->path.p + req->path.n <= req->target.p + req->target.n);
	}
	check_slice(req->query, buf, len);
	CHECK(req->method.n > 0 && req->target.n > 0);
	CHECK(req->http_major == 1 && req->http_minor >= 0 && req->http_minor <= 9);
	for (size_t k = 0; k < req->nheaders; k++) {
		const ws_header *h = &req->headers[k];
		check_slice(h->name, buf, len);
		check_slice(h->value, buf, len);
		CHECK(h->name.n > 0);
		CHECK(!memchr(h->value.p, '\r', h->value.n) && !memchr(h->value.p, '\n', h->value.n));
		if (h->value.n) {
			CHECK(h->value.p[0] != ' ' && h->value.p[0] != '\t');
			CHECK(h->value.p[h->value.n - 1] != ' ' && h->value.p[h->value.n - 1] != '\t');
		}
	}
}

static void check_policy(const ws_handshake_req *req, const ws_handshake_policy *pol)
{
	ws_handshake_result res;
	char out[512];
	int r = ws_handshake_check(req, pol, &res);

	CHECK(res.reason != NULL);
	if (r == 0) {
		CHECK(res.status == 101 && strlen(res.accept) == WS_HS_ACCEPT_LEN);
		CHECK(res.subprotocol >= -1 && res.subprotocol < (int) pol->nsubprotocols);
		CHECK(ws_handshake_response_101(out, sizeof(out), res.accept,
		                                res.subprotocol >= 0 ? pol->subprotocols[res.subprotocol] : NULL,
		                                NULL) > 0);
	} else {
		CHECK(r == WS_ERR_PROTO);
		CHECK(res.status == 400 || res.status == 403 || res.status == 404 || res.status == 426);
		CHECK(ws_handshake_response_error(out, sizeof(out), res.status, res.reason) > 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const protos[] = {"chat", "superchat", "x"};
	static const char *const origins[] = {"http://example.com"};
	static const ws_handshake_policy open = {NULL, 0, NULL, 0, NULL};
	static const ws_handshake_policy strict = {protos, 3, origins, 1, "/chat"};
	ws_handshake_req req;
	size_t step, len;
	int decided = 0, first = 0, r;
	uint8_t *buf;

	if (size < 1) {
		return 0;
	}
	step = (size_t) (data[0] % 64) + 1;
	len = size - 1;
	buf = malloc(len ? len : 1);
	memcpy(buf, data + 1, len);

	/* Prefixes: the bytes past each one are poisoned, so reading them faults. */
	for (size_t k = step; k < len; k += step) {
		ASAN_POISON_MEMORY_REGION(buf + k, len - k);
		r = ws_handshake_parse(buf, k, &req);
		ASAN_UNPOISON_MEMORY_REGION(buf + k, len - k);
		CHECK(r == 0 || r == WS_ERR_PROTO || r == WS_ERR_TOO_BIG || (r > 0 && (size_t) r <= k));
		if (decided) {
			CHECK(r == first);
		} else if (r != 0) {
			decided = 1;
			first = r;
		}
	}

	r = ws_handshake_parse(buf, len, &req);
	CHECK(r == 0 || r == WS_ERR_PROTO || r == WS_ERR_TOO_BIG || (r > 0 && (size_t) r <= len));
	CHECK(!decided || r == first);
	if (r > 0) {
		CHECK(r >= 4 && memcmp(buf + r - 4, "\r\n\r\n", 4) == 0);
		check_req(&req, buf, (size_t) r);
		check_policy(&req, &open);
		check_policy(&req, &strict);
	}
	free(buf);
	return 0;
}
