/*
 * ws_server.h: a WebSocket server on one ws_loop: the listener, accept, the
 * opening handshake, the connection registry, the per-connection protocol,
 * write queues with backpressure, timers and the closing handshake.
 *
 * The binding sees opaque ws_server and ws_conn and a callbacks struct.
 * Reentrancy: from inside any callback the binding may send on any
 * connection, close any connection, broadcast, or stop the server. Closing
 * never frees inside a callback: the connection is freed after the loop pass.
 */
#ifndef WS_SERVER_H
#define WS_SERVER_H

#include "core/ws_common.h"
#include "core/ws_conn.h"
#include "core/ws_loop.h"
#include "core/ws_deflate.h"

typedef struct ws_server ws_server;

typedef enum ws_buffer_policy {
	WS_POLICY_CLOSE = 0, /* close 1008 */
	WS_POLICY_DROP = 1   /* drop the message, report WS_ERR_FULL to on_error */
} ws_buffer_policy;

typedef struct ws_server_config {
	const char *path;                 /* NULL: any */
	const char *const *subprotocols;
	size_t nsubprotocols;
	const char *const *origins;       /* NULL: no Origin check */
	size_t norigins;
	size_t max_message_size;
	size_t max_header_size;
	size_t max_connections;
	uint64_t handshake_timeout;       /* ms; 0 = none */
	uint64_t ping_interval;
	uint64_t idle_timeout;
	uint64_t close_timeout;
	size_t high_watermark;
	size_t max_buffered;
	ws_buffer_policy buffer_policy;
	int backlog;
	int reuse_port;
	size_t message_headroom;          /* see ws_conn_adopt_message() */
	size_t memory_budget;             /* bytes peers may make the engine hold, all connections together; 0 = no limit */
	size_t max_connections_per_ip;    /* 0 = no limit; over it: 429 */
	uint32_t handshake_rate_per_ip;   /* connections accepted per second per address (burst as big); 0 = off */
	uint32_t max_messages_per_second; /* per connection (burst as big); 0 = off */
	ws_buffer_policy rate_policy;     /* over it: close 1008, or drop and report WS_ERR_RATE */
	uint64_t shutdown_timeout;        /* ms a graceful stop may take; then what is left is closed; 0 = no limit */
	unsigned unix_mode;               /* file mode of a unix:// socket (0: 0660) */
	const struct ws_cidr *trusted_proxies; /* peers whose X-Forwarded-For / Forwarded name the client */
	size_t ntrusted_proxies;
	const char *health_path;          /* GET/HEAD here without Upgrade: 200 while serving, in C; NULL: none */
	const char *metrics_path;         /* GET here without Upgrade: the figures as OpenMetrics text, in C; NULL: none */
	const struct ws_cidr *metrics_allow; /* who may read metrics_path (others: 403); NULL: loopback only */
	size_t nmetrics_allow;
	int handle_signals;               /* run() turns SIGTERM/SIGINT into a graceful stop and SIGHUP into on_reload */
	size_t max_body_size;             /* a plain request's body (on_request); more: 413 */
	ws_pmd_config compression;        /* permessage-deflate (RFC 7692); .enabled 0: declined */
	uint32_t node_id;                 /* this server in cluster-wide connection ids; 0: random */
} ws_server_config;

/* Fill in the defaults the README's options table lists. */
void ws_server_config_defaults(ws_server_config *cfg);

typedef struct ws_message {
	uint8_t opcode;    /* WS_OP_TEXT or WS_OP_BINARY */
	ws_slice data;     /* valid during the callback only; may be taken with ws_conn_adopt_message() */
} ws_message;

/* What the application answers an upgrade request with (on_handshake). */
typedef struct ws_http_reply {
	int status;              /* 101: upgrade (preset); else an HTTP status 200-599 and no upgrade */
	const char *headers;     /* extra header lines, each "Name: value\r\n", checked by the caller; may be NULL */
	size_t headers_len;
	const uint8_t *body;     /* a refusal's body */
	size_t body_len;
	const char *subprotocol; /* 101: the subprotocol to answer (preset to the server's choice; NULL: none) */
} ws_http_reply;

#ifndef WS_HANDSHAKE_REQ_TYPEDEF
# define WS_HANDSHAKE_REQ_TYPEDEF
typedef struct ws_handshake_req ws_handshake_req;
#endif

typedef struct ws_server_callbacks {
	/* Handshake done, 101 queued. */
	void (*on_open)(ws_server *srv, ws_conn *conn, void *ud);
	void (*on_message)(ws_server *srv, ws_conn *conn, const ws_message *msg, void *ud);
	/* Exactly once per connection that got on_open, when its TCP connection is gone. */
	void (*on_close)(ws_server *srv, ws_conn *conn, uint16_t code, ws_slice reason, void *ud);
	/* The queue went over high_watermark and has now been written out. */
	void (*on_drain)(ws_server *srv, ws_conn *conn, void *ud);
	/* A message dropped by WS_POLICY_DROP (len = its size): WS_ERR_FULL (over
	 * max_buffered) or WS_ERR_BUDGET (memory budget) for a send, WS_ERR_RATE for
	 * a received message over max_messages_per_second. */
	void (*on_error)(ws_server *srv, ws_conn *conn, int err, size_t len, void *ud);
	/* A connection is about to be freed (after on_close, or never opened). */
	void (*on_free)(ws_server *srv, ws_conn *conn, void *ud);
	/* After every loop pass, also when a signal interrupted the wait (signal dispatch). */
	void (*on_tick)(ws_server *srv, void *ud);
	/* One line for the operator (no newline): a limit lowered at start, the
	 * open-file limit hit (rate-limited). May be called from ws_server_new(). */
	void (*on_log)(ws_server *srv, int level, const char *msg, void *ud);
	/* A graceful stop began (code 1001, or 1012 for a restart): the server no
	 * longer accepts; open connections get their close frame right after. */
	void (*on_shutdown)(ws_server *srv, uint16_t code, void *ud);
	/* SIGHUP, when the server runs on its own (not a worker). */
	void (*on_reload)(ws_server *srv, void *ud);
	/* An upgrade request passed the protocol checks (path, origins, key):
	 * accept it as it is, add headers, pick a subprotocol, or refuse it
	 * (reply->status). req and its slices are valid during the call only. */
	void (*on_handshake)(ws_server *srv, ws_conn *conn, const ws_handshake_req *req, ws_http_reply *reply, void *ud);
	/* A plain HTTP request (no upgrade) with its whole body (decoded if it was
	 * chunked): fill *reply (status preset to 200, subprotocol ignored). The
	 * answer carries Connection: close. NULL: such requests get 426. */
	void (*on_request)(ws_server *srv, ws_conn *conn, const ws_handshake_req *req, ws_slice body, ws_http_reply *reply,
	                   void *ud);
} ws_server_callbacks;


#define WS_STATS_STATUSES 9   /* 400 403 404 426 429 431 500 503, other */
#define WS_STATS_CLOSE_CODES 11 /* 1000 1001 1002 1003 1006 1007 1008 1009 1011 1012, other */

typedef struct ws_server_stats {
	size_t connections;      /* live: handshakes, open and closing */
	size_t max_connections;  /* effective (may be lower than configured: the open-file limit) */
	size_t memory_budget;    /* 0 = none */
	size_t memory_used;      /* bytes held for peers now */
	uint64_t memory_refusals;      /* requests refused and connections evicted for the budget */
	uint64_t fd_limit_hits;        /* accepts that met the open-file limit */
	uint64_t ip_limit_refusals;    /* handshakes answered 429 */
	uint64_t rate_limited_messages;/* messages over max_messages_per_second */
	uint64_t shutdown_dropped_connections; /* still open at shutdown_timeout, or at a second signal */
	uint64_t shutdown_dropped_bytes;       /* what send() had accepted for them and was not written */
	size_t handshaking, open, closing;     /* connections by state (computed when asked) */
	size_t queued_bytes;                   /* in every send queue (computed when asked) */
	uint64_t handshakes_accepted;
	uint64_t refused[WS_STATS_STATUSES];   /* handshakes and requests answered with an error, by ws_stats_status_index() */
	uint64_t messages_in, messages_out;    /* data messages (text and binary) */
	uint64_t bytes_in, bytes_out;          /* on the wire, frames and HTTP included */
	uint64_t closes[WS_STATS_CLOSE_CODES]; /* on_close codes, by ws_stats_close_index() */
	uint64_t dropped_messages;             /* sends dropped by the drop policy (max_buffered, budget) */
	uint64_t health_checks, metrics_scrapes;
	uint64_t tls_handshake_failures;       /* TLS handshakes that failed: garbage or plain HTTP, protocol, certificate */
	uint64_t messages_deflated, deflate_in, deflate_out;  /* sent compressed: count, bytes before, after */
	uint64_t messages_inflated, inflate_in, inflate_out;  /* received compressed: count, bytes on the wire, inflated */
	uint64_t started_ms;                   /* loop ms when run() began; 0 before */
	uint64_t uptime_ms;                    /* (computed when asked) */
} ws_server_stats;

/* The refused statuses and close codes counted one by one (the last slot of each: any other). */
extern const int ws_stats_statuses[WS_STATS_STATUSES];
extern const int ws_stats_close_codes[WS_STATS_CLOSE_CODES];
int ws_stats_status_index(int status);
int ws_stats_close_index(int code);
/* The figures as an OpenMetrics text page into a new ws_free()able buffer of *len bytes, or NULL. */
char *ws_server_metrics(const ws_server *srv, size_t *len);

void ws_server_get_stats(const ws_server *srv, ws_server_stats *st);
/* sum += x, figure by figure (uptime: the longest). */
void ws_stats_add(ws_server_stats *sum, const ws_server_stats *x);
/* In a worker: the figures of every worker of its master added up, as the
 * master last sent them (each worker reports every second). Returns 1 with
 * *sum, *workers and *age_ms set, or 0 if none has arrived yet. */
int ws_server_all_workers_stats(const ws_server *srv, ws_server_stats *sum, int *workers, uint64_t *age_ms);

/*
 * Create a server listening on host:port with a copy of cfg (strings and
 * arrays are copied). Returns NULL with errbuf set and errno kept on failure.
 */
ws_server *ws_server_new(const char *host, int port, const ws_server_config *cfg,
                         const ws_server_callbacks *cbs, void *ud, char *errbuf);
/* Close every connection at once (no callbacks but on_free) and free. Not from a callback. */
void ws_server_free(ws_server *srv);

ws_loop *ws_server_loop(ws_server *srv);
int ws_server_port(const ws_server *srv);

/* The open connections: those on_open was called for and on_close not yet. */
size_t ws_server_open_count(const ws_server *srv);
/* The open connection with this id, or NULL. */
ws_conn *ws_server_open_conn(const ws_server *srv, uint64_t id);
/* fn(c, ud) for every open connection, in no particular order; fn must not open or close any. */
void ws_server_each_open(const ws_server *srv, void (*fn)(ws_conn *c, void *ud), void *ud);
/* Up to max open connections into out, by increasing id; returns how many. */
size_t ws_server_open_conns(const ws_server *srv, ws_conn **out, size_t max);

#define WS_MAX_LISTENERS 8

/* Listen on one more address (same forms as ws_server_new()'s; unix_mode 0:
 * 0660), served like the first. Returns the bound port (0 for a unix
 * socket), or WS_ERR_IO / WS_ERR_FULL (too many) with errbuf set. */
int ws_server_listen(ws_server *srv, const char *host, int port, unsigned unix_mode, char *errbuf);
/* ws_server_listen() with the listener's transport chosen: tls 1 wss://
 * (needs ws_server_set_tls() first), 0 plain, -1 as the main listener. */
int ws_server_listen_tls(ws_server *srv, const char *host, int port, unsigned unix_mode, int tls, char *errbuf);

#ifndef WS_TLS_CTX_TYPEDEF
# define WS_TLS_CTX_TYPEDEF
typedef struct ws_tls_ctx ws_tls_ctx;
#endif
/* wss://: new handshakes on the TLS listeners use ctx (the server takes a
 * reference). The first call makes the main listener, and the listeners
 * added after by default, speak TLS; a later one is a reload: connections
 * already accepted keep the context they started with. */
void ws_server_set_tls(ws_server *srv, ws_tls_ctx *ctx);
/* The current TLS context, or NULL. */
ws_tls_ctx *ws_server_tls(const ws_server *srv);
/* Whether the listening socket lfd speaks TLS. */
int ws_server_listener_is_tls(const ws_server *srv, int lfd);

/* Every listening socket (for a master to share), at most max; returns the count. */
int ws_server_listen_fds(const ws_server *srv, int *fds, int max);

/* Run the loop until ws_server_stop() has finished. Returns 0 or WS_ERR_IO. */
int ws_server_run(ws_server *srv);
/* Graceful stop: ws_server_shutdown(srv, 1001). */
void ws_server_stop(ws_server *srv);
/*
 * Graceful stop with a close code (1001 going away, 1012 restart): stop
 * accepting at once (a listener this process alone owns is closed after
 * answering 503 to what is in its accept queue, so no client waits in a queue
 * nobody serves; a listener shared with other workers is only let go of),
 * on_shutdown, handshakes dropped, close frames to open connections, then
 * run() returns once all are gone: each connection bounded by close_timeout
 * without progress, all of them by shutdown_timeout (what is left then is
 * closed and counted). Again while stopping: nothing. Before run(): the next
 * run() returns at once.
 */
void ws_server_shutdown(ws_server *srv, uint16_t code);
/* During a graceful stop: close every connection left at once (a second SIGTERM). */
void ws_server_close_now(ws_server *srv);
/* The process is ending without a graceful stop (exit() in a callback, a
 * fatal error): send each open connection a close frame with code, on a
 * best-effort non-blocking write after what is queued, then close TCP. No
 * callback runs. Call ws_server_free() after. */
void ws_server_abort(ws_server *srv, uint16_t code);
/* In a process forked after ws_server_new(): a loop of its own. 0 or WS_ERR_IO. */
int ws_server_after_fork(ws_server *srv);
/* This server is a worker of a master (ws_master.h): its listener is shared,
 * connection ids start above id_base, and ctl_fd is its line to the master
 * ('S' stop, 'R' stop for a restart, 'K' close now; it writes 'U' once it
 * serves, 'X' when it recycles itself). */
void ws_server_become_worker(ws_server *srv, int ctl_fd, uint64_t id_base);
/* Worker: ask the master for a replacement, then stop gracefully with 1012. */
void ws_server_recycle(ws_server *srv);
int ws_server_is_worker(const ws_server *srv);
/* The listening socket (for a master to share), or -1. */
int ws_server_listen_fd(const ws_server *srv);
/* Set or clear (NULL) the on_request callback after ws_server_new(). */
void ws_server_set_request_handler(ws_server *srv,
	void (*on_request)(ws_server *, ws_conn *, const ws_handshake_req *, ws_slice, ws_http_reply *, void *));
/* 1 if a stop() came before run() (and forget it). */
int ws_server_take_stop_request(ws_server *srv);
/* Stop listening now, answering 503 to what waits in the accept queue (a master at the end of a stop). */
void ws_server_stop_listening(ws_server *srv);
int ws_server_running(const ws_server *srv);

#endif
