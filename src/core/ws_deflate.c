/* ws_deflate.c: permessage-deflate (RFC 7692): negotiation, raw DEFLATE streams with counted memory,
 * and the server's shared deflaters and spare inflaters. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "core/ws_deflate.h"

void ws_pmd_config_defaults(ws_pmd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->enabled = 1;
	cfg->server_no_context_takeover = 1;
	cfg->client_no_context_takeover = 1;
	cfg->server_max_window_bits = WS_PMD_MAX_BITS;
	cfg->client_max_window_bits = WS_PMD_MAX_BITS;
	cfg->mem_level = 8;
	cfg->level = 1;
	cfg->threshold = 1024;
}

/* --- Sec-WebSocket-Extensions grammar (RFC 6455 §9.1, RFC 9110 §5.6) --- */

static int is_tchar(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int is_ows(uint8_t c) { return c == ' ' || c == '\t'; }

#define WS_EXT_SCRATCH 512 /* unquoted values of one element */

int ws_ext_parse(ws_slice v, int (*visit)(void *ud, ws_slice name, const ws_ext_param *params, size_t n, int valid),
                 void *ud)
{
	const uint8_t *s = v.p;
	size_t len = v.n, i = 0;

	while (i < len) {
		ws_ext_param params[WS_EXT_MAX_PARAMS];
		uint8_t scratch[WS_EXT_SCRATCH];
		size_t np = 0, used = 0, start;
		ws_slice name;
		int valid = 1;

		while (i < len && (is_ows(s[i]) || s[i] == ',')) {
			i++; /* empty list elements are allowed (RFC 9110 §5.6.1) */
		}
		if (i >= len) {
			break;
		}
		start = i;
		while (i < len && is_tchar(s[i])) {
			i++;
		}
		name = WS_SLICE(s + start, i - start);
		if (name.n == 0) {
			valid = 0;
		}
		while (valid) {
			ws_ext_param *pa;
			while (i < len && is_ows(s[i])) {
				i++;
			}
			if (i >= len || s[i] == ',') {
				break;
			}
			if (s[i] != ';' || np == WS_EXT_MAX_PARAMS) {
				valid = 0;
				break;
			}
			i++;
			while (i < len && is_ows(s[i])) {
				i++;
			}
			pa = &params[np];
			start = i;
			while (i < len && is_tchar(s[i])) {
				i++;
			}
			pa->name = WS_SLICE(s + start, i - start);
			pa->value = WS_SLICE(NULL, 0);
			pa->has_value = 0;
			if (pa->name.n == 0) {
				valid = 0;
				break;
			}
			while (i < len && is_ows(s[i])) {
				i++;
			}
			if (i < len && s[i] == '=') {
				i++;
				while (i < len && is_ows(s[i])) {
					i++;
				}
				pa->has_value = 1;
				if (i < len && s[i] == '"') {
					size_t from = used;
					i++;
					for (;;) {
						if (i >= len || used == sizeof(scratch)) {
							valid = 0;
							break;
						}
						if (s[i] == '"') {
							i++;
							break;
						}
						if (s[i] == '\\') {
							if (++i >= len) {
								valid = 0;
								break;
							}
						}
						if (s[i] < 0x20 && s[i] != '\t') {
							valid = 0;
							break;
						}
						scratch[used++] = s[i++];
					}
					pa->value = WS_SLICE(scratch + from, used - from);
				} else {
					start = i;
					while (i < len && is_tchar(s[i])) {
						i++;
					}
					pa->value = WS_SLICE(s + start, i - start);
					if (pa->value.n == 0) {
						valid = 0;
					}
				}
			}
			if (valid) {
				np++;
			}
		}
		if (!valid) {
			/* Skip the rest of this element: to the next comma outside quotes. */
			int quoted = 0;
			while (i < len && (quoted || s[i] != ',')) {
				if (s[i] == '"') {
					quoted = !quoted;
				} else if (s[i] == '\\' && quoted) {
					i++;
				}
				i++;
			}
		}
		if (visit(ud, name, params, np, valid)) {
			return 1;
		}
	}
	return 0;
}

static int slice_is(ws_slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n == n && strncasecmp((const char *) s.p, lit, n) == 0;
}

/* 8..15 written without leading zeros (RFC 7692 §7.1.2.1); else 0. */
static int window_bits_value(ws_slice v)
{
	if (v.n == 1 && (v.p[0] == '8' || v.p[0] == '9')) {
		return v.p[0] - '0';
	}
	if (v.n == 2 && v.p[0] == '1' && v.p[1] >= '0' && v.p[1] <= '5') {
		return 10 + (v.p[1] - '0');
	}
	return 0;
}

int ws_pmd_parse_offer(const ws_ext_param *params, size_t n, ws_pmd_offer *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < n; k++) {
		const ws_ext_param *pa = &params[k];
		if (slice_is(pa->name, "server_no_context_takeover")) {
			if (out->server_no_context_takeover || pa->has_value) {
				return WS_ERR_INVALID;
			}
			out->server_no_context_takeover = 1;
		} else if (slice_is(pa->name, "client_no_context_takeover")) {
			if (out->client_no_context_takeover || pa->has_value) {
				return WS_ERR_INVALID;
			}
			out->client_no_context_takeover = 1;
		} else if (slice_is(pa->name, "server_max_window_bits")) {
			int b = pa->has_value ? window_bits_value(pa->value) : 0;
			if (out->server_max_window_bits || !b) {
				return WS_ERR_INVALID;
			}
			out->server_max_window_bits = (uint8_t) b;
		} else if (slice_is(pa->name, "client_max_window_bits")) {
			int b = pa->has_value ? window_bits_value(pa->value) : WS_PMD_MAX_BITS + 1;
			if (out->client_max_window_bits || !b) {
				return WS_ERR_INVALID;
			}
			out->client_max_window_bits = (uint8_t) b;
		} else {
			return WS_ERR_INVALID;
		}
	}
	return 0;
}

typedef struct negotiation {
	const ws_pmd_config *cfg;
	ws_pmd_params *out;
	int accepted;
} negotiation;

/* The server's answer to one valid offer (RFC 7692 §7.1). Every offer can be
 * honoured: each parameter only narrows what the server does. */
static void answer_offer(const ws_pmd_config *cfg, const ws_pmd_offer *o, ws_pmd_params *p)
{
	memset(p, 0, sizeof(*p));
	p->enabled = 1;
	/* §7.1.1.1: agreed when offered, and the server may add it unasked. */
	p->server_no_context_takeover = o->server_no_context_takeover || cfg->server_no_context_takeover;
	/* §7.1.1.2: the server may ask it of any client. */
	p->client_no_context_takeover = o->client_no_context_takeover || cfg->client_no_context_takeover;
	/* §7.1.2.1: the answer holds the same or a smaller value than offered,
	 * and may name one unasked. zlib cannot compress with a 256-byte window
	 * (a raw deflater for 8 bits is refused): agreed at 8, the server sends
	 * its messages uncompressed, which §6 allows for any message. */
	p->server_max_window_bits = cfg->server_max_window_bits;
	if (o->server_max_window_bits && o->server_max_window_bits < p->server_max_window_bits) {
		p->server_max_window_bits = o->server_max_window_bits;
	}
	p->answer_server_bits = o->server_max_window_bits || p->server_max_window_bits < WS_PMD_MAX_BITS;
	/* §7.1.2.2: named in the answer only if the client offered it; without
	 * it the client may use any window up to 15. */
	p->client_max_window_bits = WS_PMD_MAX_BITS;
	if (o->client_max_window_bits) {
		int offered = o->client_max_window_bits > WS_PMD_MAX_BITS ? WS_PMD_MAX_BITS : o->client_max_window_bits;
		p->client_max_window_bits = (uint8_t) (offered < cfg->client_max_window_bits ? offered : cfg->client_max_window_bits);
		p->answer_client_bits = o->client_max_window_bits <= WS_PMD_MAX_BITS || p->client_max_window_bits < WS_PMD_MAX_BITS;
	}
}

static int negotiate_visit(void *ud, ws_slice name, const ws_ext_param *params, size_t n, int valid)
{
	negotiation *ng = ud;
	ws_pmd_offer o;

	if (!valid || !slice_is(name, "permessage-deflate") || ws_pmd_parse_offer(params, n, &o) < 0) {
		return 0; /* declined: the next offer may do */
	}
	answer_offer(ng->cfg, &o, ng->out);
	ng->accepted = 1;
	return 1;
}

int ws_pmd_negotiate(const ws_slice *values, size_t nvalues, const ws_pmd_config *cfg, ws_pmd_params *out)
{
	negotiation ng = {cfg, out, 0};

	memset(out, 0, sizeof(*out));
	if (!cfg->enabled) {
		return 0;
	}
	for (size_t k = 0; k < nvalues && !ng.accepted; k++) {
		ws_ext_parse(values[k], negotiate_visit, &ng);
	}
	return ng.accepted;
}

int ws_pmd_answer(const ws_pmd_params *p, char *out, size_t cap)
{
	char server_bits[32] = "", client_bits[32] = "";
	int n;

	if (p->answer_server_bits) {
		snprintf(server_bits, sizeof(server_bits), "; server_max_window_bits=%u", p->server_max_window_bits);
	}
	if (p->answer_client_bits) {
		snprintf(client_bits, sizeof(client_bits), "; client_max_window_bits=%u", p->client_max_window_bits);
	}
	n = snprintf(out, cap, "permessage-deflate%s%s%s%s", p->server_no_context_takeover ? "; server_no_context_takeover" : "",
	             p->client_no_context_takeover ? "; client_no_context_takeover" : "", server_bits, client_bits);
	if (n < 0 || (size_t) n >= cap) {
		return WS_ERR_TOO_BIG;
	}
	return n;
}

/* --- streams, with zlib's allocations counted --- */

typedef struct counted {
	z_stream z;
	size_t mem;   /* zlib's heap, as it allocated it */
	int bits;
	const char *error;
} counted;

struct ws_inflater {
	counted c;
};

struct ws_deflater {
	counted c;
};

/* Each block carries its size in front, so zfree can count it back. */
#define ZHDR 16

static voidpf zalloc_counted(voidpf opaque, uInt items, uInt size)
{
	counted *c = opaque;
	size_t n = (size_t) items * size;
	uint8_t *p;

	if (size && n / size != items) {
		return Z_NULL;
	}
	if (!(p = ws_malloc(n + ZHDR))) {
		return Z_NULL;
	}
	memcpy(p, &n, sizeof(n));
	c->mem += n + ZHDR;
	return p + ZHDR;
}

static void zfree_counted(voidpf opaque, voidpf ptr)
{
	counted *c = opaque;
	uint8_t *p = (uint8_t *) ptr - ZHDR;
	size_t n;

	memcpy(&n, p, sizeof(n));
	c->mem -= n + ZHDR;
	ws_free(p);
}

static void counted_init(counted *c, int bits)
{
	memset(c, 0, sizeof(*c));
	c->z.zalloc = zalloc_counted;
	c->z.zfree = zfree_counted;
	c->z.opaque = c;
	c->bits = bits;
}

ws_inflater *ws_inflater_new(int window_bits)
{
	ws_inflater *f = ws_malloc(sizeof(*f));

	if (!f) {
		return NULL;
	}
	if (window_bits < 9) {
		window_bits = 9;
	} else if (window_bits > WS_PMD_MAX_BITS) {
		window_bits = WS_PMD_MAX_BITS;
	}
	counted_init(&f->c, window_bits);
	if (inflateInit2(&f->c.z, -window_bits) != Z_OK) {
		ws_free(f);
		return NULL;
	}
	return f;
}

void ws_inflater_free(ws_inflater *f)
{
	if (f) {
		inflateEnd(&f->c.z);
		ws_free(f);
	}
}

void ws_inflater_reset(ws_inflater *f)
{
	inflateReset(&f->c.z);
	f->c.error = NULL;
}

size_t ws_inflater_memory(const ws_inflater *f) { return f ? sizeof(*f) + f->c.mem : 0; }
int ws_inflater_window_bits(const ws_inflater *f) { return f->c.bits; }
const char *ws_inflater_error(const ws_inflater *f) { return f->c.error ? f->c.error : "invalid compressed data"; }

int ws_inflate(ws_inflater *f, const uint8_t **in, size_t *in_len, uint8_t *out, size_t cap, size_t *produced)
{
	z_stream *z = &f->c.z;
	int rc;

	/* avail_in/avail_out are uInt: feed at most 1 GiB at a time. */
	z->next_in = (Bytef *) *in;
	z->avail_in = (uInt) (*in_len > (1u << 30) ? (1u << 30) : *in_len);
	z->next_out = out;
	z->avail_out = (uInt) (cap > (1u << 30) ? (1u << 30) : cap);
	rc = inflate(z, Z_SYNC_FLUSH);
	*produced += (size_t) (z->next_out - out);
	*in_len -= (size_t) (z->next_in - *in);
	*in = z->next_in;
	switch (rc) {
	case Z_OK:
	case Z_BUF_ERROR: /* no progress possible: input used up or no room; not an error */
		return 0;
	case Z_STREAM_END:
		return 1;
	case Z_MEM_ERROR:
		return WS_ERR_NOMEM;
	default: /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
		f->c.error = z->msg ? z->msg : "invalid compressed data";
		return WS_ERR_PROTO;
	}
}

ws_deflater *ws_deflater_new(int level, int window_bits, int mem_level)
{
	ws_deflater *d = ws_malloc(sizeof(*d));

	if (!d) {
		return NULL;
	}
	counted_init(&d->c, window_bits);
	if (deflateInit2(&d->c.z, level, Z_DEFLATED, -window_bits, mem_level, Z_DEFAULT_STRATEGY) != Z_OK) {
		ws_free(d);
		return NULL;
	}
	return d;
}

void ws_deflater_free(ws_deflater *d)
{
	if (d) {
		deflateEnd(&d->c.z);
		ws_free(d);
	}
}

size_t ws_deflater_memory(const ws_deflater *d) { return d ? sizeof(*d) + d->c.mem : 0; }

ssize_t ws_deflate_message(ws_deflater *d, const uint8_t *in, size_t len, int reset, uint8_t **out, size_t *cap,
                           size_t skip)
{
	z_stream *z = &d->c.z;
	size_t have = 0;
	size_t bound = deflateBound(z, (uLong) len) + 16;

	if (*cap < skip + bound || !*out) {
		uint8_t *p = ws_realloc(*out, skip + bound);
		if (!p) {
			return WS_ERR_NOMEM;
		}
		*out = p;
		*cap = skip + bound;
	}
	z->next_in = (Bytef *) in;
	for (;;) {
		int rc;
		size_t room = *cap - skip - have;
		if (room < 16) {
			size_t ncap = *cap * 2;
			uint8_t *p = ws_realloc(*out, ncap);
			if (!p) {
				deflateReset(z);
				return WS_ERR_NOMEM;
			}
			*out = p;
			*cap = ncap;
			room = *cap - skip - have;
		}
		z->avail_in = (uInt) (len - (size_t) ((const uint8_t *) z->next_in - in) > (1u << 30)
		                          ? (1u << 30) : len - (size_t) ((const uint8_t *) z->next_in - in));
		z->next_out = *out + skip + have;
		z->avail_out = (uInt) (room > (1u << 30) ? (1u << 30) : room);
		rc = deflate(z, (size_t) ((const uint8_t *) z->next_in - in) + z->avail_in == len ? Z_SYNC_FLUSH : Z_NO_FLUSH);
		have += (size_t) (z->next_out - (*out + skip + have));
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			deflateReset(z);
			return WS_ERR_NOMEM;
		}
		/* Done when all input is in and the flush fitted (room left over). */
		if ((size_t) ((const uint8_t *) z->next_in - in) == len && z->avail_out > 0) {
			break;
		}
	}
	/* §7.2.1: a sync flush ends with an empty stored block, 00 00 FF FF: drop it. */
	if (have >= 4 && memcmp(*out + skip + have - 4, "\x00\x00\xff\xff", 4) == 0) {
		have -= 4;
	}
	if (have == 0) {
		(*out)[skip] = 0x00; /* §7.2.3.6: an empty message may be one 0x00 */
		have = 1;
	}
	if (reset) {
		deflateReset(z);
	}
	return (ssize_t) have;
}

/* --- the server's shared state --- */

void ws_pmd_ctx_init(ws_pmd_ctx *ctx, const ws_pmd_config *cfg)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = *cfg;
}

void ws_pmd_ctx_free(ws_pmd_ctx *ctx)
{
	for (int b = 0; b <= WS_PMD_MAX_BITS; b++) {
		ws_deflater_free(ctx->shared[b]);
		ctx->shared[b] = NULL;
	}
	while (ctx->nspare) {
		ws_inflater_free(ctx->spare[--ctx->nspare]);
	}
	ws_free(ctx->scratch);
	ctx->scratch = NULL;
	ctx->scratch_cap = 0;
}

size_t ws_pmd_ctx_memory(const ws_pmd_ctx *ctx)
{
	size_t n = ctx->scratch_cap;

	for (int b = 0; b <= WS_PMD_MAX_BITS; b++) {
		n += ws_deflater_memory(ctx->shared[b]);
	}
	for (int k = 0; k < ctx->nspare; k++) {
		n += ws_inflater_memory(ctx->spare[k]);
	}
	return n;
}

ws_inflater *ws_pmd_borrow_inflater(ws_pmd_ctx *ctx)
{
	if (ctx && ctx->nspare) {
		return ctx->spare[--ctx->nspare];
	}
	return ws_inflater_new(WS_PMD_MAX_BITS);
}

void ws_pmd_return_inflater(ws_pmd_ctx *ctx, ws_inflater *f)
{
	if (!f) {
		return;
	}
	if (ctx && ctx->nspare < WS_PMD_SPARE && ws_inflater_window_bits(f) == WS_PMD_MAX_BITS) {
		ws_inflater_reset(f);
		ctx->spare[ctx->nspare++] = f;
	} else {
		ws_inflater_free(f);
	}
}

/* A scratch buffer bigger than this is freed after each message. */
#define WS_PMD_SCRATCH_KEEP (256u * 1024u)

ssize_t ws_pmd_compress(ws_pmd_ctx *ctx, const ws_pmd_params *p, ws_deflater **own, const uint8_t *data, size_t len,
                        size_t skip)
{
	ws_deflater *d;
	int bits = p->server_max_window_bits;
	ssize_t n;

	if (!p->enabled || bits < 9) {
		return 0;
	}
	if (p->server_no_context_takeover) {
		if (!ctx->shared[bits] &&
		    !(ctx->shared[bits] = ws_deflater_new(ctx->cfg.level, bits, ctx->cfg.mem_level))) {
			return WS_ERR_NOMEM;
		}
		d = ctx->shared[bits];
	} else {
		if (!*own && !(*own = ws_deflater_new(ctx->cfg.level, bits, ctx->cfg.mem_level))) {
			return WS_ERR_NOMEM;
		}
		d = *own;
	}
	n = ws_deflate_message(d, data, len, p->server_no_context_takeover, &ctx->scratch, &ctx->scratch_cap, skip);
	return n;
}

void ws_pmd_scratch_trim(ws_pmd_ctx *ctx)
{
	if (ctx->scratch_cap > WS_PMD_SCRATCH_KEEP) {
		ws_free(ctx->scratch);
		ctx->scratch = NULL;
		ctx->scratch_cap = 0;
	}
}
