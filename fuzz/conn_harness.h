/*
 * conn_harness.h: the real connection logic (ws_loop + ws_server + ws_conn +
 * the TCP transport)
 * compiled into one test or fuzz driver, with its system calls under the
 * driver's control:
 *   - a virtual CLOCK_MONOTONIC (harness_now_us), so timeouts fire when the
 *     driver advances time, never by sleeping;
 *   - read() capped at harness_read_cap bytes (0: no cap), so reads of every
 *     size up to the whole buffer happen;
 *   - sendmsg() failing with ECONNRESET harness_sendmsg_fail times;
 *   - epoll_ctl() failing with ENOMEM for the next harness_epoll_fail_mod
 *     EPOLL_CTL_MOD calls and harness_epoll_fail_del EPOLL_CTL_DEL calls
 *     (harness_epoll_adds counts the ADDs).
 * The read buffer is WS_READ_BUFFER = 4 KiB here (256 KiB in the extension),
 * so what overflows it is within a small input's reach.
 *
 * Include it once, before anything else of the core.
 */
#ifndef WS_CONN_HARNESS_H
#define WS_CONN_HARNESS_H

#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define WS_READ_BUFFER 4096u

static uint64_t harness_now_us = 1000000000ull;
static size_t harness_read_cap;
static int harness_sendmsg_fail;
static int harness_epoll_fail_mod, harness_epoll_fail_del;
static int harness_epoll_adds;

static int harness_clock_gettime(clockid_t clk, struct timespec *ts)
{
	if (clk != CLOCK_MONOTONIC) {
		return (int) syscall(SYS_clock_gettime, clk, ts);
	}
	ts->tv_sec = (time_t) (harness_now_us / 1000000u);
	ts->tv_nsec = (long) (harness_now_us % 1000000u) * 1000;
	return 0;
}

static ssize_t harness_read(int fd, void *buf, size_t n)
{
	if (harness_read_cap && n > harness_read_cap) {
		n = harness_read_cap;
	}
	return read(fd, buf, n);
}

static ssize_t harness_sendmsg(int fd, const struct msghdr *mh, int flags)
{
	if (harness_sendmsg_fail > 0) {
		harness_sendmsg_fail--;
		errno = ECONNRESET;
		return -1;
	}
	return sendmsg(fd, mh, flags);
}

static int harness_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	if (op == EPOLL_CTL_MOD && harness_epoll_fail_mod > 0) {
		harness_epoll_fail_mod--;
		errno = ENOMEM;
		return -1;
	}
	if (op == EPOLL_CTL_DEL && harness_epoll_fail_del > 0) {
		harness_epoll_fail_del--;
		errno = ENOMEM;
		return -1;
	}
	harness_epoll_adds += op == EPOLL_CTL_ADD;
	return epoll_ctl(epfd, op, fd, ev);
}

#define clock_gettime harness_clock_gettime
#define epoll_ctl harness_epoll_ctl
#include "core/ws_loop.c"
#undef epoll_ctl
#undef clock_gettime
#include "core/ws_server.c"
#include "core/ws_conn.c"
#define read harness_read
#define sendmsg harness_sendmsg
#include "core/ws_transport_tcp.c"
#undef sendmsg
#undef read

#endif
