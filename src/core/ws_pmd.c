/* ws_pmd.c: permessage-deflate on the server's connections: negotiation at the
 * handshake, compressing what a connection sends, and broadcast frames
 * compressed once for every connection that can share them. */
#include <string.h>
#include <strings.h>

#include "core/ws_conn_int.h"
#include "core/ws_handshake.h"
#include "core/ws_pmd.h"

void ws_conn_negotiate_deflate(ws_conn *c, const ws_handshake_req *req)
{
	ws_slice values[WS_HS_MAX_HEADERS];
	size_t n = 0;

	for (size_t k = 0; k < req->nheaders; k++) {
		const ws_header *h = &req->headers[k];
		if (h->name.n == 24 && strncasecmp((const char *) h->name.p, "Sec-WebSocket-Extensions", 24) == 0) {
			values[n++] = h->value; /* several lines form one list, in order (RFC 9110 §5.3) */
		}
	}
	ws_pmd_negotiate(values, n, &c->ep->cfg->compression, &c->pmd);
}

const char *ws_conn_deflate_answer(const ws_conn *c, char *out)
{
	if (!c->pmd.enabled || ws_pmd_answer(&c->pmd, out, WS_PMD_ANSWER_MAX) < 0) {
		return NULL;
	}
	return out;
}

const ws_pmd_params *ws_conn_deflate_params(const ws_conn *c) { return &c->pmd; }

/* What zlib's deflateInit2 allocates: window and prev (2 x 2^bits each), the
 * hash heads (2 x 2^(memLevel+7)), the pending buffer (4 x 2^(memLevel+6)),
 * and its state (under 6 KiB). Asked of the budget before a deflater is made. */
static size_t deflater_cost(int bits, int mem_level)
{
	return ((size_t) 1 << (bits + 2)) + ((size_t) 1 << (mem_level + 9)) + 8192;
}

/* Whether the message may go compressed to c at all. */
static int may_compress(const ws_conn *c, uint8_t opcode, size_t len, int flags)
{
	return c->pmd.enabled && !(flags & WS_SEND_UNCOMPRESSED) && !WS_IS_CONTROL(opcode) &&
	       len >= c->ep->cfg->compression.threshold && c->pmd.server_max_window_bits >= 9;
}

static void count_deflated(ws_endpoint *ep, size_t in, size_t out)
{
	ep->stats->messages_deflated++;
	ep->stats->deflate_in += in;
	ep->stats->deflate_out += out;
}

ssize_t ws_conn_deflate(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len, int flags, size_t skip)
{
	ws_endpoint *ep = c->ep;
	int takeover = !c->pmd.server_no_context_takeover;
	ws_conn_extra *x = c->extra;
	/* What x->defl is charged for: its memory changes only in here, so it is
	 * what it was when the last call left (0: none yet). */
	size_t charged = x ? ws_deflater_memory(x->defl) : 0;
	ssize_t n;

	if (!may_compress(c, opcode, len, flags)) {
		return 0;
	}
	if (takeover && !(x && x->defl)) {
		if (!ws_budget_request(&c->mem, deflater_cost(c->pmd.server_max_window_bits, ep->cfg->compression.mem_level))) {
			return 0; /* no history yet: this one can go uncompressed */
		}
		if (!(x = ws_conn_extra_get(c))) {
			return WS_ERR_NOMEM;
		}
	}
	/* Without context takeover the deflater is the endpoint's: own is not used. */
	n = ws_pmd_compress(&ep->pmd, &c->pmd, takeover ? &x->defl : NULL, data, len, skip);
	if (takeover && x->defl) {
		size_t now = ws_deflater_memory(x->defl);
		if (now > charged) {
			ws_budget_charge(&c->mem, now - charged);
		} else {
			ws_budget_release(&c->mem, charged - now);
		}
	}
	if (n <= 0) {
		return n;
	}
	/* Without context takeover nothing depends on this compression: send
	 * the message as it is when that is no bigger (RFC 7692 §6 allows any
	 * message uncompressed). With it, the peer's window must see it. */
	if (!takeover && (size_t) n >= len) {
		return 0;
	}
	count_deflated(ep, len, (size_t) n);
	return n;
}

void ws_conn_deflate_free(ws_conn *c)
{
	ws_conn_extra *x = c->extra;

	if (x && x->defl) {
		ws_budget_release(&c->mem, ws_deflater_memory(x->defl));
		ws_deflater_free(x->defl);
		x->defl = NULL;
	}
}

/* --- one message for many connections --- */

void ws_frame_set_init(ws_frame_set *fs, uint8_t opcode, const uint8_t *data, size_t len, int flags)
{
	memset(fs, 0, sizeof(*fs));
	fs->opcode = opcode;
	fs->flags = flags;
	fs->data = data;
	fs->len = len;
}

static ws_shared *frame_build(ws_endpoint *ep, uint8_t opcode, uint8_t rsv, const uint8_t *payload, size_t len)
{
	uint8_t hdr[WS_FRAME_MAX_HEADER];
	size_t hlen = ws_frame_header_encode(hdr, opcode, 1, rsv, len, NULL);
	ws_shared *f = ws_shared_new(hlen + len, &ep->budget.node);

	if (f) {
		memcpy(f->data, hdr, hlen);
		memcpy(f->data + hlen, payload, len);
	}
	return f;
}

static ws_shared *plain_frame(ws_frame_set *fs, ws_endpoint *ep)
{
	if (!fs->plain) {
		fs->plain = frame_build(ep, fs->opcode, 0, fs->data, fs->len);
	}
	return fs->plain;
}

ws_shared *ws_frame_set_frame(ws_frame_set *fs, ws_conn *c)
{
	ws_endpoint *ep = c->ep;
	int bits = c->pmd.server_max_window_bits;

	if (!may_compress(c, fs->opcode, fs->len, fs->flags)) {
		return plain_frame(fs, ep);
	}
	if (!c->pmd.server_no_context_takeover) {
		return NULL; /* its own deflater, its own bytes */
	}
	if (!fs->tried[bits]) {
		ssize_t n = ws_pmd_compress(&ep->pmd, &c->pmd, NULL, fs->data, fs->len, 0);
		fs->tried[bits] = 1;
		if (n > 0 && (size_t) n < fs->len) {
			fs->deflated[bits] = frame_build(ep, fs->opcode, WS_RSV1, ep->pmd.scratch, (size_t) n);
			if (fs->deflated[bits]) {
				count_deflated(ep, fs->len, (size_t) n);
			}
		}
		ws_pmd_scratch_trim(&ep->pmd);
	}
	return fs->deflated[bits] ? fs->deflated[bits] : plain_frame(fs, ep);
}

int ws_conn_send_set(ws_conn *c, ws_frame_set *fs)
{
	ws_shared *f = ws_frame_set_frame(fs, c);

	if (f) {
		return ws_conn_send_shared(c, f);
	}
	return ws_conn_send_flags(c, fs->opcode, fs->data, fs->len, NULL, fs->flags);
}

void ws_frame_set_release(ws_frame_set *fs)
{
	ws_shared_unref(fs->plain);
	fs->plain = NULL;
	for (int b = 0; b <= WS_PMD_MAX_BITS; b++) {
		ws_shared_unref(fs->deflated[b]);
		fs->deflated[b] = NULL;
	}
}
