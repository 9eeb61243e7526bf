/*
 * test_conn.c: the connection logic (ws_loop + ws_server + ws_conn) over real
 * loopback sockets, one scenario at a time, with the system calls and the
 * clock under the test's control (fuzz/conn_harness.h: a 4 KiB read buffer,
 * a virtual clock, injected sendmsg and epoll_ctl failures). Each scenario
 * is a regression test for a defect of the hardening issue.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fuzz/conn_harness.h"
#include "frames.h"
#include "tap.h"

/* --- what the callbacks saw --- */

static struct {
	int opened, closed, freed, messages, errors, last_err;
	uint16_t close_code;
	char close_reason[128];
	size_t last_len;
	uint8_t last_hash;
} ev;

static void cb_open(ws_server *s, ws_conn *c, void *ud) { (void) s; (void) c; (void) ud; ev.opened++; }
static void cb_message(ws_server *s, ws_conn *c, const ws_message *m, void *ud)
{
	uint8_t h = 0;
	(void) s; (void) ud;
	ev.messages++;
	ev.last_len = m->data.n;
	for (size_t i = 0; i < m->data.n; i++) {
		h = (uint8_t) (h * 31 + m->data.p[i]);
	}
	ev.last_hash = h;
	ws_conn_send(c, m->opcode, m->data.p, m->data.n);
}
static void cb_close(ws_server *s, ws_conn *c, uint16_t code, ws_slice reason, void *ud)
{
	(void) s; (void) c; (void) ud;
	ev.closed++;
	ev.close_code = code;
	snprintf(ev.close_reason, sizeof(ev.close_reason), "%.*s", (int) reason.n, (const char *) reason.p);
}
static void cb_error(ws_server *s, ws_conn *c, int err, size_t len, void *ud)
{
	(void) s; (void) c; (void) ud; (void) len;
	ev.errors++;
	ev.last_err = err;
}
static void cb_free(ws_server *s, ws_conn *c, void *ud) { (void) s; (void) c; (void) ud; ev.freed++; }

static const ws_server_callbacks cbs = {
	.on_open = cb_open, .on_message = cb_message, .on_close = cb_close, .on_error = cb_error, .on_free = cb_free,
};

/* --- a server driven pass by pass, and raw clients --- */

static ws_server *start(ws_server_config *cfg)
{
	char errbuf[WS_ERRBUF_LEN];
	ws_server *srv;

	memset(&ev, 0, sizeof(ev));
	harness_read_cap = 0;
	harness_sendmsg_fail = harness_epoll_fail_mod = harness_epoll_fail_del = 0;
	srv = ws_server_new("127.0.0.1", 0, cfg, &cbs, NULL, errbuf);
	if (!srv) {
		fprintf(stderr, "ws_server_new: %s\n", errbuf);
		exit(1);
	}
	ws_loop_fd_set(srv->ep.loop, srv->lfd, WS_READ, on_accept, srv);
	return srv;
}

static void passes(ws_server *srv, int n)
{
	for (int i = 0; i < n; i++) {
		ws_loop_run_once(srv->ep.loop, 2);
	}
}

/* Enough passes for the server to read everything sent so far: it reads at
 * most WS_READ_BUFFER (4 KiB here) per connection per pass. */
static void settle(ws_server *srv)
{
	for (int i = 0; i < 400; i++) {
		ws_loop_run_once(srv->ep.loop, 0);
	}
}

static int client(ws_server *srv)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t) ws_server_port(srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0) {
		perror("connect");
		exit(1);
	}
	passes(srv, 1);
	return fd;
}

/* Write all of p while the server runs. */
static void send_all(ws_server *srv, int fd, const void *p, size_t n)
{
	size_t off = 0;

	for (int i = 0; off < n && i < 100000; i++) {
		ssize_t w = send(fd, (const uint8_t *) p + off, n - off, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t) w;
		} else {
			passes(srv, 1);
		}
	}
}

/* Read what the server sent within a few passes (up to cap bytes). Returns the count; *eof set on EOF. */
static size_t take(ws_server *srv, int fd, uint8_t *buf, size_t cap, int *eof)
{
	size_t got = 0;

	*eof = 0;
	for (int i = 0; i < 200 && got < cap && !*eof; i++) {
		ssize_t r;
		passes(srv, 1);
		while (got < cap && (r = recv(fd, buf + got, cap - got, MSG_DONTWAIT)) != 0) {
			if (r < 0) {
				if (errno == ECONNRESET) {
					*eof = 1;
				}
				break;
			}
			got += (size_t) r;
		}
		if (got < cap && r == 0) {
			*eof = 1;
		}
	}
	return got;
}

static const char request[] =
	"GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

static int starts_with(const uint8_t *buf, size_t n, const char *s)
{
	return n >= strlen(s) && memcmp(buf, s, strlen(s)) == 0;
}

/* Handshake a client and read the 101. */
static int open_client(ws_server *srv, const char *extra_headers)
{
	int fd = client(srv), eof;
	char req[4096];
	uint8_t resp[4096];
	int n = snprintf(req, sizeof(req), "%s%s\r\n", request, extra_headers ? extra_headers : "");
	size_t got;

	send_all(srv, fd, req, (size_t) n);
	got = take(srv, fd, resp, 129, &eof);
	if (!starts_with(resp, got, "HTTP/1.1 101")) {
		diag("no 101: %.*s", (int) got, (const char *) resp);
	}
	return fd;
}

static void finish(ws_server *srv, int *fds, int n)
{
	for (int i = 0; i < n; i++) {
		if (fds[i] >= 0) {
			close(fds[i]);
		}
	}
	settle(srv);
	harness_now_us += 100000000u;
	passes(srv, 5);
	is_int(srv->ep.budget.node.used, 0); /* every charge given back */
	ws_server_free(srv);
	is_int(ev.opened, ev.closed);
}

static ws_server_config defaults(void)
{
	ws_server_config cfg;
	ws_server_config_defaults(&cfg);
	cfg.ping_interval = 0;
	return cfg;
}

/* --- scenarios --- */

/* A long head and a frame longer than the read buffer, in one write: the
 * bytes after the head were copied into the 4 KiB (256 KiB in the
 * extension) read buffer, past its end. */
static void test_large_head_with_frame_in_same_write(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv;
	stream b = {0};
	uint8_t payload[9000], resp[16384];
	char pad[600];
	int fd, eof;
	size_t got;

	cfg.max_header_size = 64 * 1024;
	srv = start(&cfg);
	fd = client(srv);
	put(&b, request, strlen(request));
	memset(pad, 'p', sizeof(pad));
	memcpy(pad, "X-Pad: ", 7);
	memcpy(pad + sizeof(pad) - 2, "\r\n", 2);
	for (int i = 0; i < 15; i++) { /* about 9 KiB: the read that ends it brings 7 KiB more */
		put(&b, pad, sizeof(pad));
	}
	put(&b, "\r\n", 2);
	for (size_t i = 0; i < sizeof(payload); i++) {
		payload[i] = (uint8_t) (i * 7);
	}
	frame(&b, 1, WS_OP_BINARY, payload, sizeof(payload));
	send_all(srv, fd, b.p, b.n);
	got = take(srv, fd, resp, sizeof(resp), &eof);
	ok(starts_with(resp, got, "HTTP/1.1 101"));
	is_int(ev.messages, 1);
	is_int(ev.last_len, sizeof(payload));
	{
		uint8_t h = 0;
		for (size_t i = 0; i < sizeof(payload); i++) {
			h = (uint8_t) (h * 31 + payload[i]);
		}
		is_int(ev.last_hash, h);
	}
	free(b.p);
	finish(srv, &fd, 1);
}

/* The 101 cannot be written: the connection never opened, so no on_close. */
static void test_failed_101_write_owes_no_on_close(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv = start(&cfg);
	int fd = client(srv), eof;
	char req[1024];
	uint8_t buf[256];
	int n = snprintf(req, sizeof(req), "%s\r\n", request);

	harness_sendmsg_fail = 1;
	send_all(srv, fd, req, (size_t) n);
	take(srv, fd, buf, sizeof(buf), &eof);
	is_int(ev.opened, 0);
	is_int(ev.closed, 0);
	is_int(ev.freed, 1);
	ok(eof);
	finish(srv, &fd, 1);
}

/* epoll_ctl(MOD) refused when the queue needs EPOLLOUT: the connection is
 * closed (it could never be written to again), and the next connection,
 * which may reuse its descriptor number, is served. */
static void test_failed_epoll_mod_closes_the_connection(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv = start(&cfg);
	int fds[2], eof, rcv = 4096;
	uint8_t buf[4096];
	stream b = {0};
	static uint8_t big[300000];

	fds[0] = open_client(srv, NULL);
	setsockopt(fds[0], SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	setsockopt(srv->ep.conns->fd, SOL_SOCKET, SO_SNDBUF, &rcv, sizeof(rcv));
	/* An echo too big for the socket buffers: the rest is queued and EPOLLOUT wanted. */
	frame(&b, 1, WS_OP_BINARY, big, sizeof(big));
	harness_epoll_fail_mod = 1000;
	send_all(srv, fds[0], b.p, b.n);
	settle(srv);
	harness_epoll_fail_mod = 0;
	is_int(ev.messages, 1);
	is_int(ev.closed, 1);
	is_int(ev.close_code, 1006);
	is_str(ev.close_reason, "event loop registration failed");
	close(fds[0]);
	passes(srv, 2);
	fds[0] = -1;
	b.n = 0;
	fds[1] = open_client(srv, NULL);
	frame(&b, 1, WS_OP_TEXT, "ok", 2);
	send_all(srv, fds[1], b.p, b.n);
	ok(take(srv, fds[1], buf, 4, &eof) == 4 && memcmp(buf, "\x81\x02ok", 4) == 0);
	free(b.p);
	finish(srv, fds, 2);
}

/* A DEL that the kernel refuses still clears the table: a later fd with the
 * same number is added (EPOLL_CTL_ADD), not taken for already watched. */
static void test_failed_epoll_del_keeps_the_table_consistent(void)
{
	char errbuf[WS_ERRBUF_LEN];
	ws_loop *l = ws_loop_new(errbuf);
	int fd = open("/dev/null", O_RDONLY), sp[2], adds;

	ok(l != NULL && socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0);
	ok(ws_loop_fd_set(l, sp[0], WS_READ, NULL, NULL) == 0);
	harness_epoll_fail_del = 1;
	ws_loop_fd_set(l, sp[0], 0, NULL, NULL);
	is_int(l->fds[sp[0]].mask, 0);
	adds = harness_epoll_adds;
	ok(ws_loop_fd_set(l, sp[0], WS_READ, NULL, NULL) == 0);
	is_int(harness_epoll_adds, adds + 1);
	/* A refused MOD keeps the old mask, in the table as in the kernel. */
	harness_epoll_fail_mod = 1;
	ok(ws_loop_fd_set(l, sp[0], WS_READ | WS_WRITE, NULL, NULL) == WS_ERR_IO);
	is_int(l->fds[sp[0]].mask, WS_READ);
	ws_loop_free(l);
	close(sp[0]);
	close(sp[1]);
	close(fd);
}

/* The descriptor table stores a callback as an index into the loop's list of
 * distinct callbacks: each fd still reaches its own callback and user data,
 * and what the list cannot hold is refused, not confused. */
static int cb_hits[2];
static void *cb_ud[2];
static void cb_a(ws_loop *l, int fd, int events, void *ud) { (void) l; (void) fd; (void) events; cb_hits[0]++; cb_ud[0] = ud; }
static void cb_b(ws_loop *l, int fd, int events, void *ud) { (void) l; (void) fd; (void) events; cb_hits[1]++; cb_ud[1] = ud; }
#define CB_N(n) static void cb_##n(ws_loop *l, int fd, int events, void *ud) { (void) l; (void) fd; (void) events; (void) ud; }
CB_N(0) CB_N(1) CB_N(2) CB_N(3) CB_N(4) CB_N(5) CB_N(6) CB_N(7) CB_N(8) CB_N(9) CB_N(10) CB_N(11) CB_N(12) CB_N(13) CB_N(14)
CB_N(15) CB_N(16) CB_N(17) CB_N(18) CB_N(19) CB_N(20) CB_N(21) CB_N(22) CB_N(23) CB_N(24) CB_N(25) CB_N(26) CB_N(27) CB_N(28) CB_N(29) CB_N(30)

static void test_fd_callbacks_by_index(void)
{
	char errbuf[WS_ERRBUF_LEN];
	ws_loop *l = ws_loop_new(errbuf);
	ws_fd_cb *more[] = {cb_0, cb_1, cb_2, cb_3, cb_4, cb_5, cb_6, cb_7, cb_8, cb_9, cb_10, cb_11, cb_12, cb_13, cb_14,
	                    cb_15, cb_16, cb_17, cb_18, cb_19, cb_20, cb_21, cb_22, cb_23, cb_24, cb_25, cb_26, cb_27, cb_28, cb_29};
	int a[2], b[2], extra[2], ua, ub;

	ok(l != NULL && socketpair(AF_UNIX, SOCK_STREAM, 0, a) == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, b) == 0 &&
	   socketpair(AF_UNIX, SOCK_STREAM, 0, extra) == 0);
	ok(ws_loop_fd_set(l, a[0], WS_READ, cb_a, &ua) == 0);
	ok(ws_loop_fd_set(l, b[0], WS_READ, cb_b, &ub) == 0);
	ok(ws_loop_fd_set(l, b[0], WS_READ | 8, cb_b, &ub) == WS_ERR_INVALID);
	ok(write(a[1], "x", 1) == 1 && write(b[1], "y", 1) == 1);
	for (int i = 0; i < 10 && (!cb_hits[0] || !cb_hits[1]); i++) {
		ws_loop_run_once(l, 50);
	}
	ok(cb_hits[0] > 0 && cb_ud[0] == &ua);
	ok(cb_hits[1] > 0 && cb_ud[1] == &ub);
	/* 32 distinct callbacks fit (cb_a, cb_b and 30 more); the 33rd does not. */
	for (int i = 0; i < 30; i++) {
		ok(ws_loop_fd_set(l, extra[0], WS_READ, more[i], NULL) == 0);
	}
	ok(ws_loop_fd_set(l, extra[0], WS_READ | WS_WRITE, cb_30, NULL) == WS_ERR_INVALID);
	ok(l->cbs[l->fds[extra[0]].cb] == cb_29);
	ok(l->cbs[l->fds[a[0]].cb] == cb_a && l->fds[a[0]].ud == &ua);
	ws_loop_free(l);
	close(a[0]); close(a[1]); close(b[0]); close(b[1]); close(extra[0]); close(extra[1]);
}

/* Timers: equal deadlines fire in the order they were armed, also across the
 * wrap of the loop's 32-bit start count; one armed with 0 ms from a callback
 * waits for the next pass; a timer repeats by re-arming itself. */
typedef struct tm_timer {
	ws_timer t; /* first: the loop hands back &t */
	char name;
} tm_timer;
static tm_timer tm[4];
static char tm_fired[16];
static size_t tm_nfired;
static int tm_repeat;

static void tm_cb(ws_loop *l, ws_timer *t)
{
	char name = ((tm_timer *) t)->name;

	if (tm_nfired < sizeof(tm_fired)) {
		tm_fired[tm_nfired++] = name;
	}
	if (name == 'a' && tm_repeat && tm_repeat--) {
		ws_loop_timer_start(l, t, 0, tm_cb); /* re-armed from its own callback: next pass */
	}
}

static void test_timers(void)
{
	char errbuf[WS_ERRBUF_LEN];
	ws_loop *l = ws_loop_new(errbuf);

	ok(l != NULL);
	for (int i = 0; i < 4; i++) {
		tm[i].name = (char) ('a' + i);
	}
	/* Starts numbered across 2^32: b, c and d get seqs 0xffffffff, 0 and 1. */
	l->timer_seq = UINT32_MAX - 2;
	ws_loop_timer_start(l, &tm[0].t, 10, tm_cb); /* a: later */
	ws_loop_timer_start(l, &tm[1].t, 5, tm_cb);
	ws_loop_timer_start(l, &tm[2].t, 5, tm_cb);
	ws_loop_timer_start(l, &tm[3].t, 5, tm_cb);
	ok(tm[1].t.seq == UINT32_MAX && tm[2].t.seq == 0 && tm[3].t.seq == 1);
	ok(ws_timer_active(&tm[0].t) && ws_timer_active(&tm[3].t));
	harness_now_us += 5000;
	ws_loop_run_once(l, 0);
	is_mem(tm_fired, tm_nfired, "bcd", 3);
	ok(!ws_timer_active(&tm[1].t) && ws_timer_active(&tm[0].t));
	/* a re-arms itself twice with 0 ms: once per pass, not in a loop. */
	tm_repeat = 2;
	harness_now_us += 5000;
	ws_loop_run_once(l, 0);
	is_mem(tm_fired, tm_nfired, "bcda", 4);
	ok(ws_timer_active(&tm[0].t));
	ws_loop_run_once(l, 0);
	ws_loop_run_once(l, 0);
	ws_loop_run_once(l, 0);
	is_mem(tm_fired, tm_nfired, "bcdaaa", 6);
	ok(!ws_timer_active(&tm[0].t));
	/* Moved while armed, then stopped: never fires. */
	ws_loop_timer_start(l, &tm[1].t, 1, tm_cb);
	ws_loop_timer_start(l, &tm[1].t, 2, tm_cb);
	ws_loop_timer_stop(l, &tm[1].t);
	ws_loop_timer_stop(l, &tm[1].t);
	harness_now_us += 5000;
	ws_loop_run_once(l, 0);
	is_mem(tm_fired, tm_nfired, "bcdaaa", 6);
	ws_loop_free(l);
}

/* A subprotocol name too long for a fixed 512-byte 101 buffer. */
static void test_long_subprotocol_is_echoed(void)
{
	ws_server_config cfg = defaults();
	char name[601], hdr[700], want[700];
	const char *protos[] = {name};
	ws_server *srv;
	uint8_t resp[2048];
	int fd, eof;
	size_t got;

	memset(name, 'p', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	cfg.subprotocols = protos;
	cfg.nsubprotocols = 1;
	srv = start(&cfg);
	fd = client(srv);
	snprintf(hdr, sizeof(hdr), "%sSec-WebSocket-Protocol: other, %s\r\n\r\n", "", name);
	send_all(srv, fd, request, strlen(request));
	send_all(srv, fd, hdr, strlen(hdr));
	got = take(srv, fd, resp, 129 + 26 + 600, &eof);
	snprintf(want, sizeof(want), "Sec-WebSocket-Protocol: %s\r\n", name);
	ok(starts_with(resp, got, "HTTP/1.1 101") && memmem(resp, got, want, strlen(want)) != NULL);
	is_int(ev.opened, 1);
	finish(srv, &fd, 1);
}

/* close_timeout 0: a refused handshake, a failed connection and stop() all
 * close TCP once their bytes are written, without waiting for the peer. */
static void test_close_timeout_zero_never_waits(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv;
	uint8_t buf[512];
	int fds[3], eof;
	char req[512];

	cfg.close_timeout = 0;
	cfg.path = "/ws";
	srv = start(&cfg);
	fds[0] = client(srv);
	send_all(srv, fds[0], request, strlen(request));
	send_all(srv, fds[0], "\r\n", 2);
	take(srv, fds[0], buf, sizeof(buf), &eof);
	ok(eof); /* 404, then closed: no clock advanced */

	snprintf(req, sizeof(req), "GET /ws%s", request + strlen("GET /chat"));
	fds[1] = client(srv);
	send_all(srv, fds[1], req, strlen(req));
	send_all(srv, fds[1], "\r\n\x81\x01x", 6); /* unmasked: 1002 */
	take(srv, fds[1], buf, sizeof(buf), &eof);
	ok(eof);
	is_int(ev.close_code, 1002);

	fds[2] = client(srv);
	send_all(srv, fds[2], req, strlen(req));
	send_all(srv, fds[2], "\r\n", 2);
	take(srv, fds[2], buf, 129, &eof);
	srv->ep.loop->running = 1; /* as inside ws_server_run() */
	ws_server_stop(srv);
	take(srv, fds[2], buf, sizeof(buf), &eof);
	ok(eof);
	is_int(ev.close_code, 1001);
	ok(srv->ep.conns == NULL);
	srv->ep.loop->running = 0;
	finish(srv, fds, 3);
}

/* stop() before run(): run() returns at once. */
static void test_stop_before_run(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv = start(&cfg);

	ws_server_stop(srv);
	is_int(ws_server_run(srv), 0);
	finish(srv, NULL, 0);
}

/* The memory budget: a client holding a large partial message is evicted
 * (1009) to make room for a small one, which is served. */
static void test_budget_evicts_the_biggest_holder(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv;
	stream b = {0};
	static uint8_t big[200000];
	uint8_t buf[64];
	int fds[2], eof;

	cfg.memory_budget = 160 * 1024;
	srv = start(&cfg);
	fds[0] = open_client(srv, NULL);
	fds[1] = open_client(srv, NULL);
	/* Declares 100 KB, sends 90 KB of it: holds about 100 KB. */
	frame(&b, 1, WS_OP_BINARY, big, 100000);
	send_all(srv, fds[0], b.p, 90000);
	settle(srv);
	ok(srv->ep.budget.node.used <= cfg.memory_budget);
	is_int(ev.closed, 0);
	/* 80 KB more do not fit: the bigger holder goes. */
	b.n = 0;
	memset(big, 'a', 80000);
	frame(&b, 1, WS_OP_BINARY, big, 80000);
	send_all(srv, fds[1], b.p, b.n);
	settle(srv);
	ok(take(srv, fds[1], buf, 4, &eof) == 4 && buf[0] == 0x82);
	harness_now_us += 5000000u; /* the evicted one's close_timeout */
	passes(srv, 3);
	is_int(ev.closed, 1);
	is_int(ev.close_code, 1009);
	is_str(ev.close_reason, "server memory budget exceeded");
	is_int(srv->stats.memory_refusals, 1); /* the eviction */
	is_int(srv->ep.budget.refusals, 0);
	free(b.p);
	finish(srv, fds, 2);
}

/* The one asking for the most is refused rather than a smaller holder evicted. */
static void test_budget_refuses_the_biggest_requester(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv;
	stream b = {0};
	static uint8_t big[300000];
	int fds[2];

	cfg.memory_budget = 160 * 1024;
	srv = start(&cfg);
	fds[0] = open_client(srv, NULL);
	fds[1] = open_client(srv, NULL);
	frame(&b, 0, WS_OP_BINARY, big, 20000); /* 20 KB held by the first */
	send_all(srv, fds[0], b.p, b.n);
	settle(srv);
	b.n = 0;
	frame(&b, 1, WS_OP_BINARY, big, sizeof(big));
	send_all(srv, fds[1], b.p, 200000);
	settle(srv);
	harness_now_us += 5000000u; /* its close_timeout */
	passes(srv, 3);
	is_int(ev.closed, 1);
	is_int(ev.close_code, 1009);
	/* The smaller holder, the first client, is still there and open. */
	ok(srv->ep.conns && !srv->ep.conns->next && ws_conn_id(srv->ep.conns) == 1 && srv->ep.conns->state == WS_CONN_OPEN);
	is_int(srv->ep.budget.refusals, 1);
	free(b.p);
	finish(srv, fds, 2);
}

/* max_messages_per_second: close 1008, or drop and report. */
static void test_message_rate(void)
{
	for (int drop = 0; drop < 2; drop++) {
		ws_server_config cfg = defaults();
		ws_server *srv;
		stream b = {0};
		int fd;

		cfg.max_messages_per_second = 3;
		cfg.rate_policy = drop ? WS_POLICY_DROP : WS_POLICY_CLOSE;
		srv = start(&cfg);
		fd = open_client(srv, NULL);
		for (int i = 0; i < 6; i++) {
			frame(&b, 1, WS_OP_TEXT, "m", 1);
		}
		send_all(srv, fd, b.p, b.n);
		settle(srv);
		is_int(ev.messages, 3);
		is_int(srv->stats.rate_limited_messages, drop ? 3 : 1);
		if (drop) {
			is_int(ev.errors, 3);
			is_int(ev.last_err, WS_ERR_RATE);
			harness_now_us += 1000000u; /* a second later the bucket is full again */
			b.n = 0;
			frame(&b, 1, WS_OP_TEXT, "m", 1);
			send_all(srv, fd, b.p, b.n);
			passes(srv, 3);
			is_int(ev.messages, 4);
		} else {
			harness_now_us += 5000000u; /* its close_timeout */
			passes(srv, 3);
			is_int(ev.close_code, 1008);
			is_str(ev.close_reason, "message rate exceeded");
		}
		free(b.p);
		finish(srv, &fd, 1);
	}
}

/* Per-address limits answer 429 before any request is read. */
static void test_per_address_limits(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv;
	uint8_t buf[256];
	int fds[4], eof;
	size_t got;

	cfg.max_connections_per_ip = 2;
	srv = start(&cfg);
	fds[0] = client(srv);
	fds[1] = client(srv);
	fds[2] = client(srv);
	got = take(srv, fds[2], buf, sizeof(buf), &eof);
	ok(starts_with(buf, got, "HTTP/1.1 429 Too Many Requests") && eof);
	close(fds[0]);
	passes(srv, 3);
	fds[0] = -1;
	fds[3] = open_client(srv, NULL);
	is_int(ev.opened, 1);
	is_int(srv->stats.ip_limit_refusals, 1);
	finish(srv, fds, 4);

	cfg = defaults();
	cfg.handshake_rate_per_ip = 2;
	srv = start(&cfg);
	fds[0] = client(srv);
	fds[1] = client(srv);
	fds[2] = client(srv);
	got = take(srv, fds[2], buf, sizeof(buf), &eof);
	ok(starts_with(buf, got, "HTTP/1.1 429"));
	harness_now_us += 1000000u;
	fds[3] = open_client(srv, NULL);
	is_int(ev.opened, 1);
	finish(srv, fds, 4);
}

/* The head's end is searched in new bytes only: dripping bytes after a long
 * prefix does not parse the whole head again each time. */
static void test_head_dripped_after_long_prefix(void)
{
	ws_server_config cfg = defaults();
	ws_server *srv;
	uint8_t resp[256];
	char pad[1000];
	int fd, eof;
	size_t got;

	cfg.max_header_size = 1 << 20;
	srv = start(&cfg);
	fd = client(srv);
	send_all(srv, fd, request, strlen(request));
	memset(pad, 'p', sizeof(pad));
	memcpy(pad, "X-Pad: ", 7);
	memcpy(pad + sizeof(pad) - 2, "\r\n", 2);
	for (int i = 0; i < 100; i++) {
		send_all(srv, fd, pad, sizeof(pad));
	}
	passes(srv, 3);
	for (int i = 0; i < 18 * 11; i++) { /* 18 whole "X-Drip: y" lines, a byte at a time */
		send_all(srv, fd, "X-Drip: y\r\n" + (i % 11), 1);
		passes(srv, 1);
	}
	for (int i = 0; i < 2; i++) {
		send_all(srv, fd, "\r\n" + i, 1);
		passes(srv, 1);
	}
	ok(srv->ep.conns && srv->ep.conns->u.hs.req_scanned >= srv->ep.conns->req_len - 4);
	got = take(srv, fd, resp, 129, &eof);
	ok(starts_with(resp, got, "HTTP/1.1 101"));
	finish(srv, &fd, 1);
}

int main(void)
{
	diag("sizeof(struct ws_conn) = %zu", sizeof(struct ws_conn));
	test_large_head_with_frame_in_same_write();
	test_failed_101_write_owes_no_on_close();
	test_failed_epoll_mod_closes_the_connection();
	test_failed_epoll_del_keeps_the_table_consistent();
	test_fd_callbacks_by_index();
	test_timers();
	test_long_subprotocol_is_echoed();
	test_close_timeout_zero_never_waits();
	test_stop_before_run();
	test_budget_evicts_the_biggest_holder();
	test_budget_refuses_the_biggest_requester();
	test_message_rate();
	test_per_address_limits();
	test_head_dripped_after_long_prefix();
	return done_testing();
}
