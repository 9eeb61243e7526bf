/*
 * fuzz_proto.c: the sans-I/O protocol machine fed arbitrary chunks, checked
 * against itself fed the whole buffer.
 *
 * data[0]: bits 0-4 chunk size - 1, bit 5 client role (unmasked input),
 * bit 6 a 200-byte message limit. Invariants: consumed <= chunk; text
 * messages and close reasons are valid UTF-8; close codes are valid (or 1005
 * with no reason); control payloads <= 125 bytes; messages within the limit;
 * the event sequence and final error do not depend on the chunking.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ws_proto.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

typedef struct summary {
	uint64_t hash;
	size_t events;
	int err;
} summary;

static void mix(summary *s, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s->hash = (s->hash ^ ((const uint8_t *) p)[i]) * 0x100000001b3ull;
	}
}

static void check_event(const ws_proto *p, const ws_proto_event *ev, size_t max)
{
	switch (ev->kind) {
	case WS_PEV_MESSAGE:
		CHECK(ev->opcode == WS_OP_TEXT || ev->opcode == WS_OP_BINARY);
		CHECK(ev->data.n <= max);
		CHECK(ev->opcode != WS_OP_TEXT || ws_utf8_valid(ev->data.p, ev->data.n));
		break;
	case WS_PEV_PING:
	case WS_PEV_PONG:
		CHECK(ev->data.n <= WS_MAX_CONTROL_PAYLOAD);
		break;
	case WS_PEV_CLOSE:
		CHECK(ev->data.n <= WS_MAX_CONTROL_PAYLOAD - 2);
		CHECK(ev->code == 1005 ? ev->data.n == 0 : ws_close_code_valid(ev->code));
		CHECK(ws_utf8_valid(ev->data.p, ev->data.n));
		break;
	default:
		CHECK(0);
	}
	(void) p;
}

static void run(const uint8_t *src, size_t len, size_t step, uint8_t cfg, summary *s)
{
	ws_proto p;
	uint8_t *buf = malloc(len ? len : 1);
	size_t off = 0, max = (cfg & 0x40) ? 200 : 0;

	memcpy(buf, src, len);
	memset(s, 0, sizeof(*s));
	s->hash = 0xcbf29ce484222325ull;
	ws_proto_init(&p, (cfg & 0x20) ? WS_ROLE_CLIENT : WS_ROLE_SERVER, max);

	while (!s->err) {
		size_t n = len - off < step ? len - off : step, used = 0;

		for (int spins = 0;; spins++) {
			ws_proto_event ev;
			ssize_t r;

			CHECK(spins < 100000);
			r = ws_proto_feed(&p, buf + off + used, n - used, &ev);
			if (r < 0) {
				CHECK(r == WS_ERR_PROTO || r == WS_ERR_UTF8 || r == WS_ERR_TOO_BIG);
				CHECK(p.error != NULL);
				s->err = (int) r;
				break;
			}
			CHECK((size_t) r <= n - used);
			used += (size_t) r;
			if (ev.kind == WS_PEV_NONE) {
				CHECK(used == n);
				break;
			}
			check_event(&p, &ev, max ? max : SIZE_MAX);
			{
				uint8_t h[3] = {(uint8_t) ev.kind, ev.kind == WS_PEV_MESSAGE ? ev.opcode : 0, 0};
				uint16_t code = ev.kind == WS_PEV_CLOSE ? ev.code : 0;
				mix(s, h, sizeof(h));
				mix(s, &code, sizeof(code));
				mix(s, &ev.data.n, sizeof(ev.data.n));
				mix(s, ev.data.p, ev.data.n);
			}
			s->events++;
		}
		if (off + n >= len) {
			break;
		}
		off += n;
	}
	ws_proto_free(&p);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	summary a, b;

	if (size < 1) {
		return 0;
	}
	run(data + 1, size - 1, (size_t) (data[0] & 31) + 1, data[0], &a);
	run(data + 1, size - 1, size, data[0], &b);
	CHECK(a.err == b.err && a.events == b.events && a.hash == b.hash);
	return 0;
}
