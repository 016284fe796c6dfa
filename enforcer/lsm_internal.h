/* What enforcer/lsm*.c share and nobody else calls: where the kernel's
 * interfaces live (replaceable by unit tests only, never from the command
 * line or the environment), the presence checks, and the attr writes. */
#ifndef POL_ENFORCER_LSM_INTERNAL_H
#define POL_ENFORCER_LSM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/apparmor.h>
#include <sys/types.h>

#include "err.h"
#include "polb_reader.h"

/* Where each kernel interface is. The defaults are the kernel's paths; only
 * tests/unit/test_lsm_*.c replace them (lsm_paths_override), to catch the
 * exact bytes written on a machine without AppArmor or SELinux. */
struct lsm_paths {
	const char *attr_dir;          /* "/proc/thread-self/attr" */
	const char *apparmor_enabled;  /* "/sys/module/apparmor/parameters/enabled" */
	const char *apparmor_profiles; /* "/sys/kernel/security/apparmor/profiles" */
	const char *filesystems;       /* "/proc/filesystems" (selinuxfs when enabled) */
	const char *selinux_enforce;   /* "/sys/fs/selinux/enforce" */
	const char *selinux_context;   /* "/sys/fs/selinux/context" */
	const char *apparmor_fs;       /* "/sys/kernel/security/apparmor": features,
	                                  .replace, policy/profiles (generated profiles) */
	const char *apparmor_lib;      /* "libapparmor.so.1", dlopened for generated profiles */
	int landlock_abi_max;          /* 0; tests: N builds as an ABI-N kernel would, -1 as none */
};
extern struct lsm_paths lsm_paths;
/* Tests only: replace the paths (NULL keeps the default) and set
 * landlock_abi_max. */
void lsm_paths_override(const struct lsm_paths *p);

/* The libapparmor calls a generated profile needs (lsm_apparmor_lib.c):
 * loaded on first use, kept once loaded; 0 and *lib set, or -1 with why
 * filled (the library is missing or too old: the caller refuses, or skips
 * when optional; the next call tries again). */
struct aa_lib {
	__typeof__(aa_features_new) *features_new;
	__typeof__(aa_features_new_from_string) *features_new_from_string;
	__typeof__(aa_features_is_equal) *features_is_equal;
	__typeof__(aa_features_unref) *features_unref;
	__typeof__(aa_kernel_interface_new) *kernel_interface_new;
	__typeof__(aa_kernel_interface_replace_policy) *replace_policy;
	__typeof__(aa_kernel_interface_unref) *kernel_interface_unref;
};
int apparmor_lib(const struct aa_lib **lib, char *why, size_t whysize);

/* "enforce: warning: <step>: <what>" on stderr: the one line an `optional`
 * step prints when it is skipped. */
void lsm_warn(const char *step, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The one record of `kind` (POLB_LSM_*), or NULL. Two records of one kind
 * are refused (-1, e filled): the blob cannot ask for two exec labels. */
int lsm_record(const struct polb_view *v, unsigned kind, const struct polb_lsm **out,
	       struct err *e);

/* Read at most size-1 bytes of a small file into buf (NUL-terminated).
 * Returns the length, or -1 with errno set. */
ssize_t lsm_read_small(const char *path, char *buf, size_t size);

/* The attr directory of this thread: an fd opened by lsm_open_attr (before
 * pivot_root) when there is one, else opened now from lsm_paths.attr_dir.
 * Returns a new fd the caller closes, or -1 with e filled. */
int lsm_attr_dir(const char *step, struct err *e);

/* Write `len` bytes to the attr file `name` under dirfd (one write() call,
 * as the kernel wants), then read the file back into back[backsize].
 * Returns 0, or -1 with errno set and *failed_op naming "open", "write" or
 * "read back". */
int lsm_attr_write_read(int dirfd, const char *name, const void *buf, size_t len,
			char *back, size_t backsize, const char **failed_op);

/* Per-LSM steps (lsm_apparmor.c, lsm_selinux.c). The *_available checks
 * return 1 present, 0 absent (with why[] filled). */
int apparmor_available(char *why, size_t whysize);
int apparmor_prepare(const struct polb_view *v, const struct polb_lsm *l, bool *skip,
		     struct err *e);
int apparmor_set_exec(const struct polb_view *v, const struct polb_lsm *l, int attr_dir,
		      struct err *e);
/* Does what the kernel reads back from attr/exec name `profile` in
 * enforce mode? 1 yes, 0 no; *complain set when it names it in complain mode. */
int apparmor_readback_ok(const char *back, const char *profile, bool *complain);

int selinux_available(char *why, size_t whysize);
int selinux_prepare(const struct polb_view *v, const struct polb_lsm *l, bool *skip,
		    struct err *e);
int selinux_set_exec(const struct polb_view *v, const struct polb_lsm *l, int attr_dir,
		     struct err *e);

/* One --dry-run line, shaped as the enforcer's plan_line: "%-10s what". */
void lsm_plan_line(FILE *out, const char *step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Landlock (landlock.c), for lsm_plan. */
void landlock_plan(const struct polb_view *v, FILE *out);

#endif
