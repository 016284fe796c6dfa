/* The child's side of seccomp (seccomp.h): load the blob's program for
 * this machine as the very last step before execve.
 *
 * A program flagged POLB_SECCOMP_NOTIFY needs its listener in the
 * supervisor before the command can make a call the policy kills: the
 * child predicts the listener's fd number (the lowest free one), tells the
 * parent, loads the filter with SECCOMP_FILTER_FLAG_NEW_LISTENER, then
 * waits with one read() for the parent's ack. Nothing else runs between the
 * load and the caller's execve, so the only call the filter can see before
 * exec is that read(); the supervisor recognises it (seccomp_watch.c). The
 * listener fd is close-on-exec: the command never holds it. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "channel.h"
#include "enforce.h"
#include "learn.h"
#include "seccomp.h"

static int load_insns(const struct polb_bpf_insn *insns, size_t n, unsigned flags, struct err *e)
{
	struct sock_fprog prog = {
		.len = (unsigned short)n,
		/* struct polb_bpf_insn is struct sock_filter's layout (polb.h);
		 * through uintptr_t to drop the const the kernel's struct lacks
		 * (it only reads): no optimisation is lost in a one-off syscall */
		.filter = (struct sock_filter *)(uintptr_t)insns, /* NOLINT(performance-no-int-to-ptr) */
	};
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (r < 0)
		return err_set(e, errno, "seccomp", "loading the %zu-instruction filter%s",
			       n, errno == EACCES ? " (no_new_privs is off and the "
			       "command's user lacks CAP_SYS_ADMIN)" : "");
	return (int)r;
}

static int load(const struct polb_view_seccomp *p, unsigned flags, struct err *e)
{
	if (p->hdr->flags & POLB_SECCOMP_LOG)
		flags |= SECCOMP_FILTER_FLAG_LOG;
	return load_insns(p->insns, p->hdr->ninsns, flags, e);
}

/* The fd number the next new fd gets: the lowest free one. */
static int lowest_free_fd(struct err *e)
{
	int fd = fcntl(0, F_DUPFD_CLOEXEC, 0);
	if (fd < 0 && errno == EBADF)
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, "seccomp", "finding a free fd for the listener");
	close(fd);
	return fd;
}

/* The listener's hand-over (seccomp.h) around loading insns. */
static int install_notify_insns(const struct polb_bpf_insn *insns, size_t ninsns, unsigned flags,
				int chan_fd, struct err *e)
{
	/* The parent takes the listener with pidfd_getfd(), a ptrace-mode
	 * access: after our uid change the kernel made us non-dumpable, which
	 * would refuse a rootless parent. execve sets dumpable afresh. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return err_set(e, errno, "seccomp", "PR_SET_DUMPABLE");
	int want = lowest_free_fd(e);
	if (want < 0)
		return -1;
	uint32_t n = (uint32_t)want;
	if (chan_send(chan_fd, CHAN_SECCOMP_FD, &n, sizeof n) < 0)
		return err_set(e, errno, "seccomp", "telling the supervisor the listener's fd");
	int fd = load_insns(insns, ninsns, flags | SECCOMP_FILTER_FLAG_NEW_LISTENER, e);
	if (fd < 0)
		return -1;
	if (fd != want)
		return err_set(e, 0, "seccomp", "the listener is fd %d, not the announced %d", fd, want);
	/* The one call the filter sees before exec: the supervisor answers it
	 * with CONTINUE even when the policy kills read(). */
	struct chan_msg m;
	ssize_t got;
	do
		got = read(chan_fd, &m, sizeof m);
	while (got < 0 && errno == EINTR);
	if (got < (ssize_t)sizeof m.type || m.type != CHAN_SECCOMP_ACK)
		return err_set(e, got < 0 ? errno : 0, "seccomp",
			       "the supervisor did not take the listener");
	return 0;
}

static int install_notify(const struct polb_view_seccomp *p, int chan_fd, struct err *e)
{
	unsigned flags = p->hdr->flags & POLB_SECCOMP_LOG ? SECCOMP_FILTER_FLAG_LOG : 0;
	return install_notify_insns(p->insns, p->hdr->ninsns, flags, chan_fd, e);
}

int seccomp_install_learn(const struct polb_view *v, int chan_fd, struct err *e)
{
	struct polb_bpf_insn *prog;
	size_t n;
	if (learn_program(v, &prog, &n, e) < 0)
		return -1;
	vlog("learn", "loading the %zu-instruction recording filter", n);
	int r = install_notify_insns(prog, n, 0, chan_fd, e);
	free(prog);
	return r;
}

/* -v: the blob's program with every errno return made a notification,
 * so the supervisor names each refusal and answers with the same errno
 * (seccomp_watch.c). NULL when the program has no errno return. */
static int errno_notifying(const struct polb_view_seccomp *p, struct polb_bpf_insn **out,
			   struct err *e)
{
	bool any = false;
	*out = NULL;
	for (uint32_t i = 0; i < p->hdr->ninsns; i++)
		any |= p->insns[i].code == (BPF_RET | BPF_K) &&
		       (p->insns[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;
	if (!any)
		return 0;
	struct polb_bpf_insn *prog = calloc(p->hdr->ninsns, sizeof *prog);
	if (!prog)
		return err_set(e, ENOMEM, "seccomp", "the naming program");
	for (uint32_t i = 0; i < p->hdr->ninsns; i++) {
		prog[i] = p->insns[i];
		if (prog[i].code == (BPF_RET | BPF_K) &&
		    (prog[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
			prog[i].k = SECCOMP_RET_USER_NOTIF;
	}
	*out = prog;
	return 0;
}

int seccomp_install(const struct polb_view *v, int chan_fd, struct err *e)
{
	if (v->nseccomp == 0)
		return 0;
	const struct polb_view_seccomp *p = polb_seccomp_for(v, arch_native_audit());
	if (!p)
		return err_set(e, 0, "seccomp", "the blob has no seccomp program for this machine's "
			       "architecture (AUDIT_ARCH 0x%08x)", arch_native_audit());
	struct polb_bpf_insn *naming = NULL;
	if (enforce_verbose && errno_notifying(p, &naming, e) < 0)
		return -1;
	if (naming) {
		vlog("seccomp", "-v: errno refusals go through the supervisor, which names each");
		unsigned flags = p->hdr->flags & POLB_SECCOMP_LOG ? SECCOMP_FILTER_FLAG_LOG : 0;
		int r = install_notify_insns(naming, p->hdr->ninsns, flags, chan_fd, e);
		free(naming);
		return r;
	}
	if (p->hdr->flags & POLB_SECCOMP_NOTIFY)
		return install_notify(p, chan_fd, e);
	return load(p, 0, e) < 0 ? -1 : 0;
}

void seccomp_plan(const struct polb_view *v, FILE *out)
{
	if (v->nseccomp == 0) {
		plan_line(out, "seccomp", "none: every syscall allowed");
		return;
	}
	const struct polb_view_seccomp *p = polb_seccomp_for(v, arch_native_audit());
	if (!p) {
		plan_line(out, "seccomp", "no program for this architecture (AUDIT_ARCH 0x%08x): refused",
			  arch_native_audit());
		return;
	}
	plan_line(out, "seccomp", "load the %u-instruction filter last, then execve%s%s%s",
		  p->hdr->ninsns, p->hdr->flags & POLB_SECCOMP_LOG ? " (denials logged)" : "",
		  p->hdr->flags & POLB_SECCOMP_NOTIFY
			  ? "; enforce names each call the policy kills, then kills its process"
			  : "",
		  enforce_verbose ? "; -v: enforce names each call refused with an errno" : "");
}
