/* ws_loop.c: epoll loop with a timer heap. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>

#include "core/ws_loop.h"

#define WS_LOOP_MAX_EVENTS 256

/* One per descriptor number up to the highest watched, so kept at 16 bytes
 * (bench/NOTES.md, idle memory): the callback is an index into the loop's
 * short list of distinct callbacks (a process uses a handful). */
#define WS_LOOP_MAX_CBS 32

typedef struct ws_fd_entry {
	void *ud;
	uint8_t cb;   /* index into ws_loop.cbs */
	uint8_t mask;
} ws_fd_entry;

struct ws_loop {
	int epfd;
	pid_t pid; /* the process whose epoll instance epfd is */
	int stop;
	int running;
	uint64_t now;
	uint32_t timer_seq; /* the last started timer's seq: the starts so far, modulo 2^32 */
	ws_fd_entry *fds;
	size_t nfds;
	ws_fd_cb *cbs[WS_LOOP_MAX_CBS];
	unsigned ncbs;
	ws_timer **heap;
	size_t heap_len, heap_cap;
	ws_pass_cb *pass_cb;
	void *pass_ud;
	struct epoll_event events[WS_LOOP_MAX_EVENTS];
};

uint64_t ws_monotonic_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

static void update_now(ws_loop *l)
{
	l->now = ws_monotonic_us() / 1000u;
}

ws_loop *ws_loop_new(char *errbuf)
{
	ws_loop *l = ws_malloc(sizeof(*l));
	if (!l) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		return NULL;
	}
	memset(l, 0, sizeof(*l));
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		snprintf(errbuf, WS_ERRBUF_LEN, "epoll_create1: %s", strerror(errno));
		ws_free(l);
		return NULL;
	}
	l->pid = getpid();
	update_now(l);
	return l;
}

static uint32_t epoll_events(int mask)
{
	if (mask & WS_EXCLUSIVE) {
		return EPOLLEXCLUSIVE | (mask & WS_READ ? EPOLLIN : 0); /* it allows no EPOLLRDHUP */
	}
	return (mask & WS_READ ? EPOLLIN | EPOLLRDHUP : 0) | (mask & WS_WRITE ? EPOLLOUT : 0);
}

int ws_loop_after_fork(ws_loop *l)
{
	int epfd;

	if (l->pid == getpid()) {
		return 0;
	}
	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		return WS_ERR_IO;
	}
	close(l->epfd); /* this process's reference only: the parent keeps its instance */
	l->epfd = epfd;
	l->pid = getpid();
	for (size_t fd = 0; fd < l->nfds; fd++) {
		if (l->fds[fd].mask) {
			struct epoll_event ev;
			memset(&ev, 0, sizeof(ev));
			ev.events = epoll_events(l->fds[fd].mask);
			ev.data.fd = (int) fd;
			if (epoll_ctl(epfd, EPOLL_CTL_ADD, (int) fd, &ev) < 0) {
				l->fds[fd].mask = 0; /* an fd closed in the meantime: forget it */
			}
		}
	}
	return 0;
}

void ws_loop_free(ws_loop *l)
{
	if (!l) {
		return;
	}
	close(l->epfd);
	ws_free(l->fds);
	for (size_t i = 0; i < l->heap_len; i++) {
		l->heap[i]->heap_index = 0;
	}
	ws_free(l->heap);
	ws_free(l);
}

/* cb's index in l->cbs, added if new; -1 when the list is full (a
 * programming error: the core has fewer than ten fd callbacks). */
static int cb_index(ws_loop *l, ws_fd_cb *cb)
{
	for (unsigned i = 0; i < l->ncbs; i++) {
		if (l->cbs[i] == cb) {
			return (int) i;
		}
	}
	if (l->ncbs == WS_LOOP_MAX_CBS) {
		return -1;
	}
	l->cbs[l->ncbs] = cb;
	return (int) l->ncbs++;
}

int ws_loop_fd_set(ws_loop *l, int fd, int mask, ws_fd_cb *cb, void *ud)
{
	struct epoll_event ev;
	int op, ci = 0;

	if (fd < 0 || (mask & ~(WS_READ | WS_WRITE | WS_EXCLUSIVE)) || (mask && (ci = cb_index(l, cb)) < 0)) {
		return WS_ERR_INVALID;
	}
	if ((size_t) fd >= l->nfds) {
		size_t n = l->nfds ? l->nfds : 64;
		ws_fd_entry *f;
		if (mask == 0) {
			return 0;
		}
		while (n <= (size_t) fd) {
			n *= 2;
		}
		f = ws_realloc(l->fds, n * sizeof(*f));
		if (!f) {
			return WS_ERR_NOMEM;
		}
		memset(f + l->nfds, 0, (n - l->nfds) * sizeof(*f));
		l->fds = f;
		l->nfds = n;
	}
	ws_fd_entry *e = &l->fds[fd];
	if (e->mask == mask) {
		e->cb = (uint8_t) ci;
		e->ud = ud;
		return 0;
	}
	op = e->mask == 0 ? EPOLL_CTL_ADD : mask == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
	memset(&ev, 0, sizeof(ev));
	ev.events = epoll_events(mask);
	ev.data.fd = fd;
	if (epoll_ctl(l->epfd, op, fd, &ev) < 0 && op != EPOLL_CTL_DEL &&
	    /* Still registered after a DEL the kernel refused: update it instead. */
	    !(op == EPOLL_CTL_ADD && errno == EEXIST && epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) == 0)) {
		/* The table keeps what the kernel has: nothing after a failed ADD,
		 * the old mask after a failed MOD (the caller closes that fd). */
		return WS_ERR_IO;
	}
	/* A DEL is recorded whatever epoll_ctl said: the caller is done with
	 * the fd, and a stale mask would make a later ADD of the same number
	 * look like a no-op, leaving that connection unwatched. */
	e->mask = (uint8_t) mask;
	e->cb = (uint8_t) ci;
	e->ud = mask ? ud : NULL;
	return 0;
}

/* Heap order: earlier deadline first, then the earlier start (FIFO). The
 * seqs are 32-bit and compared modulo 2^32, which is exact for timers armed
 * fewer than 2^31 starts apart: two due in the same millisecond are, unless
 * one was armed that many starts before the other (over half an hour of a
 * million starts a second). Were they not, only their order among
 * themselves could be off: the tie-break never overrides the deadline, so
 * the heap still yields the earliest deadline first. */
static inline int timer_less(const ws_timer *a, const ws_timer *b)
{
	return a->deadline < b->deadline || (a->deadline == b->deadline && (int32_t) (a->seq - b->seq) < 0);
}

static void heap_set(ws_loop *l, size_t i, ws_timer *t)
{
	l->heap[i] = t;
	t->heap_index = (uint32_t) (i + 1); /* the heap holds fewer than UINT32_MAX (ws_loop_timer_start) */
}

static void heap_up(ws_loop *l, size_t i)
{
	ws_timer *t = l->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!timer_less(t, l->heap[parent])) {
			break;
		}
		heap_set(l, i, l->heap[parent]);
		i = parent;
	}
	heap_set(l, i, t);
}

static void heap_down(ws_loop *l, size_t i)
{
	ws_timer *t = l->heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= l->heap_len) {
			break;
		}
		if (c + 1 < l->heap_len && timer_less(l->heap[c + 1], l->heap[c])) {
			c++;
		}
		if (!timer_less(l->heap[c], t)) {
			break;
		}
		heap_set(l, i, l->heap[c]);
		i = c;
	}
	heap_set(l, i, t);
}

void ws_loop_timer_stop(ws_loop *l, ws_timer *t)
{
	size_t i;
	ws_timer *last;

	if (!t->heap_index) {
		return;
	}
	i = t->heap_index - 1;
	t->heap_index = 0;
	last = l->heap[--l->heap_len];
	if (i < l->heap_len) {
		heap_set(l, i, last);
		heap_down(l, i);
		heap_up(l, last->heap_index - 1);
	}
}

void ws_loop_timer_start(ws_loop *l, ws_timer *t, uint64_t after_ms, ws_timer_cb *cb)
{
	ws_loop_timer_stop(l, t);
	if (l->heap_len == l->heap_cap) {
		size_t cap = l->heap_cap ? l->heap_cap * 2 : 64;
		ws_timer **h = cap < UINT32_MAX ? ws_realloc(l->heap, cap * sizeof(*h)) : NULL;
		if (!h) {
			return; /* only reachable with non-PHP allocators; the timer stays unarmed */
		}
		l->heap = h;
		l->heap_cap = cap;
	}
	/* Count from now, not from when the loop last woke: PHP code may have run
	 * for a while since (a slow callback, setup before run()). */
	update_now(l);
	/* Clamp so deadlines never wrap. */
	t->deadline = after_ms > UINT64_MAX - l->now ? UINT64_MAX : l->now + after_ms;
	t->cb = cb;
	t->seq = ++l->timer_seq;
	l->heap_len++;
	heap_set(l, l->heap_len - 1, t);
	heap_up(l, l->heap_len - 1);
}

uint64_t ws_loop_now(ws_loop *l)
{
	return l->now;
}

void ws_loop_set_pass_hook(ws_loop *l, ws_pass_cb *cb, void *ud)
{
	l->pass_cb = cb;
	l->pass_ud = ud;
}

void ws_loop_stop(ws_loop *l)
{
	l->stop = 1;
}

int ws_loop_running(const ws_loop *l)
{
	return l->running;
}

static void run_timers(ws_loop *l)
{
	/* Only timers due at the start of this pass fire: one (re-)armed with
	 * 0 ms during it waits a pass. Those have the seqs after the pass's
	 * first, modulo 2^32 (so across the counter's wrap). */
	uint64_t now = l->now;
	uint32_t first = l->timer_seq;

	while (l->heap_len && l->heap[0]->deadline <= now && !l->stop) {
		ws_timer *t = l->heap[0];
		if ((uint32_t) (t->seq - first - 1) < (uint32_t) (l->timer_seq - first)) {
			break;
		}
		ws_loop_timer_stop(l, t);
		t->cb(l, t); /* may restart (repeat) or free t */
	}
}

static int next_timeout(ws_loop *l)
{
	uint64_t d;
	if (l->stop) {
		return 0;
	}
	if (!l->heap_len) {
		return -1;
	}
	d = l->heap[0]->deadline;
	if (d <= l->now) {
		return 0;
	}
	d -= l->now;
	return d > 60000 ? 60000 : (int) d;
}

static int run_pass(ws_loop *l, int timeout_ms)
{
	int n = epoll_wait(l->epfd, l->events, WS_LOOP_MAX_EVENTS, timeout_ms);

	update_now(l);
	if (n < 0) {
		if (errno != EINTR) {
			return WS_ERR_IO;
		}
		n = 0;
	}
	for (int i = 0; i < n && !l->stop; i++) {
		int fd = l->events[i].data.fd;
		uint32_t e = l->events[i].events;
		ws_fd_entry *fe;
		int mask = 0;

		if ((size_t) fd >= l->nfds || !(fe = &l->fds[fd])->mask) {
			continue; /* removed by an earlier handler in this pass */
		}
		if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
			mask |= WS_READ;
		}
		if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)) {
			mask |= WS_WRITE;
		}
		mask &= fe->mask;
		if (mask) {
			l->cbs[fe->cb](l, fd, mask, fe->ud);
		}
	}
	run_timers(l);
	if (l->pass_cb) {
		l->pass_cb(l, l->pass_ud);
	}
	return 0;
}

int ws_loop_run_once(ws_loop *l, int timeout_ms)
{
	int t = next_timeout(l);
	if (t < 0 || (timeout_ms >= 0 && timeout_ms < t)) {
		t = timeout_ms;
	}
	return run_pass(l, t);
}

int ws_loop_run(ws_loop *l)
{
	int rc = 0;

	l->stop = 0;
	l->running = 1;
	while (!l->stop && (rc = run_pass(l, next_timeout(l))) == 0) {
	}
	l->running = 0;
	return rc;
}
