/*
 * test_head.c: ws_head, the packed request head.
 *
 * Real heads (browsers, client libraries, our load generator) and odd ones
 * must come back byte for byte, the common ones at the sizes pinned here
 * (with a margin), and a bounded random run over mutated heads must round
 * trip too. Inputs and packed forms sit against a PROT_NONE page, so an
 * over-read faults; truncated or garbled packed input is refused, never read
 * past.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ws_head.h"
#include "guard.h"
#include "tap.h"

static guard g_in, g_packed;

#define KEY "dGhlIHNhbXBsZSBub25jZQ=="

/* bench/wsload.c: 154 bytes with a 5-digit port and path "/" */
static const char wsload[] =
	"GET / HTTP/1.1\r\n"
	"Host: 127.0.0.1:19600\r\n"
	"Upgrade: websocket\r\n"
	"Connection: Upgrade\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"\r\n";

static const char chromium[] =
	"GET /chat?room=lobby HTTP/1.1\r\n"
	"Host: chat.example.com\r\n"
	"Connection: Upgrade\r\n"
	"Pragma: no-cache\r\n"
	"Cache-Control: no-cache\r\n"
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n"
	"Upgrade: websocket\r\n"
	"Origin: https://chat.example.com\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Accept-Encoding: gzip, deflate, br, zstd\r\n"
	"Accept-Language: en-US,en;q=0.9\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
	"\r\n";

static const char chromium_cookie[] =
	"GET /ws HTTP/1.1\r\n"
	"Host: app.example.org\r\n"
	"Connection: Upgrade\r\n"
	"Pragma: no-cache\r\n"
	"Cache-Control: no-cache\r\n"
	"User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n"
	"Upgrade: websocket\r\n"
	"Origin: https://app.example.org\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Accept-Encoding: gzip, deflate, br, zstd\r\n"
	"Accept-Language: de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7\r\n"
	"Cookie: _ga=GA1.1.1234567890.1732000000; session=eyJpZCI6NDJ9.Zx1aBc.QmFzZTY0U2lnbmF0dXJl; theme=dark\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
	"\r\n";

/* captured from HeadlessChrome 156 (chromium --headless=new) on Linux, opening ws://127.0.0.1:19912/chat?room=lobby
 * from a page of that origin */
static const char chromium_captured[] =
	"GET /chat?room=lobby HTTP/1.1\r\n"
	"Host: 127.0.0.1:19912\r\n"
	"Connection: Upgrade\r\n"
	"Pragma: no-cache\r\n"
	"Cache-Control: no-cache\r\n"
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36\r\n"
	"Upgrade: websocket\r\n"
	"Origin: http://127.0.0.1:19912\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Accept-Encoding: gzip, deflate, br, zstd\r\n"
	"Accept-Language: en-US,en;q=0.9\r\n"
	"Sec-WebSocket-Key: G8zEUxenmyewXI3kaGveJg==\r\n"
	"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
	"\r\n";

static const char firefox[] =
	"GET /socket HTTP/1.1\r\n"
	"Host: localhost:8080\r\n"
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n"
	"Accept: */*\r\n"
	"Accept-Language: en-US,en;q=0.5\r\n"
	"Accept-Encoding: gzip, deflate, br, zstd\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Origin: http://localhost:8080\r\n"
	"Sec-WebSocket-Extensions: permessage-deflate\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Connection: keep-alive, Upgrade\r\n"
	"Sec-Fetch-Dest: empty\r\n"
	"Sec-Fetch-Mode: websocket\r\n"
	"Sec-Fetch-Site: same-origin\r\n"
	"Pragma: no-cache\r\n"
	"Cache-Control: no-cache\r\n"
	"Upgrade: websocket\r\n"
	"\r\n";

static const char safari[] =
	"GET / HTTP/1.1\r\n"
	"Host: example.com\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Upgrade: websocket\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Connection: Upgrade\r\n"
	"Sec-WebSocket-Extensions: permessage-deflate\r\n"
	"Origin: https://example.com\r\n"
	"Pragma: no-cache\r\n"
	"Cache-Control: no-cache\r\n"
	"User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15\r\n"
	"Accept-Language: en-GB,en;q=0.9\r\n"
	"Accept-Encoding: gzip, deflate\r\n"
	"\r\n";

static const char node_ws[] =
	"GET /feed HTTP/1.1\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Connection: Upgrade\r\n"
	"Upgrade: websocket\r\n"
	"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
	"Host: 127.0.0.1:8080\r\n"
	"\r\n";

/* Node's built-in WebSocket (undici), captured from Node 20 (--experimental-websocket): lower-case names */
static const char undici[] =
	"GET /feed HTTP/1.1\r\n"
	"host: 127.0.0.1:19913\r\n"
	"connection: upgrade\r\n"
	"upgrade: websocket\r\n"
	"sec-websocket-key: MlfXSwt/4GqtbtZ8gBhQRQ==\r\n"
	"sec-websocket-version: 13\r\n"
	"sec-websocket-extensions: permessage-deflate; client_max_window_bits\r\n"
	"accept: */*\r\n"
	"accept-language: *\r\n"
	"sec-fetch-mode: websocket\r\n"
	"user-agent: node\r\n"
	"pragma: no-cache\r\n"
	"cache-control: no-cache\r\n"
	"accept-encoding: gzip, deflate\r\n"
	"\r\n";

static const char python_websockets[] =
	"GET /ws HTTP/1.1\r\n"
	"Host: 127.0.0.1:8765\r\n"
	"Upgrade: websocket\r\n"
	"Connection: Upgrade\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
	"User-Agent: Python/3.11 websockets/14.1\r\n"
	"\r\n";

static const char curl[] =
	"GET /echo HTTP/1.1\r\n"
	"Host: localhost:9001\r\n"
	"User-Agent: curl/8.11.0\r\n"
	"Accept: */*\r\n"
	"Upgrade: websocket\r\n"
	"Sec-WebSocket-Version: 13\r\n"
	"Sec-WebSocket-Key: " KEY "\r\n"
	"Connection: Upgrade\r\n"
	"\r\n";

static const char odd_casing[] =
	"GET /x HTTP/1.1\r\n"
	"HOST: a\r\n"
	"UpGrAdE: websocket\r\n"
	"connection: Upgrade\r\n"
	"SEC-WEBSOCKET-KEY: " KEY "\r\n"
	"Sec-Websocket-Version: 13\r\n"
	"\r\n";

static const char duplicates[] =
	"GET / HTTP/1.1\r\n"
	"Host: a\r\n"
	"Cookie: a=1\r\n"
	"Cookie: b=2\r\n"
	"X-Thing: 1\r\n"
	"X-Thing: 2\r\n"
	"Sec-WebSocket-Protocol: chat\r\n"
	"Sec-WebSocket-Protocol: superchat, v2\r\n"
	"Upgrade: websocket\r\n"
	"Upgrade: websocket\r\n"
	"\r\n";

static const char whitespace[] =
	"GET / HTTP/1.1\r\n"
	"Host:  two.spaces\r\n"
	"Host:no.space\r\n"
	"Origin:\thttps://tab\r\n"
	"User-Agent: folded\r\n"
	" continued\r\n"
	"\tand tabbed\r\n"
	"Cookie: trailing   \r\n"
	"Upgrade : websocket\r\n"
	"Accept:\r\n"
	"Pragma: \r\n"
	": no name\r\n"
	"\r\n";

static const char non_ascii[] =
	"GET /caf\xc3\xa9?q=\xff\xfe HTTP/1.1\r\n"
	"Host: \xe4\xbe\x8b\xe3\x81\x88.jp\r\n"
	"User-Agent: \x80\x81\x00\x01 nul\r\n"
	"Cookie: n=\xc3\x28\r\n"
	"\r\n";

static const char odd_lines[] =
	"get / HTTP/1.1\r\n"
	"GET / HTTP/1.0\r\n"
	"GET  HTTP/1.1\r\n"
	"GET HTTP/1.1\r\n"
	"POST / HTTP/1.1\r\n"
	"bare\nlf: in a line\r\n"
	"a lone \r cr\r\n"
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR==\r\n"  /* not canonical: last char has low bits set */
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=\r\n"   /* 23 characters */
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==x\r\n" /* 25 */
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j*Q==\r\n"  /* not base64 */
	"Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n"
	"sec-websocket-key: /////////////////////w==\r\n"
	"\r\n"
	"\r\n"
	"after the end, no CRLF\r";

/* Packs in[0..n) from against a guard page and unpacks it against another;
 * returns the packed size, or -1 if the round trip was not exact. */
static long round_trip(const void *data, size_t n)
{
	const uint8_t *in = guard_put(&g_in, data, n);
	uint8_t *packed = NULL, *exact, *out;
	size_t plen, bound = ws_head_pack_bound(n);
	ssize_t size, got;
	long rc = -1;

	packed = malloc(bound + 1);
	plen = ws_head_encode(in, n, packed);
	if (plen > bound) {
		diag("encode wrote %zu > bound %zu", plen, bound);
		goto done;
	}
	exact = guard_put(&g_packed, packed, plen);
	size = ws_head_unpacked_size(exact, plen);
	if (size != (ssize_t) n) {
		diag("unpacked_size %zd for %zu", size, n);
		goto done;
	}
	out = malloc(n + 1);
	got = ws_head_unpack(exact, plen, out, n);
	if (got == (ssize_t) n && memcmp(out, in, n) == 0) {
		rc = (long) plen;
	} else {
		diag("unpack gave %zd", got);
	}
	free(out);
done:
	free(packed);
	return rc;
}

#define RT(lit) round_trip((lit), sizeof(lit) - 1)

static void test_real_heads(void)
{
	struct {
		const char *name, *head;
		size_t n, max; /* max: the packed size measured when this was written, plus a margin */
		int browser;   /* and at least a third smaller, whatever its cookies */
	} heads[] = {
		{"wsload", wsload, sizeof(wsload) - 1, 40, 0},                              /* 39 */
		{"chromium", chromium, sizeof(chromium) - 1, 112, 1},                       /* 100 */
		{"chromium captured", chromium_captured, sizeof(chromium_captured) - 1, 112, 1}, /* 107 */
		{"chromium+cookie", chromium_cookie, sizeof(chromium_cookie) - 1, 240, 1}, /* 227 */
		{"firefox", firefox, sizeof(firefox) - 1, 96, 1},                           /* 87 */
		{"safari", safari, sizeof(safari) - 1, 112, 1},                             /* 105 */
		{"node ws", node_ws, sizeof(node_ws) - 1, 56, 0},                           /* 45 */
		{"undici captured", undici, sizeof(undici) - 1, 64, 0},                     /* 53 */
		{"python websockets", python_websockets, sizeof(python_websockets) - 1, 80, 0}, /* 72 */
		{"curl", curl, sizeof(curl) - 1, 64, 0},                                    /* 58 */
	};

	ok(sizeof(wsload) - 1 == 154);
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		long p = round_trip(heads[i].head, heads[i].n);
		ok(p > 0);
		diag("%-18s %4zu -> %3ld bytes", heads[i].name, heads[i].n, p);
		ok(p > 0 && (size_t) p <= heads[i].max);
		ok(!heads[i].browser || (size_t) p <= heads[i].n * 2 / 3);
	}
	/* wsload's 154 bytes: the request line 1, Host 17, the key 17, four whole lines */
	is_int(RT(wsload), 39);
}

/* User-Agent and Origin values around the templates' fragments: each round-trips, and the common ones shrink
 * by the fixed text. */
static void test_templates(void)
{
	static const struct {
		const char *line;
		int saves; /* at least this many bytes against a plain name item */
	} v[] = {
		{"User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", 60},
		{"User-Agent: Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", 60},
		{"User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", 50},
		{"User-Agent: Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", 10},
		{"User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", 35},
		{"Origin: https://example.com", 6},
		{"Origin: http://localhost:8080", 5},
		/* near misses: the fixed text cut, doubled or out of order */
		{"User-Agent: Mozilla/5.0 (", 0},
		{"User-Agent: Mozilla/5.0 (x) AppleWebKit/537.36 (KHTML, like Gecko) ", 0},
		{"User-Agent: Mozilla/5.0 () AppleWebKit/537.36 (KHTML, like Gecko)  Safari/537.36 Safari/537.36", 0},
		{"User-Agent: Mozilla/5.0 ( Safari/537.36) AppleWebKit/537.36 (KHTML, like Gecko) ", 0},
		{"User-Agent: Mozilla/5.0 (; rv:) Gecko/20100101 Firefox/", 0},
		{"User-Agent: Mozilla/5.0 (", 0},
		{"User-Agent: Mozilla/5.0", 0},
		{"Origin: https://", 0},
		{"Origin: http:/", 0},
		{"Origin: null", 0},
	};
	char line[512];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = (size_t) snprintf(line, sizeof(line), "%s\r\n", v[i].line);
		const char *colon = strchr(v[i].line, ':');
		size_t value = n - 2 - (size_t) (colon + 2 - v[i].line);
		long p = round_trip(line, n);
		ok(p > 0);
		/* a name item: tag, 1- or 2-byte length, the value */
		ok(p > 0 && (size_t) p + (size_t) v[i].saves <= 1 + (value < 128 ? 1 : 2) + value);
	}
}

/* An Origin that is a scheme and the Host value before it is one byte; anything else is not. */
static void test_same_origin(void)
{
	is_int(RT("Host: a.example\r\nOrigin: https://a.example\r\n"), 1 + 1 + 9 + 1);
	is_int(RT("Host: a.example\r\nOrigin: http://a.example\r\n"), 1 + 1 + 9 + 1);
	/* the Host after it, another host, a longer or shorter one, another scheme: no */
	ok(RT("Origin: https://a.example\r\nHost: a.example\r\n") > 12);
	ok(RT("Host: a.example\r\nOrigin: https://b.example\r\n") > 12);
	ok(RT("Host: a.example\r\nOrigin: https://a.example:443\r\n") > 12);
	ok(RT("Host: a.example:443\r\nOrigin: https://a.example\r\n") > 12);
	ok(RT("Host: a.example\r\nOrigin: wss://a.example\r\n") > 12);
	/* the last Host counts; a lower-case host line or a verbatim one does not */
	is_int(RT("Host: a\r\nHost: b\r\nOrigin: https://b\r\n"), 3 + 3 + 1);
	ok(RT("Host: a\r\nHost: b\r\nOrigin: https://a\r\n") > 7);
	ok(RT("host: a\r\nOrigin: https://a\r\n") > 4);
	ok(RT("Host:a\r\nOrigin: https://a\r\n") > 4);
	is_int(RT("Host: \r\nOrigin: https://\r\n"), 2 + 1);
	is_int(RT("GET / HTTP/1.1\r\n"), 1);
	is_int(RT("GET // HTTP/1.1\r\n"), 4);
}

static void test_odd_heads(void)
{
	ok(RT(odd_casing) > 0);
	ok(RT(duplicates) > 0);
	ok(RT(whitespace) > 0);
	ok(RT(non_ascii) > 0);
	ok(RT(odd_lines) > 0);
	/* inputs that are not heads at all */
	ok(round_trip("", 0) == 0);
	ok(RT("\r\n") == 1);
	ok(RT("\r") > 0);
	ok(RT("\n") > 0);
	ok(RT("x") > 0);
	ok(RT("\r\n\r\n\r\n") == 3);
	ok(RT("GET  HTTP/1.1\r\n") > 0);
	ok(RT("GET / HTTP/1.1") > 0);          /* no CRLF: kept as it is */
	ok(RT("Host: a\r\nHost: b") > 0);
	ok(RT(":\r\n: \r\n:  \r\n") > 0);
}

static void test_long_values(void)
{
	size_t n = 40000;
	char *h = malloc(n + 200), *p = h;
	long packed;

	p += sprintf(p, "GET /%s HTTP/1.1\r\nCookie: ", "long");
	memset(p, 'c', 17000);
	p += 17000;
	p += sprintf(p, "\r\nX-Big: ");
	memset(p, 'x', 20000);
	p += 20000;
	p += sprintf(p, "\r\n\r\n");
	packed = round_trip(h, (size_t) (p - h));
	ok(packed > 0);
	/* a 3-byte varint each, no bigger than the input */
	ok(packed > 0 && (size_t) packed <= (size_t) (p - h));
	/* a long request target */
	p = h;
	p += sprintf(p, "GET /");
	memset(p, 'p', 30000);
	p += 30000;
	p += sprintf(p, " HTTP/1.1\r\n\r\n");
	ok(round_trip(h, (size_t) (p - h)) > 0);
	/* one 40,000-byte line of nothing in particular, without CRLF */
	memset(h, 0xA5, n);
	ok(round_trip(h, n) > 0);
	free(h);
}

static void test_pack_alloc(void)
{
	uint8_t *packed;
	size_t plen;
	uint8_t out[sizeof(chromium)];

	is_int(ws_head_pack((const uint8_t *) chromium, sizeof(chromium) - 1, &packed, &plen), WS_OK);
	ok(packed != NULL && plen > 0 && plen < sizeof(chromium) - 1);
	is_int(ws_head_unpacked_size(packed, plen), sizeof(chromium) - 1);
	is_int(ws_head_unpack(packed, plen, out, sizeof(out)), sizeof(chromium) - 1);
	is_mem(out, sizeof(chromium) - 1, chromium, sizeof(chromium) - 1);
	/* a short buffer is refused, not overrun */
	is_int(ws_head_unpack(packed, plen, out, sizeof(chromium) - 2), WS_ERR_TOO_BIG);
	ws_free(packed);

	is_int(ws_head_pack((const uint8_t *) "", 0, &packed, &plen), WS_OK);
	ok(packed == NULL && plen == 0);
	is_int(ws_head_unpacked_size(NULL, 0), 0);

	/* above the stack scratch */
	{
		size_t n = 5000;
		uint8_t *big = malloc(n), *back = malloc(n);
		memset(big, 'b', n);
		memcpy(big, "GET / HTTP/1.1\r\nCookie: ", 24);
		memcpy(big + n - 4, "\r\n\r\n", 4);
		is_int(ws_head_pack(big, n, &packed, &plen), WS_OK);
		is_int(ws_head_unpack(packed, plen, back, n), n);
		ok(memcmp(back, big, n) == 0);
		ws_free(packed);
		free(big);
		free(back);
	}
}

static void test_malformed_packed(void)
{
	uint8_t buf[512];
	size_t plen = ws_head_encode((const uint8_t *) chromium, sizeof(chromium) - 1, buf);
	int refused = 0;

	/* every truncation either unpacks to a prefix-sized output or is refused, never over-reads */
	for (size_t k = 0; k < plen; k++) {
		const uint8_t *p = guard_put(&g_packed, buf, k);
		ssize_t r = ws_head_unpacked_size(p, k);
		refused += r < 0;
		ok(r < 0 || (size_t) r < sizeof(chromium) - 1);
	}
	ok(refused > 0);
	/* unknown tags; tags without what they need (a template's holes, a Host before a same-origin Origin) */
	{
		static const uint8_t bad[][2] = {{0x48, 0}, {0x7F, 0}, {0xAF, 0}, {0xFF, 0}, {0x07, 0}, {0x08, 0}, {0x09, 0}, {0x0F, 0}};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			is_int(ws_head_unpacked_size(guard_put(&g_packed, bad[i], 1), 1), WS_ERR_PROTO);
		}
	}
	/* a varint that never ends, one that claims more than there is */
	is_int(ws_head_unpacked_size(guard_put(&g_packed, "\x01\x80\x80\x80", 4), 4), WS_ERR_PROTO);
	is_int(ws_head_unpacked_size(guard_put(&g_packed, "\x01\x05" "abc", 5), 5), WS_ERR_PROTO);
	is_int(ws_head_unpacked_size(guard_put(&g_packed, "\x04" "0123456789abcde", 16), 16), WS_ERR_PROTO);
	is_int(ws_head_unpacked_size(guard_put(&g_packed, "\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11), 11),
	       WS_ERR_PROTO);
}

/* xorshift64*: fixed seed, so a failure reproduces */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static void test_random_mutations(void)
{
	const char *seeds[] = {wsload, chromium, chromium_captured, chromium_cookie, firefox, safari, node_ws, undici,
	                       python_websockets, curl, odd_casing, duplicates, whitespace, odd_lines};
	static const char alphabet[] = "\r\n: \tGETHTP/1.0=aAzZ-+\x80\xff";
	uint8_t buf[2048];
	int failures = 0, runs = 20000;

	for (int r = 0; r < runs; r++) {
		const char *s = seeds[rnd() % (sizeof(seeds) / sizeof(seeds[0]))];
		size_t n = strlen(s), edits = 1 + rnd() % 8;

		memcpy(buf, s, n);
		for (size_t e = 0; e < edits; e++) {
			size_t at = n ? rnd() % n : 0;
			switch (rnd() % 4) {
			case 0: /* replace a byte, often with a structural one */
				if (n) {
					buf[at] = rnd() % 2 ? (uint8_t) alphabet[rnd() % (sizeof(alphabet) - 1)] : (uint8_t) rnd();
				}
				break;
			case 1: /* delete a run */
				if (n) {
					size_t k = 1 + rnd() % 8;
					k = k > n - at ? n - at : k;
					memmove(buf + at, buf + at + k, n - at - k);
					n -= k;
				}
				break;
			case 2: /* insert a byte */
				if (n < sizeof(buf) - 1) {
					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = (uint8_t) alphabet[rnd() % (sizeof(alphabet) - 1)];
					n++;
				}
				break;
			default: /* cut the end */
				n = at;
				break;
			}
		}
		failures += round_trip(buf, n) < 0;
	}
	is_int(failures, 0);
	diag("%d mutated heads round-tripped", runs);
}

int main(void)
{
	test_real_heads();
	test_templates();
	test_same_origin();
	test_odd_heads();
	test_long_values();
	test_pack_alloc();
	test_malformed_packed();
	test_random_mutations();
	guard_free(&g_in);
	guard_free(&g_packed);
	return done_testing();
}
