/*
 * ws_conn_int.h: the server and connection structs, shared by ws_server.c and
 * ws_conn.c only. The binding uses the accessors in ws_server.h.
 */
#ifndef WS_CONN_INT_H
#define WS_CONN_INT_H

#include <sys/types.h>

#include "core/ws_buf.h"
#include "core/ws_net.h"
#include "core/ws_frame.h"
#include "core/ws_http.h"
#include "core/ws_proto.h"
#include "core/ws_server.h"

#ifndef WS_READ_BUFFER /* fuzz_conn makes it small, so reads of every size up to it are cheap to reach */
# define WS_READ_BUFFER (256u * 1024u) /* one per server: connections keep no read buffer */
#endif
#define WS_FD_RESERVE 32 /* descriptors kept for the application when sizing max_connections */

typedef struct ws_ip_entry ws_ip_entry;

struct ws_server {
	ws_loop *loop;
	int lfd;
	int port;
	int stopping;
	ws_server_config cfg;
	ws_server_callbacks cbs;
	void *ud;
	ws_conn *conns;  /* every live connection (handshake, open, closing) */
	ws_conn *closed; /* TCP closed this pass; finalized by ws_server_reap() */
	size_t nconns;
	uint64_t next_id;
	/* While a connection's input is dispatched to callbacks, every send is
	 * queued ("corked") and the connections written to are listed here; they
	 * are flushed with one writev each when the dispatch ends. Replies to a
	 * pipelined read, and broadcasts it triggers, cost one system call per
	 * connection instead of one per message. */
	int corked;
	ws_conn *pending;
	uint8_t *rbuf;   /* shared read buffer, WS_READ_BUFFER bytes, made on first use */
	ws_timer accept_timer;
	int stop_requested; /* stop() before run(): run() returns at once */
	struct ws_listener {
		int fd;
		int port;
		unsigned mode;
		pid_t unix_owner;
		char *host;
	} more[WS_MAX_LISTENERS - 1]; /* listeners added by ws_server_listen(), besides lfd */
	int nmore;
	char *host;         /* to listen again in a run() after a stop that closed the listener */
	pid_t unix_owner;   /* the process that made a unix:// socket file (removes it at the end), or 0 */
	struct ws_cidr *trusted; /* copy of cfg.trusted_proxies */
	int listener_shared;/* a worker: the listener is the master's, never drained or reopened here */
	int ctl_fd;         /* a worker's line to its master, or -1 */
	uint16_t shutdown_code;
	int signals;        /* run() watches the signal pipe */
	int stop_signals;   /* SIGTERM/SIGINT received in this run() */
	ws_timer shutdown_timer;
	uint64_t refused_reported;   /* refusals already in a log line */
	ws_timer stats_timer;        /* a worker reports its figures to the master every second */
	ws_server_stats all_stats;   /* every worker's, added up by the master */
	int all_workers;             /* how many workers all_stats covers; 0: none received yet */
	uint64_t all_at;             /* loop ms it arrived */
	uint64_t refused_report_at;  /* loop ms of the last such line */
	int spare_fd;       /* held open so that, out of descriptors, a client can still be accepted and told 503 */
	uint64_t fd_log_at; /* loop ms of the last "out of descriptors" line */
	uint64_t fd_hits_unlogged;
	ws_budget budget;   /* root: every connection's node has it as parent */
	ws_server_stats stats;
	ws_ip_entry **ips;  /* per-address counts: hash of chains */
	size_t ips_mask, nips;
	uint64_t ips_swept_at;
};

typedef enum ws_finish {
	WS_FINISH_NONE = 0,
	WS_FINISH_CLOSE,  /* closing handshake done: flush, then close TCP (the server closes first, §7.1.1) */
	WS_FINISH_LINGER  /* failed: flush, shut down writing, discard input until EOF or close_timeout */
} ws_finish;

struct ws_conn {
	ws_server *srv;
	ws_conn *prev, *next;   /* srv->conns */
	ws_conn *next_closed;   /* srv->closed */
	ws_conn *next_pending;  /* srv->pending */
	void *user;
	uint64_t id;
	int fd;
	uint8_t state;          /* ws_conn_state */
	uint8_t finish;         /* ws_finish */
	uint8_t opened;         /* on_open ran, so on_close is owed */
	uint8_t close_sent, close_received;
	uint8_t over_hwm;       /* send reported backpressure: on_drain owed */
	uint8_t pending;        /* on srv->pending: queued while corked, flushed after the dispatch */
	uint8_t ping_outstanding;
	uint8_t evicted;        /* its memory was reclaimed for the budget */
	uint8_t busy;           /* its input is being dispatched: its proto must not be freed */
	uint8_t close_reason_len;
	uint16_t close_code;    /* what on_close reports */
	int16_t subprotocol;
	uint16_t remote_port;
	uint64_t last_rx;       /* loop ms of the last byte read */
	uint64_t last_ping;     /* loop ms of the last automatic ping */
	uint64_t ping_sent_us;
	int64_t rtt_us;
	uint32_t ping_seq;
	ws_timer timer;         /* handshake, idle/ping or close timeout by state */
	ws_wq wq;
	uint8_t *req;           /* handshake bytes; after 101, exactly the request head */
	size_t req_len, req_cap;
	size_t req_scanned;     /* bytes already searched for the end of the head */
	size_t http_head;       /* a plain request whose body is being read: its head's length; else 0 */
	uint64_t body_len;      /* WS_BODY_LENGTH: the declared length */
	uint8_t body_mode;      /* WS_BODY_* */
	ws_chunked chunked;
	ws_ip_entry *ip;        /* its address's counts, or NULL */
	uint64_t rate_tokens;   /* max_messages_per_second bucket, in thousandths of a message */
	uint64_t rate_at;       /* loop ms of the last refill */
	ws_budget mem;          /* what this connection holds; parent: srv->budget */
	uint8_t *close_reason;  /* owned copy for on_close, close_reason_len bytes */
	char *proto_name;       /* owned: a subprotocol on_handshake chose that the server does not list */
	ws_proto proto;
	char remote_ip[46];
};

ws_conn *ws_conn_new(ws_server *srv, int fd, const char *ip, int port);
/* srv->budget's reclaim hook: evict the biggest holders other than requester
 * (closing them 1009 or 1008) until n fits or none holds more than requester. */
int ws_conn_reclaim(ws_budget *root, ws_budget *requester, size_t n);
/* Per-address limits at accept: 0 to go ahead (e counted), or the HTTP status to refuse with. */
int ws_ip_admit(ws_server *srv, const char *ip, ws_ip_entry **e);
void ws_ip_release(ws_server *srv, ws_ip_entry *e);
void ws_ip_free_all(ws_server *srv);
/* Close TCP now and queue the connection for finalization; code/reason are what
 * on_close reports unless a closing handshake already set them. Idempotent. */
void ws_conn_destroy(ws_conn *c, uint16_t code, const char *reason);
/* The process is ending: a best-effort, non-blocking close frame (after what
 * is queued, if that goes out at once), then ws_conn_destroy(). */
void ws_conn_abort(ws_conn *c, uint16_t code);
/* Answer a handshake under way with an HTTP error and close. */
void ws_conn_reject(ws_conn *c, int status, const char *why);
/* on_close (if opened), on_free, free. Only from ws_server_reap(). */
void ws_conn_finalize(ws_conn *c);
/* Queue a prebuilt frame by reference (broadcast); same returns as ws_conn_send. */
int ws_conn_send_shared(ws_conn *c, ws_shared *frame);
void ws_server_reap(ws_server *srv);

#endif
