/*
 * frames.h: an independent RFC 6455 frame builder for tests (written apart
 * from ws_frame.c, so the decoder is not checked against itself).
 */
#ifndef WS_TEST_FRAMES_H
#define WS_TEST_FRAMES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t MASK[4] = {0x37, 0xfa, 0x21, 0x3d};

typedef struct stream {
	uint8_t *p;
	size_t n, cap;
} stream;

static inline void put(stream *s, const void *p, size_t n)
{
	if (s->n + n > s->cap) {
		s->cap = (s->n + n) * 2 + 64;
		s->p = realloc(s->p, s->cap);
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
}

/* b0 is FIN|RSV|opcode as sent; lenform 0 picks the shortest, else 7, 16 or 64. */
static inline void frame_raw(stream *s, uint8_t b0, const uint8_t *mask, uint64_t len, int lenform, const uint8_t *payload)
{
	uint8_t h[14];
	size_t n = 2;

	if (!lenform) {
		lenform = len < 126 ? 7 : len <= 0xffff ? 16 : 64;
	}
	h[0] = b0;
	h[1] = mask ? 0x80 : 0;
	if (lenform == 7) {
		h[1] |= (uint8_t) len;
	} else if (lenform == 16) {
		h[1] |= 126;
		h[2] = (uint8_t) (len >> 8);
		h[3] = (uint8_t) len;
		n = 4;
	} else {
		h[1] |= 127;
		for (int i = 0; i < 8; i++) {
			h[2 + i] = (uint8_t) (len >> (8 * (7 - i)));
		}
		n = 10;
	}
	if (mask) {
		memcpy(h + n, mask, 4);
		n += 4;
	}
	put(s, h, n);
	if (payload) {
		for (uint64_t i = 0; i < len; i++) {
			uint8_t c = payload[i] ^ (mask ? mask[i % 4] : 0);
			put(s, &c, 1);
		}
	}
}

static inline void frame(stream *s, int fin, uint8_t op, const void *payload, size_t len)
{
	frame_raw(s, (uint8_t) ((fin ? 0x80 : 0) | op), MASK, len, 0, payload);
}

#endif
