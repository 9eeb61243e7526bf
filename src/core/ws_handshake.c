/*
 * ws_handshake.c: RFC 6455 §4.2 opening handshake, server side.
 *
 * The parser is stateless and zero-copy (picohttpparser's shape): every call
 * scans buf from the start, every read is bounds-checked against len, and
 * running out of bytes anywhere returns 0. Errors depend only on the bytes
 * already seen, so a prefix that fails fails the same way once more arrives.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/ws_handshake.h"

#define KEY_MAX_LEN 256

/* RFC 9110 §5.6.2 tchar: the characters of a method or a field name. */
static int is_tchar(uint8_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
		return 1;
	}
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* A request-target byte: visible ASCII (RFC 9112 §3.2 origin-form never needs more). */
static int is_target_char(uint8_t c)
{
	return c > 0x20 && c < 0x7F;
}

/* RFC 9110 §5.5 field-vchar, SP or HTAB; obs-text is allowed, controls are not. */
static int is_value_char(uint8_t c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7F);
}

static int is_ows(uint8_t c)
{
	return c == ' ' || c == '\t';
}

static uint8_t lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t) (c + ('a' - 'A')) : c;
}

/* ASCII case-insensitive compare of a slice with a C string. */
static int slice_ieq(ws_slice s, const char *z)
{
	size_t n = strlen(z);

	if (s.n != n) {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (lower(s.p[i]) != lower((uint8_t) z[i])) {
			return 0;
		}
	}
	return 1;
}

static int slice_eq(ws_slice s, const char *z)
{
	size_t n = strlen(z);

	return s.n == n && memcmp(s.p, z, n) == 0;
}

/*
 * Expect CRLF at buf[*i]. Returns 1 and advances past it, 0 if the buffer
 * ends first, WS_ERR_PROTO for anything else (a bare LF included).
 */
static int expect_crlf(const uint8_t *buf, size_t len, size_t *i)
{
	if (*i >= len) {
		return 0;
	}
	if (buf[*i] != '\r') {
		return WS_ERR_PROTO;
	}
	if (*i + 1 >= len) {
		return 0;
	}
	if (buf[*i + 1] != '\n') {
		return WS_ERR_PROTO;
	}
	*i += 2;
	return 1;
}

/* 1 if s starts with the ASCII prefix p, ignoring case. */
static int starts_with_ci(ws_slice s, const char *p)
{
	size_t n = strlen(p);
	if (s.n < n) {
		return 0;
	}
	for (size_t k = 0; k < n; k++) {
		uint8_t a = s.p[k], b = (uint8_t) p[k];
		if (a >= 'A' && a <= 'Z') {
			a = (uint8_t) (a - 'A' + 'a');
		}
		if (a != b) {
			return 0;
		}
	}
	return 1;
}

/*
 * The resource name (RFC 6455 §4.1, §4.2.1): the origin-form "/path?query",
 * or the absolute-form "ws://host/path?query" that RFC 9112 §3.2.2 says a
 * server MUST accept (http, https, ws, wss schemes), reduced to its path and
 * query. Anything else ("*", "chat", "?x") and any fragment is a bad request.
 */
static int split_target(ws_handshake_req *out)
{
	static const char *const schemes[] = {"http://", "https://", "ws://", "wss://"};
	static const uint8_t root[] = "/";
	ws_slice rest = out->target;

	if (rest.n == 0) {
		return WS_ERR_PROTO;
	}
	if (rest.p[0] != '/') {
		size_t k, skip = 0;
		for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
			if (starts_with_ci(rest, schemes[k])) {
				skip = strlen(schemes[k]);
				break;
			}
		}
		if (!skip) {
			return WS_ERR_PROTO;
		}
		/* Skip the authority: up to the path or the query. */
		for (k = skip; k < rest.n && rest.p[k] != '/' && rest.p[k] != '?'; k++) {
		}
		if (k == skip) {
			return WS_ERR_PROTO; /* no host */
		}
		rest = WS_SLICE(rest.p + k, rest.n - k);
	}
	for (size_t k = 0; k < rest.n; k++) {
		if (rest.p[k] == '#') {
			return WS_ERR_PROTO;
		}
	}
	out->path = rest;
	out->query = WS_SLICE(rest.p + rest.n, 0);
	for (size_t k = 0; k < rest.n; k++) {
		if (rest.p[k] == '?') {
			out->path.n = k;
			out->query = WS_SLICE(rest.p + k + 1, rest.n - k - 1);
			break;
		}
	}
	if (out->path.n == 0) {
		out->path = WS_SLICE(root, 1); /* "ws://host?x" names the root */
	}
	return 0;
}

/* A non-empty run of bytes accepted by ok, then one SP, from *pos: 1 with
 * *out set and *pos past the SP, 0 if the input ends first, WS_ERR_PROTO. */
static int take_word(const uint8_t *buf, size_t len, size_t *pos, int (*ok)(uint8_t), ws_slice *out)
{
	size_t start = *pos, i = start;

	while (i < len && ok(buf[i])) {
		i++;
	}
	if (i >= len) {
		return 0;
	}
	if (i == start || buf[i] != ' ') {
		return WS_ERR_PROTO;
	}
	*out = WS_SLICE(buf + start, i - start);
	*pos = i + 1;
	return 1;
}

/* request-line = method SP request-target SP HTTP-version CRLF */
static int parse_request_line(const uint8_t *buf, size_t len, size_t *pos, ws_handshake_req *out)
{
	static const char http[] = "HTTP/1.";
	size_t i = 0;
	int r;

	if ((r = take_word(buf, len, &i, is_tchar, &out->method)) <= 0) {
		return r;
	}
	if ((r = take_word(buf, len, &i, is_target_char, &out->target)) <= 0) {
		return r;
	}

	/* "HTTP/1." DIGIT, checked byte by byte so a short prefix still waits. */
	for (size_t k = 0; k < sizeof(http) - 1; k++, i++) {
		if (i >= len) {
			return 0;
		}
		if (buf[i] != (uint8_t) http[k]) {
			return WS_ERR_PROTO;
		}
	}
	if (i >= len) {
		return 0;
	}
	if (buf[i] < '0' || buf[i] > '9') {
		return WS_ERR_PROTO;
	}
	out->http_major = 1;
	out->http_minor = buf[i] - '0';
	i++;

	if ((r = expect_crlf(buf, len, &i)) <= 0) {
		return r;
	}

	if ((r = split_target(out)) < 0) {
		return r;
	}
	*pos = i;
	return 1;
}

/*
 * field-line = field-name ":" OWS field-value OWS CRLF, starting at *pos,
 * which is known not to be CR. RFC 9112 §5.1: no whitespace before the colon;
 * §5.2: obs-fold (a line starting with SP/HTAB) is rejected outright.
 */
static int parse_header(const uint8_t *buf, size_t len, size_t *pos, ws_header *h)
{
	size_t i = *pos, start, end;
	int r;

	for (start = i; i < len && is_tchar(buf[i]); i++) {
	}
	if (i >= len) {
		return 0;
	}
	if (i == start || buf[i] != ':') {
		return WS_ERR_PROTO; /* obs-fold, bare LF, a space before ':' or a bad name byte */
	}
	h->name = WS_SLICE(buf + start, i - start);
	i++;

	while (i < len && is_ows(buf[i])) {
		i++;
	}
	start = end = i;
	for (; i < len && is_value_char(buf[i]); i++) {
		if (!is_ows(buf[i])) {
			end = i + 1;
		}
	}
	if ((r = expect_crlf(buf, len, &i)) <= 0) {
		return r; /* a control byte in the value lands here as "not CR" */
	}
	h->value = WS_SLICE(buf + start, end - start);
	*pos = i;
	return 1;
}

int ws_handshake_parse(const uint8_t *buf, size_t len, ws_handshake_req *out)
{
	size_t i = 0;
	int r;

	out->nheaders = 0;
	if ((r = parse_request_line(buf, len, &i, out)) <= 0) {
		return r;
	}
	for (;;) {
		if (i >= len) {
			return 0;
		}
		if (buf[i] == '\r') {
			if ((r = expect_crlf(buf, len, &i)) <= 0) {
				return r;
			}
			/* A head never gets near INT_MAX: callers cap it (431) far below. */
			return i > (size_t) 0x7FFFFFFF ? WS_ERR_TOO_BIG : (int) i;
		}
		if (WS_UNLIKELY(out->nheaders == WS_HS_MAX_HEADERS)) {
			return WS_ERR_TOO_BIG;
		}
		if ((r = parse_header(buf, len, &i, &out->headers[out->nheaders])) <= 0) {
			return r;
		}
		out->nheaders++;
	}
}

const ws_header *ws_handshake_find(const ws_handshake_req *req, const char *name)
{
	for (size_t k = 0; k < req->nheaders; k++) {
		if (slice_ieq(req->headers[k].name, name)) {
			return &req->headers[k];
		}
	}
	return NULL;
}

static size_t count_headers(const ws_handshake_req *req, const char *name)
{
	size_t n = 0;

	for (size_t k = 0; k < req->nheaders; k++) {
		n += slice_ieq(req->headers[k].name, name);
	}
	return n;
}

/* Calls match(element, ud) for each non-empty, OWS-trimmed list element until it returns 1. */
static int list_any(ws_slice list, int (*match)(ws_slice el, const char *ud), const char *ud)
{
	size_t i = 0;

	while (i < list.n) {
		size_t start, end;

		while (i < list.n && is_ows(list.p[i])) {
			i++;
		}
		start = i;
		while (i < list.n && list.p[i] != ',') {
			i++;
		}
		end = i;
		while (end > start && is_ows(list.p[end - 1])) {
			end--;
		}
		if (end > start && match(WS_SLICE(list.p + start, end - start), ud)) {
			return 1;
		}
		i++; /* past the ',' (or past the end, which ends the loop) */
	}
	return 0;
}

int ws_token_list_has(ws_slice list, const char *token)
{
	return list_any(list, slice_ieq, token);
}

/* 1 if any header called name has token in its list (RFC 9110 §5.3: repeats form one list). */
static int any_header_has(const ws_handshake_req *req, const char *name, const char *token,
                          int (*match)(ws_slice el, const char *ud))
{
	for (size_t k = 0; k < req->nheaders; k++) {
		if (slice_ieq(req->headers[k].name, name) && list_any(req->headers[k].value, match, token)) {
			return 1;
		}
	}
	return 0;
}

int ws_handshake_key_decode(const uint8_t *text, size_t n, uint8_t *raw)
{
	unsigned char bytes[WS_HS_KEY_B64_LEN], again[WS_HS_KEY_B64_LEN + 1];

	if (n != WS_HS_KEY_B64_LEN || text[22] != '=' || text[23] != '=') {
		return 0;
	}
	/* Only the alphabet: EVP_DecodeBlock would skip blanks around it. */
	for (size_t k = 0; k < 22; k++) {
		uint8_t c = text[k];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
			return 0;
		}
	}
	/* EVP_DecodeBlock counts the padding as zero bytes: 24 chars give 18. */
	if (EVP_DecodeBlock(bytes, text, WS_HS_KEY_B64_LEN) != 18) {
		return 0;
	}
	/* Re-encoding must give the key back: rejects nonzero bits hidden in the
	 * last character before the padding (not a base64 encoding of 16 bytes). */
	if (EVP_EncodeBlock(again, bytes, WS_HS_KEY_RAW_LEN) != WS_HS_KEY_B64_LEN ||
	    memcmp(again, text, WS_HS_KEY_B64_LEN) != 0) {
		return 0;
	}
	if (raw) {
		memcpy(raw, bytes, WS_HS_KEY_RAW_LEN);
	}
	return 1;
}

void ws_handshake_key_encode(const uint8_t *raw, uint8_t *out)
{
	unsigned char text[WS_HS_KEY_B64_LEN + 1]; /* EVP_EncodeBlock adds a NUL */

	EVP_EncodeBlock(text, raw, WS_HS_KEY_RAW_LEN);
	memcpy(out, text, WS_HS_KEY_B64_LEN);
}

static int fail(ws_handshake_result *res, int status, const char *reason)
{
	res->status = status;
	res->reason = reason;
	return WS_ERR_PROTO;
}

int ws_handshake_check(const ws_handshake_req *req, const ws_handshake_policy *pol, ws_handshake_result *res)
{
	const ws_header *key, *version;

	res->status = 0;
	res->reason = NULL;
	res->subprotocol = -1;
	res->accept[0] = '\0';

	if (!ws_handshake_find(req, "Upgrade")) {
		return fail(res, 426, "this service requires a WebSocket upgrade");
	}
	if (!slice_eq(req->method, "GET")) { /* RFC 9110 §9.1: methods are case-sensitive */
		return fail(res, 400, "method must be GET");
	}
	if (req->http_major != 1 || req->http_minor < 1) {
		return fail(res, 400, "HTTP/1.1 or later required");
	}
	if (count_headers(req, "Host") != 1) {
		return fail(res, 400, "exactly one Host header required");
	}
	if (!any_header_has(req, "Upgrade", "websocket", slice_ieq)) {
		return fail(res, 400, "Upgrade header must contain websocket");
	}
	if (!any_header_has(req, "Connection", "upgrade", slice_ieq)) {
		return fail(res, 400, "Connection header must contain Upgrade");
	}
	key = ws_handshake_find(req, "Sec-WebSocket-Key");
	if (!key || count_headers(req, "Sec-WebSocket-Key") != 1 || !ws_handshake_key_decode(key->value.p, key->value.n, NULL)) {
		return fail(res, 400, "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
	}
	version = ws_handshake_find(req, "Sec-WebSocket-Version");
	if (!version || count_headers(req, "Sec-WebSocket-Version") != 1) {
		return fail(res, 400, "exactly one Sec-WebSocket-Version header required");
	}
	if (!slice_eq(version->value, "13")) {
		return fail(res, 426, "unsupported Sec-WebSocket-Version, use 13");
	}
	if (pol->path && !slice_eq(req->path, pol->path)) {
		return fail(res, 404, "no WebSocket service at this path");
	}
	if (pol->origins) {
		const ws_header *origin = ws_handshake_find(req, "Origin");
		size_t k = 0;

		/* A repeated Origin is ambiguous: treat it as not listed. */
		if (origin && count_headers(req, "Origin") == 1) {
			for (; k < pol->norigins; k++) {
				if (ws_origin_match(origin->value, pol->origins[k])) {
					break;
				}
			}
		}
		if (!origin || count_headers(req, "Origin") != 1 || k == pol->norigins) {
			return fail(res, 403, "origin not allowed");
		}
	}

	/* Subprotocol names compare exactly: a browser fails the connection
	 * unless the echoed name is byte-for-byte one it offered. */
	for (size_t k = 0; k < pol->nsubprotocols; k++) {
		if (any_header_has(req, "Sec-WebSocket-Protocol", pol->subprotocols[k], slice_eq)) {
			res->subprotocol = (int) k;
			break;
		}
	}
	if (ws_handshake_accept_key(key->value, res->accept) != 0) {
		return fail(res, 400, "bad Sec-WebSocket-Key"); /* unreachable: the key was checked above */
	}
	res->status = 101;
	res->reason = "switching protocols";
	return 0;
}

/* ASCII case-insensitive compare of n bytes. */
static int mem_ieq(const uint8_t *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (lower(a[i]) != lower((uint8_t) b[i])) {
			return 0;
		}
	}
	return 1;
}

int ws_origin_match(ws_slice origin, const char *pattern)
{
	const char *star = strstr(pattern, "://*.");
	size_t pre, suf;
	const uint8_t *mid;
	size_t mid_len;

	if (!star) {
		return slice_ieq(origin, pattern);
	}
	pre = (size_t) (star - pattern) + 3; /* "scheme://" */
	suf = strlen(star + 4);              /* ".domain[:port]" */
	if (origin.n <= pre + suf || !mem_ieq(origin.p, pattern, pre) ||
	    !mem_ieq(origin.p + origin.n - suf, star + 4, suf)) {
		return 0;
	}
	/* What the '*' stands for: host labels, no port, path or userinfo. */
	mid = origin.p + pre;
	mid_len = origin.n - pre - suf;
	if (mid[0] == '.' || mid[mid_len - 1] == '.') {
		return 0;
	}
	for (size_t i = 0; i < mid_len; i++) {
		uint8_t c = mid[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
			return 0;
		}
	}
	return 1;
}

int ws_handshake_accept_key(ws_slice key, char out[WS_HS_ACCEPT_LEN + 1])
{
	static const char guid[] = WS_HS_GUID;
	unsigned char input[KEY_MAX_LEN + sizeof(guid) - 1];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	out[0] = '\0';
	if (key.n == 0 || key.n > KEY_MAX_LEN) {
		return WS_ERR_INVALID;
	}
	memcpy(input, key.p, key.n);
	memcpy(input + key.n, guid, sizeof(guid) - 1);
	/* RFC 6455 §4.2.2 item 5.4: base64(SHA-1(key ++ GUID)). */
	if (!EVP_Digest(input, key.n + sizeof(guid) - 1, md, &mdlen, EVP_sha1(), NULL) || mdlen != 20) {
		return WS_ERR_INVALID;
	}
	if (EVP_EncodeBlock((unsigned char *) out, md, 20) != WS_HS_ACCEPT_LEN) {
		out[0] = '\0';
		return WS_ERR_INVALID;
	}
	return 0;
}

/* 1 if s can go into a header value as is: no CR, LF or other control byte
 * that would end the line or smuggle in another header. */
static int safe_value(const char *s)
{
	for (; *s; s++) {
		if (!is_value_char((uint8_t) *s)) {
			return 0;
		}
	}
	return 1;
}

/* snprintf result check: n bytes plus the NUL must fit in cap. */
static int fits(int n, size_t cap)
{
	return n >= 0 && (size_t) n < cap;
}

int ws_handshake_response_101(char *out, size_t cap, const char *accept, const char *subprotocol,
                              const char *extensions)
{
	int n;

	if (!accept || !safe_value(accept) || (subprotocol && !safe_value(subprotocol)) ||
	    (extensions && !safe_value(extensions))) {
		return WS_ERR_INVALID;
	}
	n = snprintf(out, cap,
	             "HTTP/1.1 101 Switching Protocols\r\n"
	             "Upgrade: websocket\r\n"
	             "Connection: Upgrade\r\n"
	             "Sec-WebSocket-Accept: %s\r\n"
	             "%s%s%s"
	             "%s%s%s"
	             "\r\n",
	             accept,
	             subprotocol ? "Sec-WebSocket-Protocol: " : "", subprotocol ? subprotocol : "",
	             subprotocol ? "\r\n" : "",
	             extensions ? "Sec-WebSocket-Extensions: " : "", extensions ? extensions : "",
	             extensions ? "\r\n" : "");
	return fits(n, cap) ? n : WS_ERR_TOO_BIG;
}

#define RESPONSE_101_FIXED \
	"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \r\n\r\n"

size_t ws_handshake_response_101_size(const char *subprotocol, const char *extensions)
{
	size_t n = sizeof(RESPONSE_101_FIXED) + WS_HS_ACCEPT_LEN; /* sizeof counts the NUL */

	if (subprotocol) {
		n += sizeof("Sec-WebSocket-Protocol: \r\n") - 1 + strlen(subprotocol);
	}
	if (extensions) {
		n += sizeof("Sec-WebSocket-Extensions: \r\n") - 1 + strlen(extensions);
	}
	return n;
}

static const char *status_phrase(int status);

const char *ws_http_status_phrase(int status)
{
	switch (status) {
	case 101: return "Switching Protocols";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 418: return "I'm a teapot";
	case 422: return "Unprocessable Content";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 504: return "Gateway Timeout";
	}
	{
		const char *p = status_phrase(status);
		return p ? p : "Unknown";
	}
}

static const char *status_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 426: return "Upgrade Required";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	}
	return NULL;
}

int ws_handshake_response_error(char *out, size_t cap, int status, const char *reason)
{
	const char *phrase = ws_http_status_phrase(status);
	int n;

	if (status < 200 || status > 599) {
		return WS_ERR_INVALID;
	}
	if (!reason) {
		reason = phrase;
	}
	n = snprintf(out, cap,
	             "HTTP/1.1 %d %s\r\n"
	             "Connection: close\r\n"
	             "Content-Type: text/plain; charset=utf-8\r\n"
	             "Content-Length: %zu\r\n"
	             "%s"
	             "\r\n"
	             "%s\n",
	             status, phrase, strlen(reason) + 1,
	             status == 426 ? "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" : "",
	             reason);
	return fits(n, cap) ? n : WS_ERR_TOO_BIG;
}
