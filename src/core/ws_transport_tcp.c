/* ws_transport_tcp.c: the plain transport: read(2), sendmsg(2), shutdown(2). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/ws_loop.h"
#include "core/ws_transport.h"

static ssize_t tcp_read(ws_transport *t, uint8_t *buf, size_t len)
{
	ssize_t n = read(t->fd, buf, len);

	if (n >= 0) {
		return n;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
		return WS_ERR_AGAIN;
	}
	t->sys_errno = errno;
	return WS_ERR_IO;
}

static ssize_t tcp_writev(ws_transport *t, const struct iovec *iov, int n)
{
	struct msghdr mh;
	ssize_t w;

	if (n == 0) {
		return 0;
	}
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = (struct iovec *) iov;
	mh.msg_iovlen = (size_t) n;
	w = sendmsg(t->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (w >= 0) {
		return w;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
		return 0;
	}
	t->sys_errno = errno;
	return WS_ERR_IO;
}

static int tcp_wants(ws_transport *t, int want)
{
	(void) t;
	return want;
}

static int tcp_has_pending(ws_transport *t)
{
	(void) t;
	return 0;
}

static void tcp_shutdown(ws_transport *t)
{
	shutdown(t->fd, SHUT_WR);
}

static void tcp_free(ws_transport *t)
{
	(void) t;
}

const ws_transport_ops ws_transport_tcp_ops = {
	"tcp", tcp_read, tcp_writev, tcp_wants, tcp_has_pending, tcp_shutdown, tcp_free,
};
