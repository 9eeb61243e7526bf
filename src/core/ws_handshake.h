/*
 * ws_handshake.h: the RFC 6455 §4 opening handshake, server side.
 *
 * Parsing is picohttpparser-style: stateless, zero-copy, called again on the
 * whole buffer each time more bytes arrive. Output slices point into the
 * caller's buffer and are valid while it is unchanged.
 */
#ifndef WS_HANDSHAKE_H
#define WS_HANDSHAKE_H

#include "core/ws_common.h"

#define WS_HS_MAX_HEADERS 128 /* fields per request; more get 431 */
#define WS_HS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define WS_HS_ACCEPT_LEN 28 /* base64 of a 20-byte SHA-1 */
#define WS_HS_ERROR_MAX 512 /* ws_handshake_response_error() output with any of its reasons */

typedef struct ws_header {
	ws_slice name;  /* as sent; compare case-insensitively */
	ws_slice value; /* leading and trailing OWS trimmed */
} ws_header;

struct ws_handshake_req {
	ws_slice method;
	ws_slice target; /* request-target as sent: origin-form or absolute-form */
	ws_slice path;   /* the resource name's path, always starting with '/' */
	ws_slice query;  /* after '?', without it; n == 0 if none */
	int http_major, http_minor;
	size_t nheaders;
	ws_header headers[WS_HS_MAX_HEADERS];
};
#ifndef WS_HANDSHAKE_REQ_TYPEDEF
# define WS_HANDSHAKE_REQ_TYPEDEF
typedef struct ws_handshake_req ws_handshake_req;
#endif

/*
 * Parse one request head from buf[0..len).
 * Returns the bytes consumed through the blank line (> 0): any bytes after
 * that are the first WebSocket frames and belong to the caller.
 * Returns 0 if the head is incomplete so far (the caller enforces its size
 * limit, HTTP 431). Returns WS_ERR_PROTO for a malformed request line or
 * header (400): bad method or target characters, a target that is neither
 * "/path?query" nor an http(s)/ws(s) absolute URI, a fragment, not HTTP/1.x, a header line
 * without ':' or with a bad name, obs-fold, control bytes in a value, bare LF.
 * Returns WS_ERR_TOO_BIG when there are more than WS_HS_MAX_HEADERS headers
 * (431). Never reads past buf[len - 1].
 */
int ws_handshake_parse(const uint8_t *buf, size_t len, ws_handshake_req *out);

/* First header named name (ASCII case-insensitive), or NULL. */
const ws_header *ws_handshake_find(const ws_handshake_req *req, const char *name);

/* 1 if the comma-separated token list `list` contains `token` (case-insensitive,
 * OWS around elements ignored). */
int ws_token_list_has(ws_slice list, const char *token);

/* What the server accepts; borrowed for the call. */
typedef struct ws_handshake_policy {
	const char *const *subprotocols; /* server's order of preference */
	size_t nsubprotocols;
	const char *const *origins; /* NULL: no Origin check; else an allowlist, see ws_origin_match() */
	size_t norigins;
	const char *path; /* NULL: any path; else the exact path (without query) */
} ws_handshake_policy;

typedef struct ws_handshake_result {
	int status;         /* 101 on success; else 400, 403, 404 or 426 */
	const char *reason; /* static text saying why (for the error body and logs) */
	int subprotocol;    /* index into policy->subprotocols, -1 for none */
	char accept[WS_HS_ACCEPT_LEN + 1]; /* Sec-WebSocket-Accept, NUL-terminated (101 only) */
} ws_handshake_result;

/*
 * Check a parsed request against RFC 6455 §4.2.1 and the policy, in this order:
 * - no Upgrade header at all: 426 (a plain HTTP request)
 * - method not GET, HTTP older than 1.1, Host missing or repeated, Upgrade
 *   not containing the "websocket" token, Connection not containing the
 *   "upgrade" token (both token lists, case-insensitive), Sec-WebSocket-Key
 *   missing, repeated or not base64 of exactly 16 bytes, Sec-WebSocket-Version
 *   missing or repeated: 400
 * - Sec-WebSocket-Version other than 13: 426 (send Sec-WebSocket-Version: 13)
 * - path not the policy's: 404
 * - policy->origins set and Origin missing, repeated or not listed: 403
 * Subprotocol: the first entry of policy->subprotocols, in server order, that
 * any Sec-WebSocket-Protocol header (there may be several) lists, compared
 * case-sensitively (browsers require the echoed name to match exactly).
 * Returns 0 for 101, WS_ERR_PROTO otherwise; res is always filled.
 */
int ws_handshake_check(const ws_handshake_req *req, const ws_handshake_policy *pol, ws_handshake_result *res);

/*
 * 1 if the Origin header value matches pattern, ASCII case-insensitively:
 * "scheme://host[:port]" exactly, or "scheme://" "*.domain[:port]" (a wildcard label), which
 * matches any host below domain (one or more labels, same scheme and port)
 * but not domain itself.
 */
int ws_origin_match(ws_slice origin, const char *pattern);

/* A Sec-WebSocket-Key: the base64 of 16 bytes, 24 characters with "==". */
#define WS_HS_KEY_RAW_LEN 16
#define WS_HS_KEY_B64_LEN 24
/* 1 if text[0..n) is the canonical base64 of exactly 16 bytes (what encoding
 * them gives back: RFC 6455 §4.2.1 item 5), which then go to raw (may be
 * NULL); else 0. Uses OpenSSL. */
int ws_handshake_key_decode(const uint8_t *text, size_t n, uint8_t *raw);
/* The 24 characters of base64(raw[0..16)) into out (no NUL). Uses OpenSSL. */
void ws_handshake_key_encode(const uint8_t *raw, uint8_t *out);

/* base64(SHA-1(key + WS_HS_GUID)) into out, NUL-terminated. Uses OpenSSL.
 * Returns 0, or WS_ERR_INVALID if the key is empty or over 256 bytes. */
int ws_handshake_accept_key(ws_slice key, char out[WS_HS_ACCEPT_LEN + 1]);

/*
 * Build the 101 response: the seed's exact header order, "HTTP/1.1 101 Switching
 * Protocols", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept",
 * then "Sec-WebSocket-Protocol" if subprotocol != NULL and "Sec-WebSocket-Extensions"
 * if extensions != NULL, then a blank line. out is NUL-terminated, so cap must
 * hold the length + 1. Returns the length written (without the NUL), or
 * WS_ERR_TOO_BIG if cap is too small (nothing useful written), or
 * WS_ERR_INVALID if accept is NULL or a value holds CR, LF or another control byte.
 */
int ws_handshake_response_101(char *out, size_t cap, const char *accept, const char *subprotocol,
                              const char *extensions);
/* The standard reason phrase of an HTTP status, or "Unknown". */
const char *ws_http_status_phrase(int status);

/* The cap ws_handshake_response_101() needs for these values (NUL included). */
size_t ws_handshake_response_101_size(const char *subprotocol, const char *extensions);

/* Build an error response: status line, "Connection: close",
 * "Content-Type: text/plain; charset=utf-8", "Content-Length", for 426 also
 * "Upgrade: websocket" and "Sec-WebSocket-Version: 13", then the reason as the body
 * followed by "\n". Any status from 200 to 599, with its standard reason phrase
 * (ws_http_status_phrase()); reason NULL uses the phrase. Returns the length
 * (out is NUL-terminated as for the 101), WS_ERR_TOO_BIG, or WS_ERR_INVALID for another status. */
int ws_handshake_response_error(char *out, size_t cap, int status, const char *reason);

#endif
