/* ws_bus.c: length-prefixed records over a non-blocking stream socket (see ws_bus.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "core/ws_bus.h"

static void on_io(ws_loop *l, int fd, int events, void *ud);
static void read_records(ws_bus *b);

static void watch(ws_bus *b)
{
	int mask = WS_READ | (b->out.bytes ? WS_WRITE : 0);

	if (b->fd >= 0 && mask != b->watching && ws_loop_fd_set(b->loop, b->fd, mask, on_io, b) == 0) {
		b->watching = mask;
	}
}

int ws_bus_init(ws_bus *b, ws_loop *loop, int fd, ws_bus_record_cb *rec, ws_bus_closed_cb *closed, void *ud)
{
	memset(b, 0, sizeof(*b));
	b->loop = loop;
	b->fd = fd;
	b->on_record = rec;
	b->on_closed = closed;
	b->ud = ud;
	ws_wq_init(&b->out); /* not counted: NULL budget */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ||
	    ws_loop_fd_set(loop, fd, WS_READ, on_io, b) < 0) {
		return WS_ERR_IO;
	}
	b->watching = WS_READ;
	return WS_OK;
}

/* Stop watching, close the socket, drop what is queued (the read buffer stays:
 * a failure inside on_io may still be parsing it). */
static void shut(ws_bus *b)
{
	if (b->fd >= 0) {
		ws_loop_fd_set(b->loop, b->fd, 0, NULL, NULL);
		close(b->fd);
		b->fd = -1;
	}
	b->watching = 0;
	ws_wq_clear(&b->out, NULL);
}

void ws_bus_close(ws_bus *b)
{
	shut(b);
	ws_free(b->in);
	b->in = NULL;
	b->in_len = b->in_cap = 0;
}

static void failed(ws_bus *b)
{
	shut(b);
	if (b->on_closed) {
		b->on_closed(b, b->ud);
	}
}

/* Write what is queued. 0, or -1 if the bus failed (on_closed ran). */
static int flush(ws_bus *b)
{
	struct iovec iov[WS_WQ_IOV];

	while (b->out.bytes) {
		int n = ws_wq_iov(&b->out, iov, WS_WQ_IOV);
		struct msghdr mh;
		ssize_t w;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t) n;
		w = sendmsg(b->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				break;
			}
			failed(b);
			return -1;
		}
		ws_wq_consume(&b->out, NULL, (size_t) w);
	}
	watch(b);
	return 0;
}

int ws_bus_send(ws_bus *b, const struct iovec *parts, int nparts)
{
	uint32_t len = 0;
	size_t total = 0;

	if (b->fd < 0) {
		return WS_ERR_CLOSED;
	}
	for (int i = 0; i < nparts; i++) {
		total += parts[i].iov_len;
	}
	if (total > WS_BUS_MAX_RECORD_LEN || b->out.bytes + total > WS_BUS_QUEUE_MAX) {
		b->dropped++;
		return WS_ERR_FULL;
	}
	len = (uint32_t) total;
	if (ws_wq_append(&b->out, NULL, &len, sizeof(len)) != WS_OK) {
		b->dropped++;
		return WS_ERR_FULL;
	}
	for (int i = 0; i < nparts; i++) {
		if (parts[i].iov_len && ws_wq_append(&b->out, NULL, parts[i].iov_base, parts[i].iov_len) != WS_OK) {
			/* The length is queued: the stream would be cut mid-record. Give the bus up. */
			failed(b);
			return WS_ERR_CLOSED;
		}
	}
	return flush(b) < 0 ? WS_ERR_CLOSED : WS_OK;
}

static void on_io(ws_loop *l, int fd, int events, void *ud)
{
	ws_bus *b = ud;
	ws_bus_batch_cb *batch;
	void *bud;
	(void) l;
	(void) fd;

	if ((events & WS_WRITE) && flush(b) < 0) {
		return;
	}
	if (!(events & WS_READ) || b->fd < 0) {
		return;
	}
	/* b may be gone after a failure (its on_closed may free it): keep what the end of the batch needs */
	batch = b->on_batch;
	bud = b->ud;
	if (batch) {
		batch(bud, 1);
	}
	read_records(b);
	if (batch) {
		batch(bud, 0);
	}
}

/* Read what is there (at most 64 reads) and pass every whole record on. */
static void read_records(ws_bus *b)
{
	for (int rounds = 0; rounds < 64 && b->fd >= 0; rounds++) {
		size_t off = 0;
		ssize_t r;
		if (b->in_cap - b->in_len < 65536) {
			size_t cap = b->in_cap ? b->in_cap * 2 : 131072;
			uint8_t *p;
			while (cap - b->in_len < 65536) {
				cap *= 2;
			}
			if (!(p = ws_realloc(b->in, cap))) {
				failed(b);
				return;
			}
			b->in = p;
			b->in_cap = cap;
		}
		r = read(b->fd, b->in + b->in_len, b->in_cap - b->in_len);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			break;
		}
		if (r <= 0) {
			failed(b);
			return;
		}
		b->in_len += (size_t) r;
		while (b->in_len - off >= 4) {
			uint32_t len;
			memcpy(&len, b->in + off, 4);
			if (len == 0 || len > WS_BUS_MAX_RECORD_LEN) {
				failed(b); /* our own processes wrote it: a broken stream */
				return;
			}
			if (b->in_len - off - 4 < len) {
				break;
			}
			b->on_record(b, b->in + off + 4, len, b->ud);
			off += 4 + (size_t) len;
		}
		if (off) {
			memmove(b->in, b->in + off, b->in_len - off);
			b->in_len -= off;
		}
		/* A record bigger than the buffer: make room for all of it. */
		if (b->in_len >= 4) {
			uint32_t len;
			memcpy(&len, b->in, 4);
			if ((size_t) len + 4 > b->in_cap) {
				uint8_t *p = ws_realloc(b->in, (size_t) len + 4 + 65536);
				if (!p) {
					failed(b);
					return;
				}
				b->in = p;
				b->in_cap = (size_t) len + 4 + 65536;
			}
		}
	}
	/* An idle bus keeps no big buffer. */
	if (b->in_len == 0 && b->in_cap > 262144) {
		ws_free(b->in);
		b->in = NULL;
		b->in_cap = 0;
	}
}
