/* ws_iplimit.c: per-address limits at accept time (max_connections_per_ip,
 * handshake_rate_per_ip), answered before any application code runs.
 *
 * A hash of chains keyed by the address text. An entry lives while its
 * address has connections, or while its rate bucket is refilling; a sweep at
 * most once a second frees the rest, so a flood from many addresses costs at
 * most about one second's worth of entries. */
#include <string.h>

#include "core/ws_server_int.h"

#define WS_IP_SWEEP_MS 1000
#define WS_IP_MIN_BUCKETS 64

struct ws_ip_entry {
	ws_ip_entry *next;
	uint64_t tokens;   /* handshakes, in thousandths */
	uint64_t refill_at;/* loop ms of the last refill */
	size_t conns;
	uint32_t hash;
	char ip[46];
};

static uint32_t ip_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++) {
		h = (h ^ (uint8_t) *s) * 16777619u;
	}
	return h;
}

static void refill(const ws_server *srv, ws_ip_entry *e, uint64_t now)
{
	uint64_t cap = (uint64_t) srv->cfg.handshake_rate_per_ip * 1000u;
	uint64_t add = (now - e->refill_at) * srv->cfg.handshake_rate_per_ip;

	e->tokens = e->tokens + add > cap ? cap : e->tokens + add;
	e->refill_at = now;
}

static int idle(const ws_server *srv, ws_ip_entry *e)
{
	return e->conns == 0 && (!srv->cfg.handshake_rate_per_ip ||
	                         e->tokens >= (uint64_t) srv->cfg.handshake_rate_per_ip * 1000u);
}

static void sweep(ws_server *srv, uint64_t now)
{
	srv->ips_swept_at = now;
	for (size_t b = 0; srv->ips && b <= srv->ips_mask; b++) {
		ws_ip_entry **pp = &srv->ips[b];
		while (*pp) {
			ws_ip_entry *e = *pp;
			if (srv->cfg.handshake_rate_per_ip) {
				refill(srv, e, now);
			}
			if (idle(srv, e)) {
				*pp = e->next;
				ws_free(e);
				srv->nips--;
			} else {
				pp = &e->next;
			}
		}
	}
}

static int grow(ws_server *srv)
{
	size_t n = srv->ips ? (srv->ips_mask + 1) * 2 : WS_IP_MIN_BUCKETS;
	ws_ip_entry **t = ws_malloc(n * sizeof(*t));

	if (!t) {
		return WS_ERR_NOMEM;
	}
	memset(t, 0, n * sizeof(*t));
	for (size_t b = 0; srv->ips && b <= srv->ips_mask; b++) {
		ws_ip_entry *e = srv->ips[b];
		while (e) {
			ws_ip_entry *next = e->next;
			e->next = t[e->hash & (n - 1)];
			t[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	ws_free(srv->ips);
	srv->ips = t;
	srv->ips_mask = n - 1;
	return 0;
}

int ws_ip_admit(ws_server *srv, const char *ip, ws_ip_entry **out)
{
	uint64_t now = ws_loop_now(srv->ep.loop);
	uint32_t h = ip_hash(ip);
	ws_ip_entry *e;

	*out = NULL;
	if (!srv->cfg.max_connections_per_ip && !srv->cfg.handshake_rate_per_ip) {
		return 0;
	}
	if (now - srv->ips_swept_at >= WS_IP_SWEEP_MS) {
		sweep(srv, now);
	}
	for (e = srv->ips ? srv->ips[h & srv->ips_mask] : NULL; e; e = e->next) {
		if (e->hash == h && strcmp(e->ip, ip) == 0) {
			break;
		}
	}
	if (!e) {
		if ((srv->nips >= srv->ips_mask || !srv->ips) && grow(srv) < 0) {
			return 503;
		}
		if (!(e = ws_malloc(sizeof(*e)))) {
			return 503;
		}
		memset(e, 0, sizeof(*e));
		e->hash = h;
		e->tokens = (uint64_t) srv->cfg.handshake_rate_per_ip * 1000u;
		e->refill_at = now;
		strncpy(e->ip, ip, sizeof(e->ip) - 1);
		e->next = srv->ips[h & srv->ips_mask];
		srv->ips[h & srv->ips_mask] = e;
		srv->nips++;
	}
	if (srv->cfg.max_connections_per_ip && e->conns >= srv->cfg.max_connections_per_ip) {
		return 429;
	}
	if (srv->cfg.handshake_rate_per_ip) {
		refill(srv, e, now);
		if (e->tokens < 1000u) {
			return 429;
		}
		e->tokens -= 1000u;
	}
	e->conns++;
	*out = e;
	return 0;
}

void ws_ip_release(ws_server *srv, ws_ip_entry *e)
{
	(void) srv;
	if (e && e->conns) {
		e->conns--; /* freed by a later sweep once its bucket is full again */
	}
}

void ws_ip_free_all(ws_server *srv)
{
	for (size_t b = 0; srv->ips && b <= srv->ips_mask; b++) {
		ws_ip_entry *e = srv->ips[b];
		while (e) {
			ws_ip_entry *next = e->next;
			ws_free(e);
			e = next;
		}
	}
	ws_free(srv->ips);
	srv->ips = NULL;
	srv->nips = srv->ips_mask = 0;
}
