/*
 * ws_redis.c: Redis pub/sub transport (see ws_redis.h), on hiredis's async
 * API. Written against hiredis 0.14.1 (Debian 12), which shapes it:
 *   - no async connect timeout: a ws_timer bounds connect + handshake;
 *   - no allocator hooks and no event-library timers;
 *   - write(2) on the socket, so a peer gone away raises SIGPIPE: writes run
 *     with SIGPIPE blocked and a SIGPIPE they raise is consumed;
 *   - a channel's callback lives in a dict that an UNSUBSCRIBE reply deletes
 *     even if a SUBSCRIBE was sent after it: here at most one (UN)SUBSCRIBE
 *     per channel is in flight, the wanted state is applied when it returns;
 *   - regular commands on a subscribed context take the reply of whatever
 *     comes next: the subscriber link sends AUTH/SELECT/PING before any
 *     SUBSCRIBE and nothing but (UN)SUBSCRIBE after;
 *   - the async context ends in one place, __redisAsyncFree, which calls the
 *     ev.cleanup hook: that hook is where a link learns it is gone (failed
 *     connect, I/O error, EOF, our own redisAsyncFree). Nothing runs user
 *     code from there: the loss is handled by a 0 ms timer (the "defer").
 */
#include "core/ws_redis.h"

#ifdef HAVE_WS_HIREDIS
#include "core/ws_hash.h"

#include <hiredis/hiredis.h>
#include <hiredis/async.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000
#define DEFAULT_CONNECT_TIMEOUT_MS 3000
#define DEFAULT_MAX_PENDING ((size_t) 8 << 20)
#define SUB_BATCH 128        /* channels per SUBSCRIBE when resubscribing */
#define PUBLISH_OVERHEAD 64  /* RESP framing of a PUBLISH, counted with it */

#define container_of(p, type, member) ((type *) (void *) ((char *) (p) - offsetof(type, member)))

enum { LINK_SUB, LINK_PUB };
enum { L_DOWN, L_CONNECTING, L_UP };

typedef struct topic_entry {
	struct topic_entry *next;
	uint64_t hash;
	unsigned want : 1;     /* the caller wants it */
	unsigned srv : 1;      /* the server confirmed SUBSCRIBE on this link */
	unsigned inflight : 1; /* a SUBSCRIBE or UNSUBSCRIBE awaits its reply */
	unsigned sync : 1;     /* part of the resubscribe that precedes on_link(1) */
	size_t len;
	uint8_t key[];
} topic_entry;

typedef struct rlink {
	ws_redis *r;
	int kind;
	int state;
	redisAsyncContext *ac;
	int fd, mask;
	int handshake_left;
	int drop;         /* a watch failed or a command could not be queued: free the context in the defer */
	int lost;         /* the context is gone: log and schedule a retry in the defer */
	int lost_up;      /* it was up when lost */
	int logged;       /* this outage was logged */
	int ever_up;
	int err_logged;   /* a PUBLISH error was logged on this connection */
	unsigned attempt; /* backoff step */
	uint64_t down_at; /* ws_loop_now() when this outage began; 0 when up */
	uint64_t up_at;   /* ws_loop_now() when it last came up */
	ws_timer timer;   /* CONNECTING: connect timeout; DOWN: retry */
	char why[192];    /* reason of the current failure */
} rlink;

struct ws_redis {
	ws_loop *loop;
	ws_redis_callbacks cbs;
	void *ud;
	char *host, *sock, *password, *prefix;
	size_t prefix_len;
	int port, database;
	unsigned connect_timeout_ms;
	size_t max_pending;
	char where[160];

	rlink sub, pub;
	ws_timer defer;
	int depth; /* loop callbacks of ours on the stack */
	int dead;  /* ws_redis_free() was called */

	topic_entry **tab;
	size_t tab_size, entries, wanted, sync_left, inflight;
	uint64_t sipkey[2];
	int sub_reported;

	uint8_t *chan;
	size_t chan_cap;
	uint64_t rng;

	uint64_t reconnects, published, publish_failed, received;
	size_t pending_bytes, pending_count;
	uint64_t down_since;
};

static const char *const link_name[] = {"subscriber", "publisher"};

/* --- small helpers --- */

static uint64_t next_rand(ws_redis *r)
{
	uint64_t x = r->rng; /* xorshift64* */
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void logf_(ws_redis *r, int level, const char *fmt, ...)
{
	char buf[384];
	va_list ap;

	if (r->dead || !r->cbs.on_log) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->cbs.on_log(r->ud, level, buf);
}

static void arm_defer(ws_redis *r);

/* --- topic table: SipHash-1-3 keyed per process (ws_hash.h), chains, doubling --- */

static topic_entry **find_slot(const ws_redis *r, const uint8_t *t, size_t n, uint64_t h)
{
	topic_entry **pp = &r->tab[h & (r->tab_size - 1)];

	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->hash == h && (*pp)->len == n && (n == 0 || memcmp((*pp)->key, t, n) == 0)) {
			break;
		}
	}
	return pp;
}

static topic_entry *find(const ws_redis *r, const uint8_t *t, size_t n)
{
	return *find_slot(r, t, n, ws_siphash13(r->sipkey, t, n));
}

static void grow(ws_redis *r)
{
	size_t n = r->tab_size * 2;
	topic_entry **t = ws_malloc(n * sizeof(*t));

	if (!t) {
		return; /* longer chains, still correct */
	}
	memset(t, 0, n * sizeof(*t));
	for (size_t i = 0; i < r->tab_size; i++) {
		topic_entry *e = r->tab[i], *next;
		for (; e; e = next) {
			next = e->next;
			e->next = t[e->hash & (n - 1)];
			t[e->hash & (n - 1)] = e;
		}
	}
	ws_free(r->tab);
	r->tab = t;
	r->tab_size = n;
}

static topic_entry *insert(ws_redis *r, const uint8_t *t, size_t n)
{
	uint64_t h = ws_siphash13(r->sipkey, t, n);
	topic_entry *e = ws_malloc(sizeof(*e) + n), **pp;

	if (!e) {
		return NULL;
	}
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->len = n;
	if (n) {
		memcpy(e->key, t, n);
	}
	if (r->entries >= r->tab_size) {
		grow(r);
	}
	pp = &r->tab[h & (r->tab_size - 1)];
	e->next = *pp;
	*pp = e;
	r->entries++;
	return e;
}

static void remove_entry(ws_redis *r, topic_entry *e)
{
	topic_entry **pp = find_slot(r, e->key, e->len, e->hash);

	if (*pp == e) {
		*pp = e->next;
		r->entries--;
		ws_free(e);
	}
}

/* prefix + topic in r->chan; NULL if out of memory. */
static const char *channel(ws_redis *r, const uint8_t *t, size_t n, size_t *len)
{
	size_t need = r->prefix_len + n + 1;

	if (need > r->chan_cap) {
		uint8_t *c = ws_realloc(r->chan, need);
		if (!c) {
			return NULL;
		}
		r->chan = c;
		r->chan_cap = need;
	}
	memcpy(r->chan, r->prefix, r->prefix_len);
	if (n) {
		memcpy(r->chan + r->prefix_len, t, n);
	}
	*len = r->prefix_len + n;
	return (const char *) r->chan;
}

/* --- the loop adapter (hiredis's ev hooks) --- */

static void link_io(ws_loop *l, int fd, int events, void *ud);

static void ev_update(rlink *k, int mask)
{
	if (mask == k->mask || k->fd < 0) {
		return;
	}
	if (ws_loop_fd_set(k->r->loop, k->fd, mask, link_io, k) != 0) {
		if (!k->drop) {
			snprintf(k->why, sizeof(k->why), "cannot watch its socket: %s", strerror(errno));
		}
		k->drop = 1;
		arm_defer(k->r);
		return;
	}
	k->mask = mask;
}

static void ev_add_read(void *p) { rlink *k = p; ev_update(k, k->mask | WS_READ); }
static void ev_del_read(void *p) { rlink *k = p; ev_update(k, k->mask & ~WS_READ); }
static void ev_add_write(void *p) { rlink *k = p; ev_update(k, k->mask | WS_WRITE); }
static void ev_del_write(void *p) { rlink *k = p; ev_update(k, k->mask & ~WS_WRITE); }

static void topics_reset(ws_redis *r);

/* The context is being freed (by hiredis on an error, or by us): forget it.
 * Bookkeeping only; the defer logs, tells the caller and retries. */
static void ev_cleanup(void *p)
{
	rlink *k = p;
	ws_redis *r = k->r;
	redisAsyncContext *ac = k->ac;

	if (k->fd >= 0 && k->mask) {
		ws_loop_fd_set(r->loop, k->fd, 0, NULL, NULL);
	}
	k->fd = -1;
	k->mask = 0;
	k->ac = NULL;
	if (r->dead) {
		return;
	}
	if (!k->why[0]) {
		snprintf(k->why, sizeof(k->why), "%s", ac && ac->c.err ? ac->c.errstr : "connection closed");
	}
	k->lost_up = k->state == L_UP;
	if (k->lost_up && ws_loop_now(r->loop) - k->up_at >= BACKOFF_MAX_MS) {
		k->attempt = 0; /* it had been up a while: retry soon; a link that flaps keeps backing off */
	}
	k->state = L_DOWN;
	k->handshake_left = 0;
	k->drop = 0;
	k->lost = 1;
	ws_loop_timer_stop(r->loop, &k->timer);
	if (!k->down_at) {
		k->down_at = ws_loop_now(r->loop);
	}
	if (!r->down_since) {
		r->down_since = ws_loop_now(r->loop);
	}
	if (k->kind == LINK_SUB) {
		topics_reset(r);
	}
	arm_defer(r);
}

/* hiredis writes with write(2): a reset peer would raise SIGPIPE and end the
 * process. Block it around the write; consume one the write raised. */
static void handle_write(redisAsyncContext *ac)
{
	sigset_t pipe_set, old, pending;
	int was_pending;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigemptyset(&pending);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	redisAsyncHandleWrite(ac);
	if (!was_pending) {
		sigemptyset(&pending);
		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE)) {
			struct timespec zero = {0, 0};
			while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
			}
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void destroy(ws_redis *r);

static void leave(ws_redis *r)
{
	if (--r->depth == 0 && r->dead) {
		destroy(r);
	}
}

static void link_io(ws_loop *l, int fd, int events, void *ud)
{
	rlink *k = ud;
	ws_redis *r = k->r;
	redisAsyncContext *ac = k->ac;

	(void) l;
	(void) fd;
	if (!ac) {
		return;
	}
	r->depth++;
	if (events & WS_READ) {
		if (r->cbs.on_batch) {
			r->cbs.on_batch(r->ud, 1);
		}
		redisAsyncHandleRead(ac);
		if (r->cbs.on_batch) {
			r->cbs.on_batch(r->ud, 0);
		}
	}
	if ((events & WS_WRITE) && k->ac == ac) { /* still the same context: the read may have ended it */
		handle_write(ac);
	}
	leave(r);
}

/* --- links --- */

static void link_timer(ws_loop *l, ws_timer *t);
static void topics_sync(ws_redis *r);
static void kick(ws_redis *r, topic_entry *e);

static unsigned backoff(ws_redis *r, rlink *k)
{
	unsigned d = BACKOFF_MIN_MS << (k->attempt < 6 ? k->attempt : 6);

	if (d > BACKOFF_MAX_MS) {
		d = BACKOFF_MAX_MS;
	}
	if (k->attempt < 16) {
		k->attempt++;
	}
	return d / 2 + (unsigned) (next_rand(r) % (d / 2 + 1));
}

static void report_up(ws_redis *r)
{
	if (r->sub_reported || r->dead) {
		return;
	}
	r->sub_reported = 1;
	if (r->cbs.on_link) {
		r->cbs.on_link(r->ud, 1);
	}
}

/* AUTH, SELECT and PING answered: the link is usable. Runs inside a hiredis
 * reply callback. */
static void link_up(rlink *k)
{
	ws_redis *r = k->r;
	uint64_t now = ws_loop_now(r->loop);

	ws_loop_timer_stop(r->loop, &k->timer);
	k->state = L_UP;
	k->up_at = now;
	k->err_logged = 0;
	if (k->ever_up || k->logged) {
		r->reconnects++;
	}
	if (r->sub.state == L_UP && r->pub.state == L_UP) {
		r->down_since = 0;
	}
	if (k->logged) {
		logf_(r, WS_LOG_NOTICE, "Redis %s link to %s up again after %llu ms", link_name[k->kind], r->where,
			(unsigned long long) (now - k->down_at));
	} else if (!k->ever_up) {
		logf_(r, WS_LOG_INFO, "Redis %s link to %s up", link_name[k->kind], r->where);
	}
	k->ever_up = 1;
	k->logged = 0;
	k->down_at = 0;
	if (r->dead) {
		return;
	}
	if (k->kind == LINK_SUB) {
		topics_sync(r);
	}
}

static void handshake_reply(redisAsyncContext *ac, void *reply, void *privdata)
{
	rlink *k = ac->data;
	redisReply *rep = reply;

	if (!rep || k->r->dead || k->ac != ac || k->state != L_CONNECTING) {
		return;
	}
	if (rep->type == REDIS_REPLY_ERROR) {
		snprintf(k->why, sizeof(k->why), "%s refused: %.*s", (const char *) privdata, (int) rep->len,
			rep->str ? rep->str : "");
		redisAsyncFree(ac); /* we are in its callback: hiredis frees it when we return */
		return;
	}
	if (--k->handshake_left == 0) {
		link_up(k);
	}
}

static void set_keepalive(int fd)
{
	int on = 1, idle = 15, intvl = 5, cnt = 3;

	(void) !setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	(void) !setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	(void) !setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
	(void) !setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
}

static void link_fail_now(rlink *k, const char *why)
{
	ws_redis *r = k->r;

	snprintf(k->why, sizeof(k->why), "%s", why);
	k->lost_up = 0;
	k->state = L_DOWN;
	k->lost = 1;
	if (!k->down_at) {
		k->down_at = ws_loop_now(r->loop);
	}
	if (!r->down_since) {
		r->down_since = ws_loop_now(r->loop);
	}
	arm_defer(r);
}

/* Start one attempt. No callbacks from here: failures go through the defer. */
static void link_connect(rlink *k)
{
	ws_redis *r = k->r;
	redisAsyncContext *ac;
	int ok = 1;

	k->why[0] = '\0';
	k->drop = 0;
	ac = r->sock ? redisAsyncConnectUnix(r->sock) : redisAsyncConnect(r->host, r->port);
	if (!ac) {
		link_fail_now(k, "out of memory");
		return;
	}
	if (ac->err) {
		char why[192];
		snprintf(why, sizeof(why), "%s", ac->errstr ? ac->errstr : "connect failed");
		redisAsyncFree(ac); /* no hooks yet: closes the socket, nothing else */
		link_fail_now(k, why);
		return;
	}
	k->ac = ac;
	k->fd = ac->c.fd;
	k->mask = 0;
	k->state = L_CONNECTING;
	k->handshake_left = 0;
	ac->data = k;
	ac->ev.data = k;
	ac->ev.addRead = ev_add_read;
	ac->ev.delRead = ev_del_read;
	ac->ev.addWrite = ev_add_write;
	ac->ev.delWrite = ev_del_write;
	ac->ev.cleanup = ev_cleanup;
	if (!r->sock) {
		set_keepalive(k->fd);
	}
	/* Queued before anything else on this connection (publishes included),
	 * answered in order; the link is up when the PING's reply comes. */
	if (r->password && r->password[0]) {
		ok = ok && redisAsyncCommand(ac, handshake_reply, "AUTH", "AUTH %b", r->password,
			strlen(r->password)) == REDIS_OK && ++k->handshake_left;
	}
	if (r->database) {
		ok = ok && redisAsyncCommand(ac, handshake_reply, "SELECT", "SELECT %d", r->database) == REDIS_OK &&
			++k->handshake_left;
	}
	ok = ok && redisAsyncCommand(ac, handshake_reply, "PING", "PING") == REDIS_OK && ++k->handshake_left;
	if (!ok && !k->drop) {
		snprintf(k->why, sizeof(k->why), "cannot queue the handshake");
		k->drop = 1;
		arm_defer(r);
	}
	ws_loop_timer_start(r->loop, &k->timer, r->connect_timeout_ms, link_timer);
}

/* A lost link: log once per outage, tell the caller, retry after a backoff.
 * Runs from the defer, so user code may do anything. */
static void link_lost(rlink *k)
{
	ws_redis *r = k->r;
	unsigned delay = backoff(r, k);

	k->lost = 0;
	ws_loop_timer_start(r->loop, &k->timer, delay, link_timer);
	if (!k->logged) {
		k->logged = 1;
		logf_(r, WS_LOG_WARNING, "Redis %s link to %s %s: %s; reconnecting with backoff", link_name[k->kind],
			r->where, k->lost_up ? "lost" : "cannot connect", k->why);
	}
	k->why[0] = '\0';
	if (r->dead) {
		return;
	}
	if (k->kind == LINK_SUB && r->sub_reported) {
		r->sub_reported = 0;
		if (r->cbs.on_link) {
			r->cbs.on_link(r->ud, 0);
		}
	}
}

static void link_timer(ws_loop *l, ws_timer *t)
{
	rlink *k = container_of(t, rlink, timer);
	ws_redis *r = k->r;

	(void) l;
	r->depth++;
	if (k->state == L_CONNECTING && k->ac) {
		snprintf(k->why, sizeof(k->why), "no answer within %u ms", r->connect_timeout_ms);
		redisAsyncFree(k->ac); /* ev_cleanup: DOWN, defer */
	} else if (k->state == L_DOWN && !k->lost) {
		link_connect(k);
	}
	leave(r);
}

static void on_defer(ws_loop *l, ws_timer *t)
{
	ws_redis *r = container_of(t, ws_redis, defer);
	rlink *links[2] = {&r->sub, &r->pub};

	(void) l;
	r->depth++;
	for (int i = 0; i < 2; i++) {
		if (links[i]->drop && links[i]->ac) {
			redisAsyncFree(links[i]->ac); /* ev_cleanup: lost */
		}
	}
	for (int i = 0; i < 2 && !r->dead; i++) {
		if (links[i]->lost) {
			link_lost(links[i]);
		}
	}
	leave(r);
}

static void arm_defer(ws_redis *r)
{
	if (!r->dead && !ws_timer_active(&r->defer)) {
		ws_loop_timer_start(r->loop, &r->defer, 0, on_defer);
	}
}

/* --- subscriptions --- */

static void sub_reply(redisAsyncContext *ac, void *reply, void *privdata);

/* The subscriber link cannot carry this command: drop it; the reconnect
 * resubscribes everything wanted. */
static void sub_broken(ws_redis *r, const char *what)
{
	if (!r->sub.drop) {
		snprintf(r->sub.why, sizeof(r->sub.why), "cannot queue %s", what);
	}
	r->sub.drop = 1;
	arm_defer(r);
}

/* Bring the server's state of e's channel toward what is wanted: one command
 * in flight at a time. May free e. */
static void kick(ws_redis *r, topic_entry *e)
{
	const char *argv[2];
	size_t lens[2];

	if (e->inflight) {
		return;
	}
	if (e->want == e->srv) {
		if (!e->want) {
			remove_entry(r, e);
		}
		return;
	}
	if (r->sub.state != L_UP || r->sub.drop || !r->sub.ac) {
		return; /* the (re)subscribe after connecting takes care of it */
	}
	argv[0] = e->want ? "SUBSCRIBE" : "UNSUBSCRIBE";
	lens[0] = strlen(argv[0]);
	argv[1] = channel(r, e->key, e->len, &lens[1]);
	if (!argv[1] || redisAsyncCommandArgv(r->sub.ac, sub_reply, NULL, 2, argv, lens) != REDIS_OK) {
		sub_broken(r, argv[0]);
		return;
	}
	e->inflight = 1;
	r->inflight++;
}

/* Link up: SUBSCRIBE every wanted topic in batches; on_link(1) when all
 * confirmed. */
static void topics_sync(ws_redis *r)
{
	const char *argv[SUB_BATCH + 1];
	size_t lens[SUB_BATCH + 1];
	char *buf = NULL;
	size_t cap = 0;
	int n = 0;

	r->sync_left = 0;
	argv[0] = "SUBSCRIBE";
	lens[0] = 9;
	for (size_t i = 0; i < r->tab_size && !r->sub.drop; i++) {
		for (topic_entry *e = r->tab[i]; e; e = e->next) {
			if (!e->want || e->inflight) {
				continue;
			}
			/* the batch's channels side by side in one buffer, offsets in argv until sent */
			size_t off = 0;
			for (int j = 1; j <= n; j++) {
				off += lens[j];
			}
			if (off + r->prefix_len + e->len > cap) {
				size_t ncap = (off + r->prefix_len + e->len) * 2 + 64;
				char *nb = ws_realloc(buf, ncap);
				if (!nb) {
					sub_broken(r, "SUBSCRIBE");
					break;
				}
				buf = nb;
				cap = ncap;
			}
			memcpy(buf + off, r->prefix, r->prefix_len);
			if (e->len) {
				memcpy(buf + off + r->prefix_len, e->key, e->len);
			}
			lens[++n] = r->prefix_len + e->len;
			e->inflight = 1;
			r->inflight++;
			e->sync = 1;
			r->sync_left++;
			if (n == SUB_BATCH) {
				size_t o = 0;
				for (int j = 1; j <= n; j++) {
					argv[j] = buf + o;
					o += lens[j];
				}
				if (redisAsyncCommandArgv(r->sub.ac, sub_reply, NULL, n + 1, argv, lens) != REDIS_OK) {
					sub_broken(r, "SUBSCRIBE");
				}
				n = 0;
			}
		}
	}
	if (n && !r->sub.drop) {
		size_t o = 0;
		for (int j = 1; j <= n; j++) {
			argv[j] = buf + o;
			o += lens[j];
		}
		if (redisAsyncCommandArgv(r->sub.ac, sub_reply, NULL, n + 1, argv, lens) != REDIS_OK) {
			sub_broken(r, "SUBSCRIBE");
		}
	}
	ws_free(buf);
	if (r->sync_left == 0 && !r->sub.drop) {
		report_up(r);
	}
}

/* The subscriber link is gone: nothing is subscribed on the server any more;
 * forget the topics nobody wants. */
static void topics_reset(ws_redis *r)
{
	for (size_t i = 0; i < r->tab_size; i++) {
		topic_entry **pp = &r->tab[i];
		while (*pp) {
			topic_entry *e = *pp;
			e->srv = e->inflight = e->sync = 0;
			if (!e->want) {
				*pp = e->next;
				r->entries--;
				ws_free(e);
			} else {
				pp = &e->next;
			}
		}
	}
	r->sync_left = 0;
	r->inflight = 0;
}

static int is_type(const redisReply *t, const char *s)
{
	size_t n = strlen(s);
	return t->type == REDIS_REPLY_STRING && t->len == n && memcmp(t->str, s, n) == 0;
}

static void sub_reply(redisAsyncContext *ac, void *reply, void *privdata)
{
	rlink *k = ac->data;
	ws_redis *r = k->r;
	redisReply *rep = reply, *ch;
	const uint8_t *topic;
	size_t tlen;
	topic_entry *e;

	(void) privdata;
	if (!rep || r->dead || k->ac != ac || rep->type != REDIS_REPLY_ARRAY || rep->elements < 3) {
		return;
	}
	ch = rep->element[1];
	if (ch->type != REDIS_REPLY_STRING || ch->len < r->prefix_len ||
	    memcmp(ch->str, r->prefix, r->prefix_len) != 0) {
		return;
	}
	topic = (const uint8_t *) ch->str + r->prefix_len;
	tlen = ch->len - r->prefix_len;
	e = find(r, topic, tlen);
	if (!e) {
		return;
	}
	if (is_type(rep->element[0], "message")) {
		redisReply *pl = rep->element[2];
		if (!e->want || pl->type != REDIS_REPLY_STRING) {
			return;
		}
		r->received++;
		if (r->cbs.on_message) {
			r->cbs.on_message(r->ud, topic, tlen, (const uint8_t *) pl->str, pl->len);
		}
	} else if (is_type(rep->element[0], "subscribe")) {
		int was_sync = e->sync;
		r->inflight -= e->inflight;
		e->inflight = 0;
		e->sync = 0;
		e->srv = 1;
		kick(r, e);
		if (was_sync && r->sync_left && --r->sync_left == 0 && !r->sub.drop) {
			report_up(r);
		}
	} else if (is_type(rep->element[0], "unsubscribe")) {
		r->inflight -= e->inflight;
		e->inflight = 0;
		e->srv = 0;
		kick(r, e);
	}
}

int ws_redis_subscribe(ws_redis *r, const uint8_t *topic, size_t len)
{
	topic_entry *e;

	if (!r || r->dead || (!topic && len)) {
		return WS_ERR_INVALID;
	}
	e = find(r, topic, len);
	if (e && e->want) {
		return 0;
	}
	if (!e && !(e = insert(r, topic, len))) {
		return WS_ERR_NOMEM;
	}
	e->want = 1;
	r->wanted++;
	kick(r, e);
	return 1;
}

int ws_redis_unsubscribe(ws_redis *r, const uint8_t *topic, size_t len)
{
	topic_entry *e;

	if (!r || r->dead || (!topic && len)) {
		return WS_ERR_INVALID;
	}
	e = find(r, topic, len);
	if (!e || !e->want) {
		return 0;
	}
	e->want = 0;
	r->wanted--;
	kick(r, e);
	return 1;
}

int ws_redis_is_subscribed(const ws_redis *r, const uint8_t *topic, size_t len)
{
	const topic_entry *e;

	if (!r || r->dead || (!topic && len)) {
		return 0;
	}
	e = find(r, topic, len);
	return e && e->want;
}

/* --- publishing --- */

static void pub_reply(redisAsyncContext *ac, void *reply, void *privdata)
{
	rlink *k = ac->data;
	ws_redis *r = k->r;
	redisReply *rep = reply;
	size_t cost = (size_t) (uintptr_t) privdata;

	r->pending_bytes = r->pending_bytes >= cost ? r->pending_bytes - cost : 0;
	if (r->pending_count) {
		r->pending_count--;
	}
	if (rep && rep->type != REDIS_REPLY_ERROR) {
		r->published++;
		return;
	}
	r->publish_failed++;
	if (rep && !k->err_logged && !r->dead) {
		k->err_logged = 1; /* once per connection */
		logf_(r, WS_LOG_WARNING, "Redis refused a PUBLISH: %.*s", (int) rep->len, rep->str ? rep->str : "");
	}
}

int ws_redis_publish(ws_redis *r, const uint8_t *topic, size_t tlen, const uint8_t *payload, size_t plen)
{
	rlink *k;
	const char *argv[3];
	size_t lens[3], cost;

	if (!r || r->dead || (!topic && tlen) || (!payload && plen)) {
		return WS_ERR_INVALID;
	}
	k = &r->pub;
	if (k->state == L_DOWN || k->drop || !k->ac) {
		r->publish_failed++;
		return WS_ERR_CLOSED;
	}
	cost = tlen + plen + r->prefix_len + PUBLISH_OVERHEAD;
	if (cost > r->max_pending || r->pending_bytes > r->max_pending - cost) {
		r->publish_failed++;
		return WS_ERR_FULL;
	}
	argv[0] = "PUBLISH";
	lens[0] = 7;
	argv[1] = channel(r, topic, tlen, &lens[1]);
	argv[2] = plen ? (const char *) payload : "";
	lens[2] = plen;
	if (!argv[1]) {
		r->publish_failed++;
		return WS_ERR_NOMEM;
	}
	if (redisAsyncCommandArgv(k->ac, pub_reply, (void *) (uintptr_t) cost, 3, argv, lens) != REDIS_OK) {
		r->publish_failed++;
		return WS_ERR_NOMEM; /* formatting failed: the context only refuses when closing, excluded above */
	}
	r->pending_bytes += cost;
	r->pending_count++;
	return 0;
}

/* --- lifetime --- */

static int resolve(const char *host, char *out, size_t outlen, char *errbuf)
{
	struct in6_addr a6;
	struct in_addr a4;
	struct addrinfo hints, *res = NULL;
	int rc;

	if (inet_pton(AF_INET, host, &a4) == 1 || inet_pton(AF_INET6, host, &a6) == 1) {
		snprintf(out, outlen, "%s", host);
		return 0;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(errbuf, WS_ERRBUF_LEN, "Redis host '%s' does not resolve: %s", host, gai_strerror(rc));
		return WS_ERR_INVALID;
	}
	rc = getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t) outlen, NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(res);
	if (rc != 0) {
		snprintf(errbuf, WS_ERRBUF_LEN, "Redis host '%s': %s", host, gai_strerror(rc));
		return WS_ERR_INVALID;
	}
	return 0;
}

static void destroy(ws_redis *r)
{
	for (size_t i = 0; i < r->tab_size; i++) {
		topic_entry *e = r->tab[i], *next;
		for (; e; e = next) {
			next = e->next;
			ws_free(e);
		}
	}
	ws_free(r->tab);
	ws_free(r->chan);
	ws_free(r->host);
	ws_free(r->sock);
	ws_free(r->password);
	ws_free(r->prefix);
	ws_free(r);
}

ws_redis *ws_redis_new(ws_loop *loop, const ws_redis_config *cfg, const ws_redis_callbacks *cbs, void *ud,
	char *errbuf)
{
	ws_redis *r;
	char addr[NI_MAXHOST];
	int port = cfg && cfg->port ? cfg->port : 6379;

	errbuf[0] = '\0';
	if (!loop || !cfg) {
		snprintf(errbuf, WS_ERRBUF_LEN, "no loop or no config");
		return NULL;
	}
	if (cfg->socket && cfg->socket[0]) {
		if (strlen(cfg->socket) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
			snprintf(errbuf, WS_ERRBUF_LEN, "Redis socket path is too long (at most %zu bytes)",
				sizeof(((struct sockaddr_un *) 0)->sun_path) - 1);
			return NULL;
		}
	} else {
		if (!cfg->host || !cfg->host[0]) {
			snprintf(errbuf, WS_ERRBUF_LEN, "Redis needs a host or a socket");
			return NULL;
		}
		if (port < 1 || port > 65535) {
			snprintf(errbuf, WS_ERRBUF_LEN, "Redis port must be 1-65535, got %d", port);
			return NULL;
		}
		if (resolve(cfg->host, addr, sizeof(addr), errbuf) != 0) {
			return NULL;
		}
	}
	if (cfg->database < 0) {
		snprintf(errbuf, WS_ERRBUF_LEN, "Redis database must be 0 or more, got %d", cfg->database);
		return NULL;
	}
	r = ws_malloc(sizeof(*r));
	if (!r) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		return NULL;
	}
	memset(r, 0, sizeof(*r));
	r->loop = loop;
	if (cbs) {
		r->cbs = *cbs;
	}
	r->ud = ud;
	r->port = port;
	r->database = cfg->database;
	r->connect_timeout_ms = cfg->connect_timeout_ms ? cfg->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
	r->max_pending = cfg->max_pending ? cfg->max_pending : DEFAULT_MAX_PENDING;
	r->prefix = ws_strdup(cfg->prefix ? cfg->prefix : "");
	r->password = cfg->password ? ws_strdup(cfg->password) : NULL;
	if (cfg->socket && cfg->socket[0]) {
		r->sock = ws_strdup(cfg->socket);
		snprintf(r->where, sizeof(r->where), "unix:%s", cfg->socket);
	} else {
		r->host = ws_strdup(addr);
		snprintf(r->where, sizeof(r->where), strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, port);
	}
	r->tab_size = 16;
	r->tab = ws_malloc(r->tab_size * sizeof(*r->tab));
	if (!r->prefix || (cfg->password && !r->password) || (!r->sock && !r->host) || !r->tab) {
		destroy(r);
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		return NULL;
	}
	memset(r->tab, 0, r->tab_size * sizeof(*r->tab));
	r->prefix_len = strlen(r->prefix);
	r->rng = ws_monotonic_us() ^ ((uint64_t) getpid() << 32) ^ (uint64_t) (uintptr_t) r;
	if (!r->rng) {
		r->rng = 0x9E3779B97F4A7C15ULL;
	}
	ws_hash_key(r->sipkey, r);
	r->sub.r = r->pub.r = r;
	r->sub.kind = LINK_SUB;
	r->pub.kind = LINK_PUB;
	r->sub.fd = r->pub.fd = -1;
	r->down_since = ws_loop_now(loop);
	if (!r->down_since) {
		r->down_since = 1;
	}
	link_connect(&r->sub);
	link_connect(&r->pub);
	return r;
}

void ws_redis_free(ws_redis *r)
{
	rlink *links[2];

	if (!r || r->dead) {
		return;
	}
	r->dead = 1;
	links[0] = &r->sub;
	links[1] = &r->pub;
	ws_loop_timer_stop(r->loop, &r->defer);
	for (int i = 0; i < 2; i++) {
		ws_loop_timer_stop(r->loop, &links[i]->timer);
		if (links[i]->ac) {
			/* Inside that context's callback hiredis frees it when the
			 * callback returns, still within our link_io: depth > 0. */
			redisAsyncFree(links[i]->ac);
		}
	}
	if (r->depth == 0) {
		destroy(r);
	}
}

void ws_redis_get_stats(const ws_redis *r, ws_redis_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!r) {
		return;
	}
	st->sub_up = r->sub_reported;
	st->pub_up = r->pub.state == L_UP;
	st->reconnects = r->reconnects;
	st->published = r->published;
	st->publish_failed = r->publish_failed;
	st->received = r->received;
	st->subscribed = r->wanted;
	st->subscribe_pending = r->inflight;
	st->publish_pending = r->pending_count;
	st->down_since_ms = r->down_since;
}

#define WS_STR_(x) #x
#define WS_STR(x) WS_STR_(x)

const char *ws_redis_version(void)
{
	return WS_STR(HIREDIS_MAJOR) "." WS_STR(HIREDIS_MINOR) "." WS_STR(HIREDIS_PATCH);
}

#else /* !HAVE_WS_HIREDIS: the API without a transport */

#include <stdio.h>
#include <string.h>

ws_redis *ws_redis_new(ws_loop *loop, const ws_redis_config *cfg, const ws_redis_callbacks *cbs, void *ud,
	char *errbuf)
{
	(void) loop; (void) cfg; (void) cbs; (void) ud;
	snprintf(errbuf, WS_ERRBUF_LEN, "Redis support is not built in (ext-websocket was compiled without hiredis)");
	return NULL;
}

void ws_redis_free(ws_redis *r) { (void) r; }

int ws_redis_subscribe(ws_redis *r, const uint8_t *topic, size_t len)
{
	(void) r; (void) topic; (void) len;
	return WS_ERR_INVALID;
}

int ws_redis_unsubscribe(ws_redis *r, const uint8_t *topic, size_t len)
{
	(void) r; (void) topic; (void) len;
	return WS_ERR_INVALID;
}

int ws_redis_is_subscribed(const ws_redis *r, const uint8_t *topic, size_t len)
{
	(void) r; (void) topic; (void) len;
	return 0;
}

int ws_redis_publish(ws_redis *r, const uint8_t *topic, size_t tlen, const uint8_t *payload, size_t plen)
{
	(void) r; (void) topic; (void) tlen; (void) payload; (void) plen;
	return WS_ERR_INVALID;
}

void ws_redis_get_stats(const ws_redis *r, ws_redis_stats *st)
{
	(void) r;
	memset(st, 0, sizeof(*st));
}

const char *ws_redis_version(void) { return NULL; }

#endif
