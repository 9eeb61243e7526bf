/*
 * tap.h: a tiny TAP harness for tests/c (picotest-like). Each check prints
 * "ok N" or "not ok N - file:line: expr" plus what differed; done_testing()
 * prints the plan and returns the exit status for main().
 */
#ifndef WS_TAP_H
#define WS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_run, tap_failed;

static inline int tap_check(int cond, const char *file, int line, const char *expr)
{
	tap_run++;
	if (cond) {
		printf("ok %d\n", tap_run);
		fflush(stdout); /* keep the log if a sanitizer kills the process */
		return 1;
	}
	tap_failed++;
	printf("not ok %d - %s:%d: %s\n", tap_run, file, line, expr);
	fflush(stdout);
	return 0;
}

static inline void tap_dump(const char *what, const void *p, size_t n)
{
	printf("#   %s (%zu bytes): \"", what, n);
	for (size_t i = 0; i < n && i < 200; i++) {
		unsigned char c = ((const unsigned char *) p)[i];
		printf(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? "%c" : "\\x%02x", c);
	}
	printf("\"%s\n", n > 200 ? "..." : "");
}

#define ok(c) tap_check(!!(c), __FILE__, __LINE__, #c)
#define is_int(got, exp) do { long long g_ = (long long) (got), e_ = (long long) (exp); \
	if (!tap_check(g_ == e_, __FILE__, __LINE__, #got " == " #exp)) \
		printf("#   got %lld, expected %lld\n", g_, e_); } while (0)
#define is_mem(got, gn, exp, en) do { const void *g_ = (got), *e_ = (exp); size_t gn_ = (gn), en_ = (en); \
	if (!tap_check(gn_ == en_ && memcmp(g_, e_, gn_) == 0, __FILE__, __LINE__, #got " == " #exp)) { \
		tap_dump("got", g_, gn_); tap_dump("expected", e_, en_); } } while (0)
#define is_str(got, exp) is_mem((got), strlen(got), (exp), strlen(exp))
#define diag(...) (printf("# " __VA_ARGS__), putchar('\n'))
#define done_testing() (printf("1..%d\n", tap_run), tap_failed ? 1 : 0)

#endif
