/* The outer enforce once the child runs: it forwards SIGINT SIGTERM SIGHUP
 * SIGQUIT SIGUSR1 SIGUSR2 SIGWINCH to the container's first process, reads
 * the channel (a child error before execve, the seccomp listener), reaps
 * the child and turns its end into enforce's exit status: the command's
 * code, 128+N for signal N, or the status of the error the child sent
 * (125, 126, 127). One loop over poll(): signalfd, channel, seccomp watch. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "enforce.h"

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
};

static void sup_child_error(struct sup_state *s, const struct chan_msg *m)
{
	if (s->have_err)
		return; /* the first error is the cause */
	s->wire = m->u.err;
	err_from_wire(&s->wire, &s->err);
	s->have_err = true;
}

/* One packet from the child; false at EOF. */
static bool sup_read_channel(struct sup_state *s, int flags)
{
	struct chan_msg m;
	ssize_t n;
	do
		n = recv(s->chan, &m, sizeof(m), flags);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return false;
	if ((size_t)n >= sizeof(m.type) + sizeof(m.u.err) && m.type == CHAN_ERR)
		sup_child_error(s, &m);
	else
		vlog("supervise", "ignored channel message %u", m.type);
	return true;
}

static void sup_signal(struct sup_state *s, int sfd)
{
	struct signalfd_siginfo si;
	while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo != SIGCHLD) {
			vlog("supervise", "forwarding signal %u", si.ssi_signo);
			kill(s->c->pid, (int)si.ssi_signo);
		}
	}
	if (!s->reaped && waitpid(s->c->pid, &s->wstatus, WNOHANG) == s->c->pid)
		s->reaped = true;
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
	struct sup_state s = { .c = c, .chan = c->chan_fd };
	int sfd = signalfd(-1, &sup_set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		struct err e;
		err_set(&e, errno, "supervise", "signalfd");
		err_print("enforce", &e);
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
		return EXIT_CMD_FAILED_TO_START;
	}
	while (!s.reaped) {
		struct pollfd pfd[2] = { { .fd = sfd, .events = POLLIN },
					 { .fd = s.chan, .events = POLLIN } };
		int n = poll(pfd, s.chan >= 0 ? 2 : 1, -1);
		if (n < 0)
			continue;
		if (pfd[0].revents)
			sup_signal(&s, sfd);
		if (s.chan >= 0 && pfd[1].revents && !sup_read_channel(&s, 0)) {
			vlog("supervise", "channel closed: the command was executed, or the child ended");
			close(s.chan);
			s.chan = -1;
		}
	}
	/* An error the child sent just before it ended may still be queued. */
	if (s.chan >= 0) {
		while (sup_read_channel(&s, MSG_DONTWAIT))
			;
		close(s.chan);
	}
	c->chan_fd = -1;
	close(sfd);
	return sup_exit_status(&s);
}
