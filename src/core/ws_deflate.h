/*
 * ws_deflate.h: permessage-deflate (RFC 7692) with zlib.
 *
 * Three parts, each usable alone:
 * - negotiation: pure string work on Sec-WebSocket-Extensions values (every
 *   offer of every header line, quoted values), the first offer the server's
 *   configuration can honour, and the exact answer for the 101;
 * - streams: an inflater and a deflater over raw DEFLATE (no zlib header),
 *   whose zlib allocations are counted, so their memory can be charged to a
 *   budget; the inflater writes into a caller's buffer and never past it;
 * - the server's shared state (ws_pmd_ctx): the deflaters used for messages
 *   without context takeover, one per window size, shared by every
 *   connection; spare inflaters lent to a connection while a message is in
 *   flight; the scratch buffer messages are compressed into.
 *
 * Without context takeover in both directions (the default mode), an idle
 * connection holds no zlib memory at all: its messages are compressed by the
 * server's shared deflater, and its inflater is borrowed for the time one
 * compressed message takes to arrive.
 */
#ifndef WS_DEFLATE_H
#define WS_DEFLATE_H

#include "core/ws_common.h"

#define WS_PMD_MIN_BITS 8
#define WS_PMD_MAX_BITS 15
#define WS_PMD_SPARE 4 /* spare inflaters a server keeps between messages */
#define WS_PMD_ANSWER_MAX 160 /* longest answer ws_pmd_answer() writes, NUL included */

/* What the server agrees to (the `compression` option). */
typedef struct ws_pmd_config {
	uint8_t enabled;
	uint8_t server_no_context_takeover; /* 1: compress every message on its own (no memory per connection) */
	uint8_t client_no_context_takeover; /* 1: ask the client to do the same (always allowed, §7.1.1.2) */
	uint8_t server_max_window_bits;     /* 9..15: the largest window the server compresses with */
	uint8_t client_max_window_bits;     /* 8..15: asked of clients that offer the parameter */
	uint8_t mem_level;                  /* 1..9: zlib's memLevel for the deflaters */
	int8_t level;                       /* 0..9: zlib's compression level */
	size_t threshold;                   /* messages shorter than this go uncompressed */
} ws_pmd_config;

/* The defaults: on, no context takeover either way, windows 15, level 1, memLevel 8, threshold 1024. */
void ws_pmd_config_defaults(ws_pmd_config *cfg);

/* What one connection agreed (enabled 0: nothing). Two bytes: every
 * connection holds one (struct ws_conn). */
typedef struct ws_pmd_params {
	uint8_t enabled : 1;
	uint8_t server_no_context_takeover : 1;
	uint8_t client_no_context_takeover : 1;
	uint8_t answer_server_bits : 1;     /* server_max_window_bits is in the answer */
	uint8_t answer_client_bits : 1;     /* client_max_window_bits is in the answer */
	uint8_t server_max_window_bits : 4; /* 8..15: the server compresses with at most this window; 8: it sends uncompressed */
	uint8_t client_max_window_bits : 4; /* 8..15: the client compresses with at most this window (15 when not answered) */
} ws_pmd_params;

/* One permessage-deflate offer as parsed (ws_pmd_parse_offer()). */
typedef struct ws_pmd_offer {
	uint8_t server_no_context_takeover;
	uint8_t client_no_context_takeover;
	uint8_t server_max_window_bits; /* 0: not offered */
	uint8_t client_max_window_bits; /* 0: not offered; WS_PMD_MAX_BITS + 1: offered without a value */
} ws_pmd_offer;

/*
 * Visit every extension offer in one Sec-WebSocket-Extensions value, in
 * order: visit(ud, name, params, valid) for each list element, with the
 * element's parameters as "name[=value]" pieces (quoted values unquoted, into
 * a scratch the callback must not keep). valid is 0 for an element that does
 * not follow the grammar (RFC 6455 §9.1: extension-token *( ";" param ), a
 * param being token [ "=" ( token / quoted-string ) ]); parsing resumes at the
 * next comma outside quotes. visit returns nonzero to stop. Returns 1 if
 * stopped, else 0.
 */
typedef struct ws_ext_param {
	ws_slice name;
	ws_slice value;  /* unquoted */
	uint8_t has_value;
} ws_ext_param;
#define WS_EXT_MAX_PARAMS 16 /* more than this in one offer: the offer is not valid */
int ws_ext_parse(ws_slice value, int (*visit)(void *ud, ws_slice name, const ws_ext_param *params, size_t n, int valid),
                 void *ud);

/* Check one permessage-deflate offer's parameters (RFC 7692 §7): 0 and *out,
 * or WS_ERR_INVALID for an unknown, repeated or invalid parameter. */
int ws_pmd_parse_offer(const ws_ext_param *params, size_t n, ws_pmd_offer *out);

/*
 * Negotiate from the values of every Sec-WebSocket-Extensions header, in
 * order: the first permessage-deflate offer that is valid and that cfg can
 * honour is accepted (1, *out filled); invalid offers and other extensions are
 * passed over. Returns 0 when none is accepted (or cfg is off): the 101 then
 * names no extension, never an error status.
 */
int ws_pmd_negotiate(const ws_slice *values, size_t nvalues, const ws_pmd_config *cfg, ws_pmd_params *out);

/* The Sec-WebSocket-Extensions value answering exactly what p agreed, into
 * out (NUL-terminated). Returns its length or WS_ERR_TOO_BIG. */
int ws_pmd_answer(const ws_pmd_params *p, char *out, size_t cap);

/* --- streams --- */

typedef struct ws_inflater ws_inflater;
typedef struct ws_deflater ws_deflater;

/* A raw inflater for windows up to window_bits (a bigger window than the
 * peer's is always fine; below 9 is taken as 9, which also takes what zlib
 * makes of a requested 8). NULL when out of memory. */
ws_inflater *ws_inflater_new(int window_bits);
void ws_inflater_free(ws_inflater *f);
/* Forget the stream's history (a new message without context takeover). */
void ws_inflater_reset(ws_inflater *f);
/* Heap bytes the inflater holds (zlib's state and window, counted as zlib allocates them). */
size_t ws_inflater_memory(const ws_inflater *f);
int ws_inflater_window_bits(const ws_inflater *f);

/*
 * Inflate from *in (advanced past what was used) into out[0..cap), adding the
 * bytes written to *produced. Stops when the input is used up or out is full.
 * Returns 0, 1 when the DEFLATE stream ended (a block with BFINAL set: the
 * caller resets before more input), WS_ERR_PROTO for data that is not a valid
 * DEFLATE stream (f->error says what), WS_ERR_NOMEM.
 */
int ws_inflate(ws_inflater *f, const uint8_t **in, size_t *in_len, uint8_t *out, size_t cap, size_t *produced);
const char *ws_inflater_error(const ws_inflater *f);

/* A raw deflater (window_bits 9..15, mem_level 1..9, level 0..9), or NULL. */
ws_deflater *ws_deflater_new(int level, int window_bits, int mem_level);
void ws_deflater_free(ws_deflater *d);
size_t ws_deflater_memory(const ws_deflater *d);

/*
 * Compress one message into out (grown with ws_realloc as needed, *cap
 * updated; the first `skip` bytes of *out are left for the caller, a frame
 * header for one) as RFC 7692 §7.2.1 says: a sync flush, then the final
 * 00 00 FF FF removed. reset: forget the history afterwards (no context
 * takeover). Returns the compressed length (after skip), or WS_ERR_NOMEM.
 */
ssize_t ws_deflate_message(ws_deflater *d, const uint8_t *in, size_t len, int reset, uint8_t **out, size_t *cap,
                           size_t skip);

/* --- the server's shared state --- */

typedef struct ws_pmd_ctx {
	ws_pmd_config cfg;
	ws_deflater *shared[WS_PMD_MAX_BITS + 1]; /* no context takeover: by window bits, made on first use */
	ws_inflater *spare[WS_PMD_SPARE];         /* windows of 15 bits, reset */
	int nspare;
	uint8_t *scratch;                         /* compress buffer; big ones freed after use */
	size_t scratch_cap;
} ws_pmd_ctx;

void ws_pmd_ctx_init(ws_pmd_ctx *ctx, const ws_pmd_config *cfg);
void ws_pmd_ctx_free(ws_pmd_ctx *ctx);
/* Heap bytes the shared deflaters, spare inflaters and scratch hold. */
size_t ws_pmd_ctx_memory(const ws_pmd_ctx *ctx);
/* An inflater for one message without context takeover: a spare one, or a new one. */
ws_inflater *ws_pmd_borrow_inflater(ws_pmd_ctx *ctx);
/* Give it back (reset), or free it when WS_PMD_SPARE are kept already. */
void ws_pmd_return_inflater(ws_pmd_ctx *ctx, ws_inflater *f);

/*
 * Compress a message for a connection that agreed p, with the shared deflater
 * (p->server_no_context_takeover) or *own (context takeover: made on first
 * use, with *own_mem counting its heap). The result is ctx->scratch, whose
 * first skip bytes are left free. Returns the compressed length, 0 when the
 * message is to go uncompressed (p forbids compressing, as with window 8),
 * or WS_ERR_NOMEM.
 */
ssize_t ws_pmd_compress(ws_pmd_ctx *ctx, const ws_pmd_params *p, ws_deflater **own, const uint8_t *data, size_t len,
                        size_t skip);
/* Once the caller has copied the result out: drop a scratch grown big. */
void ws_pmd_scratch_trim(ws_pmd_ctx *ctx);

#endif
