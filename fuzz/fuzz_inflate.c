/*
 * fuzz_inflate.c: compressed messages (RFC 7692) through ws_proto, with caps.
 *
 * data[0]: bit 0 client context takeover, bit 1 text (else binary), bits 2-4
 * the frame size (1 << (bits + 4)), bits 5-7 the chunk size fed at once;
 * data[1]: the message limit in KiB + 1. The rest is the compressed payload,
 * sent as one message of masked frames, RSV1 on the first, then again as a
 * second message. Invariants: never a crash; a message never longer than the
 * limit; the budget never charged past limit + the inflater's own memory;
 * text valid UTF-8; errors only the documented ones; nothing charged after
 * ws_proto_free().
 */
#include <stdlib.h>
#include <string.h>

#include "core/ws_proto.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static const uint8_t MASK[4] = {0x11, 0x22, 0x33, 0x44};

static size_t frame(uint8_t *out, uint8_t b0, const uint8_t *p, size_t n)
{
	size_t h = 2;
	out[0] = b0;
	if (n < 126) {
		out[1] = (uint8_t) (0x80 | n);
	} else {
		out[1] = 0x80 | 126;
		out[2] = (uint8_t) (n >> 8);
		out[3] = (uint8_t) n;
		h = 4;
	}
	memcpy(out + h, MASK, 4);
	h += 4;
	for (size_t i = 0; i < n; i++) {
		out[h + i] = p[i] ^ MASK[i & 3];
	}
	return h + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ws_pmd_params params;
	ws_pmd_ctx ctx;
	ws_pmd_config cfg;
	ws_budget_root budget;
	ws_proto p;
	size_t max, fsize, step, zn, n = 0, off = 0;
	const uint8_t *z;
	uint8_t *wire;
	int err = 0;

	if (size < 2 || size > 65536) {
		return 0;
	}
	max = ((size_t) data[1] + 1) * 1024;
	fsize = (size_t) 1 << (((data[0] >> 2) & 7) + 4);
	step = (size_t) 1 << (((data[0] >> 5) & 7) * 2);
	z = data + 2;
	zn = size - 2;
	wire = malloc(2 * (zn + (zn / fsize + 2) * 8) + 16);
	for (int m = 0; m < 2; m++) {
		size_t at = 0;
		do {
			size_t k = zn - at < fsize ? zn - at : fsize;
			int fin = at + k == zn;
			uint8_t b0 = (uint8_t) ((fin ? 0x80 : 0) | (at == 0 ? (0x40 | ((data[0] & 2) ? 1 : 2)) : 0));
			n += frame(wire + n, b0, z + at, k);
			at += k;
		} while (at < zn);
	}
	memset(&params, 0, sizeof(params));
	params.enabled = 1;
	params.server_no_context_takeover = 1;
	params.client_no_context_takeover = !(data[0] & 1);
	params.server_max_window_bits = params.client_max_window_bits = 15;
	ws_pmd_config_defaults(&cfg);
	ws_pmd_ctx_init(&ctx, &cfg);
	memset(&budget, 0, sizeof(budget));
	ws_proto_init(&p, WS_ROLE_SERVER, max);
	p.budget = &budget.node;
	ws_proto_set_deflate(&p, &params, &ctx);
	while (off < n && !err) {
		size_t chunk = n - off < step ? n - off : step, used = 0;
		for (int spins = 0; spins < 100000; spins++) {
			ws_proto_event ev;
			ssize_t r = ws_proto_feed(&p, wire + off + used, chunk - used, &ev);
			CHECK(budget.node.used <= max + 16 + 1 + 4096 + ws_inflater_memory(p.inf) || budget.node.used <= 2 * 4096 + 64);
			if (r < 0) {
				CHECK(r == WS_ERR_PROTO || r == WS_ERR_UTF8 || r == WS_ERR_TOO_BIG);
				CHECK(p.error != NULL);
				err = 1;
				break;
			}
			used += (size_t) r;
			if (ev.kind == WS_PEV_NONE) {
				break;
			}
			if (ev.kind == WS_PEV_MESSAGE) {
				CHECK(ev.data.n <= max);
				CHECK(ev.compressed);
				CHECK(ev.opcode != WS_OP_TEXT || ws_utf8_valid(ev.data.p, ev.data.n));
			}
		}
		off += chunk;
	}
	ws_proto_free(&p);
	CHECK(budget.node.used == 0);
	ws_pmd_ctx_free(&ctx);
	free(wire);
	return 0;
}
