/* ws_pubsub.c: topics, publish, the worker bus and the Redis link (see ws_pubsub.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "core/ws_bus.h"
#include "core/ws_hash.h"
#include "core/ws_pmd.h"
#include "core/ws_pubsub.h"
#include "core/ws_server_int.h"
#include "core/ws_utf8.h"
#ifdef HAVE_WS_HIREDIS
# include "core/ws_redis.h"
#endif

#define WS_EXCEPT_LINEAR 8 /* more than this: sorted and searched */

#define WS_PUBSUB_DRAIN_MS 1000 /* how long a stop waits for publishes still on their way */

struct ws_pubsub {
	ws_timer drain_timer;  /* first: the timer callback finds the struct from it */
	int drain_expired;
	ws_bus bus;
	int has_bus;           /* the bus is up (publishes go on it) */
	int bus_made;          /* ws_bus_init() succeeded: ws_bus_close() owed, even after the bus failed */
	int32_t pid;           /* this process (set when run() starts): the source of its counts on the bus */
	ws_pubsub_stats st;
	int redis_set;
	char *host, *socket, *password, *prefix;
	int port, database;
	char origin[32];       /* this process in Redis envelopes */
#ifdef HAVE_WS_HIREDIS
	ws_redis *redis;
#endif
};

int ws_pubsub_init(ws_server *srv)
{
	uint64_t rnd[2];

	ws_topics_init(&srv->topics);
	srv->ps = ws_calloc(1, sizeof(*srv->ps));
	if (!srv->ps) {
		return WS_ERR_NOMEM;
	}
	ws_hash_key(rnd, srv);
	srv->node_id = srv->cfg.node_id ? srv->cfg.node_id : (uint32_t) (rnd[0] & 0x7fffffff); /* a PHP int everywhere */
	if (!srv->node_id) {
		srv->node_id = 1;
	}
	return WS_OK;
}

void ws_pubsub_free(ws_server *srv)
{
	ws_pubsub *ps = srv->ps;

	if (!ps) {
		return;
	}
	ws_loop_timer_stop(srv->ep.loop, &ps->drain_timer);
#ifdef HAVE_WS_HIREDIS
	if (ps->redis) {
		ws_redis_free(ps->redis);
	}
#endif
	if (ps->bus_made) {
		ws_bus_close(&ps->bus); /* also the read buffer of a bus whose master went away */
	}
	ws_free(ps->host);
	ws_free(ps->socket);
	ws_free(ps->password);
	ws_free(ps->prefix);
	ws_free(ps);
	srv->ps = NULL;
	ws_topics_free(&srv->topics);
}

uint32_t ws_server_node_id(const ws_server *srv)
{
	return srv->node_id;
}

/* --- subscriptions --- */

int ws_conn_subscribe(ws_conn *c, const uint8_t *topic, size_t len)
{
	if (c->state == WS_CONN_CLOSING || c->state == WS_CONN_CLOSED) {
		return WS_ERR_CLOSED;
	}
	return ws_topics_subscribe(&c->ep->owner->topics, &c->subs, c, topic, len);
}

int ws_conn_unsubscribe(ws_conn *c, const uint8_t *topic, size_t len)
{
	return ws_topics_unsubscribe(&c->ep->owner->topics, &c->subs, topic, len);
}

int ws_conn_is_subscribed(const ws_conn *c, const uint8_t *topic, size_t len)
{
	return ws_topics_is_subscribed(&c->ep->owner->topics, &c->subs, topic, len);
}

void ws_conn_each_topic(const ws_conn *c, void (*fn)(const uint8_t *topic, size_t len, void *ud), void *ud)
{
	for (const ws_sub *s = c->subs; s; s = s->mnext) {
		fn(s->topic->name, s->topic->len, ud);
	}
}

void ws_pubsub_conn_gone(ws_conn *c)
{
	ws_topics_leave_all(&c->ep->owner->topics, &c->subs);
}

uint64_t ws_server_subscribers(const ws_server *srv, const uint8_t *topic, size_t len, int all)
{
	return ws_topics_count(&srv->topics, topic, len, all);
}

static void count_one(const ws_topic *t, void *ud)
{
	(void) t;
	(*(size_t *) ud)++;
}

size_t ws_server_topic_count(const ws_server *srv)
{
	size_t n = 0;
	ws_topics_each_local(&srv->topics, count_one, &n);
	return n;
}

/* --- local delivery --- */

typedef struct deliver_ctx {
	ws_frame_set fs;
	const ws_except *except;
	size_t nexcept;
	int sorted;
	uint32_t node;
	size_t n;
} deliver_ctx;

static int cmp_except(const void *a, const void *b)
{
	const ws_except *x = a, *y = b;
	if (x->id != y->id) {
		return x->id < y->id ? -1 : 1;
	}
	return x->node < y->node ? -1 : x->node > y->node;
}

static int excepted(const deliver_ctx *d, uint64_t id)
{
	if (d->sorted) {
		ws_except k = {d->node, id};
		return bsearch(&k, d->except, d->nexcept, sizeof(k), cmp_except) != NULL;
	}
	for (size_t i = 0; i < d->nexcept; i++) {
		if (d->except[i].id == id && d->except[i].node == d->node) {
			return 1;
		}
	}
	return 0;
}

static void deliver_one(void *member, void *ud)
{
	ws_conn *c = member;
	deliver_ctx *d = ud;

	if (c->state == WS_CONN_OPEN && !(d->nexcept && excepted(d, c->id)) && ws_conn_send_set(c, &d->fs) >= 0) {
		d->n++;
	}
}

/* Send to the subscribers of topic (NULL: every open connection) in this process only. */
static size_t deliver(ws_server *srv, const uint8_t *topic, size_t tlen, uint8_t opcode, const uint8_t *data,
                      size_t len, int flags, const ws_except *except, size_t nexcept)
{
	ws_topic *t = NULL;
	ws_except *copy = NULL;
	deliver_ctx d;

	if (topic && (!(t = ws_topics_find(&srv->topics, topic, tlen)) || !t->nsubs)) {
		return 0;
	}
	if (!topic && !srv->ep.conns) {
		return 0;
	}
	memset(&d, 0, sizeof(d));
	d.node = srv->node_id;
	/* Entries of this node only, with node 0 meaning this one. */
	if (nexcept) {
		copy = ws_malloc(nexcept * sizeof(*copy));
		if (!copy) {
			return 0;
		}
		for (size_t i = 0; i < nexcept; i++) {
			if (except[i].node == 0 || except[i].node == srv->node_id) {
				copy[d.nexcept].node = srv->node_id;
				copy[d.nexcept++].id = except[i].id;
			}
		}
		if (d.nexcept > WS_EXCEPT_LINEAR) {
			qsort(copy, d.nexcept, sizeof(*copy), cmp_except);
			d.sorted = 1;
		}
		d.except = copy;
	}
	/* The frame is built once, on the first connection that takes it (and
	 * compressed once per window size for those that negotiated it). */
	ws_frame_set_init(&d.fs, opcode, data, len, flags);
	if (t) {
		ws_topics_walk(&srv->topics, t, deliver_one, &d);
	} else {
		ws_conn *c, *next;
		for (c = srv->ep.conns; c; c = next) {
			next = c->next;
			deliver_one(c, &d);
		}
	}
	ws_frame_set_release(&d.fs);
	ws_free(copy);
	return d.n;
}

/* --- the worker bus --- */

static void bus_publish(ws_server *srv, const uint8_t *topic, size_t tlen, uint8_t opcode, const uint8_t *data,
                        size_t len, int flags, const ws_except *except, size_t nexcept)
{
	ws_pubsub *ps = srv->ps;
	uint8_t head[1 + 1 + 1 + 2 + 4];
	uint16_t tl = (uint16_t) tlen;
	uint32_t ne = (uint32_t) nexcept;
	uint8_t *ex = NULL;
	struct iovec parts[4];

	head[0] = WS_BUS_PUBLISH;
	head[1] = opcode;
	head[2] = (topic ? 0 : 1) | (flags & WS_SEND_UNCOMPRESSED ? 2 : 0);
	memcpy(head + 3, &tl, 2);
	memcpy(head + 5, &ne, 4);
	if (nexcept) {
		ex = ws_malloc(nexcept * 12);
		if (!ex) {
			ps->st.bus_dropped++;
			return;
		}
		for (size_t i = 0; i < nexcept; i++) {
			uint32_t node = except[i].node ? except[i].node : srv->node_id;
			memcpy(ex + i * 12, &node, 4);
			memcpy(ex + i * 12 + 4, &except[i].id, 8);
		}
	}
	parts[0] = (struct iovec) {head, sizeof(head)};
	parts[1] = (struct iovec) {(void *) topic, topic ? tlen : 0};
	parts[2] = (struct iovec) {ex, nexcept * 12};
	parts[3] = (struct iovec) {(void *) data, len};
	if (ws_bus_send(&ps->bus, parts, 4) == WS_OK) {
		ps->st.bus_sent++;
	} else {
		ps->st.bus_dropped++;
	}
	ws_free(ex);
}

static void bus_send_count(ws_server *srv, const uint8_t *name, size_t len, size_t count)
{
	uint8_t head[1 + 4 + 4];
	int32_t pid = srv->ps->pid;
	uint32_t n = count > UINT32_MAX ? UINT32_MAX : (uint32_t) count;
	struct iovec parts[2];

	head[0] = WS_BUS_COUNT;
	memcpy(head + 1, &pid, 4);
	memcpy(head + 5, &n, 4);
	parts[0] = (struct iovec) {head, sizeof(head)};
	parts[1] = (struct iovec) {(void *) name, len};
	if (ws_bus_send(&srv->ps->bus, parts, 2) != WS_OK) {
		srv->ps->st.bus_dropped++;
	}
}

static void count_taken(const uint8_t *name, size_t len, size_t count, void *ud)
{
	bus_send_count(ud, name, len, count);
}

static void count_each(const ws_topic *t, void *ud)
{
	bus_send_count(ud, t->name, t->len, t->nsubs);
}

void ws_pubsub_pass(ws_server *srv)
{
	if (srv->ps && srv->ps->has_bus && srv->topics.dirty) {
		ws_topics_take_dirty(&srv->topics, count_taken, srv);
	}
}

static void on_bus_record(ws_bus *b, const uint8_t *rec, size_t len, void *ud)
{
	ws_server *srv = ud;
	ws_pubsub *ps = srv->ps;
	(void) b;

	ps->st.bus_received++;
	if (rec[0] == WS_BUS_PUBLISH && len >= 9) {
		uint16_t tl;
		uint32_t ne;
		ws_except *ex = NULL;
		memcpy(&tl, rec + 3, 2);
		memcpy(&ne, rec + 5, 4);
		if ((size_t) tl + (size_t) ne * 12 > len - 9 || (rec[2] & 1 ? tl != 0 : tl == 0)) {
			return;
		}
		if (ne && !(ex = ws_malloc(ne * sizeof(*ex)))) {
			return;
		}
		for (uint32_t i = 0; i < ne; i++) {
			memcpy(&ex[i].node, rec + 9 + tl + i * 12, 4);
			memcpy(&ex[i].id, rec + 9 + tl + i * 12 + 4, 8);
		}
		deliver(srv, rec[2] & 1 ? NULL : rec + 9, tl, rec[1], rec + 9 + tl + ne * 12, len - 9 - tl - (size_t) ne * 12,
		        rec[2] & 2 ? WS_SEND_UNCOMPRESSED : 0, ex, ne);
		ws_free(ex);
	} else if (rec[0] == WS_BUS_COUNT && len >= 10) {
		int32_t pid;
		uint32_t n;
		memcpy(&pid, rec + 1, 4);
		memcpy(&n, rec + 5, 4);
		if (pid != ps->pid) {
			ws_topics_set_remote(&srv->topics, pid, rec + 9, len - 9, n);
		}
	} else if (rec[0] == WS_BUS_GONE && len >= 5) {
		int32_t pid;
		memcpy(&pid, rec + 1, 4);
		ws_topics_drop_source(&srv->topics, pid);
	} else if (rec[0] == WS_BUS_HELLO) {
		ws_topics_each_local(&srv->topics, count_each, srv);
	}
}

/* The publishes of one read of the bus (or of Redis) go out corked, as a client's messages do: each
 * subscriber gets one writev for all of them instead of one per publish. */
static void batch(void *ud, int begin)
{
	ws_server *srv = ud;

	if (begin) {
		ws_endpoint_cork(&srv->ep);
	} else {
		ws_endpoint_uncork(&srv->ep);
	}
}

static void on_bus_closed(ws_bus *b, void *ud)
{
	ws_server *srv = ud;
	(void) b;
	srv->ps->has_bus = 0; /* the master is gone; its ctl line stops this worker */
	srv->topics.track_dirty = 0;
	srv->topics.dirty = NULL;
}

void ws_pubsub_attach_bus(ws_server *srv, int fd)
{
	ws_pubsub *ps = srv->ps;

	if (ws_bus_init(&ps->bus, srv->ep.loop, fd, on_bus_record, on_bus_closed, srv) == WS_OK) {
		ps->bus.on_batch = batch;
		ps->has_bus = 1;
		ps->bus_made = 1;
		srv->topics.track_dirty = 1;
	} else {
		close(fd);
	}
}

/* --- Redis --- */

int ws_pubsub_have_redis(void)
{
#ifdef HAVE_WS_HIREDIS
	return 1;
#else
	return 0;
#endif
}

int ws_server_set_redis(ws_server *srv, const ws_redis_settings *rs, char *errbuf)
{
	ws_pubsub *ps = srv->ps;

	if (!ws_pubsub_have_redis()) {
		snprintf(errbuf, WS_ERRBUF_LEN, "this build of ext-websocket has no Redis support (rebuild with hiredis: "
		                                "apt-get install libhiredis-dev)");
		return WS_ERR_INVALID;
	}
	ps->host = ws_strdup(rs->host);
	ps->socket = ws_strdup(rs->socket);
	ps->password = ws_strdup(rs->password);
	ps->prefix = ws_strdup(rs->prefix ? rs->prefix : "ws:");
	ps->port = rs->port;
	ps->database = rs->database;
	if ((rs->host && !ps->host) || (rs->socket && !ps->socket) || (rs->password && !ps->password) || !ps->prefix) {
		snprintf(errbuf, WS_ERRBUF_LEN, "out of memory");
		return WS_ERR_NOMEM;
	}
	ps->redis_set = 1;
	ps->st.redis_configured = 1;
	return WS_OK;
}

#ifdef HAVE_WS_HIREDIS
/* An envelope's fields: "\0key=value&key=value\n" then the data. */
typedef struct envelope {
	int binary;
	int uncompressed;
	const uint8_t *origin;
	size_t origin_len;
	const uint8_t *except; /* "node.id,node.id" */
	size_t except_len;
	const uint8_t *data;
	size_t len;
} envelope;

static int parse_envelope(const uint8_t *p, size_t n, envelope *e)
{
	const uint8_t *nl, *q, *end;

	memset(e, 0, sizeof(*e));
	if (n == 0 || p[0] != 0) {
		e->data = p;
		e->len = n;
		return 0;
	}
	nl = memchr(p, '\n', n);
	if (!nl) {
		return -1;
	}
	for (q = p + 1; q < nl; q = end + 1) {
		const uint8_t *eq;
		end = memchr(q, '&', (size_t) (nl - q));
		end = end ? end : nl;
		eq = memchr(q, '=', (size_t) (end - q));
		if (eq) {
			size_t kl = (size_t) (eq - q), vl = (size_t) (end - eq - 1);
			if (kl == 6 && memcmp(q, "binary", 6) == 0) {
				e->binary = vl == 1 && eq[1] == '1';
			} else if (kl == 8 && memcmp(q, "compress", 8) == 0) {
				e->uncompressed = vl == 1 && eq[1] == '0';
			} else if (kl == 6 && memcmp(q, "origin", 6) == 0) {
				e->origin = eq + 1;
				e->origin_len = vl;
			} else if (kl == 6 && memcmp(q, "except", 6) == 0) {
				e->except = eq + 1;
				e->except_len = vl;
			}
		}
	}
	e->data = nl + 1;
	e->len = n - (size_t) (nl + 1 - p);
	return 0;
}

/* "node.id,node.id" (commas may arrive as %2C from http_build_query) into a new array. */
static ws_except *parse_except(const uint8_t *p, size_t n, size_t *count)
{
	size_t cap = 1, k = 0;
	ws_except *ex;

	for (size_t i = 0; i < n; i++) {
		cap += p[i] == ',' || p[i] == '%';
	}
	ex = ws_malloc(cap * sizeof(*ex));
	if (!ex) {
		*count = 0;
		return NULL;
	}
	for (size_t i = 0; i < n && k < cap;) {
		uint64_t node = 0, id = 0;
		int dot = 0, digits = 0;
		for (; i < n && p[i] != ',' && p[i] != '%'; i++) {
			if (p[i] == '.' && !dot) {
				dot = 1;
				node = id;
				id = 0;
				digits = 0;
			} else if (p[i] >= '0' && p[i] <= '9' && id < UINT64_MAX / 10) {
				id = id * 10 + (uint64_t) (p[i] - '0');
				digits++;
			}
		}
		if (dot && digits && node <= UINT32_MAX) {
			ex[k].node = (uint32_t) node;
			ex[k++].id = id;
		}
		if (i < n && p[i] == '%') {
			i += 3; /* %2C */
		} else {
			i++;
		}
	}
	*count = k;
	return ex;
}

static void redis_message(void *ud, const uint8_t *topic, size_t tlen, const uint8_t *payload, size_t plen)
{
	ws_server *srv = ud;
	ws_pubsub *ps = srv->ps;
	envelope e;
	ws_except *ex = NULL;
	size_t nex = 0;

	ps->st.redis_received++;
	if (parse_envelope(payload, plen, &e) < 0) {
		return;
	}
	if (e.origin && e.origin_len == strlen(ps->origin) && memcmp(e.origin, ps->origin, e.origin_len) == 0) {
		return; /* ours: delivered here when it was published */
	}
	if (!e.binary && !ws_utf8_valid(e.data, e.len)) {
		ws_server_say(srv, WS_LOG_WARNING, "a message from Redis on topic \"%.*s\" is not valid UTF-8 text: dropped "
		              "(send bytes as binary with an envelope)", (int) (tlen > 64 ? 64 : tlen), (const char *) topic);
		return;
	}
	if (e.except_len) {
		ex = parse_except(e.except, e.except_len, &nex);
	}
	deliver(srv, tlen ? topic : NULL, tlen, e.binary ? WS_OP_BINARY : WS_OP_TEXT, e.data, e.len,
	        e.uncompressed ? WS_SEND_UNCOMPRESSED : 0, ex, nex);
	ws_free(ex);
}

static void redis_log(void *ud, int level, const char *msg)
{
	ws_server_say(ud, level, "redis: %s", msg);
}

static void topic_first(ws_topics *ts, const ws_topic *t, void *ud)
{
	ws_server *srv = ud;
	(void) ts;
	if (srv->ps->redis) {
		ws_redis_subscribe(srv->ps->redis, t->name, t->len);
	}
}

static void topic_last(ws_topics *ts, const ws_topic *t, void *ud)
{
	ws_server *srv = ud;
	(void) ts;
	if (srv->ps->redis) {
		ws_redis_unsubscribe(srv->ps->redis, t->name, t->len);
	}
}

static void subscribe_each(const ws_topic *t, void *ud)
{
	ws_server *srv = ud;
	ws_redis_subscribe(srv->ps->redis, t->name, t->len);
}

/* Publish through Redis: 0; the link's refusal (negative, counted by the link); or 1 if the
 * envelope could not be made (counted here). */
static int redis_publish(ws_server *srv, const uint8_t *topic, size_t tlen, uint8_t opcode, const uint8_t *data,
                         size_t len, int flags, const ws_except *except, size_t nexcept)
{
	ws_pubsub *ps = srv->ps;
	size_t cap = 64 + strlen(ps->origin) + nexcept * 32 + len;
	uint8_t *env = ws_malloc(cap);
	size_t n = 0;
	int rc;

	if (!env) {
		return 1;
	}
	n += (size_t) snprintf((char *) env, cap, "%corigin=%s%s%s", 0, ps->origin, opcode == WS_OP_BINARY ? "&binary=1" : "",
	                       flags & WS_SEND_UNCOMPRESSED ? "&compress=0" : "");
	for (size_t i = 0; i < nexcept; i++) {
		n += (size_t) snprintf((char *) env + n, cap - n, "%s%" PRIu32 ".%" PRIu64, i ? "," : "&except=",
		                       except[i].node ? except[i].node : srv->node_id, except[i].id);
	}
	env[n++] = '\n';
	memcpy(env + n, data, len);
	n += len;
	rc = ws_redis_publish(ps->redis, topic ? topic : (const uint8_t *) "", topic ? tlen : 0, env, n);
	ws_free(env);
	return rc;
}
#endif

void ws_pubsub_start(ws_server *srv)
{
	ws_pubsub *ps = srv->ps;

	ps->pid = (int32_t) getpid();
#ifdef HAVE_WS_HIREDIS
	if (ps->redis_set && !ps->redis) {
		ws_redis_config rc;
		ws_redis_callbacks cb;
		char errbuf[WS_ERRBUF_LEN];
		memset(&rc, 0, sizeof(rc));
		rc.host = ps->host;
		rc.port = ps->port;
		rc.socket = ps->socket;
		rc.password = ps->password;
		rc.database = ps->database;
		rc.prefix = ps->prefix;
		memset(&cb, 0, sizeof(cb));
		cb.on_message = redis_message;
		cb.on_batch = batch;
		cb.on_log = redis_log;
		snprintf(ps->origin, sizeof(ps->origin), "%" PRIu32 "-%d", srv->node_id, (int) ps->pid);
		ps->redis = ws_redis_new(srv->ep.loop, &rc, &cb, srv, errbuf);
		if (!ps->redis) {
			ws_server_say(srv, WS_LOG_ERROR, "redis: %s", errbuf);
			return;
		}
		srv->topics.on_first = topic_first;
		srv->topics.on_last = topic_last;
		srv->topics.ud = srv;
		ws_redis_subscribe(ps->redis, (const uint8_t *) "", 0); /* broadcasts: the bare prefix */
		ws_topics_each_local(&srv->topics, subscribe_each, srv);
	}
#endif
}

static void drain_expired(ws_loop *l, ws_timer *t)
{
	(void) l;
	((ws_pubsub *) (void *) t)->drain_expired = 1;
}

int ws_pubsub_drained(ws_server *srv)
{
	ws_pubsub *ps = srv->ps;
	int pending = ps->has_bus && ps->bus.out.bytes;
#ifdef HAVE_WS_HIREDIS
	if (ps->redis) {
		ws_redis_stats rs;
		ws_redis_get_stats(ps->redis, &rs);
		pending |= rs.pub_up && rs.publish_pending;
	}
#endif
	if (!pending || ps->drain_expired) {
		ws_loop_timer_stop(srv->ep.loop, &ps->drain_timer);
		ps->drain_expired = 0;
		return 1;
	}
	if (!ws_timer_active(&ps->drain_timer)) {
		ws_loop_timer_start(srv->ep.loop, &ps->drain_timer, WS_PUBSUB_DRAIN_MS, drain_expired);
	}
	return 0;
}


size_t ws_server_publish(ws_server *srv, const uint8_t *topic, size_t tlen, uint8_t opcode, const uint8_t *data,
                         size_t len, int flags, const ws_except *except, size_t nexcept)
{
	ws_pubsub *ps = srv->ps;
	size_t n = deliver(srv, topic, tlen, opcode, data, len, flags, except, nexcept);

	ps->st.published++;
#ifdef HAVE_WS_HIREDIS
	if (ps->redis) {
		int rc = redis_publish(srv, topic, tlen, opcode, data, len, flags, except, nexcept);
		if (rc == 0) {
			ps->st.redis_published++;
			return n;
		}
		ps->st.redis_publish_failed += rc > 0; /* the link counts its own refusals */
	} else if (ps->redis_set) {
		ps->st.redis_publish_failed++; /* the link could not be made */
	}
#endif
	if (ps->has_bus) {
		bus_publish(srv, topic, tlen, opcode, data, len, flags, except, nexcept);
	}
	return n;
}

void ws_server_pubsub_stats(const ws_server *srv, ws_pubsub_stats *st)
{
	*st = srv->ps->st;
	st->topics = ws_server_topic_count(srv);
	st->subscriptions = srv->topics.nsubs;
#ifdef HAVE_WS_HIREDIS
	if (srv->ps->redis) {
		ws_redis_stats rs;
		ws_redis_get_stats(srv->ps->redis, &rs);
		st->redis_up = rs.sub_up && rs.pub_up;
		st->redis_reconnects = rs.reconnects;
		st->redis_publish_failed += rs.publish_failed; /* refused, lost in flight or refused by Redis */
		st->redis_down_ms = rs.down_since_ms && !st->redis_up ? ws_loop_now(srv->ep.loop) - rs.down_since_ms : 0;
	}
#endif
}
