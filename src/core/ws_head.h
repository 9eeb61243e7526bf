/*
 * ws_head.h: a compact, lossless encoding of a request head, for what a
 * connection keeps after the handshake (issue #18, idle memory).
 *
 * ws_head_pack() turns any byte string into a packed one and ws_head_unpack()
 * gives back exactly the same bytes: the common shapes of a WebSocket
 * upgrade's lines get smaller, anything else is stored verbatim. Nothing
 * is normalised: case, whitespace, order and duplicates stay as they came.
 *
 * Format: a sequence of items, each a tag byte and what it needs; the
 * unpacked string is their expansions one after the other. Lengths are
 * unsigned LEB128 varints (7 bits a byte, low first). CRLF is "\r\n".
 *
 *   0x00 n bytes[n]       the bytes as they are (input that ends without CRLF)
 *   0x01 n bytes[n]       bytes[n] CRLF (a line as it is)
 *   0x02                  CRLF (the empty line that ends the head)
 *   0x03 n target[n]      "GET " target " HTTP/1.1" CRLF
 *   0x04 raw[16]          "Sec-WebSocket-Key: " base64(raw) CRLF
 *   0x05 raw[16]          "sec-websocket-key: " base64(raw) CRLF
 *   0x06                  "GET / HTTP/1.1" CRLF
 *   0x07                  "Origin: https://" host CRLF, host: the value of the last 0x10 item (Host)
 *   0x08                  "Origin: http://" host CRLF, the same
 *   0x09 + t (n hole[n])  names[name] ": " frag[0] hole frag[1] ... hole frag[last] CRLF,
 *                         templates[t] = {name, frag[]}, one hole between two fragments
 *   0x10 + i n value[n]   names[i] ": " value CRLF (names[]: at most 112)
 *   0x80 + j              lines[j] CRLF (lines[]: at most 128)
 *
 * names[], lines[] and templates[] are tables in ws_head.c. names[] are
 * common request header names as browsers and client libraries spell them,
 * and all lower case (Node's built-in WebSocket, undici, sends them so); a
 * name matches case-sensitively, and only with exactly ": " after it (what
 * follows, extra blanks included, is the value). lines[] are whole common
 * lines ("Upgrade: websocket", "Sec-WebSocket-Version: 13", the usual
 * Sec-WebSocket-Extensions offers ...). The key forms hold a key that is the
 * canonical base64 of 16 bytes (re-encoding the bytes gives the same 24
 * characters); other keys are a name item. templates[] are values that are
 * mostly fixed text: a browser's User-Agent ("Mozilla/5.0 (" platform
 * ") AppleWebKit/537.36 (KHTML, like Gecko) " version " Safari/537.36" ...),
 * an Origin's scheme (an Origin that is a scheme and the Host before it, a
 * same-origin page's, is one byte). One is used when the value has its fragments in order
 * (the first a prefix, the last a suffix) and it packs smaller than the name
 * item would. The tables are the dictionary both sides share: a packed head
 * never leaves the process that packed it, so they may change between
 * versions (tests/c/test_head.c pins the sizes of common heads).
 */
#ifndef WS_HEAD_H
#define WS_HEAD_H

#include "core/ws_common.h"

/* The most ws_head_encode() writes for len input bytes. */
static inline size_t ws_head_pack_bound(size_t len)
{
	return len + len / 64 + 16;
}

/* Pack in[0..len) into out, which has room for ws_head_pack_bound(len)
 * bytes. Returns the packed length (0 for len 0). Borrows both; any input. */
size_t ws_head_encode(const uint8_t *in, size_t len, uint8_t *out);

/* Pack in[0..len) into *out, a block of exactly the packed size from
 * ws_malloc() that the caller frees with ws_free(); *out_len gets its length.
 * Returns WS_OK (with *out NULL and *out_len 0 for len 0) or WS_ERR_NOMEM.
 * Borrows in. */
int ws_head_pack(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len);

/* The unpacked length of packed[0..n), or WS_ERR_PROTO if it is not
 * something ws_head_encode() could have written (a truncated item, an
 * unknown tag). Cheap: no bytes are copied. */
ssize_t ws_head_unpacked_size(const uint8_t *packed, size_t n);

/* Unpack packed[0..n) into out[0..cap). Returns the unpacked length, or
 * WS_ERR_PROTO for a malformed input, WS_ERR_TOO_BIG if cap is short (out
 * then holds a prefix). Borrows both. */
ssize_t ws_head_unpack(const uint8_t *packed, size_t n, uint8_t *out, size_t cap);

#endif
