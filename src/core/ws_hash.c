/* ws_hash.c: SipHash-1-3 and its keys (see ws_hash.h). */
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "core/ws_hash.h"

#define ROTL(x, b) (uint64_t) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(v0, v1, v2, v3)                                             \
	do {                                                                     \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);            \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                               \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                               \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);            \
	} while (0)

uint64_t ws_siphash13(const uint64_t key[2], const uint8_t *p, size_t len)
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ key[0], v1 = 0x646f72616e646f6dULL ^ key[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ key[0], v3 = 0x7465646279746573ULL ^ key[1];
	uint64_t m, b = (uint64_t) len << 56;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		m = 0;
		for (int j = 0; j < 8; j++) {
			m |= (uint64_t) p[i + j] << (8 * j); /* little-endian on every host */
		}
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (size_t k = 0; i + k < len; k++) {
		b |= (uint64_t) p[i + k] << (8 * k);
	}
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

void ws_hash_key(uint64_t key[2], const void *seed)
{
	if (getrandom(key, 2 * sizeof(key[0]), GRND_NONBLOCK) != (ssize_t) (2 * sizeof(key[0]))) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		key[0] = (uint64_t) now.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t) getpid();
		key[1] = (uint64_t) now.tv_sec ^ (uint64_t) (uintptr_t) seed;
	}
}
