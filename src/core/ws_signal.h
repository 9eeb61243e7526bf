/*
 * ws_signal.h: signals turned into bytes on a pipe that an event loop
 * watches (the self-pipe trick), so a signal that arrives just before the
 * loop waits wakes it at once, and the handler itself does nothing but
 * write(2) (async-signal-safe).
 *
 * Signal dispositions are process-wide, so this module is too: one pipe per
 * process, made on first use and made anew in a forked child
 * (ws_signal_after_fork()).
 *
 * A signal is only taken over if its disposition is the default one: a
 * handler the application installed (pcntl_signal()) or SIG_IGN stays as it
 * is. A PHP built with its own signal layer keeps its handler installed on
 * the common signals and calls a "logical" handler from it; the binding then
 * routes the calls here through that layer's sigaction (ws_signal_use()),
 * which reads and sets the logical handler.
 */
#ifndef WS_SIGNAL_H
#define WS_SIGNAL_H

#include <signal.h>

#include "core/ws_common.h"

/* sigaction(2)'s shape; 0 or -1. */
typedef int ws_sigaction_fn(int signo, const struct sigaction *act, struct sigaction *old);
/* Read and set dispositions through fn instead of sigaction(2) (NULL: sigaction). */
void ws_signal_use(ws_sigaction_fn *fn);

/* Make the pipe now (a server does at construction, so that running out of
 * descriptors later cannot cost it its signals). 0 or WS_ERR_IO. */
int ws_signal_prepare(void);
/* Take over signo (if its disposition is SIG_DFL). Returns 1 if taken over,
 * 0 if left to the application, WS_ERR_IO if the pipe cannot be made. */
int ws_signal_take(int signo);
/* Take over signo whatever its disposition (a master runs no application
 * code, so an application's handler there would never run). */
int ws_signal_take_always(int signo);
/* Give every signal taken over back its previous disposition. */
void ws_signal_release_all(void);
/* 1 if signo has a handler function that is not ours (the application's,
 * e.g. pcntl_signal()): it runs on its own schedule, not through the pipe. */
int ws_signal_app_handled(int signo);
/* The pipe's read end (non-blocking, close-on-exec), or -1 before the first ws_signal_take(). */
int ws_signal_fd(void);
/* Read the signal numbers that arrived, at most max; returns the count. */
int ws_signal_read(int *signos, int max);
/* In a forked child: a pipe of its own (the parent's is shared), the same signals taken over. */
int ws_signal_after_fork(void);

#endif
