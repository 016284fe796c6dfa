/* polc verify: the live state of a process compared with a blob, one
 * setting at a time (cmd_verify.c draws the order). Each verify_*.c file
 * checks one kind of setting and reports through vr_ok/vr_differs/
 * vr_unchecked; nothing here changes the process (seccomp is read with a
 * ptrace seize/interrupt/detach, which it does not see as a signal). */
#ifndef POL_COMPILER_VERIFY_H
#define POL_COMPILER_VERIFY_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "polb_reader.h"
#include "verify/procfs.h"

struct vctx {
	pid_t pid;
	const struct polb_view *v;
	struct proc_status st;     /* /proc/PID/status */
	struct proc_mountinfo mi;  /* /proc/PID/mountinfo */
	struct proc_mountinfo host_mi; /* polc's own, to place host paths */
	bool json;
	void *jarr;                /* json_object array of results (--json) */
	int ndiffer, nok, nunchecked;
};

/* One line each: "SETTING: ok[ (note)]", "SETTING: differs: WHAT",
 * "SETTING: not checked: WHY". */
void vr_ok(struct vctx *c, const char *setting, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vr_differs(struct vctx *c, const char *setting, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vr_unchecked(struct vctx *c, const char *setting, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void verify_namespaces(struct vctx *c);
void verify_idmaps(struct vctx *c);
void verify_user(struct vctx *c);
void verify_caps(struct vctx *c);
void verify_rlimits(struct vctx *c);
void verify_seccomp(struct vctx *c);
void verify_cgroup(struct vctx *c);
void verify_lsm(struct vctx *c);
void verify_root(struct vctx *c);
void verify_mounts(struct vctx *c);

#endif
