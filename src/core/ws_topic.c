/* ws_topic.c: the topic registry (see ws_topic.h). */
#include <string.h>

#include "core/ws_hash.h"
#include "core/ws_topic.h"

void ws_topics_init(ws_topics *ts)
{
	memset(ts, 0, sizeof(*ts));
	ws_hash_key(ts->key, ts);
}

static void topic_free(ws_topic *t)
{
	ws_sub *s = t->subs, *next;

	for (; s; s = next) {
		next = s->tnext;
		ws_free(s);
	}
	ws_free(t->remote);
	ws_free(t);
}

void ws_topics_free(ws_topics *ts)
{
	for (size_t i = 0; ts->mask && i <= ts->mask; i++) {
		ws_topic *t = ts->buckets[i], *next;
		for (; t; t = next) {
			next = t->hnext;
			topic_free(t);
		}
	}
	ws_free(ts->buckets);
	ts->buckets = NULL;
	ts->mask = ts->ntopics = ts->nsubs = 0;
	ts->dirty = NULL;
}

static ws_topic *find(const ws_topics *ts, uint64_t h, const uint8_t *name, size_t len)
{
	if (!ts->mask) {
		return NULL;
	}
	for (ws_topic *t = ts->buckets[h & ts->mask]; t; t = t->hnext) {
		if (t->hash == h && t->len == len && memcmp(t->name, name, len) == 0) {
			return t;
		}
	}
	return NULL;
}

ws_topic *ws_topics_find(const ws_topics *ts, const uint8_t *name, size_t len)
{
	return ts->mask ? find(ts, ws_siphash13(ts->key, name, len), name, len) : NULL;
}

static int grow(ws_topics *ts)
{
	size_t n = ts->mask ? (ts->mask + 1) * 2 : 16;
	ws_topic **b = ws_calloc(n, sizeof(*b));

	if (!b) {
		return WS_ERR_NOMEM;
	}
	for (size_t i = 0; ts->mask && i <= ts->mask; i++) {
		ws_topic *t = ts->buckets[i], *next;
		for (; t; t = next) {
			next = t->hnext;
			t->hnext = b[t->hash & (n - 1)];
			b[t->hash & (n - 1)] = t;
		}
	}
	ws_free(ts->buckets);
	ts->buckets = b;
	ts->mask = n - 1;
	return WS_OK;
}

static ws_topic *find_or_add(ws_topics *ts, const uint8_t *name, size_t len)
{
	uint64_t h = ws_siphash13(ts->key, name, len);
	ws_topic *t = find(ts, h, name, len);

	if (t) {
		return t;
	}
	if ((!ts->mask || ts->ntopics >= ts->mask + 1) && grow(ts) != WS_OK) {
		return NULL;
	}
	t = ws_calloc(1, sizeof(*t) + len);
	if (!t) {
		return NULL;
	}
	t->hash = h;
	t->len = len;
	memcpy(t->name, name, len);
	t->hnext = ts->buckets[h & ts->mask];
	ts->buckets[h & ts->mask] = t;
	ts->ntopics++;
	return t;
}

/* Free t if nothing keeps it: no subscriber, remote count, walk or report owed. */
static void maybe_drop(ws_topics *ts, ws_topic *t)
{
	ws_topic **pp;

	if (t->nsubs || t->ndead || t->nremote || t->walking || t->dirty) {
		return;
	}
	for (pp = &ts->buckets[t->hash & ts->mask]; *pp != t; pp = &(*pp)->hnext) {
	}
	*pp = t->hnext;
	ts->ntopics--;
	topic_free(t);
}

static void mark_dirty(ws_topics *ts, ws_topic *t)
{
	if (ts->track_dirty && !t->dirty) {
		t->dirty = 1;
		t->next_dirty = ts->dirty;
		ts->dirty = t;
	}
}

static void unlink_sub(ws_topic *t, ws_sub *s)
{
	if (s->tprev) {
		s->tprev->tnext = s->tnext;
	} else {
		t->subs = s->tnext;
	}
	if (s->tnext) {
		s->tnext->tprev = s->tprev;
	}
	ws_free(s);
}

int ws_topics_subscribe(ws_topics *ts, ws_sub **list, void *member, const uint8_t *name, size_t len)
{
	ws_topic *t;
	ws_sub *s;

	if (len == 0 || len > WS_TOPIC_MAX) {
		return WS_ERR_INVALID;
	}
	t = find_or_add(ts, name, len);
	if (!t) {
		return WS_ERR_NOMEM;
	}
	for (s = *list; s; s = s->mnext) {
		if (s->topic == t) {
			return 0;
		}
	}
	s = ws_calloc(1, sizeof(*s));
	if (!s) {
		maybe_drop(ts, t);
		return WS_ERR_NOMEM;
	}
	s->topic = t;
	s->member = member;
	s->tnext = t->subs;
	if (t->subs) {
		t->subs->tprev = s;
	}
	t->subs = s;
	s->mnext = *list;
	*list = s;
	t->nsubs++;
	ts->nsubs++;
	mark_dirty(ts, t);
	if (t->nsubs == 1 && ts->on_first) {
		ts->on_first(ts, t, ts->ud);
	}
	return 1;
}

/* Remove s (already taken off its member's list) from its topic. */
static void remove_sub(ws_topics *ts, ws_sub *s)
{
	ws_topic *t = s->topic;

	t->nsubs--;
	ts->nsubs--;
	if (t->walking) {
		s->dead = 1;
		s->member = NULL;
		t->ndead++;
	} else {
		unlink_sub(t, s);
	}
	mark_dirty(ts, t);
	if (t->nsubs == 0 && ts->on_last) {
		ts->on_last(ts, t, ts->ud);
	}
	maybe_drop(ts, t);
}

int ws_topics_unsubscribe(ws_topics *ts, ws_sub **list, const uint8_t *name, size_t len)
{
	ws_topic *t = ws_topics_find(ts, name, len);
	ws_sub **pp;

	if (!t) {
		return 0;
	}
	for (pp = list; *pp; pp = &(*pp)->mnext) {
		if ((*pp)->topic == t) {
			ws_sub *s = *pp;
			*pp = s->mnext;
			remove_sub(ts, s);
			return 1;
		}
	}
	return 0;
}

int ws_topics_is_subscribed(const ws_topics *ts, ws_sub *const *list, const uint8_t *name, size_t len)
{
	const ws_topic *t = ws_topics_find(ts, name, len);

	for (const ws_sub *s = *list; t && s; s = s->mnext) {
		if (s->topic == t) {
			return 1;
		}
	}
	return 0;
}

void ws_topics_leave_all(ws_topics *ts, ws_sub **list)
{
	while (*list) {
		ws_sub *s = *list;
		*list = s->mnext;
		remove_sub(ts, s);
	}
}

void ws_topics_walk(ws_topics *ts, ws_topic *t, void (*fn)(void *member, void *ud), void *ud)
{
	ws_sub *s;

	/* New subscribers go to the head, so the ones present now are those from
	 * the head at the start to the end of the list. */
	t->walking++;
	for (s = t->subs; s; s = s->tnext) {
		if (!s->dead) {
			fn(s->member, ud);
		}
	}
	if (--t->walking == 0 && t->ndead) {
		ws_sub *next;
		for (s = t->subs; s; s = next) {
			next = s->tnext;
			if (s->dead) {
				unlink_sub(t, s);
			}
		}
		t->ndead = 0;
	}
	maybe_drop(ts, t);
}

int ws_topics_set_remote(ws_topics *ts, int32_t source, const uint8_t *name, size_t len, uint32_t count)
{
	ws_topic *t = count ? find_or_add(ts, name, len) : ws_topics_find(ts, name, len);
	uint32_t i;

	if (!t) {
		return count ? WS_ERR_NOMEM : WS_OK;
	}
	for (i = 0; i < t->nremote && t->remote[i].source != source; i++) {
	}
	if (i < t->nremote) {
		t->remote_total -= t->remote[i].count;
		if (count) {
			t->remote[i].count = count;
		} else {
			t->remote[i] = t->remote[--t->nremote];
		}
	} else if (count) {
		if (t->nremote == t->remote_cap) {
			uint32_t cap = t->remote_cap ? t->remote_cap * 2 : 2;
			ws_topic_remote *r = ws_realloc(t->remote, cap * sizeof(*r));
			if (!r) {
				maybe_drop(ts, t);
				return WS_ERR_NOMEM;
			}
			t->remote = r;
			t->remote_cap = cap;
		}
		t->remote[t->nremote].source = source;
		t->remote[t->nremote++].count = count;
	}
	t->remote_total += count;
	maybe_drop(ts, t);
	return WS_OK;
}

void ws_topics_drop_source(ws_topics *ts, int32_t source)
{
	for (size_t i = 0; ts->mask && i <= ts->mask; i++) {
		ws_topic *t = ts->buckets[i], *next;
		for (; t; t = next) {
			next = t->hnext;
			for (uint32_t k = 0; k < t->nremote; k++) {
				if (t->remote[k].source == source) {
					t->remote_total -= t->remote[k].count;
					t->remote[k] = t->remote[--t->nremote];
					maybe_drop(ts, t);
					break;
				}
			}
		}
	}
}

uint64_t ws_topics_count(const ws_topics *ts, const uint8_t *name, size_t len, int all)
{
	const ws_topic *t = ws_topics_find(ts, name, len);

	return t ? t->nsubs + (all ? t->remote_total : 0) : 0;
}

void ws_topics_each_local(const ws_topics *ts, void (*fn)(const ws_topic *t, void *ud), void *ud)
{
	for (size_t i = 0; ts->mask && i <= ts->mask; i++) {
		for (const ws_topic *t = ts->buckets[i]; t; t = t->hnext) {
			if (t->nsubs) {
				fn(t, ud);
			}
		}
	}
}

void ws_topics_take_dirty(ws_topics *ts, void (*fn)(const uint8_t *name, size_t len, size_t count, void *ud),
                          void *ud)
{
	while (ts->dirty) {
		ws_topic *t = ts->dirty;
		ts->dirty = t->next_dirty;
		t->dirty = 0;
		t->next_dirty = NULL;
		fn(t->name, t->len, t->nsubs, ud);
		maybe_drop(ts, t);
	}
}
