/*
 * tcp_echo: a raw epoll TCP echo server, the floor that ext-websocket is
 * compared against. One thread, level-triggered epoll, non-blocking sockets;
 * echoes every byte back; stops reading a connection while its echo is not
 * yet written out (backpressure). Listens on 127.0.0.1 only.
 *
 * With -b it is the floor for broadcast instead: every byte read from any
 * connection is written to every connection (the sender included).
 *
 * usage: tcp_echo [-b] PORT [MAX_SECONDS]   (exits by itself after MAX_SECONDS, default 3600)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int out;         /* EPOLLOUT registered */
    size_t slot;     /* index in all[] (broadcast) */
    int dead;        /* broadcast: a write failed; dropped at its own next event */
    char *pend;      /* bytes read but not yet written back */
    size_t plen, poff, pcap;
} client;

static int ep;
static int bcast;
static char buf[256 * 1024];
static client **all;
static size_t nall, capall;

static void drop(client *c)
{
    if (bcast) {
        all[c->slot] = all[--nall];
        all[c->slot]->slot = c->slot;
    }
    close(c->fd);
    free(c->pend);
    free(c);
}

static void set_events(client *c, int out)
{
    if (c->out == out)
        return;
    struct epoll_event ev = { .events = out ? EPOLLOUT : EPOLLIN, .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->out = out;
}

/* write the pending bytes; 1 if all written, 0 if some remain, -1 on error */
static int write_pending(client *c)
{
    while (c->poff < c->plen) {
        ssize_t n = send(c->fd, c->pend + c->poff, c->plen - c->poff, MSG_NOSIGNAL);
        if (n > 0) {
            c->poff += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return 0;
        } else {
            return -1;
        }
    }
    c->plen = c->poff = 0;
    return 1;
}

/* queue bytes that could not be written yet */
static int keep(client *c, const char *p, size_t n)
{
    if (c->poff) {
        memmove(c->pend, c->pend + c->poff, c->plen - c->poff);
        c->plen -= c->poff;
        c->poff = 0;
    }
    if (c->plen + n > c->pcap) {
        size_t cap = c->pcap ? c->pcap : 4096;
        while (cap < c->plen + n)
            cap *= 2;
        char *np = realloc(c->pend, cap);
        if (!np)
            return -1;
        c->pend = np;
        c->pcap = cap;
    }
    memcpy(c->pend + c->plen, p, n);
    c->plen += n;
    return 0;
}

/* broadcast: write n bytes to one connection, queueing what does not fit; -1 if it died */
static int send_to(client *c, const char *p, size_t n)
{
    if (c->plen > c->poff)
        return keep(c, p, n);
    while (n) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (keep(c, p, n) < 0)
                return -1;
            struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            c->out = 1;
            return 0;
        } else {
            return -1;
        }
    }
    return 0;
}

static void on_bcast(client *c, uint32_t events)
{
    if (c->dead) {
        drop(c);
        return;
    }
    if (events & EPOLLOUT) {
        int r = write_pending(c);
        if (r < 0) {
            drop(c);
            return;
        }
        if (r == 1 && c->out) {
            struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            c->out = 0;
        }
    }
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    for (int i = 0; i < 16; i++) {
        ssize_t n = recv(c->fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
            drop(c);
            return;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        /* to everyone; a receiver whose write fails is shut down here and freed at its own event
           (it may still be in this epoll_wait batch) */
        for (size_t k = 0; k < nall; k++) {
            client *r = all[k];
            if (!r->dead && send_to(r, buf, (size_t)n) < 0) {
                r->dead = 1;
                shutdown(r->fd, SHUT_RDWR);
            }
        }
        if (c->dead) {
            drop(c);
            return;
        }
        if ((size_t)n < sizeof buf)
            return;
    }
}

static void on_client(client *c, uint32_t events)
{
    if (c->out) {
        int r = write_pending(c);
        if (r < 0) {
            drop(c);
            return;
        }
        if (r == 0)
            return;
        set_events(c, 0);
        return;
    }
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    for (int i = 0; i < 16; i++) {
        ssize_t n = recv(c->fd, buf, sizeof buf, 0);
        if (n == 0) {
            drop(c);
            return;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            drop(c);
            return;
        }
        size_t off = 0;
        while (off < (size_t)n) {
            ssize_t w = send(c->fd, buf + off, (size_t)n - off, MSG_NOSIGNAL);
            if (w > 0) {
                off += (size_t)w;
            } else if (w < 0 && errno == EINTR) {
                continue;
            } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                if (keep(c, buf + off, (size_t)n - off) < 0) {
                    drop(c);
                    return;
                }
                set_events(c, 1);
                return;
            } else {
                drop(c);
                return;
            }
        }
        if ((size_t)n < sizeof buf)
            return;
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "-b")) {
        bcast = 1;
        argv++;
        argc--;
    }
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: tcp_echo [-b] PORT [MAX_SECONDS]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long max_s = argc > 2 ? atol(argv[2]) : 3600;
    if (port < 1 || port > 65535 || max_s < 1) {
        fprintf(stderr, "tcp_echo: bad arguments\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (ls < 0) {
        perror("socket");
        return 1;
    }
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 4096) < 0) {
        perror("tcp_echo: bind/listen");
        return 1;
    }
    ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &lev);

    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct epoll_event evs[512];
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec - t0.tv_sec >= max_s)
            break;
        int n = epoll_wait(ep, evs, 512, 1000);
        if (n < 0 && errno != EINTR) {
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            if (evs[i].data.ptr == NULL) {
                for (int k = 0; k < 64; k++) {
                    int fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0)
                        break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    client *c = calloc(1, sizeof *c);
                    if (!c) {
                        close(fd);
                        continue;
                    }
                    c->fd = fd;
                    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
                        close(fd);
                        free(c);
                        continue;
                    }
                    if (bcast) {
                        if (nall == capall) {
                            size_t cap = capall ? capall * 2 : 1024;
                            client **na = realloc(all, cap * sizeof *na);
                            if (!na) {
                                close(fd);
                                free(c);
                                continue;
                            }
                            all = na;
                            capall = cap;
                        }
                        c->slot = nall;
                        all[nall++] = c;
                    }
                }
                continue;
            }
            if (bcast)
                on_bcast(evs[i].data.ptr, evs[i].events);
            else
                on_client(evs[i].data.ptr, evs[i].events);
        }
    }
    return 0;
}
