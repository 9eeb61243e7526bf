/*
 * test_redis.c: ws_redis (the Redis pub/sub transport) on a real ws_loop
 * against real redis-server processes the test starts on free loopback ports
 * (and a unix socket), with a synchronous hiredis client as the "other side".
 * Skipped (one "ok # SKIP" line) only when redis-server is not installed or
 * the extension's core was built without hiredis. Every wait is bounded; a
 * watchdog ends the test (and its redis-servers) after 150 s.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "core/ws_loop.h"
#include "core/ws_redis.h"
#include "tap.h"

#ifdef HAVE_WS_HIREDIS
#include <hiredis/hiredis.h>

static uint64_t now_ms(void) { return ws_monotonic_us() / 1000; }

static ws_loop *loop;

/* Pump the loop until expr holds or ms pass; the value of expr. */
#define WAIT_FOR(expr, ms) __extension__ ({ \
	uint64_t end_ = now_ms() + (ms); \
	while (!(expr) && now_ms() < end_) { \
		ws_loop_run_once(loop, 10); \
	} \
	(expr); })

static void pump(unsigned ms)
{
	uint64_t end = now_ms() + ms;
	while (now_ms() < end) {
		ws_loop_run_once(loop, 10);
	}
}

/* --- redis-server processes --- */

typedef struct redis_proc {
	pid_t pid;
	int port;
	const char *pass;
	char sock[96];
} redis_proc;

static redis_proc *procs[8];
static char tmpdir[64];
static const char *redis_bin;

static void kill_all(void)
{
	for (int i = 0; i < 8; i++) {
		if (procs[i] && procs[i]->pid > 0) {
			kill(procs[i]->pid, SIGKILL);
			waitpid(procs[i]->pid, NULL, 0);
			procs[i]->pid = 0;
		}
	}
}

static void watchdog(int sig)
{
	(void) sig;
	static const char msg[] = "not ok - watchdog: test_redis ran over 150 s\n";
	(void) !write(1, msg, sizeof(msg) - 1);
	for (int i = 0; i < 8; i++) {
		if (procs[i] && procs[i]->pid > 0) {
			kill(procs[i]->pid, SIGKILL);
		}
	}
	_exit(1);
}

static const char *find_in_path(const char *name)
{
	static char buf[512];
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;

	if (!path) {
		path = "/usr/local/bin:/usr/bin:/bin";
	}
	copy = strdup(path);
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/%s", dir, name);
		if (access(buf, X_OK) == 0) {
			free(copy);
			return buf;
		}
	}
	free(copy);
	return NULL;
}

static int free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *) &sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *) &sa, &len) == 0) {
		port = ntohs(sa.sin_port);
	}
	if (fd >= 0) {
		close(fd);
	}
	return port;
}

static redisContext *cli(const redis_proc *p)
{
	struct timeval tv = {2, 0};
	redisContext *c = redisConnectWithTimeout("127.0.0.1", p->port, tv);

	if (!c || c->err) {
		if (c) {
			redisFree(c);
		}
		return NULL;
	}
	redisSetTimeout(c, tv);
	if (p->pass) {
		redisReply *rep = redisCommand(c, "AUTH %s", p->pass);
		int bad = !rep || rep->type == REDIS_REPLY_ERROR;
		if (rep) {
			freeReplyObject(rep);
		}
		if (bad) {
			redisFree(c);
			return NULL;
		}
	}
	return c;
}

static int cli_ping(const redis_proc *p)
{
	redisContext *c = cli(p);
	redisReply *rep;
	int ok;

	if (!c) {
		return 0;
	}
	rep = redisCommand(c, "PING");
	ok = rep && rep->type == REDIS_REPLY_STATUS;
	if (rep) {
		freeReplyObject(rep);
	}
	redisFree(c);
	return ok;
}

static int redis_start(redis_proc *p)
{
	char port[16];
	const char *argv[24];
	int n = 0;
	uint64_t end;

	snprintf(port, sizeof(port), "%d", p->port);
	argv[n++] = redis_bin;
	argv[n++] = "--port";
	argv[n++] = port;
	argv[n++] = "--bind";
	argv[n++] = "127.0.0.1";
	argv[n++] = "--save";
	argv[n++] = "";
	argv[n++] = "--appendonly";
	argv[n++] = "no";
	argv[n++] = "--daemonize";
	argv[n++] = "no";
	argv[n++] = "--dir";
	argv[n++] = tmpdir;
	if (p->pass) {
		argv[n++] = "--requirepass";
		argv[n++] = p->pass;
	}
	if (p->sock[0]) {
		argv[n++] = "--unixsocket";
		argv[n++] = p->sock;
		argv[n++] = "--unixsocketperm";
		argv[n++] = "700";
	}
	argv[n] = NULL;
	p->pid = fork();
	if (p->pid < 0) {
		return 0;
	}
	if (p->pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0) {
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execv(redis_bin, (char *const *) argv);
		_exit(127);
	}
	end = now_ms() + 5000;
	while (now_ms() < end) {
		if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
			p->pid = 0;
			return 0;
		}
		if (cli_ping(p)) {
			return 1;
		}
		usleep(20000);
	}
	return 0;
}

static void redis_stop(redis_proc *p, int sig)
{
	uint64_t end = now_ms() + 5000;

	if (p->pid <= 0) {
		return;
	}
	kill(p->pid, sig);
	while (now_ms() < end) {
		if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
			p->pid = 0;
			return;
		}
		usleep(10000);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, NULL, 0);
	p->pid = 0;
}

static long long numsub(const redis_proc *p, const char *ch, size_t n)
{
	redisContext *c = cli(p);
	redisReply *rep;
	long long v = -1;

	if (!c) {
		return -1;
	}
	rep = redisCommand(c, "PUBSUB NUMSUB %b", ch, n);
	if (rep && rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 &&
	    rep->element[1]->type == REDIS_REPLY_INTEGER) {
		v = rep->element[1]->integer;
	}
	if (rep) {
		freeReplyObject(rep);
	}
	redisFree(c);
	return v;
}

static long long cli_publish(const redis_proc *p, const char *ch, size_t n, const void *pl, size_t pn)
{
	redisContext *c = cli(p);
	redisReply *rep;
	long long v = -1;

	if (!c) {
		return -1;
	}
	rep = redisCommand(c, "PUBLISH %b %b", ch, n, pl, pn);
	if (rep && rep->type == REDIS_REPLY_INTEGER) {
		v = rep->integer;
	}
	if (rep) {
		freeReplyObject(rep);
	}
	redisFree(c);
	return v;
}

static int count_in_client_list(const redis_proc *p, const char *needle)
{
	redisContext *c = cli(p);
	redisReply *rep;
	int n = 0;

	if (!c) {
		return -1;
	}
	rep = redisCommand(c, "CLIENT LIST");
	if (rep && rep->type == REDIS_REPLY_STRING) {
		for (const char *s = rep->str; (s = strstr(s, needle)); s += strlen(needle)) {
			n++;
		}
	}
	if (rep) {
		freeReplyObject(rep);
	}
	redisFree(c);
	return n;
}

/* --- what the callbacks saw --- */

static struct {
	int ups, downs, messages, warnings, notices, errors, infos;
	uint8_t topic[64];
	size_t topic_len;
	uint8_t *payload;
	size_t len;
	char lastlog[512];
	ws_redis *free_me;     /* ws_redis_free() it from the next on_message */
	ws_redis *free_on_log; /* ... from the next on_log */
	ws_redis *watch;       /* sampled in on_link(1): */
	long long pending_at_up, subscribed_at_up;
} ev;

static void reset_ev(void)
{
	free(ev.payload);
	memset(&ev, 0, sizeof(ev));
}

static void cb_message(void *ud, const uint8_t *t, size_t tn, const uint8_t *p, size_t n)
{
	(void) ud;
	ev.messages++;
	ev.topic_len = tn < sizeof(ev.topic) ? tn : sizeof(ev.topic);
	memcpy(ev.topic, t, ev.topic_len);
	free(ev.payload);
	ev.payload = malloc(n ? n : 1);
	memcpy(ev.payload, p, n);
	ev.len = n;
	if (ev.free_me) {
		ws_redis *r = ev.free_me;
		ev.free_me = NULL;
		ws_redis_free(r);
	}
}

static void cb_link(void *ud, int up)
{
	(void) ud;
	if (up) {
		ev.ups++;
		if (ev.watch) {
			ws_redis_stats st;
			ws_redis_get_stats(ev.watch, &st);
			ev.pending_at_up = (long long) st.subscribe_pending;
			ev.subscribed_at_up = (long long) st.subscribed;
		}
	} else {
		ev.downs++;
	}
}

static void cb_log(void *ud, int level, const char *msg)
{
	(void) ud;
	diag("log %d: %s", level, msg);
	snprintf(ev.lastlog, sizeof(ev.lastlog), "%s", msg);
	if (level == WS_LOG_WARNING) {
		ev.warnings++;
	} else if (level == WS_LOG_NOTICE) {
		ev.notices++;
	} else if (level == WS_LOG_ERROR) {
		ev.errors++;
	} else {
		ev.infos++;
	}
	if (ev.free_on_log) {
		ws_redis *r = ev.free_on_log;
		ev.free_on_log = NULL;
		ws_redis_free(r);
	}
}

static const ws_redis_callbacks cbs = {.on_message = cb_message, .on_link = cb_link, .on_log = cb_log};

static ws_redis *make(const redis_proc *p, const char *pass, int db, const char *sock, unsigned timeout_ms)
{
	char err[WS_ERRBUF_LEN];
	ws_redis_config cfg = {.host = "127.0.0.1", .port = p ? p->port : 0, .socket = sock, .password = pass,
		.database = db, .prefix = "ws:", .connect_timeout_ms = timeout_ms};
	ws_redis *r = ws_redis_new(loop, &cfg, &cbs, NULL, err);

	if (!r) {
		diag("ws_redis_new: %s", err);
	}
	return r;
}

static ws_redis_stats stats(const ws_redis *r)
{
	ws_redis_stats st;
	ws_redis_get_stats(r, &st);
	return st;
}

#define GOT(t, tn, p, pn) do { is_mem(ev.topic, ev.topic_len, (t), (tn)); is_mem(ev.payload, ev.len, (p), (pn)); } while (0)

/* --- scenarios --- */

static void test_config_errors(void)
{
	char err[WS_ERRBUF_LEN];
	ws_redis_config cfg = {.host = NULL, .port = 6379};

	ok(!ws_redis_new(loop, &cfg, &cbs, NULL, err) && strstr(err, "host or a socket"));
	cfg.host = "127.0.0.1";
	cfg.port = 70000;
	ok(!ws_redis_new(loop, &cfg, &cbs, NULL, err) && strstr(err, "port"));
	cfg.port = 6379;
	cfg.database = -1;
	ok(!ws_redis_new(loop, &cfg, &cbs, NULL, err) && strstr(err, "database"));
	cfg.database = 0;
	cfg.host = "no-such-host.invalid";
	ok(!ws_redis_new(loop, &cfg, &cbs, NULL, err) && strstr(err, "does not resolve"));
	cfg.socket = "/tmp/"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	ok(!ws_redis_new(loop, &cfg, &cbs, NULL, err) && strstr(err, "too long"));
}

static void test_basic(redis_proc *p)
{
	static const uint8_t btopic[] = {'b', 0, 0xff};
	uint8_t bin[256], *big;
	size_t big_len = 1 << 20;
	ws_redis *r;
	ws_redis_stats st;
	int before;

	diag("basic: subscribe, deliver (text, binary, empty, 1 MiB), unsubscribe");
	reset_ev();
	r = make(p, NULL, 0, NULL, 0);
	ok(r);
	if (!r) {
		return;
	}
	ok(WAIT_FOR(ev.ups == 1 && stats(r).pub_up, 3000));
	st = stats(r);
	is_int(st.sub_up, 1);
	is_int(st.down_since_ms, 0);
	is_int(st.reconnects, 0);

	is_int(ws_redis_subscribe(r, (const uint8_t *) "chat", 4), 1);
	is_int(ws_redis_subscribe(r, (const uint8_t *) "chat", 4), 0);
	ok(ws_redis_is_subscribed(r, (const uint8_t *) "chat", 4));
	ok(WAIT_FOR(numsub(p, "ws:chat", 7) == 1, 3000));
	is_int(cli_publish(p, "ws:chat", 7, "hello", 5), 1);
	ok(WAIT_FOR(ev.messages == 1, 3000));
	GOT("chat", 4, "hello", 5);

	for (int i = 0; i < 256; i++) {
		bin[i] = (uint8_t) i;
	}
	is_int(ws_redis_subscribe(r, btopic, 3), 1);
	ok(WAIT_FOR(numsub(p, "ws:b\0\xff", 6) == 1, 3000));
	is_int(cli_publish(p, "ws:b\0\xff", 6, bin, sizeof(bin)), 1);
	ok(WAIT_FOR(ev.messages == 2, 3000));
	GOT(btopic, 3, bin, sizeof(bin));

	is_int(ws_redis_subscribe(r, (const uint8_t *) "", 0), 1);
	ok(WAIT_FOR(numsub(p, "ws:", 3) == 1, 3000));
	is_int(cli_publish(p, "ws:", 3, "", 0), 1);
	ok(WAIT_FOR(ev.messages == 3, 3000));
	GOT("", 0, "", 0);

	/* 1 MiB, published by the module's own publisher link */
	big = malloc(big_len);
	for (size_t i = 0; i < big_len; i++) {
		big[i] = (uint8_t) (i * 2654435761u >> 13);
	}
	is_int(ws_redis_publish(r, (const uint8_t *) "chat", 4, big, big_len), 0);
	ok(WAIT_FOR(ev.messages == 4 && stats(r).published == 1, 5000));
	GOT("chat", 4, big, big_len);
	free(big);
	is_int(ws_redis_publish(r, btopic, 3, (const uint8_t *) "", 0), 0);
	ok(WAIT_FOR(ev.messages == 5, 3000));
	GOT(btopic, 3, "", 0);

	/* unsubscribe: nothing more, even what Redis still sends before its reply */
	is_int(ws_redis_unsubscribe(r, (const uint8_t *) "chat", 4), 1);
	is_int(ws_redis_unsubscribe(r, (const uint8_t *) "chat", 4), 0);
	ok(!ws_redis_is_subscribed(r, (const uint8_t *) "chat", 4));
	before = ev.messages;
	cli_publish(p, "ws:chat", 7, "late", 4);
	ok(WAIT_FOR(numsub(p, "ws:chat", 7) == 0, 3000));
	is_int(cli_publish(p, "ws:chat", 7, "after", 5), 0);
	is_int(cli_publish(p, "ws:other", 8, "x", 1), 0);
	pump(200);
	is_int(ev.messages, before);

	st = stats(r);
	is_int(st.subscribed, 2);
	is_int(st.received, 5);
	is_int(st.published, 2);
	is_int(st.publish_failed, 0);
	is_int(st.publish_pending, 0);
	ws_redis_free(r);
	ws_redis_free(NULL);
	pump(50);
	is_int(numsub(p, "ws:", 3), 0); /* its connections are gone */
}

/* on_batch: the messages of one read come between a begin and an end, so that the server can cork its
 * writes over them; many messages published at once arrive in fewer batches than messages */
static struct {
	int depth, begins, ends, messages, outside, nested;
} bt;

static void bt_message(void *ud, const uint8_t *t, size_t tn, const uint8_t *p, size_t n)
{
	(void) ud;
	(void) t;
	(void) tn;
	(void) p;
	(void) n;
	bt.messages++;
	if (bt.depth != 1) {
		bt.outside++;
	}
}

static void bt_batch(void *ud, int begin)
{
	(void) ud;
	if (begin) {
		bt.begins++;
		if (++bt.depth > 1) {
			bt.nested++;
		}
	} else {
		bt.ends++;
		bt.depth--;
	}
}

static void test_batch(redis_proc *p)
{
	static const ws_redis_callbacks bcbs = {.on_message = bt_message, .on_log = cb_log, .on_batch = bt_batch};
	char err[WS_ERRBUF_LEN];
	ws_redis_config cfg = {.host = "127.0.0.1", .port = p->port, .prefix = "ws:"};
	ws_redis *r;
	redisContext *c;
	int n = 200, sent = 0, begins0;

	diag("on_batch: %d messages published in one write arrive inside begin/end pairs, fewer pairs than messages", n);
	memset(&bt, 0, sizeof(bt));
	r = ws_redis_new(loop, &cfg, &bcbs, NULL, err);
	ok(r);
	if (!r) {
		return;
	}
	is_int(ws_redis_subscribe(r, (const uint8_t *) "batch", 5), 1);
	ok(WAIT_FOR(numsub(p, "ws:batch", 8) == 1, 3000));
	pump(50);
	begins0 = bt.begins;
	c = cli(p);
	ok(c);
	if (c) {
		for (int i = 0; i < n; i++) {
			sent += redisAppendCommand(c, "PUBLISH ws:batch m%d", i) == REDIS_OK;
		}
		for (int i = 0; i < sent; i++) {
			redisReply *rep = NULL;
			if (redisGetReply(c, (void **) &rep) != REDIS_OK) {
				break;
			}
			freeReplyObject(rep);
		}
		redisFree(c);
	}
	is_int(sent, n);
	ok(WAIT_FOR(bt.messages == n, 3000));
	is_int(bt.outside, 0);
	is_int(bt.nested, 0);
	is_int(bt.depth, 0);
	is_int(bt.begins, bt.ends);
	diag("%d messages in %d batches", bt.messages, bt.begins - begins0);
	ok(bt.begins - begins0 >= 1 && bt.begins - begins0 < n);
	ws_redis_free(r);
	pump(50);
}

static void test_churn(redis_proc *p)
{
	ws_redis *r;
	int before;

	diag("churn: (un)subscribe while the reply of the other is in flight");
	reset_ev();
	r = make(p, NULL, 0, NULL, 0);
	ok(r && WAIT_FOR(ev.ups == 1, 3000));
	if (!r) {
		return;
	}
	/* unsubscribe while SUBSCRIBE is in flight */
	is_int(ws_redis_subscribe(r, (const uint8_t *) "t", 1), 1);
	is_int(ws_redis_unsubscribe(r, (const uint8_t *) "t", 1), 1);
	is_int(stats(r).subscribe_pending, 1);
	ok(WAIT_FOR(stats(r).subscribe_pending == 0, 3000));
	is_int(numsub(p, "ws:t", 4), 0);
	is_int(cli_publish(p, "ws:t", 4, "no", 2), 0);

	/* subscribe while UNSUBSCRIBE is in flight */
	is_int(ws_redis_subscribe(r, (const uint8_t *) "t", 1), 1);
	ok(WAIT_FOR(numsub(p, "ws:t", 4) == 1, 3000));
	is_int(ws_redis_unsubscribe(r, (const uint8_t *) "t", 1), 1);
	is_int(ws_redis_subscribe(r, (const uint8_t *) "t", 1), 1);
	ok(WAIT_FOR(stats(r).subscribe_pending == 0, 3000));
	is_int(numsub(p, "ws:t", 4), 1);
	before = ev.messages;
	is_int(cli_publish(p, "ws:t", 4, "yes", 3), 1);
	ok(WAIT_FOR(ev.messages == before + 1, 3000));
	GOT("t", 1, "yes", 3);

	/* 201 toggles each: u ends unsubscribed, v subscribed */
	ws_redis_subscribe(r, (const uint8_t *) "u", 1);
	for (int i = 0; i < 201; i++) {
		if (i % 2) {
			ws_redis_subscribe(r, (const uint8_t *) "u", 1);
			ws_redis_unsubscribe(r, (const uint8_t *) "v", 1);
		} else {
			ws_redis_unsubscribe(r, (const uint8_t *) "u", 1);
			ws_redis_subscribe(r, (const uint8_t *) "v", 1);
		}
		if (i % 50 == 0) {
			ws_loop_run_once(loop, 0);
		}
	}
	ok(WAIT_FOR(stats(r).subscribe_pending == 0, 3000));
	is_int(numsub(p, "ws:u", 4), 0);
	is_int(numsub(p, "ws:v", 4), 1);
	is_int(stats(r).subscribed, 2); /* t and v */
	before = ev.messages;
	cli_publish(p, "ws:u", 4, "u", 1);
	is_int(cli_publish(p, "ws:v", 4, "v", 1), 1);
	ok(WAIT_FOR(ev.messages == before + 1, 3000));
	pump(100);
	is_int(ev.messages, before + 1);
	GOT("v", 1, "v", 1);
	ws_redis_free(r);
}

static void test_restart(redis_proc *p)
{
	ws_redis *r;
	ws_redis_stats st;
	int rc;

	diag("restart: Redis killed and started again");
	reset_ev();
	r = make(p, NULL, 0, NULL, 1000);
	ok(r && WAIT_FOR(ev.ups == 1 && stats(r).pub_up, 3000));
	if (!r) {
		return;
	}
	ws_redis_subscribe(r, (const uint8_t *) "a", 1);
	ws_redis_subscribe(r, (const uint8_t *) "b", 1);
	for (int i = 0; i < 300; i++) { /* more than one SUBSCRIBE batch when resubscribing */
		char t[16];
		ws_redis_subscribe(r, (const uint8_t *) t, (size_t) snprintf(t, sizeof(t), "n%d", i));
	}
	ok(WAIT_FOR(numsub(p, "ws:a", 4) == 1 && numsub(p, "ws:b", 4) == 1 && numsub(p, "ws:n299", 7) == 1, 3000));
	ev.watch = r;

	redis_stop(p, SIGKILL);
	ok(WAIT_FOR(ev.downs == 1 && !stats(r).pub_up, 3000));
	st = stats(r);
	is_int(st.sub_up, 0);
	ok(st.down_since_ms != 0);
	rc = ws_redis_publish(r, (const uint8_t *) "a", 1, (const uint8_t *) "lost", 4);
	is_int(rc, WS_ERR_CLOSED);
	is_int(stats(r).publish_failed, 1);
	/* changes while down: b is not resubscribed, c is */
	is_int(ws_redis_unsubscribe(r, (const uint8_t *) "b", 1), 1);
	is_int(ws_redis_subscribe(r, (const uint8_t *) "c", 1), 1);
	pump(1500); /* several failed attempts */
	is_int(ev.warnings, 2); /* once per link for the whole outage */
	is_int(ev.downs, 1);
	is_int(ev.ups, 1);

	ok(redis_start(p));
	ok(WAIT_FOR(ev.ups == 2 && stats(r).pub_up, 8000));
	is_int(numsub(p, "ws:a", 4), 1);
	is_int(numsub(p, "ws:b", 4), 0);
	is_int(numsub(p, "ws:c", 4), 1);
	is_int(numsub(p, "ws:n0", 5), 1);
	is_int(numsub(p, "ws:n299", 7), 1);
	is_int(ev.pending_at_up, 0); /* on_link(1) came after every SUBSCRIBE was confirmed */
	is_int(ev.subscribed_at_up, 302);
	is_int(cli_publish(p, "ws:a", 4, "back", 4), 1);
	ok(WAIT_FOR(ev.messages == 1, 3000));
	GOT("a", 1, "back", 4);
	is_int(ws_redis_publish(r, (const uint8_t *) "c", 1, (const uint8_t *) "mine", 4), 0);
	ok(WAIT_FOR(ev.messages == 2, 3000));
	GOT("c", 1, "mine", 4);
	st = stats(r);
	is_int(st.reconnects, 2);
	is_int(st.down_since_ms, 0);
	is_int(st.published, 1);
	is_int(st.publish_failed, 1);
	is_int(ev.notices, 2);
	ws_redis_free(r);
}

static void test_auth(redis_proc *p)
{
	ws_redis *r, *r2, *bad, *noauth;
	ws_redis_stats st;

	diag("auth: AUTH + SELECT over TCP and a unix socket; wrong or no password");
	reset_ev();
	r = make(p, "s3cret", 3, NULL, 0);
	r2 = make(p, "s3cret", 2, p->sock, 0);
	ok(r && r2);
	if (!r || !r2) {
		return;
	}
	ok(WAIT_FOR(ev.ups == 2 && stats(r).pub_up && stats(r2).pub_up, 3000));
	is_int(count_in_client_list(p, " db=3 "), 2);
	is_int(count_in_client_list(p, " db=2 "), 2);
	is_int(ws_redis_subscribe(r, (const uint8_t *) "x", 1), 1);
	ok(WAIT_FOR(numsub(p, "ws:x", 4) == 1, 3000));
	is_int(cli_publish(p, "ws:x", 4, "one", 3), 1);
	ok(WAIT_FOR(ev.messages == 1, 3000));
	GOT("x", 1, "one", 3);
	/* from the other instance, over the unix socket */
	is_int(ws_redis_publish(r2, (const uint8_t *) "x", 1, (const uint8_t *) "two", 3), 0);
	ok(WAIT_FOR(ev.messages == 2 && stats(r2).published == 1, 3000));
	GOT("x", 1, "two", 3);

	bad = make(p, "wrong", 0, NULL, 0);
	noauth = make(p, NULL, 0, NULL, 0);
	ok(bad && noauth);
	if (bad) {
		ws_redis_publish(bad, (const uint8_t *) "x", 1, (const uint8_t *) "no", 2);
	}
	pump(800);
	if (bad && noauth) {
		st = stats(bad);
		is_int(st.sub_up + st.pub_up, 0);
		is_int(st.publish_failed, 1);
		is_int(st.publish_pending, 0);
		st = stats(noauth);
		is_int(st.sub_up + st.pub_up, 0);
	}
	is_int(ev.messages, 2);
	is_int(ev.warnings, 4); /* two links each, once */
	ws_redis_free(bad);
	ws_redis_free(noauth);
	ws_redis_free(r);
	ws_redis_free(r2);
}

static void test_timeout_and_bound(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), accepted = 0, full = 0, sent = 0;
	char err[WS_ERRBUF_LEN];
	uint8_t chunk[1000];
	ws_redis_config cfg = {.host = "127.0.0.1", .prefix = "ws:", .connect_timeout_ms = 200,
		.max_pending = 64 * 1024};
	ws_redis *r;
	ws_redis_stats st;

	diag("a server that never answers: connect timeout, bounded publish queue");
	reset_ev();
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok(lfd >= 0 && bind(lfd, (struct sockaddr *) &sa, sizeof(sa)) == 0 && listen(lfd, 16) == 0 &&
		getsockname(lfd, (struct sockaddr *) &sa, &len) == 0);
	cfg.port = ntohs(sa.sin_port);
	r = ws_redis_new(loop, &cfg, &cbs, NULL, err);
	ok(r);
	if (!r) {
		close(lfd);
		return;
	}
	memset(chunk, 'q', sizeof(chunk));
	for (int i = 0; i < 200; i++) {
		int rc = ws_redis_publish(r, (const uint8_t *) "q", 1, chunk, sizeof(chunk));
		if (rc == 0) {
			accepted++;
		} else if (rc == WS_ERR_FULL) {
			full++;
		}
		sent++;
	}
	ok(accepted > 0 && accepted < 70);
	is_int(accepted + full, sent);
	is_int(stats(r).publish_pending, accepted);
	ok(WAIT_FOR(ev.warnings == 2, 2000));
	ok(strstr(ev.lastlog, "no answer within 200 ms") != NULL);
	st = stats(r);
	is_int(st.publish_pending, 0);
	is_int(st.publish_failed, sent);
	is_int(st.published, 0);
	pump(600); /* more attempts, no more warnings */
	is_int(ev.warnings, 2);
	ws_redis_free(r);
	close(lfd);
}

/* A fake server that answers the handshake's PING, then hangs up: the link
 * comes up and drops again and again. Backoff must keep growing (not restart
 * at 100 ms each time it was up for a moment). Returns connections seen. */
static void test_flapping(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), pfd[2], conns = -1;
	ws_redis_config cfg = {.host = "127.0.0.1", .prefix = "ws:"};
	char err[WS_ERRBUF_LEN];
	pid_t pid;
	ws_redis *r;

	diag("a server that drops the link right after the handshake: backoff keeps growing");
	reset_ev();
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (!ok(lfd >= 0 && bind(lfd, (struct sockaddr *) &sa, sizeof(sa)) == 0 && listen(lfd, 16) == 0 &&
		getsockname(lfd, (struct sockaddr *) &sa, &len) == 0 && pipe(pfd) == 0)) {
		return;
	}
	pid = fork();
	if (pid == 0) {
		int n = 0;
		uint64_t end = now_ms() + 3500;
		struct timeval tv = {0, 100000};
		setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		while (now_ms() < end) {
			char buf[512];
			int c = accept(lfd, NULL, NULL);
			if (c < 0) {
				continue;
			}
			n++;
			setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
			if (read(c, buf, sizeof(buf)) > 0) {
				(void) !write(c, "+PONG\r\n", 7);
			}
			usleep(20000);
			close(c);
		}
		(void) !write(pfd[1], &n, sizeof(n));
		_exit(0);
	}
	close(pfd[1]);
	cfg.port = ntohs(sa.sin_port);
	r = ws_redis_new(loop, &cfg, &cbs, NULL, err);
	ok(r);
	pump(3200);
	ws_redis_free(r);
	if (read(pfd[0], &conns, sizeof(conns)) != (ssize_t) sizeof(conns)) {
		conns = -1;
	}
	waitpid(pid, NULL, 0);
	close(pfd[0]);
	close(lfd);
	diag("flapping: %d connections in 3.2 s for two links, %d up, %d down", conns, ev.ups, ev.downs);
	ok(conns >= 4 && conns <= 20); /* without the growing backoff: 60 or more */
	ok(ev.ups >= 1 && ev.downs >= 1);
}

static void test_free_in_callbacks(redis_proc *p)
{
	ws_redis *r;
	int port = free_port();
	ws_redis_config cfg = {.host = "127.0.0.1", .port = port, .prefix = "ws:"};
	char err[WS_ERRBUF_LEN];

	diag("ws_redis_free() from inside on_message and on_log");
	reset_ev();
	r = make(p, NULL, 0, NULL, 0);
	ok(r && WAIT_FOR(ev.ups == 1, 3000));
	if (!r) {
		return;
	}
	ws_redis_subscribe(r, (const uint8_t *) "f", 1);
	ws_redis_publish(r, (const uint8_t *) "f", 1, (const uint8_t *) "pending", 7); /* in flight when freed */
	ok(WAIT_FOR(numsub(p, "ws:f", 4) == 1, 3000));
	ev.free_me = r;
	{
		/* two messages in one pipeline: the second comes in the same read */
		redisContext *c = cli(p);
		redisReply *rep;
		redisAppendCommand(c, "PUBLISH ws:f one");
		redisAppendCommand(c, "PUBLISH ws:f two");
		redisGetReply(c, (void **) &rep);
		freeReplyObject(rep);
		redisGetReply(c, (void **) &rep);
		freeReplyObject(rep);
		redisFree(c);
	}
	ok(WAIT_FOR(ev.messages >= 1, 3000));
	pump(200);
	is_int(ev.messages, 1);
	ok(WAIT_FOR(numsub(p, "ws:f", 4) == 0, 3000));

	reset_ev();
	r = ws_redis_new(loop, &cfg, &cbs, NULL, err); /* nobody listens there */
	ok(r);
	ev.free_on_log = r;
	ok(WAIT_FOR(ev.warnings == 1, 2000));
	pump(300);
	is_int(ev.warnings, 1);
}

int main(void)
{
	redis_proc a = {0}, b = {0}, c = {0};
	char tmpl[] = "/tmp/wst-redis-XXXXXX";

	redis_bin = find_in_path("redis-server");
	if (!redis_bin) {
		printf("ok %d # SKIP redis-server not found (scripts/deps.sh test installs it)\n", ++tap_run);
		return done_testing();
	}
	signal(SIGALRM, watchdog);
	alarm(150);
	loop = ws_loop_new((char[WS_ERRBUF_LEN]) {0});
	if (!loop || !mkdtemp(tmpl)) {
		ok(0);
		return done_testing();
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s", tmpl);
	procs[0] = &a;
	procs[1] = &b;
	procs[2] = &c;

	test_config_errors();

	a.port = free_port();
	ok(redis_start(&a));
	if (a.pid > 0) {
		test_basic(&a);
		test_batch(&a);
		test_churn(&a);
		test_free_in_callbacks(&a);
	}

	b.port = free_port();
	ok(redis_start(&b));
	if (b.pid > 0) {
		test_restart(&b);
	}

	c.port = free_port();
	c.pass = "s3cret";
	snprintf(c.sock, sizeof(c.sock), "%s/redis.sock", tmpdir);
	ok(redis_start(&c));
	if (c.pid > 0) {
		test_auth(&c);
	}

	test_timeout_and_bound();
	test_flapping();

	reset_ev();
	redis_stop(&a, SIGTERM);
	redis_stop(&b, SIGTERM);
	redis_stop(&c, SIGTERM);
	kill_all();
	unlink(c.sock);
	rmdir(tmpdir);
	ws_loop_free(loop);
	return done_testing();
}

#else /* built without hiredis */

int main(void)
{
	char err[WS_ERRBUF_LEN];
	ws_redis_config cfg = {.host = "127.0.0.1", .port = 6379};

	/* the stubs say why */
	if (ws_redis_new(NULL, &cfg, NULL, NULL, err) == NULL && strstr(err, "not built")) {
		printf("ok %d # SKIP built without hiredis (libhiredis-dev): the stubs refuse clearly\n", ++tap_run);
	} else {
		ok(!"the stubs refuse ws_redis_new()");
	}
	return done_testing();
}

#endif
