/* With `init on`, pid 1 of the container is this reaper, as docker-init and
 * tini are: a pid 1 without handlers never gets SIGTERM from outside, and
 * nobody else would reap orphans. It reaps every child and exits with the
 * command's status (128+N if it died of signal N) once the command is
 * gone. The supervisor signals the command itself (supervise.c: this
 * process, the container's root without CAP_KILL, may not once the command
 * changed uid); what is sent to pid 1 directly it passes on as it can.
 *
 * When the command ends and init still has children (orphans come to pid
 * 1, or to this subreaper without a pid namespace: so "no child left"
 * means nothing of the command is left), it does not exit at once: its
 * exit would kill them before anyone outside could count them. It sends
 * the status it would have exited with on its report socket and goes on
 * reaping; the supervisor counts what is left, kills it and pid 1
 * (orphans.c). Without the socket, or if the send fails, it exits as
 * before. A signal that comes after the command ended goes nowhere: its
 * pid may already name a process the command left.
 *
 * It is not dumpable, so the command (same uid) cannot ptrace it or open
 * /proc/1/exe, the enforce binary (runc CVE-2019-5736), and it confines
 * itself with a filter of its own (init_confine.c) before the command may
 * go on. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "enforce.h"

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
				 SIGWINCH, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU };

/* A handler that is not SIG_DFL: the kernel drops a signal sent to a pid 1
 * that has none, even while it is blocked. The signals stay blocked and
 * are taken with sigwaitinfo, so this never runs. */
static void init_noop(int sig) { (void)sig; }

static int status_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return EXIT_CMD_FAILED_TO_START;
}

/* The supervisor signals the command itself (supervise.c): it gets a
 * pidfd of it from here. Pid 1 is its parent and has not reaped it, so the
 * pid cannot name anything else yet, however short the command; and the
 * pidfd is on the channel before the command may go on. */
static int init_hand_over(pid_t cmd, int chan, struct err *e)
{
	int pidfd = (int)syscall(SYS_pidfd_open, cmd, 0);
	if (pidfd < 0)
		return err_set(e, errno, "init", "the command's pidfd (pid %d)", (int)cmd);
	int r = chan_send_fd(chan, CHAN_COMMAND_FD, pidfd);
	int saved = errno;
	close(pidfd);
	if (r < 0)
		return err_set(e, saved, "init", "hand the command to the supervisor");
	return 0;
}

/* Hand the command over, confine, tell the command (one byte on `ready`),
 * let go of the channel. */
static void init_ready(pid_t cmd, int ready, int chan)
{
	struct err e = { 0 };
	/* Already not dumpable from the child's set-up; asserted again here
	 * since the command must never reach pid 1 through /proc. */
	int r = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 ? err_set(&e, errno, "init", "not dumpable")
		: init_hand_over(cmd, chan, &e) < 0	   ? -1
							   : init_confine(&e);
	if (r < 0) {
		chan_send_err(chan, &e);
		kill(cmd, SIGKILL);
		_exit(EXIT_CMD_FAILED_TO_START);
	}
	if (write(ready, "1", 1) != 1)
		_exit(EXIT_CMD_FAILED_TO_START);
	close(ready);
	close(chan); /* the parent sees EOF once the command execs */
}

/* The command ended with code: exit now if nothing is left, else report
 * once (report is then -1). */
static void init_command_ended(int code, int *report)
{
	int st;
	pid_t p;
	while ((p = waitpid(-1, &st, WNOHANG)) > 0)
		;
	if (p < 0 && errno == ECHILD)
		_exit(code);
	uint32_t status = (uint32_t)code;
	if (*report < 0 || chan_send(*report, CHAN_INIT_REPORT, &status, sizeof(status)) < 0)
		_exit(code);
	close(*report);
	*report = -1;
}

void init_reap(pid_t cmd, int ready, int chan, int report)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	struct sigaction sa = { .sa_handler = init_noop };
	sigaction(SIGCHLD, &sa, NULL);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
		sigaddset(&set, forwarded[i]);
		sigaction(forwarded[i], &sa, NULL);
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (getpid() != 1)
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	init_ready(cmd, ready, chan);
	int code = EXIT_CMD_FAILED_TO_START; /* the command's, once it ended */
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			if (cmd > 0)
				kill(cmd, sig);
			continue;
		}
		int st;
		pid_t p;
		while ((p = waitpid(-1, &st, WNOHANG)) > 0)
			if (p == cmd) {
				cmd = 0;
				code = status_code(st);
				init_command_ended(code, &report);
			}
		if (p < 0 && errno == ECHILD)
			_exit(code);
	}
}
