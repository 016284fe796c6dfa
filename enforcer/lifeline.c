/* The container never outlives its supervisor (docs/enforce.md, "Lifetime").
 * Two mechanisms, neither of which trusts the container:
 *
 * - The container's first process dies with the supervisor. The kernel
 *   clears the parent-death signal on every uid, gid or capability change
 *   (commit_creds) and on an exec that gains privilege, so the signal set
 *   before the child waits for GO does not survive `user 1000 1000` or the
 *   user namespace's setuid(0). lifeline_bind() sets it again after the
 *   last credential change and then makes sure the supervisor did not die
 *   in between. With a new pid namespace and init on, that process is
 *   enforce's own reaper, pid 1, which never changes credentials nor execs
 *   again (its own filter allows neither, init_confine.c): when it dies the
 *   kernel kills every process of the namespace.
 * - The lifeline: a small process the supervisor forks, outside the
 *   container and in a session of its own, blocked on a socket whose
 *   other end only the supervisor holds. The supervisor writes "done" once it has
 *   removed the cgroup; EOF without it means the supervisor was killed, and
 *   the lifeline does what the supervisor would have done: SIGKILL to the
 *   container's first process (by pidfd), then the cgroup killed
 *   (cgroup.kill, or pid by pid on v1) and removed. It runs only where the
 *   first mechanism is not the whole answer: a cgroup to remove, no pid
 *   namespace of the container's own (the command's descendants would be
 *   re-parented to the host), or init off (the command is pid 1, and its
 *   parent-death signal is its own to clear: prctl, an exec of a set-uid
 *   binary without no_new_privs, an LSM transition at exec). */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enforce.h"

#define LIFELINE_DONE 'd'

/* Parent, before clone: a pidfd of the supervisor for the child to check. */
int lifeline_self(struct enforce_ctx *c, struct err *e)
{
	c->life.sup_pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (c->life.sup_pidfd < 0)
		return err_set(e, errno, "lifetime", "pidfd of the supervisor");
	return 0;
}

/* Child, after the last credential change. The check after setting the
 * signal: the supervisor may have died while it was cleared. getppid()
 * cannot tell (it reads 0 in a new pid namespace, before and after), the
 * pidfd can. The wait4 (there is no child yet) takes the tasklist lock that
 * the kernel holds from handing an exiting parent's children on (and
 * signalling them) to marking it a zombie: after it, either the supervisor
 * will see the signal set, or its pidfd already reads as exited. */
int lifeline_bind(struct enforce_ctx *c, struct err *e)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return err_set(e, errno, "lifetime", "parent-death signal after the credentials");
	(void)wait4(-1, NULL, WNOHANG, NULL);
	struct pollfd p = { .fd = c->life.sup_pidfd, .events = POLLIN };
	int n = poll(&p, 1, 0);
	int saved = errno;
	close(c->life.sup_pidfd);
	c->life.sup_pidfd = -1;
	if (n < 0)
		return err_set(e, saved, "lifetime", "is the supervisor still there");
	if (n > 0)
		_exit(EXIT_CMD_FAILED_TO_START); /* it is gone: nobody to tell */
	vlog("lifetime", "the parent-death signal is set after the last credential change");
	return 0;
}

/* Pid 1 and a forked init alone are enough where there is a pid namespace
 * of the container's own, init runs, and no cgroup is left to remove. */
static bool lifeline_needed_for(const struct enforce_ctx *c, bool cgroup)
{
	bool own_pid_ns = c->ns.clone_flags & CLONE_NEWPID;
	bool init = c->v->process->flags & POLB_PROC_INIT;
	return cgroup || !own_pid_ns || !init;
}

static bool lifeline_needed(const struct enforce_ctx *c)
{
	return lifeline_needed_for(c, c->cg.active);
}

void lifeline_plan(const struct enforce_ctx *c, FILE *out)
{
	plan_line(out, "lifetime", "the parent-death signal again after the credentials%s",
		  lifeline_needed_for(c, c->v->cgroup != NULL)
			  ? "; a lifeline kills the container and removes its cgroup if enforce is killed"
			  : "");
}

static void keep_only(int a, int b)
{
	if (a > b) {
		int t = a;
		a = b;
		b = t;
	}
	/* stdin and stdout go (a caller reading the command's output must see
	 * EOF when enforce ends); stderr stays for a cleanup warning */
	syscall(SYS_close_range, 0, 1, 0);
	syscall(SYS_close_range, 3, a - 1, 0);
	syscall(SYS_close_range, a + 1, b - 1, 0);
	syscall(SYS_close_range, b + 1, ~0u, 0);
}

static void lifeline_main(struct enforce_ctx *c, int rfd) __attribute__((noreturn));
static void lifeline_main(struct enforce_ctx *c, int rfd)
{
	keep_only(rfd, c->pidfd);
	c->cg.v2_dir_fd = -1; /* closed above */
	/* a signal to the caller's process group, or the terminal's hangup,
	 * must not take the lifeline with the supervisor */
	setsid();
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	char b = 0;
	ssize_t n;
	do
		n = read(rfd, &b, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && b == LIFELINE_DONE)
		_exit(0);
	syscall(SYS_pidfd_send_signal, c->pidfd, SIGKILL, NULL, 0);
	cgroup_destroy(&c->cg);
	_exit(0);
}

/* Parent, after clone (the container's pidfd exists) and after the cgroup
 * (it must know what to remove), before the child may go past its mounts:
 * until then the child stops at its next channel read should the
 * supervisor die (run.c, settle()). */
int lifeline_start(struct enforce_ctx *c, struct err *e)
{
	if (!lifeline_needed(c))
		return 0;
	/* a socket, not a pipe: "done" is sent with MSG_NOSIGNAL, so a
	 * lifeline someone killed costs no SIGPIPE at the end */
	int p[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) < 0)
		return err_set(e, errno, "lifetime", "lifeline socket");
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return err_set(e, errno, "lifetime", "fork the lifeline");
	}
	if (pid == 0)
		lifeline_main(c, p[0]);
	close(p[0]);
	c->life.fd = p[1];
	c->life.pid = pid;
	vlog("lifetime", "lifeline %d cleans up if enforce is killed", (int)pid);
	return 0;
}

/* Parent, at the very end (the cgroup is gone): release the lifeline and
 * reap it, so nothing of the run is left once enforce returns. */
void lifeline_done(struct enforce_ctx *c)
{
	if (c->life.sup_pidfd >= 0)
		close(c->life.sup_pidfd);
	c->life.sup_pidfd = -1;
	if (c->life.pid <= 0)
		return;
	if (send(c->life.fd, (char[]){ LIFELINE_DONE }, 1, MSG_NOSIGNAL) != 1)
		kill(c->life.pid, SIGKILL); /* it would clean what is already clean */
	close(c->life.fd);
	while (waitpid(c->life.pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->life.fd = -1;
	c->life.pid = 0;
}
