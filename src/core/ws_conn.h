/*
 * ws_conn.h: the connection API: what the binding (or an application of the
 * core) does with one WebSocket connection, whichever endpoint (a server
 * today, a client later) made it. Every function may be called from inside
 * any callback; closing never frees inside a callback (the connection is
 * freed after the loop pass).
 */
#ifndef WS_CONN_H
#define WS_CONN_H

#include "core/ws_common.h"
#include "core/ws_deflate.h"

typedef struct ws_conn ws_conn;


typedef enum ws_conn_state {
	WS_CONN_HANDSHAKE = 0,
	WS_CONN_OPEN,
	WS_CONN_CLOSING, /* close frame sent or received; waiting for the other side or the flush */
	WS_CONN_CLOSED   /* TCP closed; freed after this loop pass */
} ws_conn_state;

#define WS_SEND_BACKPRESSURE 1 /* ws_conn_send: accepted, queue over high_watermark */
#define WS_SEND_UNCOMPRESSED 1 /* ws_conn_send_flags(): never compress this message */

/*
 * Send a data or control message (opcode TEXT, BINARY, PING, PONG). Copies data.
 * Returns WS_OK (accepted, queue within high_watermark), WS_SEND_BACKPRESSURE
 * (accepted, over it; on_drain will follow), WS_ERR_CLOSED (not open),
 * WS_ERR_FULL (over max_buffered: dropped with WS_POLICY_DROP and reported to
 * on_error, or the connection is now closing with 1008), WS_ERR_NOMEM.
 */
int ws_conn_send(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len);

/* A payload the core may keep instead of copying: retain(ud) when it queues
 * the bytes, release(ud) once they are written or dropped. */
typedef struct ws_ref {
	void (*retain)(void *ud);
	void (*release)(void *ud);
	void *ud;
} ws_ref;

/* ws_conn_send() that, for a large payload the socket does not take at once,
 * queues a reference (ref) instead of a copy. ref NULL: copy. Same returns. */
int ws_conn_send_ex(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len, const ws_ref *ref);
/* ws_conn_send_ex() with flags (WS_SEND_UNCOMPRESSED). A text or binary
 * message on a connection that negotiated permessage-deflate is compressed
 * when it is at least compression.threshold bytes long and, without context
 * takeover, only if that makes it smaller. */
int ws_conn_send_flags(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len, const ws_ref *ref, int flags);
/* What the connection negotiated (enabled 0: no permessage-deflate). */
const ws_pmd_params *ws_conn_deflate_params(const ws_conn *c);

/* From on_message: take the message's buffer instead of copying the data
 * out. The caller owns the returned allocation (ws_free()):
 * cfg.message_headroom free bytes, then msg->data, then one spare byte. */
void *ws_conn_adopt_message(ws_conn *c);

/* Start the closing handshake with code and reason (validated by the caller).
 * No effect unless open. */
void ws_conn_close(ws_conn *c, uint16_t code, const uint8_t *reason, size_t reason_len);

ws_conn_state ws_conn_get_state(const ws_conn *c);
uint64_t ws_conn_id(const ws_conn *c);
size_t ws_conn_buffered(const ws_conn *c);
/* The peer's address as text ("192.0.2.1", "2001:db8::1", "unix"), in a
 * buffer of this thread's that the next call overwrites. */
const char *ws_conn_remote_ip(const ws_conn *c);
int ws_conn_remote_port(const ws_conn *c);
/* The raw request head (for headers, path, query); valid while the connection lives. */
ws_slice ws_conn_request(const ws_conn *c);
/* Free the stored request head once the binding has its own copy (an idle
 * connection then costs only its struct); ws_conn_request() is empty after. */
void ws_conn_release_request(ws_conn *c);
/* Hand the stored request head over to the caller, who frees it with
 * ws_free(): no copy is made. *len gets its length; ws_conn_request() is
 * empty after. NULL (and *len 0) when none is stored. */
uint8_t *ws_conn_take_request(ws_conn *c, size_t *len);
/* Index into config subprotocols, or -1 (also when on_handshake chose another). */
int ws_conn_subprotocol(const ws_conn *c);
/* The subprotocol answered in the 101, or NULL. */
const char *ws_conn_subprotocol_name(const ws_conn *c);
/* Last ping round trip in microseconds, or -1 if none measured yet. */
int64_t ws_conn_rtt_us(const ws_conn *c);
/* The connection's transport (ws_transport.h; TLS details in ws_tls.h), or NULL for plain TCP. */
struct ws_transport *ws_conn_transport(ws_conn *c);
/* Binding's pointer (the PHP object). */
void *ws_conn_get_user(const ws_conn *c);
void ws_conn_set_user(ws_conn *c, void *user);

#endif
