/* The one sequence from a validated blob to execve (DESIGN.md, "The
 * enforcer"), each step a named function in the file of its concern:
 *
 *   parent                              child (born in its namespaces)
 *   refuse what cannot be enforced      |
 *   mount checks (sources, mount points)|
 *   LSM: profile loaded, label usable   |
 *   cgroup created, limits written      |
 *   namespaces: flags, join paths       |
 *   channel, signals blocked            |
 *   join, clone3, return ------------>  die with the parent; wait for GO
 *   lifeline (lifeline.c)               |
 *   uid/gid maps, cgroup, GO -------->  joined user namespace, lo up
 *                                       mounts, pivot_root
 *                                       hostname, rlimits, umask, cwd
 *                                       bounding set, groups/gid/uid, caps
 *                                       no_new_privs
 *                                       AppArmor/SELinux exec label, Landlock
 *                                       notify relay's socket (notify.c)
 *                                       die with the parent, again (the
 *                                       uid change cleared it)
 *                                       stdio onto 0-2, close fds, new
 *                                       session (a pty: its terminal)
 *                                       init: fork; pid 1 hands the
 *                                       command's pidfd to the parent,
 *                                       confines itself (its own filter),
 *                                       then reaps
 *                                       command: signals back, seccomp,
 *                                       execve
 *   supervise: signals, channel, seccomp
 *   listener (names and kills), reap;
 *   what the command left: counted, killed
 *   one line: how many (orphans.c)
 *   cgroup: report OOM/pids, remove
 *   lifeline released
 *
 * Fail-closed: any step that cannot be done exactly stops the run before
 * the command starts; the child's error reaches the parent as one line. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "channel.h"
#include "enforce.h"
#include "lsm.h"
#include "learn.h"
#include "seccomp.h"

/* ---- checks before anything is touched --------------------------------- */

/* Settings that would change the host if their namespace were shared. */
static int refuse_host_changes(const struct enforce_ctx *c, struct err *e)
{
	const struct polb_view *v = c->v;
	if (v->nmounts && !ns_wants(v, POLB_NS_MOUNT, POLB_NS_UNSHARE))
		return err_set(e, 0, "policy", "a filesystem section needs `unshare mount` "
			       "(it would change the host's mounts)");
	if (polb_str(v, v->process->hostname)[0] && !ns_wants(v, POLB_NS_UTS, POLB_NS_UNSHARE) &&
	    !ns_wants(v, POLB_NS_UTS, POLB_NS_JOIN))
		return err_set(e, 0, "policy", "hostname needs `unshare uts` "
			       "(it would change the host's name)");
	return 0;
}

static void caller_facts(struct enforce_ctx *c)
{
	c->caller_uid = geteuid();
	c->caller_gid = getegid();
	c->rootless = c->caller_uid != 0;
	if (c->rootless)
		vlog("rootless", "running as uid %u: a user namespace holds the container; "
		     "only your own uid/gid are mapped, other namespaces cannot be joined, "
		     "cgroups only where delegated", (unsigned)c->caller_uid);
}

/* A learning run: the trace made on the host, the program checked here
 * (a blob the recorder cannot rewrite stops the run before it starts),
 * and one line nobody can miss. */
static int learn_prepare(struct enforce_ctx *c, struct err *e)
{
	struct polb_bpf_insn *prog;
	size_t n;
	if (learn_program(c->v, &prog, &n, e) < 0)
		return -1;
	free(prog);
	struct learn_run run = { .blob_path = c->blob_path, .blob_file = c->blob_file,
				 .blob_file_size = c->blob_file_size, .cmd = c->argv[0],
				 .rootless = c->rootless };
	c->learn = learn_open(c->learn_path, &run, c->v, e);
	if (!c->learn)
		return -1;
	if (c->v->nseccomp)
		enforce_line("LEARNING RUN: %s's syscall filter is replaced by a recorder that allows "
			     "every call; the command is NOT confined by it (namespaces, mounts, cgroup, "
			     "capabilities, Landlock still apply). Trace: %s", c->blob_path, c->learn_path);
	else
		enforce_line("LEARNING RUN: %s has no syscall filter; a recorder that allows every call "
			     "watches the command (namespaces, mounts, cgroup, capabilities, Landlock "
			     "apply). Trace: %s", c->blob_path, c->learn_path);
	return 0;
}

static int prepare(struct enforce_ctx *c, struct err *e)
{
	caller_facts(c);
	if (refuse_host_changes(c, e) < 0 || stdio_check(c, e) < 0)
		return -1;
	if (ns_prepare(c, e) < 0 || env_build(c, e) < 0 || net_prepare(c, e) < 0 ||
	    notify_prepare(c, e) < 0)
		return -1;
	if (c->dry_run)
		return 0;
	if (mounts_prepare(c, e) < 0 || lsm_prepare(c->v, e) < 0 || idmap_binds_prepare(c, e) < 0)
		return -1;
	if (c->learn_path && learn_prepare(c, e) < 0)
		return -1;
	return stdio_prepare(c, e);
}

/* ---- the child ---------------------------------------------------------- */

static void child_fail(struct enforce_ctx *c, struct err *e) __attribute__((noreturn));
static void child_fail(struct enforce_ctx *c, struct err *e)
{
	if (c->chan_fd < 0 || chan_send_err(c->chan_fd, e) < 0)
		err_print("enforce", e);
	_exit(e->status ? e->status : EXIT_CMD_FAILED_TO_START);
}

static int child_wait_go(struct enforce_ctx *c, struct err *e)
{
	/* The parent may already be gone (then the wait sees EOF). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return err_set(e, errno, "child", "parent-death signal");
	if (chan_wait(c->chan_fd, CHAN_GO, e) < 0)
		return -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return err_set(e, errno, "child", "not dumpable");
	return 0;
}

static int child_namespaces(struct enforce_ctx *c, struct err *e)
{
	if (ns_join_user(c, e) < 0 || ns_become_root(c, e) < 0)
		return -1;
	if ((c->ns.clone_flags & CLONE_NEWNET) && (net_loopback_up(e) < 0 || net_child_setup(c, e) < 0))
		return -1;
	return 0;
}

/* Until the parent has settled (the cgroup made and joined, the lifeline
 * forked: settle() below) the child runs enforce's own code alone, and
 * nothing of it forks: a supervisor killed meanwhile is EOF here. The
 * cgroup namespace comes after, so its root is the container's cgroup. */
static int child_wait_settled(struct enforce_ctx *c, struct err *e)
{
	uint32_t egress_bpf;
	if (chan_wait_value(c->chan_fd, CHAN_SETTLED, &egress_bpf, e) < 0)
		return -1;
	c->net.egress_bpf = egress_bpf == 1; /* attached after the clone */
	return ns_unshare_cgroup(c, e);
}

/* The LSM attr files are opened while the host's /proc is still reachable. */
static int child_filesystem(struct enforce_ctx *c, struct err *e)
{
	if (lsm_open_attr(c->v, e) < 0)
		return -1;
	return mounts_apply(c, e);
}

static int child_process(struct enforce_ctx *c, struct err *e)
{
	if (hostname_apply(c->v, e) < 0 || rlimits_apply(c->v, e) < 0)
		return -1;
	umask_apply(c->v);
	return cwd_apply(c->v, e);
}

static int child_credentials(struct enforce_ctx *c, struct err *e)
{
	if (caps_drop_bounding(c->v, e) < 0 || creds_apply(c, e) < 0 || caps_apply(c->v, e) < 0)
		return -1;
	return no_new_privs_apply(c->v, e);
}

static int child_confinement(struct enforce_ctx *c, struct err *e)
{
	if (lsm_set_exec_labels(c->v, e) < 0 || landlock_apply(c->v, e) < 0)
		return -1;
	return net_egress_landlock(c, e);
}

static int child_last_steps(struct enforce_ctx *c, struct err *e)
{
	if (stdio_child_apply(c, e) < 0 || net_last_fds(c, e) < 0)
		return -1;
	return session_new(e) < 0 ? -1 : stdio_child_ctty(c, e);
}

/* The command goes on only once pid 1 has confined itself (init_confine.c):
 * one byte on the pipe; EOF means pid 1 failed and said why. */
static int child_wait_init(int ready, struct err *e)
{
	char b = 0;
	ssize_t n;
	do
		n = read(ready, &b, 1);
	while (n < 0 && errno == EINTR);
	close(ready);
	if (n != 1 || b != '1')
		_exit(EXIT_CMD_FAILED_TO_START); /* pid 1 sent the error */
	return 0;
}

/* With init on, this process stays as pid 1 and the command is its child;
 * returns in the process that will execve. */
static int child_fork_init(struct enforce_ctx *c, struct err *e)
{
	if (!(c->v->process->flags & POLB_PROC_INIT))
		return 0;
	int ready[2], report;
	if (pipe2(ready, O_CLOEXEC) < 0)
		return err_set(e, errno, "init", "pipe");
	if (orphans_report_socket(c->chan_fd, &report, e) < 0)
		return -1;
	pid_t init = getpid();
	pid_t cmd = fork();
	if (cmd < 0)
		return err_set(e, errno, "init", "fork the command");
	if (cmd > 0) {
		close(ready[0]);
		vlog("init", "pid %d reaps; the command is pid %d", (int)getpid(), (int)cmd);
		init_reap(cmd, ready[1], c->chan_fd, report);
	}
	close(ready[1]);
	close(report); /* pid 1's alone */
	/* the command dies with pid 1 even where no pid namespace does it */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return err_set(e, errno, "init", "parent-death signal");
	if (getppid() != init)
		_exit(EXIT_CMD_FAILED_TO_START); /* pid 1 is already gone */
	/* pid 1 has handed our pidfd to the supervisor and confined itself */
	return child_wait_init(ready[0], e);
}

static void child_main(struct enforce_ctx *c) __attribute__((noreturn));
static void child_main(struct enforce_ctx *c)
{
	struct err e = { 0 };
	char path[4096];
	/* the first mark counts from the parent's last one, before the clone */
	if (step_timed("child: clone, wait for go", child_wait_go(c, &e)) < 0 ||
	    step_timed("child: namespaces", child_namespaces(c, &e)) < 0 ||
	    step_timed("child: mounts", child_filesystem(c, &e)) < 0 ||
	    step_timed("child: wait for the cgroup, cgroup namespace", child_wait_settled(c, &e)) < 0 ||
	    step_timed("child: process", child_process(c, &e)) < 0 ||
	    step_timed("child: credentials", child_credentials(c, &e)) < 0 ||
	    step_timed("child: lsm, landlock", child_confinement(c, &e)) < 0 ||
	    notify_child_bind(c, &e) < 0 ||
	    step_timed("child: lifeline bind", lifeline_bind(c, &e)) < 0 ||
	    step_timed("child: resolve the command", exec_resolve(c, path, sizeof(path), &e)) < 0 ||
	    step_timed("child: stdio, fds, session", child_last_steps(c, &e)) < 0 ||
	    step_timed("child: init", child_fork_init(c, &e)) < 0 || sockact_env(c, &e) < 0)
		child_fail(c, &e);
	supervise_restore_signals();
	vlog("exec", "%s", path);
	/* seccomp last: after it, execve and nothing else (not even a timing
	 * line: the filter may kill write; the parent times the exec) */
	if ((c->learn ? seccomp_install_learn(c->v, c->chan_fd, &e)
		      : seccomp_install(c->v, c->chan_fd, &e)) < 0)
		child_fail(c, &e);
	exec_command(c, path, &e);
	child_fail(c, &e);
}

/* ---- the parent --------------------------------------------------------- */

static pid_t clone_child(struct enforce_ctx *c, struct err *e)
{
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = ns_clone3_flags(c) | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&c->pidfd;
	args.exit_signal = SIGCHLD;
	int cg = cgroup_clone_fd(&c->cg);
	if (cg >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cg;
	}
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		return err_set(e, errno, "clone", "new namespaces%s",
			       errno == EPERM && c->rootless ? " (rootless: are unprivileged user "
							       "namespaces allowed here?)" : "");
	return pid;
}

/* While the child builds its mounts: the cgroup (where the child could not
 * be born in it), the lifeline (which must know the cgroup it removes),
 * the child in every hierarchy; then the child may go on. */
static int settle(struct enforce_ctx *c, struct err *e)
{
	if (!cgroup_born_in(&c->cg) && (step_timed("cgroup", cgroup_prepare(c->v, &c->cg, e)) < 0 ||
					step_timed("egress", net_egress_attach(c, e)) < 0))
		return -1;
	if (step_timed("lifeline", lifeline_start(c, e)) < 0 ||
	    step_timed("cgroup attach", cgroup_attach(&c->cg, c->pid, e)) < 0)
		return -1;
	/* A child that failed meanwhile has said why: supervise reads it
	 * (chan_recv: past the ECONNRESET its death with this word unread
	 * reports first). */
	uint32_t egress_bpf = c->net.egress_bpf;
	if (chan_send(c->chan_fd, CHAN_SETTLED, &egress_bpf, sizeof(egress_bpf)) < 0 && errno != EPIPE &&
	    errno != ECONNRESET && errno != ECONNREFUSED)
		return err_set(e, errno, "channel", "let the child go on");
	return step_timed("settled", 0);
}

/* Clone, then everything the parent owes the child before it may go on. */
static int start_child(struct enforce_ctx *c, struct err *e)
{
	int fds[2], on = 1;
	if (chan_pair(fds, e) < 0)
		return -1;
	/* the kernel names each sender (pid as seen here): seccomp's listener
	 * may be announced by the command, a grandchild */
	if (setsockopt(fds[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0)
		return err_set(e, errno, "channel", "SO_PASSCRED");
	if (lifeline_self(c, e) < 0 || ns_join_before_clone(c, e) < 0)
		return -1;
	c->chan_fd = fds[1];
	pid_t pid = clone_child(c, e);
	if (pid == 0) {
		close(fds[0]);
		child_main(c);
	}
	int restored = ns_restore_after_clone(c, e);
	idmap_binds_close(c); /* the child has its own copies of the trees */
	close(fds[1]);
	close(c->life.sup_pidfd); /* the child's copy is the one that counts */
	c->life.sup_pidfd = -1;
	stdio_after_clone(c);
	c->chan_fd = fds[0];
	if (pid < 0)
		return -1;
	c->pid = pid;
	vlog("clone", "child %d", (int)pid);
	if (step_timed("clone", restored) < 0 ||
	    step_timed("idmap", idmap_write(c, pid, e)) < 0 ||
	    step_timed("pasta", pasta_start(c, e)) < 0)
		return -1;
	/* Only now: a rootless parent writes the maps as the owner of the
	 * child's /proc files, which a non-dumpable parent would not be. From
	 * here the command cannot reach the supervisor through /proc
	 * (CVE-2019-5736), nor the child before it execs. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return err_set(e, errno, "supervise", "not dumpable");
	if (chan_send(c->chan_fd, CHAN_GO, NULL, 0) < 0)
		return err_set(e, errno, "channel", "let the child go");
	return step_timed("go", 0) < 0 ? -1 : settle(c, e);
}

static void stop_child(struct enforce_ctx *c)
{
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
		c->pid = -1;
	}
}

int enforce_run(struct enforce_ctx *c)
{
	struct err e = { 0 };
	int status = EXIT_CMD_FAILED_TO_START;
	c->life.sup_pidfd = c->life.fd = -1;
	c->life.pid = 0;
	/* Signals wait (to be forwarded) from before the cgroup exists, so a
	 * Ctrl-C cannot leave it behind. */
	supervise_block_signals();
	if (step_timed("prepare", prepare(c, &e)) < 0 ||
	    step_timed("cgroup host", cgroup_probe(c->v, &c->cg, &e)) < 0)
		goto fail;
	if (cgroup_born_in(&c->cg) && (step_timed("cgroup", cgroup_prepare(c->v, &c->cg, &e)) < 0 ||
				       step_timed("egress", net_egress_attach(c, &e)) < 0))
		goto fail;
	if (start_child(c, &e) < 0) {
		stop_child(c);
		goto fail;
	}
	status = step_timed("supervise (the command runs)", supervise(c));
	stdio_close(c); /* the caller's terminal as it was, before our last lines */
	orphans_report(c);
	cgroup_report(&c->cg);
	goto out;
fail:
	stdio_close(c);
	err_print("enforce", &e);
	/* nothing ran: the trace enforce made goes (learn_trace.c, by the fd) */
	learn_discard(c->learn, c->learn_path);
out:
	stdio_close(c);
	net_cleanup(c);
	notify_close(c);
	cgroup_destroy(&c->cg);
	lifeline_done(c);
	learn_close(c->learn);
	c->learn = NULL;
	idmap_binds_close(c);
	step_timed("clean up", 0);
	ns_close(&c->ns);
	env_free(c);
	if (c->pidfd >= 0)
		close(c->pidfd);
	if (c->chan_fd >= 0)
		close(c->chan_fd);
	return status;
}

int enforce_plan(struct enforce_ctx *c)
{
	struct err e = { 0 };
	FILE *out = stdout;
	char path[4096];
	plan_line(out, "blob", "%s: valid", c->blob_path);
	/* every check the run makes before its first change, with its status */
	if (prepare(c, &e) < 0 || mounts_prepare(c, &e) < 0 ||
	    exec_plan_resolve(c, path, sizeof(path), &e) < 0) {
		plan_line(out, "refuse", "%s", e.detail);
		err_print("enforce", &e);
		notify_close(c);
		ns_close(&c->ns);
		env_free(c);
		return e.status ? e.status : EXIT_CMD_FAILED_TO_START;
	}
	if (c->rootless)
		plan_line(out, "rootless", "uid %u: inside a user namespace; only uid %u/gid %u "
			  "can be mapped", (unsigned)c->caller_uid, (unsigned)c->caller_uid,
			  (unsigned)c->caller_gid);
	plan_line(out, "supervise", "not dumpable; block and forward INT TERM HUP QUIT USR1 USR2 WINCH");
	cgroup_plan(c->v, out);
	ns_plan(c, out);
	plan_line(out, "clone", "child with the new namespaces%s; it dies with enforce",
		  c->v->cgroup ? ", into the cgroup" : "");
	idmap_plan(c, out);
	idmap_binds_plan(c, out);
	plan_line(out, "go", "let the child go on");
	lifeline_plan(c, out);
	net_plan(c, out);
	notify_plan(c, out);
	mounts_plan(c, out);
	mounts_plan_check(c, out, &e);
	process_plan(c, out);
	caps_plan(c->v, out);
	creds_plan(c, out);
	plan_line(out, "caps", "then, after the uid change: the sets above, ambient raised");
	nnp_plan(c->v, out);
	lsm_plan(c->v, out);
	stdio_plan(c, out);
	plan_line(out, "fds", "close every fd above 2");
	plan_line(out, "session", "setsid: %s", c->io.master >= 0 || c->io.kind[0] == STDIO_TTY ||
		  c->io.kind[1] == STDIO_TTY || c->io.kind[2] == STDIO_TTY
		  ? "the container's own pty is the controlling terminal" : "no controlling terminal");
	if (c->v->process->flags & POLB_PROC_INIT)
		plan_line(out, "init", "pid 1 confines itself (no_new_privs, a filter of its own), "
			  "reaps; the command is its child, signalled by the supervisor "
			  "through a pidfd; what the command leaves running when it ends "
			  "is counted, killed, and named in one line");
	if (c->learn_path)
		plan_line(out, "learn", "create %s; the blob's syscall filter replaced by a recorder "
			  "that allows every call and writes the trace (NOT confined by the filter)",
			  c->learn_path);
	else
		seccomp_plan(c->v, out);
	plan_line(out, "exec", "%s (%s)", c->argv[0], path);
	notify_close(c);
	ns_close(&c->ns);
	env_free(c);
	return 0;
}
