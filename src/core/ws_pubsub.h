/*
 * ws_pubsub.h: topics on a server: subscribe, publish, and the links that
 * carry a publish to the other workers of one server (the bus) and to other
 * machines (Redis).
 *
 * A publish builds its frame once and queues it by reference on every
 * subscriber (as broadcast does), so it costs O(subscribers). Each
 * subscriber's queue limit and policy apply as for ws_conn_send().
 *
 * Workers: each worker has a stream socket to its master (the bus). A
 * publish in one worker is written to the bus once; the master relays it to
 * every other worker, which fans it out to its own subscribers. Workers also
 * tell each other (through the master) how many subscribers each has per
 * topic, so counts can cover every worker.
 *
 * Redis: when a link is set, a publish goes to Redis (channel prefix+topic)
 * instead of the bus, tagged with this process's origin so it is not
 * delivered twice here; every process (every worker of every node) holds one
 * subscriber link and fans out what arrives. While the link is down, a
 * publish still reaches this node (this process and, by the bus, the other
 * workers) and is counted as not sent to Redis.
 */
#ifndef WS_PUBSUB_H
#define WS_PUBSUB_H

#include "core/ws_server.h"
#include "core/ws_topic.h"

/* A connection to leave out of a publish: node 0 (or this server's node) and
 * an id of this server (any worker), or another node's connection. */
typedef struct ws_except {
	uint32_t node;
	uint64_t id;
} ws_except;

/* Subscribe an open (or handshaking) connection. 1 added, 0 already,
 * WS_ERR_CLOSED (closing or closed), WS_ERR_INVALID (name empty or over
 * WS_TOPIC_MAX bytes), WS_ERR_NOMEM. */
int ws_conn_subscribe(ws_conn *c, const uint8_t *topic, size_t len);
/* 1 if it was subscribed. */
int ws_conn_unsubscribe(ws_conn *c, const uint8_t *topic, size_t len);
int ws_conn_is_subscribed(const ws_conn *c, const uint8_t *topic, size_t len);
/* fn for each topic of c (most recent first); fn must not change c's topics. */
void ws_conn_each_topic(const ws_conn *c, void (*fn)(const uint8_t *topic, size_t len, void *ud), void *ud);

/*
 * Send a message to every subscriber of topic (topic NULL: every open
 * connection, a broadcast) here, in the other workers and through Redis
 * (see above). except (sorted or not, nexcept entries) is left out
 * everywhere. flags: WS_SEND_UNCOMPRESSED (else each connection that
 * negotiated permessage-deflate gets a frame compressed once per window size). Returns how many connections of this process accepted it.
 */
size_t ws_server_publish(ws_server *srv, const uint8_t *topic, size_t tlen, uint8_t opcode, const uint8_t *data,
                         size_t len, int flags, const ws_except *except, size_t nexcept);
/* Subscribers of topic in this process, or (all) in every worker as they last reported. */
uint64_t ws_server_subscribers(const ws_server *srv, const uint8_t *topic, size_t len, int all);
/* Topics with subscribers in this process. */
size_t ws_server_topic_count(const ws_server *srv);
/* This server's node id (random at ws_server_new(), or cfg.node_id). */
uint32_t ws_server_node_id(const ws_server *srv);

typedef struct ws_pubsub_stats {
	uint64_t published;        /* publishes made here (broadcasts included) */
	uint64_t bus_sent, bus_received, bus_dropped; /* worker bus records */
	int redis_configured;
	int redis_up;              /* both links live */
	uint64_t redis_published, redis_received; /* handed to the link; arrived from it */
	uint64_t redis_publish_failed; /* made while the link was down (delivered on this node only), lost in flight,
	                                  or refused by Redis */
	uint64_t redis_reconnects;
	uint64_t redis_down_ms;    /* how long the current outage has lasted (0: up) */
	size_t topics;             /* with subscribers here */
	size_t subscriptions;
} ws_pubsub_stats;
void ws_server_pubsub_stats(const ws_server *srv, ws_pubsub_stats *st);

/* Redis settings for ws_server_set_redis(). */
typedef struct ws_redis_settings {
	const char *host;      /* or */
	int port;
	const char *socket;    /* unix socket path */
	const char *password;  /* NULL: none */
	int database;
	const char *prefix;    /* channel = prefix + topic; NULL: "ws:" */
} ws_redis_settings;

/* 1 if this build has the Redis link (hiredis). */
int ws_pubsub_have_redis(void);
/* Keep a copy of the settings; the links are made when run() starts (in each
 * worker). WS_ERR_INVALID if this build has no hiredis. */
int ws_server_set_redis(ws_server *srv, const ws_redis_settings *rs, char *errbuf);

/* --- for ws_server.c and ws_master.c --- */

/* Worker side of the bus: the master's end is fd (stream, non-blocking). */
void ws_pubsub_attach_bus(ws_server *srv, int fd);
/* run() starts: the Redis links (once, in the process that serves). */
void ws_pubsub_start(ws_server *srv);
/* After each loop pass: report changed counts on the bus. */
void ws_pubsub_pass(ws_server *srv);
/* A stop may end run(): 1 once what was published (from onClose, say) has
 * left for the master and been acknowledged by Redis, or a second has passed
 * since the first call (a timer wakes the loop then). */
int ws_pubsub_drained(ws_server *srv);
/* A connection is gone: it leaves every topic. */
void ws_pubsub_conn_gone(ws_conn *c);
void ws_pubsub_free(ws_server *srv);

/* Bus records: u32 length of what follows, then a type byte and its body. */
#define WS_BUS_PUBLISH 'P' /* u8 opcode, u8 flags (1: every connection, 2: uncompressed), u16 topic length, u32 except count,
                              topic, except entries (u32 node, u64 id), data */
#define WS_BUS_COUNT 'C'   /* i32 source pid, u32 count, topic: that worker's subscribers of topic */
#define WS_BUS_GONE 'G'    /* i32 pid: that worker exited (from the master) */
#define WS_BUS_HELLO 'H'   /* a worker started (from the master): send your counts again */

#endif
