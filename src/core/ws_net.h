/*
 * ws_net.h: socket helpers (Redis anet style). Errors go to errbuf
 * (WS_ERRBUF_LEN) and errno is kept for the caller.
 */
#ifndef WS_NET_H
#define WS_NET_H

#include "core/ws_common.h"

/* Listen on host:port (port 0 picks a free one): SO_REUSEADDR, optional
 * SO_REUSEPORT, non-blocking, close-on-exec. host is an IPv4 or IPv6 literal or
 * a name resolved with getaddrinfo. Returns the fd, or -1 with errbuf set. */
int ws_net_listen(const char *host, int port, int backlog, int reuse_port, char *errbuf);
/* The same, with host "unix:///path" for a unix domain socket whose file gets
 * mode unix_mode (a stale file of a dead server is replaced; port ignored),
 * and an IPv6 literal also in brackets ("[::1]"). */
int ws_net_listen_ex(const char *host, int port, int backlog, int reuse_port, unsigned unix_mode, char *errbuf);

/* An IPv4 or IPv6 network: "10.0.0.0/8", "::1", "fd00::/8"; a bare address is a /32 or /128. */
typedef struct ws_cidr {
	uint8_t addr[16]; /* IPv4 as ::ffff:a.b.c.d */
	unsigned bits;    /* prefix length over those 128 bits */
} ws_cidr;
/* Parse text into *out. 0, or WS_ERR_INVALID. */
int ws_cidr_parse(const char *text, ws_cidr *out);
/* 1 if the address text ip is in one of the n networks. */
int ws_cidr_match(const ws_cidr *nets, size_t n, const char *ip);

/* Accept one connection: non-blocking, close-on-exec, TCP_NODELAY. Fills the
 * peer's address text (INET6_ADDRSTRLEN) and port. Returns the fd, or -1 with
 * errno set (EAGAIN when there is none). */
int ws_net_accept(int lfd, char *ip, size_t iplen, int *port);

/* The port a socket is bound to, or -1. */
int ws_net_local_port(int fd);

#endif
