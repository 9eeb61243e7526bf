/*
 * ws_transport.h: how a connection moves bytes (Redis's ConnectionType,
 * trimmed): TLS (ws_transport_tls.c), or plain TCP on the connection's own
 * descriptor with no transport object at all (ws_transport_tcp.c).
 * ws_conn calls nothing else for its socket's data; the loop registration and
 * close(fd) stay with the connection.
 *
 * Every operation is non-blocking. Returns follow ws_common.h: a count, or a
 * negative ws_err (WS_ERR_AGAIN: try again when wants() says; WS_ERR_IO:
 * errno in sys_errno; WS_ERR_TLS: the reason in err).
 */
#ifndef WS_TRANSPORT_H
#define WS_TRANSPORT_H

#include <sys/types.h>
#include <sys/uio.h>

#include "core/ws_common.h"

typedef struct ws_transport ws_transport;

typedef struct ws_transport_ops {
	const char *name; /* "tcp", "tls" */
	/* Up to len bytes of the peer's data into buf: > 0 bytes, 0 end of
	 * stream (TCP FIN, TLS close_notify), or a negative ws_err. */
	ssize_t (*read)(ws_transport *t, uint8_t *buf, size_t len);
	/* Write from iov (n entries; n 0: only push out what the transport
	 * holds). Returns the bytes taken (0..total: the rest is for later, when
	 * wants() has WS_WRITE), or a negative ws_err. Bytes taken are the
	 * transport's: the caller may drop them. */
	ssize_t (*writev)(ws_transport *t, const struct iovec *iov, int n);
	/* The epoll interest to watch, given what the connection wants (WS_READ
	 * and WS_WRITE when it has data queued). A transport adds WS_WRITE while
	 * it holds output of its own or a read waits for the socket to drain. */
	int (*wants)(ws_transport *t, int want);
	/* Bytes already read from the socket and not yet returned by read():
	 * epoll will not report them, so the caller reads again now. */
	int (*has_pending)(ws_transport *t);
	/* Half-close: no more writes (TCP SHUT_WR; TLS close_notify, then SHUT_WR). */
	void (*shutdown)(ws_transport *t);
	/* Release the transport's state (TLS: a best-effort close_notify first
	 * when the session is in good standing). Does not close fd. */
	void (*free)(ws_transport *t);
} ws_transport_ops;

struct ws_transport {
	const ws_transport_ops *ops;
	int fd;
	int sys_errno;   /* after WS_ERR_IO */
	const char *err; /* after WS_ERR_TLS: a static or transport-owned reason */
};

/* Plain TCP needs no transport object: a connection without one (tr NULL)
 * calls these on its descriptor, with the returns of read and writev above
 * (WS_ERR_IO leaves the reason in errno); wants is what the connection wants,
 * nothing is ever pending, and shutdown is shutdown(fd, SHUT_WR). */
ssize_t ws_tcp_read(int fd, uint8_t *buf, size_t len);
ssize_t ws_tcp_writev(int fd, const struct iovec *iov, int n);

#endif
