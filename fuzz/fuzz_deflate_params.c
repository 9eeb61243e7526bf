/*
 * fuzz_deflate_params.c: permessage-deflate negotiation (RFC 7692 §7) on
 * arbitrary Sec-WebSocket-Extensions values.
 *
 * The input is split at '\n' into header lines (data[0] picks the server's
 * configuration). Invariants: never a crash or an over-read; an accepted
 * offer's answer is short, and parses back as a valid permessage-deflate
 * offer naming the same parameters; the agreed windows are 8..15 and never
 * above the server's; the default mode always agrees no context takeover
 * both ways; the grammar walk never reports more than WS_EXT_MAX_PARAMS.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ws_deflate.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int count_visit(void *ud, ws_slice name, const ws_ext_param *params, size_t n, int valid)
{
	(void) name;
	(void) params;
	CHECK(n <= WS_EXT_MAX_PARAMS);
	CHECK(valid || 1);
	++*(size_t *) ud;
	return 0;
}

typedef struct reparse {
	int seen;
	ws_pmd_offer o;
} reparse;

static int reparse_visit(void *ud, ws_slice name, const ws_ext_param *params, size_t n, int valid)
{
	reparse *r = ud;
	CHECK(valid);
	CHECK(name.n == 18 && memcmp(name.p, "permessage-deflate", 18) == 0);
	CHECK(ws_pmd_parse_offer(params, n, &r->o) == 0);
	r->seen++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ws_slice lines[16];
	size_t nlines = 0, start = 1, elements = 0;
	ws_pmd_config cfg;
	ws_pmd_params p;
	char answer[WS_PMD_ANSWER_MAX];
	uint8_t *copy;

	if (size < 1) {
		return 0;
	}
	/* Each line in its own allocation, so ASan sees any read past its end. */
	copy = malloc(size);
	memcpy(copy, data, size);
	for (size_t i = 1; i <= size && nlines < 16; i++) {
		if (i == size || data[i] == '\n') {
			lines[nlines++] = WS_SLICE(copy + start, i - start);
			start = i + 1;
		}
	}
	for (size_t k = 0; k < nlines; k++) {
		uint8_t *own = malloc(lines[k].n ? lines[k].n : 1);
		memcpy(own, lines[k].p, lines[k].n);
		lines[k].p = own;
		ws_ext_parse(lines[k], count_visit, &elements);
	}
	ws_pmd_config_defaults(&cfg);
	if (data[0] & 1) {
		cfg.server_no_context_takeover = cfg.client_no_context_takeover = 0;
	}
	cfg.server_max_window_bits = (uint8_t) (9 + (data[0] >> 1) % 7);
	cfg.client_max_window_bits = (uint8_t) (8 + (data[0] >> 4) % 8);
	if (ws_pmd_negotiate(lines, nlines, &cfg, &p)) {
		reparse r;
		int n = ws_pmd_answer(&p, answer, sizeof(answer));
		CHECK(n > 0 && (size_t) n < sizeof(answer));
		CHECK(p.server_max_window_bits >= 8 && p.server_max_window_bits <= cfg.server_max_window_bits);
		CHECK(p.client_max_window_bits >= 8 && p.client_max_window_bits <= WS_PMD_MAX_BITS);
		CHECK(!p.answer_client_bits || p.client_max_window_bits <= cfg.client_max_window_bits);
		CHECK(!(data[0] & 1) ? p.server_no_context_takeover && p.client_no_context_takeover : 1);
		memset(&r, 0, sizeof(r));
		ws_ext_parse(WS_SLICE(answer, (size_t) n), reparse_visit, &r);
		CHECK(r.seen == 1);
		CHECK(r.o.server_no_context_takeover == p.server_no_context_takeover);
		CHECK(r.o.client_no_context_takeover == p.client_no_context_takeover);
		CHECK(p.answer_server_bits ? r.o.server_max_window_bits == p.server_max_window_bits : !r.o.server_max_window_bits);
		CHECK(p.answer_client_bits ? r.o.client_max_window_bits == p.client_max_window_bits : !r.o.client_max_window_bits);
	}
	for (size_t k = 0; k < nlines; k++) {
		free((void *) lines[k].p);
	}
	free(copy);
	return 0;
}
