/* LSM confinement: AppArmor, SELinux (exec labels) and Landlock.
 * Owned by enforcer/lsm*.c and enforcer/landlock*.c; called by enforcer/run.c.
 * Fail-closed: every function returns -1 with e filled when what the policy
 * asked cannot be done exactly, unless the policy marked it optional, in
 * which case it prints one warning naming what was skipped and returns 0. */
#ifndef POL_ENFORCER_LSM_H
#define POL_ENFORCER_LSM_H

#include <stdio.h>

#include "err.h"
#include "polb_reader.h"

/* Parent, before clone: load a generated AppArmor profile (the blob's
 * compiled policy, through libapparmor) unless the kernel already holds the
 * same, after checking it was compiled for this kernel's features; check the asked
 * profile/label can be used at all (LSM present and enabled). */
int lsm_prepare(const struct polb_view *v, struct err *e);

/* Child, before pivot_root, while the host's /proc is still reachable:
 * open this thread's /proc attr directory (close-on-exec) for
 * lsm_set_exec_labels, so a container without /proc can still be labelled.
 * Does nothing when the blob asks for no exec label. Calling it is
 * optional: without it lsm_set_exec_labels opens /proc/thread-self/attr in
 * the container's own /proc (and fails closed when there is none). */
int lsm_open_attr(const struct polb_view *v, struct err *e);

/* Child, after credentials and no_new_privs: set the AppArmor exec profile
 * and the SELinux exec label for the coming execve, each read back from
 * attr/exec before returning (the enforcer cannot look after its own
 * execve; docs/lsm.md says who checks attr/current after it). */
int lsm_set_exec_labels(const struct polb_view *v, struct err *e);

/* Child, after lsm_set_exec_labels, before seccomp: the Landlock ruleset. */
int landlock_apply(const struct polb_view *v, struct err *e);

/* For --dry-run. */
/* landlock.c: only TCP connect to these ports (network section) */
int landlock_connect_ports(const uint16_t *ports, size_t n, struct err *e);
void lsm_plan(const struct polb_view *v, FILE *out);

#endif
