/*
 * ws_idmap.h: the open connections by id, for lookups from the application
 * (Server::getConnection()). Open addressing with linear probing over an
 * array of pointers: the key is read from the entry itself, so a slot costs
 * 8 bytes (a PHP array of the same entries costs 16 to 40; bench/NOTES.md,
 * idle memory). Ids are the server's own sequence numbers, not chosen by
 * peers, so a multiplicative hash spreads them.
 */
#ifndef WS_IDMAP_H
#define WS_IDMAP_H

#include "core/ws_common.h"

typedef uint64_t ws_idmap_key_fn(const void *entry);

typedef struct ws_idmap {
	void **slots;      /* cap entries, NULL = free */
	size_t cap;        /* 0 or a power of two */
	size_t len;
	ws_idmap_key_fn *key;
} ws_idmap;

void ws_idmap_init(ws_idmap *m, ws_idmap_key_fn *key);
void ws_idmap_free(ws_idmap *m);
/* Add entry (non-NULL; its key must not be present): 0 or WS_ERR_NOMEM. */
int ws_idmap_put(ws_idmap *m, void *entry);
/* The entry with key id, or NULL. */
void *ws_idmap_get(const ws_idmap *m, uint64_t id);
/* Remove and return the entry with key id, or NULL if there is none. */
void *ws_idmap_del(ws_idmap *m, uint64_t id);
static inline size_t ws_idmap_len(const ws_idmap *m) { return m->len; }
/* fn(entry, ud) for every entry, in no particular order; fn must not change the map. */
void ws_idmap_each(const ws_idmap *m, void (*fn)(void *entry, void *ud), void *ud);
/* Up to max entries into out, in increasing key order (of the whole map only
 * when max >= its length); returns how many, 0 also when out of memory. */
size_t ws_idmap_sorted(const ws_idmap *m, void **out, size_t max);

#endif
