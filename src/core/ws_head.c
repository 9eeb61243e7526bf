/*
 * ws_head.c: the packed request head (format in ws_head.h).
 *
 * Packing goes line by line: the request line, the empty line, a line of the
 * lines[] table, a Sec-WebSocket-Key with a canonical key, a value that fits
 * one of templates[], a names[] header, else the line as it is. One pass over
 * the input; per line a memchr for its end and its colon, and a memchr over
 * the table's name lengths (one cache line) for candidates: a 507-byte
 * Chromium head packs to 100 bytes in about 0.35 µs.
 * Unpacking is a walk over the items; the size query is the same walk
 * without the copies.
 */
#include <limits.h>
#include <string.h>

#include "core/ws_handshake.h"
#include "core/ws_head.h"

enum {
	T_RAW = 0x00,
	T_LINE = 0x01,
	T_CRLF = 0x02,
	T_GET = 0x03,
	T_KEY = 0x04,
	T_KEY_LC = 0x05,
	T_GET_ROOT = 0x06,         /* "GET / HTTP/1.1" */
	T_ORIGIN_HOST_HTTPS = 0x07, /* "Origin: https://" + the last Host value */
	T_ORIGIN_HOST_HTTP = 0x08,  /* "Origin: http://" + the last Host value */
	T_TEMPLATE = 0x09,          /* + templates[] index, below T_NAME */
	T_NAME = 0x10, /* + names[] index, below 0x80 */
	T_WHOLE = 0x80 /* + lines[] index */
};

/* names[]: each as browsers and libraries send it, then all lower case (the
 * name at 2i, its lower-case form at 2i + 1). */
#define WS_HEAD_NAME_LIST(X) \
	X(HOST, "Host", "host") \
	X(UPGRADE, "Upgrade", "upgrade") \
	X(CONNECTION, "Connection", "connection") \
	X(KEY, "Sec-WebSocket-Key", "sec-websocket-key") \
	X(VERSION, "Sec-WebSocket-Version", "sec-websocket-version") \
	X(EXTENSIONS, "Sec-WebSocket-Extensions", "sec-websocket-extensions") \
	X(PROTOCOL, "Sec-WebSocket-Protocol", "sec-websocket-protocol") \
	X(ORIGIN, "Origin", "origin") \
	X(USER_AGENT, "User-Agent", "user-agent") \
	X(COOKIE, "Cookie", "cookie") \
	X(ACCEPT_LANGUAGE, "Accept-Language", "accept-language") \
	X(ACCEPT_ENCODING, "Accept-Encoding", "accept-encoding") \
	X(PRAGMA, "Pragma", "pragma") \
	X(CACHE_CONTROL, "Cache-Control", "cache-control") \
	X(ACCEPT, "Accept", "accept") \
	X(FETCH_DEST, "Sec-Fetch-Dest", "sec-fetch-dest") \
	X(FETCH_MODE, "Sec-Fetch-Mode", "sec-fetch-mode") \
	X(FETCH_SITE, "Sec-Fetch-Site", "sec-fetch-site") \
	X(AUTHORIZATION, "Authorization", "authorization") \
	X(X_FORWARDED_FOR, "X-Forwarded-For", "x-forwarded-for") \
	X(X_FORWARDED_PROTO, "X-Forwarded-Proto", "x-forwarded-proto") \
	X(X_FORWARDED_HOST, "X-Forwarded-Host", "x-forwarded-host") \
	X(X_REAL_IP, "X-Real-IP", "x-real-ip") \
	X(FORWARDED, "Forwarded", "forwarded") \
	X(REFERER, "Referer", "referer") \
	X(DNT, "DNT", "dnt") \
	X(SEC_GPC, "Sec-GPC", "sec-gpc") \
	X(PRIORITY, "Priority", "priority")

#define NAME_ENUM(id, name, lc) N_##id, N_##id##_LC,
enum { WS_HEAD_NAME_LIST(NAME_ENUM) N_COUNT };

typedef struct head_str {
	const char *s;
	uint8_t n;
} head_str;

#define S(lit) {lit, sizeof(lit) - 1}
#define NAME_ENTRY(id, name, lc) S(name), S(lc),
#define NAME_LEN(id, name, lc) sizeof(name) - 1, sizeof(lc) - 1,
static const head_str names[] = {WS_HEAD_NAME_LIST(NAME_ENTRY)};
/* the lengths again, packed: a line's name is looked for with memchr() */
static const uint8_t name_lens[] = {WS_HEAD_NAME_LIST(NAME_LEN)};

/* lines[]: whole common lines, as (names[] index, value). */
#define WS_HEAD_LINE_LIST(X) \
	X(N_UPGRADE, "websocket") \
	X(N_UPGRADE_LC, "websocket") \
	X(N_UPGRADE, "WebSocket") \
	X(N_CONNECTION, "Upgrade") \
	X(N_CONNECTION, "upgrade") \
	X(N_CONNECTION_LC, "upgrade") \
	X(N_CONNECTION_LC, "Upgrade") \
	X(N_CONNECTION, "keep-alive, Upgrade") \
	X(N_CONNECTION, "Keep-Alive, Upgrade") \
	X(N_VERSION, "13") \
	X(N_VERSION_LC, "13") \
	X(N_EXTENSIONS, "permessage-deflate; client_max_window_bits") \
	X(N_EXTENSIONS_LC, "permessage-deflate; client_max_window_bits") \
	X(N_EXTENSIONS, "permessage-deflate") \
	X(N_EXTENSIONS_LC, "permessage-deflate") \
	X(N_PRAGMA, "no-cache") \
	X(N_PRAGMA_LC, "no-cache") \
	X(N_CACHE_CONTROL, "no-cache") \
	X(N_CACHE_CONTROL_LC, "no-cache") \
	X(N_ACCEPT, "*/*") \
	X(N_ACCEPT_LC, "*/*") \
	X(N_ACCEPT_ENCODING, "gzip, deflate, br, zstd") \
	X(N_ACCEPT_ENCODING, "gzip, deflate, br") \
	X(N_ACCEPT_ENCODING, "gzip, deflate") \
	X(N_ACCEPT_ENCODING_LC, "gzip, deflate") \
	X(N_ACCEPT_ENCODING_LC, "gzip, deflate, br") \
	X(N_ACCEPT_LANGUAGE, "en-US,en;q=0.9") \
	X(N_ACCEPT_LANGUAGE, "en-US,en;q=0.5") \
	X(N_ACCEPT_LANGUAGE, "en-US,en") \
	X(N_ACCEPT_LANGUAGE_LC, "*") \
	X(N_FETCH_DEST, "websocket") \
	X(N_FETCH_DEST, "empty") \
	X(N_FETCH_DEST_LC, "websocket") \
	X(N_FETCH_MODE, "websocket") \
	X(N_FETCH_MODE_LC, "websocket") \
	X(N_FETCH_SITE, "same-origin") \
	X(N_FETCH_SITE, "same-site") \
	X(N_FETCH_SITE, "cross-site") \
	X(N_FETCH_SITE, "none") \
	X(N_USER_AGENT, "node") \
	X(N_USER_AGENT_LC, "node") \
	X(N_DNT, "1") \
	X(N_SEC_GPC, "1") \
	X(N_X_FORWARDED_PROTO, "https") \
	X(N_X_FORWARDED_PROTO, "http") \
	X(N_X_FORWARDED_PROTO_LC, "https") \
	X(N_X_FORWARDED_PROTO_LC, "http")

#define LINE_NAME(name, value) name,
#define LINE_VALUE(name, value) S(value),
static const uint8_t line_names[] = {WS_HEAD_LINE_LIST(LINE_NAME)};
static const head_str line_values[] = {WS_HEAD_LINE_LIST(LINE_VALUE)};

#define NLINES sizeof(line_names)

#define HTTPS "https://"
#define HTTP "http://"

/* templates[]: values made of fixed fragments with holes between them, the
 * first fragment a prefix and the last a suffix (often ""). A browser's
 * User-Agent is mostly fixed text around its platform and version. */
#define MAX_FRAGS 4
typedef struct head_template {
	uint8_t name;  /* names[] index */
	uint8_t nfrag; /* holes: nfrag - 1 */
	head_str frag[MAX_FRAGS];
} head_template;

static const head_template templates[] = {
	/* Chrome, Edge, Opera, Brave, Chrome on Android */
	{N_USER_AGENT, 4, {S("Mozilla/5.0 ("), S(") AppleWebKit/537.36 (KHTML, like Gecko) "), S(" Safari/537.36"), S("")}},
	/* Safari on macOS */
	{N_USER_AGENT, 4, {S("Mozilla/5.0 ("), S(") AppleWebKit/605.1.15 (KHTML, like Gecko) "), S(" Safari/605.1.15"), S("")}},
	/* Safari on iOS, WebKit */
	{N_USER_AGENT, 3, {S("Mozilla/5.0 ("), S(") AppleWebKit/605.1.15 (KHTML, like Gecko) "), S("")}},
	/* Firefox on the desktop */
	{N_USER_AGENT, 4, {S("Mozilla/5.0 ("), S("; rv:"), S(") Gecko/20100101 Firefox/"), S("")}},
	{N_USER_AGENT, 2, {S("Mozilla/5.0 ("), S("")}},
	{N_ORIGIN, 2, {S(HTTPS), S("")}},
	{N_ORIGIN, 2, {S(HTTP), S("")}},
};

#define NTEMPLATES (sizeof(templates) / sizeof(templates[0]))

#define REQ_PREFIX "GET "
#define REQ_SUFFIX " HTTP/1.1"
#define KEY_RAW WS_HS_KEY_RAW_LEN
#define KEY_B64 WS_HS_KEY_B64_LEN

_Static_assert(T_TEMPLATE + NTEMPLATES <= T_NAME, "templates[] overflows its tag range");
_Static_assert(T_NAME + N_COUNT <= T_WHOLE, "names[] overflows its tag range");
_Static_assert(T_WHOLE + NLINES <= 256, "lines[] overflows its tag range");

static uint8_t *put_varint(uint8_t *o, size_t n)
{
	while (n >= 0x80) {
		*o++ = (uint8_t) (n | 0x80);
		n >>= 7;
	}
	*o++ = (uint8_t) n;
	return o;
}

static uint8_t *put_bytes(uint8_t *o, uint8_t tag, const uint8_t *p, size_t n)
{
	*o++ = tag;
	o = put_varint(o, n);
	memcpy(o, p, n);
	return o + n;
}

static int find_name(const uint8_t *p, size_t n)
{
	const uint8_t *at = name_lens, *end = name_lens + N_COUNT;

	if (n > UINT8_MAX) {
		return -1;
	}
	while ((at = memchr(at, (int) n, (size_t) (end - at)))) {
		int i = (int) (at - name_lens);
		if (p[0] == (uint8_t) names[i].s[0] && memcmp(p, names[i].s, n) == 0) {
			return i;
		}
		at++;
	}
	return -1;
}

/* The lines[] index of names[i] ": " v, or -1. */
static int find_line(int i, const uint8_t *v, size_t n)
{
	const uint8_t *at = line_names, *end = line_names + NLINES;

	while ((at = memchr(at, i, (size_t) (end - at)))) {
		const head_str *value = &line_values[at - line_names];
		if (value->n == n && memcmp(v, value->s, n) == 0) {
			return (int) (at - line_names);
		}
		at++;
	}
	return -1;
}

static size_t varint_len(size_t n)
{
	size_t k = 1;

	while (n >= 0x80) {
		n >>= 7;
		k++;
	}
	return k;
}

/* The first f[0..fn) in p[0..n), or NULL: memchr for its first byte, then a
 * compare (the fragments are short and start with a rare byte: faster here
 * than memmem(), whose setup costs more than the search). */
static const uint8_t *find(const uint8_t *p, size_t n, const char *f, size_t fn)
{
	const uint8_t *end = p + n;

	while (fn && (size_t) (end - p) >= fn && (p = memchr(p, f[0], (size_t) (end - p) - fn + 1))) {
		if (memcmp(p, f, fn) == 0) {
			return p;
		}
		p++;
	}
	return NULL;
}

/* The first of templates[] for names[i] that v[0..n) fits and that packs it
 * smaller than best bytes; its holes go to holes[]. Returns its index, or -1. */
static int find_template(int i, const uint8_t *v, size_t n, size_t best, ws_slice *holes)
{
	for (size_t t = 0; t < NTEMPLATES; t++) {
		const head_template *tp = &templates[t];
		const head_str *first = &tp->frag[0], *last = &tp->frag[tp->nfrag - 1];
		size_t at, end, size = 1;
		int k;

		if (tp->name != i || n < (size_t) first->n + last->n || memcmp(v, first->s, first->n) != 0 ||
		    memcmp(v + n - last->n, last->s, last->n) != 0) {
			continue;
		}
		at = first->n;
		end = n - last->n;
		for (k = 1; k < tp->nfrag - 1; k++) {
			const uint8_t *f = find(v + at, end - at, tp->frag[k].s, tp->frag[k].n);
			if (!f) {
				break;
			}
			holes[k - 1] = WS_SLICE(v + at, (size_t) (f - (v + at)));
			at = (size_t) (f - v) + tp->frag[k].n;
		}
		if (k < tp->nfrag - 1 || at > end) {
			continue;
		}
		holes[k - 1] = WS_SLICE(v + at, end - at);
		for (k = 0; k < tp->nfrag - 1; k++) {
			size += varint_len(holes[k].n) + holes[k].n;
		}
		if (size < best) {
			return (int) t;
		}
	}
	return -1;
}

/* 1 if v[0..n) is scheme followed by host. */
static int is_origin_of(const uint8_t *v, size_t n, const char *scheme, size_t sn, ws_slice host)
{
	return host.p && n == sn + host.n && memcmp(v, scheme, sn) == 0 && memcmp(v + sn, host.p, host.n) == 0;
}

/* One line without its CRLF; *host is the value of the last Host item. */
static uint8_t *pack_line(uint8_t *o, const uint8_t *p, size_t n, ws_slice *host)
{
	const uint8_t *colon;

	if (n == 0) {
		*o++ = T_CRLF;
		return o;
	}
	if (n >= sizeof(REQ_PREFIX REQ_SUFFIX) - 1 && memcmp(p, REQ_PREFIX, sizeof(REQ_PREFIX) - 1) == 0 &&
	    memcmp(p + n - (sizeof(REQ_SUFFIX) - 1), REQ_SUFFIX, sizeof(REQ_SUFFIX) - 1) == 0) {
		size_t tn = n - (sizeof(REQ_PREFIX REQ_SUFFIX) - 1);
		if (tn == 1 && p[sizeof(REQ_PREFIX) - 1] == '/') {
			*o++ = T_GET_ROOT;
			return o;
		}
		return put_bytes(o, T_GET, p + sizeof(REQ_PREFIX) - 1, tn);
	}
	colon = memchr(p, ':', n);
	if (colon && colon > p && (size_t) (colon - p) + 1 < n && colon[1] == ' ') {
		size_t nlen = (size_t) (colon - p), vlen = n - nlen - 2;
		const uint8_t *v = colon + 2;
		int i = find_name(p, nlen);

		if (i >= 0) {
			int j = find_line(i, v, vlen);
			if (j >= 0) {
				*o++ = (uint8_t) (T_WHOLE + j);
				return o;
			}
			if ((i == N_KEY || i == N_KEY_LC) && ws_handshake_key_decode(v, vlen, o + 1)) {
				*o = i == N_KEY ? T_KEY : T_KEY_LC;
				return o + 1 + KEY_RAW;
			}
			if (i == N_ORIGIN && host->p) {
				/* same origin: the Host value behind a scheme */
				if (is_origin_of(v, vlen, HTTPS, sizeof(HTTPS) - 1, *host)) {
					*o++ = T_ORIGIN_HOST_HTTPS;
					return o;
				}
				if (is_origin_of(v, vlen, HTTP, sizeof(HTTP) - 1, *host)) {
					*o++ = T_ORIGIN_HOST_HTTP;
					return o;
				}
			}
			if (i == N_USER_AGENT || i == N_ORIGIN) {
				ws_slice holes[MAX_FRAGS - 1];
				int t = find_template(i, v, vlen, 1 + varint_len(vlen) + vlen, holes);
				if (t >= 0) {
					*o++ = (uint8_t) (T_TEMPLATE + t);
					for (int k = 0; k < templates[t].nfrag - 1; k++) {
						o = put_varint(o, holes[k].n);
						memcpy(o, holes[k].p, holes[k].n);
						o += holes[k].n;
					}
					return o;
				}
			}
			if (i == N_HOST) {
				*host = WS_SLICE(v, vlen);
			}
			return put_bytes(o, (uint8_t) (T_NAME + i), v, vlen);
		}
	}
	return put_bytes(o, T_LINE, p, n);
}

size_t ws_head_encode(const uint8_t *in, size_t len, uint8_t *out)
{
	const uint8_t *p = in, *end = in + len;
	uint8_t *o = out;
	ws_slice host = {NULL, 0};

	while (p < end) {
		const uint8_t *cr = p;

		/* the next CRLF: a bare CR or LF is part of its line */
		while ((cr = memchr(cr, '\r', (size_t) (end - cr))) && (cr + 1 == end || cr[1] != '\n')) {
			cr++;
		}
		if (!cr) {
			o = put_bytes(o, T_RAW, p, (size_t) (end - p));
			break;
		}
		o = pack_line(o, p, (size_t) (cr - p), &host);
		p = cr + 2;
	}
	return (size_t) (o - out);
}

int ws_head_pack(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	uint8_t stack[1024], *scratch = stack, *block;
	size_t bound = ws_head_pack_bound(len), n;

	*out = NULL;
	*out_len = 0;
	if (len == 0) {
		return WS_OK;
	}
	if (bound > sizeof(stack) && !(scratch = ws_malloc(bound))) {
		return WS_ERR_NOMEM;
	}
	n = ws_head_encode(in, len, scratch);
	if (scratch != stack) {
		/* shrinks in place or moves: either way an exact-size block */
		if (!(block = ws_realloc(scratch, n))) {
			ws_free(scratch);
			return WS_ERR_NOMEM;
		}
	} else if ((block = ws_malloc(n))) {
		memcpy(block, stack, n);
	} else {
		return WS_ERR_NOMEM;
	}
	*out = block;
	*out_len = n;
	return WS_OK;
}

static int get_varint(const uint8_t **pp, const uint8_t *end, size_t *n)
{
	const uint8_t *p = *pp;
	size_t v = 0;

	for (unsigned shift = 0; p < end && shift < sizeof(size_t) * 8; shift += 7) {
		uint8_t b = *p++;
		v |= (size_t) (b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*pp = p;
			*n = v;
			return 1;
		}
	}
	return 0;
}

/* Appends n bytes (or only counts them when out is NULL). */
#define EMIT(src, len) \
	do { \
		size_t n_ = (len); \
		if (out) { \
			if (n_ > cap - total) { \
				return WS_ERR_TOO_BIG; \
			} \
			memcpy(out + total, (src), n_); \
		} \
		total += n_; \
	} while (0)

static ssize_t walk(const uint8_t *p, size_t n, uint8_t *out, size_t cap)
{
	const uint8_t *end, *host = NULL; /* the value of the last Host item */
	size_t total = 0, len, host_n = 0;

	if (n == 0) {
		return 0; /* p may be NULL */
	}
	for (end = p + n; p < end;) {
		uint8_t tag = *p++;

		if (tag >= T_WHOLE) {
			const head_str *name, *value;
			if (tag - T_WHOLE >= (int) NLINES) {
				return WS_ERR_PROTO;
			}
			name = &names[line_names[tag - T_WHOLE]];
			value = &line_values[tag - T_WHOLE];
			EMIT(name->s, name->n);
			EMIT(": ", 2);
			EMIT(value->s, value->n);
			EMIT("\r\n", 2);
			continue;
		}
		if (tag == T_CRLF) {
			EMIT("\r\n", 2);
			continue;
		}
		if (tag == T_KEY || tag == T_KEY_LC) {
			uint8_t v[KEY_B64];
			const head_str *name = &names[tag == T_KEY ? N_KEY : N_KEY_LC];
			if ((size_t) (end - p) < KEY_RAW) {
				return WS_ERR_PROTO;
			}
			if (out) {
				ws_handshake_key_encode(p, v);
			}
			p += KEY_RAW;
			EMIT(name->s, name->n);
			EMIT(": ", 2);
			EMIT(v, KEY_B64);
			EMIT("\r\n", 2);
			continue;
		}
		if (tag == T_GET_ROOT) {
			EMIT(REQ_PREFIX "/" REQ_SUFFIX "\r\n", sizeof(REQ_PREFIX "/" REQ_SUFFIX "\r\n") - 1);
			continue;
		}
		if (tag == T_ORIGIN_HOST_HTTPS || tag == T_ORIGIN_HOST_HTTP) {
			if (!host) {
				return WS_ERR_PROTO;
			}
			EMIT(names[N_ORIGIN].s, names[N_ORIGIN].n);
			EMIT(": ", 2);
			if (tag == T_ORIGIN_HOST_HTTPS) {
				EMIT(HTTPS, sizeof(HTTPS) - 1);
			} else {
				EMIT(HTTP, sizeof(HTTP) - 1);
			}
			EMIT(host, host_n);
			EMIT("\r\n", 2);
			continue;
		}
		if (tag >= T_TEMPLATE && tag < T_NAME) {
			const head_template *tp;
			if (tag - T_TEMPLATE >= (int) NTEMPLATES) {
				return WS_ERR_PROTO;
			}
			tp = &templates[tag - T_TEMPLATE];
			EMIT(names[tp->name].s, names[tp->name].n);
			EMIT(": ", 2);
			EMIT(tp->frag[0].s, tp->frag[0].n);
			for (int k = 1; k < tp->nfrag; k++) {
				if (!get_varint(&p, end, &len) || len > (size_t) (end - p)) {
					return WS_ERR_PROTO;
				}
				EMIT(p, len);
				p += len;
				EMIT(tp->frag[k].s, tp->frag[k].n);
			}
			EMIT("\r\n", 2);
			continue;
		}
		if (tag - T_NAME >= N_COUNT) {
			return WS_ERR_PROTO;
		}
		if (!get_varint(&p, end, &len) || len > (size_t) (end - p)) {
			return WS_ERR_PROTO;
		}
		if (tag == T_GET) {
			EMIT(REQ_PREFIX, sizeof(REQ_PREFIX) - 1);
		} else if (tag >= T_NAME) {
			EMIT(names[tag - T_NAME].s, names[tag - T_NAME].n);
			EMIT(": ", 2);
			if (tag == T_NAME + N_HOST) {
				host = p;
				host_n = len;
			}
		}
		EMIT(p, len);
		p += len;
		if (tag == T_GET) {
			EMIT(REQ_SUFFIX "\r\n", sizeof(REQ_SUFFIX "\r\n") - 1);
		} else if (tag != T_RAW) {
			EMIT("\r\n", 2);
		}
	}
	if (total > (size_t) SSIZE_MAX) {
		return WS_ERR_TOO_BIG;
	}
	return (ssize_t) total;
}

ssize_t ws_head_unpacked_size(const uint8_t *packed, size_t n)
{
	return walk(packed, n, NULL, 0);
}

ssize_t ws_head_unpack(const uint8_t *packed, size_t n, uint8_t *out, size_t cap)
{
	if (!out) {
		return WS_ERR_INVALID;
	}
	return walk(packed, n, out, cap);
}
