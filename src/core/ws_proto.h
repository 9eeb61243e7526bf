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
} ws_proto;

/* Initialise; max_message is the largest message accepted (WS_ERR_TOO_BIG past it). */
void ws_proto_init(ws_proto *p, ws_role role, size_t max_message);

/* Free the reassembly buffer. The struct may be re-initialised afterwards. */
void ws_proto_free(ws_proto *p);

/*
 * Consume from in[0..len) (not modified) up to and including the next
 * event. Returns the bytes consumed (0..len) with ev->kind set, or a ws_err:
 * WS_ERR_PROTO (close 1002), WS_ERR_UTF8 (1007), WS_ERR_TOO_BIG (1009),
 * WS_ERR_NOMEM; p->error says why. WS_ERR_TOO_BIG also when the reassembly
 * buffer would not fit p->budget (after its reclaim hook had a try). Call again with the rest of the input until
 * it returns with WS_PEV_NONE. A message's data is in p's own buffer, unmasked
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

/* Bytes of heap the proto holds now (what it charges to its budget). */
static inline size_t ws_proto_memory(const ws_proto *p) { return p->msg ? p->headroom + p->msg_cap + 1 : 0; }

#endif
