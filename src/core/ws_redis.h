/*
 * ws_redis.h: Redis pub/sub transport for topics, on the extension's own loop.
 *
 * One ws_redis per process (create it in the process that runs the loop, after
 * any fork: its sockets and timers belong to that loop). It holds two links,
 * both driven by hiredis's async API through ws_loop_fd_set() and ws_timers:
 *   - the subscriber link: SUBSCRIBE/UNSUBSCRIBE per channel, delivers messages;
 *   - the publisher link: PUBLISH (a subscribed connection cannot publish).
 * Channel name = prefix + topic; topics, channels and payloads are binary-safe
 * (any bytes, empty included). Nothing here blocks the loop: connects are
 * non-blocking and bounded by a timeout; a host name that is not a numeric
 * address is resolved once, in ws_redis_new() (blocking, at setup).
 *
 * Each link on connect sends AUTH (if a password is set), SELECT (if database
 * is not 0) and PING, and is "up" when all three replied without error. On
 * loss (or a failed or timed-out connect, or an AUTH/SELECT error) it logs once
 * per outage (WS_LOG_WARNING, the reason included), then reconnects with
 * backoff (100 ms doubling to 5 s, each delay drawn in [d/2, d]) until it is
 * up again (logged at WS_LOG_NOTICE with the outage's length). The backoff
 * starts again from 100 ms only after a link stayed up 5 s, so a server that
 * accepts and then drops the link is soon retried only every 2.5-5 s. The subscriber
 * link then resubscribes every topic still wanted; topics unsubscribed while it
 * was down are not resubscribed. Loss is noticed at once when the server
 * closes or resets the socket, and by TCP keepalive (about 30 s) when the peer
 * silently disappears.
 *
 * Reentrancy: every callback may call any function here, ws_redis_free()
 * included (after which no callback is made and r must not be used). Callbacks
 * are never made from inside ws_redis_subscribe/unsubscribe/publish/free: only
 * from the loop (fd events, timers).
 *
 * hiredis allocates with libc malloc (0.14.1 has no allocator hooks): its
 * buffers are not counted by ws_alloc hooks or budgets. What the publisher
 * holds is bounded by max_pending; what the subscriber receives is bounded by
 * the Redis server's "client-output-buffer-limit pubsub".
 */
#ifndef WS_REDIS_H
#define WS_REDIS_H

#include "core/ws_common.h"
#include "core/ws_loop.h"

typedef struct ws_redis ws_redis;

typedef struct ws_redis_config {
	const char *host;      /* TCP host (numeric address, or a name resolved once at ws_redis_new); ignored with socket */
	int port;              /* TCP port, 1..65535 (0: 6379) */
	const char *socket;    /* unix socket path, or NULL for TCP */
	const char *password;  /* AUTH on connect when non-NULL and non-empty */
	int database;          /* SELECT on connect when not 0 (0..INT_MAX) */
	const char *prefix;    /* channel = prefix + topic; NULL is "" (the PHP layer passes "ws:" by default) */
	unsigned connect_timeout_ms; /* connect + AUTH/SELECT/PING must finish within; 0: 3000 */
	size_t max_pending;    /* bytes of PUBLISH commands accepted but not yet answered by Redis; 0: 8 MiB */
} ws_redis_config;

typedef struct ws_redis_callbacks {
	/* A message on a subscribed topic's channel, prefix stripped. Borrowed:
	 * topic and payload are valid only during the call. Only for topics the
	 * caller wants at that moment (not for one unsubscribed meanwhile). */
	void (*on_message)(void *ud, const uint8_t *topic, size_t topic_len, const uint8_t *payload, size_t len);
	/* Subscriber link up (1: connected and every wanted topic's SUBSCRIBE
	 * confirmed, so whatever is published from now on arrives) or down (0:
	 * lost after it was reported up). Called once per change. May be NULL. */
	void (*on_link)(void *ud, int up);
	/* A line for the operator, level WS_LOG_* (no newline). May be NULL. */
	void (*on_log)(void *ud, int level, const char *msg);
	/* begin 1 before the replies of one read are handled (on_message for
	 * each message among them), begin 0 after, so that the caller can batch
	 * its work over them. May be NULL. */
	void (*on_batch)(void *ud, int begin);
} ws_redis_callbacks;

/* Returns the module and starts both links connecting (no callback is made
 * before the loop runs). NULL with the reason in errbuf (WS_ERRBUF_LEN) for a
 * bad config (no host nor socket, port out of range, a host that does not
 * resolve, a socket path too long), no memory, or hiredis not built in.
 * cfg's strings are copied; cbs is copied; ud is passed back. */
ws_redis *ws_redis_new(ws_loop *loop, const ws_redis_config *cfg, const ws_redis_callbacks *cbs, void *ud,
	char *errbuf);

/* Closes both links and frees r (deferred to the end of the current callback
 * when called from one). No callback is made after it returns. Publishes not
 * yet answered are counted in publish_failed. NULL is a no-op. Call it before
 * ws_loop_free(). */
void ws_redis_free(ws_redis *r);

/* Want topic: SUBSCRIBE now if the link is up, else when it is. Idempotent.
 * At most one SUBSCRIBE/UNSUBSCRIBE per channel is in flight; changes made
 * meanwhile are applied when its reply comes, so any churn ends in the last
 * state asked for. Returns 1 if newly wanted, 0 if it already was,
 * WS_ERR_NOMEM. */
int ws_redis_subscribe(ws_redis *r, const uint8_t *topic, size_t len);
/* Stop wanting topic: no on_message for it from now on; UNSUBSCRIBE when the
 * server has it. Returns 1 if it was wanted, 0 if not. */
int ws_redis_unsubscribe(ws_redis *r, const uint8_t *topic, size_t len);
/* 1 if topic is wanted. */
int ws_redis_is_subscribed(const ws_redis *r, const uint8_t *topic, size_t len);

/* PUBLISH prefix+topic payload on the publisher link. Returns 0 when the
 * command was queued on a link that is up or connecting (Redis's reply then
 * counts it in published, or in publish_failed if the link is lost before it
 * or Redis answers an error); WS_ERR_CLOSED when the link is down (waiting to
 * reconnect), WS_ERR_FULL when max_pending bytes are already waiting for
 * replies (so always for one publish over max_pending), WS_ERR_NOMEM.
 * Every refusal is counted in publish_failed too. */
int ws_redis_publish(ws_redis *r, const uint8_t *topic, size_t tlen, const uint8_t *payload, size_t plen);

typedef struct ws_redis_stats {
	int sub_up, pub_up;        /* link up (sub_up: as last reported by on_link) */
	uint64_t reconnects;       /* links up again after a loss or a failed first connect (both links) */
	uint64_t published;        /* PUBLISH commands Redis answered (accepted) */
	uint64_t publish_failed;   /* refused by ws_redis_publish + lost in flight + error replies */
	uint64_t received;         /* messages passed to on_message */
	size_t subscribed;         /* topics wanted */
	size_t subscribe_pending;  /* SUBSCRIBE/UNSUBSCRIBE sent, reply awaited (0 while sub_up: Redis has what is wanted) */
	size_t publish_pending;    /* PUBLISH commands queued or in flight, not yet answered */
	uint64_t down_since_ms;    /* ws_loop_now() when a link last went down while none was; 0 when both are up */
} ws_redis_stats;

void ws_redis_get_stats(const ws_redis *r, ws_redis_stats *st);

/* hiredis's version ("0.14.1"), or NULL when built without hiredis. */
const char *ws_redis_version(void);

#endif
