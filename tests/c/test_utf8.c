/*
 * test_utf8.c: ws_utf8 against Unicode table 3-7 and Autobahn 6.x-style cases.
 *
 * Every input is also fed split at every offset, each part copied against a
 * PROT_NONE page, and byte by byte to pin the fail-fast position. A reference
 * decoder written from code point arithmetic (not from table 3-7 ranges)
 * backs an exhaustive check of all inputs up to 3 bytes and a random
 * differential run with a fixed seed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/ws_utf8.h"
#include "guard.h"
#include "tap.h"

static guard g1, g2;

#define S(lit) (const uint8_t *) (lit), sizeof(lit) - 1

/* ---- reference: decode code points, then apply the RFC 3629 rules ---- */

/* Validity of the complete sequence of len bytes at p. */
static int ref_seq_ok(const uint8_t *p, size_t len)
{
	uint32_t cp, min;

	if (len == 2) {
		cp = p[0] & 0x1F, min = 0x80;
	} else if (len == 3) {
		cp = p[0] & 0x0F, min = 0x800;
	} else {
		cp = p[0] & 0x07, min = 0x10000;
	}
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			return 0;
		}
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	return cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

static size_t ref_seq_len(uint8_t b)
{
	if (b < 0x80) {
		return 1;
	}
	if ((b & 0xE0) == 0xC0) {
		return 2;
	}
	if ((b & 0xF0) == 0xE0) {
		return 3;
	}
	if ((b & 0xF8) == 0xF0) {
		return 4;
	}
	return 0;
}

/* 1 if p[0..n) is valid UTF-8 (complete) or, with prefix_ok, could still
 * become valid: a cut-off last sequence is tried with every completion of its
 * first missing byte and both extreme fills of the rest. */
static int ref_check(const uint8_t *p, size_t n, int prefix_ok)
{
	size_t i = 0;

	while (i < n) {
		size_t len = ref_seq_len(p[i]);

		if (len == 0) {
			return 0;
		}
		if (len == 1) {
			i++;
			continue;
		}
		if (i + len > n) {
			uint8_t tmp[4];
			size_t have = n - i;

			if (!prefix_ok) {
				return 0;
			}
			memcpy(tmp, p + i, have);
			for (unsigned first = 0x80; first < 0xC0; first++) { /* any other byte is no continuation */
				for (int fill = 0; fill < 2; fill++) {
					tmp[have] = (uint8_t) first;
					for (size_t k = have + 1; k < len; k++) {
						tmp[k] = fill ? 0xBF : 0x80;
					}
					if (ref_seq_ok(tmp, len)) {
						return 1;
					}
				}
			}
			return 0;
		}
		if (!ref_seq_ok(p + i, len)) {
			return 0;
		}
		i += len;
	}
	return 1;
}

/* Index of the first byte after which p can no longer become valid, or n. */
static size_t ref_fail_at(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!ref_check(p, i + 1, 1)) {
			return i;
		}
	}
	return n;
}

/* ---- drivers ---- */

/* Byte by byte: index of the byte that failed, or n. */
static size_t feed_bytewise(const uint8_t *p, size_t n, int *complete)
{
	ws_utf8 v;

	ws_utf8_init(&v);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *b = guard_put(&g1, p + i, 1);
		if (ws_utf8_feed(&v, b, 1) != WS_OK) {
			*complete = 0;
			return i;
		}
	}
	*complete = ws_utf8_complete(&v);
	return n;
}

/* Split at every offset k, each part against a guard page; expects the
 * outcome (err at fail_at, or OK with completeness `complete`) every time.
 * Returns the number of splits that disagreed. */
static int split_everywhere(const uint8_t *p, size_t n, size_t fail_at, int complete)
{
	int bad = 0;

	for (size_t k = 0; k <= n; k++) {
		ws_utf8 v;
		int r1, r2 = WS_OK;

		ws_utf8_init(&v);
		r1 = ws_utf8_feed(&v, guard_put(&g1, p, k), k);
		if (r1 == WS_OK) {
			r2 = ws_utf8_feed(&v, guard_put(&g2, p + k, n - k), n - k);
		}
		if (fail_at < n) {
			/* the part holding the failing byte is the one that reports it */
			bad += fail_at < k ? r1 != WS_ERR_UTF8 : (r1 != WS_OK || r2 != WS_ERR_UTF8);
			bad += ws_utf8_complete(&v) != 0; /* a failed stream is never complete */
		} else {
			bad += r1 != WS_OK || r2 != WS_OK || ws_utf8_complete(&v) != complete;
		}
	}
	return bad;
}

static void valid(const uint8_t *p, size_t n)
{
	int complete;

	ok(ws_utf8_valid(guard_put(&g1, p, n), n) == 1);
	is_int(feed_bytewise(p, n, &complete), n);
	ok(complete == 1);
	is_int(split_everywhere(p, n, n, 1), 0);
}

static void invalid_at(const uint8_t *p, size_t n, size_t at)
{
	int complete;

	ok(ws_utf8_valid(guard_put(&g1, p, n), n) == 0);
	is_int(feed_bytewise(p, n, &complete), at);
	is_int(ref_fail_at(p, n), at); /* the expectation agrees with the reference */
	is_int(split_everywhere(p, n, at, 0), 0);
}

/* A valid prefix cut inside a sequence: no error yet, but not complete. */
static void truncated(const uint8_t *p, size_t n)
{
	int complete;

	ok(ws_utf8_valid(guard_put(&g1, p, n), n) == 0);
	is_int(feed_bytewise(p, n, &complete), n);
	ok(complete == 0);
	is_int(split_everywhere(p, n, n, 0), 0);
}

static void test_valid(void)
{
	valid(S(""));
	valid(S("Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!")); /* Autobahn 6.2 style */
	valid(S("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));                          /* "kosme", 6.2.1 */
	valid((const uint8_t *) "\0", 1);
	valid(S("\x7f"));
	valid(S("\xc2\x80"));             /* U+0080, first 2-byte */
	valid(S("\xdf\xbf"));             /* U+07FF */
	valid(S("\xe0\xa0\x80"));         /* U+0800, first 3-byte */
	valid(S("\xed\x9f\xbf"));         /* U+D7FF, just below the surrogates */
	valid(S("\xee\x80\x80"));         /* U+E000, just above */
	valid(S("\xef\xbf\xbd"));         /* U+FFFD */
	valid(S("\xef\xbf\xbe\xef\xbf\xbf")); /* U+FFFE, U+FFFF: noncharacters are valid */
	valid(S("\xf0\x90\x80\x80"));     /* U+10000, first 4-byte */
	valid(S("\xf1\x80\x80\x80\xf3\xbf\xbf\xbf"));
	valid(S("\xf4\x8f\xbf\xbf"));     /* U+10FFFF, the last code point */
	/* ASCII runs around multibyte sequences at every alignment of the fast path */
	valid(S("0123456789abcdefghijklmnopqrstuvwxyz"));
	valid(S("01234567\xc2\x80" "89abcdefghijklm\xf0\x9f\x98\x80nopqrstuvwxyz"));
	valid(S("a\xe2\x82\xac" "bcdefghijklmnop\xe2\x82\xac" "qrstuvw\xe2\x82\xac" "xyz01234"));
	valid(S("\xf0\x9f\x98\x80\xf0\x9f\x98\x80" "abcdefgh" "\xf0\x9f\x98\x80" "abcdefghijklmnopq"));
}

static void test_invalid(void)
{
	char buf[2];

	invalid_at(S("\x80"), 0);               /* lone continuation bytes */
	invalid_at(S("\xbf"), 0);
	invalid_at(S("\x80\xbf\x80"), 0);
	invalid_at(S("\xc0\x80"), 0);           /* C0, C1 only make overlongs: fail at once */
	invalid_at(S("\xc1\xbf"), 0);
	invalid_at(S("\xc0\xaf"), 0);           /* overlong '/' */
	/* F5..FF can never start a sequence */
	for (unsigned b = 0xf5; b <= 0xff; b++) {
		buf[0] = (char) b;
		buf[1] = (char) 0x80;
		invalid_at((const uint8_t *) buf, 2, 0);
	}
	invalid_at(S("\xe0\x80\xaf"), 1);       /* overlong 3-byte '/' */
	invalid_at(S("\xe0\x9f\xbf"), 1);       /* overlong U+07FF */
	invalid_at(S("\xf0\x80\x80\xaf"), 1);   /* overlong 4-byte '/' */
	invalid_at(S("\xf0\x8f\xbf\xbf"), 1);   /* overlong U+FFFF */
	invalid_at(S("\xed\xa0\x80"), 1);       /* U+D800 */
	invalid_at(S("\xed\xad\xbf"), 1);       /* U+DB7F */
	invalid_at(S("\xed\xb0\x80"), 1);       /* U+DC00 */
	invalid_at(S("\xed\xbf\xbf"), 1);       /* U+DFFF */
	invalid_at(S("\xed\xa0\x80\xed\xb0\x80"), 1); /* a surrogate pair, 6.20-style */
	invalid_at(S("\xf4\x90\x80\x80"), 1);   /* U+110000 */
	invalid_at(S("\xf4\xbf\xbf\xbf"), 1);
	invalid_at(S("\xf7\xbf\xbf\xbf"), 0);   /* U+1FFFFF: lead F7 itself is out */
	invalid_at(S("\xc2\x41"), 1);           /* continuation missing */
	invalid_at(S("\xc2\xc2\x80"), 1);
	invalid_at(S("\xe1\x80\x41"), 2);
	invalid_at(S("\xf1\x80\x80\x41"), 3);
	invalid_at(S("\xf1\x80\x80\xc2"), 3);
	/* Autobahn 6.3.1: valid text, then a surrogate, then more text */
	invalid_at(S("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64"), 12);
	/* failures right after the ASCII fast path and inside it */
	invalid_at(S("01234567\x80"), 8);
	invalid_at(S("0123456789abcde\xff" "0123456789"), 15);
	invalid_at(S("0123456789abcdef\xc2" "0123456789"), 17);
	invalid_at(S("\xc3\xa9" "0123456789abcdef\xed\xbf\xbf"), 19);
}

static void test_truncated(void)
{
	truncated(S("\xc2"));
	truncated(S("\xdf"));
	truncated(S("\xe0\xa0"));
	truncated(S("\xe1\x80"));
	truncated(S("\xed\x9f"));
	truncated(S("\xf0\x90\x80"));
	truncated(S("\xf4\x8f\xbf"));
	truncated(S("\xf4"));
	truncated(S("0123456789abcdef\xf0\x9f\x98"));
	truncated(S("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce"));
}

/* Sticky failure: once failed, valid bytes do not revive the stream. */
static void test_sticky(void)
{
	ws_utf8 v;

	ws_utf8_init(&v);
	is_int(ws_utf8_feed(&v, S("\xff")), WS_ERR_UTF8);
	is_int(ws_utf8_feed(&v, S("abc")), WS_ERR_UTF8);
	ok(!ws_utf8_complete(&v));
	ws_utf8_init(&v);
	is_int(ws_utf8_feed(&v, S("abc")), WS_OK);
	is_int(ws_utf8_feed(&v, NULL, 0), WS_OK);
	ok(ws_utf8_complete(&v));
}

/* Every input of 1..3 bytes, and 4-byte inputs with every lead and second
 * byte, against the reference. */
static void test_exhaustive(void)
{
	static const uint8_t pick[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
	                               0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xff};
	long mismatches = 0, total = 0;
	uint8_t b[4];

	for (uint32_t x = 0; x < (1u << 24) + (1u << 16) + (1u << 8); x++) {
		size_t n;
		ws_utf8 v;
		int r, pre, full;

		if (x < 256) {
			n = 1, b[0] = (uint8_t) x;
		} else if (x < 256 + 65536) {
			n = 2, b[0] = (uint8_t) ((x - 256) >> 8), b[1] = (uint8_t) (x - 256);
		} else {
			uint32_t y = x - 256 - 65536;
			n = 3, b[0] = (uint8_t) (y >> 16), b[1] = (uint8_t) (y >> 8), b[2] = (uint8_t) y;
		}
		ws_utf8_init(&v);
		r = ws_utf8_feed(&v, b, n);
		pre = ref_check(b, n, 1);
		full = ref_check(b, n, 0);
		mismatches += (r == WS_OK) != pre || (r == WS_OK && ws_utf8_complete(&v) != full) ||
		              ws_utf8_valid(b, n) != full;
		total++;
	}
	for (uint32_t x = 0; x < 65536; x++) {
		for (size_t i = 0; i < sizeof(pick); i++) {
			for (size_t j = 0; j < sizeof(pick); j++) {
				ws_utf8 v;
				int r;

				b[0] = (uint8_t) (x >> 8), b[1] = (uint8_t) x, b[2] = pick[i], b[3] = pick[j];
				ws_utf8_init(&v);
				r = ws_utf8_feed(&v, b, 4);
				mismatches += (r == WS_OK) != ref_check(b, 4, 1) ||
				              ws_utf8_valid(b, 4) != ref_check(b, 4, 0);
				total++;
			}
		}
	}
	diag("exhaustive: %ld inputs compared with the reference", total);
	is_int(mismatches, 0);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
	/* xorshift64*: fixed seed, so failures reproduce */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t) ((rng * 0x2545F4914F6CDD1Dull) >> 32);
}

/* Mostly-valid text with occasional random bytes, so runs get long enough to
 * reach interesting failures. */
static size_t random_text(uint8_t *p, size_t cap)
{
	size_t n = 0, want = rnd() % cap;

	while (n + 4 <= want) {
		uint32_t kind = rnd() % 16, cp;

		if (kind < 6) {
			p[n++] = (uint8_t) (0x20 + rnd() % 95);
		} else if (kind < 7) {
			p[n++] = (uint8_t) rnd(); /* noise */
		} else {
			cp = kind < 10 ? 0x80 + rnd() % 0x780 : kind < 13 ? 0x800 + rnd() % 0xF800 : 0x10000 + rnd() % 0x100000;
			if (cp >= 0xD800 && cp <= 0xDFFF && rnd() % 4) {
				cp = 0xFFFD;
			}
			if (cp < 0x800) {
				p[n++] = (uint8_t) (0xC0 | cp >> 6);
			} else if (cp < 0x10000) {
				p[n++] = (uint8_t) (0xE0 | cp >> 12);
				p[n++] = (uint8_t) (0x80 | ((cp >> 6) & 0x3F));
			} else {
				p[n++] = (uint8_t) (0xF0 | cp >> 18);
				p[n++] = (uint8_t) (0x80 | ((cp >> 12) & 0x3F));
				p[n++] = (uint8_t) (0x80 | ((cp >> 6) & 0x3F));
			}
			p[n++] = (uint8_t) (0x80 | (cp & 0x3F));
		}
	}
	return n;
}

/* Incremental in random chunks vs whole buffer vs reference, fixed seed. */
static void test_random_differential(void)
{
	uint8_t buf[512];
	int mismatches = 0, nvalid = 0;

	for (int iter = 0; iter < 20000; iter++) {
		size_t n = random_text(buf, sizeof(buf)), off = 0, failed = n, fchunk = 0;
		size_t expect_fail = ref_fail_at(buf, n);
		int whole = ws_utf8_valid(guard_put(&g1, buf, n), n);
		ws_utf8 v;

		ws_utf8_init(&v);
		while (off < n) {
			size_t chunk = 1 + rnd() % 24;
			if (chunk > n - off) {
				chunk = n - off;
			}
			if (ws_utf8_feed(&v, guard_put(&g2, buf + off, chunk), chunk) != WS_OK) {
				/* fail-fast: the failing byte is inside this chunk */
				failed = off;
				fchunk = chunk;
				break;
			}
			off += chunk;
		}
		if (failed < n) {
			mismatches += expect_fail < failed || expect_fail >= failed + fchunk || whole;
		} else {
			mismatches += expect_fail != n || whole != ws_utf8_complete(&v) ||
			              whole != ref_check(buf, n, 0);
		}
		nvalid += whole;
	}
	diag("random: 20000 buffers, %d valid", nvalid);
	ok(nvalid > 1000 && nvalid < 19000); /* the generator exercises both outcomes */
	is_int(mismatches, 0);
}

int main(void)
{
	test_valid();
	test_invalid();
	test_truncated();
	test_sticky();
	test_exhaustive();
	test_random_differential();
	guard_free(&g1);
	guard_free(&g2);
	return done_testing();
}
