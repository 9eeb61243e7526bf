/*
 * test_topic.c: the topic registry: subscribe and unsubscribe from both
 * sides, changes made from inside a walk (the reentrancy a publish meets),
 * remote counts, the dirty list, and a random differential run against a
 * plain matrix of who is subscribed to what.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ws_topic.h"
#include "tap.h"

#define S(lit) (const uint8_t *) (lit), sizeof(lit) - 1

typedef struct member {
	int id;
	ws_sub *subs;
	int visits;
} member;

static ws_topics ts;
static int firsts, lasts;

static void on_first(ws_topics *t, const ws_topic *tp, void *ud) { (void) t; (void) tp; (void) ud; firsts++; }
static void on_last(ws_topics *t, const ws_topic *tp, void *ud) { (void) t; (void) tp; (void) ud; lasts++; }

static void visit(void *m, void *ud)
{
	(void) ud;
	((member *) m)->visits++;
}

static size_t count_list(const ws_sub *s)
{
	size_t n = 0;
	for (; s; s = s->mnext) {
		n++;
	}
	return n;
}

static void test_basics(void)
{
	member a = {1, NULL, 0}, b = {2, NULL, 0};
	ws_topic *t;

	ws_topics_init(&ts);
	ts.on_first = on_first;
	ts.on_last = on_last;
	is_int(ws_topics_subscribe(&ts, &a.subs, &a, S("chat")), 1);
	is_int(ws_topics_subscribe(&ts, &a.subs, &a, S("chat")), 0);
	is_int(ws_topics_subscribe(&ts, &b.subs, &b, S("chat")), 1);
	is_int(ws_topics_subscribe(&ts, &b.subs, &b, S("news")), 1);
	is_int(firsts, 2);
	is_int(ws_topics_count(&ts, S("chat"), 0), 2);
	is_int(ws_topics_count(&ts, S("none"), 1), 0);
	ok(ws_topics_is_subscribed(&ts, &b.subs, S("news")));
	ok(!ws_topics_is_subscribed(&ts, &a.subs, S("news")));
	is_int(ws_topics_subscribe(&ts, &a.subs, &a, (const uint8_t *) "", 0), WS_ERR_INVALID);
	{
		static uint8_t big[WS_TOPIC_MAX + 1];
		is_int(ws_topics_subscribe(&ts, &a.subs, &a, big, WS_TOPIC_MAX + 1), WS_ERR_INVALID);
		is_int(ws_topics_subscribe(&ts, &a.subs, &a, big, WS_TOPIC_MAX), 1); /* binary, NULs */
		is_int(ws_topics_unsubscribe(&ts, &a.subs, big, WS_TOPIC_MAX), 1);
	}
	t = ws_topics_find(&ts, S("chat"));
	ok(t != NULL);
	ws_topics_walk(&ts, t, visit, NULL);
	is_int(a.visits, 1);
	is_int(b.visits, 1);
	is_int(ws_topics_unsubscribe(&ts, &a.subs, S("chat")), 1);
	is_int(ws_topics_unsubscribe(&ts, &a.subs, S("chat")), 0);
	is_int(ws_topics_unsubscribe(&ts, &a.subs, S("never")), 0);
	ws_topics_leave_all(&ts, &b.subs);
	ok(b.subs == NULL);
	is_int(ts.ntopics, 0);
	is_int(ts.nsubs, 0);
	is_int(lasts, 3);
	ws_topics_free(&ts);
}

/* Changes from inside a walk: the walker removes others and itself, adds
 * new members (not visited), and walks the same topic again (nested). */
static member pool[8];
static int nested;

static void meddle(void *mp, void *ud)
{
	member *m = mp;
	ws_topic *t = ud;
	m->visits++;
	if (m->id == 0) {
		ws_topics_leave_all(&ts, &pool[1].subs);            /* a later one: must not be visited */
		ws_topics_unsubscribe(&ts, &m->subs, S("room"));    /* itself */
		ws_topics_subscribe(&ts, &pool[6].subs, &pool[6], S("room")); /* added: not visited */
		if (!nested++) {
			ws_topics_walk(&ts, t, meddle, t);
		}
	}
	if (m->id == 3) {
		ws_topics_leave_all(&ts, &pool[2].subs);
	}
}

static void test_walk_reentrancy(void)
{
	ws_topic *t;

	ws_topics_init(&ts);
	for (int i = 0; i < 8; i++) {
		pool[i].id = i;
		pool[i].subs = NULL;
		pool[i].visits = 0;
	}
	/* Subscribed in reverse so that the walk (head first) meets 0 first. */
	for (int i = 5; i >= 0; i--) {
		ws_topics_subscribe(&ts, &pool[i].subs, &pool[i], S("room"));
	}
	ws_topics_subscribe(&ts, &pool[1].subs, &pool[1], S("other"));
	t = ws_topics_find(&ts, S("room"));
	ws_topics_walk(&ts, t, meddle, t);
	is_int(pool[0].visits, 1);
	is_int(pool[1].visits, 0);
	/* The nested walk starts at the new head (6), meets 2 before 3 removes
	 * it, and the outer walk then finds 2 dead. */
	is_int(pool[2].visits, 1);
	is_int(pool[3].visits, 2);
	is_int(pool[6].visits, 1);
	is_int(ws_topics_count(&ts, S("room"), 0), 4); /* 3, 4, 5, 6 (2 left, 1 left, 0 left) */
	t = ws_topics_find(&ts, S("room"));
	ok(t && t->ndead == 0 && t->walking == 0);
	is_int(ws_topics_count(&ts, S("other"), 0), 0);
	for (int i = 0; i < 8; i++) {
		ws_topics_leave_all(&ts, &pool[i].subs);
	}
	is_int(ts.ntopics, 0);
	ws_topics_free(&ts);
}

static void take(const uint8_t *n, size_t len, size_t count, void *ud)
{
	char *out = ud;
	size_t l = strlen(out);
	snprintf(out + l, 256 - l, "%.*s=%zu;", (int) len, (const char *) n, count);
}

static void test_remote_and_dirty(void)
{
	member a = {1, NULL, 0};
	char seen[256] = "";

	ws_topics_init(&ts);
	ts.track_dirty = 1;
	is_int(ws_topics_set_remote(&ts, 100, S("x"), 3), WS_OK);
	is_int(ws_topics_set_remote(&ts, 200, S("x"), 2), WS_OK);
	is_int(ws_topics_count(&ts, S("x"), 1), 5);
	is_int(ws_topics_count(&ts, S("x"), 0), 0);
	ws_topics_subscribe(&ts, &a.subs, &a, S("x"));
	is_int(ws_topics_count(&ts, S("x"), 1), 6);
	is_int(ws_topics_set_remote(&ts, 100, S("x"), 1), WS_OK);
	is_int(ws_topics_count(&ts, S("x"), 1), 4);
	ws_topics_drop_source(&ts, 200);
	is_int(ws_topics_count(&ts, S("x"), 1), 2);
	ws_topics_subscribe(&ts, &a.subs, &a, S("y"));
	ws_topics_unsubscribe(&ts, &a.subs, S("y")); /* emptied, still reported once with 0 */
	ws_topics_take_dirty(&ts, take, seen);
	ok(strstr(seen, "x=1;") != NULL);
	ok(strstr(seen, "y=0;") != NULL);
	ok(ws_topics_find(&ts, S("y")) == NULL);
	ws_topics_set_remote(&ts, 100, S("x"), 0);
	ws_topics_leave_all(&ts, &a.subs);
	seen[0] = '\0';
	ws_topics_take_dirty(&ts, take, seen);
	ok(strstr(seen, "x=0;") != NULL);
	is_int(ts.ntopics, 0);
	ws_topics_free(&ts);
}

/* Random operations against a membership matrix. */
#define NM 40
#define NT 25
static member rm[NM];
static unsigned char matrix[NM][NT];
static int walk_hits[NM];

static void rvisit(void *mp, void *ud)
{
	(void) ud;
	walk_hits[((member *) mp)->id]++;
}

static void test_random(void)
{
	unsigned seed = 12345;
	int bad = 0;

	ws_topics_init(&ts);
	memset(matrix, 0, sizeof(matrix));
	for (int i = 0; i < NM; i++) {
		rm[i].id = i;
		rm[i].subs = NULL;
	}
	for (int step = 0; step < 200000 && !bad; step++) {
		int m = rand_r(&seed) % NM, t = rand_r(&seed) % NT, op = rand_r(&seed) % 10;
		char name[16];
		size_t len = (size_t) snprintf(name, sizeof(name), "t%d", t);
		if (op < 5) {
			int r = ws_topics_subscribe(&ts, &rm[m].subs, &rm[m], (const uint8_t *) name, len);
			bad |= r != !matrix[m][t];
			matrix[m][t] = 1;
		} else if (op < 9) {
			int r = ws_topics_unsubscribe(&ts, &rm[m].subs, (const uint8_t *) name, len);
			bad |= r != matrix[m][t];
			matrix[m][t] = 0;
		} else if (step % 7 == 0) {
			ws_topics_leave_all(&ts, &rm[m].subs);
			memset(matrix[m], 0, NT);
		} else {
			ws_topic *tp = ws_topics_find(&ts, (const uint8_t *) name, len);
			int expect = 0;
			memset(walk_hits, 0, sizeof(walk_hits));
			if (tp) {
				ws_topics_walk(&ts, tp, rvisit, NULL);
			}
			for (int i = 0; i < NM; i++) {
				expect += matrix[i][t];
				bad |= walk_hits[i] != matrix[i][t];
			}
			bad |= (int) ws_topics_count(&ts, (const uint8_t *) name, len, 0) != expect;
		}
	}
	ok(!bad);
	for (int i = 0; i < NM; i++) {
		size_t n = 0;
		for (int t = 0; t < NT; t++) {
			n += matrix[i][t];
		}
		bad |= count_list(rm[i].subs) != n;
	}
	ok(!bad);
	for (int i = 0; i < NM; i++) {
		ws_topics_leave_all(&ts, &rm[i].subs);
	}
	is_int(ts.ntopics, 0);
	is_int(ts.nsubs, 0);
	ws_topics_free(&ts);
}

int main(void)
{
	test_basics();
	test_walk_reentrancy();
	test_remote_and_dirty();
	test_random();
	return done_testing();
}
