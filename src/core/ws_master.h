/*
 * ws_master.h: a master process and its workers, all sharing one listening
 * socket.
 *
 * The master forks the workers, keeps the listener open (so the port keeps
 * answering while workers come and go: a connection waits in the shared
 * accept queue until some worker takes it), restarts a worker that dies
 * (with a backoff), turns SIGTERM/SIGINT into a graceful stop of every
 * worker and SIGHUP into a rolling replacement, and returns once all are
 * gone. It runs no application code.
 *
 * Each worker has a socketpair to the master. Master to worker: 'S' stop
 * (close 1001), 'R' stop for a restart (close 1012), 'K' close what is left
 * now. Worker to master: 'U' serving, 'X' recycling itself (start my
 * replacement), 'Q' the application asked the whole server to stop.
 */
#ifndef WS_MASTER_H
#define WS_MASTER_H

#include "core/ws_common.h"

typedef struct ws_master_config {
	int workers;
	int lfds[8];               /* the shared listeners: during a full stop the master answers them 503 itself */
	int nlfds;
	int handle_signals;        /* 0: SIGTERM, SIGINT and SIGHUP keep their default action in the master */
	uint64_t shutdown_timeout; /* ms; workers still alive this long (plus 5 s) after a stop are killed; 0: never */
	void (*log)(void *ud, int level, const char *msg);
	/* SIGHUP, before the rolling replacement forks its first new worker
	 * (the binding reads the TLS certificate again here). May be NULL. */
	void (*on_reload)(void *ud);
	unsigned tls_mask;         /* bit i: lfds[i] speaks TLS (a stop's 503 is not written there) */
	void *ud;
} ws_master_config;

/* What a freshly forked worker needs to know. */
typedef struct ws_worker_start {
	int slot;             /* 0 .. workers-1; a replacement keeps its slot */
	int ctl_fd;           /* its end of the socketpair to the master */
	int bus_fd;           /* its end of the stream the master relays topic publishes on (ws_pubsub.h) */
	uint64_t incarnation; /* counts every worker this master started, from 1 */
} ws_worker_start;

/*
 * Run the master until every worker has stopped. In the master, returns 0
 * (or WS_ERR_IO: the master's own loop failed). In each forked worker it
 * returns 1 with *w filled in: the caller runs the worker there and must end
 * the process when it is done, never return into the master's code.
 * Signals: takes over SIGTERM, SIGINT, SIGHUP and SIGCHLD while it runs
 * (those the application has not taken); a worker starts with none taken.
 */
int ws_master_run(const ws_master_config *cfg, ws_worker_start *w);

/* systemd's sd_notify(), without libsystemd: a datagram to $NOTIFY_SOCKET
 * if it is set (e.g. "READY=1", "STOPPING=1"). Returns 0, or -1 if not sent. */
int ws_sd_notify(const char *state);

#endif
