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

/* A peer's address in binary, as a connection keeps it (17 bytes instead of
 * the text's 46), and formatted when asked. */
#define WS_ADDR_TEXT 46 /* INET6_ADDRSTRLEN: the longest text, NUL included */
enum { WS_ADDR_UNKNOWN = 0, WS_ADDR_V4, WS_ADDR_V6, WS_ADDR_UNIX };
typedef struct ws_addr {
	uint8_t family;    /* WS_ADDR_* */
	uint8_t bytes[16]; /* V4: the first 4 */
} ws_addr;
/* The text of an address as ws_net_accept() writes it ("192.0.2.1", "::1",
 * "unix", "unknown") into *a; 0, or -1 if it is none of them (*a: unknown). */
int ws_addr_parse(ws_addr *a, const char *text);
/* *a as text (the same text for what ws_net_accept() wrote, IPv6 in its
 * RFC 5952 form) into out, WS_ADDR_TEXT bytes. Returns out. */
const char *ws_addr_format(const ws_addr *a, char *out);
/* ws_cidr_match() for an address kept in binary (a unix socket's peer matches nothing). */
int ws_cidr_match_addr(const ws_cidr *nets, size_t n, const ws_addr *addr);

/* Accept one connection: non-blocking, close-on-exec, TCP_NODELAY. Fills the
 * peer's address text (INET6_ADDRSTRLEN) and port. Returns the fd, or -1 with
 * errno set (EAGAIN when there is none). */
int ws_net_accept(int lfd, char *ip, size_t iplen, int *port);

/* The port a socket is bound to, or -1. */
int ws_net_local_port(int fd);

#endif
