/* ws_server.c: listener, accept, handshake phase, registry, stop and broadcast. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/ws_pubsub.h"
#include "core/ws_server_int.h"
#include "core/ws_pmd.h"
#include "core/ws_handshake.h"
#include "core/ws_net.h"
#include "core/ws_signal.h"

#define WS_ACCEPTS_PER_PASS 256
#define WS_SHARED_ACCEPTS_PER_PASS 4
#define WS_ACCEPT_PAUSE_MS 100 /* after EMFILE/ENFILE, so the loop does not spin */
#define WS_FD_LOG_MS 10000     /* at most one "out of descriptors" line this often */

void ws_server_config_defaults(ws_server_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_message_size = 16u << 20;
	cfg->max_header_size = 8192;
	cfg->max_connections = 10000;
	cfg->handshake_timeout = 5000;
	cfg->ping_interval = 30000;
	cfg->idle_timeout = 60000;
	cfg->close_timeout = 3000;
	cfg->high_watermark = 1u << 20;
	cfg->max_buffered = 16u << 20;
	cfg->buffer_policy = WS_POLICY_CLOSE;
	cfg->backlog = 511;
	ws_pmd_config_defaults(&cfg->compression);
}

static const char **strv_dup(const char *const *v, size_t n)
{
	const char **d;
	if (!v) {
		return NULL;
	}
	d = ws_malloc((n ? n : 1) * sizeof(*d));
	if (!d) {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(d[i] = ws_strdup(v[i]))) {
			while (i--) {
				ws_free((void *) d[i]);
			}
			ws_free(d);
			return NULL;
		}
	}
	return d;
}

static void strv_free(const char **v, size_t n)
{
	if (v) {
		for (size_t i = 0; i < n; i++) {
			ws_free((void *) v[i]);
		}
		ws_free(v);
	}
}

static void on_accept(ws_loop *l, int fd, int events, void *ud);
static void pass_hook(ws_loop *l, void *ud);

/* ws_endpoint.conn_gone: the connection no longer counts for its address. */
static void conn_gone(ws_endpoint *ep, ws_conn *c)
{
	ws_ip_release(ep->owner, c->ip);
	c->ip = NULL;
	ws_pubsub_conn_gone(c); /* it leaves every topic */
}

#define say ws_server_say
void ws_server_say(ws_server *srv, int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!srv->cbs.on_log) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	srv->cbs.on_log(srv, level, line, srv->ud);
}

/* Raise the soft open-file limit toward the hard one, then keep
 * max_connections within what the process can open (one descriptor per
 * connection, the ones open now, and a reserve for the application), so
 * clients beyond it get the documented 503 instead of waiting in the
 * backlog while accept() fails. */
static void fit_fd_limit(ws_server *srv)
{
	struct rlimit rl;
	size_t want, cap, in_use;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		return;
	}
	want = srv->cfg.max_connections + WS_FD_RESERVE + (size_t) srv->spare_fd + 1;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want && rl.rlim_cur < rl.rlim_max) {
		struct rlimit raised = rl;
		raised.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
			rl = raised;
		}
	}
	if (rl.rlim_cur == RLIM_INFINITY) {
		return;
	}
	/* Descriptors below the highest one we hold are taken to be in use. */
	in_use = (size_t) (srv->spare_fd > srv->lfd ? srv->spare_fd : srv->lfd) + 1;
	cap = rl.rlim_cur > in_use + WS_FD_RESERVE ? rl.rlim_cur - in_use - WS_FD_RESERVE : 1;
	if (srv->cfg.max_connections > cap) {
		say(srv, WS_LOG_WARNING,
		    "max_connections lowered from %zu to %zu: the open-file limit (RLIMIT_NOFILE) is %llu "
		    "(raise it with ulimit -n, or LimitNOFILE= under systemd)",
		    srv->cfg.max_connections, cap, (unsigned long long) rl.rlim_cur);
		srv->cfg.max_connections = cap;
	}
}

static void accept_resume(ws_loop *l, ws_timer *t)
{
	ws_server *srv = (ws_server *) ((char *) t - offsetof(ws_server, accept_timer));
	if (!srv->ep.stopping) {
		ws_loop_fd_set(l, srv->lfd, WS_READ | (srv->listener_shared ? WS_EXCLUSIVE : 0), on_accept, srv);
		for (int i = 0; i < srv->nmore; i++) {
			ws_loop_fd_set(l, srv->more[i].fd, WS_READ | (srv->listener_shared ? WS_EXCLUSIVE : 0), on_accept, srv);
		}
	}
}

ws_server *ws_server_new(const char *host, int port, const ws_server_config *cfg,
                         const ws_server_callbacks *cbs, void *ud, char *errbuf)
{
	ws_server *srv = ws_malloc(sizeof(*srv));
	int saved;

	if (!srv) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	memset(srv, 0, sizeof(*srv));
	srv->lfd = -1;
	srv->spare_fd = -1;
	srv->ctl_fd = -1;
	srv->cfg = *cfg;
	ws_pmd_ctx_init(&srv->ep.pmd, &cfg->compression);
	srv->ep.budget.limit = cfg->memory_budget;
	srv->ep.budget.reclaim = ws_conn_reclaim;
	srv->cbs = *cbs;
	srv->ud = ud;
	srv->ep.cfg = &srv->cfg;
	srv->ep.cbs = &srv->cbs;
	ws_idmap_init(&srv->ep.open, ws_conn_id_of);
	srv->ep.ud = ud;
	srv->ep.owner = srv;
	srv->ep.stats = &srv->stats;
	srv->ep.conn_gone = conn_gone;
	srv->cfg.path = cfg->path ? ws_strdup(cfg->path) : NULL;
	srv->cfg.subprotocols = strv_dup(cfg->subprotocols, cfg->nsubprotocols);
	srv->cfg.origins = strv_dup(cfg->origins, cfg->norigins);
	srv->host = ws_strdup(host);
	srv->cfg.health_path = cfg->health_path ? ws_strdup(cfg->health_path) : NULL;
	if (cfg->ntrusted_proxies && (srv->trusted = ws_malloc(cfg->ntrusted_proxies * sizeof(ws_cidr)))) {
		memcpy(srv->trusted, cfg->trusted_proxies, cfg->ntrusted_proxies * sizeof(ws_cidr));
	}
	srv->cfg.trusted_proxies = srv->trusted;
	if ((cfg->path && !srv->cfg.path) || (cfg->subprotocols && !srv->cfg.subprotocols) ||
	    (cfg->origins && !srv->cfg.origins) || !srv->host || (cfg->health_path && !srv->cfg.health_path) ||
	    (cfg->ntrusted_proxies && !srv->trusted)) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		errno = ENOMEM;
		goto fail;
	}
	srv->ep.loop = ws_loop_new(errbuf);
	if (!srv->ep.loop) {
		goto fail;
	}
	if (ws_pubsub_init(srv) != WS_OK) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		errno = ENOMEM;
		goto fail;
	}
	srv->lfd = ws_net_listen_ex(host, port, cfg->backlog, cfg->reuse_port, cfg->unix_mode ? cfg->unix_mode : 0660, errbuf);
	if (srv->lfd < 0) {
		goto fail;
	}
	if (strncmp(host, "unix://", 7) == 0) {
		srv->unix_owner = getpid();
	}
	srv->port = ws_net_local_port(srv->lfd);
	srv->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (cfg->handle_signals && ws_signal_prepare() < 0) {
		say(srv, WS_LOG_WARNING, "cannot make the signal pipe: %s", strerror(errno));
	}
	fit_fd_limit(srv);
	ws_loop_set_pass_hook(srv->ep.loop, pass_hook, srv);
	return srv;

fail:
	saved = errno;
	ws_server_free(srv);
	errno = saved;
	return NULL;
}

void ws_server_free(ws_server *srv)
{
	if (!srv) {
		return;
	}
	while (srv->ep.conns) {
		ws_conn_destroy(srv->ep.conns, 1006, NULL);
	}
	ws_server_reap(srv);
	ws_pmd_ctx_free(&srv->ep.pmd);
	if (srv->lfd >= 0) {
		close(srv->lfd);
	}
	for (int i = 0; i < srv->nmore; i++) {
		if (srv->more[i].fd >= 0) {
			close(srv->more[i].fd);
		}
		if (srv->more[i].unix_owner && srv->more[i].unix_owner == getpid()) {
			unlink(srv->more[i].host + 7);
		}
		ws_free(srv->more[i].host);
	}
	if (srv->spare_fd >= 0) {
		close(srv->spare_fd);
	}
	if (srv->ctl_fd >= 0) {
		close(srv->ctl_fd);
	}
	if (srv->unix_owner && srv->unix_owner == getpid()) {
		unlink(srv->host + 7); /* only its maker: workers share the socket, and exit first */
	}
	ws_free(srv->host);
	ws_free((void *) srv->cfg.health_path);
	ws_free(srv->trusted);
	ws_ip_free_all(srv);
	ws_pubsub_free(srv);
	ws_loop_free(srv->ep.loop);
	ws_free((void *) srv->cfg.path);
	strv_free((const char **) srv->cfg.subprotocols, srv->cfg.nsubprotocols);
	strv_free((const char **) srv->cfg.origins, srv->cfg.norigins);
	ws_free(srv->ep.rbuf);
	ws_free(srv->ep.spare_proto);
	ws_idmap_free(&srv->ep.open);
	ws_tls_ctx_unref(srv->tls);
	ws_free(srv);
}

size_t ws_server_open_count(const ws_server *srv)
{
	return ws_idmap_len(&srv->ep.open);
}

ws_conn *ws_server_open_conn(const ws_server *srv, uint64_t id)
{
	return ws_idmap_get(&srv->ep.open, id);
}

typedef struct each_open {
	void (*fn)(ws_conn *c, void *ud);
	void *ud;
} each_open;

static void each_open_entry(void *entry, void *ud)
{
	each_open *e = ud;
	e->fn(entry, e->ud);
}

void ws_server_each_open(const ws_server *srv, void (*fn)(ws_conn *c, void *ud), void *ud)
{
	each_open e = {fn, ud};
	ws_idmap_each(&srv->ep.open, each_open_entry, &e);
}

size_t ws_server_open_conns(const ws_server *srv, ws_conn **out, size_t max)
{
	return ws_idmap_sorted(&srv->ep.open, (void **) out, max);
}

ws_loop *ws_server_loop(ws_server *srv)
{
	return srv->ep.loop;
}

int ws_server_port(const ws_server *srv)
{
	return srv->port;
}

int ws_server_running(const ws_server *srv)
{
	return ws_loop_running(srv->ep.loop);
}

/* Whether the listener lfd speaks TLS. */
static int listener_tls(const ws_server *srv, int lfd)
{
	if (!srv->tls) {
		return 0;
	}
	if (lfd == srv->lfd) {
		return srv->lfd_tls;
	}
	for (int i = 0; i < srv->nmore; i++) {
		if (srv->more[i].fd == lfd) {
			return srv->more[i].tls;
		}
	}
	return 0;
}

/* Answer status on a socket just accepted and close it, before any request
 * is read and any PHP runs. */
static void refuse_counted(ws_server *srv, int lfd, int fd, int status, const char *why)
{
	char resp[WS_HS_ERROR_MAX];
	int n = ws_handshake_response_error(resp, sizeof(resp), status, why);

	srv->stats.refused[ws_stats_status_index(status)]++;
	/* A TLS client would read a plain answer as a broken record: it is only closed. */
	if (!listener_tls(srv, lfd) && n > 0 && send(fd, resp, (size_t) n, MSG_NOSIGNAL | MSG_DONTWAIT) > 0) {
		srv->stats.bytes_out += (uint64_t) n;
	}
	close(fd);
}
#define refuse(fd, status, why) refuse_counted(srv, lfd, fd, status, why)

/* accept() failed for lack of descriptors: count it, say so now and then,
 * and, with the spare descriptor, still take the client to tell it 503.
 * Returns 1 if a client was taken off the backlog (try again), else 0. */
static int out_of_fds(ws_server *srv, int lfd)
{
	uint64_t now = ws_loop_now(srv->ep.loop);
	int fd, port;
	char ip[64];

	srv->stats.fd_limit_hits++;
	srv->fd_hits_unlogged++;
	if (!srv->fd_log_at || now - srv->fd_log_at >= WS_FD_LOG_MS) {
		struct rlimit rl;
		unsigned long long lim = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? (unsigned long long) rl.rlim_cur : 0;
		say(srv, WS_LOG_ERROR,
		    "out of file descriptors (open-file limit %llu, %zu connections): %llu new connection(s) refused "
		    "with 503; raise ulimit -n or lower max_connections",
		    lim, srv->ep.nconns, (unsigned long long) srv->fd_hits_unlogged);
		srv->fd_log_at = now ? now : 1;
		srv->fd_hits_unlogged = 0;
	}
	if (srv->spare_fd < 0) {
		return 0;
	}
	close(srv->spare_fd);
	fd = ws_net_accept(lfd, ip, sizeof(ip), &port);
	if (fd >= 0) {
		refuse(fd, 503, "server out of file descriptors");
	}
	srv->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return fd >= 0 && srv->spare_fd >= 0;
}

static void on_accept(ws_loop *l, int lfd, int events, void *ud)
{
	ws_server *srv = ud;
	/* Workers share the listener: take a few, then go to the back of the
	 * line (EPOLLEXCLUSIVE wakes the first waiter, which would otherwise be
	 * the same worker every time), so connections spread over the workers. */
	int max = srv->listener_shared ? WS_SHARED_ACCEPTS_PER_PASS : WS_ACCEPTS_PER_PASS;
	int tls = listener_tls(srv, lfd);
	(void) events;

	if (srv->listener_shared) {
		ws_loop_fd_set(l, lfd, 0, NULL, NULL);
		ws_loop_fd_set(l, lfd, WS_READ | WS_EXCLUSIVE, on_accept, srv);
	}
	for (int i = 0; i < max; i++) {
		char ip[64];
		int port, status, fd = ws_net_accept(lfd, ip, sizeof(ip), &port);
		ws_ip_entry *e;
		ws_transport *tr;
		ws_conn *c;

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				if (out_of_fds(srv, lfd)) {
					continue;
				}
				/* The pending connection stays in the backlog and epoll would
				 * wake us again at once. Pause accepting until some close. */
				ws_loop_fd_set(l, lfd, 0, NULL, NULL);
				ws_loop_timer_start(l, &srv->accept_timer, WS_ACCEPT_PAUSE_MS, accept_resume);
			}
			return; /* EAGAIN, ECONNABORTED, ... */
		}
		if (srv->cfg.max_connections && srv->ep.nconns >= srv->cfg.max_connections) {
			refuse(fd, 503, "too many connections");
			continue;
		}
		/* A new connection must fit the budget as it stands: no one is
		 * evicted to make room for a newcomer. */
		if (!ws_budget_fits(&srv->ep.budget.node, sizeof(ws_conn) + 1024 + (tls ? WS_TLS_CONN_COST : 0))) {
			srv->stats.memory_refusals++;
			refuse(fd, 503, "server busy");
			continue;
		}
		if ((status = ws_ip_admit(srv, ip, &e)) != 0) {
			srv->stats.ip_limit_refusals++;
			refuse(fd, status, status == 429 ? "too many connections or handshakes from this address" : NULL);
			continue;
		}
		tr = NULL;
		if (tls && !(tr = ws_tls_transport_new(srv->tls, fd))) {
			ws_ip_release(srv, e);
			close(fd);
			continue;
		}
		if (!(c = ws_conn_new(&srv->ep, fd, ip, port, tr))) {
			ws_ip_release(srv, e);
			close(fd);
			continue;
		}
		c->ip = e;
		if (tls) {
			/* OpenSSL's state is not allocated through the hooks: counted at
			 * its measured size, so the budget still bounds a flood of TLS
			 * handshakes (README: idle memory per wss connection). */
			ws_budget_charge(&c->mem, WS_TLS_CONN_COST);
		}
	}
}

static void on_signal(ws_loop *l, int fd, int events, void *ud);
static void on_ctl(ws_loop *l, int fd, int events, void *ud);

#define WS_STATS_REPORT_MS 1000

/* A worker's figures to its master ('T' + the struct, one message), every
 * second; the master answers with every worker's added up ('A'). */
static void report_stats(ws_loop *l, ws_timer *t)
{
	ws_server *srv = (ws_server *) ((char *) t - offsetof(ws_server, stats_timer));
	uint8_t msg[1 + sizeof(ws_server_stats)];
	ws_server_stats st;

	ws_loop_timer_start(l, t, WS_STATS_REPORT_MS, report_stats);
	ws_server_get_stats(srv, &st);
	msg[0] = 'T';
	memcpy(msg + 1, &st, sizeof(st));
	(void) !send(srv->ctl_fd, msg, sizeof(msg), MSG_NOSIGNAL | MSG_DONTWAIT);
}

#define WS_APP_SIGNAL_POLL_MS 100

static void app_signal_poll(ws_loop *l, ws_timer *t)
{
	/* Nothing but waking up again: the pass after it runs on_tick, where the binding dispatches. */
	ws_loop_timer_start(l, t, WS_APP_SIGNAL_POLL_MS, app_signal_poll);
}

static void watch_signals(ws_server *srv, int on)
{
	static const int signos[] = {SIGTERM, SIGINT, SIGHUP};
	int app = 0;

	if (!on) {
		ws_loop_timer_stop(srv->ep.loop, &srv->app_signal_timer);
		if (srv->signals) {
			ws_loop_fd_set(srv->ep.loop, ws_signal_fd(), 0, NULL, NULL);
			ws_signal_release_all();
			srv->signals = 0;
		}
		return;
	}
	for (size_t i = 0; i < sizeof(signos) / sizeof(signos[0]); i++) {
		if (ws_signal_take(signos[i]) < 0) {
			say(srv, WS_LOG_WARNING, "cannot handle signal %d: %s", signos[i], strerror(errno));
		}
		app |= ws_signal_app_handled(signos[i]);
	}
	/* A handler the application installed (pcntl_signal) for one of these is
	 * left to it. Such a handler only runs when the loop wakes (on_tick), and
	 * a signal that lands just before the loop waits does not wake it: wake
	 * every 100 ms while there is one, so a SIGTERM is never left waiting for
	 * traffic. */
	if (app) {
		ws_loop_timer_start(srv->ep.loop, &srv->app_signal_timer, WS_APP_SIGNAL_POLL_MS, app_signal_poll);
	}
	if (ws_signal_fd() >= 0 && ws_loop_fd_set(srv->ep.loop, ws_signal_fd(), WS_READ, on_signal, srv) == 0) {
		srv->signals = 1;
	}
}

int ws_server_run(ws_server *srv)
{
	int rc;

	if (srv->stop_requested) {
		srv->stop_requested = 0; /* stop() came first (a signal during start-up): nothing to serve */
		return 0;
	}
	if (srv->lfd < 0) {
		char errbuf[WS_ERRBUF_LEN];
		/* A stop closed the listener: listen again on the same port. */
		if (srv->listener_shared) {
			return WS_ERR_CLOSED;
		}
		if (srv->unix_owner && srv->unix_owner == getpid()) {
			unlink(srv->host + 7); /* ours, closed by the stop */
		}
		srv->lfd = ws_net_listen_ex(srv->host, srv->port, srv->cfg.backlog, srv->cfg.reuse_port,
		                            srv->cfg.unix_mode ? srv->cfg.unix_mode : 0660, errbuf);
		if (srv->lfd < 0) {
			say(srv, WS_LOG_ERROR, "%s", errbuf);
			return WS_ERR_IO;
		}
	}
	srv->ep.stopping = 0;
	srv->stop_signals = 0;
	srv->stats.started_ms = ws_loop_now(srv->ep.loop);
	if (ws_loop_fd_set(srv->ep.loop, srv->lfd, WS_READ | (srv->listener_shared ? WS_EXCLUSIVE : 0), on_accept, srv) < 0) {
		return WS_ERR_IO;
	}
	for (int i = 0; i < srv->nmore; i++) {
		struct ws_listener *li = &srv->more[i];
		if (li->fd < 0 && !srv->listener_shared) {
			char errbuf[WS_ERRBUF_LEN];
			if (li->unix_owner && li->unix_owner == getpid()) {
				unlink(li->host + 7);
			}
			if ((li->fd = ws_net_listen_ex(li->host, li->port, srv->cfg.backlog, srv->cfg.reuse_port, li->mode, errbuf)) < 0) {
				say(srv, WS_LOG_ERROR, "%s", errbuf);
				ws_loop_fd_set(srv->ep.loop, srv->lfd, 0, NULL, NULL);
				return WS_ERR_IO;
			}
		}
		if (li->fd >= 0 && ws_loop_fd_set(srv->ep.loop, li->fd, WS_READ | (srv->listener_shared ? WS_EXCLUSIVE : 0), on_accept, srv) < 0) {
			return WS_ERR_IO;
		}
	}
	if (srv->cfg.handle_signals) {
		watch_signals(srv, 1);
	}
	if (srv->ctl_fd >= 0 && ws_loop_fd_set(srv->ep.loop, srv->ctl_fd, WS_READ, on_ctl, srv) == 0) {
		(void) !write(srv->ctl_fd, "U", 1); /* serving: the master may let an old worker go */
		ws_loop_timer_start(srv->ep.loop, &srv->stats_timer, 0, report_stats);
	}
	say(srv, WS_LOG_INFO, "serving %s (port %d)%s%d more listener(s), max_connections %zu%s", srv->host, srv->port,
	    srv->nmore ? ", " : " and ", srv->nmore, srv->cfg.max_connections, srv->ctl_fd >= 0 ? ", as a worker" : "");
	ws_pubsub_start(srv);
	rc = ws_loop_run(srv->ep.loop);
	say(srv, WS_LOG_INFO, "stopped serving %s (port %d)", srv->host, srv->port);
	if (srv->lfd >= 0) {
		ws_loop_fd_set(srv->ep.loop, srv->lfd, 0, NULL, NULL);
	}
	for (int i = 0; i < srv->nmore; i++) {
		if (srv->more[i].fd >= 0) {
			ws_loop_fd_set(srv->ep.loop, srv->more[i].fd, 0, NULL, NULL);
		}
	}
	if (srv->ctl_fd >= 0) {
		ws_loop_fd_set(srv->ep.loop, srv->ctl_fd, 0, NULL, NULL);
	}
	watch_signals(srv, 0);
	ws_loop_timer_stop(srv->ep.loop, &srv->accept_timer);
	ws_loop_timer_stop(srv->ep.loop, &srv->shutdown_timer);
	ws_loop_timer_stop(srv->ep.loop, &srv->stats_timer);
	return rc;
}

/* Stop taking connections at once. A listener this process alone owns is
 * closed: first what waits in its accept queue is answered 503 (else those
 * clients would sit there until the process exits, then be reset), and
 * anyone connecting after is refused by the kernel at once. A worker only
 * lets go of its copy: the master and the other workers keep the port. */
static void close_listener(ws_server *srv, int *plfd)
{
	int lfd = *plfd;

	if (lfd < 0) {
		return;
	}
	ws_loop_fd_set(srv->ep.loop, lfd, 0, NULL, NULL);
	if (!srv->listener_shared) {
		for (int i = 0; i < 4096; i++) {
			char ip[64];
			int port, fd = ws_net_accept(lfd, ip, sizeof(ip), &port);
			if (fd < 0) {
				break;
			}
			refuse(fd, 503, "server shutting down");
		}
	}
	close(lfd);
	*plfd = -1;
}

static void stop_accepting(ws_server *srv)
{
	ws_loop_timer_stop(srv->ep.loop, &srv->accept_timer);
	close_listener(srv, &srv->lfd);
	for (int i = 0; i < srv->nmore; i++) {
		close_listener(srv, &srv->more[i].fd);
	}
}

static void shutdown_expired(ws_loop *l, ws_timer *t)
{
	ws_server *srv = (ws_server *) ((char *) t - offsetof(ws_server, shutdown_timer));
	(void) l;

	if (srv->ep.conns) {
		size_t n = 0, bytes = 0;
		for (ws_conn *c = srv->ep.conns; c; c = c->next) {
			n++;
			bytes += ws_conn_buffered(c);
		}
		say(srv, WS_LOG_WARNING, "shutdown_timeout (%llu ms) reached: closing %zu connection(s), %zu queued byte(s) unsent",
		    (unsigned long long) srv->cfg.shutdown_timeout, n, bytes);
	}
	ws_server_close_now(srv);
}

void ws_server_shutdown(ws_server *srv, uint16_t code)
{
	ws_conn *c, *next;
	const char *why = code == 1012 ? "server restarting" : "server shutting down";

	if (!ws_loop_running(srv->ep.loop)) {
		srv->stop_requested = 1;
		return;
	}
	if (srv->ep.stopping) {
		return;
	}
	srv->ep.stopping = 1;
	srv->ep.shutdown_code = code;
	say(srv, WS_LOG_INFO, "stopping gracefully: close %u to %zu connection(s)", code, srv->ep.nconns);
	stop_accepting(srv);
	if (srv->cbs.on_shutdown) {
		srv->cbs.on_shutdown(srv, code, srv->ud);
	}
	for (c = srv->ep.conns; c; c = next) {
		next = c->next;
		if (c->state == WS_CONN_HANDSHAKE) {
			/* A client whose handshake is under way: for a restart it completes
			 * (and is closed with 1012 at once: it reconnects to a new worker);
			 * for a stop it is answered 503. Either way it is not left hanging. */
			if (code != 1012) {
				ws_conn_reject(c, 503, "server shutting down");
			}
		} else {
			ws_conn_close(c, code, (const uint8_t *) why, strlen(why));
		}
	}
	if (srv->cfg.shutdown_timeout) {
		ws_loop_timer_start(srv->ep.loop, &srv->shutdown_timer, srv->cfg.shutdown_timeout, shutdown_expired);
	}
	/* pass_hook stops the loop once the registry is empty. */
}

void ws_server_stop(ws_server *srv)
{
	/* In a worker, stop() means the server (also from onWorkerStart, before
	 * its loop runs): the master stops every worker. */
	if (srv->ctl_fd >= 0 && !srv->ep.stopping && !srv->stop_requested) {
		(void) !write(srv->ctl_fd, "Q", 1);
	}
	ws_server_shutdown(srv, 1001);
}

void ws_server_close_now(ws_server *srv)
{
	while (srv->ep.conns) {
		ws_conn *c = srv->ep.conns;
		srv->stats.shutdown_dropped_connections++;
		srv->stats.shutdown_dropped_bytes += ws_conn_buffered(c);
		ws_conn_destroy(c, 1006, "server stopped");
	}
}

void ws_server_abort(ws_server *srv, uint16_t code)
{
	while (srv->ep.conns) {
		ws_conn_abort(srv->ep.conns, code);
	}
}

int ws_server_after_fork(ws_server *srv)
{
	int rc = ws_loop_after_fork(srv->ep.loop);
	return rc < 0 ? rc : ws_signal_after_fork();
}

void ws_server_become_worker(ws_server *srv, int ctl_fd, uint64_t id_base)
{
	srv->listener_shared = 1;
	srv->ctl_fd = ctl_fd;
	srv->ep.next_id = id_base;
}

int ws_server_is_worker(const ws_server *srv)
{
	return srv->ctl_fd >= 0;
}

int ws_server_listen_fd(const ws_server *srv)
{
	return srv->lfd;
}

void ws_server_set_request_handler(ws_server *srv,
	void (*on_request)(ws_server *, ws_conn *, const ws_handshake_req *, ws_slice, ws_http_reply *, void *))
{
	srv->cbs.on_request = on_request;
}

int ws_server_listen(ws_server *srv, const char *host, int port, unsigned unix_mode, char *errbuf)
{
	return ws_server_listen_tls(srv, host, port, unix_mode, -1, errbuf);
}

int ws_server_listen_tls(ws_server *srv, const char *host, int port, unsigned unix_mode, int tls, char *errbuf)
{
	struct ws_listener *li;

	if (srv->nmore >= WS_MAX_LISTENERS - 1) {
		snprintf(errbuf, WS_ERRBUF_LEN, "at most %d listeners", WS_MAX_LISTENERS);
		return WS_ERR_FULL;
	}
	li = &srv->more[srv->nmore];
	memset(li, 0, sizeof(*li));
	li->mode = unix_mode ? unix_mode : 0660;
	if (!(li->host = ws_strdup(host))) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		return WS_ERR_NOMEM;
	}
	if ((li->fd = ws_net_listen_ex(host, port, srv->cfg.backlog, srv->cfg.reuse_port, li->mode, errbuf)) < 0) {
		ws_free(li->host);
		return WS_ERR_IO;
	}
	if (strncmp(host, "unix://", 7) == 0) {
		li->unix_owner = getpid();
	}
	li->port = ws_net_local_port(li->fd);
	li->tls = tls < 0 ? srv->lfd_tls : tls;
	srv->nmore++;
	if (ws_loop_running(srv->ep.loop) && !srv->ep.stopping) {
		ws_loop_fd_set(srv->ep.loop, li->fd, WS_READ | (srv->listener_shared ? WS_EXCLUSIVE : 0), on_accept, srv);
	}
	return li->port;
}

void ws_server_set_tls(ws_server *srv, ws_tls_ctx *ctx)
{
	if (!srv->tls && ctx) {
		srv->lfd_tls = 1; /* the first: the main listener speaks TLS */
	}
	if (ctx) {
		ws_tls_ctx_ref(ctx);
	}
	ws_tls_ctx_unref(srv->tls);
	srv->tls = ctx;
}

ws_tls_ctx *ws_server_tls(const ws_server *srv)
{
	return srv->tls;
}

int ws_server_listener_is_tls(const ws_server *srv, int lfd)
{
	return listener_tls(srv, lfd);
}

int ws_server_listen_fds(const ws_server *srv, int *fds, int max)
{
	int n = 0;

	if (srv->lfd >= 0 && n < max) {
		fds[n++] = srv->lfd;
	}
	for (int i = 0; i < srv->nmore && n < max; i++) {
		if (srv->more[i].fd >= 0) {
			fds[n++] = srv->more[i].fd;
		}
	}
	return n;
}

int ws_server_take_stop_request(ws_server *srv)
{
	int r = srv->stop_requested;
	srv->stop_requested = 0;
	return r;
}

void ws_server_stop_listening(ws_server *srv)
{
	stop_accepting(srv);
}

void ws_server_recycle(ws_server *srv)
{
	if (srv->ep.stopping) {
		return;
	}
	if (srv->ctl_fd >= 0) {
		(void) !write(srv->ctl_fd, "X", 1); /* the master starts the replacement now */
	}
	ws_server_shutdown(srv, 1012);
}

static void on_signal(ws_loop *l, int fd, int events, void *ud)
{
	ws_server *srv = ud;
	int sigs[16], n = ws_signal_read(sigs, 16);
	/* "Again" means a second SIGTERM/SIGINT this process received, not a
	 * stop that began otherwise: a group SIGTERM (Supervisor's stopasgroup,
	 * systemd, Ctrl-C) reaches a worker both directly and as its master's 'S'. */
	(void) l;
	(void) fd;
	(void) events;

	for (int i = 0; i < n; i++) {
		const char *name = sigs[i] == SIGTERM ? "SIGTERM" : sigs[i] == SIGINT ? "SIGINT" : "SIGHUP";
		if (sigs[i] == SIGHUP) {
			/* A worker is replaced by its master, not reloaded in place. */
			if (srv->ctl_fd < 0 && srv->cbs.on_reload) {
				srv->cbs.on_reload(srv, srv->ud);
			}
		} else if (!srv->stop_signals++) {
			if (!srv->ep.stopping) {
				say(srv, WS_LOG_NOTICE, "%s: stopping gracefully (%zu connection(s), shutdown_timeout %llu ms)", name,
				    srv->ep.nconns, (unsigned long long) srv->cfg.shutdown_timeout);
				ws_server_shutdown(srv, 1001);
			}
		} else {
			say(srv, WS_LOG_NOTICE, "%s again: closing the %zu connection(s) left now", name, srv->ep.nconns);
			ws_server_close_now(srv);
		}
	}
}

static void on_ctl(ws_loop *l, int fd, int events, void *ud)
{
	ws_server *srv = ud;
	char cmd[1 + sizeof(ws_server_stats) + sizeof(int32_t)];
	ssize_t n = recv(fd, cmd, sizeof(cmd), MSG_DONTWAIT);
	(void) l;
	(void) events;

	if (n == (ssize_t) sizeof(cmd) && cmd[0] == 'A') {
		int32_t workers;
		memcpy(&srv->all_stats, cmd + 1, sizeof(srv->all_stats));
		memcpy(&workers, cmd + 1 + sizeof(srv->all_stats), sizeof(workers));
		srv->all_workers = workers;
		srv->all_at = ws_loop_now(srv->ep.loop);
		return;
	}

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		/* The master is gone: nobody will replace or stop us; stop. */
		ws_loop_fd_set(srv->ep.loop, fd, 0, NULL, NULL);
		ws_server_shutdown(srv, 1001);
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (cmd[i] == 'S' || cmd[i] == 'R') {
			ws_server_shutdown(srv, cmd[i] == 'R' ? 1012 : 1001);
		} else if (cmd[i] == 'K') {
			ws_server_shutdown(srv, 1001);
			ws_server_close_now(srv);
		}
	}
}

/* Refused handshakes, one line per burst: at most one every 10 s, with the statuses. */
static void report_refusals(ws_server *srv)
{
	uint64_t total = 0, now = ws_loop_now(srv->ep.loop);
	char by[256];
	size_t n = 0;

	for (int i = 0; i < WS_STATS_STATUSES; i++) {
		total += srv->stats.refused[i];
	}
	if (total == srv->refused_reported || now - srv->refused_report_at < WS_FD_LOG_MS) {
		return;
	}
	by[0] = '\0';
	for (int i = 0; i < WS_STATS_STATUSES; i++) {
		if (srv->stats.refused[i] && n < sizeof(by)) {
			int w = ws_stats_statuses[i]
			            ? snprintf(by + n, sizeof(by) - n, "%s%d: %llu", n ? ", " : "", ws_stats_statuses[i],
			                       (unsigned long long) srv->stats.refused[i])
			            : snprintf(by + n, sizeof(by) - n, "%sother: %llu", n ? ", " : "", (unsigned long long) srv->stats.refused[i]);
			n += w > 0 ? (size_t) w : 0;
		}
	}
	say(srv, WS_LOG_INFO, "refused %llu handshake(s) or request(s) since the last report (all so far by status: %s)",
	    (unsigned long long) (total - srv->refused_reported), by);
	srv->refused_reported = total;
	srv->refused_report_at = now;
}

static void pass_hook(ws_loop *l, void *ud)
{
	ws_server *srv = ud;
	ws_server_reap(srv);
	ws_pubsub_pass(srv);
	report_refusals(srv);
	if (srv->cbs.on_tick) {
		srv->cbs.on_tick(srv, srv->ud);
	}
	if (srv->ep.stopping && !srv->ep.conns && ws_pubsub_drained(srv)) {
		ws_loop_stop(l);
	}
}

/* Free the connections closed during this pass: on_close, on_free, then memory. */
void ws_server_reap(ws_server *srv)
{
	ws_endpoint_reap(&srv->ep);
}

void ws_stats_add(ws_server_stats *s, const ws_server_stats *x)
{
	s->connections += x->connections;
	s->max_connections += x->max_connections;
	s->memory_budget += x->memory_budget;
	s->memory_used += x->memory_used;
	s->memory_refusals += x->memory_refusals;
	s->fd_limit_hits += x->fd_limit_hits;
	s->ip_limit_refusals += x->ip_limit_refusals;
	s->rate_limited_messages += x->rate_limited_messages;
	s->shutdown_dropped_connections += x->shutdown_dropped_connections;
	s->shutdown_dropped_bytes += x->shutdown_dropped_bytes;
	s->handshaking += x->handshaking;
	s->open += x->open;
	s->closing += x->closing;
	s->queued_bytes += x->queued_bytes;
	s->handshakes_accepted += x->handshakes_accepted;
	for (int i = 0; i < WS_STATS_STATUSES; i++) {
		s->refused[i] += x->refused[i];
	}
	s->messages_in += x->messages_in;
	s->messages_out += x->messages_out;
	s->bytes_in += x->bytes_in;
	s->bytes_out += x->bytes_out;
	for (int i = 0; i < WS_STATS_CLOSE_CODES; i++) {
		s->closes[i] += x->closes[i];
	}
	s->dropped_messages += x->dropped_messages;
	s->health_checks += x->health_checks;
	s->messages_deflated += x->messages_deflated;
	s->deflate_in += x->deflate_in;
	s->deflate_out += x->deflate_out;
	s->messages_inflated += x->messages_inflated;
	s->inflate_in += x->inflate_in;
	s->inflate_out += x->inflate_out;
	s->metrics_scrapes += x->metrics_scrapes;
	s->tls_handshake_failures += x->tls_handshake_failures;
	if (x->uptime_ms > s->uptime_ms) {
		s->uptime_ms = x->uptime_ms;
	}
}

int ws_server_all_workers_stats(const ws_server *srv, ws_server_stats *sum, int *workers, uint64_t *age_ms)
{
	if (!srv->all_workers) {
		return 0;
	}
	*sum = srv->all_stats;
	*workers = srv->all_workers;
	*age_ms = ws_loop_now(srv->ep.loop) - srv->all_at;
	return 1;
}

const int ws_stats_statuses[WS_STATS_STATUSES] = {400, 403, 404, 426, 429, 431, 500, 503, 0};
const int ws_stats_close_codes[WS_STATS_CLOSE_CODES] = {1000, 1001, 1002, 1003, 1006, 1007, 1008, 1009, 1011, 1012, 0};

int ws_stats_status_index(int status)
{
	int i = 0;
	while (i < WS_STATS_STATUSES - 1 && ws_stats_statuses[i] != status) {
		i++;
	}
	return i;
}

int ws_stats_close_index(int code)
{
	int i = 0;
	while (i < WS_STATS_CLOSE_CODES - 1 && ws_stats_close_codes[i] != code) {
		i++;
	}
	return i;
}

void ws_server_get_stats(const ws_server *srv, ws_server_stats *st)
{
	*st = srv->stats;
	st->handshaking = st->open = st->closing = st->queued_bytes = 0;
	for (const ws_conn *c = srv->ep.conns; c; c = c->next) {
		st->handshaking += c->state == WS_CONN_HANDSHAKE;
		st->open += c->state == WS_CONN_OPEN;
		st->closing += c->state == WS_CONN_CLOSING;
		st->queued_bytes += c->wq.bytes;
	}
	st->uptime_ms = srv->stats.started_ms ? ws_loop_now(srv->ep.loop) - srv->stats.started_ms : 0;
	st->connections = srv->ep.nconns;
	st->max_connections = srv->cfg.max_connections;
	st->memory_budget = srv->ep.budget.limit;
	st->memory_used = srv->ep.budget.node.used;
	st->memory_refusals += srv->ep.budget.refusals;
}
