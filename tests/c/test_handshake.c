/*
 * test_handshake.c: ws_handshake against the rules in ws_handshake.h.
 *
 * Every request is parsed at every prefix length, each prefix copied against
 * a PROT_NONE page: a prefix must return 0 or, once decided, the same result
 * as the whole (errors and the consumed count never change as bytes arrive).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ws_handshake.h"
#include "guard.h"
#include "tap.h"

static guard g_prefix, g_full;

#define REQ_LINE "GET /chat HTTP/1.1\r\n"
#define H_HOST "Host: server.example.com\r\n"
#define H_UPG "Upgrade: websocket\r\n"
#define H_CONN "Connection: Upgrade\r\n"
#define H_KEY "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
#define H_VER "Sec-WebSocket-Version: 13\r\n"
#define H_ORIGIN "Origin: http://example.com\r\n"
#define H_PROTO "Sec-WebSocket-Protocol: chat, superchat\r\n"
#define CRLF "\r\n"

/* RFC 6455 §1.3, the seed example */
#define SEED REQ_LINE H_HOST H_UPG H_CONN H_KEY H_ORIGIN H_PROTO H_VER CRLF
#define SEED_ACCEPT "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

static const char *const chat_only[] = {"chat"};
static const ws_handshake_policy pol_chat = {chat_only, 1, NULL, 0, NULL};
static const ws_handshake_policy pol_any = {NULL, 0, NULL, 0, NULL};

/*
 * Parse text (n bytes) at every prefix length, then whole, into *out (slices
 * point into g_full, valid until the next call). Returns the whole-buffer
 * result; *consistent is 0 if a prefix broke the rule above.
 */
static int parse_split(const char *text, size_t n, ws_handshake_req *out, int *consistent)
{
	int whole, decided = 0, first = 0;

	*consistent = 1;
	for (size_t k = 0; k < n; k++) {
		ws_handshake_req tmp;
		int r = ws_handshake_parse(guard_put(&g_prefix, text, k), k, &tmp);

		if (decided && r != first) {
			*consistent = 0;
		}
		if (!decided && r != 0) {
			decided = 1, first = r;
		}
		if (r > 0 && (size_t) r > k) {
			*consistent = 0;
		}
	}
	whole = ws_handshake_parse(guard_put(&g_full, text, n), n, out);
	if (decided && whole != first) {
		*consistent = 0;
	}
	return whole;
}

/* Parse a string literal split everywhere; expect `want`. */
#define PARSE(lit, want) parse_expect((lit), sizeof(lit) - 1, (want), __LINE__)
/* ... and expect all of it consumed */
#define PARSE_OK(lit) PARSE(lit, (int) sizeof(lit) - 1)

static ws_handshake_req last;

static int parse_expect(const char *text, size_t n, int want, int line)
{
	int consistent, r = parse_split(text, n, &last, &consistent);

	if (r != want || !consistent) {
		diag("line %d: parse gave %d, want %d, prefixes consistent %d", line, r, want, consistent);
	}
	ok(r == want && consistent);
	return r;
}

/* Parse (must succeed), then check against pol; expect HTTP status `status`. */
#define CHECK(pol, lit, status) check_expect((pol), (lit), sizeof(lit) - 1, (status), __LINE__)

static ws_handshake_result last_res;

static void check_expect(const ws_handshake_policy *pol, const char *text, size_t n, int status, int line)
{
	int consistent, r = parse_split(text, n, &last, &consistent), c;

	memset(&last_res, 0xA5, sizeof(last_res));
	if (r != (int) n || !consistent) {
		diag("line %d: parse gave %d of %zu", line, r, n);
		ok(0);
		return;
	}
	c = ws_handshake_check(&last, pol, &last_res);
	if (last_res.status != status || c != (status == 101 ? 0 : WS_ERR_PROTO) || last_res.reason == NULL) {
		diag("line %d: status %d (%s), want %d", line, last_res.status,
		     last_res.reason ? last_res.reason : "NULL", status);
		ok(0);
		return;
	}
	ok(1);
}

static int slice_is(ws_slice s, const char *z)
{
	return s.n == strlen(z) && memcmp(s.p, z, s.n) == 0;
}

static void test_parse_seed(void)
{
	const char seed[] = SEED;
	int r = PARSE(SEED, (int) sizeof(seed) - 1);

	is_int(r, sizeof(seed) - 1);
	ok(slice_is(last.method, "GET"));
	ok(slice_is(last.target, "/chat"));
	ok(slice_is(last.path, "/chat"));
	is_int(last.query.n, 0);
	is_int(last.http_major, 1);
	is_int(last.http_minor, 1);
	is_int(last.nheaders, 7);
	ok(slice_is(last.headers[0].name, "Host"));
	ok(slice_is(last.headers[0].value, "server.example.com"));
	ok(slice_is(last.headers[5].value, "chat, superchat"));
	ok(ws_handshake_find(&last, "sec-websocket-key") == &last.headers[3]);
	ok(ws_handshake_find(&last, "SEC-WEBSOCKET-VERSION") == &last.headers[6]);
	ok(ws_handshake_find(&last, "Cookie") == NULL);
	/* slices point into the caller's buffer (zero-copy) */
	ok(last.method.p == g_full.base + g_full.usable - r);
}

static void test_parse_target(void)
{
	PARSE_OK("GET /chat?x=1&y=2 HTTP/1.1\r\n\r\n");
	ok(slice_is(last.target, "/chat?x=1&y=2"));
	ok(slice_is(last.path, "/chat"));
	ok(slice_is(last.query, "x=1&y=2"));
	PARSE_OK("GET /chat? HTTP/1.1\r\n\r\n");
	ok(slice_is(last.path, "/chat"));
	is_int(last.query.n, 0);
	PARSE_OK("GET /a?b?c HTTP/1.1\r\n\r\n");
	ok(slice_is(last.path, "/a"));
	ok(slice_is(last.query, "b?c"));
	/* The absolute-form names the same resource (RFC 9112 §3.2.2). */
	PARSE_OK("GET ws://example.com:8080/chat?x=1 HTTP/1.1\r\n\r\n");
	ok(slice_is(last.path, "/chat"));
	ok(slice_is(last.query, "x=1"));
	PARSE_OK("GET HTTP://example.com HTTP/1.1\r\n\r\n");
	ok(slice_is(last.path, "/"));
	is_int(last.query.n, 0);
	PARSE_OK("GET https://example.com?q HTTP/1.1\r\n\r\n");
	ok(slice_is(last.path, "/"));
	ok(slice_is(last.query, "q"));
	/* A resource name starts with "/" (RFC 6455 §4.1) and has no fragment. */
	PARSE("GET ?q HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET chat HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET * HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET ftp://example.com/ HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET ws:///chat HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET /chat#top HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE_OK("GET /%E2%82%AC~!$&'()*+,;=:@ HTTP/1.1\r\n\r\n");
	PARSE_OK("GET / HTTP/1.0\r\n\r\n");
	is_int(last.http_minor, 0);
	PARSE_OK("GET / HTTP/1.9\r\n\r\n");
	is_int(last.nheaders, 0);
}

static void test_parse_values(void)
{
	PARSE_OK("GET / HTTP/1.1\r\nHost:   a b \t \r\nX-Empty:\r\nX-Blank: \t \r\nX-Tight:v\r\nX-Obs: caf\xc3\xa9\r\n\r\n");
	is_int(last.nheaders, 5);
	ok(slice_is(last.headers[0].value, "a b"));
	is_int(last.headers[1].value.n, 0);
	is_int(last.headers[2].value.n, 0);
	ok(slice_is(last.headers[3].value, "v"));
	ok(slice_is(last.headers[4].value, "caf\xc3\xa9")); /* obs-text is allowed in values */
	ok(slice_is(last.headers[4].name, "X-Obs"));
	/* names are any token */
	PARSE_OK("GET / HTTP/1.1\r\n!#$%&'*+-.^_`|~09azAZ: x\r\n\r\n");
}

static void test_parse_trailing(void)
{
	/* The first frame right behind the head belongs to the caller. */
	static const char req[] = SEED "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";
	int r = PARSE(req, (int) sizeof(SEED) - 1);

	is_int(r, sizeof(SEED) - 1);
	PARSE("GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n", 18);
	PARSE("GET / HTTP/1.1\r\n\r\n\n", 18);
}

static void test_parse_incomplete(void)
{
	/* parse_split already checks 0 for every strict prefix; these end mid-token */
	PARSE("", 0);
	PARSE("GET", 0);
	PARSE("GET /chat HTTP/1.1\r", 0);
	PARSE("GET /chat HTTP/1.1\r\nHost: a\r\n", 0);
	PARSE("GET /chat HTTP/1.1\r\nHost: a\r\n\r", 0);
	PARSE("GET /chat HTTP/1.1\r\nHos", 0);
}

static void test_parse_errors(void)
{
	/* request line */
	PARSE(" / HTTP/1.1\r\n\r\n", WS_ERR_PROTO);              /* empty method */
	PARSE("G(ET / HTTP/1.1\r\n\r\n", WS_ERR_PROTO);          /* bad method char */
	PARSE("GET  / HTTP/1.1\r\n\r\n", WS_ERR_PROTO);          /* empty target */
	PARSE("GET /a b HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET /\x80 HTTP/1.1\r\n\r\n", WS_ERR_PROTO);       /* non-ASCII target */
	PARSE("GET /\x7f HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET /\t HTTP/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/2.0\r\n\r\n", WS_ERR_PROTO);            /* not HTTP/1.x */
	PARSE("GET / HTTP/1.x\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.11\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / http/1.1\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1 \r\n\r\n", WS_ERR_PROTO);
	PARSE("GET /\r\n\r\n", WS_ERR_PROTO);                    /* HTTP/0.9 */
	PARSE("\r\nGET / HTTP/1.1\r\n\r\n", WS_ERR_PROTO);        /* no leading empty lines */
	/* bare LF anywhere */
	PARSE("GET / HTTP/1.1\n\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\nHost: a\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\nHost: a\r\n\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n", WS_ERR_PROTO); /* CR not before LF */
	/* header lines */
	PARSE("GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n", WS_ERR_PROTO);  /* obs-fold */
	PARSE("GET / HTTP/1.1\r\nHost: a\r\n\tb\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\n Host: a\r\n\r\n", WS_ERR_PROTO);       /* space before the first header */
	PARSE("GET / HTTP/1.1\r\nHost : a\r\n\r\n", WS_ERR_PROTO);       /* space before ':' */
	PARSE("GET / HTTP/1.1\r\nHost a\r\n\r\n", WS_ERR_PROTO);         /* no ':' */
	PARSE("GET / HTTP/1.1\r\nHost\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\n: a\r\n\r\n", WS_ERR_PROTO);            /* empty name */
	PARSE("GET / HTTP/1.1\r\nHo(st: a\r\n\r\n", WS_ERR_PROTO);       /* bad name char */
	PARSE("GET / HTTP/1.1\r\nH\xc3\xb6st: a\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\nHost: a\x01" "b\r\n\r\n", WS_ERR_PROTO); /* control bytes in a value */
	PARSE("GET / HTTP/1.1\r\nHost: a\x7f\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", WS_ERR_PROTO);
	/* an error is reported as soon as its byte arrives, before the head ends */
	PARSE("GET / HTTP/1.1\r\nHost: a\r\n b", WS_ERR_PROTO);
	PARSE("GET / HTTP/1.1\n", WS_ERR_PROTO);
}

static void test_parse_too_many_headers(void)
{
	char buf[4096];
	size_t n = 0;

	n += (size_t) sprintf(buf + n, "GET / HTTP/1.1\r\n");
	for (int k = 0; k < WS_HS_MAX_HEADERS; k++) {
		n += (size_t) sprintf(buf + n, "X-%d: %d\r\n", k, k);
	}
	memcpy(buf + n, "\r\n", 2);
	is_int(parse_expect(buf, n + 2, (int) n + 2, __LINE__), n + 2);
	is_int(last.nheaders, WS_HS_MAX_HEADERS);
	ok(slice_is(last.headers[63].name, "X-63"));
	n += (size_t) sprintf(buf + n, "X-64: 64\r\n\r\n");
	parse_expect(buf, n, WS_ERR_TOO_BIG, __LINE__);
}

static void test_check_seed(void)
{
	static const char want[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	                           "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
	                           "Sec-WebSocket-Protocol: chat\r\n\r\n";
	char resp[256];
	int n;

	CHECK(&pol_chat, SEED, 101);
	is_int(last_res.subprotocol, 0);
	is_str(last_res.accept, SEED_ACCEPT);
	n = ws_handshake_response_101(resp, sizeof(resp), last_res.accept, chat_only[last_res.subprotocol], NULL);
	is_mem(resp, n < 0 ? 0 : (size_t) n, want, sizeof(want) - 1);
	/* the minimal request works too */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 101);
	is_int(last_res.subprotocol, -1);
	is_str(last_res.accept, SEED_ACCEPT);
}

static void test_check_426_no_upgrade(void)
{
	/* No Upgrade at all is a plain HTTP request: 426 before anything else. */
	CHECK(&pol_any, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 426);
	CHECK(&pol_any, "POST /x HTTP/1.0\r\n\r\n", 426);
	CHECK(&pol_any, REQ_LINE H_HOST H_CONN H_KEY H_VER CRLF, 426);
}

static void test_check_400(void)
{
	CHECK(&pol_any, "POST /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, "get /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 400); /* methods are case-sensitive */
	CHECK(&pol_any, "GET /chat HTTP/1.0\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 400);
	/* Host */
	CHECK(&pol_any, REQ_LINE H_UPG H_CONN H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_VER "host: other\r\n" CRLF, 400);
	/* Upgrade must list websocket */
	CHECK(&pol_any, REQ_LINE H_HOST "Upgrade: h2c\r\n" H_CONN H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST "Upgrade: websocketx\r\n" H_CONN H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST "Upgrade:\r\n" H_CONN H_KEY H_VER CRLF, 400);
	/* Connection must list upgrade */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG "Connection: keep-alive\r\n" H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG "Connection: Upgrade-Insecure-Requests\r\n" H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG "Connection: keep-alive Upgrade\r\n" H_KEY H_VER CRLF, 400);
	/* Sec-WebSocket-Key */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_KEY H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key:\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ===\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZ!==\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: dGhlIHNhbXBs ZSBub25jZQ==\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j=Q==\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: ========================\r\n" H_VER CRLF, 400);
	/* nonzero bits under the padding: decodes, but is not an encoding of 16 bytes */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR==\r\n" H_VER CRLF, 400);
	/* 15 and 17 bytes of nonce; 16 works */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: MTIzNDU2Nzg5MDEyMzQ1\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: MTIzNDU2Nzg5MDEyMzQ1Njc=\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: MTIzNDU2Nzg5MDEyMzQ1Njc3OA==\r\n" H_VER CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Key: MTIzNDU2Nzg5MDEyMzQ1Ng==\r\n" H_VER CRLF, 101);
	/* Sec-WebSocket-Version missing or repeated */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY CRLF, 400);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_VER H_VER CRLF, 400);
	/* 400 rules come before the version's 426 */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN "Sec-WebSocket-Version: 8\r\n" CRLF, 400);
}

static void test_check_426_version(void)
{
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Version: 8\r\n" CRLF, 426);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Version: 13, 8\r\n" CRLF, 426);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Version: 130\r\n" CRLF, 426);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Version:\r\n" CRLF, 426);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Version:  13 \r\n" CRLF, 101);
}

static void test_check_tokens(void)
{
	/* case-insensitive names and tokens, lists, repeats forming one list */
	CHECK(&pol_any, REQ_LINE "HOST: a\r\nupgrade: WebSocket\r\nconnection: UPGRADE\r\n"
	      "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n" CRLF, 101);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG "Connection: keep-alive, Upgrade\r\n" H_KEY H_VER CRLF, 101);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG "Connection: keep-alive,Upgrade\r\n" H_KEY H_VER CRLF, 101);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG "Connection: , ,\tupgrade\t, \r\n" H_KEY H_VER CRLF, 101);
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG "Connection: keep-alive\r\nConnection: Upgrade\r\n" H_KEY H_VER CRLF, 101);
	CHECK(&pol_any, REQ_LINE H_HOST "Upgrade: foo/2, WEBSOCKET\r\n" H_CONN H_KEY H_VER CRLF, 101);
	CHECK(&pol_any, REQ_LINE H_HOST "Upgrade: foo\r\nUpgrade: websocket\r\n" H_CONN H_KEY H_VER CRLF, 101);
}

static void test_check_path(void)
{
	static const ws_handshake_policy pol = {NULL, 0, NULL, 0, "/chat"};

	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 101);
	CHECK(&pol, "GET /chat?room=1 HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 101); /* query ignored */
	CHECK(&pol, "GET /other HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 404);
	CHECK(&pol, "GET /chat/ HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 404);
	CHECK(&pol, "GET /CHAT HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 404);
	CHECK(&pol, "GET /cha HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 404);
	/* version 426 comes before the path's 404 */
	CHECK(&pol, "GET /other HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Version: 7\r\n" CRLF, 426);
}

static void test_check_origin(void)
{
	static const char *const origins[] = {"https://a.example", "http://example.com"};
	static const ws_handshake_policy pol = {NULL, 0, origins, 2, "/chat"};
	static const ws_handshake_policy none = {NULL, 0, origins, 0, NULL};

	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_ORIGIN H_VER CRLF, 101);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Origin: HTTP://Example.COM\r\n" H_VER CRLF, 101);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Origin: https://a.example\r\n" H_VER CRLF, 101);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 403);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Origin: http://evil.example\r\n" H_VER CRLF, 403);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Origin: http://example.com.evil\r\n" H_VER CRLF, 403);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Origin: null\r\n" H_VER CRLF, 403);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_ORIGIN H_ORIGIN H_VER CRLF, 403);
	CHECK(&pol, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_ORIGIN "Origin: http://evil.example\r\n" H_VER CRLF, 403);
	CHECK(&none, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_ORIGIN H_VER CRLF, 403); /* empty allowlist */
	/* the path's 404 comes before the origin's 403 */
	CHECK(&pol, "GET /x HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY "Origin: http://evil.example\r\n" H_VER CRLF, 404);
	/* without origins in the policy, Origin is not looked at */
	CHECK(&pol_any, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Origin: http://evil.example\r\n" H_VER CRLF, 101);
}

static void test_check_subprotocol(void)
{
	static const char *const two[] = {"superchat", "chat"};
	static const char *const other[] = {"x", "chat"};
	static const ws_handshake_policy pol_two = {two, 2, NULL, 0, NULL};
	static const ws_handshake_policy pol_other = {other, 2, NULL, 0, NULL};
	static const ws_handshake_policy pol_x = {other, 1, NULL, 0, NULL};

	CHECK(&pol_two, SEED, 101);
	is_int(last_res.subprotocol, 0); /* server order wins over the client's */
	CHECK(&pol_other, SEED, 101);
	is_int(last_res.subprotocol, 1);
	CHECK(&pol_x, SEED, 101);
	is_int(last_res.subprotocol, -1);
	CHECK(&pol_chat, REQ_LINE H_HOST H_UPG H_CONN H_KEY H_VER CRLF, 101);
	is_int(last_res.subprotocol, -1);
	CHECK(&pol_chat, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Protocol: a\r\n" H_VER
	      "Sec-WebSocket-Protocol: b,chat\r\n" CRLF, 101);
	is_int(last_res.subprotocol, 0);
	CHECK(&pol_chat, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Protocol: Chat, superchat\r\n" H_VER CRLF, 101);
	is_int(last_res.subprotocol, -1); /* names are case-sensitive */
	CHECK(&pol_chat, REQ_LINE H_HOST H_UPG H_CONN H_KEY "Sec-WebSocket-Protocol: chatty\r\n" H_VER CRLF, 101);
	is_int(last_res.subprotocol, -1);
}

static void test_token_list(void)
{
	ok(ws_token_list_has(WS_SLICE("a", 1), "a"));
	ok(ws_token_list_has(WS_SLICE("a,b", 3), "B"));
	ok(ws_token_list_has(WS_SLICE(" a ,\tb\t", 7), "b"));
	ok(!ws_token_list_has(WS_SLICE("ab", 2), "a"));
	ok(!ws_token_list_has(WS_SLICE("a b", 3), "a"));
	ok(!ws_token_list_has(WS_SLICE(",,", 2), ""));
	ok(!ws_token_list_has(WS_SLICE("", 0), "a"));
	ok(!ws_token_list_has(WS_SLICE("a,b", 2), "b")); /* reads only n bytes */
}

static void test_accept_key(void)
{
	char out[WS_HS_ACCEPT_LEN + 1];
	char big[257];

	is_int(ws_handshake_accept_key(WS_SLICE("dGhlIHNhbXBsZSBub25jZQ==", 24), out), 0);
	is_str(out, SEED_ACCEPT);
	is_int(ws_handshake_accept_key(WS_SLICE("", 0), out), WS_ERR_INVALID);
	memset(big, 'x', sizeof(big));
	is_int(ws_handshake_accept_key(WS_SLICE(big, 257), out), WS_ERR_INVALID);
	is_int(ws_handshake_accept_key(WS_SLICE(big, 256), out), 0);
	is_str(out, "gs1rSXMwiQJlq6Dy82fVSzlWzZQ=");
}

static void test_response_101(void)
{
	static const char want[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	                           "Sec-WebSocket-Accept: " SEED_ACCEPT "\r\n\r\n";
	static const char want_ext[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	                               "Sec-WebSocket-Accept: " SEED_ACCEPT "\r\nSec-WebSocket-Protocol: chat\r\n"
	                               "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=15\r\n\r\n";
	char out[512];
	int n;

	n = ws_handshake_response_101(out, sizeof(out), SEED_ACCEPT, NULL, NULL);
	is_mem(out, n < 0 ? 0 : (size_t) n, want, sizeof(want) - 1);
	n = ws_handshake_response_101(out, sizeof(out), SEED_ACCEPT, "chat",
	                              "permessage-deflate; client_max_window_bits=15");
	is_mem(out, n < 0 ? 0 : (size_t) n, want_ext, sizeof(want_ext) - 1);
	is_int(ws_handshake_response_101(out, sizeof(want) - 1, SEED_ACCEPT, NULL, NULL), WS_ERR_TOO_BIG);
	is_int(ws_handshake_response_101(out, sizeof(want), SEED_ACCEPT, NULL, NULL), sizeof(want) - 1);
	is_int(ws_handshake_response_101(out, 0, SEED_ACCEPT, NULL, NULL), WS_ERR_TOO_BIG);
	/* no header injection through a configured value */
	is_int(ws_handshake_response_101(out, sizeof(out), SEED_ACCEPT, "chat\r\nX-Evil: 1", NULL), WS_ERR_INVALID);
	is_int(ws_handshake_response_101(out, sizeof(out), SEED_ACCEPT, NULL, "a\nb"), WS_ERR_INVALID);
	is_int(ws_handshake_response_101(out, sizeof(out), NULL, NULL, NULL), WS_ERR_INVALID);
}

static void test_origin_match(void)
{
	static const struct { const char *origin, *pattern; int match; } cases[] = {
		{"https://chat.example.com", "https://chat.example.com", 1},
		{"HTTPS://Chat.Example.COM", "https://chat.example.com", 1},
		{"https://chat.example.com", "https://*.example.com", 1},
		{"https://a.b.example.com", "https://*.example.com", 1},
		{"https://A.Example.Com", "https://*.example.com", 1},
		{"https://example.com", "https://*.example.com", 0},
		{"https://.example.com", "https://*.example.com", 0},
		{"http://chat.example.com", "https://*.example.com", 0},
		{"https://chat.example.com:8443", "https://*.example.com", 0},
		{"https://evilexample.com", "https://*.example.com", 0},
		{"https://chat.example.com.evil.net", "https://*.example.com", 0},
		{"https://a/b.example.com", "https://*.example.com", 0},
		{"https://u@a.example.com", "https://*.example.com", 0},
		{"https://x.example.com:8443", "https://*.example.com:8443", 1},
		{"https://x.example.com", "https://*.example.com:8443", 0},
		{"https://x.example.com:84430", "https://*.example.com:8443", 0},
		{"null", "https://*.example.com", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!ok(ws_origin_match(WS_SLICE(cases[i].origin, strlen(cases[i].origin)), cases[i].pattern) == cases[i].match)) {
			diag("origin %s, pattern %s", cases[i].origin, cases[i].pattern);
		}
	}
}

/* The 101 is sized from its parts: a long subprotocol fits exactly. */
static void test_response_101_size(void)
{
	char name[1025], *out;
	size_t need;
	int n;

	memset(name, 'p', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	need = ws_handshake_response_101_size(name, "permessage-deflate");
	out = malloc(need);
	n = ws_handshake_response_101(out, need, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", name, "permessage-deflate");
	is_int(n, need - 1);
	is_int(ws_handshake_response_101(out, need - 1, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", name, "permessage-deflate"),
	       WS_ERR_TOO_BIG);
	is_int(ws_handshake_response_101_size(NULL, NULL), 130);
	free(out);
}

static void test_response_error(void)
{
	static const char want400[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
	                              "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 8\r\n\r\nbad key\n";
	static const char want426[] = "HTTP/1.1 426 Upgrade Required\r\nConnection: close\r\n"
	                              "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 12\r\n"
	                              "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\nversion 13\n\n";
	static const char want431[] = "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
	                              "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 32\r\n\r\n"
	                              "Request Header Fields Too Large\n";
	char out[512];
	int n;

	n = ws_handshake_response_error(out, sizeof(out), 400, "bad key");
	is_mem(out, n < 0 ? 0 : (size_t) n, want400, sizeof(want400) - 1);
	n = ws_handshake_response_error(out, sizeof(out), 426, "version 13\n");
	is_mem(out, n < 0 ? 0 : (size_t) n, want426, sizeof(want426) - 1);
	n = ws_handshake_response_error(out, sizeof(out), 431, NULL);
	is_mem(out, n < 0 ? 0 : (size_t) n, want431, sizeof(want431) - 1);
	ok(ws_handshake_response_error(out, sizeof(out), 403, "x") > 0 && strncmp(out, "HTTP/1.1 403 Forbidden\r\n", 24) == 0);
	ok(ws_handshake_response_error(out, sizeof(out), 404, "x") > 0 && strncmp(out, "HTTP/1.1 404 Not Found\r\n", 24) == 0);
	ok(ws_handshake_response_error(out, sizeof(out), 503, "x") > 0 &&
	   strncmp(out, "HTTP/1.1 503 Service Unavailable\r\n", 34) == 0);
	ok(ws_handshake_response_error(out, sizeof(out), 413, "x") > 0 && strncmp(out, "HTTP/1.1 413 Content Too Large\r\n", 32) == 0);
	ok(ws_handshake_response_error(out, sizeof(out), 599, "x") > 0 && strncmp(out, "HTTP/1.1 599 Unknown\r\n", 22) == 0);
	is_int(ws_handshake_response_error(out, sizeof(out), 101, "x"), WS_ERR_INVALID);
	is_int(ws_handshake_response_error(out, sizeof(out), 600, "x"), WS_ERR_INVALID);
	is_int(ws_handshake_response_error(out, sizeof(want400) - 1, 400, "bad key"), WS_ERR_TOO_BIG);
	is_int(ws_handshake_response_error(out, sizeof(want400), 400, "bad key"), sizeof(want400) - 1);
}

static void test_failure_fills_result(void)
{
	ws_handshake_result res;

	memset(&res, 0x5A, sizeof(res));
	PARSE(REQ_LINE H_HOST H_UPG H_CONN H_VER CRLF, (int) sizeof(REQ_LINE H_HOST H_UPG H_CONN H_VER CRLF) - 1);
	is_int(ws_handshake_check(&last, &pol_chat, &res), WS_ERR_PROTO);
	is_int(res.status, 400);
	ok(res.reason != NULL && res.reason[0] != '\0');
	is_int(res.subprotocol, -1);
	is_int(res.accept[0], '\0');
}

int main(void)
{
	test_parse_seed();
	test_parse_target();
	test_parse_values();
	test_parse_trailing();
	test_parse_incomplete();
	test_parse_errors();
	test_parse_too_many_headers();
	test_check_seed();
	test_check_426_no_upgrade();
	test_check_400();
	test_check_426_version();
	test_check_tokens();
	test_check_path();
	test_check_origin();
	test_check_subprotocol();
	test_token_list();
	test_accept_key();
	test_response_101();
	test_response_error();
	test_origin_match();
	test_response_101_size();
	test_failure_fills_result();
	guard_free(&g_prefix);
	guard_free(&g_full);
	return done_testing();
}
