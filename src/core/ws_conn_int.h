/*
 * ws_conn_int.h: the connection struct and the endpoint context it lives in,
 * shared by ws_conn.c and whatever provides endpoints (ws_server.c today, a
 * client later). The binding uses the accessors in ws_conn.h.
 */
#ifndef WS_CONN_INT_H
#define WS_CONN_INT_H

#include <sys/types.h>

#include "core/ws_buf.h"
#include "core/ws_net.h"
#include "core/ws_frame.h"
#include "core/ws_http.h"
#include "core/ws_idmap.h"
#include "core/ws_proto.h"
#include "core/ws_server.h"
#include "core/ws_topic.h"
#include "core/ws_transport.h"

#ifndef WS_READ_BUFFER /* fuzz_conn makes it small, so reads of every size up to it are cheap to reach */
# define WS_READ_BUFFER (256u * 1024u) /* one per endpoint: connections keep no read buffer */
#endif

typedef struct ws_ip_entry ws_ip_entry;

/*
 * What a connection needs from whoever made it, and nothing else: the loop,
 * the configuration and callbacks, the registry it is linked into, the cork
 * and the shared read buffer. A server embeds one (ws_server.ep); a client
 * endpoint can provide the same.
 */
typedef struct ws_endpoint ws_endpoint;
struct ws_endpoint {
	ws_loop *loop;
	const ws_server_config *cfg;
	const ws_server_callbacks *cbs;
	void *ud;
	ws_server *owner;        /* handed back to the callbacks; opaque here */
	ws_server_stats *stats;
	ws_budget_root budget;   /* every connection's node has it as parent */
	ws_conn *conns;          /* every live connection (handshake, open, closing) */
	ws_conn *closed;         /* TCP closed this pass; finalized by ws_endpoint_reap() */
	ws_idmap open;           /* by id, from on_open until on_close: what the application can look up */
	size_t nconns;
	uint64_t next_id;
	/* While a connection's input is dispatched to callbacks, every send is
	 * queued ("corked") and the connections written to are listed here; they
	 * are flushed with one writev each when the dispatch ends. Replies to a
	 * pipelined read, and broadcasts it triggers, cost one system call per
	 * connection instead of one per message. */
	int corked;
	ws_conn *pending;
	uint8_t *rbuf;           /* shared read buffer, WS_READ_BUFFER bytes, made on first use */
	ws_proto *spare_proto;   /* a receive state no connection holds now, kept for the next read (ws_conn.c) */
	int stopping;            /* a graceful stop is under way */
	uint16_t shutdown_code;  /* its close code (1001, 1012) */
	/* A connection is being destroyed: the endpoint's own accounting (the
	 * server's per-address counts). May be NULL. */
	void (*conn_gone)(ws_endpoint *ep, ws_conn *c);
	ws_pmd_ctx pmd;          /* permessage-deflate: shared deflaters, spare inflaters (ws_deflate.h) */
};

typedef enum ws_finish {
	WS_FINISH_NONE = 0,
	WS_FINISH_CLOSE,  /* closing handshake done: flush, then close TCP (the server closes first, §7.1.1) */
	WS_FINISH_LINGER  /* failed: flush, shut down writing, discard input until EOF or close_timeout */
} ws_finish;

/* What few connections have, kept out of struct ws_conn: one block, made when
 * the first of it is set (ws_conn_extra_get()), charged to the connection's
 * mem and freed at finalize. */
typedef struct ws_conn_extra {
	ws_deflater *defl;      /* server context takeover only: this connection's deflater, from its first compressed
	                         * message; charged to mem for ws_deflater_memory() (ws_pmd.c) */
	char *proto_name;       /* owned: a subprotocol on_handshake chose that the server does not list */
	uint8_t *close_reason;  /* owned copy for on_close, close_reason_len bytes */
	uint8_t close_reason_len;
} ws_conn_extra;

/* One per connection, so its size is what an idle connection costs the core
 * (see bench/NOTES.md, idle memory): fields are ordered without holes, state
 * used only before the 101 shares its bytes with state used only after it,
 * and the receive state is allocated only while input is in progress. */
struct ws_conn {
	ws_endpoint *ep;
	ws_conn *next;          /* ep->conns */
	/* Three forward links, not one: a connection destroyed while corked is
	 * on ep->closed and still on ep->pending (skipped at the uncork), and a
	 * walk of ep->conns that destroyed one may still step from it via next.
	 * prev is dead once ws_conn_destroy() has unlinked it from ep->conns,
	 * which is when it goes on ep->closed: the two share their bytes. */
	union {
		ws_conn *prev;        /* ep->conns, until ws_conn_destroy() */
		ws_conn *next_closed; /* ep->closed, from ws_conn_destroy() on */
	};
	ws_conn *next_pending;  /* ep->pending */
	ws_transport *tr;       /* TLS, or NULL: plain TCP on fd */
	void *user;
	uint64_t id;
	uint64_t last_rx;       /* loop ms of the last byte read */
	ws_timer timer;         /* handshake, idle/ping or close timeout by state */
	ws_wq wq;               /* charged to mem (passed to each ws_wq call) */
	uint8_t *req;           /* handshake bytes; after 101, exactly the request head (until the binding takes it) */
	uint32_t req_len, req_cap; /* at most max_header_size (1 MiB) + max_body_size (1 GiB) + 64 KiB: see read_handshake() */
	union {
		/* WS_CONN_HANDSHAKE only: reading the head, and a plain request's body (body_mode) */
		struct {
			ws_chunked chunked;
			uint64_t body_len;      /* WS_BODY_LENGTH: the declared length */
			uint32_t req_scanned;   /* bytes already searched for the end of the head (at most req_len) */
			uint32_t http_head;     /* a plain request whose body is being read: its head's length; else 0 */
		} hs;
		/* From the 101 on (zeroed by accept_upgrade()): pings and the message rate */
		struct {
			uint64_t last_ping;     /* loop ms of the last automatic ping */
			uint64_t ping_sent_us;
			int64_t rtt_us;         /* -1 until a pong answers a ping */
			uint64_t rate_tokens;   /* max_messages_per_second bucket, in thousandths of a message */
			uint64_t rate_at;       /* loop ms of the last refill */
			uint32_t ping_seq;
		} op;
	} u;
	ws_ip_entry *ip;        /* the server's per-address counts, or NULL (see conn_gone) */
	ws_budget mem;          /* what this connection holds; parent: ep->budget.node */
	ws_proto *proto;        /* receive state, only while input is in progress (conn_proto() in ws_conn.c); NULL when idle */
	ws_conn_extra *extra;   /* a close reason, an unlisted subprotocol's name, a deflater; NULL while none */
	ws_sub *subs;           /* its topics (ws_pubsub.c) */
	int fd;
	uint16_t close_code;    /* what on_close reports */
	int16_t subprotocol;
	/* The flags at a 4-byte boundary: process_frames() tests three of them
	 * at once for every frame, which is one test there. */
	unsigned state : 2;     /* ws_conn_state */
	unsigned finish : 2;    /* ws_finish */
	unsigned body_mode : 2; /* WS_BODY_* of a plain request's body (u.hs) */
	unsigned opened : 1;    /* on_open ran, so on_close is owed */
	unsigned close_sent : 1, close_received : 1;
	unsigned over_hwm : 1;  /* send reported backpressure: on_drain owed */
	unsigned pending : 1;   /* on ep->pending: queued while corked, flushed after the dispatch */
	unsigned ping_outstanding : 1;
	unsigned evicted : 1;   /* its memory was reclaimed for the budget */
	uint16_t remote_port;
	uint8_t busy;           /* its input is being dispatched (nested count): its proto must not be freed */
	ws_pmd_params pmd;      /* permessage-deflate as negotiated */
	ws_addr addr;           /* the peer (or the client a trusted proxy named), text on demand */
};

/* c->extra, made on first use; NULL if out of memory. */
ws_conn_extra *ws_conn_extra_get(ws_conn *c);
/* ws_idmap's key for ep->open. */
uint64_t ws_conn_id_of(const void *c);
/* A connection on fd (accepted, non-blocking) in ep, linked into its
 * registry and watched for reading; tr: its transport (NULL: plain TCP),
 * owned by the connection from here on, also on failure. NULL on failure
 * (fd is left to the caller). */
ws_conn *ws_conn_new(ws_endpoint *ep, int fd, const char *ip, int port, ws_transport *tr);
/* ep->budget's reclaim hook: evict the biggest holders other than requester
 * (closing them 1009 or 1008) until n fits or none holds more than requester. */
int ws_conn_reclaim(ws_budget_root *root, ws_budget *requester, size_t n);
/* Close TCP now and queue the connection for finalization; code/reason are what
 * on_close reports unless a closing handshake already set them. Idempotent. */
void ws_conn_destroy(ws_conn *c, uint16_t code, const char *reason);
/* The process is ending: a best-effort, non-blocking close frame (after what
 * is queued, if that goes out at once), then ws_conn_destroy(). */
void ws_conn_abort(ws_conn *c, uint16_t code);
/* Answer a handshake under way with an HTTP error and close. */
void ws_conn_reject(ws_conn *c, int status, const char *why);
/* on_close (if opened), on_free, free. Only from ws_endpoint_reap(). */
void ws_conn_finalize(ws_conn *c);
/* Queue a prebuilt frame by reference (broadcast); same returns as ws_conn_send. */
int ws_conn_send_shared(ws_conn *c, ws_shared *frame);
/* Free the connections closed during this pass (on_close, on_free, memory):
 * at a safe point after the callbacks, the loop's pass hook. */
void ws_endpoint_reap(ws_endpoint *ep);
/* Queue every send until the matching uncork (nestable), then write each
 * connection written to with one writev: around a connection's input, and
 * around a batch of publishes from the worker bus or Redis. */
void ws_endpoint_cork(ws_endpoint *ep);
void ws_endpoint_uncork(ws_endpoint *ep);
/* ws_pmd.c: negotiate from the request into c->pmd (at the handshake). */
void ws_conn_negotiate_deflate(ws_conn *c, const ws_handshake_req *req);
/* ws_pmd.c: the answer for the 101 into out (WS_PMD_ANSWER_MAX), or NULL when nothing was agreed. */
const char *ws_conn_deflate_answer(const ws_conn *c, char *out);
/* ws_pmd.c: compress a message for c into c->ep->pmd.scratch (after skip
 * bytes): its length, 0 to send it as it is, or WS_ERR_NOMEM. */
ssize_t ws_conn_deflate(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len, int flags, size_t skip);
/* ws_pmd.c: free the connection's deflater. */
void ws_conn_deflate_free(ws_conn *c);

#endif
