/* ws_master.c: the master process: fork, watch, restart, stop and reload workers. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/ws_loop.h"
#include "core/ws_handshake.h"
#include "core/ws_bus.h"
#include "core/ws_master.h"
#include "core/ws_pubsub.h"
#include "core/ws_server.h"
#include "core/ws_signal.h"

#define WS_RESTART_MIN_MS 100
#define WS_RESTART_MAX_MS 10000
#define WS_STABLE_MS 10000   /* a worker that lived this long resets the backoff */
#define WS_KILL_GRACE_MS 5000
#define WS_MAX_WORKERS 1024

typedef enum proc_role {
	ROLE_STARTING = 1, /* forked, not yet serving ('U') */
	ROLE_ACTIVE,       /* serving its slot */
	ROLE_DRAINING      /* told to stop, or recycling; its slot has (or gets) a replacement */
} proc_role;

typedef struct proc {
	pid_t pid;
	int ctl;
	ws_bus *bus;       /* publishes and subscriber counts, relayed to the other workers */
	int slot;
	int role;
	int replaces;      /* pid of the worker it replaces once it serves, or 0 */
	uint64_t incarnation;
	uint64_t started;  /* loop ms */
	int has_stats;
	ws_server_stats stats; /* its last report */
} proc;

typedef struct wslot {
	unsigned failures;
	ws_timer restart;  /* a restart after a crash, with backoff */
	struct ws_master *m;
} wslot;

typedef struct ws_master {
	ws_loop *loop;
	ws_master_config cfg;
	proc *procs;
	size_t nprocs, cap;
	wslot *slots;
	uint64_t incarnations;
	int stopping;
	int ready_told;
	int reload_slot;   /* slot being replaced by a reload, or -1 */
	int reload_again;  /* a SIGHUP during a reload: another round after it */
	int forked;        /* in the child: this is a worker now */
	uint64_t bus_dropped; /* relayed records a slow worker's queue had no room for */
	ws_worker_start child;
	ws_timer kill_timer;
} ws_master;

static void say(ws_master *m, int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!m->cfg.log) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	m->cfg.log(m->cfg.ud, level, line);
}

int ws_sd_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	socklen_t len;
	int fd, rc;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path) || (path[0] != '/' && path[0] != '@')) {
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	if (path[0] == '@') {
		sa.sun_path[0] = '\0'; /* an abstract socket */
	}
	len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) {
		return -1;
	}
	rc = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *) &sa, len) < 0 ? -1 : 0;
	close(fd);
	return rc;
}

static proc *find_pid(ws_master *m, pid_t pid)
{
	for (size_t i = 0; i < m->nprocs; i++) {
		if (m->procs[i].pid == pid) {
			return &m->procs[i];
		}
	}
	return NULL;
}

static void tell(proc *p, char cmd)
{
	if (p->ctl >= 0) {
		(void) !send(p->ctl, &cmd, 1, MSG_NOSIGNAL | MSG_DONTWAIT); /* a worker gone already: no SIGPIPE */
	}
}

static void on_ctl(ws_loop *l, int fd, int events, void *ud);
static void spawn(ws_master *m, int slot, pid_t replaces);

static ws_master *master_of_slot_timer(ws_timer *t, int *slot_out)
{
	wslot *sl = (wslot *) ((char *) t - offsetof(wslot, restart));
	*slot_out = (int) (sl - sl->m->slots);
	return sl->m;
}

static void kill_rest(ws_loop *l, ws_timer *t)
{
	ws_master *m = (ws_master *) ((char *) t - offsetof(ws_master, kill_timer));
	(void) l;

	for (size_t i = 0; i < m->nprocs; i++) {
		say(m, WS_LOG_ERROR, "worker %d (pid %d) still running %llu ms after the stop: killing it", m->procs[i].slot,
		    (int) m->procs[i].pid, (unsigned long long) (m->cfg.shutdown_timeout + WS_KILL_GRACE_MS));
		kill(m->procs[i].pid, SIGKILL);
	}
}

/* During a full stop the workers no longer accept: the master answers what
 * reaches the shared listener 503 itself, so nobody waits in its queue. */
static void refuse_all(ws_loop *l, int fd, int events, void *ud)
{
	ws_master *m = ud;
	char resp[WS_HS_ERROR_MAX];
	int n = ws_handshake_response_error(resp, sizeof(resp), 503, "server shutting down");
	(void) l;
	(void) events;

	for (int i = 0; i < m->cfg.nlfds; i++) {
		if (m->cfg.lfds[i] == fd && (m->cfg.tls_mask & (1u << i))) {
			n = 0; /* a TLS client would read a plain answer as a broken record: only closed */
		}
	}

	for (int i = 0; i < 256; i++) {
		int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c < 0) {
			return;
		}
		if (n > 0) {
			(void) !send(c, resp, (size_t) n, MSG_NOSIGNAL | MSG_DONTWAIT);
		}
		close(c);
	}
}

static void begin_stop(ws_master *m, const char *why)
{
	m->stopping = 1;
	for (int i = 0; i < m->cfg.nlfds; i++) {
		ws_loop_fd_set(m->loop, m->cfg.lfds[i], WS_READ, refuse_all, m);
	}
	m->reload_slot = -1;
	say(m, WS_LOG_NOTICE, "%s: stopping %zu worker(s) gracefully", why, m->nprocs);
	ws_sd_notify("STOPPING=1");
	for (int i = 0; i < m->cfg.workers; i++) {
		ws_loop_timer_stop(m->loop, &m->slots[i].restart);
	}
	for (size_t i = 0; i < m->nprocs; i++) {
		tell(&m->procs[i], 'S');
	}
	if (m->cfg.shutdown_timeout) {
		ws_loop_timer_start(m->loop, &m->kill_timer, m->cfg.shutdown_timeout + WS_KILL_GRACE_MS, kill_rest);
	}
	if (!m->nprocs) {
		ws_loop_stop(m->loop);
	}
}

/* The rolling reload: replace the next slot's worker, if any is left. */
static void reload_next(ws_master *m)
{
	while (++m->reload_slot < m->cfg.workers) {
		for (size_t i = 0; i < m->nprocs; i++) {
			proc *p = &m->procs[i];
			if (p->slot == m->reload_slot && p->role == ROLE_ACTIVE) {
				say(m, WS_LOG_NOTICE, "reload: replacing worker %d (pid %d)", p->slot, (int) p->pid);
				spawn(m, p->slot, p->pid);
				return;
			}
		}
	}
	m->reload_slot = -1;
	say(m, WS_LOG_NOTICE, "reload: every worker replaced");
	if (m->reload_again) {
		m->reload_again = 0;
		reload_next(m);
	}
}

static void restart_slot(ws_loop *l, ws_timer *t)
{
	int slot;
	ws_master *m = master_of_slot_timer(t, &slot);
	(void) l;

	if (!m->stopping) {
		spawn(m, slot, 0);
	}
}

/* Send one record to every worker but from (NULL: all). */
static void relay(ws_master *m, const proc *from, const uint8_t *rec, size_t len)
{
	struct iovec part = {(void *) rec, len};

	for (size_t i = 0; i < m->nprocs; i++) {
		proc *p = &m->procs[i];
		if (p != from && p->bus && p->bus->fd >= 0 && ws_bus_send(p->bus, &part, 1) != WS_OK) {
			m->bus_dropped++;
		}
	}
}

/* The workers' bus: a publish or a count from one worker goes to all the
 * others, in the order it came (so each publisher's order holds). The master
 * relays rather than the workers meshing with each other: a worker that
 * starts or exits (reload, recycle, crash) then needs no new lines, and a
 * worker that reads slowly is buffered here, not in the publisher. */
static void on_bus_record(ws_bus *b, const uint8_t *rec, size_t len, void *ud)
{
	ws_master *m = ud;
	proc *from = NULL;

	for (size_t i = 0; i < m->nprocs; i++) {
		if (m->procs[i].bus == b) {
			from = &m->procs[i];
		}
	}
	if (from && (rec[0] == WS_BUS_PUBLISH || rec[0] == WS_BUS_COUNT)) {
		relay(m, from, rec, len);
	}
}

static void on_bus_closed(ws_bus *b, void *ud)
{
	(void) b;
	(void) ud; /* the worker is exiting: SIGCHLD removes it */
}

static void bus_free(ws_bus *b, int forked)
{
	if (!b) {
		return;
	}
	if (forked) {
		/* In a new worker: the epoll set is still the master's; only let go of the descriptor. */
		if (b->fd >= 0) {
			close(b->fd);
		}
		b->fd = -1;
	}
	ws_bus_close(b);
	ws_free(b);
}

static void remove_proc(ws_master *m, proc *p)
{
	uint8_t gone[5];
	int32_t pid = (int32_t) p->pid;

	if (p->ctl >= 0) {
		ws_loop_fd_set(m->loop, p->ctl, 0, NULL, NULL);
		close(p->ctl);
	}
	bus_free(p->bus, 0);
	*p = m->procs[--m->nprocs];
	/* Its subscriber counts no longer count. */
	gone[0] = WS_BUS_GONE;
	memcpy(gone + 1, &pid, 4);
	relay(m, NULL, gone, sizeof(gone));
}

static void reap(ws_master *m)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		proc *p = find_pid(m, pid), q;
		uint64_t lived;
		int stop_all = 0;

		if (!p) {
			continue; /* not ours (a child of the application) */
		}
		/* What it wrote just before it exited may still wait on its line: a
		 * 'Q' from stop() in onWorkerStart (its loop never ran) must stop the
		 * server, not be lost with the line and turn into a restart. */
		if (p->ctl >= 0 && !m->stopping) {
			char buf[16];
			ssize_t n;
			while ((n = recv(p->ctl, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
				stop_all |= n == 1 && buf[0] == 'Q'; /* one command per message (a figures report is longer) */
			}
		}
		q = *p;
		remove_proc(m, p);
		if (stop_all) {
			begin_stop(m, "stop() in a worker");
		}
		lived = ws_loop_now(m->loop) - q.started;
		if (WIFSIGNALED(status)) {
			say(m, q.role == ROLE_DRAINING || m->stopping ? WS_LOG_NOTICE : WS_LOG_ERROR,
			    "worker %d (pid %d) killed by signal %d after %llu ms", q.slot, (int) pid, WTERMSIG(status),
			    (unsigned long long) lived);
		} else {
			say(m, q.role == ROLE_DRAINING || m->stopping ? WS_LOG_NOTICE : WS_LOG_ERROR,
			    "worker %d (pid %d) exited with status %d after %llu ms", q.slot, (int) pid, WEXITSTATUS(status),
			    (unsigned long long) lived);
		}
		if (m->stopping) {
			continue;
		}
		if (q.role == ROLE_DRAINING) {
			/* Replaced on purpose (reload or recycling): its successor serves. */
			if (m->reload_slot == q.slot) {
				reload_next(m);
			}
			continue;
		}
		/* Died unexpectedly: restart its slot, later each time it keeps dying. */
		if (lived >= WS_STABLE_MS) {
			m->slots[q.slot].failures = 0;
		}
		{
			unsigned f = m->slots[q.slot].failures++;
			uint64_t delay = f >= 7 ? WS_RESTART_MAX_MS : (uint64_t) WS_RESTART_MIN_MS << f;
			if (delay > WS_RESTART_MAX_MS) {
				delay = WS_RESTART_MAX_MS;
			}
			say(m, WS_LOG_WARNING, "restarting worker %d in %llu ms", q.slot, (unsigned long long) delay);
			ws_loop_timer_start(m->loop, &m->slots[q.slot].restart, delay, restart_slot);
		}
		if (q.role == ROLE_STARTING && q.replaces) {
			/* A replacement that never served: the old worker keeps serving. */
			proc *old = find_pid(m, q.replaces);
			ws_loop_timer_stop(m->loop, &m->slots[q.slot].restart);
			if (old) {
				old->role = ROLE_ACTIVE;
			}
			if (m->reload_slot == q.slot) {
				say(m, WS_LOG_ERROR, "reload: the new worker %d died before serving; the old one keeps serving", q.slot);
				reload_next(m);
			}
		}
	}
	if (m->stopping && !m->nprocs) {
		ws_loop_stop(m->loop);
	}
}

static void on_signal(ws_loop *l, int fd, int events, void *ud)
{
	ws_master *m = ud;
	int sigs[32], n = ws_signal_read(sigs, 32);
	(void) l;
	(void) fd;
	(void) events;

	for (int i = 0; i < n && !m->forked; i++) {
		switch (sigs[i]) {
		case SIGCHLD:
			reap(m);
			break;
		case SIGTERM:
		case SIGINT:
			if (!m->stopping) {
				begin_stop(m, sigs[i] == SIGTERM ? "SIGTERM" : "SIGINT");
			} else {
				say(m, WS_LOG_NOTICE, "%s again: workers close what is left now", sigs[i] == SIGTERM ? "SIGTERM" : "SIGINT");
				for (size_t k = 0; k < m->nprocs; k++) {
					tell(&m->procs[k], 'K');
				}
			}
			break;
		case SIGHUP:
			if (m->stopping) {
				break;
			}
			if (m->reload_slot >= 0) {
				m->reload_again = 1;
			} else {
				/* Before the first new worker is forked: what it inherits is
				 * what it serves (the TLS certificate, read again). */
				if (m->cfg.on_reload) {
					m->cfg.on_reload(m->cfg.ud);
				}
				say(m, WS_LOG_NOTICE, "SIGHUP: replacing %d worker(s), one at a time", m->cfg.workers);
				reload_next(m);
			}
			break;
		}
	}
}

static void on_ctl(ws_loop *l, int fd, int events, void *ud)
{
	ws_master *m = ud;
	char buf[1 + sizeof(ws_server_stats)];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	proc *p = NULL;
	(void) l;
	(void) events;

	for (size_t i = 0; i < m->nprocs; i++) {
		if (m->procs[i].ctl == fd) {
			p = &m->procs[i];
		}
	}
	if (!p) {
		ws_loop_fd_set(m->loop, fd, 0, NULL, NULL);
		return;
	}
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			ws_loop_fd_set(m->loop, fd, 0, NULL, NULL); /* it is exiting: SIGCHLD follows */
		}
		return;
	}
	if (n == (ssize_t) sizeof(buf) && buf[0] == 'T') {
		/* Its figures: keep them, and answer with every worker's added up. */
		uint8_t reply[1 + sizeof(ws_server_stats) + sizeof(int32_t)];
		ws_server_stats sum;
		int32_t workers = 0;
		memcpy(&p->stats, buf + 1, sizeof(p->stats));
		p->has_stats = 1;
		memset(&sum, 0, sizeof(sum));
		for (size_t i = 0; i < m->nprocs; i++) {
			if (m->procs[i].has_stats) {
				ws_stats_add(&sum, &m->procs[i].stats);
				workers++;
			}
		}
		reply[0] = 'A';
		memcpy(reply + 1, &sum, sizeof(sum));
		memcpy(reply + 1 + sizeof(sum), &workers, sizeof(workers));
		(void) !send(fd, reply, sizeof(reply), MSG_NOSIGNAL | MSG_DONTWAIT);
		return;
	}
	for (ssize_t i = 0; i < n && !m->forked; i++) {
		if (buf[i] == 'U' && p->role == ROLE_STARTING) {
			uint8_t hello = WS_BUS_HELLO;
			p->role = ROLE_ACTIVE;
			relay(m, p, &hello, 1); /* the others send their counts again, for the new one */
			if (p->replaces) {
				proc *old = find_pid(m, p->replaces);
				if (old) {
					old->role = ROLE_DRAINING;
					tell(old, m->stopping ? 'S' : 'R');
				}
				p->replaces = 0;
			}
			if (!m->ready_told) {
				size_t up = 0;
				for (size_t k = 0; k < m->nprocs; k++) {
					up += m->procs[k].role == ROLE_ACTIVE;
				}
				if (up == (size_t) m->cfg.workers) {
					m->ready_told = 1;
					ws_sd_notify("READY=1");
				}
			}
			if (m->stopping) {
				tell(p, 'S');
			}
		} else if (buf[i] == 'X' && p->role == ROLE_ACTIVE && !m->stopping) {
			/* It recycles itself (worker_max_messages / worker_max_memory). */
			int slot = p->slot;
			p->role = ROLE_DRAINING;
			say(m, WS_LOG_NOTICE, "worker %d (pid %d) is recycling: starting its replacement", slot, (int) p->pid);
			spawn(m, slot, 0);
			return; /* spawn() may have moved procs (p) */
		} else if (buf[i] == 'Q' && !m->stopping) {
			begin_stop(m, "stop() in a worker");
		}
	}
}

/* Fork a worker for slot. In the child, m->forked is set and the loop stops:
 * every caller up the stack returns at once. */
static void spawn(ws_master *m, int slot, pid_t replaces)
{
	int sv[2], bv[2];
	pid_t pid;
	ws_bus *bus;

	if (m->nprocs == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		proc *np = ws_realloc(m->procs, cap * sizeof(*np));
		if (!np) {
			say(m, WS_LOG_ERROR, "cannot start worker %d: out of memory", slot);
			return;
		}
		m->procs = np;
		m->cap = cap;
	}
	/* SOCK_SEQPACKET: one command, or one figures report, per message. The
	 * bus is a stream: a publish may be bigger than any one datagram. */
	if (!(bus = ws_malloc(sizeof(*bus)))) {
		say(m, WS_LOG_ERROR, "cannot start worker %d: out of memory", slot);
		return;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		say(m, WS_LOG_ERROR, "cannot start worker %d: socketpair: %s", slot, strerror(errno));
		ws_free(bus);
		return;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, bv) != 0) {
		say(m, WS_LOG_ERROR, "cannot start worker %d: socketpair: %s", slot, strerror(errno));
		close(sv[0]);
		close(sv[1]);
		ws_free(bus);
		return;
	}
	m->incarnations++;
	pid = fork();
	if (pid < 0) {
		say(m, WS_LOG_ERROR, "cannot start worker %d: fork: %s", slot, strerror(errno));
		close(sv[0]);
		close(sv[1]);
		close(bv[0]);
		close(bv[1]);
		ws_free(bus);
		ws_loop_timer_start(m->loop, &m->slots[slot].restart, WS_RESTART_MAX_MS, restart_slot);
		return;
	}
	if (pid == 0) {
		/* The worker: none of the master's lines to other workers. */
		close(sv[0]);
		close(bv[0]);
		ws_free(bus);
		for (size_t i = 0; i < m->nprocs; i++) {
			if (m->procs[i].ctl >= 0) {
				close(m->procs[i].ctl);
			}
			bus_free(m->procs[i].bus, 1);
		}
		m->nprocs = 0;
		m->forked = 1;
		m->child.slot = slot;
		m->child.ctl_fd = sv[1];
		m->child.bus_fd = bv[1];
		m->child.incarnation = m->incarnations;
		ws_loop_stop(m->loop);
		return;
	}
	close(sv[1]);
	close(bv[1]);
	if (ws_bus_init(bus, m->loop, bv[0], on_bus_record, on_bus_closed, m) != WS_OK) {
		say(m, WS_LOG_WARNING, "worker %d: cannot watch its bus: publishes will not reach it from other workers", slot);
		close(bv[0]);
		ws_free(bus);
		bus = NULL;
	}
	m->procs[m->nprocs].bus = bus;
	m->procs[m->nprocs].pid = pid;
	m->procs[m->nprocs].ctl = sv[0];
	m->procs[m->nprocs].slot = slot;
	m->procs[m->nprocs].role = ROLE_STARTING;
	m->procs[m->nprocs].replaces = replaces;
	m->procs[m->nprocs].incarnation = m->incarnations;
	m->procs[m->nprocs].started = ws_loop_now(m->loop);
	m->procs[m->nprocs].has_stats = 0;
	m->nprocs++;
	ws_loop_fd_set(m->loop, sv[0], WS_READ, on_ctl, m);
	say(m, WS_LOG_NOTICE, "worker %d started (pid %d)", slot, (int) pid);
}

static void start_all(ws_loop *l, ws_timer *t)
{
	ws_master *m = (ws_master *) ((char *) t - offsetof(ws_master, kill_timer));
	(void) l;

	for (int i = 0; i < m->cfg.workers && !m->forked && !m->stopping; i++) {
		spawn(m, i, 0);
	}
}

int ws_master_run(const ws_master_config *cfg, ws_worker_start *w)
{
	static const int signos[] = {SIGTERM, SIGINT, SIGHUP, SIGCHLD};
	char errbuf[WS_ERRBUF_LEN];
	ws_master m;
	int rc = 0, sigfd;

	if (cfg->workers < 1 || cfg->workers > WS_MAX_WORKERS) {
		return WS_ERR_INVALID;
	}
	memset(&m, 0, sizeof(m));
	m.cfg = *cfg;
	m.reload_slot = -1;
	if (!(m.loop = ws_loop_new(errbuf)) || !(m.slots = ws_malloc((size_t) cfg->workers * sizeof(*m.slots)))) {
		ws_loop_free(m.loop);
		return WS_ERR_NOMEM;
	}
	memset(m.slots, 0, (size_t) cfg->workers * sizeof(*m.slots));
	for (int i = 0; i < cfg->workers; i++) {
		m.slots[i].m = &m;
	}
	/* The master runs no PHP code: a handler the script installed would never
	 * run here, so the master takes these signals whatever their handler,
	 * unless the application said handle_signals => false. */
	for (size_t i = 0; i < sizeof(signos) / sizeof(signos[0]); i++) {
		if (signos[i] == SIGCHLD || cfg->handle_signals) {
			ws_signal_take_always(signos[i]);
		}
	}
	sigfd = ws_signal_fd();
	if (sigfd >= 0) {
		ws_loop_fd_set(m.loop, sigfd, WS_READ, on_signal, &m);
	}
	/* Start from inside the loop, so that a forked child leaves it the same
	 * way whichever callback forked it. */
	ws_loop_timer_start(m.loop, &m.kill_timer, 0, start_all);
	if (ws_loop_run(m.loop) < 0) {
		rc = WS_ERR_IO;
		if (!m.forked) {
			begin_stop(&m, "event loop failure");
			for (size_t i = 0; i < m.nprocs; i++) {
				kill(m.procs[i].pid, SIGTERM);
			}
		}
	}
	if (m.forked) {
		/* The worker: drop the master's loop and signals; it starts clean. */
		ws_loop_free(m.loop);
		ws_signal_release_all();
		ws_signal_after_fork();
		ws_free(m.slots);
		ws_free(m.procs);
		*w = m.child;
		return 1;
	}
	if (sigfd >= 0) {
		ws_loop_fd_set(m.loop, sigfd, 0, NULL, NULL);
	}
	for (int i = 0; i < cfg->nlfds; i++) {
		ws_loop_fd_set(m.loop, cfg->lfds[i], 0, NULL, NULL);
	}
	ws_signal_release_all();
	for (size_t i = 0; i < m.nprocs; i++) {
		close(m.procs[i].ctl);
		bus_free(m.procs[i].bus, 0);
	}
	ws_loop_free(m.loop);
	ws_free(m.slots);
	ws_free(m.procs);
	return rc;
}
