/*
 * ws_tls.h: TLS for wss:// (OpenSSL): a server context built from files, and
 * the per-connection transport that runs the handshake and the records
 * inside the epoll loop (ws_transport.h).
 *
 * A context is reference-counted: each connection holds the one it was
 * accepted with, so replacing the server's context (a certificate reload)
 * leaves open connections on theirs.
 */
#ifndef WS_TLS_H
#define WS_TLS_H

#include "core/ws_common.h"
#include "core/ws_transport.h"

#define WS_TLS_1_2 0x0303
#define WS_TLS_1_3 0x0304

typedef struct ws_tls_config {
	const char *cert;         /* PEM file: the certificate, then its chain */
	const char *key;          /* PEM file: the private key (NULL: in cert) */
	const char *passphrase;   /* for an encrypted key; NULL: none */
	int min_version;          /* WS_TLS_1_2 (default) or WS_TLS_1_3 */
	const char *ciphers;      /* TLS 1.2 cipher list (OpenSSL syntax); NULL: OpenSSL's default */
	const char *ciphersuites; /* TLS 1.3 suites; NULL: OpenSSL's default */
	int verify_peer;          /* ask for a client certificate and require one that verifies */
	const char *ca;           /* PEM file of the CAs client certificates must chain to (NULL: system's) */
	int session_tickets;      /* resumption by ticket (default on) */
	int ktls;                 /* ask OpenSSL for kernel TLS (SSL_OP_ENABLE_KTLS) */
} ws_tls_config;

#ifndef WS_TLS_CTX_TYPEDEF
# define WS_TLS_CTX_TYPEDEF
typedef struct ws_tls_ctx ws_tls_ctx;
#endif

/* What the memory budget counts for one TLS connection's OpenSSL state
 * (measured idle cost, README), since OpenSSL does not allocate through the
 * core's hooks. */
#define WS_TLS_CONN_COST 16384

/* Defaults: TLS 1.2 minimum, tickets on, no client certificates. */
void ws_tls_config_defaults(ws_tls_config *cfg);

/* Load the files and build a context. Every problem is caught here, before
 * anything listens: a missing or unreadable file, an encrypted key without
 * its passphrase (or with a wrong one), a key that does not match the
 * certificate, an unknown cipher list. Returns NULL with errbuf
 * (WS_ERRBUF_LEN) set. ticket_keys_from: a context whose session ticket keys
 * the new one takes over (a reload keeps resumption working), or NULL. */
ws_tls_ctx *ws_tls_ctx_new(const ws_tls_config *cfg, const ws_tls_ctx *ticket_keys_from, char *errbuf);
void ws_tls_ctx_ref(ws_tls_ctx *ctx);
void ws_tls_ctx_unref(ws_tls_ctx *ctx);

/* The server side of a TLS connection on the accepted socket fd (kept open
 * by the caller). NULL when out of memory. */
ws_transport *ws_tls_transport_new(ws_tls_ctx *ctx, int fd);
/* 1 if t is a TLS transport (NULL, plain TCP, is not). */
int ws_transport_is_tls(const ws_transport *t);

/* What a finished handshake agreed on; strings valid while t lives. */
typedef struct ws_tls_info {
	const char *version;      /* "TLSv1.3" */
	const char *cipher;       /* "TLS_AES_256_GCM_SHA384" */
	const char *alpn;         /* "http/1.1" or NULL */
	int resumed;              /* the session was resumed (ticket) */
	int ktls_send, ktls_recv; /* the kernel does the records */
	int has_peer_cert;        /* verify_peer: a client certificate was presented (and verified) */
} ws_tls_info;
/* 0, or WS_ERR_INVALID if t is not TLS or its handshake is not done. */
int ws_tls_get_info(ws_transport *t, ws_tls_info *info);
/* The client certificate's subject (RFC 2253, "CN=alice,O=Example") into
 * buf; returns its length, or -1 if none. */
int ws_tls_peer_subject(ws_transport *t, char *buf, size_t cap);

/* "OpenSSL 3.0.x ..." */
const char *ws_tls_library_version(void);

#endif
