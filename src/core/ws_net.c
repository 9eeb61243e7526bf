/* ws_net.c: listen and accept. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/ws_net.h"

/* unix:///path: a socket file, replacing a stale one (nobody listening) but
 * never a live one or anything that is not a socket. */
static int listen_unix(const char *path, int backlog, unsigned mode, char *errbuf)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, saved;

	if (!*path || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(errbuf, WS_ERRBUF_LEN, "unix socket path must be 1 to %zu bytes", sizeof(sa.sun_path) - 1);
		errno = EINVAL;
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(errbuf, WS_ERRBUF_LEN, "socket: %s", strerror(errno));
		return -1;
	}
	if (lstat(path, &st) == 0) {
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int live = probe >= 0 && connect(probe, (struct sockaddr *) &sa, sizeof(sa)) == 0;
		if (probe >= 0) {
			close(probe);
		}
		if (!S_ISSOCK(st.st_mode) || live) {
			snprintf(errbuf, WS_ERRBUF_LEN, "bind %s: %s", path, S_ISSOCK(st.st_mode) ? "a server is listening there" : "not a socket");
			close(fd);
			errno = EADDRINUSE;
			return -1;
		}
		unlink(path); /* stale: left by a process that died */
	}
	if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 || chmod(path, (mode_t) mode) < 0 || listen(fd, backlog) < 0) {
		saved = errno;
		snprintf(errbuf, WS_ERRBUF_LEN, "listen %s: %s", path, strerror(errno));
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int ws_net_listen(const char *host, int port, int backlog, int reuse_port, char *errbuf)
{
	return ws_net_listen_ex(host, port, backlog, reuse_port, 0660, errbuf);
}

int ws_net_listen_ex(const char *host, int port, int backlog, int reuse_port, unsigned unix_mode, char *errbuf)
{
	struct addrinfo hints, *res = NULL, *ai;
	char portstr[16], literal[64];
	int fd = -1, rc, saved = 0;
	size_t n = strlen(host);

	if (strncmp(host, "unix://", 7) == 0) {
		return listen_unix(host + 7, backlog, unix_mode, errbuf);
	}
	/* "[::1]", as in a URL, is the IPv6 literal ::1. */
	if (n > 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(literal)) {
		memcpy(literal, host + 1, n - 2);
		literal[n - 2] = '\0';
		host = literal;
	}

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
		if (IN6_IS_ADDR_V4MAPPED(&s->sin6_addr)) {
			/* An IPv4 client of a dual-stack listener: 127.0.0.1, not ::ffff:127.0.0.1. */
			inet_ntop(AF_INET, &s->sin6_addr.s6_addr[12], ip, (socklen_t) iplen);
		} else {
			inet_ntop(AF_INET6, &s->sin6_addr, ip, (socklen_t) iplen);
		}
		*port = ntohs(s->sin6_port);
	} else if (ss.ss_family == AF_UNIX) {
		snprintf(ip, iplen, "unix");
		*port = 0;
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
	if (ss.ss_family == AF_UNIX) {
		return 0;
	}
	return -1;
}

int ws_addr_parse(ws_addr *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, a->bytes) == 1) {
		a->family = WS_ADDR_V4;
	} else if (inet_pton(AF_INET6, text, a->bytes) == 1) {
		a->family = WS_ADDR_V6;
	} else if (strcmp(text, "unix") == 0) {
		a->family = WS_ADDR_UNIX;
	} else {
		return strcmp(text, "unknown") == 0 ? 0 : -1;
	}
	return 0;
}

const char *ws_addr_format(const ws_addr *a, char *out)
{
	switch (a->family) {
	case WS_ADDR_V4:
		return inet_ntop(AF_INET, a->bytes, out, WS_ADDR_TEXT);
	case WS_ADDR_V6:
		return inet_ntop(AF_INET6, a->bytes, out, WS_ADDR_TEXT);
	case WS_ADDR_UNIX:
		return strcpy(out, "unix");
	}
	return strcpy(out, "unknown");
}

/* An IPv4 address's 4 bytes as IPv6 (::ffff:a.b.c.d). */
static void map_v4(const void *a4, uint8_t out[16])
{
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, a4, 4);
}

/* An address as 16 bytes, IPv4 mapped into IPv6. 0 or -1. */
static int addr16(const char *text, uint8_t out[16], int *v4)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (inet_pton(AF_INET, text, &a4) == 1) {
		map_v4(&a4, out);
		*v4 = 1;
		return 0;
	}
	if (inet_pton(AF_INET6, text, &a6) == 1) {
		memcpy(out, &a6, 16);
		*v4 = IN6_IS_ADDR_V4MAPPED(&a6);
		return 0;
	}
	return -1;
}

int ws_cidr_parse(const char *text, ws_cidr *out)
{
	char addr[64];
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t) (slash - text) : strlen(text);
	int v4 = 0;
	long bits;
	char *end;

	if (n == 0 || n >= sizeof(addr)) {
		return WS_ERR_INVALID;
	}
	memcpy(addr, text, n);
	addr[n] = '\0';
	if (addr16(addr, out->addr, &v4) < 0) {
		return WS_ERR_INVALID;
	}
	if (!slash) {
		out->bits = 128;
		return 0;
	}
	bits = strtol(slash + 1, &end, 10);
	if (!slash[1] || *end || bits < 0 || bits > (v4 ? 32 : 128)) {
		return WS_ERR_INVALID;
	}
	out->bits = (unsigned) bits + (v4 ? 96 : 0);
	/* The host bits must be zero: "10.1.2.3/8" is more likely a mistake than a network. */
	for (unsigned i = out->bits; i < 128; i++) {
		if (out->addr[i / 8] & (0x80 >> (i % 8))) {
			return WS_ERR_INVALID;
		}
	}
	return 0;
}

/* 1 if a (16 bytes, IPv4 mapped) is in one of the n networks. */
static int match16(const ws_cidr *nets, size_t n, const uint8_t *a)
{
	for (size_t k = 0; k < n; k++) {
		unsigned full = nets[k].bits / 8, rest = nets[k].bits % 8;
		if (memcmp(a, nets[k].addr, full) == 0 &&
		    (!rest || ((a[full] ^ nets[k].addr[full]) & (uint8_t) (0xff00 >> rest)) == 0)) {
			return 1;
		}
	}
	return 0;
}

int ws_cidr_match(const ws_cidr *nets, size_t n, const char *ip)
{
	uint8_t a[16];
	int v4;

	return addr16(ip, a, &v4) == 0 && match16(nets, n, a);
}

int ws_cidr_match_addr(const ws_cidr *nets, size_t n, const ws_addr *addr)
{
	uint8_t a[16];

	if (addr->family == WS_ADDR_V4) {
		map_v4(addr->bytes, a);
	} else if (addr->family == WS_ADDR_V6) {
		memcpy(a, addr->bytes, 16);
	} else {
		return 0; /* a unix socket's peer, or unknown */
	}
	return match16(nets, n, a);
}
