/* ws_proto.c: message reassembly, control frames and close parsing (RFC 6455 §5.4-5.5, §7). */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "core/ws_proto.h"

/* Reassembly buffers this big ask for transparent huge pages: a multi-MiB
 * message is written to fresh memory, and faulting it in 4 KiB pages (each
 * zeroed, charged and mapped) cost more than the payload copies. */
#define WS_HUGE_BUFFER ((size_t) 4 << 20)
#define WS_HUGE_PAGE   ((uintptr_t) 2 << 20)

void ws_proto_init(ws_proto *p, ws_role role, size_t max_message)
{
	memset(p, 0, sizeof(*p));
	/* The frame limit never goes under a control frame's 125 bytes: a small
	 * max_message must not turn a legal ping into "too big". Data frames are
	 * held to max_message by on_header(). */
	ws_frame_decoder_init(&p->dec, role,
	                      max_message == 0 ? SIZE_MAX : max_message < WS_MAX_CONTROL_PAYLOAD ? WS_MAX_CONTROL_PAYLOAD : max_message);
	/* Payload is copied anyway (into the message buffer, which becomes the
	 * binding's string): unmask while copying, not before. */
	p->dec.keep_masked = 1;
	p->max_message = max_message ? max_message : SIZE_MAX;
}

/* Free the reassembly buffer only (an inflater kept for context takeover stays). */
static void msg_free(ws_proto *p)
{
	ws_budget_release(p->budget, ws_proto_msg_memory(p));
	ws_free(p->msg);
	p->msg = NULL;
	p->msg_len = p->msg_cap = 0;
}

/* Give the inflater back (one message without context takeover) or free it. */
static void inflater_release(ws_proto *p, int to_pool)
{
	if (!p->inf) {
		return;
	}
	ws_budget_release(p->budget, p->inf_charged);
	p->inf_charged = 0;
	if (to_pool) {
		ws_pmd_return_inflater(p->pmd_ctx, p->inf);
	} else {
		ws_inflater_free(p->inf);
	}
	p->inf = NULL;
}

void ws_proto_free(ws_proto *p)
{
	msg_free(p);
	inflater_release(p, 0);
	p->msg_compressed = 0;
}

void ws_proto_set_deflate(ws_proto *p, const ws_pmd_params *params, ws_pmd_ctx *ctx)
{
	p->pmd = params->enabled;
	p->pmd_takeover = !params->client_no_context_takeover;
	p->pmd_bits = params->client_max_window_bits;
	p->pmd_ctx = ctx;
	p->dec.allowed_rsv = params->enabled ? WS_RSV1 : 0;
}

void *ws_proto_adopt(ws_proto *p)
{
	void *m = p->msg;

	ws_budget_release(p->budget, ws_proto_msg_memory(p)); /* the caller's memory from now on */
	p->msg = NULL;
	p->msg_cap = 0;
	return m;
}

int ws_close_code_valid(unsigned code)
{
	return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

static ssize_t fail(ws_proto *p, int err, const char *why)
{
	p->error = why;
	return err;
}

/* The message buffer, resized to size bytes (p->msg is left alone on failure). */
static uint8_t *msg_resize(ws_proto *p, size_t size)
{
	uint8_t *m;

	if (size < WS_HUGE_BUFFER) {
		return ws_realloc(p->msg, size);
	}
	/* Not realloc: the hint must come before the bytes are copied in. */
	if (!(m = ws_malloc(size))) {
		return NULL;
	}
#ifdef MADV_HUGEPAGE
	{
		uintptr_t from = ((uintptr_t) m + WS_HUGE_PAGE - 1) & ~(WS_HUGE_PAGE - 1);
		uintptr_t to = ((uintptr_t) m + size) & ~(WS_HUGE_PAGE - 1);
		if (to > from) {
			madvise((void *) from, to - from, MADV_HUGEPAGE); /* a hint: failure changes nothing */
		}
	}
#endif
	if (p->msg) {
		memcpy(m, p->msg, p->headroom + p->msg_len);
		ws_free(p->msg);
	}
	return m;
}

/* Copy a payload chunk, unmasking it on the way when it is still masked. */
static void copy_chunk(uint8_t *dst, const ws_frame_event *fe)
{
	if (fe->mask) {
		ws_mask_copy(dst, fe->data.p, fe->data.n, fe->mask, fe->pos);
	} else {
		memcpy(dst, fe->data.p, fe->data.n);
	}
}

/* Resize the message buffer to cap bytes of data, within the budget. */
static int msg_reserve(ws_proto *p, size_t cap)
{
	size_t held = ws_proto_msg_memory(p);
	uint8_t *m;

	if (!ws_budget_request(p->budget, p->headroom + cap + 1 - held)) {
		return WS_ERR_BUDGET;
	}
	m = msg_resize(p, p->headroom + cap + 1);
	if (!m) {
		return WS_ERR_NOMEM;
	}
	p->msg = m;
	p->msg_cap = cap;
	ws_budget_charge(p->budget, ws_proto_msg_memory(p) - held);
	return 0;
}

static int msg_append(ws_proto *p, const ws_frame_event *fe)
{
	size_t n = fe->data.n;

	if (p->msg_len + n > p->msg_cap || !p->msg) {
		/* Grow by doubling what has arrived, never beyond what the frame header
		 * announced: a declared length is not trusted with memory until the
		 * bytes are here (it may be up to max_message_size, or a lie). */
		size_t need = p->msg_len + n;
		size_t announced = need + (size_t) p->dec.remaining;
		size_t cap = p->msg_cap ? p->msg_cap : 4096;
		int r;
		while (cap < need) {
			cap *= 2;
		}
		if (cap > announced && p->dec.fin) {
			cap = announced; /* the last frame: exactly the message's size */
		}
		if ((r = msg_reserve(p, cap)) < 0) {
			return r;
		}
	}
	copy_chunk(p->msg + p->headroom + p->msg_len, fe);
	p->msg_len += n;
	return 0;
}

static ssize_t grow_failed(ws_proto *p, int err)
{
	if (err == WS_ERR_BUDGET) {
		return fail(p, WS_ERR_TOO_BIG, "server memory budget exceeded");
	}
	return fail(p, WS_ERR_NOMEM, "out of memory");
}

/* The message is delivered. Its buffer is still what the event points at, so
 * it is released at the start of the next feed. */
static void msg_done(ws_proto *p)
{
	if (p->msg_compressed && !p->pmd_takeover) {
		inflater_release(p, 1); /* an idle connection holds no inflater */
	}
	p->msg_compressed = 0;
	p->msg_opcode = 0;
	p->msg_total = 0;
	p->msg_len = 0;
}

/* The compressed bytes a message of max_message bytes may take: DEFLATE's
 * stored blocks add 5 bytes per 64 KiB to data that does not compress. */
static size_t wire_limit(size_t max_message)
{
	size_t slack = (max_message >> 10) + 64;
	return max_message > SIZE_MAX - slack ? SIZE_MAX : max_message + slack;
}

static ssize_t on_header(ws_proto *p, const ws_frame_event *fe)
{
	size_t limit = p->max_message;

	/* RFC 7692 §6.1: RSV1 marks the first frame of a compressed message, and nothing else. */
	if ((fe->rsv & WS_RSV1) && (fe->opcode == WS_OP_CONT || WS_IS_CONTROL(fe->opcode))) {
		return fail(p, WS_ERR_PROTO, fe->opcode == WS_OP_CONT ? "RSV1 set on a continuation frame"
		                                                      : "RSV1 set on a control frame");
	}
	switch (fe->opcode) {
	case WS_OP_CONT:
		if (!p->msg_opcode) {
			return fail(p, WS_ERR_PROTO, "continuation frame without a message to continue");
		}
		break;
	case WS_OP_TEXT:
	case WS_OP_BINARY:
		if (p->msg_opcode) {
			return fail(p, WS_ERR_PROTO, "new data frame inside a fragmented message");
		}
		p->msg_opcode = fe->opcode;
		p->msg_total = 0;
		p->msg_compressed = (fe->rsv & WS_RSV1) != 0;
		if (fe->opcode == WS_OP_TEXT) {
			ws_utf8_init(&p->utf8);
		}
		break;
	default:
		p->ctl_len = 0;
		return 0;
	}
	/* Refuse before any allocation: the whole message must fit (compressed:
	 * its wire bytes; the inflated size is held to max_message while inflating). */
	if (p->msg_compressed) {
		limit = wire_limit(p->max_message);
	}
	if (fe->length > limit - p->msg_total) {
		return fail(p, WS_ERR_TOO_BIG, "message larger than max_message_size");
	}
	p->msg_total += fe->length;
	return 0;
}

static ssize_t on_control(ws_proto *p, ws_proto_event *ev)
{
	ev->data = WS_SLICE(p->ctl, p->ctl_len);
	switch (p->dec.opcode) {
	case WS_OP_PING:
		ev->kind = WS_PEV_PING;
		return 0;
	case WS_OP_PONG:
		ev->kind = WS_PEV_PONG;
		return 0;
	}
	/* RFC 6455 §5.5.1: an optional 2-byte code, then a UTF-8 reason. */
	ev->kind = WS_PEV_CLOSE;
	if (p->ctl_len == 0) {
		ev->code = 1005;
		return 0;
	}
	if (p->ctl_len == 1) {
		return fail(p, WS_ERR_PROTO, "close frame with a 1-byte payload");
	}
	ev->code = (uint16_t) ((p->ctl[0] << 8) | p->ctl[1]);
	if (!ws_close_code_valid(ev->code)) {
		return fail(p, WS_ERR_PROTO, "invalid close code");
	}
	if (!ws_utf8_valid(p->ctl + 2, p->ctl_len - 2u)) {
		return fail(p, WS_ERR_UTF8, "close reason is not valid UTF-8");
	}
	ev->data = WS_SLICE(p->ctl + 2, p->ctl_len - 2u);
	return 0;
}

/* --- compressed messages (RFC 7692 §7.2.2) --- */

/* zlib's memory as it grows (its window is allocated on first output). */
static int inflater_charge(ws_proto *p)
{
	size_t now = ws_inflater_memory(p->inf);

	if (now > p->inf_charged) {
		ws_budget_charge(p->budget, now - p->inf_charged);
	} else {
		ws_budget_release(p->budget, p->inf_charged - now);
	}
	p->inf_charged = now;
	return 0;
}

/* The inflater for a compressed message starting: kept (context takeover), borrowed or new. */
static ssize_t inflater_take(ws_proto *p)
{
	/* What an inflater with a 15-bit window costs, near enough to ask the budget first. */
	size_t cost = 8192 + ((size_t) 1 << (p->pmd_takeover ? p->pmd_bits : WS_PMD_MAX_BITS));

	if (p->inf) {
		return 0;
	}
	if (!ws_budget_request(p->budget, cost)) {
		return fail(p, WS_ERR_TOO_BIG, "server memory budget exceeded");
	}
	p->inf = p->pmd_takeover ? ws_inflater_new(p->pmd_bits) : ws_pmd_borrow_inflater(p->pmd_ctx);
	if (!p->inf) {
		return fail(p, WS_ERR_NOMEM, "out of memory");
	}
	return inflater_charge(p);
}

static ssize_t inflate_failed(ws_proto *p)
{
	p->error = ws_inflater_error(p->inf);
	/* RFC 7692 leaves the code to RFC 6455: data not consistent with a text message is 1007. */
	return p->msg_opcode == WS_OP_TEXT ? WS_ERR_UTF8 : WS_ERR_PROTO;
}

/* Inflate src[0..n) into the message buffer, growing it up to max_message
 * (one byte more is room to notice a bomb), checking text as it comes out. */
static ssize_t inflate_into_message(ws_proto *p, const uint8_t *src, size_t n)
{
	int more = 1; /* the output filled up last time: zlib may hold more */

	while (n > 0 || more) {
		size_t room, produced = 0, before = n;
		uint8_t *out;
		int rc;

		if (p->msg_len == p->msg_cap || !p->msg) {
			size_t cap = p->msg_cap ? p->msg_cap * 2 : 4096;
			size_t top = p->max_message == SIZE_MAX ? SIZE_MAX - p->headroom - 2 : p->max_message + 1;
			int r;
			if (cap > top || cap < p->msg_cap) {
				cap = top;
			}
			if (cap <= p->msg_len) {
				return fail(p, WS_ERR_TOO_BIG, "message larger than max_message_size");
			}
			if ((r = msg_reserve(p, cap)) < 0) {
				return grow_failed(p, r);
			}
		}
		out = p->msg + p->headroom + p->msg_len;
		room = p->msg_cap - p->msg_len;
		rc = ws_inflate(p->inf, &src, &n, out, room, &produced);
		inflater_charge(p);
		if (rc == WS_ERR_NOMEM) {
			return fail(p, WS_ERR_NOMEM, "out of memory");
		}
		if (rc < 0) {
			return inflate_failed(p);
		}
		p->msg_len += produced;
		if (p->msg_len > p->max_message) {
			return fail(p, WS_ERR_TOO_BIG, "message larger than max_message_size");
		}
		if (produced && p->msg_opcode == WS_OP_TEXT && ws_utf8_feed(&p->utf8, out, produced) < 0) {
			return fail(p, WS_ERR_UTF8, "text message is not valid UTF-8");
		}
		if (rc == 1) {
			/* A block with BFINAL set ended the DEFLATE stream (§7.2.3.3
			 * allows it): what follows starts a new one. */
			ws_inflater_reset(p->inf);
		}
		more = produced == room;
		if (!more && produced == 0 && n == before && rc != 1) {
			break; /* zlib wants more input than this */
		}
	}
	return 0;
}

/* A payload chunk of a compressed message: unmask it in pieces on the stack
 * (the caller's input stays as it was) and inflate. */
static ssize_t inflate_chunk(ws_proto *p, const ws_frame_event *fe)
{
	uint8_t buf[8192];
	size_t off = 0;
	ssize_t r;

	if (!fe->data.n) {
		return 0;
	}
	if ((r = inflater_take(p)) < 0) {
		return r;
	}
	if (!fe->mask) {
		return inflate_into_message(p, fe->data.p, fe->data.n);
	}
	while (off < fe->data.n) {
		size_t k = fe->data.n - off < sizeof(buf) ? fe->data.n - off : sizeof(buf);
		ws_mask_copy(buf, fe->data.p + off, k, fe->mask, fe->pos + off);
		if ((r = inflate_into_message(p, buf, k)) < 0) {
			return r;
		}
		off += k;
	}
	return 0;
}

/* The message's last frame is in: the 00 00 FF FF its sender removed (§7.2.2). */
static ssize_t inflate_tail(ws_proto *p)
{
	static const uint8_t tail[4] = {0x00, 0x00, 0xff, 0xff};
	ssize_t r;

	if ((r = inflater_take(p)) < 0 || (r = inflate_into_message(p, tail, sizeof(tail))) < 0) {
		return r;
	}
	return 0;
}

ssize_t ws_proto_feed(ws_proto *p, uint8_t *in, size_t len, ws_proto_event *ev)
{
	size_t used = 0;

	ev->kind = WS_PEV_NONE;
	ev->compressed = 0;
	if (p->msg_opcode == 0 && p->msg) {
		/* No buffer outlives its message: an idle connection holds no reassembly memory. */
		msg_free(p);
	}
	while (used < len || (p->dec.in_payload && p->dec.remaining == 0)) {
		ws_frame_event fe;
		ssize_t r = ws_frame_decode(&p->dec, in + used, len - used, &fe);

		if (r < 0) {
			p->error = p->dec.error;
			return r;
		}
		used += (size_t) r;
		if (fe.kind == WS_EV_NONE) {
			break;
		}
		if (fe.kind == WS_EV_HEADER) {
			if ((r = on_header(p, &fe)) < 0) {
				return r;
			}
			continue;
		}
		/* PAYLOAD */
		if (WS_IS_CONTROL(fe.opcode)) {
			copy_chunk(p->ctl + p->ctl_len, &fe);
			p->ctl_len += (uint8_t) fe.data.n;
			if (!fe.last) {
				continue;
			}
			if ((r = on_control(p, ev)) < 0) {
				return r;
			}
			return (ssize_t) used;
		}
		/* Every data chunk is copied into the message buffer, a message in
		 * one piece too: the copy is the unmasking pass, and the buffer (sized
		 * exactly for a message in one frame) is what the binding adopts as
		 * its string, so the payload is touched once after the read. */
		if (p->msg_compressed) {
			if ((r = inflate_chunk(p, &fe)) < 0) {
				return r;
			}
		} else if (fe.data.n) {
			const uint8_t *chunk;
			if ((r = msg_append(p, &fe)) < 0) {
				return grow_failed(p, (int) r);
			}
			chunk = p->msg + p->headroom + p->msg_len - fe.data.n;
			if (p->msg_opcode == WS_OP_TEXT && ws_utf8_feed(&p->utf8, chunk, fe.data.n) < 0) {
				return fail(p, WS_ERR_UTF8, "text message is not valid UTF-8");
			}
		}
		if (!(fe.last && fe.fin)) {
			continue;
		}
		/* An empty payload is an empty message: the tail alone would be a
		 * stored block cut short, which a window kept for the next message
		 * must not hold. */
		if (p->msg_compressed && p->msg_total && (r = inflate_tail(p)) < 0) {
			return r;
		}
		if (!p->msg && (r = msg_append(p, &fe)) < 0) {
			return grow_failed(p, (int) r); /* an empty message gets a buffer too */
		}
		ev->data = WS_SLICE(p->msg + p->headroom, p->msg_len);
		if (p->msg_opcode == WS_OP_TEXT && !ws_utf8_complete(&p->utf8)) {
			return fail(p, WS_ERR_UTF8, "text message ends inside a UTF-8 sequence");
		}
		ev->kind = WS_PEV_MESSAGE;
		ev->opcode = p->msg_opcode;
		ev->compressed = p->msg_compressed;
		ev->wire = p->msg_total;
		msg_done(p);
		return (ssize_t) used;
	}
	return (ssize_t) used;
}
