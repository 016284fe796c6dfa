/* Loading the blob's seccomp program, and naming the syscall it blocked.
 * Owned by enforcer/seccomp*.c; called by enforcer/run.c.
 *
 * A program flagged POLB_SECCOMP_NOTIFY returns SECCOMP_RET_USER_NOTIF for
 * the calls the policy kills, so the supervisor can print
 *   enforce: blocked syscall ptrace (101) in /usr/bin/app
 * and then kill the offender, exactly what kill_process would have done.
 * The listener must reach the supervisor before the command runs (a filter
 * whose listener is gone answers ENOSYS, which would weaken the policy), so:
 *   child:  seccomp_install(): predicts the listener's fd number N, sends
 *           CHAN_SECCOMP_FD N (enforcer/channel.h) on chan_fd, loads the
 *           filter (getting N), then waits on chan_fd for CHAN_SECCOMP_ACK
 *           before returning; the caller then calls execve() and nothing else.
 *   parent: its channel loop receives CHAN_SECCOMP_FD N and calls
 *           seccomp_watch_attach(), which takes the listener with
 *           pidfd_getfd() (retrying until the child has loaded it) and sends
 *           the ack; the child's wait for the ack is the only call it lets
 *           through (once) if the policy denies read().
 * Without the NOTIFY flag the program is loaded as is and nothing is sent. */
#ifndef POL_ENFORCER_SECCOMP_H
#define POL_ENFORCER_SECCOMP_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"
#include "polb_reader.h"

/* Child, the last step before execve. chan_fd: the child's end of a
 * SOCK_SEQPACKET socketpair shared with the parent (close-on-exec). */
int seccomp_install(const struct polb_view *v, int chan_fd, struct err *e);
/* The same for a learning run: the recording program (learn.h) in place of
 * the blob's, always with a listener. */
int seccomp_install_learn(const struct polb_view *v, int chan_fd, struct err *e);

struct seccomp_watch {
	int listener;    /* -1: nothing to watch */
	pid_t child;     /* the process that loaded the filter */
	int pre_exec;    /* 1 until the one allowed pre-exec call was answered */
	const struct polb_view *view;
	int chan;        /* own dup of the channel, valid while listener >= 0:
	                    its EOF says the command was executed */
	struct learn *learn; /* a learning run: record every call, then CONTINUE */
};

/* Parent, on CHAN_SECCOMP_FD: take fd number child_fd from the child
 * (pidfd: the child's), then send CHAN_SECCOMP_ACK on chan_fd. */
int seccomp_watch_attach(struct seccomp_watch *w, const struct polb_view *v,
			 pid_t child, int pidfd, uint32_t child_fd, int chan_fd,
			 struct err *e);
/* Parent's poll loop: the fd to watch for POLLIN, or -1. */
int seccomp_watch_fd(const struct seccomp_watch *w);
/* The listener's poll revents: on POLLIN print the blocked syscall and
 * kill its process; on a hang-up alone stop watching. */
void seccomp_watch_handle(struct seccomp_watch *w, short revents);
void seccomp_watch_close(struct seccomp_watch *w);
void seccomp_plan(const struct polb_view *v, FILE *out);

#endif
