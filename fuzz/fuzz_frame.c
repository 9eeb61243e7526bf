/*
 * fuzz_frame.c: the frame decoder fed in chunks, checked against itself fed
 * the whole buffer at once.
 *
 * data[0]: bits 0-3 chunk size - 1, bit 4 client role (unmasked input),
 * bit 5 RSV1 allowed, bit 6 a 1000-byte frame limit, bit 7 keep_masked for the
 * chunked feeding (its chunks unmasked with ws_mask_copy at ev.pos, against
 * the whole feeding's in-place unmasking). Invariants: consumed <= chunk,
 * payload slices inside the chunk, one last chunk per frame adding up to the
 * header's length, headers obeying §5.2/§5.5, and the same frames, payload
 * bytes and error for both feedings.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ws_frame.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

typedef struct summary {
	uint64_t hash;   /* FNV-1a over headers and payload bytes, not chunking */
	size_t frames;
	int err;
} summary;

static void mix(summary *s, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s->hash = (s->hash ^ ((const uint8_t *) p)[i]) * 0x100000001b3ull;
	}
}

static void run(const uint8_t *src, size_t len, size_t step, uint8_t cfg, int keep, summary *s)
{
	ws_frame_decoder d;
	uint8_t *buf = malloc(len ? len : 1);
	size_t off = 0;
	uint64_t got = 0, want = 0;
	int in_frame = 0;
	uint64_t max = (cfg & 0x40) ? 1000 : 0;

	memcpy(buf, src, len);
	memset(s, 0, sizeof(*s));
	s->hash = 0xcbf29ce484222325ull;
	ws_frame_decoder_init(&d, (cfg & 0x10) ? WS_ROLE_CLIENT : WS_ROLE_SERVER, max);
	d.allowed_rsv = (cfg & 0x20) ? WS_RSV1 : 0;
	d.keep_masked = (uint8_t) keep;

	while (off <= len && !s->err) {
		size_t n = len - off < step ? len - off : step, used = 0;
		uint8_t *chunk = buf + off;

		for (int spins = 0;; spins++) {
			ws_frame_event ev;
			ssize_t r;

			CHECK(spins < 100000);
			r = ws_frame_decode(&d, chunk + used, n - used, &ev);
			if (r < 0) {
				CHECK(r == WS_ERR_PROTO || r == WS_ERR_TOO_BIG);
				CHECK(d.error != NULL);
				s->err = (int) r;
				break;
			}
			CHECK((size_t) r <= n - used);
			if (ev.kind == WS_EV_NONE) {
				CHECK(used + (size_t) r == n);
				break;
			}
			if (ev.kind == WS_EV_HEADER) {
				uint8_t h[4] = {ev.opcode, ev.fin, ev.rsv, 0};
				CHECK(!in_frame);
				CHECK(ev.opcode <= 2 || (ev.opcode >= 8 && ev.opcode <= 10));
				CHECK(!WS_IS_CONTROL(ev.opcode) || (ev.fin && ev.length <= WS_MAX_CONTROL_PAYLOAD));
				CHECK((ev.rsv & ~d.allowed_rsv) == 0);
				CHECK(ev.length >> 63 == 0 && (!max || ev.length <= max));
				mix(s, h, sizeof(h));
				mix(s, &ev.length, sizeof(ev.length));
				s->frames++;
				in_frame = 1;
				got = 0;
				want = ev.length;
			} else {
				CHECK(in_frame);
				CHECK(ev.data.n == (size_t) r);
				CHECK(ev.data.n == 0 || (ev.data.p == chunk + used));
				CHECK(ev.pos == got);
				got += ev.data.n;
				CHECK(got <= want);
				if (ev.mask) {
					uint8_t *plain = malloc(ev.data.n ? ev.data.n : 1);
					CHECK(keep && plain);
					ws_mask_copy(plain, ev.data.p, ev.data.n, ev.mask, ev.pos);
					mix(s, plain, ev.data.n);
					free(plain);
				} else {
					mix(s, ev.data.p, ev.data.n);
				}
				if (ev.last) {
					CHECK(got == want);
					in_frame = 0;
				}
			}
			used += (size_t) r;
		}
		if (off == len) {
			break;
		}
		off += n;
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	summary a, b;

	if (size < 1) {
		return 0;
	}
	run(data + 1, size - 1, (size_t) (data[0] & 15) + 1, data[0], data[0] >> 7, &a);
	run(data + 1, size - 1, size, data[0], 0, &b);
	CHECK(a.err == b.err && a.frames == b.frames && a.hash == b.hash);
	return 0;
}
