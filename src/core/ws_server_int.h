/*
 * ws_server_int.h: the server struct, shared by ws_server.c and its helpers
 * (ws_iplimit.c, ws_metrics.c). Connections see only its endpoint (ws_conn_int.h).
 */
#ifndef WS_SERVER_INT_H
#define WS_SERVER_INT_H

#include <sys/types.h>

#include "core/ws_conn_int.h"
#include "core/ws_tls.h"

#define WS_FD_RESERVE 32 /* descriptors kept for the application when sizing max_connections */

typedef struct ws_ip_entry ws_ip_entry;
typedef struct ws_pubsub ws_pubsub;

struct ws_server {
	ws_endpoint ep;     /* what its connections see: loop, config, callbacks, registry, cork, read buffer */
	int lfd;
	int lfd_tls;        /* wss:// on lfd */
	ws_tls_ctx *tls;    /* what new TLS handshakes use (a reload replaces it), or NULL */
	int port;
	ws_server_config cfg;
	ws_server_callbacks cbs;
	void *ud;
	ws_timer accept_timer;
	int stop_requested; /* stop() before run(): run() returns at once */
	struct ws_listener {
		int fd;
		int port;
		unsigned mode;
		pid_t unix_owner;
		char *host;
		int tls;    /* wss:// on this listener (with srv->tls) */
	} more[WS_MAX_LISTENERS - 1]; /* listeners added by ws_server_listen(), besides lfd */
	int nmore;
	char *host;         /* to listen again in a run() after a stop that closed the listener */
	pid_t unix_owner;   /* the process that made a unix:// socket file (removes it at the end), or 0 */
	struct ws_cidr *trusted; /* copy of cfg.trusted_proxies */
	int listener_shared;/* a worker: the listener is the master's, never drained or reopened here */
	int ctl_fd;         /* a worker's line to its master, or -1 */
	int signals;        /* run() watches the signal pipe */
	int stop_signals;   /* SIGTERM/SIGINT received in this run() */
	ws_timer shutdown_timer;
	uint64_t refused_reported;   /* refusals already in a log line */
	ws_timer stats_timer;        /* a worker reports its figures to the master every second */
	ws_timer app_signal_timer;   /* the application handles a signal itself: wake to let it run (see watch_signals) */
	ws_server_stats all_stats;   /* every worker's, added up by the master */
	int all_workers;             /* how many workers all_stats covers; 0: none received yet */
	uint64_t all_at;             /* loop ms it arrived */
	uint64_t refused_report_at;  /* loop ms of the last such line */
	int spare_fd;       /* held open so that, out of descriptors, a client can still be accepted and told 503 */
	uint64_t fd_log_at; /* loop ms of the last "out of descriptors" line */
	uint64_t fd_hits_unlogged;
	ws_server_stats stats;
	ws_ip_entry **ips;  /* per-address counts: hash of chains */
	size_t ips_mask, nips;
	uint64_t ips_swept_at;
	ws_topics topics;   /* topic -> subscribers (ws_pubsub.c) */
	uint32_t node_id;
	ws_pubsub *ps;      /* the worker bus and the Redis link */
};

/* Per-address limits at accept: 0 to go ahead (e counted), or the HTTP status to refuse with. */
int ws_ip_admit(ws_server *srv, const char *ip, ws_ip_entry **e);
void ws_ip_release(ws_server *srv, ws_ip_entry *e);
void ws_ip_free_all(ws_server *srv);
void ws_server_reap(ws_server *srv);
/* One line for the operator through on_log. */
void ws_server_say(ws_server *srv, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* ws_pubsub.c: set up and free srv->topics and srv->ps. */
int ws_pubsub_init(ws_server *srv);

#endif
