/*
 * fuzz_head.c: the packed request head (ws_head) round trip.
 *
 * The input is a head: packing it stays within ws_head_pack_bound(), the
 * size query gives its length, and unpacking gives back exactly its bytes
 * (also through ws_head_pack()'s exact-size block). The input is also read
 * as a packed head: it is refused or unpacks to what the size query said,
 * and what comes out round-trips in turn. Every buffer is exactly sized, so
 * ASan sees any over-read or overflow.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ws_head.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void round_trip(const uint8_t *in, size_t len)
{
	size_t bound = ws_head_pack_bound(len), plen, plen2;
	uint8_t *packed = malloc(bound), *out = malloc(len ? len : 1), *block;

	plen = ws_head_encode(in, len, packed);
	CHECK(plen <= bound);
	CHECK((plen == 0) == (len == 0));
	CHECK(ws_head_unpacked_size(packed, plen) == (ssize_t) len);
	CHECK(ws_head_unpack(packed, plen, out, len) == (ssize_t) len);
	CHECK(memcmp(out, in, len) == 0);
	if (len) {
		/* one byte short is refused */
		CHECK(ws_head_unpack(packed, plen, out, len - 1) == WS_ERR_TOO_BIG);
	}
	CHECK(ws_head_pack(in, len, &block, &plen2) == WS_OK);
	CHECK(plen2 == plen && (plen == 0 || memcmp(block, packed, plen) == 0));
	ws_free(block);
	free(packed);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1); /* exact size */
	ssize_t n;

	memcpy(buf, data, size);
	round_trip(buf, size);

	n = ws_head_unpacked_size(buf, size);
	CHECK(n >= 0 || n == WS_ERR_PROTO);
	if (n >= 0 && n <= 1 << 20) {
		uint8_t *out = malloc(n ? (size_t) n : 1);
		CHECK(ws_head_unpack(buf, size, out, (size_t) n) == n);
		round_trip(out, (size_t) n);
		free(out);
	}
	free(buf);
	return 0;
}
