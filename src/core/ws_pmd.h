/*
 * ws_pmd.h: permessage-deflate on the server's connections: one message sent
 * to many connections (broadcast, a topic's publish) compressed once.
 *
 * A ws_frame_set holds the message's payload and the frames built from it on
 * demand: the plain frame, and one compressed frame per server window size,
 * each shared by reference among every connection that agreed no server
 * context takeover with that window. A connection with context takeover gets
 * its own compression (its deflater's history is its own). Build it, call
 * ws_conn_send_set() for each receiver, release it.
 */
#ifndef WS_PMD_H
#define WS_PMD_H

#include "core/ws_buf.h"
#include "core/ws_deflate.h"
#include "core/ws_conn.h"

typedef struct ws_frame_set {
	uint8_t opcode;
	int flags;                 /* WS_SEND_UNCOMPRESSED: everyone gets the plain frame */
	const uint8_t *data;       /* the payload, borrowed until ws_frame_set_release() */
	size_t len;
	ws_shared *plain;          /* header + payload, made on first use (or given) */
	ws_shared *deflated[WS_PMD_MAX_BITS + 1]; /* by window bits; made on first use */
	uint8_t tried[WS_PMD_MAX_BITS + 1];       /* 1: compressed (deflated[] set) or found not worth it (NULL) */
} ws_frame_set;

/* A set for data[0..len) (kept by pointer: it must outlive the set). The
 * frames it builds are charged to the budget of the first connection's
 * endpoint (the server's), as a broadcast frame always was. */
void ws_frame_set_init(ws_frame_set *fs, uint8_t opcode, const uint8_t *data, size_t len, int flags);
/* The shared frame that goes to c (NULL: c needs a compression of its own,
 * or memory ran out). Built on the first call that needs it. */
ws_shared *ws_frame_set_frame(ws_frame_set *fs, ws_conn *c);
/* Queue the set's message on c: a shared frame, or c's own compression. Same returns as ws_conn_send(). */
int ws_conn_send_set(ws_conn *c, ws_frame_set *fs);
/* Drop the set's references (queued frames live on in the queues). */
void ws_frame_set_release(ws_frame_set *fs);

#endif
