/*
 * fuzz_utf8.c: differential check of the incremental validator.
 *
 * data[0] picks the chunk size; the rest is the stream. Chunked feeding,
 * byte-by-byte feeding and ws_utf8_valid() on the whole buffer must agree,
 * and the chunk that fails must hold the byte that fails byte by byte.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ws_utf8.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ws_utf8 v;
	size_t step, len, off = 0, fail_byte, fail_lo = 0, fail_hi = 0;
	int chunked_ok = 1, whole;
	uint8_t *buf;

	if (size < 1) {
		return 0;
	}
	step = (size_t) (data[0] % 33) + 1;
	len = size - 1;
	buf = malloc(len ? len : 1); /* exact size: ASan sees any over-read */
	memcpy(buf, data + 1, len);

	whole = ws_utf8_valid(buf, len);

	ws_utf8_init(&v);
	for (fail_byte = 0; fail_byte < len; fail_byte++) {
		if (ws_utf8_feed(&v, buf + fail_byte, 1) != WS_OK) {
			break;
		}
	}
	CHECK(fail_byte < len ? !whole : whole == ws_utf8_complete(&v));

	ws_utf8_init(&v);
	while (off < len) {
		size_t n = len - off < step ? len - off : step;
		if (ws_utf8_feed(&v, buf + off, n) != WS_OK) {
			chunked_ok = 0;
			fail_lo = off;
			fail_hi = off + n;
			break;
		}
		off += n;
	}
	if (chunked_ok) {
		CHECK(fail_byte == len);
		CHECK(ws_utf8_complete(&v) == whole);
		CHECK(ws_utf8_feed(&v, buf, 0) == WS_OK);
	} else {
		CHECK(!whole);
		CHECK(fail_byte >= fail_lo && fail_byte < fail_hi);
		CHECK(!ws_utf8_complete(&v));
	}
	free(buf);
	return 0;
}
