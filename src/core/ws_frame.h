/*
 * ws_frame.h: RFC 6455 §5 frame codec.
 *
 * The decoder is push-style (uWS, picohttpparser): feed it any split of the
 * byte stream and the same events come out in the same order. A header that
 * arrives in pieces is collected in a 14-byte spill inside the decoder; the
 * payload is never buffered here: PAYLOAD events point into the caller's
 * input, unmasked in place, or left masked for the caller to unmask while it
 * copies (keep_masked).
 */
#ifndef WS_FRAME_H
#define WS_FRAME_H

#include "core/ws_common.h"

#define WS_OP_CONT   0x0
#define WS_OP_TEXT   0x1
#define WS_OP_BINARY 0x2
#define WS_OP_CLOSE  0x8
#define WS_OP_PING   0x9
#define WS_OP_PONG   0xA

#define WS_RSV1 0x4
#define WS_RSV2 0x2
#define WS_RSV3 0x1

#define WS_FRAME_MAX_HEADER     14  /* 2 + 8 (64-bit length) + 4 (mask) */
#define WS_MAX_CONTROL_PAYLOAD  125 /* RFC 6455 §5.5 */

#define WS_IS_CONTROL(op) (((op) & 0x8) != 0)

typedef enum ws_role {
	WS_ROLE_SERVER, /* input comes from a client: frames must be masked */
	WS_ROLE_CLIENT  /* input comes from a server: frames must not be masked */
} ws_role;

typedef enum ws_frame_event_kind {
	WS_EV_NONE = 0, /* all input consumed into the spill; feed more */
	WS_EV_HEADER,   /* a complete, validated frame header */
	WS_EV_PAYLOAD   /* a payload chunk (possibly empty); last = 1 ends the frame */
} ws_frame_event_kind;

typedef struct ws_frame_event {
	ws_frame_event_kind kind;
	uint8_t opcode; /* HEADER and PAYLOAD */
	uint8_t fin;    /* HEADER and PAYLOAD */
	uint8_t rsv;    /* HEADER: WS_RSV1|WS_RSV2|WS_RSV3 bits */
	uint8_t last;   /* PAYLOAD: this chunk ends the frame */
	uint64_t length; /* HEADER: the frame's payload length */
	ws_slice data;  /* PAYLOAD: the chunk, points into the caller's input */
	const uint8_t *mask; /* PAYLOAD: NULL if data is plain, else the key data is still masked with */
	uint64_t pos;   /* PAYLOAD: data's offset in the frame's payload (the mask phase) */
} ws_frame_event;

typedef struct ws_frame_decoder {
	uint8_t spill[WS_FRAME_MAX_HEADER];
	uint8_t spill_len;
	uint8_t in_payload;  /* 0: reading a header; 1: inside a payload */
	uint8_t opcode, fin, rsv, masked;
	uint8_t allowed_rsv; /* RSV bits an extension negotiated (WS_RSV1 for deflate) */
	uint8_t keep_masked; /* 1: leave payload masked (ev->mask, ev->pos): the caller
	                      * unmasks it with ws_mask_copy() as it copies, one pass */
	uint8_t mask[4];
	ws_role role;
	uint64_t remaining;  /* payload bytes still to come in this frame */
	uint64_t mask_pos;   /* offset into the payload, for the mask phase */
	uint64_t max_frame;  /* largest payload accepted; over it: WS_ERR_TOO_BIG at HEADER */
	const char *error;   /* static text after an error return */
} ws_frame_decoder;

/* Initialise for one direction of one connection. max_frame 0 means no limit
 * beyond 2^63-1. */
void ws_frame_decoder_init(ws_frame_decoder *d, ws_role role, uint64_t max_frame);

/*
 * Decode from in[0..len). Returns the bytes consumed (0..len) and fills ev:
 * - WS_EV_HEADER once a header is complete and valid (the per-frame rules of
 *   §5.2 and §5.5: masking by role, RSV bits not in allowed_rsv, reserved
 *   opcodes, fragmented or over-125-byte control frames, 64-bit length with
 *   the top bit set, and a length not in the minimal form, which §5.2 says
 *   MUST be used).
 * - WS_EV_PAYLOAD with the next chunk (unmasked in place: in is modified), or
 *   an empty chunk with last = 1 for a zero-length frame.
 * - WS_EV_NONE when everything was consumed without completing an event.
 * Sequence rules across frames (continuations, interleaving) are the caller's
 * (ws_proto). Returns WS_ERR_PROTO or WS_ERR_TOO_BIG (d->error says why); after
 * an error the decoder must not be fed again.
 */
ssize_t ws_frame_decode(ws_frame_decoder *d, uint8_t *in, size_t len, ws_frame_event *ev);

/* Write a frame header in the shortest length form into out; returns its size
 * (2..14). mask NULL writes an unmasked header (server to client). length
 * must be below 2^63 (RFC 6455 §5.2); callers hold messages to far less. */
size_t ws_frame_header_encode(uint8_t out[WS_FRAME_MAX_HEADER], uint8_t opcode, int fin, uint8_t rsv,
                              uint64_t length, const uint8_t *mask);

/* XOR data with mask, starting at payload offset pos (so chunks can be
 * unmasked independently). Works 64 bytes at a time in vector lanes. */
void ws_mask(uint8_t *data, size_t len, const uint8_t mask[4], uint64_t pos);

/* The same, writing to dst: unmasking while copying is one pass over the
 * bytes, not two. dst and src are either the same or do not overlap. */
void ws_mask_copy(uint8_t *dst, const uint8_t *src, size_t len, const uint8_t mask[4], uint64_t pos);

#endif
