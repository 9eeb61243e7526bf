/*
 * ws_bus.h: one end of a stream socket carrying length-prefixed records
 * between a master and a worker (see ws_pubsub.h for the records). Reads
 * collect whole records; writes are queued and flushed without blocking,
 * the loop watching for writability while anything is left.
 */
#ifndef WS_BUS_H
#define WS_BUS_H

#include "core/ws_buf.h"
#include "core/ws_loop.h"

#define WS_BUS_MAX_RECORD_LEN (1u << 30)
#define WS_BUS_QUEUE_MAX (64u * 1024u * 1024u) /* queued and unwritten: more is dropped and counted */

typedef struct ws_bus ws_bus;
/* A whole record (rec[0] is its type). It may send on any bus; it must not ws_bus_close() this one. */
typedef void ws_bus_record_cb(ws_bus *b, const uint8_t *rec, size_t len, void *ud);
/* The other end closed or failed; the bus is idle after (the caller frees it). */
typedef void ws_bus_closed_cb(ws_bus *b, void *ud);
/* Optional (set on_batch after ws_bus_init): begin 1 before the records of one
 * readable event go to on_record, begin 0 after them (also when the bus
 * failed meanwhile), so that the receiver can batch its work over them. */
typedef void ws_bus_batch_cb(void *ud, int begin);

struct ws_bus {
	ws_loop *loop;
	int fd;
	int watching;      /* mask registered with the loop */
	uint8_t *in;
	size_t in_len, in_cap;
	ws_wq out;
	uint64_t dropped;  /* records not queued: the queue was over WS_BUS_QUEUE_MAX (or no memory) */
	ws_bus_record_cb *on_record;
	ws_bus_closed_cb *on_closed;
	ws_bus_batch_cb *on_batch; /* NULL unless set */
	void *ud;
};

/* Take fd (made non-blocking) and watch it for reading. 0 or WS_ERR_IO. */
int ws_bus_init(ws_bus *b, ws_loop *loop, int fd, ws_bus_record_cb *rec, ws_bus_closed_cb *closed, void *ud);
/* Stop watching, close fd, free the buffers. */
void ws_bus_close(ws_bus *b);
/* Queue one record made of parts (the length prefix is added) and try to write. 0, or WS_ERR_FULL (dropped). */
int ws_bus_send(ws_bus *b, const struct iovec *parts, int nparts);

#endif
