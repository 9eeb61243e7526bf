/*
 * ws_hash.h: SipHash-1-3 for the hash tables whose keys peers can choose
 * (topic names), under a random key per table, so that no one can aim
 * many keys at one chain.
 */
#ifndef WS_HASH_H
#define WS_HASH_H

#include "core/ws_common.h"

/* SipHash-1-3 of p[0..n) under key. */
uint64_t ws_siphash13(const uint64_t key[2], const uint8_t *p, size_t n);
/* A random key (getrandom; if that fails, the clock, the pid and seed's address). */
void ws_hash_key(uint64_t key[2], const void *seed);

#endif
