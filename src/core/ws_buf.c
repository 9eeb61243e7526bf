/* ws_buf.c: write queue chunks and shared buffers. */
#include <string.h>

#include "core/ws_buf.h"

struct ws_chunk {
	ws_chunk *next;
	size_t charged;      /* what this chunk charged to the queue's budget */
	ws_shared *ref;      /* non-NULL: bytes live in ref->data */
	void (*release)(void *); /* non-NULL: bytes are the caller's, handed back with release(release_ud) */
	void *release_ud;
	const uint8_t *data; /* start of this chunk's bytes */
	size_t off, len;     /* written so far, total */
	size_t cap;          /* inline chunks: capacity of inline_data */
	uint8_t inline_data[];
};

ws_shared *ws_shared_new(size_t len, ws_budget *budget)
{
	ws_shared *s = ws_malloc(sizeof(*s) + len);
	if (s) {
		s->refcount = 1;
		s->len = len;
		s->budget = budget;
		ws_budget_charge(budget, sizeof(*s) + len);
	}
	return s;
}

void ws_shared_unref(ws_shared *s)
{
	if (s && --s->refcount == 0) {
		ws_budget_release(s->budget, sizeof(*s) + s->len);
		ws_free(s);
	}
}

static void chunk_free(ws_budget *budget, ws_chunk *c)
{
	ws_budget_release(budget, c->charged);
	ws_shared_unref(c->ref);
	if (c->release) {
		c->release(c->release_ud);
	}
	ws_free(c);
}

void ws_wq_clear(ws_wq *q, ws_budget *budget)
{
	ws_chunk *c = q->head;
	while (c) {
		ws_chunk *next = c->next;
		chunk_free(budget, c);
		c = next;
	}
	ws_wq_init(q);
}

void ws_wq_drop_unstarted(ws_wq *q, ws_budget *budget)
{
	ws_chunk *keep = q->head && q->head->off ? q->head : NULL;
	ws_chunk *c = keep ? keep->next : q->head;

	while (c) {
		ws_chunk *next = c->next;
		q->bytes -= c->len - c->off;
		chunk_free(budget, c);
		c = next;
	}
	q->head = q->tail = keep;
	if (keep) {
		keep->next = NULL;
	}
}

static void link_chunk(ws_wq *q, ws_budget *budget, ws_chunk *c, size_t charged)
{
	c->charged = charged;
	ws_budget_charge(budget, charged);
	c->next = NULL;
	if (q->tail) {
		q->tail->next = c;
	} else {
		q->head = c;
	}
	q->tail = c;
}

int ws_wq_append(ws_wq *q, ws_budget *budget, const void *data, size_t len)
{
	ws_chunk *t = q->tail;

	if (len == 0) {
		return 0;
	}
	if (t && t->cap && t->cap - t->len >= len) { /* inline chunks only: cap is 0 for references */
		memcpy(t->inline_data + t->len, data, len);
		t->len += len;
		q->bytes += len;
		return 0;
	}
	/* Start small (most queues hold a frame or two, e.g. one broadcast to
	 * thousands of connections) and double up to WS_WQ_CHUNK. */
	size_t cap = t && t->cap ? t->cap * 2 : WS_WQ_FIRST_CHUNK;
	if (cap > WS_WQ_CHUNK) {
		cap = WS_WQ_CHUNK;
	}
	if (cap < len) {
		cap = len;
	}
	ws_chunk *c = ws_malloc(sizeof(*c) + cap);
	if (!c) {
		return WS_ERR_NOMEM;
	}
	c->ref = NULL;
	c->release = NULL;
	c->data = c->inline_data;
	c->off = 0;
	c->len = len;
	c->cap = cap;
	memcpy(c->inline_data, data, len);
	link_chunk(q, budget, c, sizeof(*c) + cap);
	q->bytes += len;
	return 0;
}

int ws_wq_append_shared(ws_wq *q, ws_budget *budget, ws_shared *s, size_t off)
{
	ws_chunk *c;

	if (off >= s->len) {
		return 0;
	}
	/* A short tail of a shared frame is cheaper copied than referenced. */
	if (s->len - off <= 256) {
		return ws_wq_append(q, budget, s->data + off, s->len - off);
	}
	c = ws_malloc(sizeof(*c));
	if (!c) {
		return WS_ERR_NOMEM;
	}
	ws_shared_ref(s);
	c->ref = s;
	c->release = NULL;
	c->data = s->data;
	c->off = off;
	c->len = s->len;
	c->cap = 0;
	link_chunk(q, budget, c, sizeof(*c)); /* the frame itself is charged once, by its maker */
	q->bytes += s->len - off;
	return 0;
}

int ws_wq_append_ref(ws_wq *q, ws_budget *budget, const uint8_t *data, size_t len, void (*release)(void *), void *ud)
{
	ws_chunk *c = ws_malloc(sizeof(*c));

	if (!c) {
		release(ud);
		return WS_ERR_NOMEM;
	}
	c->ref = NULL;
	c->release = release;
	c->release_ud = ud;
	c->data = data;
	c->off = 0;
	c->len = len;
	c->cap = 0;
	link_chunk(q, budget, c, sizeof(*c) + len); /* the caller's bytes stay alive for the queue */
	q->bytes += len;
	return 0;
}

int ws_wq_iov(const ws_wq *q, struct iovec *iov, int max)
{
	int n = 0;
	for (const ws_chunk *c = q->head; c && n < max; c = c->next) {
		iov[n].iov_base = (void *) (c->data + c->off);
		iov[n].iov_len = c->len - c->off;
		n++;
	}
	return n;
}

void ws_wq_consume(ws_wq *q, ws_budget *budget, size_t n)
{
	q->bytes -= n;
	while (n && q->head) {
		ws_chunk *c = q->head;
		size_t left = c->len - c->off;
		if (n < left) {
			c->off += n;
			return;
		}
		n -= left;
		q->head = c->next;
		if (!q->head) {
			q->tail = NULL;
		}
		chunk_free(budget, c);
	}
}
