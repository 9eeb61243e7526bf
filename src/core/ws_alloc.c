/* ws_alloc.c: default allocator hooks and error strings. */
#include <stdlib.h>
#include <string.h>

#include "core/ws_common.h"

ws_allocator ws_alloc_hooks = {malloc, realloc, free};

void ws_set_allocator(const ws_allocator *a)
{
	if (a) {
		ws_alloc_hooks = *a;
	} else {
		ws_alloc_hooks.malloc = malloc;
		ws_alloc_hooks.realloc = realloc;
		ws_alloc_hooks.free = free;
	}
}

char *ws_strdup(const char *s)
{
	size_t n;
	char *d;

	if (!s) {
		return NULL;
	}
	n = strlen(s) + 1;
	d = ws_malloc(n);
	if (d) {
		memcpy(d, s, n);
	}
	return d;
}

const char *ws_strerror(int err)
{
	switch (err) {
	case WS_OK: return "ok";
	case WS_ERR_AGAIN: return "resource temporarily unavailable";
	case WS_ERR_PROTO: return "protocol error";
	case WS_ERR_UTF8: return "invalid UTF-8";
	case WS_ERR_TOO_BIG: return "message too big";
	case WS_ERR_NOMEM: return "out of memory";
	case WS_ERR_IO: return "I/O error";
	case WS_ERR_TLS: return "TLS error";
	case WS_ERR_CLOSED: return "connection closed";
	case WS_ERR_INVALID: return "invalid argument";
	case WS_ERR_FULL: return "send buffer full";
	case WS_ERR_BUDGET: return "server memory budget exhausted";
	case WS_ERR_RATE: return "rate limit exceeded";
	}
	return "unknown error";
}

uint16_t ws_err_close_code(int err)
{
	switch (err) {
	case WS_ERR_PROTO: return 1002;
	case WS_ERR_UTF8: return 1007;
	case WS_ERR_TOO_BIG: return 1009;
	case WS_ERR_FULL: return 1008;
	case WS_ERR_BUDGET: return 1008;
	case WS_ERR_RATE: return 1008;
	}
	return 1011;
}

int ws_budget_request(ws_budget *b, size_t n)
{
	ws_budget_root *root;

	if (ws_budget_fits(b, n)) {
		return 1;
	}
	root = ws_budget_root_of(b);
	if (root->reclaim && root->reclaim(root, b, n) && ws_budget_fits(b, n)) {
		return 1;
	}
	root->refusals++;
	return 0;
}
