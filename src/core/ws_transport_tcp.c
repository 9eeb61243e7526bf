/* ws_transport_tcp.c: plain TCP: read(2), sendmsg(2), shutdown(2) on the
 * connection's own descriptor (a connection without a transport object). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/ws_loop.h"
#include "core/ws_transport.h"

ssize_t ws_tcp_read(int fd, uint8_t *buf, size_t len)
{
	ssize_t n = read(fd, buf, len);

	if (n >= 0) {
		return n;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
		return WS_ERR_AGAIN;
	}
	return WS_ERR_IO;
}

ssize_t ws_tcp_writev(int fd, const struct iovec *iov, int n)
{
	struct msghdr mh;
	ssize_t w;

	if (n == 0) {
		return 0;
	}
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = (struct iovec *) iov;
	mh.msg_iovlen = (size_t) n;
	w = sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (w >= 0) {
		return w;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
		return 0;
	}
	return WS_ERR_IO;
}
