/*
 * wsload: a WebSocket (RFC 6455) load generator for benchmarking ext-websocket.
 *
 * One thread, one epoll loop, many non-blocking connections. Client frames are
 * masked with a fresh random mask per frame. Every echoed (or broadcast)
 * payload is checked byte for byte against what was sent. Every mode is
 * bounded by a duration and/or a count, and by a hard timeout. It connects
 * only to 127.0.0.1 (or "localhost", which it maps to 127.0.0.1).
 *
 * Modes: echo, latency, large, storm, idle, broadcast, probe. --raw sends the
 * same traffic as raw TCP bytes (no framing, no handshake) for a floor.
 * --deflate offers permessage-deflate (RFC 7692), compresses what it sends
 * with zlib as the server agreed, inflates what comes back (RSV1) and checks
 * the inflated bytes; --content picks what the messages hold (random bytes,
 * JSON-like records, English-like text) so compression has something real to
 * work on. The wire bytes received per message are reported.
 *
 * Output: one machine-readable "key=value ..." line (prefixed "wsload ") and
 * one human line (prefixed "# ").
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
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <zlib.h>

#include "core/ws_frame.h"

/* ------------------------------------------------------------------ */
/* options                                                            */

enum { M_ECHO, M_LATENCY, M_LARGE, M_STORM, M_IDLE, M_BROADCAST, M_PROBE };
static const char *mode_names[] = { "echo", "latency", "large", "storm", "idle", "broadcast", "probe" };

static struct {
    int mode;
    const char *host;
    int port;
    long conns;          /* connections (receivers for broadcast, concurrency for storm) */
    long inflight;
    size_t size;
    double duration;
    double warmup;
    uint64_t count;      /* 0 = no count bound (duration bounds it) */
    double timeout;      /* hard timeout for the whole run */
    double close_wait;   /* how long to wait for the server's close frame / EOF */
    long connect_batch;  /* handshakes in progress at once while connecting */
    long src_addrs;      /* spread connections over source addresses 127.0.0.1 .. 127.0.0.N */
    int server_pid;      /* the first of server_pids (messages) */
    int server_pids[16]; /* --server-pid PID[,PID...]: CPU time and RSS are summed over them (a master and its workers) */
    int nserver_pids;
    int aux_pids[16];    /* --aux-pid PID[,PID...]: another process (a Redis server) whose CPU time is reported apart */
    int naux_pids;
    int raw;
    int tls;             /* --tls: wss:// (the server's certificate is not verified: loopback benchmarks) */
    int tls_resume;      /* --tls-resume: every connection after the first resumes a session (ticket) */
    int wire;            /* --raw: messages as long as the WebSocket frame of the payload */
    size_t payload;      /* --wire: the payload size reported (O.size is then the wire size) */
    int text;
    const char *path;
    const char *label;
    int quiet;
    int deflate;         /* --deflate: offer permessage-deflate */
    int browser;         /* --browser: the handshake headers of a browser */
    int content;         /* --content: 0 random, 1 json, 2 text */
    int warm;            /* --warm (idle): one message each way per connection before measuring */
} O;

/* ------------------------------------------------------------------ */
/* small helpers                                                      */

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
    fputs("wsload: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static uint64_t rng_state;
static inline uint64_t rng64(void)
{
    /* xorshift64* */
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static void rng_seed(void)
{
    uint64_t s = 0;
    if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s)
        s = now_ns() ^ ((uint64_t)getpid() << 32);
    rng_state = s ? s : 0x9E3779B97F4A7C15ull;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

static void *xcalloc(size_t a, size_t b)
{
    void *p = calloc(a ? a : 1, b ? b : 1);
    if (!p)
        die("out of memory");
    return p;
}

static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v < 0)
        die("bad size '%s'", s);
    if (*end == 'k' || *end == 'K')
        v *= 1024, end++;
    else if (*end == 'm' || *end == 'M')
        v *= 1024 * 1024, end++;
    else if (*end == 'g' || *end == 'G')
        v *= 1024.0 * 1024 * 1024, end++;
    if (*end == 'i' || *end == 'I')
        end++;
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end)
        die("bad size '%s'", s);
    return (size_t)v;
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
/* server /proc readings                                              */

/* utime+stime of the server process, in microseconds; -1 if unknown */
static double clk_tck;

/* /proc/<pid>/<name> into buf, NUL-terminated; 0, or -1 if unknown */
static int read_server_proc(int pid, const char *name, char *buf, size_t size)
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

static int64_t pid_cpu_us(int pid)
{
    char buf[1024];
    if (read_server_proc(pid, "stat", buf, sizeof buf) < 0)
        return -1;
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    p += 2; /* field 3: state */
    unsigned long long ut = 0, st = 0;
    /* fields 3..15: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
    if (sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (int64_t)((double)(ut + st) * 1e6 / clk_tck);
}

/* on-CPU time from /proc/PID/schedstat (ns resolution; main thread) in us; -1 if unknown */
static int64_t pid_sched_us(int pid)
{
    char buf[256];
    if (read_server_proc(pid, "schedstat", buf, sizeof buf) < 0)
        return -1;
    unsigned long long ns = 0;
    if (sscanf(buf, "%llu", &ns) != 1)
        return -1;
    return (int64_t)(ns / 1000);
}

/* VmRSS of a server process in KiB; -1 if unknown */
static int64_t pid_rss_kib(int pid)
{
    if (pid <= 0)
        return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    char line[256];
    int64_t v = -1;
    while (fgets(line, sizeof line, f)) {
        long long k;
        if (sscanf(line, "VmRSS: %lld kB", &k) == 1) {
            v = k;
            break;
        }
    }
    fclose(f);
    return v;
}

/* the server's figures: the sum over every --server-pid; -1 if any is unknown */
static int64_t server_sum(int64_t (*fn)(int))
{
    int64_t sum = 0;
    if (O.nserver_pids == 0)
        return -1;
    for (int i = 0; i < O.nserver_pids; i++) {
        int64_t v = fn(O.server_pids[i]);
        if (v < 0)
            return -1;
        sum += v;
    }
    return sum;
}
static int64_t server_cpu_us(void) { return server_sum(pid_cpu_us); }
/* the --aux-pid processes' CPU time, summed; -1 if none or any is unknown */
static int64_t aux_cpu_us(void)
{
    int64_t sum = 0;
    if (O.naux_pids == 0)
        return -1;
    for (int i = 0; i < O.naux_pids; i++) {
        int64_t v = pid_cpu_us(O.aux_pids[i]);
        if (v < 0)
            return -1;
        sum += v;
    }
    return sum;
}
static int64_t server_sched_us(void) { return server_sum(pid_sched_us); }
static int64_t server_rss_kib(void) { return server_sum(pid_rss_kib); }

/* busy and total jiffies of CPUs 0 and 1 from /proc/stat (to see what else ran there) */
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
/* latency histogram: log-linear, 128 sub-buckets per power of two    */

#define H_SUBBITS 7
#define H_SUB (1u << H_SUBBITS)
#define H_N ((64 - H_SUBBITS) * H_SUB + H_SUB)

typedef struct {
    uint64_t b[H_N];
    uint64_t n;
    uint64_t max;
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

static inline void h_add(hist *h, uint64_t v)
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
    uint64_t want = (uint64_t)ceil(p * (double)h->n);
    if (want < 1)
        want = 1;
    uint64_t acc = 0;
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

enum { C_FREE, C_CONNECTING, C_HS, C_OPEN, C_CLOSING, C_DONE };

typedef struct conn {
    int fd;
    uint32_t idx;
    uint8_t state;
    uint8_t epout;      /* EPOLLOUT is registered */
    uint8_t got_close;  /* the server's close frame arrived */
    uint8_t sent_close;
    uint8_t ps;         /* parser: 0 header, 1 payload */
    uint8_t hgot, hneed;
    uint8_t op;         /* opcode of the frame being read */
    uint8_t fin;
    uint8_t msg_op;     /* opcode of the message in progress, 0 if none */
    uint8_t discard;    /* the message in progress is unsolicited */
    uint8_t bad;        /* the message in progress failed verification (still counts as the reply) */
    uint8_t ctllen;
    uint8_t hdr[14];
    uint8_t ctl[125];
    char *hs;           /* handshake response buffer */
    uint32_t hslen;
    char accept[32];    /* expected Sec-WebSocket-Accept */
    uint8_t *ob;        /* output buffer */
    size_t olen, ooff, ocap;
    uint64_t prem;      /* payload bytes left in the current frame */
    uint64_t mpos;      /* bytes of the current message seen so far */
    uint64_t sseq, rseq;
    uint64_t *ts;       /* ring of send times, inflight entries */
    uint64_t t_start;   /* connect started */
    uint64_t t_close;   /* close started */
    SSL *ssl;           /* --tls */
    uint8_t tls_hs;     /* the TLS handshake is under way (state C_HS) */
    /* permessage-deflate, as the server agreed */
    uint8_t pmd;        /* negotiated */
    uint8_t srv_nct;    /* server_no_context_takeover: reset the inflater after each message */
    uint8_t cli_nct;    /* client_no_context_takeover: reset the deflater after each message */
    uint8_t cli_bits;   /* client_max_window_bits */
    uint8_t zmsg;       /* the message in progress is compressed */
    z_stream *zin, *zout;
} conn;

#define HS_MAX 8192

static struct {
    int ep;
    conn *c;
    long nconn;         /* size of c[] */
    uint8_t *pat;       /* payload pattern */
    size_t patlen;
    uint8_t *rbuf;
    size_t rbufsz;
    EVP_MD *sha1;

    int phase;
    int send_on;        /* new messages may be queued */
    long started, n_open, n_failed, n_pending, n_closed;
    uint64_t t_phase_end;
    uint64_t last_rx;
    uint64_t hard_deadline;

    /* counters (cumulative) */
    uint64_t msgs;        /* verified messages (echo) or deliveries (broadcast) */
    uint64_t bytes;       /* verified payload bytes */
    uint64_t sender_copies;
    uint64_t unsolicited;
    uint64_t errors;
    uint64_t verify_errors;
    uint64_t unexpected_close;
    uint64_t close_timeouts;
    uint64_t connect_errors;
    uint64_t hs_errors;
    uint64_t handshakes;  /* completed open+handshake(+close) cycles (storm) */
    uint64_t pings;
    uint64_t rx_bytes;    /* bytes read from the server since the handshakes (frames, compressed or not) */
    uint64_t rx0, rx1;
    uint64_t zmsgs;       /* messages that arrived compressed */
    uint8_t *zbuf;        /* compress / inflate scratch */
    size_t zcap;
    int last_close_code;
    int last_http_status;
    char first_error[256];

    /* measured-interval snapshots */
    int measuring;
    uint64_t t0, t1;
    int64_t cpu0, cpu1, sch0, sch1, self0, self1, aux0, aux1;
    cpustat cs0, cs1;
    uint64_t msgs0, msgs1, sc0, sc1, bytes0, bytes1, hs0, hs1;
    hist lat;             /* echo: round trip; broadcast: time to last delivery; storm: cycle */
    hist hslat;           /* handshake time (connect start .. 101) */

    /* broadcast */
    uint64_t b_sent, b_done;
    uint64_t *b_tsent;
    uint32_t *b_left;
    uint64_t b_last_progress;
    hist b_first;         /* time to first delivery */
    uint32_t *b_first_seen;

    /* idle */
    int64_t rss0, rss1;
    long open_at_rss;
    int64_t cpu_conn0, cpu_conn1;
    uint64_t t_conn0, t_conn1;
} G;

enum { PH_CONNECT, PH_SETTLE, PH_WARMUP, PH_MEASURE, PH_DRAIN, PH_CLOSE, PH_DONE };

static void record_error(const char *fmt, ...);

/* --tls */
static SSL_CTX *tls_ctx;
static SSL_SESSION *tls_sess;      /* the newest session, which the next connection resumes (--tls-resume) */
static uint64_t tls_resumed, tls_full;

static int tls_new_session(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    /* the newest ticket: TLS 1.3 clients should not reuse one (RFC 8446 C.4) */
    if (tls_sess)
        SSL_SESSION_free(tls_sess);
    tls_sess = sess;
    return 1; /* kept */
}

static void tls_setup(void)
{
    tls_ctx = SSL_CTX_new(TLS_client_method());
    if (!tls_ctx)
        die("SSL_CTX_new failed");
    SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_mode(tls_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_session_cache_mode(tls_ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(tls_ctx, tls_new_session);
    static const unsigned char alpn[] = "\x08http/1.1";
    SSL_CTX_set_alpn_protos(tls_ctx, alpn, sizeof alpn - 1);
}

/* recv()/send() through TLS when --tls: the same returns and errno. */
static ssize_t tls_io_result(conn *c, int r, size_t n)
{
    if (r == 1)
        return (ssize_t)n;
    switch (SSL_get_error(c->ssl, r)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    case SSL_ERROR_SYSCALL:
        if (errno == 0)
            return 0;
        return -1;
    default: {
        unsigned long code = ERR_peek_last_error();
        if (code && !G.first_error[0])
            record_error("conn %u: TLS: %s", c->idx, ERR_reason_error_string(code));
        ERR_clear_error();
        errno = ECONNRESET;
        return -1;
    }
    }
}

static ssize_t c_recv(conn *c, void *buf, size_t len)
{
    size_t n = 0;
    if (!c->ssl)
        return recv(c->fd, buf, len, 0);
    int r = SSL_read_ex(c->ssl, buf, len, &n);
    return tls_io_result(c, r, n);
}

static ssize_t c_send(conn *c, const void *buf, size_t len)
{
    size_t n = 0;
    if (!c->ssl)
        return send(c->fd, buf, len, MSG_NOSIGNAL);
    int r = SSL_write_ex(c->ssl, buf, len, &n);
    return tls_io_result(c, r, n);
}

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
        fprintf(stderr, "wsload: error: %s\n", G.first_error);
}

static void ep_mod(conn *c, int want_out)
{
    /* edge-triggered with EPOLLIN|EPOLLOUT registered once: nothing to change */
    c->epout = (uint8_t)want_out;
}

static void ob_reserve(conn *c, size_t more)
{
    if (c->olen + more <= c->ocap)
        return;
    if (c->ooff) {
        memmove(c->ob, c->ob + c->ooff, c->olen - c->ooff);
        c->olen -= c->ooff;
        c->ooff = 0;
        if (c->olen + more <= c->ocap)
            return;
    }
    size_t cap = c->ocap ? c->ocap : 256;
    while (cap < c->olen + more)
        cap *= 2;
    uint8_t *n = realloc(c->ob, cap);
    if (!n)
        die("out of memory");
    c->ob = n;
    c->ocap = cap;
}

/* payload of message seq on connection idx starts at pat + poff() */
#define PAT_SLACK 4093u
static inline size_t poff(uint32_t idx, uint64_t seq)
{
    return (size_t)((seq * 2654435761ull + (uint64_t)idx * 40503ull) % PAT_SLACK);
}

/* append a masked client frame */
static void put_frame_rsv(conn *c, int opcode, uint8_t rsv, const uint8_t *p, size_t len)
{
    ob_reserve(c, len + 14);
    uint8_t *h = c->ob + c->olen;
    uint32_t m32 = (uint32_t)rng64();
    uint8_t mk[4];
    memcpy(mk, &m32, 4);
    size_t hl = ws_frame_header_encode(h, (uint8_t)opcode, 1, rsv, len, mk);
    uint8_t *d = h + hl;
    /* Header and masking from the server's own core (src/core/ws_frame.c), which
     * masks 64 bytes a round: a scalar loop here made the generator, not the
     * server, the limit for large messages. */
    ws_mask_copy(d, p, len, mk, 0);
    c->olen += hl + len;
}

static void put_frame(conn *c, int opcode, const uint8_t *p, size_t len)
{
    put_frame_rsv(c, opcode, 0, p, len);
}

static void zbuf_reserve(size_t n)
{
    if (G.zcap < n) {
        G.zcap = n;
        G.zbuf = realloc(G.zbuf, n);
        if (!G.zbuf)
            die("out of memory");
    }
}

/* a data message: compressed (RFC 7692 §7.2.1) when the server agreed permessage-deflate */
static void put_data(conn *c, int opcode, const uint8_t *p, size_t len)
{
    if (!c->pmd) {
        put_frame(c, opcode, p, len);
        return;
    }
    if (!c->zout) {
        c->zout = xcalloc(1, sizeof(z_stream));
        if (deflateInit2(c->zout, 6, Z_DEFLATED, -(c->cli_bits < 9 ? 9 : c->cli_bits), 8, Z_DEFAULT_STRATEGY) != Z_OK)
            die("deflateInit2 failed");
    }
    zbuf_reserve(deflateBound(c->zout, (uLong)len) + 64);
    c->zout->next_in = (Bytef *)p;
    c->zout->avail_in = (uInt)len;
    c->zout->next_out = G.zbuf;
    c->zout->avail_out = (uInt)G.zcap;
    if (deflate(c->zout, Z_SYNC_FLUSH) != Z_OK || c->zout->avail_in)
        die("deflate failed");
    size_t zn = G.zcap - c->zout->avail_out;
    if (zn >= 4 && !memcmp(G.zbuf + zn - 4, "\0\0\xff\xff", 4))
        zn -= 4;
    if (zn == 0)
        G.zbuf[zn++] = 0;
    if (c->cli_nct)
        deflateReset(c->zout);
    put_frame_rsv(c, opcode, 0x4, G.zbuf, zn);
}

static void put_raw(conn *c, const uint8_t *p, size_t len)
{
    ob_reserve(c, len);
    memcpy(c->ob + c->olen, p, len);
    c->olen += len;
}

static void conn_finish(conn *c);

/* write what is queued; returns -1 if the connection died */
static int flush(conn *c)
{
    while (c->ooff < c->olen) {
        ssize_t n = c_send(c, c->ob + c->ooff, c->olen - c->ooff);
        if (n > 0) {
            c->ooff += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            ep_mod(c, 1);
            return 0;
        }
        if (c->state != C_CLOSING) {
            G.unexpected_close++;
            record_error("conn %u: send: %s", c->idx, strerror(errno));
        }
        conn_finish(c);
        return -1;
    }
    c->olen = c->ooff = 0;
    ep_mod(c, 0);
    return 0;
}

/* ------------------------------------------------------------------ */
/* sending                                                            */

static inline int data_opcode(void) { return O.text ? 1 : 2; }

static void send_msg(conn *c, uint64_t now, uint32_t pidx)
{
    const uint8_t *p = G.pat + poff(pidx, c->sseq);
    if (O.raw)
        put_raw(c, p, O.size);
    else
        put_data(c, data_opcode(), p, O.size);
    if (c->ts)
        c->ts[c->sseq % (uint64_t)O.inflight] = now;
    c->sseq++;
}

/* echo-like modes: keep inflight messages outstanding */
static void pump(conn *c, uint64_t now)
{
    if (!G.send_on || c->state != C_OPEN)
        return;
    while (c->sseq - c->rseq < (uint64_t)O.inflight)
        send_msg(c, now, c->idx);
}

static void bcast_pump(uint64_t now)
{
    conn *s = &G.c[0];
    if (!G.send_on || s->state != C_OPEN)
        return;
    int queued = 0;
    while (G.b_sent - G.b_done < (uint64_t)O.inflight) {
        size_t slot = G.b_sent % (uint64_t)O.inflight;
        G.b_tsent[slot] = now;
        G.b_left[slot] = (uint32_t)(G.nconn - 1);
        G.b_first_seen[slot] = 0;
        const uint8_t *p = G.pat + poff(0, G.b_sent);
        if (O.raw)
            put_raw(s, p, O.size);
        else
            put_data(s, 1, p, O.size);
        G.b_sent++;
        queued = 1;
    }
    if (queued)
        flush(s);
}

static void start_close(conn *c, uint64_t now)
{
    if (c->state == C_CLOSING || c->state == C_DONE || c->state == C_FREE)
        return;
    if (c->state != C_OPEN || O.raw) {
        conn_finish(c);
        return;
    }
    uint8_t pl[2] = { 1000 >> 8, 1000 & 0xff };
    put_frame(c, 8, pl, 2);
    c->sent_close = 1;
    c->state = C_CLOSING;
    c->t_close = now;
    flush(c);
}

/* ------------------------------------------------------------------ */
/* receiving                                                          */

static void on_message(conn *c, uint64_t now);

static void verify_fail(conn *c, const uint8_t *exp, const uint8_t *got, size_t n, const char *what)
{
    size_t i = 0;
    while (i < n && exp[i] == got[i])
        i++;
    G.verify_errors++;
    record_error("conn %u: %s: message %" PRIu64 " byte %" PRIu64 ": expected 0x%02x got 0x%02x",
                 c->idx, what, c->rseq, c->mpos + i, i < n ? exp[i] : 0, i < n ? got[i] : 0);
}

static inline uint32_t pat_idx(conn *c)
{
    return O.mode == M_BROADCAST ? 0 : c->idx;
}

/* verify a chunk of the message in progress */
static void data_chunk(conn *c, const uint8_t *p, size_t n)
{
    if (c->discard) {
        c->mpos += n;
        return;
    }
    if (c->bad) {
        c->mpos += n;
        return;
    }
    if (c->mpos + n > O.size) {
        G.verify_errors++;
        record_error("conn %u: message %" PRIu64 " longer than %zu bytes", c->idx, c->rseq, O.size);
        c->bad = 1;
        c->mpos += n;
        return;
    }
    const uint8_t *exp = G.pat + poff(pat_idx(c), c->rseq) + c->mpos;
    if (memcmp(exp, p, n) != 0) {
        verify_fail(c, exp, p, n, "payload mismatch");
        c->bad = 1;
    }
    c->mpos += n;
    G.bytes += n;
}

/* compressed payload bytes (or, with tail, the 00 00 FF FF at the message's end): inflate and verify */
static void inflate_chunk(conn *c, const uint8_t *p, size_t n, int tail)
{
    static const uint8_t t4[4] = { 0, 0, 0xff, 0xff };
    if (!c->zin) {
        c->zin = xcalloc(1, sizeof(z_stream));
        if (inflateInit2(c->zin, -15) != Z_OK)
            die("inflateInit2 failed");
    }
    zbuf_reserve(256 * 1024);
    c->zin->next_in = (Bytef *)(tail ? t4 : p);
    c->zin->avail_in = (uInt)(tail ? 4 : n);
    for (;;) {
        c->zin->next_out = G.zbuf;
        c->zin->avail_out = (uInt)G.zcap;
        int rc = inflate(c->zin, Z_SYNC_FLUSH);
        size_t got = G.zcap - c->zin->avail_out;
        if (got)
            data_chunk(c, G.zbuf, got);
        if (rc == Z_STREAM_END) {
            inflateReset(c->zin);
            if (!c->zin->avail_in)
                break;
            continue;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            G.verify_errors++;
            record_error("conn %u: message %" PRIu64 " does not inflate: %s", c->idx, c->rseq,
                         c->zin->msg ? c->zin->msg : "?");
            c->bad = 1;
            inflateReset(c->zin);
            break;
        }
        if (c->zin->avail_out && !c->zin->avail_in)
            break;
        if (rc == Z_BUF_ERROR && !got)
            break;
    }
}

static void handle_control(conn *c, uint64_t now)
{
    switch (c->op) {
    case 9: /* ping: answer with the same payload */
        G.pings++;
        if (c->state == C_OPEN)
            put_frame(c, 10, c->ctl, c->ctllen);
        break;
    case 10: /* pong */
        break;
    case 8: { /* close */
        int code = c->ctllen >= 2 ? (c->ctl[0] << 8 | c->ctl[1]) : 1005;
        c->got_close = 1;
        if (c->state == C_OPEN) {
            /* the server started closing: answer and note it */
            G.last_close_code = code;
            G.unexpected_close++;
            record_error("conn %u: server closed with code %d", c->idx, code);
            uint8_t pl[2] = { (uint8_t)(code >> 8), (uint8_t)code };
            put_frame(c, 8, pl, c->ctllen >= 2 ? 2 : 0);
            c->sent_close = 1;
            c->state = C_CLOSING;
            c->t_close = now;
        }
        break;
    }
    default:
        record_error("conn %u: bad control opcode %d", c->idx, c->op);
    }
}

/* feed bytes from the server to the frame parser; returns -1 on a fatal protocol error */
static int parse(conn *c, const uint8_t *p, size_t n, uint64_t now)
{
    if (O.raw) {
        while (n) {
            size_t take = O.size - c->mpos;
            if (take > n)
                take = n;
            if (c->mpos == 0 && !c->discard &&
                (G.phase <= PH_SETTLE || c->rseq >= (O.mode == M_BROADCAST ? G.b_sent : c->sseq))) {
                G.unsolicited++;
                c->discard = 1;
            }
            data_chunk(c, p, take);
            p += take;
            n -= take;
            if (c->mpos == O.size)
                on_message(c, now);
        }
        return 0;
    }
    while (n) {
        if (c->ps == 0) {
            if (c->hgot < 2) {
                c->hdr[c->hgot++] = *p++;
                n--;
                if (c->hgot < 2)
                    continue;
                uint8_t l = c->hdr[1] & 0x7f;
                c->hneed = (uint8_t)(2 + (l == 126 ? 2 : l == 127 ? 8 : 0) + ((c->hdr[1] & 0x80) ? 4 : 0));
            }
            while (c->hgot < c->hneed && n) {
                c->hdr[c->hgot++] = *p++;
                n--;
            }
            if (c->hgot < c->hneed)
                break;
            uint8_t b0 = c->hdr[0], b1 = c->hdr[1];
            c->fin = b0 >> 7;
            c->op = b0 & 0x0f;
            if ((b0 & 0x70) && !((b0 & 0x70) == 0x40 && c->pmd && (b0 & 0x0f) >= 1 && (b0 & 0x0f) <= 2)) {
                record_error("conn %u: RSV bits set in server frame (0x%02x)", c->idx, b0);
                return -1;
            }
            if (b1 & 0x80) {
                record_error("conn %u: server frame is masked", c->idx);
                return -1;
            }
            uint64_t len = b1 & 0x7f;
            if (len == 126)
                len = (uint64_t)c->hdr[2] << 8 | c->hdr[3];
            else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++)
                    len = len << 8 | c->hdr[2 + i];
            }
            c->prem = len;
            c->hgot = 0;
            c->ps = 1;
            if (c->op >= 8) {
                if (!c->fin || len > 125) {
                    record_error("conn %u: bad control frame (op %d, fin %d, len %" PRIu64 ")", c->idx, c->op, c->fin, len);
                    return -1;
                }
                c->ctllen = 0;
            } else if (c->op == 0) {
                if (!c->msg_op) {
                    record_error("conn %u: continuation frame without a message", c->idx);
                    return -1;
                }
            } else if (c->op == 1 || c->op == 2) {
                if (c->msg_op) {
                    record_error("conn %u: new message inside a fragmented one", c->idx);
                    return -1;
                }
                c->msg_op = c->op;
                c->mpos = 0;
                c->discard = 0;
                c->bad = 0;
                c->zmsg = (b0 & 0x40) != 0;
                int expect_any = 1;
                if (G.phase <= PH_SETTLE || c->state == C_CLOSING)
                    expect_any = 0;
                else if (O.mode == M_BROADCAST)
                    expect_any = c->rseq < G.b_sent;
                else
                    expect_any = c->rseq < c->sseq;
                if (!expect_any) {
                    G.unsolicited++;
                    c->discard = 1;
                } else if (c->op != (O.mode == M_BROADCAST ? 1 : data_opcode())) {
                    G.verify_errors++;
                    record_error("conn %u: message %" PRIu64 " has opcode %d, sent %d", c->idx, c->rseq, c->op,
                                 O.mode == M_BROADCAST ? 1 : data_opcode());
                    c->bad = 1;
                }
            } else {
                record_error("conn %u: reserved opcode %d", c->idx, c->op);
                return -1;
            }
        } else {
            size_t take = c->prem < n ? (size_t)c->prem : n;
            if (c->op >= 8) {
                memcpy(c->ctl + c->ctllen, p, take);
                c->ctllen = (uint8_t)(c->ctllen + take);
            } else if (c->zmsg) {
                inflate_chunk(c, p, take, 0);
            } else {
                data_chunk(c, p, take);
            }
            p += take;
            n -= take;
            c->prem -= take;
        }
        if (c->ps == 1 && c->prem == 0) {
            c->ps = 0;
            if (c->op >= 8) {
                handle_control(c, now);
            } else if (c->fin) {
                c->msg_op = 0;
                if (c->zmsg) {
                    inflate_chunk(c, NULL, 0, 1);
                    if (c->srv_nct)
                        inflateReset(c->zin);
                    G.zmsgs++;
                    c->zmsg = 0;
                }
                if (!c->discard && !c->bad && c->mpos != O.size) {
                    G.verify_errors++;
                    record_error("conn %u: message %" PRIu64 " has %" PRIu64 " bytes, sent %zu", c->idx, c->rseq,
                                 c->mpos, O.size);
                }
                on_message(c, now);
            }
        }
    }
    return 0;
}

static void end_measure(uint64_t now);

static void on_message(conn *c, uint64_t now)
{
    c->mpos = 0;
    c->bad = 0;
    if (c->discard) {
        c->discard = 0;
        if (O.mode == M_IDLE && c->rseq < c->sseq)
            c->rseq++; /* --warm: the echo of the one message sent before the measurement */
        return;
    }
    if (O.mode == M_BROADCAST) {
        uint64_t m = c->rseq++;
        if (c->idx == 0) {
            G.sender_copies++;
            G.msgs++;
            return;
        }
        G.msgs++;
        size_t slot = m % (uint64_t)O.inflight;
        if (G.measuring && !G.b_first_seen[slot]) {
            G.b_first_seen[slot] = 1;
            h_add(&G.b_first, now - G.b_tsent[slot]);
        }
        if (--G.b_left[slot] == 0) {
            if (G.measuring)
                h_add(&G.lat, now - G.b_tsent[slot]);
            G.b_done++;
            G.b_last_progress = now;
            if (G.measuring && O.count && G.b_done - G.hs0 >= O.count)
                end_measure(now);
            bcast_pump(now);
        }
        return;
    }
    uint64_t t = c->ts ? c->ts[c->rseq % (uint64_t)O.inflight] : now;
    c->rseq++;
    G.msgs++;
    if (G.measuring && O.mode != M_STORM) {
        h_add(&G.lat, now - t);
        if (O.count && G.msgs - G.msgs0 >= O.count)
            end_measure(now);
    }
    if (O.mode == M_STORM && O.raw) {
        shutdown(c->fd, SHUT_WR);
        c->state = C_CLOSING;
        c->t_close = now;
        return;
    }
    pump(c, now);
}

/* ------------------------------------------------------------------ */
/* handshake                                                          */

static void b64(const uint8_t *in, int n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, in, n);
}

static void make_request(conn *c)
{
    uint8_t key[16];
    for (int i = 0; i < 16; i += 8) {
        uint64_t r = rng64();
        memcpy(key + i, &r, 8);
    }
    char k64[32];
    b64(key, 16, k64);
    char cat[64 + 36];
    int kl = snprintf(cat, sizeof cat, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", k64);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(cat, (size_t)kl, md, &mdlen, G.sha1, NULL) || mdlen != 20)
        die("SHA-1 failed");
    b64(md, 20, c->accept);
    const char *ext = O.deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "";
    char req[1024];
    int n;
    if (O.browser) /* what Chromium 131 on Linux sends, in its order */
        n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\n"
                     "Host: 127.0.0.1:%d\r\n"
                     "Connection: Upgrade\r\n"
                     "Pragma: no-cache\r\n"
                     "Cache-Control: no-cache\r\n"
                     "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/131.0.0.0 Safari/537.36\r\n"
                     "Upgrade: websocket\r\n"
                     "Origin: http://127.0.0.1:%d\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                     "Accept-Language: en-US,en;q=0.9\r\n"
                     "Sec-WebSocket-Key: %s\r\n"
                     "%s"
                     "\r\n",
                     O.path, O.port, O.port, k64, ext);
    else
        n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\n"
                     "Host: 127.0.0.1:%d\r\n"
                     "Upgrade: websocket\r\n"
                     "Connection: Upgrade\r\n"
                     "Sec-WebSocket-Key: %s\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "%s"
                     "\r\n",
                     O.path, O.port, k64, ext);
    if (n < 0 || (size_t)n >= sizeof req)
        die("--path too long");
    put_raw(c, (const uint8_t *)req, (size_t)n);
}

/* does a comma-separated header value contain token (case-insensitive)? */
static int has_token(const char *v, const char *tok)
{
    size_t tl = strlen(tok);
    while (*v) {
        while (*v == ' ' || *v == '\t' || *v == ',')
            v++;
        const char *e = v;
        while (*e && *e != ',')
            e++;
        const char *te = e;
        while (te > v && (te[-1] == ' ' || te[-1] == '\t'))
            te--;
        if ((size_t)(te - v) == tl && !strncasecmp(v, tok, tl))
            return 1;
        v = e;
    }
    return 0;
}

/* check a complete response head (NUL-terminated, CRLFs intact) */
static int check_response(conn *c, char *head)
{
    int status = 0;
    if (sscanf(head, "HTTP/1.1 %d", &status) != 1) {
        record_error("conn %u: bad status line", c->idx);
        return -1;
    }
    G.last_http_status = status;
    if (status != 101) {
        record_error("conn %u: handshake answered %d", c->idx, status);
        return -1;
    }
    int up = 0, co = 0, acc = 0;
    char *save = NULL;
    char *line = strtok_r(head, "\r\n", &save);
    for (line = strtok_r(NULL, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = 0;
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        char *e = v + strlen(v);
        while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = 0;
        if (!strcasecmp(line, "upgrade"))
            up = has_token(v, "websocket");
        else if (!strcasecmp(line, "connection"))
            co = has_token(v, "upgrade");
        else if (!strcasecmp(line, "sec-websocket-accept"))
            acc = !strcmp(v, c->accept);
        else if (!strcasecmp(line, "sec-websocket-extensions") && O.deflate && !strncasecmp(v, "permessage-deflate", 18)) {
            const char *b = strstr(v, "client_max_window_bits=");
            c->pmd = 1;
            c->srv_nct = strstr(v, "server_no_context_takeover") != NULL;
            c->cli_nct = strstr(v, "client_no_context_takeover") != NULL;
            c->cli_bits = (uint8_t)(b ? atoi(b + 23 + (b[23] == '"')) : 15);
            if (c->cli_bits < 8 || c->cli_bits > 15)
                c->cli_bits = 15;
        }
    }
    if (O.deflate && !c->pmd) {
        record_error("conn %u: permessage-deflate offered and not accepted", c->idx);
        return -1;
    }
    if (!up || !co || !acc) {
        record_error("conn %u: bad 101 response (upgrade %d connection %d accept %d)", c->idx, up, co, acc);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* connection lifecycle                                               */

static void conn_open_ok(conn *c, uint64_t now);
static void storm_cycle_done(conn *c, uint64_t now);

static void conn_finish(conn *c)
{
    if (c->ssl) {
        /* Freed without a shutdown, OpenSSL marks the session not resumable: the benchmark closes by
           TCP, so say the shutdown happened. */
        SSL_set_shutdown(c->ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
    c->tls_hs = 0;
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    if (c->state == C_CONNECTING || c->state == C_HS)
        G.n_pending--;
    if (c->state == C_OPEN || c->state == C_CLOSING)
        G.n_open--;
    c->state = C_DONE;
    free(c->hs);
    c->hs = NULL;
    c->hslen = 0;
    c->olen = c->ooff = 0;
    c->epout = 0;
    G.n_closed++;
}

static void conn_fail(conn *c, int is_hs)
{
    if (is_hs)
        G.hs_errors++;
    else
        G.connect_errors++;
    G.n_failed++;
    conn_finish(c);
}

static int conn_start(conn *c, uint64_t now)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        record_error("socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (O.src_addrs > 1) {
        /* a loopback source address per connection (the port is still picked at connect()): with one
           source address, 20,000 connections to one port make the kernel's ephemeral port search
           walk most of the range for every connect() */
        static uint32_t rr;
        struct sockaddr_in src = { .sin_family = AF_INET };
        src.sin_addr.s_addr = htonl(INADDR_LOOPBACK + (rr++ % (uint32_t)O.src_addrs));
#ifdef IP_BIND_ADDRESS_NO_PORT
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
        if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0) {
            record_error("bind 127.0.0.%u: %s", 1 + (rr - 1) % (uint32_t)O.src_addrs, strerror(errno));
            close(fd);
            return -1;
        }
    }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)O.port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    c->fd = fd;
    c->state = C_CONNECTING;
    c->epout = 1;
    c->got_close = c->sent_close = 0;
    c->ps = 0;
    c->hgot = 0;
    c->msg_op = 0;
    c->discard = 0;
    c->mpos = 0;
    c->sseq = c->rseq = 0;
    c->olen = c->ooff = 0;
    c->t_start = now;
    G.n_pending++;
    G.started++;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c };
    if (epoll_ctl(G.ep, EPOLL_CTL_ADD, fd, &ev) < 0)
        die("epoll_ctl: %s", strerror(errno));
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS) {
        if (!G.first_error[0] || O.mode != M_STORM)
            record_error("connect: %s", strerror(errno));
        else
            G.errors++;
        conn_fail(c, 0);
        return -1;
    }
    return 0;
}

/* The TLS handshake, driven by socket events; then the WebSocket request. */
static void tls_step(conn *c)
{
    ERR_clear_error();
    int r = SSL_do_handshake(c->ssl);
    if (r != 1) {
        int e = SSL_get_error(c->ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
            return;
        unsigned long code = ERR_peek_last_error();
        record_error("conn %u: TLS handshake: %s", c->idx, code ? ERR_reason_error_string(code) : strerror(errno));
        ERR_clear_error();
        conn_fail(c, 1);
        return;
    }
    c->tls_hs = 0;
    if (SSL_session_reused(c->ssl))
        tls_resumed++;
    else
        tls_full++;
    make_request(c);
    flush(c);
}

static void on_connected(conn *c, uint64_t now)
{
    if (O.raw) {
        G.n_pending--;
        c->state = C_OPEN;
        G.n_open++;
        conn_open_ok(c, now);
        return;
    }
    c->state = C_HS;
    c->hs = xmalloc(HS_MAX + 1);
    c->hslen = 0;
    if (O.tls) {
        c->ssl = SSL_new(tls_ctx);
        if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1)
            die("SSL_new failed");
        SSL_set_connect_state(c->ssl);
        SSL_set_tlsext_host_name(c->ssl, "localhost");
        if (O.tls_resume && tls_sess)
            SSL_set_session(c->ssl, tls_sess);
        c->tls_hs = 1;
        tls_step(c);
        return;
    }
    make_request(c);
    flush(c);
}

static void on_readable(conn *c, uint64_t now, uint32_t ev)
{
    for (int iter = 0; iter < 1000000; iter++) {
        ssize_t n;
        if (c->state == C_HS)
            n = c_recv(c, c->hs + c->hslen, HS_MAX - c->hslen);
        else
            n = c_recv(c, G.rbuf, G.rbufsz);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            if (c->state == C_HS) {
                record_error("conn %u: recv during handshake: %s", c->idx, strerror(errno));
                conn_fail(c, 1);
            } else if (c->state == C_CLOSING && c->got_close) {
                if (O.mode == M_STORM)
                    storm_cycle_done(c, now);
                else
                    conn_finish(c);
            } else {
                G.unexpected_close++;
                record_error("conn %u: recv: %s", c->idx, strerror(errno));
                conn_finish(c);
            }
            return;
        }
        now = now_ns();
        if (n == 0) {
            if (c->state == C_HS) {
                record_error("conn %u: EOF during handshake", c->idx);
                conn_fail(c, 1);
            } else if (c->state == C_CLOSING && (c->got_close || O.raw)) {
                if (O.mode == M_STORM)
                    storm_cycle_done(c, now);
                else
                    conn_finish(c);
            } else {
                G.unexpected_close++;
                record_error("conn %u: server closed TCP without a close frame (state %d)", c->idx, c->state);
                conn_finish(c);
            }
            return;
        }
        G.last_rx = now;
        if (c->state != C_HS)
            G.rx_bytes += (uint64_t)n;
        if (c->state == C_HS) {
            c->hslen += (uint32_t)n;
            c->hs[c->hslen] = 0;
            char *end = strstr(c->hs, "\r\n\r\n");
            if (!end) {
                if (c->hslen >= HS_MAX) {
                    record_error("conn %u: handshake response too long", c->idx);
                    conn_fail(c, 1);
                    return;
                }
                continue;
            }
            size_t headlen = (size_t)(end - c->hs) + 4;
            size_t rest = c->hslen - headlen;
            end[2] = 0;
            if (check_response(c, c->hs) < 0) {
                conn_fail(c, 1);
                return;
            }
            char *hs = c->hs;
            c->hs = NULL;
            G.n_pending--;
            c->state = C_OPEN;
            G.n_open++;
            conn_open_ok(c, now);
            if (c->state == C_OPEN || c->state == C_CLOSING) {
                if (rest && parse(c, (uint8_t *)hs + headlen, rest, now) < 0) {
                    free(hs);
                    conn_finish(c);
                    return;
                }
            }
            free(hs);
            if (c->state == C_DONE || c->fd < 0)
                return;
            if (O.mode != M_BROADCAST)
                pump(c, now);
            if (c->olen)
                flush(c);
            continue;
        }
        if (parse(c, G.rbuf, (size_t)n, now) < 0) {
            conn_finish(c);
            return;
        }
        if (c->state == C_DONE)
            return;
        if (c->olen && flush(c) < 0)
            return;
        /* edge-triggered: a short read drained the socket, unless the peer's FIN is also pending (not
           with TLS: SSL_read returns one record at a time, so a short read says nothing about the socket) */
        if (!c->ssl && (size_t)n < G.rbufsz && !(ev & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
            return;
    }
}

static void on_event(conn *c, uint32_t ev, uint64_t now)
{
    if (c->state == C_CONNECTING) {
        int err = 0;
        socklen_t el = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
        if (err) {
            if (O.mode != M_STORM || !G.first_error[0])
                record_error("conn %u: connect: %s", c->idx, strerror(err));
            else
                G.errors++;
            conn_fail(c, 0);
            return;
        }
        if (!(ev & EPOLLOUT))
            return;
        on_connected(c, now);
        if (c->state == C_DONE || !(ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
            return;
        on_readable(c, now, ev);
        return;
    }
    if (c->state == C_DONE || c->state == C_FREE)
        return;
    if (c->tls_hs) {
        tls_step(c);
        if (c->tls_hs || c->state != C_HS)
            return;
    }
    if (ev & EPOLLOUT) {
        if (flush(c) < 0)
            return;
    }
    if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        on_readable(c, now, ev);
}

/* ------------------------------------------------------------------ */
/* mode specifics                                                     */

static void conn_open_ok(conn *c, uint64_t now)
{
    h_add(&G.hslat, now - c->t_start);
    if (O.mode == M_IDLE && O.warm) {
        /* one message each way (compressed with --deflate), so what the server keeps per connection
         * after a message, compression state included, is made before RSS is read */
        send_msg(c, now, c->idx);
        flush(c);
    }
    if (O.mode == M_STORM) {
        if (O.raw) {
            send_msg(c, now, c->idx);
            flush(c);
        } else {
            start_close(c, now);
        }
    }
}

static void storm_cycle_done(conn *c, uint64_t now)
{
    if (G.measuring) {
        G.handshakes++;
        h_add(&G.lat, now - c->t_start);
        if (O.count && G.handshakes - G.hs0 >= O.count)
            end_measure(now);
    }
    conn_finish(c);
    if (G.phase == PH_MEASURE && G.send_on)
        conn_start(c, now);
}

/* ------------------------------------------------------------------ */
/* phases                                                             */

static void begin_measure(uint64_t now)
{
    G.measuring = 1;
    G.t0 = now;
    G.cpu0 = server_cpu_us();
    G.sch0 = server_sched_us();
    G.aux0 = aux_cpu_us();
    G.self0 = self_cpu_us();
    read_cpustat(&G.cs0);
    G.msgs0 = G.msgs;
    G.sc0 = G.sender_copies;
    G.bytes0 = G.bytes;
    G.rx0 = G.rx_bytes;
    G.hs0 = O.mode == M_BROADCAST ? G.b_done : G.handshakes;
    memset(&G.lat, 0, sizeof G.lat);
    memset(&G.b_first, 0, sizeof G.b_first);
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
    G.aux1 = aux_cpu_us();
    G.self1 = self_cpu_us();
    read_cpustat(&G.cs1);
    G.msgs1 = G.msgs;
    G.sc1 = G.sender_copies;
    G.bytes1 = G.bytes;
    G.rx1 = G.rx_bytes;
    G.hs1 = O.mode == M_BROADCAST ? G.b_done : G.handshakes;
    G.send_on = 0;
    G.phase = PH_DRAIN;
    uint64_t drain = 10000000000ull + (uint64_t)((double)O.size * (double)O.inflight * (double)G.nconn / 50e6 * 1e9);
    G.t_phase_end = now + drain;
    G.b_last_progress = now;
}

static void begin_close(uint64_t now)
{
    G.phase = PH_CLOSE;
    G.send_on = 0;
    for (long i = 0; i < G.nconn; i++) {
        conn *c = &G.c[i];
        if (c->state == C_OPEN)
            start_close(c, now);
        else if (c->state == C_CONNECTING || c->state == C_HS)
            conn_finish(c);
    }
    double cw = O.close_wait + (double)G.nconn / 20000.0;
    G.t_phase_end = now + (uint64_t)(cw * 1e9);
}

static int inflight_zero(void)
{
    if (O.mode == M_BROADCAST)
        return G.b_done == G.b_sent || G.c[0].state != C_OPEN;
    for (long i = 0; i < G.nconn; i++) {
        conn *c = &G.c[i];
        if (c->state == C_OPEN && c->rseq != c->sseq)
            return 0;
    }
    return 1;
}

static void start_traffic(uint64_t now)
{
    if (O.mode == M_IDLE) {
        G.rss1 = server_rss_kib();
        G.open_at_rss = G.n_open;
        G.cpu_conn1 = server_cpu_us();
        begin_measure(now);
        return;
    }
    G.send_on = 1;
    if (O.warmup > 0) {
        G.phase = PH_WARMUP;
        G.t_phase_end = now + (uint64_t)(O.warmup * 1e9);
    } else {
        begin_measure(now);
    }
    if (O.mode == M_BROADCAST) {
        G.b_last_progress = now; /* the stall clock starts with the first broadcast, not at 0 */
        bcast_pump(now);
        return;
    }
    for (long i = 0; i < G.nconn; i++) {
        conn *c = &G.c[i];
        if (c->state == C_OPEN) {
            pump(c, now);
            flush(c);
        }
    }
}

/* periodic work: connecting, timeouts, phase changes */
static void tick(uint64_t now)
{
    switch (G.phase) {
    case PH_CONNECT: {
        static uint64_t last_sweep;
        if (now - last_sweep > 100000000ull) {
            /* a handshake that takes over 10 s has failed */
            last_sweep = now;
            for (long i = 0; i < G.started; i++) {
                conn *c = &G.c[i];
                if ((c->state == C_CONNECTING || c->state == C_HS) && now - c->t_start > 10000000000ull) {
                    record_error("conn %u: no handshake after 10 s", c->idx);
                    conn_fail(c, 1);
                }
            }
        }
        while (G.started < G.nconn && G.n_pending < O.connect_batch) {
            conn *c = &G.c[G.started];
            if (conn_start(c, now) < 0 && O.mode != M_IDLE)
                break;
        }
        if (G.n_failed && O.mode != M_IDLE) {
            record_error("%ld connection(s) failed while connecting", G.n_failed);
            begin_close(now);
            break;
        }
        if (G.started == G.nconn && G.n_pending == 0) {
            G.t_conn1 = now;
            if (O.mode == M_IDLE && G.n_failed)
                record_error("%ld of %ld connection(s) failed (last HTTP status %d)", G.n_failed, G.nconn,
                             G.last_http_status);
            G.phase = PH_SETTLE;
            G.last_rx = now;
            G.t_phase_end = now + 5000000000ull;
        }
        break;
    }
    case PH_SETTLE: {
        uint64_t quiet = O.mode == M_IDLE ? 500000000ull : 200000000ull;
        if (now - G.last_rx >= quiet || now >= G.t_phase_end)
            start_traffic(now);
        break;
    }
    case PH_WARMUP:
        if (now >= G.t_phase_end)
            begin_measure(now);
        break;
    case PH_MEASURE:
        if (now >= G.t_phase_end)
            end_measure(now);
        else if (O.mode == M_BROADCAST && now - G.b_last_progress > 5000000000ull && G.b_done < G.b_sent) {
            record_error("broadcast stalled: message %" PRIu64 " still missing at %u receiver(s)", G.b_done,
                         G.b_left[G.b_done % (uint64_t)O.inflight]);
            end_measure(now);
            begin_close(now);
        }
        break;
    case PH_DRAIN:
        if (O.mode == M_STORM) {
            if (G.n_pending == 0 && G.n_open == 0)
                begin_close(now);
            else if (now >= G.t_phase_end || now - G.t1 > 3000000000ull)
                begin_close(now);
            break;
        }
        if (inflight_zero()) {
            begin_close(now);
        } else if (now >= G.t_phase_end) {
            record_error("timed out waiting for in-flight messages");
            begin_close(now);
        } else if (O.mode == M_BROADCAST && now - G.b_last_progress > 5000000000ull) {
            record_error("broadcast stalled while draining");
            begin_close(now);
        }
        break;
    case PH_CLOSE:
        if (G.n_open == 0 && G.n_pending == 0) {
            G.phase = PH_DONE;
        } else if (now >= G.t_phase_end) {
            for (long i = 0; i < G.nconn; i++) {
                conn *c = &G.c[i];
                if (c->state != C_DONE && c->state != C_FREE) {
                    if (c->state == C_CLOSING)
                        G.close_timeouts++;
                    conn_finish(c);
                }
            }
            G.phase = PH_DONE;
        }
        break;
    }
    /* storm: closes that hang */
    if (O.mode == M_STORM && (G.phase == PH_MEASURE || G.phase == PH_DRAIN)) {
        static uint64_t last_sweep;
        if (now - last_sweep > 50000000ull) {
            last_sweep = now;
            uint64_t cw = (uint64_t)(O.close_wait * 1e9);
            for (long i = 0; i < G.nconn; i++) {
                conn *c = &G.c[i];
                if (c->state == C_DONE && G.phase == PH_MEASURE) {
                    conn_start(c, now); /* a slot whose attempt failed */
                } else if (c->state == C_CLOSING && now - c->t_close > cw) {
                    G.close_timeouts++;
                    conn_finish(c);
                    if (G.phase == PH_MEASURE)
                        conn_start(c, now);
                } else if ((c->state == C_CONNECTING || c->state == C_HS) && now - c->t_start > 5000000000ull) {
                    record_error("conn %u: handshake took over 5 s", c->idx);
                    conn_fail(c, 1);
                    if (G.phase == PH_MEASURE)
                        conn_start(c, now);
                }
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* probe: wait until something listens on the port                   */

static int probe(void)
{
    uint64_t end = now_ns() + (uint64_t)(O.timeout * 1e9);
    for (int i = 0; i < 100000 && now_ns() < end; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            die("socket: %s", strerror(errno));
        struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)O.port) };
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
        close(fd);
        if (r == 0) {
            printf("wsload mode=probe port=%d ok=1\n", O.port);
            return 0;
        }
        struct timespec ts = { 0, 50000000 };
        nanosleep(&ts, NULL);
    }
    printf("wsload mode=probe port=%d ok=0\n", O.port);
    return 1;
}

/* ------------------------------------------------------------------ */
/* report                                                             */

static void report(void)
{
    double el = (double)(G.t1 - G.t0) / 1e9;
    if (el <= 0)
        el = 1e-9;
    int64_t cpu = (G.cpu0 >= 0 && G.cpu1 >= 0) ? G.cpu1 - G.cpu0 : -1;
    int64_t sch = (G.sch0 >= 0 && G.sch1 >= 0) ? G.sch1 - G.sch0 : -1;
    int64_t self = G.self1 - G.self0;
    uint64_t msgs = G.msgs1 - G.msgs0;
    uint64_t bytes = G.bytes1 - G.bytes0;
    uint64_t hs = G.hs1 - G.hs0;
    int ok = G.errors == 0;
    char line[4096];
    int n = 0;
#define P(...) n += snprintf(line + n, sizeof line - (size_t)n, __VA_ARGS__)
    P("wsload mode=%s target=%s", mode_names[O.mode], O.raw ? "tcp" : O.tls ? "wss" : "ws");
    if (O.tls)
        P(" tls_full=%" PRIu64 " tls_resumed=%" PRIu64, tls_full, tls_resumed);
    if (O.label)
        P(" label=%s", O.label);
    P(" port=%d conns=%ld", O.port, O.mode == M_BROADCAST ? G.nconn - 1 : G.nconn);
    if (O.wire)
        bytes = msgs * O.payload; /* payload equivalents, as a WebSocket run counts them */
    if (O.mode != M_STORM && O.mode != M_IDLE)
        P(" inflight=%ld size=%zu", O.inflight, O.wire ? O.payload : O.size);
    if (O.wire)
        P(" wire_size=%zu", O.size);
    P(" elapsed_s=%.3f", el);
    double per = 0;
    const char *unit = "msg";
    switch (O.mode) {
    case M_ECHO:
    case M_LATENCY:
    case M_LARGE:
        P(" messages=%" PRIu64 " msgs_per_s=%.0f mb_per_s=%.2f", msgs, msgs / el, bytes / el / 1e6);
        P(" p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f", h_pct(&G.lat, .5) / 1e3, h_pct(&G.lat, .99) / 1e3,
          h_pct(&G.lat, .999) / 1e3, G.lat.max / 1e3);
        per = (double)msgs;
        break;
    case M_BROADCAST:
        P(" broadcasts=%" PRIu64 " deliveries=%" PRIu64 " sender_copies=%" PRIu64 " deliveries_per_s=%.0f", hs, msgs,
          G.sc1 - G.sc0, msgs / el);
        P(" last_p50_us=%.1f last_p99_us=%.1f last_max_us=%.1f first_p50_us=%.1f", h_pct(&G.lat, .5) / 1e3,
          h_pct(&G.lat, .99) / 1e3, G.lat.max / 1e3, h_pct(&G.b_first, .5) / 1e3);
        per = (double)msgs;
        unit = "delivery";
        break;
    case M_STORM:
        P(" concurrency=%ld handshakes=%" PRIu64 " handshakes_per_s=%.0f", G.nconn, hs, hs / el);
        P(" cycle_p50_us=%.1f cycle_p99_us=%.1f hs_p50_us=%.1f hs_p99_us=%.1f",
          h_pct(&G.lat, .5) / 1e3, h_pct(&G.lat, .99) / 1e3, h_pct(&G.hslat, .5) / 1e3, h_pct(&G.hslat, .99) / 1e3);
        per = (double)hs;
        unit = "handshake";
        break;
    case M_IDLE: {
        long open = G.open_at_rss;
        P(" open=%ld failed=%ld rss_before_kib=%" PRId64 " rss_after_kib=%" PRId64, open, G.n_failed, G.rss0, G.rss1);
        long okc = G.nconn - G.n_failed;
        if (G.rss0 >= 0 && G.rss1 >= 0 && okc > 0)
            P(" kib_per_conn=%.3f", (double)(G.rss1 - G.rss0) / (double)okc);
        double cel = (double)(G.t_conn1 - G.t_conn0) / 1e9;
        P(" connect_s=%.3f connects_per_s=%.0f", cel, cel > 0 ? okc / cel : 0);
        if (G.cpu_conn0 >= 0 && G.cpu_conn1 >= 0 && okc > 0)
            P(" connect_server_cpu_us_per_conn=%.2f", (double)(G.cpu_conn1 - G.cpu_conn0) / okc);
        P(" hs_p50_us=%.1f hs_p99_us=%.1f", h_pct(&G.hslat, .5) / 1e3, h_pct(&G.hslat, .99) / 1e3);
        break;
    }
    }
    if (cpu >= 0) {
        P(" server_cpu_us=%" PRId64 " server_cpu_pct=%.1f", cpu, cpu / (el * 1e4));
        if (per > 0 && O.mode != M_IDLE)
            P(" server_cpu_us_per_%s=%.4f", unit, cpu / per);
    }
    if (sch >= 0 && per > 0 && O.mode != M_IDLE)
        P(" server_sched_us_per_%s=%.4f", unit, sch / per);
    if (per > 0 && O.mode != M_IDLE && O.mode != M_STORM)
        P(" wire_in_bytes_per_%s=%.1f", unit, (double)(G.rx1 - G.rx0) / per);
    if (O.deflate)
        P(" deflate=1 compressed_messages=%" PRIu64, G.zmsgs);
    if (O.naux_pids > 0 && G.aux0 >= 0 && G.aux1 >= 0) {
        int64_t aux = G.aux1 - G.aux0;
        P(" aux_cpu_us=%" PRId64 " aux_cpu_pct=%.1f", aux, aux / (el * 1e4));
        if (per > 0 && O.mode != M_IDLE)
            P(" aux_cpu_us_per_%s=%.4f", unit, aux / per);
    }
    P(" client_cpu_pct=%.1f", self / (el * 1e4));
    for (int k = 0; k < 2; k++) {
        if (!(G.cs0.ok & G.cs1.ok & (1 << k)))
            continue;
        unsigned long long tot = G.cs1.total[k] - G.cs0.total[k];
        if (tot)
            P(" cpu%d_busy_pct=%.1f cpu%d_irq_pct=%.1f", k, 100.0 * (double)(G.cs1.busy[k] - G.cs0.busy[k]) / (double)tot, k,
              100.0 * (double)(G.cs1.si[k] - G.cs0.si[k]) / (double)tot);
    }
    P(" close_timeouts=%" PRIu64 " unsolicited=%" PRIu64 " pings=%" PRIu64 " unexpected_closes=%" PRIu64 " verify_errors=%" PRIu64
      " errors=%" PRIu64 " ok=%d",
      G.close_timeouts, G.unsolicited, G.pings, G.unexpected_close, G.verify_errors, G.errors, ok);
    puts(line);

    /* the human line */
    n = 0;
    P("# %s%s: ", mode_names[O.mode], O.raw ? " (raw TCP)" : "");
    switch (O.mode) {
    case M_ECHO:
    case M_LATENCY:
    case M_LARGE:
        P("%ld conns x %ld in flight x %zu B, %.2f s: %.0f msg/s, %.1f MB/s, p50 %.1f us, p99 %.1f us", G.nconn,
          O.inflight, O.size, el, msgs / el, bytes / el / 1e6, h_pct(&G.lat, .5) / 1e3, h_pct(&G.lat, .99) / 1e3);
        break;
    case M_BROADCAST:
        P("%ld receivers x %zu B, %.2f s: %" PRIu64 " broadcasts, %.0f deliveries/s, time to last delivery p50 %.1f us",
          G.nconn - 1, O.size, el, hs, msgs / el, h_pct(&G.lat, .5) / 1e3);
        break;
    case M_STORM:
        P("%ld concurrent, %.2f s: %.0f handshakes/s (open+handshake+close), handshake p99 %.1f us", G.nconn, el,
          hs / el, h_pct(&G.hslat, .99) / 1e3);
        break;
    case M_IDLE:
        if (G.rss0 >= 0 && G.rss1 >= 0 && G.nconn - G.n_failed > 0)
            P("%ld connections open: server RSS %" PRId64 " -> %" PRId64 " KiB, %.3f KiB per connection",
              G.nconn - G.n_failed, G.rss0, G.rss1, (double)(G.rss1 - G.rss0) / (double)(G.nconn - G.n_failed));
        else
            P("%ld connections open (no --server-pid: no RSS)", G.nconn - G.n_failed);
        break;
    }
    if (cpu >= 0 && per > 0 && O.mode != M_IDLE)
        P("; server CPU %.3f us/%s (%.0f%% of a core)", cpu / per, unit, cpu / (el * 1e4));
    if (!ok)
        P("; %" PRIu64 " ERROR(S), first: %s", G.errors, G.first_error);
    puts(line);
#undef P
}

/* ------------------------------------------------------------------ */

/* Realistic payloads (ASCII, so any slice is valid UTF-8): JSON records of a chat or feed, or English-like
 * prose from a small vocabulary, with numbers and names varying as they do in real traffic. */
static void fill_content(uint8_t *p, size_t n, int kind)
{
    static const char *const words[] = {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on",
        "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you",
        "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will",
        "would", "who", "so", "no", "server", "message", "connection", "browser", "window", "stream", "latency",
        "compression", "network", "protocol", "update", "market", "price", "order", "player", "channel", "room",
    };
    static const char *const names[] = { "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi" };
    size_t nw = sizeof words / sizeof *words, at = 0;
    uint64_t id = 100000;
    char rec[512];
    while (at < n) {
        int k;
        if (kind == 1) {
            uint64_t r = rng64();
            k = snprintf(rec, sizeof rec,
                         "{\"type\":\"message\",\"id\":%" PRIu64 ",\"room\":\"%s\",\"user\":{\"id\":%u,\"name\":\"%s\","
                         "\"online\":%s},\"text\":\"%s %s %s %s %s\",\"ts\":%" PRIu64 ",\"score\":%u.%02u,"
                         "\"tags\":[\"%s\",\"%s\"]}\n",
                         id++, words[49 + r % 19], (unsigned)(r >> 8) % 5000, names[(r >> 20) % 8],
                         (r >> 23) & 1 ? "true" : "false", words[(r >> 24) % nw], words[(r >> 30) % nw],
                         words[(r >> 36) % nw], words[(r >> 42) % nw], words[(r >> 48) % nw],
                         (uint64_t)1700000000000ull + (r % 100000), (unsigned)(r >> 5) % 1000, (unsigned)(r >> 13) % 100,
                         words[49 + (r >> 50) % 19], words[49 + (r >> 56) % 19]);
        } else {
            k = 0;
            for (int w = 0; w < 12; w++) {
                uint64_t r = rng64();
                /* a Zipf-ish pick: common words far more often */
                size_t i = (size_t)((r % nw) * (r % nw) / nw);
                k += snprintf(rec + k, sizeof rec - (size_t)k, "%s%s", w ? " " : "", words[i]);
            }
            k += snprintf(rec + k, sizeof rec - (size_t)k, ". ");
        }
        size_t take = (size_t)k < n - at ? (size_t)k : n - at;
        memcpy(p + at, rec, take);
        at += take;
    }
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "wsload: hard timeout, giving up\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    _exit(3);
}

static void usage(void)
{
    fputs("usage: wsload MODE [options]\n"
          "modes: echo latency large storm idle broadcast probe\n"
          "  --host H          127.0.0.1 or localhost only (default 127.0.0.1)\n"
          "  --port P          server port (default 8080)\n"
          "  -c, --conns N     connections (broadcast: receivers; storm: concurrency)\n"
          "  -f, --inflight N  messages in flight per connection\n"
          "  -s, --size N      message size, K/M suffixes (KiB/MiB)\n"
          "  -d, --duration S  measured seconds\n"
          "  -w, --warmup S    unmeasured seconds before measuring\n"
          "  -n, --count N     stop measuring after N messages/deliveries/handshakes\n"
          "  -t, --timeout S   hard timeout for the whole run\n"
          "  --close-wait S    wait for the server's close (default 2)\n"
          "  --connect-batch N handshakes in progress at once while connecting (default 256)\n"
          "  --src-addrs N     spread connections over source addresses 127.0.0.1..N (default 16; the\n"
          "                    destination is always 127.0.0.1)\n"
          "  --server-pid PID  read the server's CPU time and RSS from /proc; PID,PID,... (at most 16): the\n"
          "                    sum over them (a master and its workers)\n"
          "  --aux-pid PID     another process (PID,PID,...) whose CPU time over the measured interval is\n"
          "                    reported apart (aux_cpu_us, aux_cpu_us_per_...): a Redis server, say\n"
          "  --raw             raw TCP, no WebSocket framing (against tcp_echo)\n"
          "  --tls             wss:// (TLS; the certificate is not verified: loopback only)\n"
          "  --tls-resume      --tls, and every connection after the first resumes a session (the newest ticket)\n"
          "  --wire            with --raw: each message is as long as the client's WebSocket frame of a\n"
          "                    -s payload (header and mask key included), so the floor moves the same\n"
          "                    bytes; figures still count -s payload bytes per message\n"
          "  --text            send text frames (default binary; broadcast is always text)\n"
          "  --path P          request path (default /)\n"
          "  --label L         copied to the output line\n"
          "  --browser         send the handshake headers Chromium sends (User-Agent, Origin, Pragma,\n"
          "                    Cache-Control, Accept-Encoding, Accept-Language; 419 bytes with --path / and a 5-digit port)\n"
          "  --deflate         offer permessage-deflate; compress what is sent, inflate and check what comes back\n"
          "  --content C       random (default), json (records of a chat/feed), text (English-like words)\n"
          "  --warm            idle: each connection sends one message (-s bytes) and gets it back before the\n"
          "                    server's RSS is read (with --deflate: compressed both ways)\n",
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
    O.conns = -1;
    O.inflight = -1;
    O.size = (size_t)-1;
    O.duration = -1;
    O.warmup = -1;
    O.timeout = -1;
    O.close_wait = 2;
    O.connect_batch = 256;
    O.src_addrs = 16;
    O.path = "/";

    static const struct option lo[] = {
        { "host", 1, 0, 'H' },       { "port", 1, 0, 'p' },      { "conns", 1, 0, 'c' },
        { "inflight", 1, 0, 'f' },   { "size", 1, 0, 's' },      { "duration", 1, 0, 'd' },
        { "warmup", 1, 0, 'w' },     { "count", 1, 0, 'n' },     { "timeout", 1, 0, 't' },
        { "close-wait", 1, 0, 'W' }, { "connect-batch", 1, 0, 'B' }, { "src-addrs", 1, 0, 'S' }, { "server-pid", 1, 0, 'P' },
        { "aux-pid", 1, 0, 'x' },
        { "raw", 0, 0, 'r' },        { "wire", 0, 0, 'R' },        { "text", 0, 0, 'T' },      { "path", 1, 0, 'a' },
        { "label", 1, 0, 'L' },      { "quiet", 0, 0, 'q' },     { "help", 0, 0, 'h' },
        { "tls", 0, 0, 'X' },        { "tls-resume", 0, 0, 'Y' },
        { "deflate", 0, 0, 'z' },    { "content", 1, 0, 'C' },   { "warm", 0, 0, 'V' },
        { "browser", 0, 0, 'b' },
        { 0, 0, 0, 0 },
    };
    int ch;
    optind = 2;
    while ((ch = getopt_long(argc, argv, "c:f:s:d:w:n:t:qh", lo, NULL)) != -1) {
        switch (ch) {
        case 'H': O.host = optarg; break;
        case 'p': O.port = (int)parse_long(optarg, "port"); break;
        case 'c': O.conns = parse_long(optarg, "conns"); break;
        case 'f': O.inflight = parse_long(optarg, "inflight"); break;
        case 's': O.size = parse_size(optarg); break;
        case 'd': O.duration = parse_double(optarg, "duration"); break;
        case 'w': O.warmup = parse_double(optarg, "warmup"); break;
        case 'n': O.count = (uint64_t)parse_long(optarg, "count"); break;
        case 't': O.timeout = parse_double(optarg, "timeout"); break;
        case 'W': O.close_wait = parse_double(optarg, "close-wait"); break;
        case 'B': O.connect_batch = parse_long(optarg, "connect-batch"); break;
        case 'S': O.src_addrs = parse_long(optarg, "src-addrs"); break;
        case 'P': {
            char *save = NULL, *list = strdup(optarg);
            O.nserver_pids = 0;
            for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                if (O.nserver_pids == (int)(sizeof O.server_pids / sizeof *O.server_pids))
                    die("--server-pid: at most %d pids", (int)(sizeof O.server_pids / sizeof *O.server_pids));
                O.server_pids[O.nserver_pids++] = (int)parse_long(t, "server-pid");
            }
            free(list);
            O.server_pid = O.nserver_pids ? O.server_pids[0] : 0;
            break;
        }
        case 'x': {
            char *save = NULL, *list = strdup(optarg);
            O.naux_pids = 0;
            for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                if (O.naux_pids == (int)(sizeof O.aux_pids / sizeof *O.aux_pids))
                    die("--aux-pid: at most %d pids", (int)(sizeof O.aux_pids / sizeof *O.aux_pids));
                O.aux_pids[O.naux_pids++] = (int)parse_long(t, "aux-pid");
            }
            free(list);
            break;
        }
        case 'r': O.raw = 1; break;
        case 'X': O.tls = 1; break;
        case 'Y': O.tls = O.tls_resume = 1; break;
        case 'R': O.wire = 1; break;
        case 'T': O.text = 1; break;
        case 'a': O.path = optarg; break;
        case 'L': O.label = optarg; break;
        case 'q': O.quiet = 1; break;
        case 'z': O.deflate = 1; break;
        case 'b': O.browser = 1; break;
        case 'V': O.warm = 1; break;
        case 'C':
            if (!strcmp(optarg, "random")) O.content = 0;
            else if (!strcmp(optarg, "json")) O.content = 1;
            else if (!strcmp(optarg, "text")) O.content = 2;
            else die("--content: random, json or text");
            break;
        default: usage();
        }
    }
    if (optind != argc)
        usage();

    /* loopback only */
    if (strcmp(O.host, "127.0.0.1") && strcasecmp(O.host, "localhost"))
        die("refusing host '%s': wsload only connects to 127.0.0.1/localhost", O.host);
    if (O.port < 1 || O.port > 65535)
        die("bad port %d", O.port);
    if (O.path[0] != '/' || strpbrk(O.path, " \r\n"))
        die("bad path '%s'", O.path);

    /* per-mode defaults */
    static const struct { long conns, inflight; size_t size; double dur, warm; } def[] = {
        [M_ECHO] = { 100, 16, 64, 5, 1 },          [M_LATENCY] = { 100, 1, 64, 5, 1 },
        [M_LARGE] = { 1, 1, 1 << 20, 5, 1 },       [M_STORM] = { 64, 1, 64, 5, 0 },
        [M_IDLE] = { 10000, 1, 64, 2, 0 },         [M_BROADCAST] = { 1000, 1, 64, 5, 1 },
        [M_PROBE] = { 1, 1, 64, 0, 0 },
    };
    if (O.conns < 0)
        O.conns = def[O.mode].conns;
    if (O.inflight < 0)
        O.inflight = def[O.mode].inflight;
    if (O.size == (size_t)-1)
        O.size = def[O.mode].size;
    if (O.duration < 0)
        O.duration = (O.count && O.mode != M_IDLE) ? 60 : def[O.mode].dur;
    if (O.warmup < 0)
        O.warmup = def[O.mode].warm;
    if (O.mode == M_LATENCY && O.inflight != 1)
        die("latency mode has exactly one message in flight per connection");
    if (O.mode == M_BROADCAST) {
        O.text = 1; /* --raw: against tcp_echo -b, which writes every byte it reads to every connection */
    }
    if (O.mode == M_IDLE && O.conns > 20000)
        die("idle: at most 20000 connections");
    if (O.conns < 1 || O.conns > 100000)
        die("conns must be 1..100000");
    if (O.inflight < 1 || O.inflight > 100000)
        die("inflight must be 1..100000");
    if (O.size < 1 || O.size > (16u << 20))
        die("size must be 1 B .. 16 MiB");
    if (O.tls && O.raw)
        die("--tls goes without --raw");
    if (O.tls)
        tls_setup();
    if (O.wire && !O.raw)
        die("--wire goes with --raw");
    if (O.duration > 3600 || O.warmup > 600)
        die("duration at most 3600 s, warmup at most 600 s");
    if (O.connect_batch < 1)
        O.connect_batch = 1;
    if (O.src_addrs < 1 || O.src_addrs > 254)
        die("src-addrs must be 1..254");
    if (O.timeout < 0) {
        O.timeout = O.warmup + O.duration + 60 + (double)O.conns / 1000.0;
        if (O.mode == M_PROBE)
            O.timeout = 10;
    }
    if (O.timeout > 7200)
        O.timeout = 7200;

    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)ceil(O.timeout) + 5);

    if (O.mode == M_PROBE)
        return probe();

    clk_tck = (double)sysconf(_SC_CLK_TCK);
    if (clk_tck <= 0)
        clk_tck = 100;
    if (O.nserver_pids > 0 && server_cpu_us() < 0)
        die("cannot read /proc/PID/stat of --server-pid %d (or another pid of the list)", O.server_pid);
    rng_seed();

    /* file descriptors: raise the soft limit to the hard limit */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    long nconn = O.conns + (O.mode == M_BROADCAST ? 1 : 0);
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && (rlim_t)nconn + 16 > rl.rlim_cur)
        die("%ld connections need more file descriptors than RLIMIT_NOFILE allows (%llu); raise it (ulimit -n)",
            nconn, (unsigned long long)rl.rlim_cur);

    G.sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
    if (!G.sha1)
        die("no SHA-1 in OpenSSL");
    G.ep = epoll_create1(EPOLL_CLOEXEC);
    if (G.ep < 0)
        die("epoll_create1: %s", strerror(errno));
    G.nconn = nconn;
    G.c = xcalloc((size_t)nconn, sizeof(conn));
    for (long i = 0; i < nconn; i++) {
        G.c[i].fd = -1;
        G.c[i].idx = (uint32_t)i;
        if (O.mode == M_ECHO || O.mode == M_LATENCY || O.mode == M_LARGE || (O.mode == M_STORM && O.raw))
            G.c[i].ts = xcalloc((size_t)O.inflight, sizeof(uint64_t));
    }
    if (O.wire) {
        /* A client frame's header and mask key are added. Stream offsets matter to the kernel's copies (a
         * page-sized message keeps them aligned, a frame does not), so the floor sends exactly as many bytes
         * as the WebSocket run. */
        static const uint8_t any_mask[4];
        uint8_t h[WS_FRAME_MAX_HEADER];
        O.payload = O.size;
        O.size += ws_frame_header_encode(h, WS_OP_BINARY, 1, 0, O.size, any_mask);
    }
    G.patlen = O.size + PAT_SLACK + 8;
    G.pat = xmalloc(G.patlen);
    if (O.content)
        fill_content(G.pat, G.patlen, O.content);
    else
        for (size_t i = 0; i < G.patlen; i++) {
            uint8_t r = (uint8_t)(rng64() >> 32);
            G.pat[i] = O.text ? (uint8_t)(0x20 + r % 95) : r;
        }
    G.rbufsz = 256 * 1024;
    G.rbuf = xmalloc(G.rbufsz);
    if (O.mode == M_BROADCAST) {
        G.b_tsent = xcalloc((size_t)O.inflight, sizeof(uint64_t));
        G.b_left = xcalloc((size_t)O.inflight, sizeof(uint32_t));
        G.b_first_seen = xcalloc((size_t)O.inflight, sizeof(uint32_t));
    }

    uint64_t start = now_ns();
    G.hard_deadline = start + (uint64_t)(O.timeout * 1e9);
    G.rss0 = server_rss_kib();
    G.cpu_conn0 = server_cpu_us();
    G.t_conn0 = start;

    if (O.mode == M_STORM) {
        /* no connect phase: measure from the first attempt */
        begin_measure(start);
        G.send_on = 1;
        for (long i = 0; i < nconn; i++)
            conn_start(&G.c[i], start);
    } else {
        G.phase = PH_CONNECT;
    }

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
        for (long i = 0; i < nconn; i++)
            if (G.c[i].fd >= 0)
                close(G.c[i].fd);
    }
    if (!G.t1) {
        /* never got to measure */
        G.t1 = G.t0 = now_ns();
        G.cpu0 = G.cpu1 = -1;
    }
    report();
    return G.errors ? 1 : 0;
}
