/*
 * ws_loop.h: the event loop (Redis ae, trimmed): epoll for file descriptors,
 * a binary min-heap of embedded timers, a stop flag. No globals: each server
 * has its own loop.
 *
 * Every function here may be called from inside a loop callback.
 */
#ifndef WS_LOOP_H
#define WS_LOOP_H

#include "core/ws_common.h"

#define WS_READ  1
#define WS_WRITE 2
#define WS_EXCLUSIVE 4 /* with WS_READ, for a listening socket several processes watch: wake one (EPOLLEXCLUSIVE) */

typedef struct ws_loop ws_loop;
typedef struct ws_timer ws_timer;

/* events: WS_READ and/or WS_WRITE; an error or hang-up is reported as both
 * wanted directions so the handler's read or write sees it. */
typedef void ws_fd_cb(ws_loop *l, int fd, int events, void *ud);
typedef void ws_timer_cb(ws_loop *l, ws_timer *t);
typedef void ws_pass_cb(ws_loop *l, void *ud);

/* Embedded in its owner (container_of to get back); zero-initialised is
 * inactive. 24 bytes: one sits in every connection (bench/NOTES.md, idle
 * memory), so a timer that repeats re-arms itself from its callback. */
struct ws_timer {
	uint64_t deadline;   /* CLOCK_MONOTONIC ms */
	uint32_t seq;        /* the loop's count of starts when armed: FIFO among equal deadlines (ws_loop.c) */
	uint32_t heap_index; /* position + 1 in the heap; 0 = not armed */
	ws_timer_cb *cb;
};

/* New loop, or NULL with the reason in errbuf (WS_ERRBUF_LEN). */
ws_loop *ws_loop_new(char *errbuf);
/* Free the loop; fds are not closed, timers are just forgotten. */
void ws_loop_free(ws_loop *l);
/* In a process forked after the loop was made: an epoll instance of its own
 * (the parent's is shared across fork(): changes in one would show in the
 * other), watching the same fds. A no-op in the process that made the loop.
 * Returns 0 or WS_ERR_IO. */
int ws_loop_after_fork(ws_loop *l);

/* Watch fd for mask (WS_READ|WS_WRITE) calling cb; mask 0 stops watching
 * (always recorded, even if the kernel refused). Returns 0, or WS_ERR_IO
 * (errno set) / WS_ERR_NOMEM with the fd's previous watch unchanged: after
 * a failure to change an existing watch, the caller should close the fd.
 * WS_ERR_INVALID: a negative fd, an unknown mask bit, or more than 32
 * distinct callbacks in one loop. */
int ws_loop_fd_set(ws_loop *l, int fd, int mask, ws_fd_cb *cb, void *ud);

/* Arm t to fire once, after_ms from now. Re-arming an armed timer moves it;
 * a timer disarmed before its callback runs can be re-armed from it (to
 * repeat). */
void ws_loop_timer_start(ws_loop *l, ws_timer *t, uint64_t after_ms, ws_timer_cb *cb);
/* Disarm; idempotent; safe inside t's own callback. */
void ws_loop_timer_stop(ws_loop *l, ws_timer *t);
static inline int ws_timer_active(const ws_timer *t) { return t->heap_index != 0; }

/* Milliseconds on CLOCK_MONOTONIC, cached once per loop pass. */
uint64_t ws_loop_now(ws_loop *l);
/* A fresh reading of CLOCK_MONOTONIC in microseconds (for RTT). */
uint64_t ws_monotonic_us(void);

/* Called after every pass (deferred frees, signal checks). */
void ws_loop_set_pass_hook(ws_loop *l, ws_pass_cb *cb, void *ud);

/* Run until ws_loop_stop(). Returns 0, or WS_ERR_IO if epoll_wait failed (errno set). */
int ws_loop_run(ws_loop *l);
/* One pass: wait at most timeout_ms (-1: until an event or timer, 0: poll),
 * dispatch, run due timers, call the pass hook. For tests and fuzz drivers
 * that interleave their own actions with the loop. Returns 0 or WS_ERR_IO. */
int ws_loop_run_once(ws_loop *l, int timeout_ms);
/* Make ws_loop_run() return after the current pass. */
void ws_loop_stop(ws_loop *l);
/* Wake a loop blocked in epoll_wait at the next pass (it recomputes timeouts). */
int ws_loop_running(const ws_loop *l);

#endif
