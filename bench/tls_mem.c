/*
 * tls_mem.c: what OpenSSL itself holds for one idle server-side wss connection, counted through
 * CRYPTO_set_mem_functions (not RSS): 200 connections through the extension's TLS transport
 * (src/core/ws_transport_tls.c) over socketpairs, each with its handshake and one 64-byte echo, then the
 * client sides freed; prints the live bytes and allocations per connection and the big blocks of the last one.
 *   make -C bench tls_mem && bench/tls_mem CERT KEY [notickets]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include "core/ws_loop.h"
#include "core/ws_tls.h"

#define N 200
#define MAXB 4096

static long live, nallocs;
static void *blk[MAXB];
static size_t bsz[MAXB];
static int nblk, tracking;

static void *m(size_t n, const char *f, int l)
{
    (void)f; (void)l;
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    p[0] = n;
    live += (long)n;
    nallocs++;
    if (tracking && nblk < MAXB) {
        blk[nblk] = (char *)p + 16;
        bsz[nblk++] = n;
    }
    return (char *)p + 16;
}

static void *r(void *q, size_t n, const char *f, int l)
{
    if (!q)
        return m(n, f, l);
    size_t *p = (size_t *)((char *)q - 16);
    live -= (long)p[0];
    p = realloc(p, n + 16);
    if (!p)
        return NULL;
    p[0] = n;
    live += (long)n;
    for (int i = 0; i < nblk; i++)
        if (blk[i] == q) {
            blk[i] = (char *)p + 16;
            bsz[i] = n;
        }
    return (char *)p + 16;
}

static void fr(void *q, const char *f, int l)
{
    (void)f; (void)l;
    if (!q)
        return;
    size_t *p = (size_t *)((char *)q - 16);
    live -= (long)p[0];
    nallocs--;
    for (int i = 0; i < nblk; i++)
        if (blk[i] == q)
            blk[i] = NULL;
    free(p);
}

int main(int argc, char **argv)
{
    static ws_transport *srv[N];
    static SSL *cli[N];
    char errbuf[WS_ERRBUF_LEN];
    uint8_t buf[4096];
    ws_tls_config cfg;

    if (argc < 3) {
        fprintf(stderr, "usage: tls_mem CERT KEY [notickets]\n");
        return 2;
    }
    CRYPTO_set_mem_functions(m, r, fr);
    ws_tls_config_defaults(&cfg);
    cfg.cert = argv[1];
    cfg.key = argv[2];
    cfg.session_tickets = argc < 4;
    ws_tls_ctx *ctx = ws_tls_ctx_new(&cfg, NULL, errbuf);
    if (!ctx) {
        fprintf(stderr, "%s\n", errbuf);
        return 1;
    }
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method());
    long before = live, allocs_before = nallocs;
    for (int i = 0; i < N; i++) {
        int fd[2];
        size_t w;
        tracking = i == N - 1;
        socketpair(AF_UNIX, SOCK_STREAM, 0, fd);
        fcntl(fd[0], F_SETFL, O_NONBLOCK);
        fcntl(fd[1], F_SETFL, O_NONBLOCK);
        srv[i] = ws_tls_transport_new(ctx, fd[0]);
        cli[i] = SSL_new(cc);
        SSL_set_fd(cli[i], fd[1]);
        SSL_set_connect_state(cli[i]);
        for (int k = 0; k < 20; k++) {
            SSL_do_handshake(cli[i]);
            srv[i]->ops->read(srv[i], buf, sizeof buf);
        }
        SSL_read(cli[i], buf, sizeof buf);
        SSL_write_ex(cli[i], "0123456789012345678901234567890123456789012345678901234567890123", 64, &w);
        srv[i]->ops->read(srv[i], buf, sizeof buf);
        struct iovec iov = { buf, 64 };
        srv[i]->ops->writev(srv[i], &iov, 1);
        SSL_read(cli[i], buf, sizeof buf);
    }
    tracking = 0;
    long both = live - before;
    for (int i = 0; i < N; i++) {
        SSL_set_shutdown(cli[i], SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(cli[i]);
    }
    printf("tls_mem: %s: per idle server-side connection %ld bytes live in OpenSSL in %ld allocations "
           "(client and server together: %ld)\n", cfg.session_tickets ? "tickets on" : "tickets off",
           (live - before) / N, (nallocs - allocs_before) / N, both / N);
    printf("tls_mem: blocks of 256 bytes or more still held for the last connection:");
    for (int i = 0; i < nblk; i++)
        if (blk[i] && bsz[i] >= 256)
            printf(" %zu", bsz[i]);
    printf("\n");
    return 0;
}
