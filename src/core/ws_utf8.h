/*
 * ws_utf8.h: incremental UTF-8 validator (RFC 3629, Unicode table 3-7).
 *
 * State crosses calls, so a text message split across frames and reads is
 * validated as one stream. It fails fast: WS_ERR_UTF8 comes back at the first
 * byte after which no continuation could make the stream valid (overlongs,
 * surrogates U+D800..U+DFFF, code points over U+10FFFF, stray continuation
 * bytes), as RFC 6455 §8.1 and Autobahn case 6.x expect.
 */
#ifndef WS_UTF8_H
#define WS_UTF8_H

#include "core/ws_common.h"

typedef struct ws_utf8 {
	uint32_t state; /* 0: at a code point boundary */
} ws_utf8;

/* Reset to the start of a new stream. */
void ws_utf8_init(ws_utf8 *v);

/* Feed n bytes (n may be 0). Returns WS_OK while the stream is a valid prefix,
 * WS_ERR_UTF8 once it cannot be; after an error the state is undefined until
 * ws_utf8_init(). Borrows p. Has an ASCII fast path. */
int ws_utf8_feed(ws_utf8 *v, const uint8_t *p, size_t n);

/* 1 if the stream so far ends on a code point boundary (a message may end here). */
int ws_utf8_complete(const ws_utf8 *v);

/* Whole-buffer check: 1 if p[0..n) is complete valid UTF-8. */
int ws_utf8_valid(const uint8_t *p, size_t n);

#endif
