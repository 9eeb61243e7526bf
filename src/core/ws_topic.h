/*
 * ws_topic.h: the topic registry: topic name to subscribers, and each member
 * (a connection) to its subscriptions.
 *
 * A publish walks one topic's subscribers, so it costs O(subscribers), not
 * O(connections); a member leaving everything costs O(its topics). Both lists
 * are intrusive: one ws_sub per (topic, member) pair sits in the topic's
 * doubly linked list and in the member's singly linked one.
 *
 * Reentrancy: code run from inside a walk (ws_topics_walk()'s callback) may
 * subscribe, unsubscribe and leave, on this or any topic, even another walk.
 * A subscription removed during a walk is only marked dead; it is unlinked
 * from the topic, and an emptied topic freed, when the outermost walk of that
 * topic ends. A subscription added during a walk is not visited by it.
 *
 * Topics also carry what other processes (the workers of one server) say they
 * have subscribed, as (source, count) pairs, so a count can cover every
 * worker. A topic lives while it has a local subscriber, a remote count, or a
 * walk in progress. Names are binary, 1 to WS_TOPIC_MAX bytes. Hashing is
 * keyed with a random key per registry, so names chosen by peers cannot
 * force collisions.
 */
#ifndef WS_TOPIC_H
#define WS_TOPIC_H

#include "core/ws_common.h"

#define WS_TOPIC_MAX 1024

typedef struct ws_topic ws_topic;
typedef struct ws_sub ws_sub;
typedef struct ws_topics ws_topics;

struct ws_sub {
	ws_topic *topic;
	void *member;
	ws_sub *tprev, *tnext; /* topic->subs */
	ws_sub *mnext;         /* the member's list */
	uint8_t dead;          /* removed during a walk; unlinked when it ends */
};

typedef struct ws_topic_remote {
	int32_t source;  /* another process's id (a pid) */
	uint32_t count;
} ws_topic_remote;

struct ws_topic {
	ws_topic *hnext;
	uint64_t hash;
	ws_sub *subs;
	size_t nsubs;          /* live local subscriptions */
	size_t ndead;
	uint32_t walking;      /* walks in progress */
	uint32_t nremote, remote_cap;
	ws_topic_remote *remote;
	uint64_t remote_total;
	ws_topic *next_dirty;  /* ws_topics dirty list: local count changed since last taken */
	uint8_t dirty;
	size_t len;
	uint8_t name[];
};

struct ws_topics {
	ws_topic **buckets;
	size_t mask;           /* buckets - 1 (0: none yet) */
	size_t ntopics;
	uint64_t key[2];
	ws_topic *dirty;
	int track_dirty;       /* list topics whose local count changed (for reporting them to other workers) */
	/* The first local subscriber came, the last one left (a Redis subscription follows these). */
	void (*on_first)(ws_topics *ts, const ws_topic *t, void *ud);
	void (*on_last)(ws_topics *ts, const ws_topic *t, void *ud);
	void *ud;
	size_t nsubs;          /* every live local subscription */
};

/* Set up an empty registry (no memory until the first topic). */
void ws_topics_init(ws_topics *ts);
/* Free every topic and subscription; the members' lists are not touched.
 * Not during a walk. */
void ws_topics_free(ws_topics *ts);

ws_topic *ws_topics_find(const ws_topics *ts, const uint8_t *name, size_t len);

/* Subscribe member (its list head at *list). Returns 1 if added, 0 if it was
 * already subscribed, WS_ERR_INVALID for a bad name, WS_ERR_NOMEM. */
int ws_topics_subscribe(ws_topics *ts, ws_sub **list, void *member, const uint8_t *name, size_t len);
/* Returns 1 if it was subscribed (now not), else 0. */
int ws_topics_unsubscribe(ws_topics *ts, ws_sub **list, const uint8_t *name, size_t len);
int ws_topics_is_subscribed(const ws_topics *ts, ws_sub *const *list, const uint8_t *name, size_t len);
/* Leave every topic (a closing connection); *list is empty after. */
void ws_topics_leave_all(ws_topics *ts, ws_sub **list);

/* Call fn for each live subscriber of t present when the walk began; fn may
 * change any subscription (see above). t stays valid during the walk. */
void ws_topics_walk(ws_topics *ts, ws_topic *t, void (*fn)(void *member, void *ud), void *ud);

/* Another process now has count subscribers of name (0: none). Returns 0 or WS_ERR_NOMEM. */
int ws_topics_set_remote(ws_topics *ts, int32_t source, const uint8_t *name, size_t len, uint32_t count);
/* Forget every count from source (that process is gone). */
void ws_topics_drop_source(ws_topics *ts, int32_t source);
/* Local subscribers, plus (all != 0) what other processes reported. */
uint64_t ws_topics_count(const ws_topics *ts, const uint8_t *name, size_t len, int all);

/* Call fn for each topic with local subscribers. */
void ws_topics_each_local(const ws_topics *ts, void (*fn)(const ws_topic *t, void *ud), void *ud);
/* Take the list of topics whose local count changed since the last call (with
 * track_dirty set): fn(t) for each, then the list is empty. A topic emptied in
 * the meantime is reported with count 0 before it is freed. */
void ws_topics_take_dirty(ws_topics *ts, void (*fn)(const uint8_t *name, size_t len, size_t count, void *ud),
                          void *ud);

#endif
