/*
 * ws_buf.h: the per-connection write queue: a list of chunks that yields
 * iovecs for writev(). Small frames are coalesced into the tail chunk;
 * a frame built once for many connections (broadcast) is queued by reference
 * to a ws_shared buffer. An empty queue holds no memory.
 */
#ifndef WS_BUF_H
#define WS_BUF_H

#include <sys/uio.h>

#include "core/ws_common.h"

#define WS_WQ_FIRST_CHUNK 512 /* capacity of a queue's first coalescing chunk */
#define WS_WQ_CHUNK 16384      /* largest coalescing chunk */
#define WS_WQ_IOV   64    /* iovecs per writev */

/* A reference-counted, immutable byte buffer. */
typedef struct ws_shared {
	size_t refcount;
	size_t len;
	ws_budget *budget; /* charged with len + the header while the buffer lives; NULL: not counted */
	uint8_t data[];
} ws_shared;

/* New buffer of len bytes (contents to be filled by the caller before sharing),
 * refcount 1, charged to budget (may be NULL). NULL on allocation failure. */
ws_shared *ws_shared_new(size_t len, ws_budget *budget);
static inline void ws_shared_ref(ws_shared *s) { s->refcount++; }
void ws_shared_unref(ws_shared *s);

typedef struct ws_chunk ws_chunk;

/* A queue's chunks are charged to the budget its owner passes to each call
 * that adds or frees one: always the same one (a connection's own node, which
 * the queue need not store again), or NULL for a queue that is not counted.
 * A chunk is charged its size and the bytes it keeps alive by reference. */
typedef struct ws_wq {
	ws_chunk *head, *tail;
	size_t bytes;      /* queued and not yet written */
} ws_wq;

static inline void ws_wq_init(ws_wq *q) { q->head = q->tail = NULL; q->bytes = 0; }
/* Free every chunk (dropping references). */
void ws_wq_clear(ws_wq *q, ws_budget *budget);
/* Append a copy of data. Returns 0 or WS_ERR_NOMEM (queue unchanged). */
int ws_wq_append(ws_wq *q, ws_budget *budget, const void *data, size_t len);
/* Append data[0..len) without copying: release(ud) is called once the bytes
 * are written or the queue is cleared (also if this fails, WS_ERR_NOMEM). */
int ws_wq_append_ref(ws_wq *q, ws_budget *budget, const uint8_t *data, size_t len, void (*release)(void *), void *ud);
/* Append s[off..s->len) by reference (takes a new reference). */
int ws_wq_append_shared(ws_wq *q, ws_budget *budget, ws_shared *s, size_t off);
/* Fill iov with the queued bytes, at most max entries; returns the count. */
int ws_wq_iov(const ws_wq *q, struct iovec *iov, int max);
/* Drop n written bytes from the front. */
void ws_wq_consume(ws_wq *q, ws_budget *budget, size_t n);
/* Drop everything not yet started: every chunk but a partly written head
 * (whose rest must still go out, or the stream would be cut mid-frame). */
void ws_wq_drop_unstarted(ws_wq *q, ws_budget *budget);

#endif
