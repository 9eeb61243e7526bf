/*
 * httpload: a plain HTTP/1.1 load generator for ext-websocket's HTTP side (onRequest, health_path,
 * metrics_path), the counterpart of wsload for requests that are not upgrades.
 *
 * One thread, one epoll loop, non-blocking sockets. Every request is a new connection (the server answers
 * with Connection: close and has no keep-alive): connect, one GET, read the answer up to the server's EOF,
 * close. Every answer is checked: the status, Connection: close, Content-Length against the body read, and
 * optionally the body and the Content-Type. It connects only to 127.0.0.1 (or "localhost").
 *
 * Modes:
 *   http    closed loop: -c requests in flight, each a new connection, for -w seconds of warm-up and -d
 *           measured seconds (or -n requests); requests per second, latency (connect to EOF), and with
 *           --server-pid the server's CPU time per request from /proc (as wsload measures it).
 *   scrape  -n requests one after the other (a metrics scraper): each waits --interval ms after the last
 *           one ended; latency p50/p99 over them, and --metric ALIAS=NAME reads a sample line of the page
 *           (an OpenMetrics text page) on every scrape: its first, last, min and max values.
 *
 * Output: one machine-readable "key=value ..." line (prefixed "httpload ") and one human line ("# ").
 * Exit status 0 only when every request succeeded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum { M_HTTP, M_SCRAPE };
static const char *mode_names[] = { "http", "scrape" };

#define MAX_METRICS 8

static struct {
    int mode;
    const char *host;
    int port;
    const char *path;
    long conns;
    double duration, warmup, timeout, req_timeout, interval_ms;
    uint64_t count;
    long src_addrs;
    int server_pid;
    int expect_status;
    const char *expect_body;
    const char *expect_type;
    const char *label;
    int quiet;
    int nmetrics;
    const char *m_alias[MAX_METRICS];
    const char *m_name[MAX_METRICS];
} O;

/* ------------------------------------------------------------------ */
/* helpers                                                            */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("httpload: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xcalloc(size_t a, size_t b)
{
    void *p = calloc(a ? a : 1, b ? b : 1);
    if (!p)
        die("out of memory");
    return p;
}

static double parse_double(const char *s, const char *what)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < 0 || !isfinite(v))
        die("bad %s '%s'", what, s);
    return v;
}

static long parse_long(const char *s, const char *what)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        die("bad %s '%s'", what, s);
    return v;
}

/* ------------------------------------------------------------------ */
/* the server's CPU time and the CPUs' load, as wsload reads them      */

static double clk_tck;

static int read_proc(int pid, const char *name, char *buf, size_t size)
{
    if (pid <= 0)
        return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    return 0;
}

/* utime+stime of the server process in microseconds (clock-tick resolution); -1 if unknown */
static int64_t server_cpu_us(void)
{
    char buf[1024];
    if (read_proc(O.server_pid, "stat", buf, sizeof buf) < 0)
        return -1;
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    p += 2;
    unsigned long long ut = 0, st = 0;
    if (sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (int64_t)((double)(ut + st) * 1e6 / clk_tck);
}

/* on-CPU time of the server's main thread from /proc/PID/schedstat (ns resolution) in us; -1 if unknown */
static int64_t server_sched_us(void)
{
    char buf[256];
    if (read_proc(O.server_pid, "schedstat", buf, sizeof buf) < 0)
        return -1;
    unsigned long long ns = 0;
    if (sscanf(buf, "%llu", &ns) != 1)
        return -1;
    return (int64_t)(ns / 1000);
}

typedef struct { unsigned long long busy[2], total[2], si[2]; int ok; } cpustat;
static void read_cpustat(cpustat *cs)
{
    memset(cs, 0, sizeof *cs);
    FILE *f = fopen("/proc/stat", "re");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        int cpu;
        unsigned long long u, n, sy, id, io, irq, si, st;
        if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &u, &n, &sy, &id, &io, &irq, &si, &st) == 9 &&
            cpu >= 0 && cpu < 2) {
            cs->busy[cpu] = u + n + sy + irq + si + st;
            cs->total[cpu] = cs->busy[cpu] + id + io;
            cs->si[cpu] = irq + si;
            cs->ok |= 1 << cpu;
        }
    }
    fclose(f);
}

static int64_t self_cpu_us(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (int64_t)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
           (int64_t)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
}

/* ------------------------------------------------------------------ */
/* latency histogram (wsload's): log-linear, 128 sub-buckets per power of two */

#define H_SUBBITS 7
#define H_SUB (1u << H_SUBBITS)
#define H_N ((64 - H_SUBBITS) * H_SUB + H_SUB)

typedef struct {
    uint64_t b[H_N];
    uint64_t n, max;
    double sum;
} hist;

static inline unsigned h_idx(uint64_t v)
{
    if (v < 2 * H_SUB)
        return (unsigned)v;
    unsigned msb = 63 - (unsigned)__builtin_clzll(v);
    unsigned shift = msb - H_SUBBITS;
    return (shift + 1) * H_SUB + (unsigned)((v >> shift) - H_SUB);
}

static inline uint64_t h_val(unsigned idx)
{
    if (idx < 2 * H_SUB)
        return idx;
    unsigned shift = idx / H_SUB - 1;
    uint64_t sub = idx % H_SUB + H_SUB;
    return (sub << shift) + ((1ull << shift) >> 1);
}

static void h_add(hist *h, uint64_t v)
{
    h->b[h_idx(v)]++;
    h->n++;
    h->sum += (double)v;
    if (v > h->max)
        h->max = v;
}

static uint64_t h_pct(const hist *h, double p)
{
    if (!h->n)
        return 0;
    uint64_t want = (uint64_t)ceil(p * (double)h->n), acc = 0;
    if (want < 1)
        want = 1;
    for (unsigned i = 0; i < H_N; i++) {
        acc += h->b[i];
        if (acc >= want) {
            uint64_t v = h_val(i);
            return v > h->max ? h->max : v;
        }
    }
    return h->max;
}

/* ------------------------------------------------------------------ */
/* connections                                                        */

enum { C_FREE, C_CONNECTING, C_WAIT };

typedef struct conn {
    int fd;
    uint32_t idx;
    uint8_t state;
    char *buf;
    size_t len, cap;
    uint64_t t_start;
} conn;

static struct {
    int ep;
    conn *c;
    long nconn;
    char req[512];
    size_t reqlen;

    int phase;
    int send_on;
    uint64_t t_phase_end, hard_deadline;
    long inflight;

    uint64_t started, completed, failed; /* all phases */
    uint64_t resp_bytes;                 /* bytes of the last good answer */
    uint64_t errors;
    char first_error[256];

    int measuring;
    uint64_t t0, t1, done0, done1;
    int64_t cpu0, cpu1, sch0, sch1, self0, self1;
    cpustat cs0, cs1;
    hist lat;

    /* scrape */
    uint64_t *lats;
    uint64_t nlats;
    uint64_t next_at;
    double m_first[MAX_METRICS], m_last[MAX_METRICS], m_min[MAX_METRICS], m_max[MAX_METRICS];
    int m_seen[MAX_METRICS];
    size_t page_min, page_max;
} G;

enum { PH_WARMUP, PH_MEASURE, PH_DRAIN, PH_DONE };

static void record_error(const char *fmt, ...)
{
    G.errors++;
    if (G.first_error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(G.first_error, sizeof G.first_error, fmt, ap);
    va_end(ap);
    if (!O.quiet)
        fprintf(stderr, "httpload: error: %s\n", G.first_error);
}

static void conn_close(conn *c)
{
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    if (c->state != C_FREE)
        G.inflight--;
    c->state = C_FREE;
    c->len = 0;
}

static int conn_start(conn *c, uint64_t now)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        record_error("socket: %s", strerror(errno));
        return -1;
    }
    if (O.src_addrs > 1) {
        /* a loopback source address per connection, as wsload's storm does: the kernel's search for a free
           ephemeral port stays short at tens of thousands of connections a second */
        static uint32_t rr;
        int one = 1;
        struct sockaddr_in src = { .sin_family = AF_INET };
        src.sin_addr.s_addr = htonl(INADDR_LOOPBACK + (rr++ % (uint32_t)O.src_addrs));
#ifdef IP_BIND_ADDRESS_NO_PORT
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
        if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0) {
            record_error("bind: %s", strerror(errno));
            close(fd);
            return -1;
        }
    }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)O.port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    c->fd = fd;
    c->state = C_CONNECTING;
    c->len = 0;
    c->t_start = now;
    G.inflight++;
    G.started++;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c };
    if (epoll_ctl(G.ep, EPOLL_CTL_ADD, fd, &ev) < 0)
        die("epoll_ctl: %s", strerror(errno));
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS) {
        record_error("connect: %s", strerror(errno));
        G.failed++;
        conn_close(c);
        return -1;
    }
    return 0;
}

static void next_request(conn *c, uint64_t now);

/* this request failed: count it, close, and go on with the next one */
static void fail(conn *c, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    record_error("GET %s: %s", O.path, msg);
    G.failed++;
    conn_close(c);
    next_request(c, now_ns());
}

/* a header's value in the head [p, end), case-insensitive name; NULL if absent */
static const char *header(const char *p, const char *end, const char *name, size_t *vlen)
{
    size_t nl = strlen(name);
    const char *line = memchr(p, '\n', (size_t)(end - p));
    while (line && line + 1 < end) {
        line++;
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol)
            eol = end;
        if ((size_t)(eol - line) > nl && line[nl] == ':' && !strncasecmp(line, name, nl)) {
            const char *v = line + nl + 1, *ve = eol;
            while (v < ve && (*v == ' ' || *v == '\t'))
                v++;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            *vlen = (size_t)(ve - v);
            return v;
        }
        line = eol < end ? eol : NULL;
    }
    return NULL;
}

/* the value of sample NAME (a whole line "NAME value") in an OpenMetrics page; 0 when found */
static int metric_value(const char *body, size_t blen, const char *name, double *out)
{
    size_t nl = strlen(name);
    const char *p = body, *end = body + blen;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if ((size_t)(eol - p) > nl + 1 && !memcmp(p, name, nl) && p[nl] == ' ') {
            char tmp[64];
            size_t vl = (size_t)(eol - p) - nl - 1;
            if (vl >= sizeof tmp)
                return -1;
            memcpy(tmp, p + nl + 1, vl);
            tmp[vl] = 0;
            char *e;
            *out = strtod(tmp, &e);
            return e == tmp ? -1 : 0;
        }
        p = eol + 1;
    }
    return -1;
}

/* the server's EOF: check the whole answer */
static void answered(conn *c, uint64_t now)
{
    char *b = c->buf;
    size_t n = c->len;
    if (n < 12 || memcmp(b, "HTTP/1.1 ", 9)) {
        fail(c, "not an HTTP/1.1 answer (%zu bytes before EOF)", n);
        return;
    }
    int status = atoi(b + 9);
    char *he = memmem(b, n, "\r\n\r\n", 4);
    if (!he) {
        fail(c, "EOF inside the head");
        return;
    }
    const char *body = he + 4;
    size_t blen = n - (size_t)(body - b);
    if (status != O.expect_status) {
        fail(c, "status %d, expected %d", status, O.expect_status);
        return;
    }
    size_t vl;
    const char *v = header(b, he + 2, "Content-Length", &vl);
    if (!v || (size_t)strtoull(v, NULL, 10) != blen) {
        fail(c, "Content-Length %.*s, body of %zu bytes", v ? (int)vl : 4, v ? v : "none", blen);
        return;
    }
    v = header(b, he + 2, "Connection", &vl);
    if (!v || vl != 5 || strncasecmp(v, "close", 5)) {
        fail(c, "no Connection: close");
        return;
    }
    if (O.expect_type) {
        v = header(b, he + 2, "Content-Type", &vl);
        if (!v || vl < strlen(O.expect_type) || strncasecmp(v, O.expect_type, strlen(O.expect_type))) {
            fail(c, "Content-Type %.*s, expected %s...", v ? (int)vl : 4, v ? v : "none", O.expect_type);
            return;
        }
    }
    if (O.expect_body && (blen != strlen(O.expect_body) || memcmp(body, O.expect_body, blen))) {
        fail(c, "unexpected body (%zu bytes)", blen);
        return;
    }
    uint64_t lat = now - c->t_start;
    if (O.mode == M_SCRAPE) {
        if (blen < 6 || memcmp(body + blen - 6, "# EOF\n", 6)) {
            fail(c, "the page does not end with # EOF");
            return;
        }
        for (int i = 0; i < O.nmetrics; i++) {
            double x;
            if (metric_value(body, blen, O.m_name[i], &x) < 0) {
                fail(c, "no sample %s on the page", O.m_name[i]);
                return;
            }
            if (!G.m_seen[i]) {
                G.m_first[i] = G.m_min[i] = G.m_max[i] = x;
                G.m_seen[i] = 1;
            }
            G.m_last[i] = x;
            if (x < G.m_min[i])
                G.m_min[i] = x;
            if (x > G.m_max[i])
                G.m_max[i] = x;
        }
        if (!G.page_min || blen < G.page_min)
            G.page_min = blen;
        if (blen > G.page_max)
            G.page_max = blen;
        G.lats[G.nlats++] = lat;
    }
    G.completed++;
    G.resp_bytes = n;
    if (G.measuring) {
        h_add(&G.lat, lat);
    }
    conn_close(c);
    next_request(c, now);
}

static void on_event(conn *c, uint32_t ev, uint64_t now)
{
    if (c->state == C_FREE)
        return;
    if (c->state == C_CONNECTING) {
        if (ev & (EPOLLERR | EPOLLHUP)) {
            int err = 0;
            socklen_t el = sizeof err;
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
            fail(c, "connect: %s", err ? strerror(err) : "hang-up");
            return;
        }
        if (!(ev & EPOLLOUT))
            return;
        ssize_t w = send(c->fd, G.req, G.reqlen, MSG_NOSIGNAL);
        if (w != (ssize_t)G.reqlen) {
            fail(c, "send: %s", w < 0 ? strerror(errno) : "short write");
            return;
        }
        c->state = C_WAIT;
        if (!(ev & (EPOLLIN | EPOLLRDHUP)))
            return;
    }
    for (;;) {
        if (c->cap - c->len < 2048) {
            size_t cap = c->cap ? c->cap * 2 : 4096;
            if (cap > (4u << 20)) {
                fail(c, "answer over 4 MiB");
                return;
            }
            char *nb = realloc(c->buf, cap);
            if (!nb)
                die("out of memory");
            c->buf = nb;
            c->cap = cap;
        }
        ssize_t r = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (r > 0) {
            c->len += (size_t)r;
            continue;
        }
        if (r == 0) {
            answered(c, now);
            return;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        if (errno == EINTR)
            continue;
        fail(c, "recv: %s (after %zu bytes)", strerror(errno), c->len);
        return;
    }
}

/* ------------------------------------------------------------------ */
/* phases                                                             */

static void begin_measure(uint64_t now)
{
    G.measuring = 1;
    G.t0 = now;
    G.cpu0 = server_cpu_us();
    G.sch0 = server_sched_us();
    G.self0 = self_cpu_us();
    read_cpustat(&G.cs0);
    G.done0 = G.completed;
    memset(&G.lat, 0, sizeof G.lat);
    G.phase = PH_MEASURE;
    G.t_phase_end = now + (uint64_t)(O.duration * 1e9);
}

static void end_measure(uint64_t now)
{
    if (!G.measuring)
        return;
    G.measuring = 0;
    G.t1 = now;
    G.cpu1 = server_cpu_us();
    G.sch1 = server_sched_us();
    G.self1 = self_cpu_us();
    read_cpustat(&G.cs1);
    G.done1 = G.completed;
    G.send_on = 0;
    G.phase = PH_DRAIN;
    G.t_phase_end = now + (uint64_t)(O.req_timeout * 1e9) + 1000000000ull;
}

static void next_request(conn *c, uint64_t now)
{
    if (O.mode == M_HTTP) {
        if (G.measuring && O.count && G.completed - G.done0 >= O.count)
            end_measure(now);
        if (G.send_on)
            conn_start(c, now);
    } else {
        /* scrape: the next one --interval after this one ended */
        if (G.started >= O.count)
            end_measure(now);
        else
            G.next_at = now + (uint64_t)(O.interval_ms * 1e6);
    }
}

static void tick(uint64_t now)
{
    static uint64_t last_sweep;
    if (now - last_sweep > 50000000ull) {
        last_sweep = now;
        uint64_t limit = (uint64_t)(O.req_timeout * 1e9);
        for (long i = 0; i < G.nconn; i++) {
            conn *c = &G.c[i];
            if (c->state != C_FREE && now - c->t_start > limit) {
                fail(c, "no complete answer after %.1f s (%zu bytes read)", O.req_timeout, c->len);
            }
        }
    }
    switch (G.phase) {
    case PH_WARMUP:
        if (now >= G.t_phase_end)
            begin_measure(now);
        break;
    case PH_MEASURE:
        if (O.mode == M_HTTP) {
            if (now >= G.t_phase_end)
                end_measure(now);
            /* a slot whose attempt failed at connect() */
            for (long i = 0; G.send_on && i < G.nconn; i++)
                if (G.c[i].state == C_FREE && G.c[i].fd < 0 && G.inflight < G.nconn)
                    conn_start(&G.c[i], now);
        } else if (G.inflight == 0 && now >= G.next_at) {
            if (G.started >= O.count)
                end_measure(now);
            else if (conn_start(&G.c[0], now) < 0)
                next_request(&G.c[0], now);
        }
        break;
    case PH_DRAIN:
        if (G.inflight == 0)
            G.phase = PH_DONE;
        else if (now >= G.t_phase_end) {
            for (long i = 0; i < G.nconn; i++)
                if (G.c[i].state != C_FREE)
                    fail(&G.c[i], "still unanswered at the end");
            G.phase = PH_DONE;
        }
        break;
    }
}

/* ------------------------------------------------------------------ */
/* report                                                             */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* nearest-rank percentile of the sorted scrape latencies */
static uint64_t nr_pct(double p)
{
    if (!G.nlats)
        return 0;
    uint64_t k = (uint64_t)ceil(p * (double)G.nlats);
    if (k < 1)
        k = 1;
    return G.lats[k - 1];
}

static void report(void)
{
    double el = (double)(G.t1 - G.t0) / 1e9;
    if (el <= 0)
        el = 1e-9;
    int64_t cpu = (G.cpu0 >= 0 && G.cpu1 >= 0) ? G.cpu1 - G.cpu0 : -1;
    int64_t sch = (G.sch0 >= 0 && G.sch1 >= 0) ? G.sch1 - G.sch0 : -1;
    int64_t self = G.self1 - G.self0;
    uint64_t done = G.done1 - G.done0;
    int ok = G.errors == 0 && done > 0;
    char line[4096];
    int n = 0;
#define P(...) n += snprintf(line + n, sizeof line - (size_t)n, __VA_ARGS__)
    P("httpload mode=%s", mode_names[O.mode]);
    if (O.label)
        P(" label=%s", O.label);
    P(" port=%d path=%s", O.port, O.path);
    if (O.mode == M_HTTP) {
        P(" concurrency=%ld elapsed_s=%.3f requests=%" PRIu64 " requests_per_s=%.0f", G.nconn, el, done, done / el);
        P(" p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f", h_pct(&G.lat, .5) / 1e3, h_pct(&G.lat, .99) / 1e3,
          h_pct(&G.lat, .999) / 1e3, G.lat.max / 1e3);
    } else {
        qsort(G.lats, G.nlats, sizeof *G.lats, cmp_u64);
        double mean = 0;
        for (uint64_t i = 0; i < G.nlats; i++)
            mean += (double)G.lats[i];
        mean = G.nlats ? mean / (double)G.nlats : 0;
        P(" interval_ms=%.1f elapsed_s=%.3f scrapes=%" PRIu64 " p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f mean_us=%.1f",
          O.interval_ms, el, G.nlats, nr_pct(.5) / 1e3, nr_pct(.9) / 1e3, nr_pct(.99) / 1e3,
          G.nlats ? G.lats[G.nlats - 1] / 1e3 : 0.0, mean / 1e3);
        P(" page_bytes_min=%zu page_bytes_max=%zu", G.page_min, G.page_max);
        for (int i = 0; i < O.nmetrics; i++)
            if (G.m_seen[i])
                P(" %s_first=%.15g %s_last=%.15g %s_min=%.15g %s_max=%.15g", O.m_alias[i], G.m_first[i], O.m_alias[i],
                  G.m_last[i], O.m_alias[i], G.m_min[i], O.m_alias[i], G.m_max[i]);
    }
    const char *unit = O.mode == M_HTTP ? "req" : "scrape";
    if (cpu >= 0) {
        P(" server_cpu_us=%" PRId64 " server_cpu_pct=%.1f", cpu, cpu / (el * 1e4));
        if (done)
            P(" server_cpu_us_per_%s=%.4f", unit, (double)cpu / (double)done);
    }
    if (sch >= 0 && done)
        P(" server_sched_us_per_%s=%.4f", unit, (double)sch / (double)done);
    P(" client_cpu_pct=%.1f", self / (el * 1e4));
    for (int k = 0; k < 2; k++) {
        if (!(G.cs0.ok & G.cs1.ok & (1 << k)))
            continue;
        unsigned long long tot = G.cs1.total[k] - G.cs0.total[k];
        if (tot)
            P(" cpu%d_busy_pct=%.1f cpu%d_irq_pct=%.1f", k, 100.0 * (double)(G.cs1.busy[k] - G.cs0.busy[k]) / (double)tot,
              k, 100.0 * (double)(G.cs1.si[k] - G.cs0.si[k]) / (double)tot);
    }
    P(" response_bytes=%" PRIu64 " total_started=%" PRIu64 " total_ok=%" PRIu64 " total_failed=%" PRIu64
      " errors=%" PRIu64 " ok=%d",
      G.resp_bytes, G.started, G.completed, G.failed, G.errors, ok);
    puts(line);

    n = 0;
    if (O.mode == M_HTTP) {
        P("# http GET %s, %ld concurrent, a new connection each, %.2f s: %.0f requests/s, p50 %.1f us, p99 %.1f us",
          O.path, G.nconn, el, done / el, h_pct(&G.lat, .5) / 1e3, h_pct(&G.lat, .99) / 1e3);
    } else {
        P("# scrape GET %s x %" PRIu64 ", %.0f ms apart: p50 %.1f us, p99 %.1f us, max %.1f us", O.path, G.nlats,
          O.interval_ms, nr_pct(.5) / 1e3, nr_pct(.99) / 1e3, G.nlats ? G.lats[G.nlats - 1] / 1e3 : 0.0);
    }
    if (cpu >= 0 && done)
        P("; server CPU %.2f us/%s (%.0f%% of a core)", (double)cpu / (double)done, unit, cpu / (el * 1e4));
    if (!ok)
        P("; %" PRIu64 " ERROR(S)%s%s", G.errors, G.first_error[0] ? ", first: " : "", G.first_error[0] ? G.first_error : " (no request measured)");
    puts(line);
#undef P
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "httpload: hard timeout, giving up\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    _exit(3);
}

static void usage(void)
{
    fputs("usage: httpload MODE [options]\n"
          "modes: http (closed-loop load), scrape (one request after another)\n"
          "  --host H            127.0.0.1 or localhost only (default 127.0.0.1)\n"
          "  --port P            server port (default 8080)\n"
          "  --path P            request path (default /)\n"
          "  -c, --conns N       http: requests in flight, each on its own connection (default 64)\n"
          "  -d, --duration S    http: measured seconds (default 5)\n"
          "  -w, --warmup S      http: unmeasured seconds before (default 1)\n"
          "  -n, --count N       http: stop measuring after N requests; scrape: how many (default 200)\n"
          "  --interval MS       scrape: pause after each scrape (default 10)\n"
          "  -t, --timeout S     hard timeout for the whole run\n"
          "  --req-timeout S     a request not answered (EOF) by then fails (default 5)\n"
          "  --src-addrs N       spread connections over source addresses 127.0.0.1..N (default 16 for http,\n"
          "                      1 for scrape)\n"
          "  --server-pid PID    read the server's CPU time from /proc/PID/stat and schedstat\n"
          "  --expect-status N   the status every answer must have (default 200)\n"
          "  --expect-body S     the body every answer must have (\\n, \\r, \\t and \\\\ are read as C escapes)\n"
          "  --expect-type S     what every answer's Content-Type must begin with\n"
          "  --metric ALIAS=NAME scrape: read sample NAME (e.g. 'websocket_messages_total{direction=\"in\"}')\n"
          "                      from every page (at most 8)\n"
          "  --label L           copied to the output line\n"
          "  -q, --quiet         no error line on stderr\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    O.mode = -1;
    for (int i = 0; i < (int)(sizeof mode_names / sizeof *mode_names); i++)
        if (!strcmp(argv[1], mode_names[i]))
            O.mode = i;
    if (O.mode < 0)
        usage();
    O.host = "127.0.0.1";
    O.port = 8080;
    O.path = "/";
    O.conns = -1;
    O.duration = -1;
    O.warmup = -1;
    O.timeout = -1;
    O.req_timeout = 5;
    O.interval_ms = 10;
    O.src_addrs = -1;
    O.expect_status = 200;

    static const struct option lo[] = {
        { "host", 1, 0, 'H' },        { "port", 1, 0, 'p' },        { "path", 1, 0, 'a' },
        { "conns", 1, 0, 'c' },       { "duration", 1, 0, 'd' },    { "warmup", 1, 0, 'w' },
        { "count", 1, 0, 'n' },       { "interval", 1, 0, 'I' },    { "timeout", 1, 0, 't' },
        { "req-timeout", 1, 0, 'R' }, { "src-addrs", 1, 0, 'S' },   { "server-pid", 1, 0, 'P' },
        { "expect-status", 1, 0, 'x' }, { "expect-body", 1, 0, 'b' }, { "expect-type", 1, 0, 'y' },
        { "metric", 1, 0, 'm' },      { "label", 1, 0, 'L' },       { "quiet", 0, 0, 'q' },
        { "help", 0, 0, 'h' },        { 0, 0, 0, 0 },
    };
    int ch;
    optind = 2;
    while ((ch = getopt_long(argc, argv, "c:d:w:n:t:qh", lo, NULL)) != -1) {
        switch (ch) {
        case 'H': O.host = optarg; break;
        case 'p': O.port = (int)parse_long(optarg, "port"); break;
        case 'a': O.path = optarg; break;
        case 'c': O.conns = parse_long(optarg, "conns"); break;
        case 'd': O.duration = parse_double(optarg, "duration"); break;
        case 'w': O.warmup = parse_double(optarg, "warmup"); break;
        case 'n': O.count = (uint64_t)parse_long(optarg, "count"); break;
        case 'I': O.interval_ms = parse_double(optarg, "interval"); break;
        case 't': O.timeout = parse_double(optarg, "timeout"); break;
        case 'R': O.req_timeout = parse_double(optarg, "req-timeout"); break;
        case 'S': O.src_addrs = parse_long(optarg, "src-addrs"); break;
        case 'P': O.server_pid = (int)parse_long(optarg, "server-pid"); break;
        case 'x': O.expect_status = (int)parse_long(optarg, "expect-status"); break;
        case 'b': {
            /* C escapes \n \r \t \\, so that the command line stays printable */
            char *w = optarg;
            for (const char *r = optarg; *r; r++) {
                if (*r == '\\' && r[1]) {
                    r++;
                    *w++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r == 't' ? '\t' : *r;
                } else {
                    *w++ = *r;
                }
            }
            *w = 0;
            O.expect_body = optarg;
            break;
        }
        case 'y': O.expect_type = optarg; break;
        case 'm': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1])
                die("--metric wants ALIAS=NAME");
            if (O.nmetrics == MAX_METRICS)
                die("at most %d --metric", MAX_METRICS);
            *eq = 0;
            for (const char *s = optarg; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
                    die("--metric alias '%s': a-z, 0-9 and _ only", optarg);
            O.m_alias[O.nmetrics] = optarg;
            O.m_name[O.nmetrics++] = eq + 1;
            break;
        }
        case 'L': O.label = optarg; break;
        case 'q': O.quiet = 1; break;
        default: usage();
        }
    }
    if (optind != argc)
        usage();

    if (strcmp(O.host, "127.0.0.1") && strcasecmp(O.host, "localhost"))
        die("refusing host '%s': httpload only connects to 127.0.0.1/localhost", O.host);
    if (O.port < 1 || O.port > 65535)
        die("bad port %d", O.port);
    if (O.path[0] != '/' || strpbrk(O.path, " \r\n") || strlen(O.path) > 256)
        die("bad path '%s'", O.path);
    if (O.mode == M_SCRAPE) {
        if (O.conns > 1)
            die("scrape sends one request at a time (no -c)");
        O.conns = 1;
        if (!O.count)
            O.count = 200;
        if (O.count > 1000000)
            die("at most 1,000,000 scrapes");
        if (O.src_addrs < 0)
            O.src_addrs = 1;
        O.warmup = 0;
        O.duration = 0;
    } else {
        if (O.nmetrics)
            die("--metric goes with scrape");
        if (O.conns < 0)
            O.conns = 64;
        if (O.duration < 0)
            O.duration = O.count ? 600 : 5;
        if (O.warmup < 0)
            O.warmup = 1;
        if (O.src_addrs < 0)
            O.src_addrs = 16;
    }
    if (O.conns < 1 || O.conns > 10000)
        die("conns must be 1..10000");
    if (O.src_addrs < 1 || O.src_addrs > 254)
        die("src-addrs must be 1..254");
    if (O.duration > 3600 || O.warmup > 600 || O.req_timeout <= 0 || O.req_timeout > 600 || O.interval_ms > 60000)
        die("duration at most 3600 s, warmup at most 600 s, req-timeout 0..600 s, interval at most 60 s");
    if (O.timeout < 0)
        O.timeout = O.mode == M_HTTP ? O.warmup + O.duration + O.req_timeout + 30
                                     : (double)O.count * (O.interval_ms / 1e3 + 0.05) + O.req_timeout + 30;
    if (O.timeout > 7200)
        O.timeout = 7200;

    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)ceil(O.timeout) + 5);

    clk_tck = (double)sysconf(_SC_CLK_TCK);
    if (clk_tck <= 0)
        clk_tck = 100;
    if (O.server_pid > 0 && server_cpu_us() < 0)
        die("cannot read /proc/%d/stat", O.server_pid);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }

    G.reqlen = (size_t)snprintf(G.req, sizeof G.req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: httpload\r\nAccept: */*\r\n\r\n",
                                O.path, O.port);
    G.ep = epoll_create1(EPOLL_CLOEXEC);
    if (G.ep < 0)
        die("epoll_create1: %s", strerror(errno));
    G.nconn = O.conns;
    G.c = xcalloc((size_t)G.nconn, sizeof(conn));
    for (long i = 0; i < G.nconn; i++) {
        G.c[i].fd = -1;
        G.c[i].idx = (uint32_t)i;
    }
    if (O.mode == M_SCRAPE)
        G.lats = xcalloc((size_t)O.count, sizeof(uint64_t));

    uint64_t start = now_ns();
    G.hard_deadline = start + (uint64_t)(O.timeout * 1e9);
    G.send_on = 1;
    if (O.mode == M_SCRAPE || O.warmup <= 0) {
        begin_measure(start);
    } else {
        G.phase = PH_WARMUP;
        G.t_phase_end = start + (uint64_t)(O.warmup * 1e9);
    }
    if (O.mode == M_HTTP)
        for (long i = 0; i < G.nconn; i++)
            conn_start(&G.c[i], start);
    else
        G.next_at = start;

    struct epoll_event evs[1024];
    int timed_out = 0;
    while (G.phase != PH_DONE) {
        uint64_t now = now_ns();
        if (now >= G.hard_deadline) {
            timed_out = 1;
            break;
        }
        tick(now);
        if (G.phase == PH_DONE)
            break;
        int ms = 10;
        if (O.mode == M_SCRAPE && G.inflight == 0 && G.phase == PH_MEASURE) {
            /* sleep until the next scrape is due (epoll's 1 ms granularity: at most 1 ms late) */
            uint64_t t = now_ns();
            ms = G.next_at > t ? (int)((G.next_at - t + 999999) / 1000000) : 0;
            if (ms > 10)
                ms = 10;
        }
        int n = epoll_wait(G.ep, evs, 1024, ms);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("epoll_wait: %s", strerror(errno));
        }
        now = now_ns();
        for (int i = 0; i < n; i++)
            on_event(evs[i].data.ptr, evs[i].events, now);
    }
    if (timed_out) {
        record_error("hard timeout of %.0f s reached in phase %d", O.timeout, G.phase);
        if (G.measuring)
            end_measure(now_ns());
    }
    if (!G.t1) {
        G.t1 = G.t0 = now_ns();
        G.cpu0 = G.cpu1 = -1;
    }
    report();
    return G.errors || G.done1 == G.done0 ? 1 : 0;
}
