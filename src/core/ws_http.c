/* ws_http.c: request bodies: framing and chunked decoding (RFC 9112 §6-7). */
#include <string.h>
#include <strings.h>

#include "core/ws_http.h"

static int ieq(ws_slice s, const char *z)
{
	return s.n == strlen(z) && strncasecmp((const char *) s.p, z, s.n) == 0;
}

int ws_http_body_framing(const ws_handshake_req *req, uint64_t max, uint64_t *length)
{
	int te = 0, cl = 0;
	uint64_t len = 0;

	for (size_t k = 0; k < req->nheaders; k++) {
		const ws_header *h = &req->headers[k];
		if (ieq(h->name, "Transfer-Encoding")) {
			if (te || !ieq(h->value, "chunked")) {
				return WS_ERR_PROTO; /* only plain "chunked": no codings stacked */
			}
			te = 1;
		} else if (ieq(h->name, "Content-Length")) {
			uint64_t v = 0;
			if (h->value.n == 0 || h->value.n > 19) {
				return WS_ERR_PROTO;
			}
			for (size_t i = 0; i < h->value.n; i++) {
				if (h->value.p[i] < '0' || h->value.p[i] > '9') {
					return WS_ERR_PROTO;
				}
				v = v * 10 + (uint64_t) (h->value.p[i] - '0');
			}
			if (cl && v != len) {
				return WS_ERR_PROTO;
			}
			cl = 1;
			len = v;
		}
	}
	if (te && cl) {
		return WS_ERR_PROTO; /* RFC 9112 §6.1: may be an attempt at request smuggling */
	}
	if (te) {
		return WS_BODY_CHUNKED;
	}
	if (cl && len) {
		if (len > max) {
			return WS_ERR_TOO_BIG;
		}
		*length = len;
		return WS_BODY_LENGTH;
	}
	return WS_BODY_NONE;
}

enum { P_SIZE, P_EXT, P_DATA, P_DATA_END, P_TRAILER };

static int hexval(uint8_t c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int ws_chunked_decode(ws_chunked *st, uint8_t *buf, size_t len, uint64_t max)
{
	while (st->pos < len) {
		uint8_t c = buf[st->pos];

		if (st->cr) { /* every line ends in CRLF */
			if (c != '\n') {
				return WS_ERR_PROTO;
			}
			st->cr = 0;
			st->pos++;
			switch (st->phase) {
			case P_SIZE:
			case P_EXT:
				if (!st->digits) {
					return WS_ERR_PROTO;
				}
				st->digits = 0;
				if (st->left == 0) {
					st->phase = P_TRAILER; /* the last chunk */
					st->trailer_empty = 1;
				} else {
					st->phase = P_DATA;
				}
				break;
			case P_DATA_END:
				st->phase = P_SIZE;
				st->left = 0;
				break;
			case P_TRAILER:
				if (st->trailer_empty) {
					return 1; /* the empty line after the trailer fields */
				}
				st->trailer_empty = 1;
				break;
			}
			continue;
		}
		switch (st->phase) {
		case P_SIZE:
			if (c == '\r') {
				st->cr = 1;
			} else if (c == ';' || c == ' ' || c == '\t') {
				st->phase = P_EXT; /* chunk extensions: ignored */
			} else if (hexval(c) >= 0 && st->digits < 16) {
				st->left = st->left * 16 + (uint64_t) hexval(c);
				st->digits++;
				if (st->out + st->left > max) {
					return WS_ERR_TOO_BIG;
				}
			} else {
				return WS_ERR_PROTO;
			}
			st->pos++;
			break;
		case P_EXT:
			if (c == '\r') {
				st->cr = 1;
			} else if (c == '\n' || c < 0x09 || c == 0x7f) {
				return WS_ERR_PROTO;
			}
			st->pos++;
			break;
		case P_DATA: {
			size_t n = len - st->pos;
			if (n > st->left) {
				n = (size_t) st->left;
			}
			memmove(buf + st->out, buf + st->pos, n);
			st->out += n;
			st->pos += n;
			st->left -= n;
			if (st->left == 0) {
				st->phase = P_DATA_END;
			}
			break;
		}
		case P_DATA_END:
			if (c != '\r') {
				return WS_ERR_PROTO;
			}
			st->cr = 1;
			st->pos++;
			break;
		case P_TRAILER:
			if (c == '\r') {
				st->cr = 1;
			} else if (c == '\n' || (c < 0x20 && c != '\t')) {
				return WS_ERR_PROTO;
			} else {
				st->trailer_empty = 0; /* a trailer field: skipped */
			}
			st->pos++;
			break;
		}
	}
	return 0;
}
