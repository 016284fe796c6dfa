/* The outer enforce once the child runs: it forwards SIGINT SIGTERM SIGHUP
 * SIGQUIT SIGUSR1 SIGUSR2 SIGWINCH to the command (through a pidfd; with
 * init on, one of the command itself, not of pid 1: see sup_command), reads
 * the channel (a child error before execve, the seccomp listener), reaps
 * the child and turns its end into enforce's exit status: the command's
 * code, 128+N for signal N, or the status of the error the child sent
 * (125, 126, 127); with init on, a command that left processes ends with
 * pid 1's report, whose status is the one pid 1 would have exited with
 * (orphans.c). One loop over poll(): signalfd, seccomp listener, channel,
 * the notify relay's socket (notify.c), pid 1's report socket. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "enforce.h"
#include "learn.h"
#include "seccomp.h"

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
static sigset_t sup_set, sup_saved;

void supervise_block_signals(void)
{
	sigemptyset(&sup_set);
	sigaddset(&sup_set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&sup_set, forwarded[i]);
	sigprocmask(SIG_BLOCK, &sup_set, &sup_saved);
}

/* The child, before the command runs: the caller's mask, default handlers. */
void supervise_restore_signals(void)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigprocmask(SIG_SETMASK, &sup_saved, NULL);
}

struct sup_state {
	struct enforce_ctx *c;
	int chan;          /* -1 once the child's ends are all closed */
	bool reaped;
	int wstatus;
	bool have_err;
	struct err_wire wire;
	struct err err;
	struct seccomp_watch watch; /* the command's seccomp listener, if any */
	int watch_pidfd;            /* pidfd of the process that announced it */
	int cmd_pidfd;              /* init on: the command's, once pid 1 sent it */
	int report;                 /* init on: pid 1's report socket (orphans.c), or -1 */
	bool reported;              /* pid 1 reported the command's end: code is its status */
	uint32_t code;
};

static bool sup_read_channel(struct sup_state *s, int flags);

static void sup_child_error(struct sup_state *s, const struct chan_msg *m)
{
	if (s->have_err)
		return; /* the first error is the cause */
	s->wire = m->u.err;
	err_from_wire(&s->wire, &s->err);
	s->have_err = true;
}

/* The listener lives in the process that loaded the filter: with init on,
 * the command, a child of the container's pid 1 that the supervisor knows
 * only from the credentials the kernel attached to its message (SO_PASSCRED:
 * its pid as seen from here). */
static void sup_seccomp_fd(struct sup_state *s, const struct chan_msg *m, pid_t sender)
{
	struct err e = { 0 };
	int pidfd = sender == s->c->pid ? s->c->pidfd : (int)syscall(SYS_pidfd_open, sender, 0);
	if (sender <= 0 || pidfd < 0) {
		err_set(&e, errno, "seccomp", "the process that loaded the filter (pid %d)", (int)sender);
	} else {
		if (pidfd != s->c->pidfd)
			s->watch_pidfd = pidfd;
		if (seccomp_watch_attach(&s->watch, s->c->v, sender, pidfd, m->u.fd, s->chan, &e) == 0) {
			vlog("seccomp", "watching the listener of pid %d", (int)sender);
			return;
		}
	}
	/* Without the listener the filter would answer ENOSYS: never run so.
	 * The process may be gone because loading its filter failed (EACCES:
	 * no_new_privs off without CAP_SYS_ADMIN): it sent that cause before
	 * it ended, and the cause is what the line must name, not our
	 * ESRCH from reaching for it. */
	while (!s->have_err && sup_read_channel(s, MSG_DONTWAIT))
		;
	struct err_wire w;
	err_to_wire(&e, &w);
	struct chan_msg em = { .type = CHAN_ERR };
	em.u.err = w;
	sup_child_error(s, &em);
	kill(s->c->pid, SIGKILL);
	/* through its pidfd: a sender already gone may have left its number
	 * to a process of the host's */
	if (pidfd >= 0 && pidfd != s->c->pidfd)
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
}

/* With init on, the supervisor signals the command itself. Pid 1 is the
 * container's root without CAP_KILL: once the command changes uid (setpriv,
 * a daemon's own setuid) kill(2) from pid 1 is refused, EPERM, and a pidfd
 * does not help it, pidfd_send_signal makes kill's permission check at
 * send time (check_kill_permission). The supervisor is outside: root, or
 * rootless the owner of the container's user namespace, which holds every
 * capability in it (user_namespaces(7)). A pidfd, so a pid the command
 * left and the host reused is never signalled: pid 1 opens it on its own
 * child, not yet reaped, and sends it before the command may go on; the
 * kernel names the sender (SO_PASSCRED), and only pid 1's first one is
 * taken. Until it is read, a signal goes to pid 1, which passes it on. */
static bool sup_command_fd(struct sup_state *s, const struct chan_msg *m, pid_t sender, int passed)
{
	if (m->type != CHAN_COMMAND_FD || s->cmd_pidfd >= 0 || sender != s->c->pid ||
	    !(s->c->v->process->flags & POLB_PROC_INIT))
		return false;
	s->cmd_pidfd = passed;
	vlog("supervise", "the command's pidfd came from pid 1; signals go to it");
	return true;
}

/* What came before a signal or a report is read first: pid 1 sent the
 * command's pidfd before the command could run, let alone end. */
static void sup_take_command(struct sup_state *s)
{
	while (s->cmd_pidfd < 0 && s->chan >= 0 && (s->c->v->process->flags & POLB_PROC_INIT) &&
	       sup_read_channel(s, MSG_DONTWAIT))
		;
}

/* One packet from the child; false at EOF. */
static bool sup_read_channel(struct sup_state *s, int flags)
{
	struct chan_msg m;
	pid_t sender;
	int passed;
	ssize_t n = chan_recv(s->chan, flags, &m, &sender, &passed);
	if (n <= 0)
		return false;
	/* the one fd the channel carries: the notify relay's, once */
	if (passed >= 0 && m.type == CHAN_NOTIFY_FD && s->c->notify.out >= 0 && s->c->notify.in < 0) {
		s->c->notify.in = passed;
		vlog("notify", "the container's socket taken over");
		return true;
	}
	if (passed >= 0 && sup_command_fd(s, &m, sender, passed))
		return true;
	/* and pid 1's report socket, once, from pid 1 itself */
	if (passed >= 0 && m.type == CHAN_INIT_REPORT_FD && s->report < 0 && sender == s->c->pid &&
	    (s->c->v->process->flags & POLB_PROC_INIT)) {
		s->report = passed;
		vlog("orphans", "pid 1's report socket taken");
		return true;
	}
	if (passed >= 0)
		close(passed);
	if ((size_t)n >= sizeof(m.type) + sizeof(m.u.err) && m.type == CHAN_ERR)
		sup_child_error(s, &m);
	else if ((size_t)n >= sizeof(m.type) + sizeof(m.u.fd) && m.type == CHAN_SECCOMP_FD)
		sup_seccomp_fd(s, &m, sender);
	else
		vlog("supervise", "ignored channel message %u", m.type);
	return true;
}

static void sup_signal(struct sup_state *s, int sfd)
{
	struct signalfd_siginfo si;
	sup_take_command(s);
	while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGWINCH && s->c->io.master >= 0) {
			relay_winch(s->c); /* the pty tells its own foreground group */
		} else if (si.ssi_signo != SIGCHLD) {
			int to = s->cmd_pidfd >= 0 ? s->cmd_pidfd : s->c->pidfd;
			vlog("supervise", "forwarding signal %u to the %s", si.ssi_signo,
			     s->cmd_pidfd >= 0 ? "command" : "container's first process");
			if (syscall(SYS_pidfd_send_signal, to, (int)si.ssi_signo, NULL, 0) < 0 &&
			    errno != ESRCH)
				warnx_line("supervise: signal %u not delivered: %s", si.ssi_signo,
				     strerror(errno));
		}
	}
	if (!s->reaped && waitpid(s->c->pid, &s->wstatus, WNOHANG) == s->c->pid)
		s->reaped = true;
}

/* Has the process of this pidfd ended (readable once it has)? */
static bool pidfd_ended(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	return pidfd >= 0 && poll(&p, 1, 0) == 1;
}

/* Pid 1's report: the command ended and left processes; they and pid 1
 * are killed now, and its status is the one pid 1 would have exited with.
 * Pid 1 reports only after it reaped the command, so a report while the
 * command runs is not pid 1's: whoever took its socket and forged the
 * kernel's credentials (CAP_SYS_PTRACE and CAP_SYS_ADMIN in the
 * container) does not end the run with a status of its choosing. */
static void sup_report(struct sup_state *s)
{
	sup_take_command(s);
	int r = orphans_take_report(s->report, s->c->pid, &s->code);
	if (r == 1 && !pidfd_ended(s->cmd_pidfd)) {
		vlog("orphans", "ignored a report while the command runs");
		r = 0;
	}
	if (r == 1 && !s->reported) {
		s->reported = true;
		orphans_end(s->c);
	}
	if (r != 0 || s->reported) {
		close(s->report);
		s->report = -1;
	}
}

static int sup_exit_status(struct sup_state *s)
{
	if (s->have_err) {
		err_print("enforce", &s->err);
		return s->err.status ? s->err.status : EXIT_CMD_FAILED_TO_START;
	}
	if (WIFEXITED(s->wstatus))
		return WEXITSTATUS(s->wstatus);
	if (WIFSIGNALED(s->wstatus))
		return 128 + WTERMSIG(s->wstatus);
	return EXIT_CMD_FAILED_TO_START;
}

int supervise(struct enforce_ctx *c)
{
	struct sup_state s = { .c = c, .chan = c->chan_fd,
			       .watch = { .listener = -1, .learn = c->learn }, .watch_pidfd = -1,
			       .cmd_pidfd = -1, .report = -1 };
	int sfd = signalfd(-1, &sup_set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		struct err e;
		err_set(&e, errno, "supervise", "signalfd");
		err_print("enforce", &e);
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
		return EXIT_CMD_FAILED_TO_START;
	}
	struct relay_set *relay = relay_start(c);
	while (!s.reaped) {
		/* fixed slots: signalfd, listener (fd -1 when none: poll skips
		 * it), channel, the notify relay's two ends (the manager's only
		 * while it has not taken all), pid 1's report; then the stdio
		 * relays */
		enum { FIXED = 6 };
		struct pollfd pfd[FIXED + 2 * 4] = {
			{ .fd = sfd, .events = POLLIN },
			{ .fd = seccomp_watch_fd(&s.watch), .events = POLLIN },
			{ .fd = s.chan, .events = POLLIN },
			{ .fd = c->notify.in, .events = POLLIN },
			{ .fd = c->notify.pending_len ? c->notify.out : -1, .events = POLLOUT },
			{ .fd = s.report, .events = POLLIN },
		};
		size_t nr = relay_pollfds(relay, pfd + FIXED, sizeof(pfd) / sizeof(pfd[0]) - FIXED);
		int n = poll(pfd, FIXED + nr, -1);
		if (n < 0)
			continue;
		/* the channel before the signals: a command handed over before
		 * a signal came is the one the signal goes to */
		if (s.chan >= 0 && pfd[2].revents && !sup_read_channel(&s, 0)) {
			vlog("supervise", "channel closed: the command was executed, or the child ended");
			step_timed("exec: the child's steps after go, seccomp, execve", 0);
			close(s.chan);
			s.chan = -1;
		}
		/* and the report before the reaping: pid 1's pid is its own
		 * until the supervisor reaps it */
		if (pfd[5].fd >= 0 && pfd[5].revents)
			sup_report(&s);
		if (pfd[0].revents)
			sup_signal(&s, sfd);
		if (pfd[1].fd >= 0 && pfd[1].revents)
			seccomp_watch_handle(&s.watch, pfd[1].revents);
		if (pfd[3].fd >= 0 && pfd[3].revents)
			notify_relay(c);
		if (pfd[4].fd >= 0 && pfd[4].revents)
			notify_flush(c);
		relay_handle(relay, pfd + FIXED, nr);
	}
	relay_finish(relay);
	/* An error the child sent just before it ended may still be queued. */
	if (s.chan >= 0) {
		while (sup_read_channel(&s, MSG_DONTWAIT))
			;
		close(s.chan);
	}
	/* A last READY=1/STATUS= sent just before the command ended is still
	 * queued (or the relay's fd came in that last read): pass it on. */
	if (c->notify.in >= 0)
		notify_relay(c);
	if (c->notify.out >= 0)
		notify_flush_wait(c);
	c->chan_fd = -1;
	close(sfd);
	seccomp_watch_close(&s.watch);
	if (s.watch_pidfd >= 0)
		close(s.watch_pidfd);
	if (s.cmd_pidfd >= 0)
		close(s.cmd_pidfd);
	if (s.report >= 0)
		close(s.report);
	if (s.reported) /* what pid 1 would have exited with */
		s.wstatus = (int)(s.code << 8);
	int status = sup_exit_status(&s);
	if (c->learn)
		learn_finish(c->learn, s.wstatus, s.have_err, status);
	return status;
}
