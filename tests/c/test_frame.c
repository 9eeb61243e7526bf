/*
 * test_frame.c: ws_frame decoder, header encoder and ws_mask against
 * ws_frame.h and RFC 6455 §5.
 *
 * Streams are built here with an independent encoder, then fed split at every
 * offset (and byte by byte), each part copied against a PROT_NONE page. The
 * events, with payload chunks joined per frame, must not depend on the split.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ws_frame.h"
#include "frames.h"
#include "guard.h"
#include "tap.h"

static guard g1, g2;

/* ---- the collector ---- */

#define MAX_FRAMES 16

typedef struct got_frame {
	uint8_t opcode, fin, rsv;
	uint64_t length;
	uint8_t *data;
	size_t n;
	int lasts; /* PAYLOAD events with last = 1: must be exactly 1 */
} got_frame;

typedef struct collected {
	got_frame f[MAX_FRAMES];
	int nframes;
	int err;   /* 0 or the ws_err returned */
	int bad;   /* broken invariants: consumed > len, data outside input, stuck loop */
	ws_frame_decoder d;
} collected;

static void collect_init(collected *c, ws_role role, uint64_t max_frame, uint8_t allowed_rsv)
{
	memset(c, 0, sizeof(*c));
	ws_frame_decoder_init(&c->d, role, max_frame);
	c->d.allowed_rsv = allowed_rsv;
}

static void collect_free(collected *c)
{
	for (int i = 0; i < c->nframes; i++) {
		free(c->f[i].data);
	}
}

/* Feed one part (already placed against a guard page) until the decoder asks for more. */
static void feed(collected *c, uint8_t *p, size_t n)
{
	size_t off = 0;

	for (int spins = 0; !c->err; spins++) {
		ws_frame_event ev;
		ssize_t r;

		if (spins > 100000) {
			c->bad++;
			return;
		}
		r = ws_frame_decode(&c->d, p + off, n - off, &ev);
		if (r < 0) {
			c->err = (int) r;
			return;
		}
		if ((size_t) r > n - off) {
			c->bad++;
			return;
		}
		if (ev.kind == WS_EV_HEADER) {
			got_frame *f;
			if (c->nframes == MAX_FRAMES) {
				c->bad++;
				return;
			}
			f = &c->f[c->nframes++];
			f->opcode = ev.opcode, f->fin = ev.fin, f->rsv = ev.rsv, f->length = ev.length;
		} else if (ev.kind == WS_EV_PAYLOAD) {
			got_frame *f = c->nframes ? &c->f[c->nframes - 1] : NULL;
			if (!f || f->lasts || (ev.data.n && (ev.data.p < p + off || ev.data.p + ev.data.n > p + off + (size_t) r))) {
				c->bad++;
				return;
			}
			f->data = realloc(f->data, f->n + ev.data.n + 1);
			if (ev.data.n) {
				memcpy(f->data + f->n, ev.data.p, ev.data.n);
			}
			f->n += ev.data.n;
			f->lasts += ev.last;
		} else if (ev.kind == WS_EV_NONE) {
			if (off + (size_t) r != n) {
				c->bad++; /* NONE means everything was consumed */
			}
			return;
		}
		off += (size_t) r;
	}
}

/* Feed s split at k, each part against its own guard page. */
static void feed_split(collected *c, const stream *s, size_t k)
{
	feed(c, guard_put(&g1, s->p, k), k);
	feed(c, guard_put(&g2, s->p + k, s->n - k), s->n - k);
}

static int same(const collected *a, const collected *b)
{
	if (a->err != b->err || a->nframes != b->nframes || a->bad || b->bad) {
		return 0;
	}
	for (int i = 0; i < a->nframes; i++) {
		const got_frame *x = &a->f[i], *y = &b->f[i];
		if (x->opcode != y->opcode || x->fin != y->fin || x->rsv != y->rsv || x->length != y->length ||
		    x->n != y->n || x->lasts != y->lasts || (x->n && memcmp(x->data, y->data, x->n) != 0)) {
			return 0;
		}
	}
	return 1;
}

/*
 * Decode s whole into *want, then split at every offset (every `stride`
 * bytes for long streams) and byte by byte: all must equal *want. Returns the
 * number of splits that differed.
 */
static int decode_everywhere(const stream *s, ws_role role, uint64_t max_frame, uint8_t rsv, collected *want,
                             size_t stride)
{
	int bad = 0;
	collected c;

	collect_init(want, role, max_frame, rsv);
	feed(want, guard_put(&g1, s->p, s->n), s->n);
	for (size_t k = 0; k <= s->n; k += stride) {
		collect_init(&c, role, max_frame, rsv);
		feed_split(&c, s, k);
		bad += !same(&c, want);
		collect_free(&c);
	}
	if (s->n <= 4096) {
		collect_init(&c, role, max_frame, rsv);
		for (size_t i = 0; i < s->n && !c.err; i++) {
			feed(&c, guard_put(&g1, s->p + i, 1), 1);
		}
		bad += !same(&c, want);
		collect_free(&c);
	}
	return bad;
}

/* Expect a complete stream to give exactly these frames; checks fields of frame i. */
static int frame_is(const collected *c, int i, uint8_t op, int fin, const void *data, size_t n)
{
	const got_frame *f = &c->f[i];

	return i < c->nframes && f->opcode == op && f->fin == fin && f->length == n && f->n == n && f->lasts == 1 &&
	       (n == 0 || memcmp(f->data, data, n) == 0);
}

/* ---- tests ---- */

static void test_rfc_examples(void)
{
	/* RFC 6455 §5.7: a single-frame masked text "Hello" */
	static const uint8_t hello[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
	/* unmasked "Hel" + "lo" fragments, as a server sends them (client role) */
	static const uint8_t frag[] = {0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f};
	/* unmasked ping "Hello", and a 256-byte unmasked binary with 16-bit length */
	static const uint8_t ping[] = {0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
	stream s = {0};
	collected want;

	put(&s, hello, sizeof(hello));
	is_int(decode_everywhere(&s, WS_ROLE_SERVER, 0, 0, &want, 1), 0);
	is_int(want.err, 0);
	is_int(want.nframes, 1);
	ok(frame_is(&want, 0, WS_OP_TEXT, 1, "Hello", 5));
	collect_free(&want);

	s.n = 0;
	put(&s, frag, sizeof(frag));
	put(&s, ping, sizeof(ping));
	is_int(decode_everywhere(&s, WS_ROLE_CLIENT, 0, 0, &want, 1), 0);
	is_int(want.err, 0);
	is_int(want.nframes, 3);
	ok(frame_is(&want, 0, WS_OP_TEXT, 0, "Hel", 3));
	ok(frame_is(&want, 1, WS_OP_CONT, 1, "lo", 2));
	ok(frame_is(&want, 2, WS_OP_PING, 1, "Hello", 5));
	collect_free(&want);
	free(s.p);
}

/* keep_masked: the input is not touched; each chunk carries the key and its
 * offset, and unmasking the chunks separately gives the payload. */
static void test_keep_masked(void)
{
	static const uint8_t hello[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
	for (size_t k = 7; k < sizeof(hello); k++) {
		uint8_t in[sizeof(hello)], out[5];
		ws_frame_decoder d;
		ws_frame_event ev;
		size_t at = 0, got = 0;
		int bad = 0;

		memcpy(in, hello, sizeof(in));
		ws_frame_decoder_init(&d, WS_ROLE_SERVER, 0);
		d.keep_masked = 1;
		bad |= ws_frame_decode(&d, in, k, &ev) != 6 || ev.kind != WS_EV_HEADER;
		at = 6;
		while (at < sizeof(in) && !bad) {
			size_t end = at < k ? k : sizeof(in);
			ssize_t r = ws_frame_decode(&d, in + at, end - at, &ev);
			bad |= r <= 0 || ev.kind != WS_EV_PAYLOAD || ev.mask == NULL || ev.pos != got;
			if (!bad) {
				ws_mask_copy(out + got, ev.data.p, ev.data.n, ev.mask, ev.pos);
				got += ev.data.n;
				at += (size_t) r;
			}
		}
		ok(!bad && got == 5 && memcmp(out, "Hello", 5) == 0 && memcmp(in, hello, sizeof(in)) == 0);
	}
}

static void test_mixed_stream(void)
{
	stream s = {0};
	collected want;
	uint8_t close[] = {0x03, 0xe8, 'b', 'y', 'e'};

	frame(&s, 0, WS_OP_TEXT, "frag", 4);
	frame(&s, 1, WS_OP_PING, "", 0);        /* control frames may interleave */
	frame(&s, 0, WS_OP_CONT, "", 0);
	frame(&s, 1, WS_OP_CONT, "ment", 4);
	frame(&s, 1, WS_OP_BINARY, "", 0);
	frame(&s, 1, WS_OP_PONG, "p", 1);
	frame(&s, 1, WS_OP_CLOSE, close, sizeof(close));
	is_int(decode_everywhere(&s, WS_ROLE_SERVER, 0, 0, &want, 1), 0);
	is_int(want.err, 0);
	is_int(want.nframes, 7);
	ok(frame_is(&want, 0, WS_OP_TEXT, 0, "frag", 4));
	ok(frame_is(&want, 1, WS_OP_PING, 1, "", 0));   /* zero-length: HEADER, then empty PAYLOAD last=1 */
	ok(frame_is(&want, 2, WS_OP_CONT, 0, "", 0));
	ok(frame_is(&want, 3, WS_OP_CONT, 1, "ment", 4));
	ok(frame_is(&want, 4, WS_OP_BINARY, 1, "", 0));
	ok(frame_is(&want, 5, WS_OP_PONG, 1, "p", 1));
	ok(frame_is(&want, 6, WS_OP_CLOSE, 1, close, sizeof(close)));
	collect_free(&want);
	free(s.p);
}

static void test_lengths(void)
{
	static const uint64_t lens[] = {0, 1, 125, 126, 127, 65535, 65536, 70001};
	uint8_t *payload = malloc(70001);

	for (size_t i = 0; i < 70001; i++) {
		payload[i] = (uint8_t) (i * 7 + (i >> 8));
	}
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		stream s = {0};
		collected want;
		size_t hlen = lens[i] < 126 ? 2 : lens[i] <= 0xffff ? 4 : 10;

		frame(&s, 1, WS_OP_BINARY, payload, lens[i]);
		frame(&s, 1, WS_OP_TEXT, "x", 1);
		is_int(s.n, hlen + 4 + lens[i] + 7);
		/* every offset for short frames; header bytes and a stride otherwise */
		is_int(decode_everywhere(&s, WS_ROLE_SERVER, 0, 0, &want, lens[i] < 300 ? 1 : 997), 0);
		if (lens[i] >= 300) {
			int bad = 0;
			for (size_t k = 0; k <= hlen + 4 + 2; k++) {
				collected c;
				collect_init(&c, WS_ROLE_SERVER, 0, 0);
				feed_split(&c, &s, k);
				bad += !same(&c, &want);
				collect_free(&c);
			}
			is_int(bad, 0);
		}
		is_int(want.err, 0);
		ok(want.nframes == 2 && frame_is(&want, 0, WS_OP_BINARY, 1, payload, lens[i]));
		ok(frame_is(&want, 1, WS_OP_TEXT, 1, "x", 1));
		collect_free(&want);
		free(s.p);
	}
	free(payload);
}

/* One header only (no payload follows): the verdict must come at the header. */
static int header_verdict(uint8_t b0, const uint8_t *mask, uint64_t len, int lenform, ws_role role, uint64_t max,
                          uint8_t rsv, int *splits_bad)
{
	stream s = {0};
	collected want;
	int err;

	frame_raw(&s, b0, mask, len, lenform, NULL);
	*splits_bad = decode_everywhere(&s, role, max, rsv, &want, 1);
	err = want.err;
	if (!err && !(want.nframes == 1 && want.f[0].length == len && want.f[0].opcode == (b0 & 15) &&
	              want.f[0].fin == (b0 >> 7) && want.f[0].rsv == ((b0 >> 4) & 7))) {
		err = 1; /* accepted but reported wrong */
	}
	collect_free(&want);
	free(s.p);
	return err;
}

#define VERDICT(b0, mask, len, form, role, max, rsv, want) do { int sb_; \
	is_int(header_verdict((b0), (mask), (len), (form), (role), (max), (rsv), &sb_), (want)); \
	is_int(sb_, 0); } while (0)

static void test_header_rules(void)
{
	/* max frame size: refused at the header, before any payload arrives */
	VERDICT(0x82, MASK, 1000, 0, WS_ROLE_SERVER, 1000, 0, 0);
	VERDICT(0x82, MASK, 1001, 0, WS_ROLE_SERVER, 1000, 0, WS_ERR_TOO_BIG);
	VERDICT(0x82, MASK, 1ull << 40, 0, WS_ROLE_SERVER, 1u << 20, 0, WS_ERR_TOO_BIG);
	VERDICT(0x82, MASK, (1ull << 63) - 1, 0, WS_ROLE_SERVER, 0, 0, 0); /* 0: no limit */
	/* 64-bit length with the top bit set (§5.2), whatever the limit */
	VERDICT(0x82, MASK, 1ull << 63, 64, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x82, MASK, UINT64_MAX, 64, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	/* minimal length form (§5.2) */
	VERDICT(0x82, MASK, 125, 16, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x82, MASK, 0, 16, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x82, MASK, 126, 16, WS_ROLE_SERVER, 0, 0, 0);
	VERDICT(0x82, MASK, 65535, 64, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x82, MASK, 65536, 64, WS_ROLE_SERVER, 0, 0, 0);
	/* masking by role (§5.1) */
	VERDICT(0x81, NULL, 5, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x81, NULL, 0, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x81, MASK, 5, 0, WS_ROLE_CLIENT, 0, 0, WS_ERR_PROTO);
	VERDICT(0x81, NULL, 5, 0, WS_ROLE_CLIENT, 0, 0, 0);
	/* RSV bits (§5.2), unless negotiated */
	VERDICT(0xC1, MASK, 1, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0xA1, MASK, 1, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x91, MASK, 1, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0xC1, MASK, 1, 0, WS_ROLE_SERVER, 0, WS_RSV1, 0);
	VERDICT(0xE1, MASK, 1, 0, WS_ROLE_SERVER, 0, WS_RSV1, WS_ERR_PROTO);
	/* reserved opcodes (§5.2) */
	for (uint8_t op = 3; op <= 0xF; op++) {
		if (op == WS_OP_CLOSE || op == WS_OP_PING || op == WS_OP_PONG) {
			continue;
		}
		VERDICT(0x80 | op, MASK, 0, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	}
	/* control frames: not fragmented, at most 125 bytes (§5.5) */
	VERDICT(0x08, MASK, 2, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x09, MASK, 0, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x0A, MASK, 0, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x89, MASK, 125, 0, WS_ROLE_SERVER, 0, 0, 0);
	VERDICT(0x89, MASK, 126, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x88, MASK, 65536, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	VERDICT(0x8A, MASK, 126, 0, WS_ROLE_SERVER, 0, 0, WS_ERR_PROTO);
	/* data frames may be fragmented, and continuation opcode 0 is a data frame */
	VERDICT(0x02, MASK, 3, 0, WS_ROLE_SERVER, 0, 0, 0);
	VERDICT(0x00, MASK, 3, 0, WS_ROLE_SERVER, 0, 0, 0);
}

/* An error after good frames: the good ones come out, then the error. */
static void test_error_after_frames(void)
{
	stream s = {0};
	collected want;

	frame(&s, 1, WS_OP_TEXT, "ok", 2);
	frame_raw(&s, 0x81, NULL, 2, 0, (const uint8_t *) "no");
	is_int(decode_everywhere(&s, WS_ROLE_SERVER, 0, 0, &want, 1), 0);
	is_int(want.err, WS_ERR_PROTO);
	ok(want.nframes == 1 && frame_is(&want, 0, WS_OP_TEXT, 1, "ok", 2));
	ok(want.d.error != NULL);
	collect_free(&want);
	free(s.p);
}

static void ref_mask(uint8_t *p, size_t n, const uint8_t m[4], uint64_t pos)
{
	for (size_t i = 0; i < n; i++) {
		p[i] ^= m[(pos + i) & 3];
	}
}

static void test_mask(void)
{
	static const uint8_t m[4] = {0xde, 0xad, 0xbe, 0xef};
	uint8_t orig[208], a[224], b[224];
	int bad = 0, bad_chunks = 0, bad_guard = 0;

	for (size_t i = 0; i < sizeof(orig); i++) {
		orig[i] = (uint8_t) (i * 31 + 5);
	}
	/* every length (past two rounds of the 64-byte vector loop), buffer alignment and mask phase */
	for (size_t len = 0; len <= 200; len++) {
		for (size_t align = 0; align < 8; align++) {
			for (uint64_t pos = 0; pos < 8; pos++) {
				memset(a, 0xAA, sizeof(a));
				memcpy(a + align, orig, len);
				memcpy(b, a, sizeof(b));
				ws_mask(a + align, len, m, pos);
				ref_mask(b + align, len, m, pos);
				bad += memcmp(a, b, sizeof(a)) != 0; /* also: nothing outside [align, align+len) */
				ws_mask(a + align, len, m, pos);
				bad += memcmp(a + align, orig, len) != 0; /* round trip */
			}
		}
		/* chunks unmasked separately at their payload offset equal the whole */
		for (size_t k = 0; k <= len; k++) {
			memcpy(a, orig, len);
			memcpy(b, orig, len);
			ws_mask(a, k, m, 3);
			ws_mask(a + k, len - k, m, 3 + k);
			ref_mask(b, len, m, 3);
			bad_chunks += memcmp(a, b, len) != 0;
		}
		/* against a guard page: no over-read or over-write */
		{
			uint8_t *g = guard_put(&g1, orig, len);
			ws_mask(g, len, m, 1);
			ws_mask(g, len, m, 1);
			bad_guard += memcmp(g, orig, len) != 0;
		}
	}
	is_int(bad, 0);
	is_int(bad_chunks, 0);
	is_int(bad_guard, 0);
	/* ws_mask_copy: the same bytes into another buffer, at every alignment of
	 * either side, the source untouched and nothing written past the end */
	{
		int bad_copy = 0;
		for (size_t len = 0; len <= 200; len += 7) {
			for (size_t sa = 0; sa < 8; sa++) {
				for (size_t da = 0; da < 8; da += 3) {
					uint64_t pos = (len + sa) & 3;
					uint8_t src[224];
					memset(src, 0x55, sizeof(src));
					memcpy(src + sa, orig, len);
					memset(a, 0xAA, sizeof(a));
					memset(b, 0xAA, sizeof(b));
					memcpy(b + da, orig, len);
					ref_mask(b + da, len, m, pos);
					ws_mask_copy(a + da, src + sa, len, m, pos);
					bad_copy += memcmp(a, b, sizeof(a)) != 0 || memcmp(src + sa, orig, len) != 0;
				}
			}
			{
				uint8_t *g = guard_put(&g1, orig, len);
				ws_mask_copy(b, g, len, m, 2);
				ws_mask_copy(a, b, len, m, 2);
				bad_copy += memcmp(a, orig, len) != 0;
			}
		}
		is_int(bad_copy, 0);
	}
	/* a phase beyond 32 bits */
	memcpy(a, orig, 9);
	memcpy(b, orig, 9);
	ws_mask(a, 9, m, (1ull << 40) + 2);
	ref_mask(b, 9, m, 2);
	is_mem(a, 9, b, 9);
}

static void test_encode(void)
{
	static const struct {
		uint64_t len;
		size_t size;
		uint8_t b1;
	} cases[] = {
		{0, 2, 0}, {125, 2, 125}, {126, 4, 126}, {65535, 4, 126}, {65536, 10, 127},
		{1ull << 32, 10, 127}, {(1ull << 63) - 1, 10, 127},
	};
	uint8_t h[WS_FRAME_MAX_HEADER];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		stream s = {0};

		is_int(ws_frame_header_encode(h, WS_OP_BINARY, 1, 0, cases[i].len, NULL), cases[i].size);
		is_int(h[0], 0x82);
		is_int(h[1], cases[i].b1);
		frame_raw(&s, 0x82, NULL, cases[i].len, 0, NULL);
		is_mem(h, cases[i].size, s.p, s.n); /* same bytes as the independent builder */
		s.n = 0;
		is_int(ws_frame_header_encode(h, WS_OP_BINARY, 1, 0, cases[i].len, MASK), cases[i].size + 4);
		frame_raw(&s, 0x82, MASK, cases[i].len, 0, NULL);
		is_mem(h, cases[i].size + 4, s.p, s.n);
		free(s.p);
	}
	is_int(ws_frame_header_encode(h, WS_OP_CONT, 0, WS_RSV1, 5, NULL), 2);
	is_int(h[0], 0x40);
	is_int(ws_frame_header_encode(h, WS_OP_CLOSE, 1, WS_RSV1 | WS_RSV2 | WS_RSV3, 2, NULL), 2);
	is_int(h[0], 0xF8);
	is_int(h[1], 2);

	/* encoder -> decoder round trip */
	{
		static const uint8_t ops[] = {WS_OP_CONT, WS_OP_TEXT, WS_OP_BINARY, WS_OP_CLOSE, WS_OP_PING, WS_OP_PONG};
		static const uint64_t lens[] = {0, 7, 125, 126, 1000, 65535, 65536, 1ull << 33};
		int bad = 0;

		for (size_t o = 0; o < sizeof(ops); o++) {
			for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
				ws_frame_decoder d;
				ws_frame_event ev;
				size_t n;
				ssize_t r;

				if (WS_IS_CONTROL(ops[o]) && lens[l] > WS_MAX_CONTROL_PAYLOAD) {
					continue;
				}
				n = ws_frame_header_encode(h, ops[o], 1, WS_RSV1, lens[l], MASK);
				ws_frame_decoder_init(&d, WS_ROLE_SERVER, 0);
				d.allowed_rsv = WS_RSV1;
				r = ws_frame_decode(&d, guard_put(&g1, h, n), n, &ev);
				bad += r != (ssize_t) n || ev.kind != WS_EV_HEADER || ev.opcode != ops[o] || ev.fin != 1 ||
				       ev.rsv != WS_RSV1 || ev.length != lens[l];
			}
		}
		is_int(bad, 0);
	}
}

int main(void)
{
	test_rfc_examples();
	test_keep_masked();
	test_mixed_stream();
	test_lengths();
	test_header_rules();
	test_error_after_frames();
	test_mask();
	test_encode();
	guard_free(&g1);
	guard_free(&g2);
	return done_testing();
}
