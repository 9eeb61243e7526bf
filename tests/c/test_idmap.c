/*
 * test_idmap.c: the open connections by id. Lookups, removals that shift a
 * probe run back (also across the end of the array), growth and shrinking,
 * the sorted listing, and a random differential run against a plain array
 * of who is present.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ws_idmap.h"
#include "tap.h"

typedef struct entry {
	uint64_t id;
} entry;

static uint64_t key(const void *e) { return ((const entry *) e)->id; }
static void add_key(void *e, void *sum) { *(uint64_t *) sum += ((entry *) e)->id; }

/* Every present entry is found, every absent id is not, and the count agrees. */
static int consistent(const ws_idmap *m, entry *all, const int *present, size_t n)
{
	size_t live = 0;
	for (size_t i = 0; i < n; i++) {
		void *got = ws_idmap_get(m, all[i].id);
		if (present[i] ? got != &all[i] : got != NULL) {
			return 0;
		}
		live += present[i] != 0;
	}
	return live == ws_idmap_len(m);
}

static void test_basics(void)
{
	ws_idmap m;
	entry e[3] = {{1}, {2}, {1000000}};
	void *out[4];

	ws_idmap_init(&m, key);
	ok(ws_idmap_get(&m, 1) == NULL);
	ok(ws_idmap_del(&m, 1) == NULL);
	ok(ws_idmap_sorted(&m, out, 4) == 0);
	ok(ws_idmap_put(&m, &e[2]) == 0 && ws_idmap_put(&m, &e[0]) == 0 && ws_idmap_put(&m, &e[1]) == 0);
	is_int(ws_idmap_len(&m), 3);
	ok(ws_idmap_get(&m, 2) == &e[1]);
	ok(ws_idmap_get(&m, 3) == NULL);
	is_int(ws_idmap_sorted(&m, out, 4), 3);
	ok(out[0] == &e[0] && out[1] == &e[1] && out[2] == &e[2]);
	is_int(ws_idmap_sorted(&m, out, 2), 2); /* bounded by max */
	ok(ws_idmap_del(&m, 2) == &e[1]);
	ok(ws_idmap_del(&m, 2) == NULL);
	ok(ws_idmap_get(&m, 1) == &e[0] && ws_idmap_get(&m, 1000000) == &e[2]);
	is_int(ws_idmap_len(&m), 2);
	{
		uint64_t sum = 0;
		ws_idmap_each(&m, add_key, &sum);
		is_int(sum, 1 + 1000000);
	}
	ws_idmap_free(&m);
	is_int(ws_idmap_len(&m), 0);
}

/* Ids whose home slot is the last one of 64 form a run that wraps to slot 0;
 * removing its head must pull the wrapped entries back. */
static void test_wrapping_run(void)
{
	ws_idmap m;
	entry e[8];
	int present[8];
	size_t n = 0;

	ws_idmap_init(&m, key);
	ok(ws_idmap_put(&m, &(entry){0}) == 0); /* makes the 64-slot array */
	ws_idmap_del(&m, 0);
	for (uint64_t id = 1; n < 8 && id < 10000000; id++) {
		if ((size_t) ((id * UINT64_C(0x9E3779B97F4A7C15)) >> 32 & 63) >= 62) {
			e[n].id = id;
			present[n] = 1;
			ok(ws_idmap_put(&m, &e[n]) == 0);
			n++;
		}
	}
	is_int(n, 8);
	is_int(m.cap, 64);
	ok(m.slots[0] != NULL && m.slots[1] != NULL); /* the run wrapped */
	ok(consistent(&m, e, present, n));
	for (size_t i = 0; i < n; i++) {
		ok(ws_idmap_del(&m, e[i].id) == &e[i]);
		present[i] = 0;
		ok(consistent(&m, e, present, n));
	}
	ws_idmap_free(&m);
}

/* Random puts and deletes against a presence array: every id found or not as
 * it should be, after every operation; the array grows and shrinks back. */
static void test_random(void)
{
	enum { N = 5000, OPS = 100000 };
	entry *all = calloc(N, sizeof(*all));
	int *present = calloc(N, sizeof(*present));
	ws_idmap m;
	size_t peak = 0, bad = 0;
	uint64_t seed = 0x12345678;

	ws_idmap_init(&m, key);
	for (size_t i = 0; i < N; i++) {
		all[i].id = i * 7 + 1 + (i % 3) * 100000;
	}
	for (int op = 0; op < OPS; op++) {
		size_t i;
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		i = (size_t) (seed >> 33) % N;
		if (present[i]) {
			bad += ws_idmap_del(&m, all[i].id) != &all[i];
			present[i] = 0;
		} else if (op < OPS / 2 || (seed >> 20) % 32 == 0) {
			bad += ws_idmap_put(&m, &all[i]) != 0;
			present[i] = 1;
		}
		if (m.cap > peak) {
			peak = m.cap;
		}
		if (op % 1000 == 0 && !consistent(&m, all, present, N)) {
			bad++;
		}
	}
	is_int(bad, 0);
	ok(consistent(&m, all, present, N));
	ok(m.len * 4 <= m.cap * 3);
	ok(m.cap < peak); /* given back after the first half's peak */
	{
		void **out = calloc(N, sizeof(*out));
		size_t n = ws_idmap_sorted(&m, out, N), sorted = 1;
		is_int(n, m.len);
		for (size_t i = 1; i < n; i++) {
			sorted &= ((entry *) out[i - 1])->id < ((entry *) out[i])->id;
		}
		ok(sorted);
		free(out);
	}
	ws_idmap_free(&m);
	free(all);
	free(present);
}

int main(void)
{
	test_basics();
	test_wrapping_run();
	test_random();
	return done_testing();
}
