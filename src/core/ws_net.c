/* ws_net.c: listen and accept. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/ws_net.h"

int ws_net_listen(const char *host, int port, int backlog, int reuse_port, char *errbuf)
{
	struct addrinfo hints, *res = NULL, *ai;
	char portstr[16];
	int fd = -1, rc, saved = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if ((rc = getaddrinfo(host, portstr, &hints, &res)) != 0) {
		snprintf(errbuf, WS_ERRBUF_LEN, "cannot resolve %s: %s", host, gai_strerror(rc));
		errno = EINVAL;
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		int one = 1;
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			snprintf(errbuf, WS_ERRBUF_LEN, "socket: %s", strerror(errno));
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		/* Set once here: Linux copies TCP_NODELAY to every accepted socket,
		 * which saves a setsockopt() per connection. */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) {
			saved = errno;
			snprintf(errbuf, WS_ERRBUF_LEN, "SO_REUSEPORT: %s", strerror(errno));
			close(fd);
			fd = -1;
			continue;
		}
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			saved = errno;
			snprintf(errbuf, WS_ERRBUF_LEN, "bind %s:%d: %s", host, port, strerror(errno));
			close(fd);
			fd = -1;
			continue;
		}
		if (listen(fd, backlog) < 0) {
			saved = errno;
			snprintf(errbuf, WS_ERRBUF_LEN, "listen %s:%d: %s", host, port, strerror(errno));
			close(fd);
			fd = -1;
			continue;
		}
		break;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		errno = saved;
	}
	return fd;
}

int ws_net_accept(int lfd, char *ip, size_t iplen, int *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = accept4(lfd, (struct sockaddr *) &ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0) {
		return -1;
	}
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *) &ss;
		inet_ntop(AF_INET, &s->sin_addr, ip, (socklen_t) iplen);
		*port = ntohs(s->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *) &ss;
		inet_ntop(AF_INET6, &s->sin6_addr, ip, (socklen_t) iplen);
		*port = ntohs(s->sin6_port);
	} else {
		snprintf(ip, iplen, "unknown");
		*port = 0;
	}
	return fd;
}

int ws_net_local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *) &ss, &sl) < 0) {
		return -1;
	}
	if (ss.ss_family == AF_INET) {
		return ntohs(((struct sockaddr_in *) &ss)->sin_port);
	}
	if (ss.ss_family == AF_INET6) {
		return ntohs(((struct sockaddr_in6 *) &ss)->sin6_port);
	}
	return -1;
}
