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

/* Accept one connection: non-blocking, close-on-exec, TCP_NODELAY. Fills the
 * peer's address text (INET6_ADDRSTRLEN) and port. Returns the fd, or -1 with
 * errno set (EAGAIN when there is none). */
int ws_net_accept(int lfd, char *ip, size_t iplen, int *port);

/* The port a socket is bound to, or -1. */
int ws_net_local_port(int fd);

#endif
