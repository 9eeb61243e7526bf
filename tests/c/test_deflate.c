/*
 * test_deflate.c: permessage-deflate (RFC 7692): negotiation against §7,
 * the streams, and compressed messages through ws_proto: RSV1 rules (§6.1),
 * fragmented and empty messages, the 00 00 FF FF tail (§7.2.2), bad streams,
 * bombs held to max_message while inflating, and inflate memory in the budget.
 *
 * Compressed test input is made with zlib directly (not ws_deflate_message()),
 * so the inflate side is not checked only against our own deflate.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/ws_deflate.h"
#include "core/ws_proto.h"
#include "frames.h"
#include "guard.h"
#include "tap.h"

/* --- negotiation --- */

static const char *negotiate(const ws_pmd_config *cfg, const char *const *lines, size_t n)
{
	static char out[WS_PMD_ANSWER_MAX];
	ws_slice v[8];
	ws_pmd_params p;

	for (size_t k = 0; k < n; k++) {
		v[k] = WS_SLICE(lines[k], strlen(lines[k]));
	}
	if (!ws_pmd_negotiate(v, n, cfg, &p)) {
		return "(declined)";
	}
	if (ws_pmd_answer(&p, out, sizeof(out)) < 0) {
		return "(answer too big)";
	}
	return out;
}

static const char *neg1(const ws_pmd_config *cfg, const char *line)
{
	return negotiate(cfg, &line, 1);
}

static void test_negotiation(void)
{
	ws_pmd_config def, take, small, off;
	const char *two[] = {"permessage-deflate; foo", "x-other, permessage-deflate; server_max_window_bits=12"};

	ws_pmd_config_defaults(&def);
	take = def;
	take.server_no_context_takeover = take.client_no_context_takeover = 0;
	small = def;
	small.server_max_window_bits = 10;
	small.client_max_window_bits = 9;
	off = def;
	off.enabled = 0;

	/* The default mode: no context takeover either way, asked even when not offered (§7.1.1). */
	is_str(neg1(&def, "permessage-deflate"), "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
	is_str(neg1(&def, "permessage-deflate; client_max_window_bits"),
	       "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
	is_str(neg1(&off, "permessage-deflate"), "(declined)");
	/* Context takeover allowed: only what the client asked for. */
	is_str(neg1(&take, "permessage-deflate"), "permessage-deflate");
	is_str(neg1(&take, "permessage-deflate; server_no_context_takeover"), "permessage-deflate; server_no_context_takeover");
	is_str(neg1(&take, "permessage-deflate; client_no_context_takeover"), "permessage-deflate; client_no_context_takeover");
	/* server_max_window_bits: same or smaller than offered; may be named unasked. */
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=10"), "permessage-deflate; server_max_window_bits=10");
	is_str(neg1(&small, "permessage-deflate; server_max_window_bits=12"),
	       "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10");
	is_str(neg1(&small, "permessage-deflate"),
	       "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=8"), "permessage-deflate; server_max_window_bits=8");
	/* client_max_window_bits: only when offered; the smaller of the offer and the server's. */
	is_str(neg1(&small, "permessage-deflate; client_max_window_bits"),
	       "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; "
	       "client_max_window_bits=9");
	is_str(neg1(&take, "permessage-deflate; client_max_window_bits=11"), "permessage-deflate; client_max_window_bits=11");
	is_str(neg1(&take, "permessage-deflate; client_max_window_bits"), "permessage-deflate");
	is_str(neg1(&take, "permessage-deflate; client_max_window_bits=8"), "permessage-deflate; client_max_window_bits=8");
	/* Quoted values, spaces, case. */
	is_str(neg1(&take, "permessage-deflate ;server_max_window_bits = \"11\"  ;  client_max_window_bits=\"9\""),
	       "permessage-deflate; server_max_window_bits=11; client_max_window_bits=9");
	is_str(neg1(&take, "PerMessage-Deflate; Server_No_Context_Takeover"), "permessage-deflate; server_no_context_takeover");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=\"1\\1\""), "permessage-deflate; server_max_window_bits=11");
	/* Invalid offers are declined, never an error; the next valid one is taken. */
	is_str(neg1(&take, "permessage-deflate; foo"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=7"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=16"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=010"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=\"\""), "(declined)");
	is_str(neg1(&take, "permessage-deflate; client_max_window_bits=0"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_no_context_takeover=1"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_no_context_takeover; server_no_context_takeover"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; client_max_window_bits; client_max_window_bits=10"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10"), "(declined)");
	is_str(neg1(&take, "permessage-deflate;"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; =1"), "(declined)");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=\"10"), "(declined)");
	is_str(neg1(&take, "x-webkit-deflate-frame"), "(declined)");
	is_str(neg1(&take, ""), "(declined)");
	is_str(neg1(&take, "permessage-deflate; foo, permessage-deflate; server_max_window_bits=12"),
	       "permessage-deflate; server_max_window_bits=12");
	is_str(neg1(&take, "permessage-deflate; x=\"a,b\", permessage-deflate; client_no_context_takeover"),
	       "permessage-deflate; client_no_context_takeover");
	is_str(neg1(&take, "permessage-deflate; server_max_window_bits=10, permessage-deflate"),
	       "permessage-deflate; server_max_window_bits=10");
	is_str(neg1(&take, " , ,permessage-deflate,"), "permessage-deflate");
	is_str(neg1(&take, "foo; bar=\"x;y\", permessage-deflate"), "permessage-deflate");
	/* Several header lines form one list, in order. */
	is_str(negotiate(&take, two, 2), "permessage-deflate; server_max_window_bits=12");
}

/* --- streams --- */

/* Raw DEFLATE with a sync flush and the tail removed, as a peer sends it (zlib directly). */
static uint8_t *peer_deflate(const uint8_t *in, size_t n, int bits, int final_block, size_t *out_n)
{
	z_stream z;
	size_t cap = n + n / 100 + 128;
	uint8_t *out = malloc(cap);

	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 6, Z_DEFLATED, -bits, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *) in;
	z.avail_in = (uInt) n;
	z.next_out = out;
	z.avail_out = (uInt) cap;
	deflate(&z, final_block ? Z_FINISH : Z_SYNC_FLUSH);
	*out_n = cap - z.avail_out;
	deflateEnd(&z);
	if (!final_block && *out_n >= 4 && memcmp(out + *out_n - 4, "\0\0\xff\xff", 4) == 0) {
		*out_n -= 4;
	}
	return out;
}

static void test_streams(void)
{
	static const size_t sizes[] = {0, 1, 2, 100, 4095, 4096, 65536, 300000};
	ws_deflater *d = ws_deflater_new(1, 15, 8);
	uint8_t *buf = NULL;
	size_t cap = 0;

	ok(d != NULL);
	ok(ws_deflater_memory(d) > 200000); /* 15 bits, memLevel 8: about 260 KiB */
	ok(ws_deflater_new(1, 8, 8) == NULL); /* zlib refuses a raw 8-bit deflater */
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k], got = 0;
		uint8_t *in = malloc(n + 1), *out = malloc(n + 16);
		const uint8_t *src;
		size_t left;
		ssize_t z;
		ws_inflater *f = ws_inflater_new(15);
		for (size_t i = 0; i < n; i++) {
			in[i] = (uint8_t) ("abcabcxyz"[i % 9] + (i % 1000 == 0));
		}
		z = ws_deflate_message(d, in, n, 1, &buf, &cap, 10);
		ok(z > 0);
		ok(z >= 1);
		if (n == 0) {
			is_mem(buf + 10, (size_t) z, "\x00", 1); /* §7.2.3.6 */
		}
		memcpy(buf + 10 + z, "\x00\x00\xff\xff", 4);
		src = buf + 10;
		left = (size_t) z + 4;
		is_int(ws_inflate(f, &src, &left, out, n + 16, &got), 0);
		is_int(left, 0);
		is_mem(out, got, in, n);
		ws_inflater_free(f);
		free(in);
		free(out);
	}
	ws_deflater_free(d);
	free(buf);
}

/* --- through ws_proto --- */

typedef struct run {
	ws_proto p;
	ws_budget_root budget;
	size_t peak;      /* most the budget was charged during the run */
	int err;
	int nmsg;
	uint8_t op[8];
	uint8_t compressed[8];
	uint8_t *data[8];
	size_t n[8];
} run;

static void run_init(run *r, size_t max, const ws_pmd_params *params, ws_pmd_ctx *ctx)
{
	memset(r, 0, sizeof(*r));
	ws_proto_init(&r->p, WS_ROLE_SERVER, max);
	r->p.budget = &r->budget.node;
	if (params) {
		ws_proto_set_deflate(&r->p, params, ctx);
	}
}

static void run_feed(run *r, uint8_t *in, size_t n)
{
	size_t used = 0;

	for (int spins = 0; !r->err && spins < 100000; spins++) {
		ws_proto_event ev;
		ssize_t k = ws_proto_feed(&r->p, in + used, n - used, &ev);
		if (r->budget.node.used > r->peak) {
			r->peak = r->budget.node.used;
		}
		if (k < 0) {
			r->err = (int) k;
			return;
		}
		used += (size_t) k;
		if (ev.kind == WS_PEV_NONE) {
			return;
		}
		if (ev.kind == WS_PEV_MESSAGE && r->nmsg < 8) {
			r->op[r->nmsg] = ev.opcode;
			r->compressed[r->nmsg] = ev.compressed;
			r->n[r->nmsg] = ev.data.n;
			r->data[r->nmsg] = malloc(ev.data.n + 1);
			memcpy(r->data[r->nmsg], ev.data.p, ev.data.n);
			r->nmsg++;
		}
	}
}

static void run_free(run *r)
{
	for (int i = 0; i < r->nmsg; i++) {
		free(r->data[i]);
	}
	ws_proto_free(&r->p);
}

static ws_pmd_params params_default(void)
{
	ws_pmd_params p;
	memset(&p, 0, sizeof(p));
	p.enabled = 1;
	p.server_no_context_takeover = p.client_no_context_takeover = 1;
	p.server_max_window_bits = p.client_max_window_bits = 15;
	return p;
}

/* One compressed message in frames of `chunk` payload bytes (0: one frame). */
static void compressed_message(stream *s, uint8_t op, const uint8_t *z, size_t zn, size_t chunk)
{
	size_t off = 0;
	int first = 1;

	if (!chunk || chunk >= zn) {
		frame_raw(s, (uint8_t) (0x80 | 0x40 | op), MASK, zn, 0, z);
		return;
	}
	while (off < zn) {
		size_t k = zn - off < chunk ? zn - off : chunk;
		int fin = off + k == zn;
		frame_raw(s, (uint8_t) ((fin ? 0x80 : 0) | (first ? 0x40 | op : 0)), MASK, k, 0, z + off);
		off += k;
		first = 0;
	}
}

static void test_proto_messages(void)
{
	static guard g;
	ws_pmd_params pd = params_default();
	ws_pmd_ctx ctx;
	ws_pmd_config cfg;
	const char *text = "Hello, compressed world! Hello, compressed world! héhé";
	size_t zn, tn = strlen(text);
	uint8_t *z = peer_deflate((const uint8_t *) text, tn, 15, 0, &zn);
	stream s = {0};
	run r;
	int bad = 0;

	ws_pmd_config_defaults(&cfg);
	ws_pmd_ctx_init(&ctx, &cfg);

	/* One frame, RFC 7692 §7.2.3.1's own example: "Hello" as f2 48 cd c9 c9 07 00. */
	{
		const uint8_t hello[] = {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00};
		run_init(&r, 1 << 20, &pd, &ctx);
		compressed_message(&s, 1, hello, sizeof(hello), 0);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, 0);
		is_int(r.nmsg, 1);
		is_mem(r.data[0], r.n[0], "Hello", 5);
		ok(r.compressed[0]);
		is_int(r.p.inf_charged, 0); /* given back: an idle connection holds no inflater */
		is_int(ctx.nspare, 1);
		is_int(r.budget.node.used, ws_proto_msg_memory(&r.p));
		run_free(&r);
		s.n = 0;
	}
	/* §7.2.3.1 again, fragmented: f2 48 cd | c9 c9 07 00 (RSV1 on the first frame only). */
	{
		const uint8_t hello[] = {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00};
		run_init(&r, 1 << 20, &pd, &ctx);
		compressed_message(&s, 1, hello, sizeof(hello), 3);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.nmsg, 1);
		is_mem(r.data[0], r.n[0], "Hello", 5);
		run_free(&r);
		s.n = 0;
	}
	/* §7.2.3.3: a block with BFINAL set, then the next message on the same stream state. */
	{
		size_t fn;
		uint8_t *fz = peer_deflate((const uint8_t *) text, tn, 15, 1, &fn);
		run_init(&r, 1 << 20, &pd, &ctx);
		compressed_message(&s, 1, fz, fn, 0);
		compressed_message(&s, 1, z, zn, 0);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, 0);
		is_int(r.nmsg, 2);
		is_mem(r.data[0], r.n[0], text, tn);
		is_mem(r.data[1], r.n[1], text, tn);
		run_free(&r);
		free(fz);
		s.n = 0;
	}
	/* Every split of a fragmented compressed text message gives the same message. */
	compressed_message(&s, 1, z, zn, 7);
	for (size_t k = 0; k <= s.n; k++) {
		static guard g2;
		run_init(&r, 1 << 20, &pd, &ctx);
		run_feed(&r, guard_put(&g, s.p, k), k);
		run_feed(&r, guard_put(&g2, s.p + k, s.n - k), s.n - k);
		bad += r.err != 0 || r.nmsg != 1 || r.n[0] != tn || memcmp(r.data[0], text, tn) != 0;
		run_free(&r);
	}
	is_int(bad, 0);
	s.n = 0;
	/* Empty compressed messages: a 0x00 block (§7.2.3.6), and no payload at all. */
	run_init(&r, 1 << 20, &pd, &ctx);
	compressed_message(&s, 2, (const uint8_t *) "\x00", 1, 0);
	frame_raw(&s, 0x80 | 0x40 | 2, MASK, 0, 0, NULL);
	frame_raw(&s, 0x00 | 0x40 | 1, MASK, 0, 0, NULL); /* fragmented empty: RSV1, then a FIN continuation */
	frame_raw(&s, 0x80, MASK, 0, 0, NULL);
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, 0);
	is_int(r.nmsg, 3);
	is_int(r.n[0] + r.n[1] + r.n[2], 0);
	run_free(&r);
	s.n = 0;
	/* An uncompressed message between compressed ones (§6: per message). */
	run_init(&r, 1 << 20, &pd, &ctx);
	compressed_message(&s, 1, z, zn, 0);
	frame_raw(&s, 0x81, MASK, 3, 0, (const uint8_t *) "abc");
	compressed_message(&s, 1, z, zn, 0);
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.nmsg, 3);
	ok(r.compressed[0] && !r.compressed[1] && r.compressed[2]);
	is_mem(r.data[1], r.n[1], "abc", 3);
	is_mem(r.data[2], r.n[2], text, tn);
	run_free(&r);
	s.n = 0;
	/* Context takeover: the second message refers back into the first. */
	{
		ws_pmd_params pt = pd;
		z_stream zs;
		uint8_t out[512], frame1[256], frame2[256];
		size_t n1, n2;
		pt.client_no_context_takeover = 0;
		memset(&zs, 0, sizeof(zs));
		deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
		zs.next_in = (Bytef *) text; zs.avail_in = (uInt) tn; zs.next_out = frame1; zs.avail_out = sizeof(frame1);
		deflate(&zs, Z_SYNC_FLUSH);
		n1 = sizeof(frame1) - zs.avail_out - 4;
		zs.next_in = (Bytef *) text; zs.avail_in = (uInt) tn; zs.next_out = frame2; zs.avail_out = sizeof(frame2);
		deflate(&zs, Z_SYNC_FLUSH);
		n2 = sizeof(frame2) - zs.avail_out - 4;
		deflateEnd(&zs);
		ok(n2 < n1 / 2); /* the second is mostly a back reference */
		run_init(&r, 1 << 20, &pt, &ctx);
		compressed_message(&s, 1, frame1, n1, 0);
		compressed_message(&s, 1, frame2, n2, 0);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, 0);
		is_int(r.nmsg, 2);
		is_mem(r.data[1], r.n[1], text, tn);
		ok(r.p.inf_charged > 0); /* kept between messages */
		run_free(&r);
		is_int(r.budget.node.used, 0);
		(void) out;
		s.n = 0;
	}
	/* RSV1 misuse: on a continuation, on a control frame, without negotiation: 1002. */
	run_init(&r, 1 << 20, &pd, &ctx);
	frame_raw(&s, 0x01, MASK, 2, 0, (const uint8_t *) "ab");
	frame_raw(&s, 0x80 | 0x40, MASK, 2, 0, (const uint8_t *) "cd");
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, WS_ERR_PROTO);
	is_str(r.p.error, "RSV1 set on a continuation frame");
	run_free(&r);
	s.n = 0;
	run_init(&r, 1 << 20, &pd, &ctx);
	frame_raw(&s, 0x80 | 0x40 | 9, MASK, 0, 0, NULL);
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, WS_ERR_PROTO);
	is_str(r.p.error, "RSV1 set on a control frame");
	run_free(&r);
	s.n = 0;
	run_init(&r, 1 << 20, NULL, NULL);
	compressed_message(&s, 1, z, zn, 0);
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, WS_ERR_PROTO);
	run_free(&r);
	s.n = 0;
	run_init(&r, 1 << 20, &pd, &ctx); /* RSV2 stays reserved */
	frame_raw(&s, 0x80 | 0x20 | 1, MASK, 1, 0, (const uint8_t *) "a");
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, WS_ERR_PROTO);
	run_free(&r);
	s.n = 0;
	/* A bad stream: 1007 for text, 1002 for binary (a block type 3 is invalid). */
	run_init(&r, 1 << 20, &pd, &ctx);
	compressed_message(&s, 1, (const uint8_t *) "\xff\xff\xff", 3, 0);
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, WS_ERR_UTF8);
	ok(r.p.error != NULL);
	run_free(&r);
	s.n = 0;
	run_init(&r, 1 << 20, &pd, &ctx);
	compressed_message(&s, 2, (const uint8_t *) "\xff\xff\xff", 3, 0);
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, WS_ERR_PROTO);
	run_free(&r);
	s.n = 0;
	/* Deflated invalid UTF-8 fails as the bytes come out, before the message ends. */
	{
		uint8_t bad_text[4000];
		size_t bn;
		uint8_t *bz;
		memset(bad_text, 'a', sizeof(bad_text));
		bad_text[10] = 0xff;
		bz = peer_deflate(bad_text, sizeof(bad_text), 15, 0, &bn);
		run_init(&r, 1 << 20, &pd, &ctx);
		frame_raw(&s, 0x40 | 1, MASK, bn, 0, bz); /* not FIN: the message never ends */
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, WS_ERR_UTF8);
		is_str(r.p.error, "text message is not valid UTF-8");
		run_free(&r);
		free(bz);
		s.n = 0;
	}
	/* Bombs: 10 MiB of zeros (about 10 KiB compressed) against max 1 MiB: 1009,
	 * with never more than the limit (and the inflater) charged. */
	{
		size_t big = 10u << 20, bn;
		uint8_t *zeros = calloc(1, big), *bz = peer_deflate(zeros, big, 15, 0, &bn);
		ok(bn < 20000);
		run_init(&r, 1u << 20, &pd, &ctx);
		compressed_message(&s, 2, bz, bn, 0);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, WS_ERR_TOO_BIG);
		ok(r.peak < (1u << 20) + 80000);
		diag("bomb: %zu compressed bytes, peak charged %zu", bn, r.peak);
		run_free(&r);
		is_int(r.budget.node.used, 0);
		s.n = 0;
		/* The same message fits a limit of exactly 10 MiB, and not one byte less. */
		run_init(&r, big, &pd, &ctx);
		compressed_message(&s, 2, bz, bn, 1000);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, 0);
		is_int(r.nmsg, 1);
		is_int(r.n[0], big);
		run_free(&r);
		run_init(&r, big - 1, &pd, &ctx);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, WS_ERR_TOO_BIG);
		run_free(&r);
		s.n = 0;
		/* A budget too small for the message: refused as too big (1009), nothing left charged. */
		run_init(&r, big, &pd, &ctx);
		r.budget.limit = 300000;
		compressed_message(&s, 2, bz, bn, 0);
		run_feed(&r, guard_put(&g, s.p, s.n), s.n);
		is_int(r.err, WS_ERR_TOO_BIG);
		ok(r.peak <= 300000);
		run_free(&r);
		is_int(r.budget.node.used, 0);
		s.n = 0;
		free(zeros);
		free(bz);
	}
	/* The wire size of a compressed message is bounded too (before any allocation). */
	run_init(&r, 1000, &pd, &ctx);
	frame_raw(&s, 0x80 | 0x40 | 2, MASK, 5000, 0, NULL);
	run_feed(&r, guard_put(&g, s.p, s.n), s.n);
	is_int(r.err, WS_ERR_TOO_BIG);
	run_free(&r);
	s.n = 0;
	ws_pmd_ctx_free(&ctx);
	guard_free(&g);
	free(s.p);
	free(z);
}

int main(void)
{
	test_negotiation();
	test_streams();
	test_proto_messages();
	return done_testing();
}
