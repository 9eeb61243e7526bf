/* ws_signal.c: signals as bytes on a self-pipe. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "core/ws_signal.h"

#define WS_MAX_SIGNO 65

static int pipe_rd = -1, pipe_wr = -1;
static ws_sigaction_fn *act_fn = sigaction;

void ws_signal_use(ws_sigaction_fn *fn)
{
	act_fn = fn ? fn : sigaction;
}
static struct sigaction saved[WS_MAX_SIGNO];
static unsigned char taken[WS_MAX_SIGNO];

static void on_signal(int signo)
{
	int saved_errno = errno;
	unsigned char b = (unsigned char) signo;

	if (pipe_wr >= 0) {
		(void) !write(pipe_wr, &b, 1); /* a full pipe already holds wake-ups */
	}
	errno = saved_errno;
}

static int make_pipe(void)
{
	int fds[2];

	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
		return WS_ERR_IO;
	}
	pipe_rd = fds[0];
	pipe_wr = fds[1];
	return 0;
}

int ws_signal_prepare(void)
{
	return pipe_rd >= 0 ? 0 : make_pipe();
}

static int take(int signo, int always);

int ws_signal_take(int signo)
{
	return take(signo, 0);
}

int ws_signal_take_always(int signo)
{
	return take(signo, 1);
}

static int take(int signo, int always)
{
	struct sigaction old, sa;

	if (signo <= 0 || signo >= WS_MAX_SIGNO) {
		return WS_ERR_INVALID;
	}
	if (taken[signo]) {
		return 1;
	}
	if (pipe_rd < 0 && make_pipe() < 0) {
		return WS_ERR_IO;
	}
	if (act_fn(signo, NULL, &old) != 0) {
		return WS_ERR_IO;
	}
	if (!always && ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)) {
		return 0; /* the application's handler, or SIG_IGN: not ours to change */
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (act_fn(signo, &sa, NULL) != 0) {
		return WS_ERR_IO;
	}
	saved[signo] = old;
	taken[signo] = 1;
	return 1;
}

int ws_signal_app_handled(int signo)
{
	struct sigaction cur;

	if (signo <= 0 || signo >= WS_MAX_SIGNO || taken[signo] || act_fn(signo, NULL, &cur) != 0) {
		return 0;
	}
	return (cur.sa_flags & SA_SIGINFO) || (cur.sa_handler != SIG_DFL && cur.sa_handler != SIG_IGN);
}

void ws_signal_release_all(void)
{
	for (int s = 1; s < WS_MAX_SIGNO; s++) {
		if (taken[s]) {
			act_fn(s, &saved[s], NULL);
			taken[s] = 0;
		}
	}
}

int ws_signal_fd(void)
{
	return pipe_rd;
}

int ws_signal_read(int *signos, int max)
{
	unsigned char buf[64];
	int n = 0;

	while (n < max) {
		ssize_t r = read(pipe_rd, buf, (size_t) (max - n) < sizeof(buf) ? (size_t) (max - n) : sizeof(buf));
		if (r <= 0) {
			break;
		}
		for (ssize_t i = 0; i < r; i++) {
			signos[n++] = buf[i];
		}
	}
	return n;
}

int ws_signal_after_fork(void)
{
	if (pipe_rd < 0) {
		return 0;
	}
	close(pipe_rd);
	close(pipe_wr);
	pipe_rd = pipe_wr = -1;
	return make_pipe();
}
