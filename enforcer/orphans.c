/* What a command that ends leaves running: a service that daemonizes
 * (nginx without `daemon off`, `redis-server --daemonize yes`, `pg_ctl
 * start`) forks, and its first process exits at once. The container ends
 * with the command, so the daemon is killed with it, as it always was;
 * what this file adds is one line saying so, with the count, instead of a
 * service that silently is not there (docs/services.md).
 *
 * Counted where the count is the kernel's, never the container's word:
 * - init on: pid 1 would kill the rest by exiting, so it exits at once
 *   only when it has no child left (nothing of the command is left: every
 *   orphan comes to it, pid 1 or subreaper). Otherwise it sends its exit
 *   status on a socket of its own (the kernel names the sender, and only
 *   pid 1 holds that socket), and the supervisor counts the processes
 *   under it in its own /proc (ppid chains: a nested pid namespace is
 *   under it too), kills them and pid 1, and returns the reported status.
 * - init off: after the command was reaped, the processes still in the
 *   container's cgroup (killed when it is removed, right after). With a
 *   pid namespace of the container's own the kernel has killed them
 *   already, before anything outside could count them; without either
 *   there is nothing to count (docs/enforce.md, "Lifetime").
 * The line carries a number and nothing else the container wrote. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/sched.h>

#include "channel.h"
#include "enforce.h"
#include "proctree.h"

int orphans_report_socket(int chan, int *mine, struct err *e)
{
	int fds[2], on = 1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return err_set(e, errno, "init", "report socket");
	if (setsockopt(fds[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0 ||
	    chan_send_fd(chan, CHAN_INIT_REPORT_FD, fds[0]) < 0) {
		err_set(e, errno, "init", "hand the report socket to the supervisor");
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[0]);
	*mine = fds[1];
	return 0;
}

int orphans_take_report(int fd, pid_t init, uint32_t *code)
{
	struct chan_msg m;
	pid_t sender;
	ssize_t n = chan_recv(fd, MSG_DONTWAIT, &m, &sender, NULL); /* fds never asked for */
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0)
		return -1;
	if (n < (ssize_t)(sizeof(m.type) + sizeof(m.u.status)) || m.type != CHAN_INIT_REPORT ||
	    sender != init || m.u.status > 255) {
		vlog("orphans", "ignored a report (%zd bytes, pid %d)", n, (int)sender);
		return 0;
	}
	*code = m.u.status;
	return 1;
}

/* Every process the supervisor sees; NULL on no memory. */
static struct proc_entry *proc_scan(size_t *count)
{
	DIR *d = opendir("/proc");
	size_t n = 0, room = 0;
	struct proc_entry *all = NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		if (n == room) {
			room = room ? room * 2 : 1024;
			struct proc_entry *more = realloc(all, room * sizeof(*all));
			if (!more)
				break;
			all = more;
		}
		if (proctree_read(de->d_name, &all[n]))
			n++;
	}
	if (d)
		closedir(d);
	*count = n;
	return all;
}

/* SIGKILL through a pidfd, if the pid still names the process scanned. */
static void kill_entry(const struct proc_entry *p)
{
	int fd = (int)syscall(SYS_pidfd_open, p->pid, 0);
	if (fd < 0)
		return;
	char name[16];
	struct proc_entry now;
	snprintf(name, sizeof(name), "%d", (int)p->pid);
	if (proctree_read(name, &now) && now.start == p->start)
		syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0);
	close(fd);
}

/* The running processes under root; with kill, each is killed too. */
static unsigned under_root(pid_t root, bool kill)
{
	size_t n;
	struct proc_entry *all = proc_scan(&n);
	if (!all)
		return 0;
	proctree_mark_under(all, n, root);
	unsigned count = 0;
	for (size_t i = 0; i < n; i++) {
		if (all[i].under != 1 || all[i].zombie || all[i].pid == root)
			continue;
		count++;
		if (kill)
			kill_entry(&all[i]);
	}
	free(all);
	return count;
}

/* Bound on the kill rounds without a pid namespace: a process killed
 * cannot fork, so each round leaves only what was forked during it. */
#define KILL_ROUNDS 64

void orphans_end(struct enforce_ctx *c)
{
	bool own_pid_ns = c->ns.clone_flags & CLONE_NEWPID;
	c->orphans = under_root(c->pid, false);
	/* pid 1 of a namespace takes every process in it when it dies; a
	 * subreaper leaves them to the host: end them while they are still
	 * under it (the cgroup, if any, takes what a fork in flight made) */
	for (int round = 0; !own_pid_ns && round < KILL_ROUNDS; round++)
		if (under_root(c->pid, true) == 0)
			break;
	syscall(SYS_pidfd_send_signal, c->pidfd, SIGKILL, NULL, 0);
	vlog("orphans", "the command left %u process%s; killed with pid 1", c->orphans,
	     c->orphans == 1 ? "" : "es");
}

void orphans_report(const struct enforce_ctx *c)
{
	unsigned left = c->orphans;
	if (!(c->v->process->flags & POLB_PROC_INIT)) {
		int in_cgroup = cgroup_count_procs(&c->cg);
		left = in_cgroup > 0 ? (unsigned)in_cgroup : 0;
	}
	if (left)
		enforce_line("the command exited and left %u process%s running; %s killed with the "
			     "container (run services in the foreground: nginx -g 'daemon off;', "
			     "redis-server --daemonize no, postgres rather than pg_ctl start; "
			     "docs/services.md)",
			     left, left == 1 ? "" : "es", left == 1 ? "it was" : "they were");
}
