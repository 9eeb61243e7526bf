/*
 * ws_proto.h: the receive side of one WebSocket connection, sans I/O.
 *
 * Bytes go in, events come out: complete messages (fragments reassembled,
 * text validated as UTF-8 incrementally, failing fast), pings, pongs and the
 * peer's close. It never writes: the caller (ws_conn) answers pings and closes.
 * That keeps it testable and fuzzable on its own.
 */
#ifndef WS_PROTO_H
#define WS_PROTO_H

#include "core/ws_common.h"
#include "core/ws_frame.h"
#include "core/ws_utf8.h"
#include "core/ws_deflate.h"

typedef enum ws_proto_event_kind {
	WS_PEV_NONE = 0, /* input consumed, nothing complete yet */
	WS_PEV_MESSAGE,  /* opcode TEXT or BINARY, data = the whole message */
	WS_PEV_PING,     /* data = payload (0..125 bytes) */
	WS_PEV_PONG,     /* data = payload */
	WS_PEV_CLOSE     /* code (1005 if the frame had none), data = reason (valid UTF-8) */
} ws_proto_event_kind;

typedef struct ws_proto_event {
	ws_proto_event_kind kind;
	uint8_t opcode;
	uint16_t code;
	uint8_t compressed; /* MESSAGE: it arrived compressed (wire = its compressed size) */
	uint64_t wire;
	ws_slice data; /* valid until the next ws_proto_feed() call or ws_proto_free();
	                * MESSAGE: in p's own buffer, see ws_proto_adopt() */
} ws_proto_event;

typedef struct ws_proto {
	ws_frame_decoder dec;
	ws_utf8 utf8;
	uint8_t msg_opcode; /* TEXT/BINARY while a message is in progress, else 0 */
	uint8_t ctl_len;
	uint8_t *msg;       /* reassembly buffer, owned; NULL when idle; data starts at msg + headroom */
	size_t msg_len, msg_cap;
	size_t headroom;    /* bytes kept free before the data (and one after it), for ws_proto_adopt() */
	uint64_t msg_total; /* bytes of the current message so far */
	size_t max_message;
	ws_budget *budget;  /* charged with the reassembly buffer; NULL: not counted */
	uint8_t ctl[WS_MAX_CONTROL_PAYLOAD];
	const char *error;  /* static text after an error return */
	/* permessage-deflate, after ws_proto_set_deflate() */
	uint8_t pmd;            /* negotiated: RSV1 on a message's first frame marks it compressed */
	uint8_t pmd_takeover;   /* the client keeps its window across messages: so does the inflater */
	uint8_t pmd_bits;       /* the client's window bits */
	uint8_t msg_compressed; /* the message in progress is compressed */
	ws_inflater *inf;       /* while a compressed message arrives; kept between them with context takeover */
	size_t inf_charged;     /* what inf is charged to budget for */
	ws_pmd_ctx *pmd_ctx;    /* lends inflaters for one message each; NULL: new ones */
} ws_proto;

/* Initialise; max_message is the largest message accepted (WS_ERR_TOO_BIG past it). */
void ws_proto_init(ws_proto *p, ws_role role, size_t max_message);

/* Free the reassembly buffer and any inflater. The struct may be re-initialised afterwards. */
void ws_proto_free(ws_proto *p);

/*
 * Accept compressed messages as agreed in params (RFC 7692): RSV1 on the
 * first frame of a text or binary message marks it compressed; RSV1
 * elsewhere stays a protocol error. The inflated size is what max_message
 * limits, checked while inflating; the inflater's memory is charged to the
 * budget while it is held. Without client context takeover, an inflater is
 * borrowed from ctx (may be NULL) for each message and given back at its end.
 */
void ws_proto_set_deflate(ws_proto *p, const ws_pmd_params *params, ws_pmd_ctx *ctx);

/*
 * Consume from in[0..len) (not modified) up to and including the next
 * event. Returns the bytes consumed (0..len) with ev->kind set, or a ws_err:
 * WS_ERR_PROTO (close 1002), WS_ERR_UTF8 (1007), WS_ERR_TOO_BIG (1009),
 * WS_ERR_NOMEM; p->error says why. WS_ERR_TOO_BIG also when the reassembly
 * buffer would not fit p->budget (after its reclaim hook had a try). Call again with the rest of the input until
 * it returns with WS_PEV_NONE. A compressed message that does not inflate:
 * WS_ERR_UTF8 for text (1007), WS_ERR_PROTO for binary (1002). A message's
 * data is in p's own buffer, unmasked (and inflated)
 * while it was copied there, and may be adopted (ws_proto_adopt()); control
 * frame payloads are in p->ctl.
 */
ssize_t ws_proto_feed(ws_proto *p, uint8_t *in, size_t len, ws_proto_event *ev);

/*
 * Take the buffer of the message just returned (WS_PEV_MESSAGE): the caller
 * now owns the allocation (free it with ws_free()), which holds p->headroom
 * free bytes, then the data, then one spare byte. A binding sets headroom so
 * it can build its own string object around the data without copying it.
 */
void *ws_proto_adopt(ws_proto *p);

/* 1 for a close code a peer may send (RFC 6455 §7.4): 1000-1003, 1007-1014, 3000-4999. */
int ws_close_code_valid(unsigned code);

/* Bytes of heap the proto's reassembly buffer holds now. */
static inline size_t ws_proto_msg_memory(const ws_proto *p) { return p->msg ? p->headroom + p->msg_cap + 1 : 0; }
/* Bytes of heap the proto holds now (what it charges to its budget): the buffer and an inflater. */
static inline size_t ws_proto_memory(const ws_proto *p) { return ws_proto_msg_memory(p) + p->inf_charged; }

/* Nothing in progress: at a frame boundary, no fragmented message, no
 * inflater kept for context takeover. Such a state can be dropped and
 * re-initialised before the next input without losing anything. */
static inline int ws_proto_idle(const ws_proto *p)
{
	return !p->dec.in_payload && !p->dec.spill_len && !p->msg_opcode && !p->inf;
}

#endif
