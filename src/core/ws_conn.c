/* ws_conn.c: one connection: reads, the handshake phase, protocol events,
 * the write queue with backpressure, timers and the closing handshake. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/ws_conn_int.h"
#include "core/ws_handshake.h"

#define WS_HS_INITIAL 1024
/* A head this short is parsed on every read, so a bad request gets its 400 at
 * once; past it, only once its end is there (the rest of the time the new
 * bytes are searched for CRLFCRLF), which keeps a head dripped one byte at a
 * time linear instead of quadratic. */
#define WS_HS_EAGER_PARSE 2048
/* close_timeout 0 ("don't wait for the peer") still gives up on a close
 * whose bytes the peer does not take for this long. */
#define WS_CLOSE_FLUSH_MS 5000

#define CONN_OF_TIMER(t) ((ws_conn *) ((char *) (t) - offsetof(ws_conn, timer)))

/* What an idle connection costs is mostly this struct, served from PHP's
 * 256-byte bin (bench/NOTES.md, idle memory): a field that pushes it past
 * costs every connection 64 bytes more (the next bin is 320). It is full to
 * the byte: a new field needs room made first. */
_Static_assert(sizeof(struct ws_conn) <= 256, "struct ws_conn outgrew the 256-byte allocator bin");

static void conn_io(ws_loop *l, int fd, int events, void *ud);
static void conn_timer(ws_loop *l, ws_timer *t);
static void reject(ws_conn *c, int status, const char *why);

/* --- the transport: TLS, or plain TCP on c->fd (tr NULL) --- */

static inline ssize_t tr_read(ws_conn *c, uint8_t *buf, size_t len)
{
	return c->tr ? c->tr->ops->read(c->tr, buf, len) : ws_tcp_read(c->fd, buf, len);
}

static inline ssize_t tr_writev(ws_conn *c, const struct iovec *iov, int n)
{
	return c->tr ? c->tr->ops->writev(c->tr, iov, n) : ws_tcp_writev(c->fd, iov, n);
}

static inline int tr_wants(ws_conn *c, int want)
{
	return c->tr ? c->tr->ops->wants(c->tr, want) : want;
}

static inline int tr_has_pending(ws_conn *c)
{
	return c->tr && c->tr->ops->has_pending(c->tr);
}

static inline void tr_shutdown(ws_conn *c)
{
	if (c->tr) {
		c->tr->ops->shutdown(c->tr);
	} else {
		shutdown(c->fd, SHUT_WR);
	}
}

static inline void tr_free(ws_conn *c)
{
	if (c->tr) {
		c->tr->ops->free(c->tr);
		c->tr = NULL;
	}
}

/* --- accessors --- */

ws_conn_state ws_conn_get_state(const ws_conn *c) { return (ws_conn_state) c->state; }
uint64_t ws_conn_id(const ws_conn *c) { return c->id; }
uint64_t ws_conn_id_of(const void *c) { return ((const ws_conn *) c)->id; }
size_t ws_conn_buffered(const ws_conn *c) { return c->wq.bytes; }
const char *ws_conn_remote_ip(const ws_conn *c)
{
	static _Thread_local char text[WS_ADDR_TEXT];

	return ws_addr_format(&c->addr, text);
}
int ws_conn_remote_port(const ws_conn *c) { return c->remote_port; }
ws_slice ws_conn_request(const ws_conn *c) { return WS_SLICE(c->req, c->req_len); }
int ws_conn_subprotocol(const ws_conn *c) { return c->subprotocol; }
const char *ws_conn_subprotocol_name(const ws_conn *c)
{
	if (c->extra && c->extra->proto_name) {
		return c->extra->proto_name;
	}
	return c->subprotocol >= 0 ? c->ep->cfg->subprotocols[c->subprotocol] : NULL;
}

void *ws_conn_adopt_message(ws_conn *c)
{
	return c->proto ? ws_proto_adopt(c->proto) : NULL;
}

void ws_conn_release_request(ws_conn *c)
{
	ws_budget_release(&c->mem, c->req_cap);
	ws_free(c->req);
	c->req = NULL;
	c->req_len = c->req_cap = 0;
}

uint8_t *ws_conn_take_request(ws_conn *c, size_t *len)
{
	uint8_t *head = c->req;

	*len = c->req_len;
	ws_budget_release(&c->mem, c->req_cap);
	c->req = NULL;
	c->req_len = c->req_cap = 0;
	return head;
}
int64_t ws_conn_rtt_us(const ws_conn *c) { return c->opened ? c->u.op.rtt_us : -1; /* u.op exists from the 101 on */ }
void *ws_conn_get_user(const ws_conn *c) { return c->user; }
struct ws_transport *ws_conn_transport(ws_conn *c) { return c->tr; }
void ws_conn_set_user(ws_conn *c, void *user) { c->user = user; }

/* --- lifetime --- */

ws_conn *ws_conn_new(ws_endpoint *ep, int fd, const char *ip, int port, ws_transport *tr)
{
	ws_conn *c = ws_malloc(sizeof(*c));

	if (!c) {
		if (tr) {
			tr->ops->free(tr);
		}
		return NULL;
	}
	memset(c, 0, sizeof(*c));
	c->ep = ep;
	c->fd = fd;
	c->tr = tr;
	c->state = WS_CONN_HANDSHAKE;
	c->subprotocol = -1;
	c->remote_port = (uint16_t) port;
	ws_addr_parse(&c->addr, ip);
	c->mem.parent = &ep->budget.node;
	ws_wq_init(&c->wq);
	if (ws_loop_fd_set(ep->loop, fd, tr_wants(c, WS_READ), conn_io, c) < 0) {
		tr_free(c);
		ws_free(c);
		return NULL;
	}
	ws_budget_charge(&c->mem, sizeof(*c));
	c->id = ++ep->next_id;
	c->next = ep->conns;
	if (ep->conns) {
		ep->conns->prev = c;
	}
	ep->conns = c;
	ep->nconns++;
	if (ep->cfg->handshake_timeout) {
		ws_loop_timer_start(ep->loop, &c->timer, ep->cfg->handshake_timeout, conn_timer);
	}
	return c;
}

ws_conn_extra *ws_conn_extra_get(ws_conn *c)
{
	if (!c->extra && (c->extra = ws_malloc(sizeof(*c->extra)))) {
		memset(c->extra, 0, sizeof(*c->extra));
		ws_budget_charge(&c->mem, sizeof(*c->extra)); /* given back with the rest at finalize */
	}
	return c->extra;
}

/* Remember what on_close will report: the first close wins. */
static void set_close_status(ws_conn *c, uint16_t code, const uint8_t *reason, size_t len)
{
	ws_conn_extra *x;

	if (c->close_code) {
		return;
	}
	c->close_code = code;
	if (len > 123) {
		len = 123;
	}
	if (len && (x = ws_conn_extra_get(c)) && (x->close_reason = ws_malloc(len))) {
		memcpy(x->close_reason, reason, len);
		x->close_reason_len = (uint8_t) len;
	}
}

void ws_conn_destroy(ws_conn *c, uint16_t code, const char *reason)
{
	ws_endpoint *ep = c->ep;

	if (c->state == WS_CONN_CLOSED) {
		return;
	}
	set_close_status(c, code, (const uint8_t *) reason, reason ? strlen(reason) : 0);
	ws_loop_timer_stop(ep->loop, &c->timer);
	if (ep->conn_gone) {
		ep->conn_gone(ep, c);
	}
	/* Deleted from the epoll set explicitly, not left to close(): a process
	 * forked from a callback may still hold the socket open, and its epoll
	 * registration would then outlive the descriptor here. */
	ws_loop_fd_set(ep->loop, c->fd, 0, NULL, NULL);
	tr_free(c); /* plain TCP on fd -1 from here: nobody writes to a closed connection */
	close(c->fd);
	c->fd = -1;
	c->state = WS_CONN_CLOSED;
	ws_wq_clear(&c->wq, &c->mem);
	if (c->proto) {
		ws_proto_free(c->proto); /* its buffers; the struct may be in use by a dispatch, it goes at finalize */
	}
	ws_conn_deflate_free(c);
	if (c->prev) {
		c->prev->next = c->next;
	} else {
		ep->conns = c->next;
	}
	if (c->next) {
		c->next->prev = c->prev;
	}
	ep->nconns--;
	c->next_closed = ep->closed; /* over prev, unlinked above */
	ep->closed = c;
}

void ws_conn_finalize(ws_conn *c)
{
	ws_endpoint *ep = c->ep;
	ws_conn_extra *x = c->extra;

	if (c->opened) {
		ep->stats->closes[ws_stats_close_index(c->close_code)]++;
		ws_idmap_del(&ep->open, c->id); /* not found while on_close runs */
	}
	if (c->opened && ep->cbs->on_close) {
		ws_slice reason = x ? WS_SLICE(x->close_reason, x->close_reason_len) : WS_SLICE(NULL, 0);
		ep->cbs->on_close(ep->owner, c, c->close_code, reason, ep->ud);
	}
	if (ep->cbs->on_free) {
		ep->cbs->on_free(ep->owner, c, ep->ud);
	}
	/* Whatever it still holds: its struct, its receive state, the request head
	 * and the extra block (its deflater went at ws_conn_destroy()). */
	ws_budget_release(c->mem.parent, c->mem.used);
	ws_free(c->proto);
	ws_free(c->req);
	if (x) {
		ws_free(x->close_reason);
		ws_free(x->proto_name);
		ws_free(x);
	}
	ws_free(c);
}

/* --- writing --- */

/* The transport holds output of its own (a TLS record the socket did not
 * take) or needs the socket writable: never for plain TCP. */
static inline int tr_busy(ws_conn *c)
{
	return tr_wants(c, 0) & WS_WRITE;
}

/* Watch for what the connection needs next. If the kernel refuses (epoll_ctl
 * failing on a MOD), the connection could never be served again: close it.
 * Returns 0, or -1 once it is destroyed. */
static int update_mask(ws_conn *c)
{
	if (c->state == WS_CONN_CLOSED) {
		return -1;
	}
	if (ws_loop_fd_set(c->ep->loop, c->fd, tr_wants(c, WS_READ | (c->wq.bytes ? WS_WRITE : 0)), conn_io,
	                   c) < 0) {
		ws_conn_destroy(c, 1006, "event loop registration failed");
		return -1;
	}
	return 0;
}

static void maybe_finish(ws_conn *c);

/* While corked, a connection's queue is written as soon as it holds this
 * much, and a frame this big on an empty queue is written at once: a dispatch
 * of one read (at most WS_READ_BUFFER bytes in) goes out in as few writevs as
 * that allows, large frames included (they are queued by reference, not
 * copied), without piling up behind the cork. */
#define WS_CORK_MAX (256u * 1024u)
/* A queued remainder this big is referenced (ws_ref) instead of copied. */
#define WS_REF_MIN 4096

/* One writev of the queue. Returns the bytes written (0 when the socket is
 * full), or -1 after destroying the connection on a write error. */
static ssize_t send_queue(ws_conn *c)
{
	struct iovec iov[WS_WQ_IOV];
	ssize_t w = tr_writev(c, iov, ws_wq_iov(&c->wq, iov, WS_WQ_IOV));

	if (w < 0) {
		if (w != WS_ERR_AGAIN) {
			ws_conn_destroy(c, 1006, "write failed");
			return -1;
		}
		return 0;
	}
	c->ep->stats->bytes_out += (uint64_t) w;
	ws_wq_consume(&c->wq, &c->mem, (size_t) w);
	return w;
}

/* Write iov now if nothing is queued, queue what the socket did not take:
 * by reference for a shared frame, or for the last entry when ref is given.
 * Returns 0, or WS_ERR_IO/WS_ERR_NOMEM after destroying the connection. */
static int conn_writev(ws_conn *c, struct iovec *iov, int n, ws_shared *shared, const ws_ref *ref)
{
	size_t total = 0, done = 0;
	ssize_t w = 0;

	for (int i = 0; i < n; i++) {
		total += iov[i].iov_len;
	}
	if (c->wq.bytes == 0 && (!c->ep->corked || total >= WS_CORK_MAX)) {
		w = tr_writev(c, iov, n);
		if (w < 0) {
			if (w != WS_ERR_AGAIN) {
				ws_conn_destroy(c, 1006, "write failed");
				return WS_ERR_IO;
			}
			w = 0;
		}
		c->ep->stats->bytes_out += (uint64_t) w;
		if ((size_t) w == total && !tr_busy(c)) {
			return 0;
		}
	}
	done = (size_t) w;
	if (done == total) {
		/* All taken, but the transport holds some of it: watch for writable. */
	} else if (shared) {
		if (ws_wq_append_shared(&c->wq, &c->mem, shared, done) < 0) {
			goto nomem;
		}
	} else {
		for (int i = 0; i < n; i++) {
			size_t len = iov[i].iov_len;
			if (done >= len) {
				done -= len;
				continue;
			}
			if (ref && i == n - 1 && len - done >= WS_REF_MIN) {
				ref->retain(ref->ud);
				if (ws_wq_append_ref(&c->wq, &c->mem, (uint8_t *) iov[i].iov_base + done, len - done, ref->release,
				                     ref->ud) < 0) {
					goto nomem;
				}
			} else if (ws_wq_append(&c->wq, &c->mem, (uint8_t *) iov[i].iov_base + done, len - done) < 0) {
				goto nomem;
			}
			done = 0;
		}
	}
	if (!c->ep->corked) {
		return update_mask(c) < 0 ? WS_ERR_IO : 0;
	}
	if (!c->pending) {
		c->pending = 1;
		c->next_pending = c->ep->pending;
		c->ep->pending = c;
	}
	if (c->wq.bytes >= WS_CORK_MAX && send_queue(c) < 0) {
		return WS_ERR_IO;
	}
	return 0;

nomem:
	ws_conn_destroy(c, 1006, "out of memory");
	return WS_ERR_NOMEM;
}

static int write_frame_rsv(ws_conn *c, uint8_t opcode, uint8_t rsv, const uint8_t *data, size_t len,
                           const ws_ref *ref)
{
	uint8_t hdr[WS_FRAME_MAX_HEADER];
	struct iovec iov[2];

	iov[0].iov_base = hdr;
	iov[0].iov_len = ws_frame_header_encode(hdr, opcode, 1, rsv, len, NULL);
	iov[1].iov_base = (void *) data;
	iov[1].iov_len = len;
	return conn_writev(c, iov, len ? 2 : 1, NULL, ref);
}

static int write_frame(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len, const ws_ref *ref)
{
	return write_frame_rsv(c, opcode, 0, data, len, ref);
}

static void send_close_frame(ws_conn *c, uint16_t code, const uint8_t *reason, size_t rlen)
{
	uint8_t payload[WS_MAX_CONTROL_PAYLOAD];
	size_t n = 0;

	/* 1005 means "no code": an empty close payload (RFC 6455 §7.4.1). */
	if (code != 1005) {
		if (rlen > WS_MAX_CONTROL_PAYLOAD - 2) {
			rlen = WS_MAX_CONTROL_PAYLOAD - 2;
		}
		payload[0] = (uint8_t) (code >> 8);
		payload[1] = (uint8_t) code;
		if (rlen) {
			memcpy(payload + 2, reason, rlen);
		}
		n = 2 + rlen;
	}
	c->close_sent = 1;
	write_frame(c, WS_OP_CLOSE, payload, n, NULL);
}

/* Bound a close that makes no progress: close_timeout, or with 0 (no waiting
 * for the peer) a fixed bound on writing out what is queued. */
static void arm_close_timer(ws_conn *c)
{
	uint64_t ms = c->ep->cfg->close_timeout ? c->ep->cfg->close_timeout : WS_CLOSE_FLUSH_MS;

	ws_loop_timer_start(c->ep->loop, &c->timer, ms, conn_timer);
}

/* The queue is over its hard limit (err WS_ERR_FULL) or the server's memory
 * budget is spent (WS_ERR_BUDGET): apply the policy. Closing for the budget
 * drops what is queued and not yet started, so the memory comes back now. */
static int buffer_full(ws_conn *c, size_t len, int err)
{
	ws_endpoint *ep = c->ep;

	if (ep->cfg->buffer_policy == WS_POLICY_DROP) {
		ep->stats->dropped_messages++;
		if (ep->cbs->on_error) {
			ep->cbs->on_error(ep->owner, c, err, len, ep->ud);
		}
	} else if (err == WS_ERR_BUDGET) {
		ws_wq_drop_unstarted(&c->wq, &c->mem);
		ws_conn_close(c, 1008, (const uint8_t *) "server memory budget exceeded", 29);
	} else {
		ws_conn_close(c, 1008, (const uint8_t *) "send buffer full", 16);
	}
	return err;
}

static int after_send(ws_conn *c, int rc)
{
	if (rc < 0) {
		return rc;
	}
	if (c->wq.bytes > c->ep->cfg->high_watermark) {
		c->over_hwm = 1;
		return WS_SEND_BACKPRESSURE;
	}
	return 0;
}

int ws_conn_send(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len)
{
	return ws_conn_send_ex(c, opcode, data, len, NULL);
}

/* Whether a message of len bytes may be queued: 0, WS_ERR_CLOSED, or
 * WS_ERR_FULL once the policy was applied. A message on an empty queue is
 * always accepted; control frames are bounded by their callers. */
static int may_send(ws_conn *c, size_t len, int control)
{
	if (c->state != WS_CONN_OPEN) {
		return WS_ERR_CLOSED;
	}
	if (!control && c->wq.bytes) {
		if (c->wq.bytes + len > c->ep->cfg->max_buffered) {
			return buffer_full(c, len, WS_ERR_FULL);
		}
		/* What does not go out at once is queued: it must fit the budget. */
		if (!ws_budget_request(&c->mem, len)) {
			return buffer_full(c, len, WS_ERR_BUDGET);
		}
	}
	return 0;
}

int ws_conn_send_ex(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len, const ws_ref *ref)
{
	return ws_conn_send_flags(c, opcode, data, len, ref, 0);
}

int ws_conn_send_flags(ws_conn *c, uint8_t opcode, const uint8_t *data, size_t len, const ws_ref *ref, int flags)
{
	int rc = may_send(c, len, WS_IS_CONTROL(opcode));
	ssize_t z;

	if (rc < 0) {
		return rc;
	}
	/* permessage-deflate (ws_pmd.c): the compressed bytes are in the
	 * server's scratch buffer, copied if the socket does not take them. */
	z = c->pmd.enabled ? ws_conn_deflate(c, opcode, data, len, flags, 0) : 0; /* no call when not negotiated */
	if (z < 0) {
		ws_conn_destroy(c, 1006, "out of memory");
		return (int) z;
	}
	if (z > 0) {
		rc = after_send(c, write_frame_rsv(c, opcode, WS_RSV1, c->ep->pmd.scratch, (size_t) z, NULL));
		ws_pmd_scratch_trim(&c->ep->pmd);
	} else {
		rc = after_send(c, write_frame(c, opcode, data, len, ref));
	}
	if (rc >= 0 && !WS_IS_CONTROL(opcode)) {
		c->ep->stats->messages_out++;
	}
	return rc;
}

int ws_conn_send_shared(ws_conn *c, ws_shared *frame)
{
	struct iovec iov;
	int rc = may_send(c, frame->len, 0);

	if (rc < 0) {
		return rc;
	}
	iov.iov_base = frame->data;
	iov.iov_len = frame->len;
	rc = after_send(c, conn_writev(c, &iov, 1, frame, NULL));
	if (rc >= 0) {
		c->ep->stats->messages_out++;
	}
	return rc;
}

void ws_conn_close(ws_conn *c, uint16_t code, const uint8_t *reason, size_t len)
{
	if (c->state != WS_CONN_OPEN) {
		return;
	}
	set_close_status(c, code, reason, len);
	c->state = WS_CONN_CLOSING;
	send_close_frame(c, code, reason, len);
	if (c->state == WS_CONN_CLOSING) {
		arm_close_timer(c);
		maybe_finish(c);
	}
}

/* Fail the connection (RFC 6455 §7.1.7): close frame with the error's code,
 * then shut down writing and drain input until EOF or close_timeout, so the
 * close frame is not lost to a reset. */
static void conn_fail(ws_conn *c, int err, const char *why)
{
	uint16_t code = ws_err_close_code(err);

	if (c->state == WS_CONN_OPEN) {
		set_close_status(c, code, (const uint8_t *) why, strlen(why));
		c->state = WS_CONN_CLOSING;
		send_close_frame(c, code, (const uint8_t *) why, strlen(why));
		if (c->state == WS_CONN_CLOSED) {
			return;
		}
		arm_close_timer(c);
	}
	c->finish = WS_FINISH_LINGER;
	maybe_finish(c);
}

/* Once the queue is written: close TCP (closing handshake done, or
 * close_timeout 0: no waiting for the peer), or shut down writing and
 * discard input until EOF or the timer (a failed connection or a refused
 * handshake, so that what we sent is not lost to a reset). */
static void maybe_finish(ws_conn *c)
{
	int wait = c->ep->cfg->close_timeout != 0;

	if (c->state == WS_CONN_CLOSED || c->wq.bytes || tr_busy(c)) {
		return;
	}
	if (!c->finish) {
		if (wait || c->state != WS_CONN_CLOSING || !c->close_sent) {
			return;
		}
		c->finish = WS_FINISH_CLOSE;
	}
	if (c->finish == WS_FINISH_CLOSE || !wait) {
		ws_conn_destroy(c, 1006, NULL);
	} else {
		tr_shutdown(c);
	}
}

static void flush(ws_conn *c)
{
	ssize_t w;

	if (!c->wq.bytes && !tr_busy(c)) {
		return;
	}
	if ((w = send_queue(c)) < 0) {
		return;
	}
	if (c->state == WS_CONN_CLOSING && w > 0) {
		/* close_timeout bounds a close that makes no progress: a client still
		 * reading what was queued before our close frame gets all of it. */
		arm_close_timer(c);
	}
	if (update_mask(c) < 0 || c->wq.bytes || tr_busy(c)) {
		return; /* resume when writable */
	}
	if (c->over_hwm) {
		c->over_hwm = 0;
		if (c->state == WS_CONN_OPEN && c->ep->cbs->on_drain) {
			c->ep->cbs->on_drain(c->ep->owner, c, c->ep->ud);
		}
	}
	maybe_finish(c);
}

/* --- timers --- */

static void send_auto_ping(ws_conn *c, uint64_t now)
{
	uint8_t p[8];
	uint32_t seq = ++c->u.op.ping_seq;

	memset(p, 0, 4);
	p[4] = (uint8_t) (seq >> 24);
	p[5] = (uint8_t) (seq >> 16);
	p[6] = (uint8_t) (seq >> 8);
	p[7] = (uint8_t) seq;
	c->u.op.last_ping = now;
	c->ping_outstanding = 1;
	c->u.op.ping_sent_us = ws_monotonic_us();
	ws_conn_send(c, WS_OP_PING, p, sizeof(p));
}

static void pong_received(ws_conn *c, ws_slice data)
{
	const uint8_t *p = data.p;

	if (!c->ping_outstanding || data.n != 8 || p[0] || p[1] || p[2] || p[3]) {
		return; /* unsolicited, or not ours: RFC 6455 §5.5.3 says ignore */
	}
	if ((((uint32_t) p[4] << 24) | ((uint32_t) p[5] << 16) | ((uint32_t) p[6] << 8) | p[7]) == c->u.op.ping_seq) {
		c->u.op.rtt_us = (int64_t) (ws_monotonic_us() - c->u.op.ping_sent_us);
		c->ping_outstanding = 0;
	}
}

/* Open: idle deadline and automatic pings. Reads only update last_rx; the
 * timer re-arms itself from it, so the hot path touches no heap. */
static void idle_check(ws_conn *c)
{
	const ws_server_config *cfg = c->ep->cfg;
	uint64_t now = ws_loop_now(c->ep->loop), next = UINT64_MAX;

	if (cfg->idle_timeout && now - c->last_rx >= cfg->idle_timeout) {
		ws_conn_destroy(c, 1006, "idle timeout");
		return;
	}
	if (cfg->ping_interval) {
		uint64_t base = c->last_rx > c->u.op.last_ping ? c->last_rx : c->u.op.last_ping;
		if (now - base >= cfg->ping_interval) {
			send_auto_ping(c, now);
			if (c->state != WS_CONN_OPEN) {
				return;
			}
			base = now;
		}
		next = base + cfg->ping_interval;
	}
	if (cfg->idle_timeout && c->last_rx + cfg->idle_timeout < next) {
		next = c->last_rx + cfg->idle_timeout;
	}
	if (next != UINT64_MAX) {
		ws_loop_timer_start(c->ep->loop, &c->timer, next > now ? next - now : 1, conn_timer);
	}
}

static void conn_timer(ws_loop *l, ws_timer *t)
{
	ws_conn *c = CONN_OF_TIMER(t);
	(void) l;

	switch (c->state) {
	case WS_CONN_HANDSHAKE:
		if (c->u.hs.http_head) {
			/* A plain request whose body did not arrive in time: tell it. (A
			 * stalled head is just closed: no bytes or time for a slowloris.) */
			reject(c, 408, "request timeout");
		} else {
			ws_conn_destroy(c, 1006, "handshake timeout");
		}
		break;
	case WS_CONN_OPEN:
		idle_check(c);
		break;
	case WS_CONN_CLOSING:
		ws_conn_destroy(c, 1006, "close timeout");
		break;
	}
}

/* --- reading --- */

static void handle_close_frame(ws_conn *c, const ws_proto_event *ev)
{
	c->close_received = 1;
	if (!c->close_sent) {
		/* Peer started the closing handshake: echo its code and reason (RFC 6455 §5.5.1). */
		set_close_status(c, ev->code, ev->data.p, ev->data.n);
		c->state = WS_CONN_CLOSING;
		send_close_frame(c, ev->code, ev->data.p, ev->data.n);
		if (c->state == WS_CONN_CLOSED) {
			return;
		}
		arm_close_timer(c);
	}
	c->finish = WS_FINISH_CLOSE;
	maybe_finish(c);
}

/* max_messages_per_second: a token bucket as big as one second's worth.
 * Returns 1 to deliver the message; 0 after the policy was applied (the
 * connection failing with 1008, or the message dropped and reported). */
static int rate_take(ws_conn *c, size_t len)
{
	ws_endpoint *ep = c->ep;
	uint64_t rate = ep->cfg->max_messages_per_second, cap = rate * 1000u;
	uint64_t now = ws_loop_now(ep->loop);

	if (c->u.op.rate_at == 0) {
		c->u.op.rate_tokens = cap; /* the first message: a full bucket */
	} else {
		uint64_t add = (now - c->u.op.rate_at) * rate;
		c->u.op.rate_tokens = c->u.op.rate_tokens + add > cap ? cap : c->u.op.rate_tokens + add;
	}
	c->u.op.rate_at = now ? now : 1;
	if (c->u.op.rate_tokens >= 1000u) {
		c->u.op.rate_tokens -= 1000u;
		return 1;
	}
	ep->stats->rate_limited_messages++;
	if (ep->cfg->rate_policy == WS_POLICY_DROP) {
		if (ep->cbs->on_error && c->state == WS_CONN_OPEN) {
			ep->cbs->on_error(ep->owner, c, WS_ERR_RATE, len, ep->ud);
		}
	} else {
		conn_fail(c, WS_ERR_RATE, "message rate exceeded");
	}
	return 0;
}

/*
 * The receive state (frame decoder, message reassembly, a control frame's
 * payload: a ws_proto, about 300 bytes) exists only while there is input to
 * process or a frame or message is partly in: an idle connection holds none.
 * One spare per endpoint is kept, so a read of whole frames, the usual case,
 * allocates nothing: the state is taken, initialised and given back.
 */
static ws_proto *conn_proto(ws_conn *c)
{
	ws_endpoint *ep = c->ep;
	ws_proto *p = c->proto;

	if (p) {
		return p;
	}
	if (ep->spare_proto) {
		p = ep->spare_proto;
		ep->spare_proto = NULL;
	} else if (!(p = ws_malloc(sizeof(*p)))) {
		return NULL;
	}
	ws_proto_init(p, WS_ROLE_SERVER, ep->cfg->max_message_size);
	p->headroom = ep->cfg->message_headroom;
	p->budget = &c->mem;
	if (c->pmd.enabled) { /* else as ws_proto_init() left it: RSV1 refused, so no inflater is ever asked for */
		ws_proto_set_deflate(p, &c->pmd, &ep->pmd);
	}
	ws_budget_charge(&c->mem, sizeof(*p));
	c->proto = p;
	return p;
}

/* After a dispatch: give the receive state back if nothing is in progress. */
static void conn_proto_put(ws_conn *c)
{
	ws_proto *p = c->proto;

	if (!p || c->busy || c->state == WS_CONN_CLOSED || !ws_proto_idle(p)) {
		return; /* a closed connection's goes at finalize */
	}
	ws_proto_free(p); /* a message buffer the binding did not adopt */
	ws_budget_release(&c->mem, sizeof(*p));
	c->proto = NULL;
	if (!c->ep->spare_proto) {
		c->ep->spare_proto = p;
	} else {
		ws_free(p);
	}
}

static void process_frames(ws_conn *c, uint8_t *buf, size_t n)
{
	size_t off = 0;
	ws_proto *p = conn_proto(c);

	if (!p) {
		conn_fail(c, WS_ERR_NOMEM, "out of memory");
		return;
	}

	for (;;) {
		ws_proto_event ev;
		ssize_t r;

		if (c->state == WS_CONN_CLOSED || c->finish || c->close_received) {
			return; /* anything after the close frame is ignored */
		}
		r = ws_proto_feed(p, buf + off, n - off, &ev);
		if (r < 0) {
			conn_fail(c, (int) r, p->error ? p->error : ws_strerror((int) r));
			return;
		}
		off += (size_t) r;
		switch (ev.kind) {
		case WS_PEV_NONE:
			return;
		case WS_PEV_MESSAGE:
			c->ep->stats->messages_in++;
			if (ev.compressed) {
				c->ep->stats->messages_inflated++;
				c->ep->stats->inflate_in += ev.wire;
				c->ep->stats->inflate_out += ev.data.n;
			}
			if (c->ep->cfg->max_messages_per_second && !rate_take(c, ev.data.n)) {
				break;
			}
			if (c->state == WS_CONN_OPEN && c->ep->cbs->on_message) {
				ws_message m;
				m.opcode = ev.opcode;
				m.data = ev.data;
				c->ep->cbs->on_message(c->ep->owner, c, &m, c->ep->ud);
			}
			break;
		case WS_PEV_PING:
			/* Control frames pass the max_buffered check, so a peer that pings
			 * without reading would grow the queue without limit. Over the
			 * limit, skip the pong: RFC 6455 §5.5.3 lets an endpoint answer
			 * only some of several pings, and a peer not reading sees none. */
			if (c->state == WS_CONN_OPEN && c->wq.bytes <= c->ep->cfg->max_buffered &&
			    (!c->wq.bytes || ws_budget_fits(&c->mem, WS_MAX_CONTROL_PAYLOAD + WS_FRAME_MAX_HEADER))) {
				ws_conn_send(c, WS_OP_PONG, ev.data.p, ev.data.n);
			}
			break;
		case WS_PEV_PONG:
			pong_received(c, ev.data);
			break;
		case WS_PEV_CLOSE:
			handle_close_frame(c, &ev);
			break;
		}
	}
}

/* Dispatch one read with the server corked (see ws_server.corked), then
 * write out every connection it queued data for. */
static void process_input(ws_conn *c, uint8_t *buf, size_t n)
{
	ws_endpoint *ep = c->ep;

	ws_endpoint_cork(ep);
	c->busy++;
	process_frames(c, buf, n);
	c->busy--;
	conn_proto_put(c);
	ws_endpoint_uncork(ep);
}

void ws_endpoint_cork(ws_endpoint *ep)
{
	ep->corked++;
}

void ws_endpoint_uncork(ws_endpoint *ep)
{
	if (--ep->corked) {
		return; /* nested: the outer dispatch flushes */
	}
	while (ep->pending) {
		ws_conn *p = ep->pending;
		ep->pending = p->next_pending;
		p->pending = 0;
		/* Closed ones stay allocated until the pass ends; skip them. */
		if (p->state != WS_CONN_CLOSED) {
			flush(p);
		}
	}
}

static uint8_t *read_buffer(ws_endpoint *ep)
{
	if (!ep->rbuf) {
		ep->rbuf = ws_malloc(WS_READ_BUFFER);
	}
	return ep->rbuf;
}

void ws_conn_reject(ws_conn *c, int status, const char *why)
{
	reject(c, status, why);
}

static void reject(ws_conn *c, int status, const char *why)
{
	char resp[WS_HS_ERROR_MAX];
	int n = ws_handshake_response_error(resp, sizeof(resp), status, why);
	struct iovec iov;

	if (status >= 400) {
		c->ep->stats->refused[ws_stats_status_index(status)]++;
	}
	c->state = WS_CONN_CLOSING;
	c->finish = WS_FINISH_LINGER;
	arm_close_timer(c);
	if (n > 0) {
		iov.iov_base = resp;
		iov.iov_len = (size_t) n;
		if (conn_writev(c, &iov, 1, NULL, NULL) < 0) {
			return;
		}
	}
	maybe_finish(c);
}

#define WS_MAX_HOPS 32

/* One hop of X-Forwarded-For ("203.0.113.7") or of Forwarded's for=
 * ("203.0.113.7:4711", "\"[2001:db8::1]:4711\""): the address alone into
 * out, if it is an IP literal. */
static int hop_address(const uint8_t *p, size_t n, char out[46])
{
	uint8_t bin[16];
	char tmp[64];

	while (n && (*p == ' ' || *p == '\t')) {
		p++, n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) {
		n--;
	}
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
		p++, n -= 2;
	}
	if (n && p[0] == '[') { /* [v6]:port */
		const uint8_t *close = memchr(p, ']', n);
		if (!close) {
			return 0;
		}
		n = (size_t) (close - p) - 1;
		p++;
	} else if (memchr(p, '.', n)) { /* v4:port */
		const uint8_t *colon = memchr(p, ':', n);
		if (colon) {
			n = (size_t) (colon - p);
		}
	}
	if (n == 0 || n >= 46) {
		return 0;
	}
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, bin) != 1 && inet_pton(AF_INET6, tmp, bin) != 1) {
		return 0;
	}
	memcpy(out, tmp, n + 1);
	return 1;
}

/* Behind trusted proxies (trusted_proxies), the client is the last address,
 * reading X-Forwarded-For from the right, that is not itself a trusted proxy
 * (RFC 7239 §5.2 reasoning: only the hops we trust can vouch for the one
 * before). Forwarded's for= is read the same way when there is no
 * X-Forwarded-For. Anything unparsable stops the walk. */
static void forwarded_client(ws_conn *c, const ws_handshake_req *req)
{
	const ws_server_config *cfg = c->ep->cfg;
	ws_slice hops[WS_MAX_HOPS];
	size_t nhops = 0;
	int forwarded = 0;
	char best[46] = "", addr[46];

	if (!cfg->ntrusted_proxies || !ws_cidr_match_addr(cfg->trusted_proxies, cfg->ntrusted_proxies, &c->addr)) {
		return;
	}
	for (int pass = 0; pass < 2 && !nhops; pass++) {
		const char *name = pass ? "Forwarded" : "X-Forwarded-For";
		forwarded = pass;
		for (size_t k = 0; k < req->nheaders; k++) {
			ws_slice v = req->headers[k].value;
			size_t i = 0;
			if (req->headers[k].name.n != strlen(name) || strncasecmp((const char *) req->headers[k].name.p, name, strlen(name))) {
				continue;
			}
			while (i <= v.n && nhops < WS_MAX_HOPS) { /* comma-separated elements; a repeated header continues the list */
				size_t j = i;
				while (j < v.n && v.p[j] != ',') {
					j++;
				}
				hops[nhops++] = WS_SLICE(v.p + i, j - i);
				i = j + 1;
			}
		}
	}
	while (nhops--) {
		ws_slice h = hops[nhops];
		if (forwarded) { /* for=... among ;-separated pairs */
			const uint8_t *p = h.p, *end = h.p + h.n, *f = NULL;
			while (p < end) {
				const uint8_t *semi = memchr(p, ';', (size_t) (end - p));
				const uint8_t *e = semi ? semi : end;
				while (p < e && (*p == ' ' || *p == '\t')) {
					p++;
				}
				if (e - p > 4 && strncasecmp((const char *) p, "for=", 4) == 0) {
					f = p + 4;
					h = WS_SLICE(f, (size_t) (e - f));
				}
				p = e + 1;
			}
			if (!f) {
				break;
			}
		}
		if (!hop_address(h.p, h.n, addr)) {
			break;
		}
		memcpy(best, addr, sizeof(best));
		if (!ws_cidr_match(cfg->trusted_proxies, cfg->ntrusted_proxies, addr)) {
			break; /* the first hop we do not trust: the client as far as we can tell */
		}
	}
	if (best[0]) {
		ws_addr_parse(&c->addr, best);
	}
}

static void accept_upgrade(ws_conn *c, size_t head_len, ws_handshake_result *res, const ws_http_reply *reply)
{
	ws_endpoint *ep = c->ep;
	const char *proto = reply->subprotocol;
	char answer[WS_PMD_ANSWER_MAX];
	const char *ext = ws_conn_deflate_answer(c, answer);
	size_t extra = c->req_len - head_len, need = ws_handshake_response_101_size(proto, ext) + reply->headers_len;
	char small[512], *resp = need <= sizeof(small) ? small : ws_malloc(need);
	uint8_t *raw = NULL, *head;
	size_t raw_cap = 0;
	struct iovec iov;
	int n = resp ? ws_handshake_response_101(resp, need, res->accept, proto, ext) : WS_ERR_NOMEM;

	if (n >= 0 && reply->headers_len) {
		/* The application's headers go before the blank line that ends the head. */
		memcpy(resp + n - 2, reply->headers, reply->headers_len);
		memcpy(resp + n - 2 + reply->headers_len, "\r\n", 2);
		n += (int) reply->headers_len;
	}
	if (n >= 0 && proto && (res->subprotocol < 0 || strcmp(proto, ep->cfg->subprotocols[res->subprotocol]) != 0)) {
		size_t len = strlen(proto) + 1;
		int idx = -1;
		for (size_t k = 0; k < ep->cfg->nsubprotocols; k++) {
			if (strcmp(proto, ep->cfg->subprotocols[k]) == 0) {
				idx = (int) k;
			}
		}
		if (idx < 0 && ws_conn_extra_get(c) && (c->extra->proto_name = ws_malloc(len))) {
			memcpy(c->extra->proto_name, proto, len);
		}
		res->subprotocol = idx;
	} else if (n >= 0 && !proto) {
		res->subprotocol = -1;
	}
	if (n < 0) {
		ws_conn_destroy(c, 1006, "cannot build the handshake response");
		goto done;
	}
	/* Keep exactly the head for the binding's getters. Frames that came in
	 * the same reads as the request stay where they are, in the raw buffer,
	 * and are processed from there: it is as big as the reads made it
	 * (up to max_header_size), which no other buffer is sized for. */
	if (extra) {
		if (!(head = ws_malloc(head_len))) {
			ws_conn_destroy(c, 1006, "out of memory");
			goto done;
		}
		memcpy(head, c->req, head_len);
		raw = c->req;
		raw_cap = c->req_cap; /* stays charged until it is freed below */
		ws_budget_charge(&c->mem, head_len);
		c->req = head;
		c->req_cap = (uint32_t) head_len;
	} else if ((head = ws_realloc(c->req, head_len))) {
		ws_budget_release(&c->mem, c->req_cap - head_len);
		c->req = head;
		c->req_cap = (uint32_t) head_len;
	}
	c->req_len = (uint32_t) head_len;
	c->subprotocol = (int16_t) res->subprotocol;
	if (c->proto) {
		ws_proto_set_deflate(c->proto, &c->pmd, &ep->pmd);
	}
	if (ws_idmap_put(&ep->open, c) < 0) {
		ws_conn_reject(c, 503, "out of memory");
		goto done;
	}
	/* The handshake's state is done with: its bytes become the open state's. */
	memset(&c->u.op, 0, sizeof(c->u.op));
	c->u.op.rtt_us = -1;
	c->state = WS_CONN_OPEN;
	c->last_rx = ws_loop_now(ep->loop);
	c->u.op.last_ping = c->last_rx;
	ws_loop_timer_stop(ep->loop, &c->timer);
	iov.iov_base = resp;
	iov.iov_len = (size_t) n;
	if (conn_writev(c, &iov, 1, NULL, NULL) < 0) {
		ws_idmap_del(&ep->open, c->id);
		goto done; /* never opened: no on_open, so no on_close */
	}
	idle_check(c);
	/* on_close is owed from here on, whatever on_open does. */
	c->opened = 1;
	ep->stats->handshakes_accepted++;
	if (ep->cbs->on_open) {
		ep->cbs->on_open(ep->owner, c, ep->ud);
	}
	if (ep->stopping && c->state == WS_CONN_OPEN) {
		/* It completed its handshake during a restart: off to a new worker. */
		ws_conn_close(c, ep->shutdown_code, (const uint8_t *) "server restarting", 17);
	}
	if (extra && c->state == WS_CONN_OPEN) {
		process_input(c, raw + head_len, extra);
	}

done:
	if (raw) {
		ws_free(raw);
		ws_budget_release(&c->mem, raw_cap);
	}
	if (resp != small) {
		ws_free(resp);
	}
}

/* Whether the head may be complete now that bytes from `from` on are new:
 * searches only what was not searched before (picohttpparser's last_len). */
static int head_may_be_complete(ws_conn *c)
{
	size_t from = c->u.hs.req_scanned > 3 ? c->u.hs.req_scanned - 3 : 0;
	int found = c->req_len - from >= 4 && memmem(c->req + from, c->req_len - from, "\r\n\r\n", 4) != NULL;

	c->u.hs.req_scanned = c->req_len;
	return found;
}

/* Answer an HTTP request (no upgrade) with status, the caller's header lines
 * and body, then close (Connection: close) once it is written. */
static void http_reply_ex(ws_conn *c, int status, const char *headers, size_t hlen, const uint8_t *body, size_t blen,
                          int head_only);

static void http_reply(ws_conn *c, int status, const char *headers, size_t hlen, const uint8_t *body, size_t blen)
{
	http_reply_ex(c, status, headers, hlen, body, blen, 0);
}

/* head_only: a HEAD request's answer: Content-Length as for GET, no body. */
static void http_reply_ex(ws_conn *c, int status, const char *headers, size_t hlen, const uint8_t *body, size_t blen,
                          int head_only)
{
	char head[256];
	struct iovec iov[3];
	int n, has_type = 0;

	for (size_t i = 0; i + 13 <= hlen; i++) {
		if ((i == 0 || headers[i - 1] == '\n') && strncasecmp(headers + i, "content-type:", 13) == 0) {
			has_type = 1;
		}
	}
	if (status >= 400) {
		c->ep->stats->refused[ws_stats_status_index(status)]++;
	}
	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nConnection: close\r\nContent-Length: %zu\r\n%s", status,
	             ws_http_status_phrase(status), blen, has_type ? "" : "Content-Type: text/plain; charset=utf-8\r\n");
	c->state = WS_CONN_CLOSING;
	c->finish = WS_FINISH_LINGER;
	arm_close_timer(c);
	iov[0].iov_base = head;
	iov[0].iov_len = (size_t) n;
	iov[1].iov_base = (void *) headers;
	iov[1].iov_len = hlen;
	iov[2].iov_base = (void *) "\r\n";
	iov[2].iov_len = 2;
	if (conn_writev(c, iov, 3, NULL, NULL) < 0) {
		return;
	}
	if (blen && !head_only) {
		iov[0].iov_base = (void *) body;
		iov[0].iov_len = blen;
		if (conn_writev(c, iov, 1, NULL, NULL) < 0) {
			return;
		}
	}
	maybe_finish(c);
}

static int path_is(const ws_handshake_req *req, const char *path)
{
	return path && req->path.n == strlen(path) && memcmp(req->path.p, path, req->path.n) == 0;
}

/* metrics_path: the figures as OpenMetrics text, for the addresses in
 * metrics_allow (the TCP peer's, not a forwarded one). */
static void serve_metrics(ws_conn *c)
{
	static const char ctype[] = "application/openmetrics-text; version=1.0.0; charset=utf-8";
	ws_endpoint *ep = c->ep;
	static const ws_cidr *loopback;
	static ws_cidr lo[2];
	char head[256];
	size_t blen;
	char *body;
	struct iovec iov[2];
	int n;

	if (!loopback) {
		ws_cidr_parse("127.0.0.0/8", &lo[0]);
		ws_cidr_parse("::1", &lo[1]);
		loopback = lo;
	}
	if (!(ep->cfg->metrics_allow ? ws_cidr_match_addr(ep->cfg->metrics_allow, ep->cfg->nmetrics_allow, &c->addr)
	                             : ws_cidr_match_addr(loopback, 2, &c->addr))) {
		reject(c, 403, "metrics are not served to this address (metrics_allow)");
		return;
	}
	ep->stats->metrics_scrapes++;
	if (!(body = ws_server_metrics(ep->owner, &blen))) {
		reject(c, 503, "out of memory");
		return;
	}
	n = snprintf(head, sizeof(head),
	             "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n", ctype, blen);
	c->state = WS_CONN_CLOSING;
	c->finish = WS_FINISH_LINGER;
	arm_close_timer(c);
	iov[0].iov_base = head;
	iov[0].iov_len = (size_t) n;
	iov[1].iov_base = body;
	iov[1].iov_len = blen;
	n = conn_writev(c, iov, 2, NULL, NULL);
	ws_free(body);
	if (n >= 0) {
		maybe_finish(c);
	}
}

/* The plain request is complete: on_request, then the answer. */
static void request_complete(ws_conn *c, size_t body_len)
{
	ws_endpoint *ep = c->ep;
	ws_handshake_req req;
	ws_http_reply reply;
	int head_only;

	if (ws_handshake_parse(c->req, c->u.hs.http_head, &req) <= 0) {
		reject(c, 400, "malformed HTTP request");
		return;
	}
	forwarded_client(c, &req);
	memset(&reply, 0, sizeof(reply));
	reply.status = 200;
	c->busy++; /* req and the body point into its buffer */
	ep->cbs->on_request(ep->owner, c, &req, WS_SLICE(c->req + c->u.hs.http_head, body_len), &reply, ep->ud);
	c->busy--;
	if (c->state != WS_CONN_HANDSHAKE) {
		return;
	}
	head_only = req.method.n == 4 && memcmp(req.method.p, "HEAD", 4) == 0;
	http_reply_ex(c, reply.status, reply.headers, reply.headers_len, reply.body, reply.body_len, head_only);
}

/* More of a plain request's body arrived: answer once it is whole. */
static void body_progress(ws_conn *c)
{
	size_t have = c->req_len - c->u.hs.http_head;
	int r;

	switch (c->body_mode) {
	case WS_BODY_NONE:
		request_complete(c, 0);
		return;
	case WS_BODY_LENGTH:
		if (have >= c->u.hs.body_len) {
			request_complete(c, (size_t) c->u.hs.body_len);
		}
		return;
	}
	r = ws_chunked_decode(&c->u.hs.chunked, c->req + c->u.hs.http_head, have, c->ep->cfg->max_body_size);
	if (r == 1) {
		request_complete(c, c->u.hs.chunked.out);
	} else if (r == WS_ERR_TOO_BIG) {
		reject(c, 413, "request body too large (max_body_size)");
	} else if (r < 0) {
		reject(c, 400, "malformed chunked request body");
	}
}

/* A plain request (no upgrade) for on_request: read its body first. */
static void request_start(ws_conn *c, const ws_handshake_req *req, size_t head_len)
{
	uint64_t len = 0;
	int f = ws_http_body_framing(req, c->ep->cfg->max_body_size, &len);
	const ws_header *expect = ws_handshake_find(req, "Expect");

	if (f == WS_ERR_TOO_BIG) {
		reject(c, 413, "request body too large (max_body_size)");
		return;
	}
	if (f < 0) {
		reject(c, 400, "bad Content-Length or Transfer-Encoding");
		return;
	}
	c->u.hs.http_head = (uint32_t) head_len;
	c->body_mode = (unsigned) f;
	c->u.hs.body_len = len;
	memset(&c->u.hs.chunked, 0, sizeof(c->u.hs.chunked));
	if (f != WS_BODY_NONE && expect && expect->value.n == 12 && strncasecmp((const char *) expect->value.p, "100-continue", 12) == 0 &&
	    c->req_len - head_len < (f == WS_BODY_LENGTH ? len : 1)) {
		struct iovec iov = {(void *) "HTTP/1.1 100 Continue\r\n\r\n", 25};
		if (conn_writev(c, &iov, 1, NULL, NULL) < 0) {
			return;
		}
	}
	body_progress(c);
}

static void read_handshake(ws_conn *c)
{
	ws_endpoint *ep = c->ep;
	size_t limit = c->u.hs.http_head ? c->u.hs.http_head + ep->cfg->max_body_size + (c->body_mode == WS_BODY_CHUNKED ? 65536 : 0)
	                            : ep->cfg->max_header_size;
	ws_handshake_req req;
	ws_handshake_result res;
	ws_handshake_policy pol;
	ws_http_reply reply;
	ssize_t n;
	int r;

	/* The lengths are 32-bit: the options allow at most 1 MiB of head and 1 GiB of body. */
	limit = limit < UINT32_MAX ? limit : UINT32_MAX;
	if (c->req_len == c->req_cap) {
		size_t cap = c->req_cap ? (size_t) c->req_cap * 2 : WS_HS_INITIAL;
		uint8_t *p;
		if (cap > limit) {
			cap = limit;
		}
		if (cap <= c->req_len) {
			if (c->u.hs.http_head) {
				reject(c, 413, "request body too large (max_body_size)");
			} else {
				reject(c, 431, "request header fields too large");
			}
			return;
		}
		if (!ws_budget_request(&c->mem, cap - c->req_cap)) {
			reject(c, 503, "server busy");
			return;
		}
		if (!(p = ws_realloc(c->req, cap))) {
			reject(c, 503, "server busy");
			return;
		}
		ws_budget_charge(&c->mem, cap - c->req_cap);
		c->req = p;
		c->req_cap = (uint32_t) cap;
	}
	n = tr_read(c, c->req + c->req_len, c->req_cap - c->req_len);
	if (n <= 0) {
		if (n == WS_ERR_TLS) {
			ep->stats->tls_handshake_failures++;
		}
		if (n != WS_ERR_AGAIN) {
			ws_conn_destroy(c, 1006, n == WS_ERR_TLS ? c->tr->err : NULL);
		}
		return;
	}
	c->req_len += (uint32_t) n;
	ep->stats->bytes_in += (uint64_t) n;
	if (c->u.hs.http_head) {
		body_progress(c);
		return;
	}
	if (c->req_len > WS_HS_EAGER_PARSE && !head_may_be_complete(c)) {
		r = 0;
	} else {
		r = ws_handshake_parse(c->req, c->req_len, &req);
	}
	if (r == 0) {
		if (c->req_len >= limit) {
			reject(c, 431, "request header fields too large");
		}
		return;
	}
	if (r < 0) {
		if (r == WS_ERR_TOO_BIG) {
			reject(c, 431, "too many header fields");
		} else {
			reject(c, 400, "malformed HTTP request");
		}
		return;
	}
	if (!ws_handshake_find(&req, "Upgrade") && req.method.n == 3 && memcmp(req.method.p, "GET", 3) == 0) {
		/* A load balancer's health check and a metrics scrape, answered
		 * here: no PHP runs, so neither waits on the application. */
		if (path_is(&req, ep->cfg->health_path)) {
			ep->stats->health_checks++;
			reject(c, ep->stopping ? 503 : 200, ep->stopping ? "draining" : "ok");
			return;
		}
		if (path_is(&req, ep->cfg->metrics_path)) {
			serve_metrics(c);
			return;
		}
	}
	if (ep->cbs->on_request && !ws_handshake_find(&req, "Upgrade")) {
		request_start(c, &req, (size_t) r);
		return;
	}
	forwarded_client(c, &req);
	pol.subprotocols = ep->cfg->subprotocols;
	pol.nsubprotocols = ep->cfg->nsubprotocols;
	pol.origins = ep->cfg->origins;
	pol.norigins = ep->cfg->norigins;
	pol.path = ep->cfg->path;
	if (ws_handshake_check(&req, &pol, &res) < 0 || res.status != 101) {
		reject(c, res.status, res.reason);
		return;
	}
	ws_conn_negotiate_deflate(c, &req);
	reply.status = 101;
	reply.headers = NULL;
	reply.headers_len = 0;
	reply.body = NULL;
	reply.body_len = 0;
	reply.subprotocol = res.subprotocol >= 0 ? ep->cfg->subprotocols[res.subprotocol] : NULL;
	if (ep->cbs->on_handshake) {
		/* busy: its buffer (which req points into) must survive whatever the hook does. */
		c->busy++;
		ep->cbs->on_handshake(ep->owner, c, &req, &reply, ep->ud);
		c->busy--;
		if (c->state != WS_CONN_HANDSHAKE) {
			return; /* closed meanwhile: a stop() from the hook */
		}
		if (reply.status != 101) {
			http_reply(c, reply.status, reply.headers, reply.headers_len, reply.body, reply.body_len);
			return;
		}
	}
	accept_upgrade(c, (size_t) r, &res, &reply);
}

static void read_open(ws_conn *c)
{
	uint8_t *buf = read_buffer(c->ep);
	ssize_t n;

	if (!buf) {
		ws_conn_destroy(c, 1006, "out of memory");
		return;
	}
	n = tr_read(c, buf, WS_READ_BUFFER);
	if (n <= 0) {
		if (n != WS_ERR_AGAIN) {
			/* The peer vanished, or finished closing after our close frame. */
			ws_conn_destroy(c, 1006, n == WS_ERR_TLS ? c->tr->err : NULL);
		}
		return;
	}
	c->last_rx = ws_loop_now(c->ep->loop);
	c->ep->stats->bytes_in += (uint64_t) n;
	process_input(c, buf, (size_t) n);
}

static void conn_io(ws_loop *l, int fd, int events, void *ud)
{
	ws_conn *c = ud;
	(void) l;
	(void) fd;

	/* A transport may need the socket writable to go on reading (a TLS
	 * handshake's flight, a key update's answer): its wants() asked for
	 * WS_WRITE on its own, so a writable event is also a read. */
	int read_too = (events & WS_WRITE) && (tr_wants(c, 0) & WS_WRITE);

	if (events & WS_WRITE) {
		flush(c);
	}
	if (c->state == WS_CONN_CLOSED || !(events & WS_READ || read_too)) {
		return;
	}
	/* has_pending: plaintext already taken off the socket (TLS) that epoll
	 * will never report; read it now. Bounded: each round empties what the
	 * transport holds into a buffer of its size or moves the state on. */
	for (int round = 0; round < 64; round++) {
		if (c->state == WS_CONN_HANDSHAKE) {
			read_handshake(c);
		} else {
			read_open(c);
		}
		if (c->state == WS_CONN_CLOSED || !tr_has_pending(c)) {
			break;
		}
	}
	if (c->state != WS_CONN_CLOSED) {
		update_mask(c);
	}
}

/* --- the memory budget --- */

/* Take back what c holds for its peer: its reassembly buffer, the queue not
 * yet started, a handshake's buffer; and close it, 1009 when a message was
 * what it held (or a handshake: 503), 1008 when it was its send queue. */
static void evict(ws_conn *c)
{
	size_t msg = c->proto ? ws_proto_msg_memory(c->proto) : 0;
	/* 1009 when a message is what it holds most; 1008 for a send queue, or for
	 * nothing but compression state (context takeover) */
	int message = msg >= c->wq.bytes && (msg || (!(c->extra && c->extra->defl) && !(c->proto && c->proto->inf_charged)));

	c->evicted = 1;
	c->ep->stats->memory_refusals++;
	if (c->state == WS_CONN_HANDSHAKE) {
		ws_conn_destroy(c, 1006, "server memory budget exceeded");
		ws_conn_release_request(c);
		return;
	}
	if (c->proto) {
		ws_proto_free(c->proto);
	}
	ws_conn_deflate_free(c);
	ws_wq_drop_unstarted(&c->wq, &c->mem);
	if (c->state == WS_CONN_OPEN) {
		conn_fail(c, message ? WS_ERR_TOO_BIG : WS_ERR_BUDGET, "server memory budget exceeded");
	}
}

int ws_conn_reclaim(ws_budget_root *root, ws_budget *requester, size_t n)
{
	ws_endpoint *ep = (ws_endpoint *) ((char *) root - offsetof(ws_endpoint, budget));

	for (;;) {
		ws_conn *victim = NULL;

		/* The biggest holder that is not the requester, not dispatching
		 * right now (its buffers are in use up the stack) and not already
		 * evicted. Each round evicts one, so this ends. */
		for (ws_conn *c = ep->conns; c; c = c->next) {
			if (&c->mem != requester && !c->busy && !c->evicted && c->state != WS_CONN_CLOSED &&
			    (!victim || c->mem.used > victim->mem.used)) {
				victim = c;
			}
		}
		/* Only a bigger holder pays for the requester: the one asking for
		 * the most is refused instead, so a few hoarders never squeeze out
		 * the many small clients. */
		if (!victim || victim->mem.used <= requester->used + n) {
			return 0;
		}
		evict(victim);
		if (ws_budget_fits(requester, n)) {
			return 1;
		}
	}
}

void ws_endpoint_reap(ws_endpoint *ep)
{
	while (ep->closed) {
		ws_conn *c = ep->closed;
		ep->closed = c->next_closed;
		ws_conn_finalize(c);
	}
}

/* --- the process is ending --- */

void ws_conn_abort(ws_conn *c, uint16_t code)
{
	if (c->state == WS_CONN_OPEN || (c->state == WS_CONN_CLOSING && !c->close_sent)) {
		const uint8_t frame[4] = {0x88, 2, (uint8_t) (code >> 8), (uint8_t) code};
		/* One non-blocking try for what is queued, then the close frame,
		 * only if all of it went (never in the middle of a frame). */
		if (c->wq.bytes) {
			send_queue(c);
		}
		if (c->state != WS_CONN_CLOSED && !c->wq.bytes) {
			struct iovec iov = {(void *) frame, sizeof(frame)};
			(void) !tr_writev(c, &iov, 1);
		}
		set_close_status(c, code, NULL, 0);
	}
	if (c->state != WS_CONN_CLOSED) {
		ws_conn_destroy(c, 1006, NULL);
	}
}
