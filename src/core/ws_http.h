/*
 * ws_http.h: HTTP/1.1 message bodies for plain requests (RFC 9112 §6-7):
 * the framing a request declares, and an incremental chunked decoder.
 */
#ifndef WS_HTTP_H
#define WS_HTTP_H

#include "core/ws_common.h"
#include "core/ws_handshake.h"

#define WS_BODY_NONE    0
#define WS_BODY_LENGTH  1
#define WS_BODY_CHUNKED 2

/* How req frames its body: WS_BODY_NONE, WS_BODY_LENGTH (*length set) or
 * WS_BODY_CHUNKED. WS_ERR_PROTO (400) for both Transfer-Encoding and
 * Content-Length (a smuggling risk), a Content-Length that is not digits or
 * differs between repeats, or a Transfer-Encoding other than "chunked";
 * WS_ERR_TOO_BIG (413) for a Content-Length over max. */
int ws_http_body_framing(const ws_handshake_req *req, uint64_t max, uint64_t *length);

/* Chunked decoding in place: the decoded body is buf[0 .. out), written
 * over the raw bytes as they are read (it never overtakes them). */
typedef struct ws_chunked {
	uint8_t phase;  /* size line, extension, data, data CRLF, trailer */
	uint8_t cr;     /* a CR seen, LF expected */
	uint8_t digits;
	uint8_t trailer_empty;
	uint64_t left;  /* bytes left of the current chunk's data */
	size_t pos;     /* raw bytes consumed */
	size_t out;     /* decoded bytes */
} ws_chunked;

/* Feed buf[0 .. len) (len only grows between calls; st->pos and st->out
 * carry over). Returns 1 once the last chunk and the trailer are complete
 * (the message ends at st->pos), 0 if more is needed, WS_ERR_PROTO for a
 * malformed body (400), WS_ERR_TOO_BIG if the body passes max (413). */
int ws_chunked_decode(ws_chunked *st, uint8_t *buf, size_t len, uint64_t max);

#endif
