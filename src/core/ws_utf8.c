/*
 * ws_utf8.c: incremental, fail-fast UTF-8 validator.
 *
 * A small state machine over Unicode 15 table 3-7 (well-formed byte
 * sequences). The state packs what the next byte must be:
 *
 *   bits 16..17  continuation bytes still needed (0 at a boundary)
 *   bits  8..15  lowest allowed value of the next byte
 *   bits  0..7   highest allowed value of the next byte
 *
 * Only the second byte of a sequence ever has a range narrower than
 * 0x80..0xBF; that narrowing is what rejects overlongs (E0, F0), surrogates
 * (ED) and code points over U+10FFFF (F4) at the first byte that proves it.
 */
#include <string.h>

#include "core/ws_utf8.h"

#define CONT_ANY(need) (((uint32_t) (need) << 16) | (0x80u << 8) | 0xBFu)
#define STATE(need, lo, hi) (((uint32_t) (need) << 16) | ((uint32_t) (lo) << 8) | (uint32_t) (hi))
#define STATE_NEED(s) ((s) >> 16)
#define STATE_LO(s) (((s) >> 8) & 0xFFu)
#define STATE_HI(s) ((s) & 0xFFu)

#define ASCII_MASK 0x8080808080808080ull

/* Sticky error: no real state has need == 0 with a range set. */
#define STATE_FAILED STATE(0, 0xFF, 0x00)

/* The state after a lead byte b >= 0x80, or 0 if b can never start a sequence
 * (continuation bytes, C0/C1 which only make overlongs, F5..FF). */
static uint32_t lead_state(uint8_t b)
{
	if (b < 0xC2) {
		return 0;
	}
	if (b < 0xE0) {
		return CONT_ANY(1);
	}
	if (b == 0xE0) {
		return STATE(2, 0xA0, 0xBF); /* below A0 is an overlong 2-byte form */
	}
	if (b == 0xED) {
		return STATE(2, 0x80, 0x9F); /* A0..BF would be a surrogate U+D800..U+DFFF */
	}
	if (b < 0xF0) {
		return CONT_ANY(2);
	}
	if (b == 0xF0) {
		return STATE(3, 0x90, 0xBF); /* below 90 is an overlong 3-byte form */
	}
	if (b < 0xF4) {
		return CONT_ANY(3);
	}
	if (b == 0xF4) {
		return STATE(3, 0x80, 0x8F); /* 90 and up is over U+10FFFF */
	}
	return 0;
}

void ws_utf8_init(ws_utf8 *v)
{
	v->state = 0;
}

int ws_utf8_feed(ws_utf8 *v, const uint8_t *p, size_t n)
{
	uint32_t s = v->state;
	size_t i = 0;

	if (WS_UNLIKELY(s == STATE_FAILED)) {
		return WS_ERR_UTF8;
	}
	while (i < n) {
		if (s == 0) {
			/* ASCII fast path: 8 bytes at a time while at a boundary. memcpy
			 * keeps it alignment-safe; compilers turn it into one load. */
			while (n - i >= 8) {
				uint64_t w;
				memcpy(&w, p + i, 8);
				if (w & ASCII_MASK) {
					break;
				}
				i += 8;
			}
			while (i < n && p[i] < 0x80) {
				i++;
			}
			if (i == n) {
				break;
			}
			s = lead_state(p[i]);
			if (WS_UNLIKELY(s == 0)) {
				v->state = STATE_FAILED;
				return WS_ERR_UTF8;
			}
			i++;
			continue;
		}
		if (WS_UNLIKELY(p[i] < STATE_LO(s) || p[i] > STATE_HI(s))) {
			v->state = STATE_FAILED;
			return WS_ERR_UTF8;
		}
		i++;
		s = STATE_NEED(s) == 1 ? 0 : CONT_ANY(STATE_NEED(s) - 1);
	}
	v->state = s;
	return WS_OK;
}

int ws_utf8_complete(const ws_utf8 *v)
{
	return v->state == 0;
}

int ws_utf8_valid(const uint8_t *p, size_t n)
{
	ws_utf8 v;

	ws_utf8_init(&v);
	return ws_utf8_feed(&v, p, n) == WS_OK && ws_utf8_complete(&v);
}
