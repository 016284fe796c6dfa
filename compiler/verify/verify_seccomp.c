/* Seccomp: the mode and filter count from status, then every filter the
 * process carries, read back with PTRACE_SECCOMP_GET_FILTER, compared
 * instruction by instruction with the blob's program for this host's
 * architecture. The process may carry more than one (a descendant that
 * loaded its own on top; enforce's reaper, pid 1, carries its own and not
 * the blob's): the blob's program must be one of them, and the others
 * only narrow what it allows.
 *
 * Reading back needs CAP_SYS_ADMIN and a kernel with
 * CONFIG_CHECKPOINT_RESTORE; without them the line says what was and was
 * not compared. The process is seized and interrupted (a ptrace-stop it
 * does not see as a signal) and detached at once. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <linux/filter.h>

#include "verify/verify.h"
#include "arch.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#define MAX_FILTERS 64

struct filters {
	struct sock_filter *prog[MAX_FILTERS];
	long len[MAX_FILTERS];
	int n;
	char why[160]; /* set when they could not be read */
};

static void read_filters(pid_t pid, struct filters *f)
{
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
		snprintf(f->why, sizeof(f->why), "cannot ptrace pid %d: %s", (int)pid, strerror(errno));
		return;
	}
	int status;
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 || waitpid(pid, &status, __WALL) != pid) {
		snprintf(f->why, sizeof(f->why), "cannot stop pid %d: %s", (int)pid, strerror(errno));
		ptrace(PTRACE_DETACH, pid, 0, 0);
		return;
	}
	for (f->n = 0; f->n < MAX_FILTERS; f->n++) {
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (unsigned long)f->n, NULL);
		if (n < 0 && errno == ENOENT)
			break;
		if (n <= 0 || n > BPF_MAXINSNS) {
			snprintf(f->why, sizeof(f->why), "%s",
				 errno == EACCES || errno == EPERM ? "reading filters back needs CAP_SYS_ADMIN" :
				 errno == EINVAL ? "this kernel cannot read filters back (CONFIG_CHECKPOINT_RESTORE)" :
				 "PTRACE_SECCOMP_GET_FILTER failed");
			break;
		}
		f->prog[f->n] = calloc((size_t)n, sizeof(struct sock_filter));
		if (!f->prog[f->n] ||
		    ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (unsigned long)f->n, f->prog[f->n]) != n) {
			free(f->prog[f->n]);
			snprintf(f->why, sizeof(f->why), "filter %d changed while read", f->n);
			break;
		}
		f->len[f->n] = n;
	}
	ptrace(PTRACE_DETACH, pid, 0, 0);
}

/* -1 when prog is the blob's program, else the first index that differs */
static long first_difference(const struct sock_filter *prog, long n, const struct polb_view_seccomp *p)
{
	long m = (long)p->hdr->ninsns, i = 0;
	for (; i < n && i < m; i++)
		if (prog[i].code != p->insns[i].code || prog[i].jt != p->insns[i].jt ||
		    prog[i].jf != p->insns[i].jf || prog[i].k != p->insns[i].k)
			return i;
	return i == n && i == m ? -1 : i;
}

static void compare(struct vctx *c, const struct filters *f, const struct polb_view_seccomp *p)
{
	long best = -2;
	int at = -1;
	for (int i = 0; i < f->n; i++) {
		long d = first_difference(f->prog[i], f->len[i], p);
		if (d == -1) {
			vr_ok(c, "seccomp", "(the blob's program, %u instructions, is filter %d of %d%s)",
			      p->hdr->ninsns, f->n - i, f->n, f->n > 1 ? "; the others only narrow it" : "");
			return;
		}
		if (d > best) {
			best = d;
			at = i;
		}
	}
	if (at < 0)
		vr_differs(c, "seccomp", "no filter could be read");
	else
		vr_differs(c, "seccomp", "none of the %d filters is the blob's program (%u instructions);"
			   " the closest, %ld instructions, differs at instruction %ld",
			   f->n, p->hdr->ninsns, f->len[at], best);
}

void verify_seccomp(struct vctx *c)
{
	const struct polb_view_seccomp *p =
		polb_seccomp_for(c->v, arch_native_audit());
	int n = c->st.seccomp_filters;
	if (!p) {
		vr_ok(c, "seccomp", "(no filter in the blob%s)",
		      c->st.seccomp ? "; the process carries one: narrower" : "");
		return;
	}
	if (c->st.seccomp != 2) {
		vr_differs(c, "seccomp", "no filter is loaded (mode %d); the blob has one", c->st.seccomp);
		return;
	}
	struct filters f = { .n = 0 };
	read_filters(c->pid, &f);
	if (f.why[0] && f.n == 0)
		vr_unchecked(c, "seccomp", "mode filter, %d filter%s loaded, programs not compared: %s",
			     n, n == 1 ? "" : "s", f.why);
	else
		compare(c, &f, p);
	for (int i = 0; i < f.n; i++)
		free(f.prog[i]);
}
