/*
 * guard.h: place test input right against a PROT_NONE page, so a decoder that
 * reads even one byte past the end faults (picohttpparser's test trick; ASan
 * alone misses over-reads inside a larger buffer).
 *
 * A guard is one reusable mapping; guard_put() copies n bytes so they end at
 * the protected page and returns where they start. Valid until the next
 * guard_put() on the same guard.
 */
#ifndef WS_GUARD_H
#define WS_GUARD_H

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct guard {
	unsigned char *base;
	size_t usable; /* bytes before the protected page */
} guard;

static inline void guard_free(guard *g)
{
	if (g->base) {
		munmap(g->base, g->usable + (size_t) sysconf(_SC_PAGESIZE));
	}
	g->base = NULL;
	g->usable = 0;
}

static inline unsigned char *guard_put(guard *g, const void *p, size_t n)
{
	size_t page = (size_t) sysconf(_SC_PAGESIZE);

	if (n > g->usable) {
		size_t usable = (n + page - 1) / page * page;
		void *m;

		guard_free(g);
		if (usable == 0) {
			usable = page;
		}
		m = mmap(NULL, usable + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED || mprotect((unsigned char *) m + usable, page, PROT_NONE) != 0) {
			abort();
		}
		g->base = m;
		g->usable = usable;
	}
	if (n) {
		memcpy(g->base + g->usable - n, p, n);
	}
	return g->base + g->usable - n;
}

#endif
