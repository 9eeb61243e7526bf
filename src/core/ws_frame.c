/* ws_frame.c: RFC 6455 §5 frame decoder and header encoder. */
#include <string.h>

#include "core/ws_frame.h"

void ws_frame_decoder_init(ws_frame_decoder *d, ws_role role, uint64_t max_frame)
{
	memset(d, 0, sizeof(*d));
	d->role = role;
	d->max_frame = max_frame ? max_frame : UINT64_MAX >> 1;
}

#if defined(__GNUC__)
/* 16-byte lanes: SSE2 on x86-64, NEON on arm64, plain code elsewhere. */
typedef uint64_t ws_u64x2 __attribute__((vector_size(16)));
#endif

void ws_mask_copy(uint8_t *dst, const uint8_t *src, size_t len, const uint8_t mask[4], uint64_t pos)
{
	uint8_t m[8];
	uint64_t m8;
	size_t i = 0;

	for (int k = 0; k < 8; k++) {
		m[k] = mask[(pos + (uint64_t) k) & 3];
	}
	memcpy(&m8, m, 8);
	/* Each block is loaded before it is stored, so dst == src is fine. */
#if defined(__GNUC__)
	{
		ws_u64x2 mv = {m8, m8};
		for (; i + 64 <= len; i += 64) {
			ws_u64x2 a, b, c, d;
			memcpy(&a, src + i, 16);
			memcpy(&b, src + i + 16, 16);
			memcpy(&c, src + i + 32, 16);
			memcpy(&d, src + i + 48, 16);
			a ^= mv;
			b ^= mv;
			c ^= mv;
			d ^= mv;
			memcpy(dst + i, &a, 16);
			memcpy(dst + i + 16, &b, 16);
			memcpy(dst + i + 32, &c, 16);
			memcpy(dst + i + 48, &d, 16);
		}
	}
#endif
	for (; i + 8 <= len; i += 8) {
		uint64_t v;
		memcpy(&v, src + i, 8);
		v ^= m8;
		memcpy(dst + i, &v, 8);
	}
	/* 8 is a multiple of 4, so the phase at i is the phase at 0. */
	for (; i < len; i++) {
		dst[i] = src[i] ^ m[i & 7];
	}
}

void ws_mask(uint8_t *data, size_t len, const uint8_t mask[4], uint64_t pos)
{
	ws_mask_copy(data, data, len, mask, pos);
}

static inline int header_size(const uint8_t *h, size_t have)
{
	size_t need = 2;

	if (have < 2) {
		return 0;
	}
	switch (h[1] & 0x7f) {
	case 126: need += 2; break;
	case 127: need += 8; break;
	}
	if (h[1] & 0x80) {
		need += 4;
	}
	return have >= need ? (int) need : -(int) need;
}

static ssize_t fail(ws_frame_decoder *d, int err, const char *why)
{
	d->error = why;
	return err;
}

/* Validate the complete header h; sets up the payload state. */
static int take_header(ws_frame_decoder *d, const uint8_t *h, ws_frame_event *ev)
{
	uint8_t b0 = h[0], b1 = h[1];
	uint8_t op = b0 & 0x0f;
	uint64_t len = b1 & 0x7f;
	const uint8_t *p = h + 2;

	d->fin = b0 >> 7;
	d->rsv = (b0 >> 4) & 7;
	d->opcode = op;
	d->masked = b1 >> 7;

	if (len == 126) {
		len = ((uint64_t) p[0] << 8) | p[1];
		p += 2;
		if (len < 126) {
			return fail(d, WS_ERR_PROTO, "payload length not in the minimal form");
		}
	} else if (len == 127) {
		len = 0;
		for (int i = 0; i < 8; i++) {
			len = (len << 8) | p[i];
		}
		p += 8;
		/* RFC 6455 §5.2: the most significant bit MUST be 0. */
		if (len >> 63) {
			return fail(d, WS_ERR_PROTO, "64-bit payload length with the top bit set");
		}
		/* RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length. */
		if (len <= 0xffff) {
			return fail(d, WS_ERR_PROTO, "payload length not in the minimal form");
		}
	}
	if (d->masked) {
		memcpy(d->mask, p, 4);
	}
	/* RFC 6455 §5.1: a server MUST close on an unmasked client frame, a client on a masked one. */
	if (d->role == WS_ROLE_SERVER && !d->masked) {
		return fail(d, WS_ERR_PROTO, "client frame is not masked");
	}
	if (d->role == WS_ROLE_CLIENT && d->masked) {
		return fail(d, WS_ERR_PROTO, "server frame is masked");
	}
	/* RFC 6455 §5.2: RSV bits MUST be 0 unless an extension defines them. */
	if (d->rsv & ~d->allowed_rsv) {
		return fail(d, WS_ERR_PROTO, "reserved bits set");
	}
	switch (op) {
	case WS_OP_CONT: case WS_OP_TEXT: case WS_OP_BINARY:
		break;
	case WS_OP_CLOSE: case WS_OP_PING: case WS_OP_PONG:
		/* RFC 6455 §5.5: control frames MUST NOT be fragmented and carry at most 125 bytes. */
		if (!d->fin) {
			return fail(d, WS_ERR_PROTO, "fragmented control frame");
		}
		if (len > WS_MAX_CONTROL_PAYLOAD) {
			return fail(d, WS_ERR_PROTO, "control frame payload over 125 bytes");
		}
		break;
	default:
		return fail(d, WS_ERR_PROTO, "reserved opcode");
	}
	if (len > d->max_frame) {
		return fail(d, WS_ERR_TOO_BIG, "frame larger than max_message_size");
	}
	d->remaining = len;
	d->mask_pos = 0;
	d->in_payload = 1;
	ev->kind = WS_EV_HEADER;
	ev->opcode = op;
	ev->fin = d->fin;
	ev->rsv = d->rsv;
	ev->length = len;
	ev->last = 0;
	ev->data = WS_SLICE(NULL, 0);
	ev->mask = NULL;
	ev->pos = 0;
	return 0;
}

ssize_t ws_frame_decode(ws_frame_decoder *d, uint8_t *in, size_t len, ws_frame_event *ev)
{
	ev->kind = WS_EV_NONE;

	if (d->in_payload) {
		size_t n = d->remaining < len ? (size_t) d->remaining : len;

		if (n == 0 && d->remaining != 0) {
			return 0; /* nothing to give yet */
		}
		ev->mask = NULL;
		ev->pos = d->mask_pos;
		if (d->masked) {
			if (d->keep_masked) {
				ev->mask = d->mask;
			} else {
				ws_mask(in, n, d->mask, d->mask_pos);
			}
		}
		d->mask_pos += n;
		d->remaining -= n;
		ev->kind = WS_EV_PAYLOAD;
		ev->opcode = d->opcode;
		ev->fin = d->fin;
		ev->rsv = d->rsv;
		ev->data = WS_SLICE(in, n);
		ev->last = d->remaining == 0;
		if (ev->last) {
			d->in_payload = 0;
		}
		return (ssize_t) n;
	}

	if (d->spill_len == 0) {
		/* Fast path: the whole header is in this input. */
		int hs = header_size(in, len);
		if (hs > 0) {
			int r = take_header(d, in, ev);
			return r < 0 ? r : hs;
		}
	}

	/* Slow path: collect the header in the spill, byte-exact so no input past it is taken. */
	size_t used = 0;
	for (;;) {
		int hs = header_size(d->spill, d->spill_len);
		size_t need;

		if (hs > 0) {
			int r = take_header(d, d->spill, ev);
			d->spill_len = 0;
			return r < 0 ? r : (ssize_t) used;
		}
		need = hs == 0 ? 2 : (size_t) -hs;
		if (used == len) {
			return (ssize_t) used;
		}
		size_t take = need - d->spill_len;
		if (take > len - used) {
			take = len - used;
		}
		memcpy(d->spill + d->spill_len, in + used, take);
		d->spill_len += (uint8_t) take;
		used += take;
	}
}

size_t ws_frame_header_encode(uint8_t out[WS_FRAME_MAX_HEADER], uint8_t opcode, int fin, uint8_t rsv,
                              uint64_t length, const uint8_t *mask)
{
	size_t n = 2;
	uint8_t mbit = mask ? 0x80 : 0;

	out[0] = (uint8_t) ((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f));
	if (length < 126) {
		out[1] = mbit | (uint8_t) length;
	} else if (length <= 0xffff) {
		out[1] = mbit | 126;
		out[2] = (uint8_t) (length >> 8);
		out[3] = (uint8_t) length;
		n = 4;
	} else {
		out[1] = mbit | 127;
		for (int i = 0; i < 8; i++) {
			out[2 + i] = (uint8_t) (length >> (56 - 8 * i));
		}
		n = 10;
	}
	if (mask) {
		memcpy(out + n, mask, 4);
		n += 4;
	}
	return n;
}
