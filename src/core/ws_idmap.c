/* ws_idmap.c: see ws_idmap.h. */
#include <stdlib.h>
#include <string.h>

#include "core/ws_idmap.h"

#define IDMAP_MIN 64

static inline size_t slot_of(const ws_idmap *m, uint64_t id)
{
	return (size_t) ((id * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (m->cap - 1);
}

void ws_idmap_init(ws_idmap *m, ws_idmap_key_fn *key)
{
	m->slots = NULL;
	m->cap = m->len = 0;
	m->key = key;
}

void ws_idmap_free(ws_idmap *m)
{
	ws_free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}

static void place(ws_idmap *m, void *entry)
{
	size_t i = slot_of(m, m->key(entry));
	while (m->slots[i]) {
		i = (i + 1) & (m->cap - 1);
	}
	m->slots[i] = entry;
}

static int resize(ws_idmap *m, size_t cap)
{
	void **old = m->slots;
	size_t old_cap = m->cap;
	void **s = ws_calloc(cap, sizeof(*s));

	if (!s) {
		return WS_ERR_NOMEM;
	}
	m->slots = s;
	m->cap = cap;
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i]) {
			place(m, old[i]);
		}
	}
	ws_free(old);
	return 0;
}

int ws_idmap_put(ws_idmap *m, void *entry)
{
	/* At most 3/4 full, so probes stay short. */
	if ((m->len + 1) * 4 > m->cap * 3) {
		size_t cap = m->cap ? m->cap * 2 : IDMAP_MIN;
		if (cap < m->cap || resize(m, cap) < 0) {
			return WS_ERR_NOMEM;
		}
	}
	place(m, entry);
	m->len++;
	return 0;
}

void *ws_idmap_get(const ws_idmap *m, uint64_t id)
{
	if (!m->len) {
		return NULL;
	}
	for (size_t i = slot_of(m, id); m->slots[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->key(m->slots[i]) == id) {
			return m->slots[i];
		}
	}
	return NULL;
}

void *ws_idmap_del(ws_idmap *m, uint64_t id)
{
	size_t i, j;
	void *found;

	if (!m->len) {
		return NULL;
	}
	for (i = slot_of(m, id); m->slots[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->key(m->slots[i]) == id) {
			break;
		}
	}
	if (!(found = m->slots[i])) {
		return NULL;
	}
	/* Backward shift: move up each later entry of the run whose home slot
	 * does not lie (cyclically) in (i, j], so no lookup meets a hole early. */
	m->slots[i] = NULL;
	for (j = (i + 1) & (m->cap - 1); m->slots[j]; j = (j + 1) & (m->cap - 1)) {
		size_t home = slot_of(m, m->key(m->slots[j]));
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			m->slots[i] = m->slots[j];
			m->slots[j] = NULL;
			i = j;
		}
	}
	m->len--;
	/* Give memory back after a peak: below 1/8 full, halve. */
	if (m->cap > IDMAP_MIN && m->len * 8 < m->cap) {
		resize(m, m->cap / 2); /* on failure it simply stays bigger */
	}
	return found;
}

void ws_idmap_each(const ws_idmap *m, void (*fn)(void *entry, void *ud), void *ud)
{
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i]) {
			fn(m->slots[i], ud);
		}
	}
}

typedef struct keyed {
	uint64_t key;
	void *entry;
} keyed;

static int by_key(const void *a, const void *b)
{
	uint64_t x = ((const keyed *) a)->key, y = ((const keyed *) b)->key;
	return x < y ? -1 : x > y;
}

size_t ws_idmap_sorted(const ws_idmap *m, void **out, size_t max)
{
	size_t n = 0;
	keyed *k;

	if (max > m->len) {
		max = m->len;
	}
	if (!max || !(k = ws_calloc(max, sizeof(*k)))) {
		return 0;
	}
	for (size_t i = 0; i < m->cap && n < max; i++) {
		if (m->slots[i]) {
			k[n].key = m->key(m->slots[i]);
			k[n++].entry = m->slots[i];
		}
	}
	qsort(k, n, sizeof(*k), by_key);
	for (size_t i = 0; i < n; i++) {
		out[i] = k[i].entry;
	}
	ws_free(k);
	return n;
}
