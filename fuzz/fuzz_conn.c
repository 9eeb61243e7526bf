/*
 * fuzz_conn.c: the real connection logic (ws_server + ws_conn + ws_loop) driven
 * by a script of client actions over loopback sockets.
 *
 * Each input gets a fresh server on 127.0.0.1 port 0 with short timeouts and
 * small limits, up to NCLIENTS raw client sockets, and a virtual monotonic
 * clock (ws_loop.c is compiled in here with clock_gettime renamed), so timeouts
 * fire when the script advances time, never by sleeping. Every action is
 * followed by one ws_loop_run_once(loop, 0) pass.
 *
 * data[0] and data[1] pick the server's options (policy, origins, amplifying
 * callbacks; max_header_size up to 64 KiB against a 4 KiB read buffer,
 * close_timeout 0, a small memory budget, rate limits, per-address limits);
 * data[2] the largest read() the server gets. Then each action is one byte:
 * bits 0-1 the client, bits 2-7 the action, followed by its arguments (see
 * run_action()); actions also change the read size and make the next
 * sendmsg() or epoll_ctl(MOD) fail.
 *
 * Invariants (abort() on violation; ASan/UBSan catch the rest):
 *   - on_open at most once per connection; on_close exactly once for every
 *     connection that got on_open, never without it, and before on_free;
 *     on_free exactly once for every accepted connection; no callback after on_free;
 *   - no on_message after on_close, after the server closed the connection,
 *     or (on a byte-aligned stream) after the client's close frame;
 *   - ws_conn_buffered() never above max_buffered plus one message plus the
 *     slack of one control frame and one close frame;
 *   - at the end every connection opened was closed and every one was freed,
 *     what they charged to the memory budget was all given back, and the
 *     server frees everything (LeakSanitizer).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The loop, the listener and the connections are compiled into this file,
 * with a virtual clock and the system calls the script controls (see
 * conn_harness.h); the server also for its static accept handler (a driver
 * that uses ws_loop_run_once() has no public way to arm the listener). */
#include "conn_harness.h"
#include "core/ws_pubsub.h"

static const uint8_t topic_names[4] = {'a', 'b', 'c', 'd'};

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s (line %d)\n", #c, __LINE__); abort(); } } while (0)

#define NCLIENTS 4
#define MAX_RECS 64
#define MAX_ACTIONS 512
#define MAX_PASSES 4096
#define OUTBOX_MAX (1u << 20)

#define CFG_MAX_MESSAGE 4096u
#define CFG_MAX_BUFFERED 8192u
#define CFG_HWM 2048u
#define BIG_SEND 3000u /* largest message the callbacks send */

typedef struct rec {
	ws_conn *conn;
	int accepted, opened, closed, freed;
	int server_closed;  /* our callback called ws_conn_close() while it was open */
	int client;         /* slot, or -1 */
	unsigned gen;       /* slot generation at on_open */
	size_t msgs;
} rec;

typedef struct client {
	int fd;
	unsigned gen;
	int reading;
	int aligned;        /* every byte queued so far is whole frames after a whole request */
	int close_queued;   /* a close frame is in the stream */
	size_t msgs_before_close; /* data frames with FIN queued before it */
	size_t fin_frames;  /* data frames with FIN queued so far */
	uint8_t *out;
	size_t out_len, out_cap, out_off;
	int port;
} client;

static struct {
	ws_server *srv;
	rec recs[MAX_RECS + 1]; /* by conn id */
	client cl[NCLIENTS];
	unsigned gen;
	uint8_t opts, opts2;
	size_t max_header;
	size_t passes;
	uint8_t big[BIG_SEND];
} G;

static rec *rec_of(ws_conn *c)
{
	uint64_t id = ws_conn_id(c);
	CHECK(id >= 1 && id <= MAX_RECS);
	CHECK(G.recs[id].conn == NULL || G.recs[id].conn == c);
	G.recs[id].conn = c;
	return &G.recs[id];
}

static void check_buffered(void)
{
	/* One message may go on an empty queue whatever its size; a pong or
	 * the close frame may follow. */
	const size_t bound = CFG_MAX_BUFFERED + BIG_SEND + WS_FRAME_MAX_HEADER + 2 * (WS_MAX_CONTROL_PAYLOAD + 4);
	for (ws_conn *c = G.srv->ep.conns; c; c = c->next) {
		if (ws_conn_buffered(c) > bound) {
			fprintf(stderr, "conn %llu buffered %zu > %zu\n", (unsigned long long) ws_conn_id(c),
			        ws_conn_buffered(c), bound);
			abort();
		}
	}
}

/* --- callbacks --- */

static void cb_open(ws_server *srv, ws_conn *conn, void *ud)
{
	rec *r = rec_of(conn);
	(void) srv; (void) ud;
	CHECK(!r->opened && !r->closed && !r->freed);
	CHECK(ws_conn_get_state(conn) == WS_CONN_OPEN);
	r->opened = 1;
	r->client = -1;
	for (int i = 0; i < NCLIENTS; i++) {
		if (G.cl[i].fd >= 0 && G.cl[i].port == ws_conn_remote_port(conn)) {
			r->client = i;
			r->gen = G.cl[i].gen;
		}
	}
	if (G.opts & 1) {
		ws_conn_send(conn, WS_OP_TEXT, (const uint8_t *) "welcome", 7);
	}
	check_buffered();
}


static void cb_message(ws_server *srv, ws_conn *conn, const ws_message *msg, void *ud)
{
	rec *r = rec_of(conn);
	(void) ud;
	CHECK(r->opened && !r->closed && !r->freed && !r->server_closed);
	CHECK(ws_conn_get_state(conn) == WS_CONN_OPEN);
	CHECK(msg->opcode == WS_OP_TEXT || msg->opcode == WS_OP_BINARY);
	CHECK(msg->data.n <= CFG_MAX_MESSAGE);
	r->msgs++;
	if (r->client >= 0) {
		client *cl = &G.cl[r->client];
		if (cl->gen == r->gen && cl->aligned && cl->close_queued) {
			CHECK(r->msgs <= cl->msgs_before_close);
		}
	}
	ws_conn_send(conn, msg->opcode, msg->data.p, msg->data.n);
	if (msg->data.n && (G.opts & 2)) {
		/* Commands in the first byte: reentrant sends, closes, broadcasts. */
		switch (msg->data.p[0]) {
		case 'A': /* amplify: fill the queue */
			for (int i = 0; i < 8 && ws_conn_get_state(conn) == WS_CONN_OPEN; i++) {
				ws_conn_send(conn, WS_OP_BINARY, G.big, BIG_SEND);
				check_buffered();
			}
			break;
		case 'B': {
			ws_except self = {0, ws_conn_id(conn)};
			ws_server_publish(srv, NULL, 0, WS_OP_BINARY, G.big, 100 + (msg->data.n % 3) * 1000, 0, &self, 1);
			break;
		}
		/* Topics: the second byte names one of four; publishing walks the
		 * subscribers while sends fail, drop and close others ('K' above). */
		case 'S':
			if (msg->data.n > 1) {
				ws_conn_subscribe(conn, topic_names + (msg->data.p[1] & 3), 1);
			}
			break;
		case 'U':
			if (msg->data.n > 1) {
				ws_conn_unsubscribe(conn, topic_names + (msg->data.p[1] & 3), 1);
			}
			break;
		case 'T':
			if (msg->data.n > 1) {
				const uint8_t *t = topic_names + (msg->data.p[1] & 3);
				size_t before = ws_server_subscribers(srv, t, 1, 0);
				size_t n = ws_server_publish(srv, t, 1, WS_OP_BINARY, G.big, 50 + msg->data.n * 10, msg->data.n & 1 ? WS_SEND_UNCOMPRESSED : 0, NULL, 0);
				CHECK(n <= before);
			}
			break;
		case 'C':
			if (ws_conn_get_state(conn) == WS_CONN_OPEN) {
				r->server_closed = 1;
			}
			ws_conn_close(conn, 1000, (const uint8_t *) "bye", 3);
			ws_conn_send(conn, WS_OP_TEXT, (const uint8_t *) "late", 4); /* must be refused */
			break;
		case 'P':
			ws_conn_send(conn, WS_OP_PING, (const uint8_t *) "p", 1);
			break;
		case 'K': /* close every other open connection */
			for (ws_conn *c = srv->ep.conns; c; c = c->next) {
				if (c != conn && c->state == WS_CONN_OPEN) {
					rec_of(c)->server_closed = 1;
					ws_conn_close(c, 4000, NULL, 0);
				}
			}
			break;
		}
	}
	check_buffered();
}

static void cb_close(ws_server *srv, ws_conn *conn, uint16_t code, ws_slice reason, void *ud)
{
	rec *r = rec_of(conn);
	(void) srv; (void) ud;
	CHECK(r->opened && !r->closed && !r->freed);
	CHECK(code >= 1000 && code <= 4999);
	CHECK(reason.n <= 123);
	r->closed = 1;
	/* Reentrancy: sends on a closed connection are refused. */
	CHECK(ws_conn_send(conn, WS_OP_TEXT, (const uint8_t *) "x", 1) == WS_ERR_CLOSED);
	ws_conn_close(conn, 1000, NULL, 0);
}

static void cb_drain(ws_server *srv, ws_conn *conn, void *ud)
{
	rec *r = rec_of(conn);
	(void) srv; (void) ud;
	CHECK(r->opened && !r->closed && !r->freed);
}

static void cb_error(ws_server *srv, ws_conn *conn, int err, size_t len, void *ud)
{
	rec *r = rec_of(conn);
	(void) srv; (void) ud; (void) len;
	CHECK(err == WS_ERR_FULL || err == WS_ERR_BUDGET || err == WS_ERR_RATE);
	CHECK(r->opened && !r->closed && !r->freed);
}

static void cb_request(ws_server *srv, ws_conn *conn, const ws_handshake_req *req, ws_slice body, ws_http_reply *reply,
                       void *ud)
{
	(void) srv; (void) conn; (void) req; (void) ud;
	CHECK(ws_conn_get_state(conn) == WS_CONN_HANDSHAKE);
	CHECK(body.n <= 4096);
	reply->status = body.n ? 200 : 204;
	reply->body = body.p; /* valid until the reply is written, which copies what it cannot send */
	reply->body_len = body.n;
	reply->headers = "X-Echo: 1\r\n";
	reply->headers_len = 11;
}

static void cb_free(ws_server *srv, ws_conn *conn, void *ud)
{
	rec *r = rec_of(conn);
	(void) srv; (void) ud;
	CHECK(!r->freed);
	CHECK(r->opened ? r->closed : !r->closed);
	r->freed = 1;
	r->conn = NULL;
}

/* --- clients --- */

static void client_reset(client *c)
{
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void client_drop(client *c, int rst)
{
	if (c->fd >= 0) {
		if (rst) {
			struct linger lg = {1, 0};
			setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		}
		close(c->fd);
	}
	client_reset(c);
}

static void client_open(client *c)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int rcv = 4096, one = 1;

	client_drop(c, 1);
	if (G.gen >= MAX_RECS) {
		return; /* connection ids stay within the record table */
	}
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		return;
	}
	setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t) ws_server_port(G.srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 && errno != EINPROGRESS) {
		close(c->fd);
		c->fd = -1;
		return;
	}
	if (getsockname(c->fd, (struct sockaddr *) &sa, &sl) == 0) {
		c->port = ntohs(sa.sin_port);
	}
	c->gen = ++G.gen;
	c->reading = 1;
	c->aligned = 1;
}

static void out_append(client *c, const void *p, size_t n)
{
	if (c->fd < 0 || n == 0 || c->out_len + n > OUTBOX_MAX) {
		return;
	}
	if (c->out_len + n > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 1024;
		while (cap < c->out_len + n) {
			cap *= 2;
		}
		if (!(c->out = realloc(c->out, cap))) {
			abort();
		}
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, p, n);
	c->out_len += n;
}

static void client_write(client *c, size_t max)
{
	size_t n = c->out_len - c->out_off;
	ssize_t w;

	if (c->fd < 0 || n == 0) {
		return;
	}
	if (max && n > max) {
		n = max;
	}
	w = send(c->fd, c->out + c->out_off, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (w > 0) {
		c->out_off += (size_t) w;
	}
}

static void client_read(client *c)
{
	uint8_t buf[16384];

	for (int i = 0; c->fd >= 0 && c->reading && i < 16; i++) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n <= 0) {
			break;
		}
	}
}

static void frame(client *c, uint8_t opcode, int fin, int mask, uint8_t rsv, const uint8_t *payload,
                  size_t len, uint64_t declared)
{
	uint8_t hdr[WS_FRAME_MAX_HEADER];
	static const uint8_t key[4] = {0x37, 0xfa, 0x21, 0x3d};
	uint8_t tmp[512];
	size_t h = 0;

	hdr[h++] = (uint8_t) ((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 15));
	if (declared <= 125) {
		hdr[h++] = (uint8_t) ((mask ? 0x80 : 0) | declared);
	} else if (declared <= 0xFFFF) {
		hdr[h++] = (uint8_t) ((mask ? 0x80 : 0) | 126);
		hdr[h++] = (uint8_t) (declared >> 8);
		hdr[h++] = (uint8_t) declared;
	} else {
		hdr[h++] = (uint8_t) ((mask ? 0x80 : 0) | 127);
		for (int i = 7; i >= 0; i--) {
			hdr[h++] = (uint8_t) (declared >> (8 * i));
		}
	}
	if (mask) {
		memcpy(hdr + h, key, 4);
		h += 4;
	}
	out_append(c, hdr, h);
	while (len) {
		size_t n = len < sizeof(tmp) ? len : sizeof(tmp);
		for (size_t i = 0; i < n; i++) {
			tmp[i] = payload ? payload[i] : (uint8_t) ('a' + i % 26);
			if (mask) {
				tmp[i] ^= key[i & 3]; /* chunks are multiples of 4 */
			}
		}
		out_append(c, tmp, n);
		if (payload) {
			payload += n;
		}
		len -= n;
	}
}

/* --- the script --- */

typedef struct reader {
	const uint8_t *p;
	size_t n;
} reader;

static uint8_t rd(reader *r)
{
	if (!r->n) {
		return 0;
	}
	r->n--;
	return *r->p++;
}

static void pass(void)
{
	if (G.passes >= MAX_PASSES) {
		return;
	}
	G.passes++;
	CHECK(ws_loop_run_once(ws_server_loop(G.srv), 0) == 0);
	for (int i = 0; i < NCLIENTS; i++) {
		client_read(&G.cl[i]);
	}
	check_buffered();
}

/* A long subprotocol name the server also speaks (the 101 outgrows a small buffer). */
static char long_proto[601];

static void handshake(client *c, uint8_t v)
{
	char req[1800];
	int n;
	const char *key = (v & 7) == 1 ? "not-a-key" : "dGhlIHNhbXBsZSBub25jZQ==";
	const char *path = (v & 7) == 2 ? "/other" : "/ws";
	const char *origin = (v & 24) == 24 ? "Origin: https://a.B.wild.example\r\n"
	                     : (v & 8)       ? "Origin: https://good.example\r\n"
	                     : (v & 16)      ? "Origin: https://evil.example\r\n" : "";

	if ((v & 7) == 4 || (v & 7) == 5) {
		/* A long head (its length from the variant's high bits), or one a
		 * little over max_header_size, so that frames queued after it arrive
		 * in the same reads, wherever the reads happen to end. */
		char pad[520]; /* 512-byte lines: a 64 KiB head stays under the 128 header fields */
		memset(pad, 'p', sizeof(pad));
		memcpy(pad, "X-Pad: ", 7);
		memcpy(pad + sizeof(pad) - 3, "\r\n", 3);
		size_t target = (v & 7) == 4 ? (size_t) (v >> 3) * 2048 + 1024 : G.max_header + 200;
		n = snprintf(req, sizeof(req),
		             "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		             "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n", key);
		out_append(c, req, (size_t) n);
		for (size_t len = (size_t) n, k = 0; len + sizeof(pad) + 2 < target && k < 200; len += sizeof(pad) - 1, k++) {
			out_append(c, pad, sizeof(pad) - 1);
		}
		out_append(c, "\r\n", 2);
		if ((v & 7) == 5) {
			c->aligned = 0; /* may be over the limit: 431 */
		}
		return;
	}
	if ((v & 7) == 6) {
		n = snprintf(req, sizeof(req),
		             "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		             "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: x, %s\r\n\r\n",
		             key, long_proto);
		out_append(c, req, (size_t) n);
		return;
	}
	if ((v & 7) == 7) {
		/* A plain request with a body (for on_request): chunked, or a Content-Length (maybe a lie). */
		static const char *const bodies[] = {
			"POST /api HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
			"POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
			"PUT /api HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
			"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
		};
		const char *b = bodies[(v >> 3) & 3];
		out_append(c, b, strlen(b));
		c->aligned = 0;
		return;
	}
	if ((v & 7) == 3) {
		/* Over max_header_size: 431. */
		static char pad[1100];
		memset(pad, 'x', sizeof(pad) - 1);
		n = snprintf(req, sizeof(req), "GET /ws HTTP/1.1\r\nX-Pad: %s\r\n", pad);
		out_append(c, req, (size_t) n);
		c->aligned = 0;
		return;
	}
	n = snprintf(req, sizeof(req),
	             "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	             "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s\r\n",
	             path, key, origin);
	out_append(c, req, (size_t) n);
}

static void run_action(reader *r)
{
	uint8_t op = rd(r), a, b;
	client *c = &G.cl[op & (NCLIENTS - 1)];

	switch ((op >> 2) % 17) {
	case 0: /* open a TCP connection */
		client_open(c);
		break;
	case 1: /* queue a handshake request (variant) */
		handshake(c, rd(r));
		break;
	case 2: { /* queue a data frame: flags, length, payload from the input */
		uint8_t fl = rd(r), len = rd(r);
		uint8_t opcode = (uint8_t[]){WS_OP_TEXT, WS_OP_BINARY, WS_OP_CONT, WS_OP_CONT}[fl & 3];
		int fin = !(fl & 4), mask = !(fl & 8);
		uint8_t rsv = (fl & 0x30) == 0x30 ? 4 : 0;
		size_t n = len;
		uint8_t payload[256];

		if (fl & 0x40) {
			n = (size_t) len * 37; /* up to ~9 KB: over max_message_size */
		}
		for (size_t i = 0; i < n && i < sizeof(payload); i++) {
			payload[i] = rd(r);
		}
		frame(c, opcode, fin, mask, rsv, n <= sizeof(payload) ? payload : NULL, n, n);
		if (fin && !WS_IS_CONTROL(opcode)) {
			c->fin_frames++;
		}
		break;
	}
	case 3: { /* ping */
		uint8_t len = rd(r);
		frame(c, WS_OP_PING, 1, 1, 0, NULL, len % 126, len % 126);
		break;
	}
	case 4: { /* close frame with a code from a table, or none */
		static const uint16_t codes[] = {1000, 1001, 1002, 1005, 999, 1004, 1015, 3000, 4999, 5000, 1011, 0};
		a = rd(r);
		uint16_t code = codes[a % 12];
		uint8_t pl[2 + 8] = {(uint8_t) (code >> 8), (uint8_t) code, 'b', 'y', 'e', 0xff, 0xfe, 'x', 'y', 'z'};
		size_t n = code ? 2 + ((a >> 4) % 9) : 0;
		frame(c, WS_OP_CLOSE, 1, 1, 0, pl, n, n);
		if (!c->close_queued) {
			c->close_queued = 1;
			c->msgs_before_close = c->fin_frames;
		}
		break;
	}
	case 5: { /* raw bytes from the input: the stream is no longer aligned */
		uint8_t raw[64];
		a = rd(r) % sizeof(raw);
		for (size_t i = 0; i < a; i++) {
			raw[i] = rd(r);
		}
		out_append(c, raw, a);
		c->aligned = 0;
		break;
	}
	case 6: /* write some of what is queued (0: all) */
		a = rd(r);
		client_write(c, a == 0 ? 0 : (size_t) a % 64 + 1);
		break;
	case 7: /* passes */
		a = rd(r) % 8 + 1;
		for (int i = 0; i < a; i++) {
			pass();
		}
		break;
	case 8: { /* advance the clock */
		static const uint32_t ms[] = {1, 10, 100, 250, 500, 1000, 2500, 10000};
		harness_now_us += (uint64_t) ms[rd(r) % 8] * 1000u;
		break;
	}
	case 9: /* stop / resume reading */
		c->reading = !c->reading;
		break;
	case 10: /* disconnect: FIN or RST */
		client_drop(c, rd(r) & 1);
		break;
	case 11: { /* ping burst */
		a = rd(r);
		for (int i = 0; i < (a % 64) * 16; i++) {
			frame(c, WS_OP_PING, 1, 1, 0, NULL, 125, 125);
		}
		break;
	}
	case 12: /* half-close */
		if (c->fd >= 0) {
			client_write(c, 0);
			shutdown(c->fd, SHUT_WR);
		}
		break;
	case 13: { /* a frame with a hostile declared length */
		static const uint64_t lens[] = {UINT64_MAX >> 1, 1ull << 63, 0xFFFFFFFFull, CFG_MAX_MESSAGE + 1, 126, 200};
		a = rd(r);
		b = (uint8_t[]){WS_OP_BINARY, WS_OP_PING, WS_OP_CONT, WS_OP_TEXT}[(a >> 4) & 3];
		frame(c, b, 1, 1, 0, NULL, 0, lens[a % 6]);
		c->aligned = 0;
		break;
	}
	case 14: /* the largest read() the server gets from now on (0: whole buffer) */
		a = rd(r);
		harness_read_cap = a == 0 ? 0 : (size_t) a * 17;
		break;
	case 15: /* the next sendmsg() fails (connection reset) */
		harness_sendmsg_fail = 1 + (rd(r) & 1);
		break;
	case 16: /* the next epoll_ctl() MODs or DELs fail */
		a = rd(r);
		if (a & 1) {
			harness_epoll_fail_del = 1 + (a >> 1) % 2;
		} else {
			harness_epoll_fail_mod = 1 + (a >> 1) % 3;
		}
		break;
	}
	pass();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const origins[] = {"https://good.example", "https://*.wild.example"};
	static const size_t max_headers[] = {1024, 8192, 20000, 65536};
	const char *protos[] = {"chat", long_proto};
	ws_server_config cfg;
	ws_server_callbacks cbs;
	char errbuf[WS_ERRBUF_LEN];
	reader r = {data, size};
	int small = 4096;
	uint64_t ids;

	memset(&G, 0, sizeof(G));
	for (int i = 0; i < NCLIENTS; i++) {
		G.cl[i].fd = -1;
	}
	memset(G.big, 'z', sizeof(G.big));
	G.opts = rd(&r);
	G.opts2 = rd(&r);
	harness_now_us = 1000000000ull;
	harness_read_cap = (size_t) rd(&r) * 17;
	harness_sendmsg_fail = harness_epoll_fail_mod = harness_epoll_fail_del = 0;
	memset(long_proto, 'p', sizeof(long_proto) - 1);
	G.max_header = max_headers[G.opts2 & 3];

	ws_server_config_defaults(&cfg);
	cfg.max_message_size = CFG_MAX_MESSAGE;
	cfg.max_header_size = G.max_header;
	cfg.subprotocols = protos;
	cfg.nsubprotocols = 2;
	cfg.max_connections = 3;
	cfg.handshake_timeout = 1000;
	cfg.ping_interval = (G.opts & 4) ? 0 : 500;
	cfg.idle_timeout = 2000;
	cfg.close_timeout = (G.opts2 & 4) ? 0 : 300;
	cfg.memory_budget = (G.opts2 & 8) ? 48 * 1024 : 0;
	cfg.max_messages_per_second = (G.opts2 & 16) ? 5 : 0;
	cfg.rate_policy = (G.opts2 & 32) ? WS_POLICY_DROP : WS_POLICY_CLOSE;
	cfg.max_connections_per_ip = (G.opts2 & 64) ? 2 : 0;
	cfg.handshake_rate_per_ip = (G.opts2 & 128) ? 3 : 0;
	cfg.high_watermark = CFG_HWM;
	cfg.max_buffered = CFG_MAX_BUFFERED;
	cfg.buffer_policy = (G.opts & 8) ? WS_POLICY_DROP : WS_POLICY_CLOSE;
	cfg.path = (G.opts & 16) ? "/ws" : NULL;
	if (G.opts & 32) {
		cfg.origins = origins;
		cfg.norigins = 2;
	}
	cfg.backlog = 16;
	memset(&cbs, 0, sizeof(cbs));
	cbs.on_open = cb_open;
	cbs.on_message = cb_message;
	cbs.on_close = cb_close;
	cbs.on_drain = cb_drain;
	cbs.on_error = cb_error;
	cbs.on_free = cb_free;
	if (G.opts & 64) {
		cbs.on_request = cb_request;
	}
	cfg.max_body_size = 4096;

	G.srv = ws_server_new("127.0.0.1", 0, &cfg, &cbs, NULL, errbuf);
	if (!G.srv) {
		fprintf(stderr, "ws_server_new: %s\n", errbuf);
		abort();
	}
	/* Accepted sockets inherit a small send buffer, so the write queue fills fast. */
	setsockopt(G.srv->lfd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	ws_loop_fd_set(G.srv->ep.loop, G.srv->lfd, WS_READ, on_accept, G.srv);

	for (int i = 0; i < MAX_ACTIONS && r.n; i++) {
		run_action(&r);
	}

	/* Let timeouts and closes play out, then free. */
	for (int i = 0; i < NCLIENTS; i++) {
		client_write(&G.cl[i], 0);
	}
	for (int i = 0; i < 6; i++) {
		harness_now_us += 1000000u;
		G.passes = 0;
		pass();
	}
	for (int i = 0; i < NCLIENTS; i++) {
		client_drop(&G.cl[i], 1);
	}
	/* The knobs off, so the server sees the hang-ups (a capped read could
	 * still be draining what a client sent before it went). */
	harness_sendmsg_fail = harness_epoll_fail_mod = harness_epoll_fail_del = 0;
	harness_read_cap = 0;
	for (int i = 0; i < 3; i++) {
		harness_now_us += 10000000u;
		G.passes = 0;
		pass();
	}
	/* Every connection timed out or closed: all they held is given back. */
	for (ws_conn *c = G.srv->ep.conns; c && getenv("FUZZ_CONN_DEBUG"); c = c->next) {
		fprintf(stderr, "left: id %llu state %d finish %d wq %zu timer %d close_sent %d opts %x/%x deadline %llu now %llu fd %d mask %d\n",
		        (unsigned long long) c->id, c->state, c->finish, c->wq.bytes, ws_timer_active(&c->timer),
		        c->close_sent, G.opts, G.opts2, (unsigned long long) c->timer.deadline, (unsigned long long) (harness_now_us / 1000), c->fd, c->fd >= 0 && (size_t) c->fd < G.srv->ep.loop->nfds ? G.srv->ep.loop->fds[c->fd].mask : -1);
	}
	CHECK(G.srv->ep.conns == NULL);
	CHECK(G.srv->ep.closed == NULL);
	CHECK(G.srv->ep.budget.node.used == 0);
	ids = G.srv->ep.next_id;
	ws_server_free(G.srv);
	CHECK(ids <= MAX_RECS);
	for (uint64_t id = 1; id <= MAX_RECS; id++) {
		rec *x = &G.recs[id];
		if (x->opened) {
			CHECK(x->closed);
		}
		CHECK(x->conn == NULL); /* freed, or never existed */
		CHECK(id > ids || x->freed); /* on_free for every accepted connection */
	}
	return 0;
}
