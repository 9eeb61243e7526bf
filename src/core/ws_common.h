/*
 * ws_common.h: what every core module shares. Plain C, no PHP headers.
 *
 * Errors are one negative enum (libuv/wslay style): functions return 0 or a
 * positive count on success and a ws_err below zero on failure.
 */
#ifndef WS_COMMON_H
#define WS_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#if defined(__GNUC__)
# define WS_LIKELY(x)   __builtin_expect(!!(x), 1)
# define WS_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
# define WS_LIKELY(x)   (x)
# define WS_UNLIKELY(x) (x)
#endif

#define WS_ERRBUF_LEN 256

/* Levels of the lines the engine has for the operator (syslog's numbers). */
#define WS_LOG_ERROR   3
#define WS_LOG_WARNING 4
#define WS_LOG_NOTICE  5
#define WS_LOG_INFO    6

typedef enum ws_err {
	WS_OK = 0,
	WS_ERR_AGAIN = -1,   /* would block / needs more input; not an error for callers that loop */
	WS_ERR_PROTO = -2,   /* peer broke RFC 6455 (close 1002) or a bad HTTP request (400) */
	WS_ERR_UTF8 = -3,    /* invalid UTF-8 in a text message or close reason (close 1007) */
	WS_ERR_TOO_BIG = -4, /* frame/message/header over a limit (close 1009, HTTP 431) */
	WS_ERR_NOMEM = -5,   /* allocation failed */
	WS_ERR_IO = -6,      /* system call failed; errno kept by the caller */
	WS_ERR_TLS = -7,     /* TLS layer failed */
	WS_ERR_CLOSED = -8,  /* operation on a closing or closed connection */
	WS_ERR_INVALID = -9, /* bad arguments from the caller: a binding bug, not the peer */
	WS_ERR_FULL = -10,   /* write queue over its hard limit */
	WS_ERR_BUDGET = -11, /* the server's memory budget is exhausted (close 1008, or 1009 for a message) */
	WS_ERR_RATE = -12,   /* a rate limit was hit (close 1008) */
} ws_err;

/* A borrowed byte range. Never owns p. */
typedef struct ws_slice {
	const uint8_t *p;
	size_t n;
} ws_slice;

#define WS_SLICE(s, len) ((ws_slice){(const uint8_t *) (s), (len)})

/* Static text for an error code; never NULL. */
const char *ws_strerror(int err);

/* The close code (RFC 6455 §7.4.1) a peer error maps to: 1002, 1007, 1009, else 1011. */
uint16_t ws_err_close_code(int err);

/*
 * Allocator hooks: the one process-wide core setting. The PHP binding installs
 * hooks on the request allocator in MINIT; tests and fuzzers keep libc malloc.
 * ws_malloc/ws_realloc return NULL on failure (the request allocator never does).
 */
typedef struct ws_allocator {
	void *(*malloc)(size_t n);
	void *(*realloc)(void *p, size_t n);
	void (*free)(void *p);
} ws_allocator;

extern ws_allocator ws_alloc_hooks;
void ws_set_allocator(const ws_allocator *a); /* NULL restores libc */

static inline void *ws_malloc(size_t n) { return ws_alloc_hooks.malloc(n); }
static inline void *ws_realloc(void *p, size_t n) { return ws_alloc_hooks.realloc(p, n); }
static inline void ws_free(void *p) { if (p) ws_alloc_hooks.free(p); }
/* A copy of s through the allocator hooks; NULL for a NULL s or on failure. */
char *ws_strdup(const char *s);
/* Zeroed n * size bytes, NULL on overflow or failure. */
static inline void *ws_calloc(size_t n, size_t size)
{
	void *p = size && n > SIZE_MAX / size ? NULL : ws_malloc(n * size);
	if (p) {
		memset(p, 0, n * size);
	}
	return p;
}

/*
 * A memory budget: what peers make the engine hold, counted where it is
 * allocated. Nodes form a tree (a connection's node has the server's root as
 * its parent); charges add up the tree, and a request fits if it fits the
 * root's limit (0: none). Before a request is refused, the root's reclaim
 * hook may free memory held elsewhere (by a bigger holder) and say whether
 * the request fits now. A NULL budget counts nothing and refuses nothing.
 */
typedef struct ws_budget ws_budget;
struct ws_budget {
	size_t used;
	ws_budget *parent; /* NULL: this node is a ws_budget_root's */
};

/* The top of a tree: a node (first, so a pointer to either is a pointer to
 * both) with the limit and what only the root keeps. */
typedef struct ws_budget_root ws_budget_root;
struct ws_budget_root {
	ws_budget node;
	size_t limit;
	uint64_t refusals; /* requests refused */
	/* Free memory for n more bytes wanted by requester (never taken from
	 * it). Returns 1 if n fits now. May be NULL. */
	int (*reclaim)(ws_budget_root *root, ws_budget *requester, size_t n);
};

static inline ws_budget_root *ws_budget_root_of(const ws_budget *b)
{
	while (b->parent) {
		b = b->parent;
	}
	return (ws_budget_root *) b;
}

static inline void ws_budget_charge(ws_budget *b, size_t n)
{
	for (; b; b = b->parent) {
		b->used += n;
	}
}

static inline void ws_budget_release(ws_budget *b, size_t n)
{
	for (; b; b = b->parent) {
		b->used = b->used >= n ? b->used - n : 0;
	}
}

/* 1 if n more bytes fit the limit of b's root, without reclaiming. */
static inline int ws_budget_fits(const ws_budget *b, size_t n)
{
	const ws_budget_root *r = b ? ws_budget_root_of(b) : NULL;

	return !r || !r->limit || (r->node.used <= r->limit && n <= r->limit - r->node.used);
}

/* ws_budget_fits(), else try the root's reclaim hook once. */
int ws_budget_request(ws_budget *b, size_t n);

#endif
