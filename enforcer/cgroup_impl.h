/* Internals of the cgroup step, shared by enforcer/cgroup*.c and the unit
 * tests. The public interface is cgroup.h.
 *
 *   cgroup_host.c     what the host has: v1/v2/hybrid, where each controller is
 *   cgroup_fs.c       the only code that touches cgroupfs (or, for --dry-run,
 *                     prints what it would touch)
 *   cgroup_limits.c   the v2 vocabulary written as v2 or v1 files
 *   cgroup_devices.c  device rules: v1 devices.allow/deny, v2 BPF program
 *   cgroup_cleanup.c  leaf names, killing what is left, rmdir, stale leaves
 *   cgroup.c          the steps in order (cgroup.h)
 */
#ifndef POL_ENFORCER_CGROUP_IMPL_H
#define POL_ENFORCER_CGROUP_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "cgroup.h"
#include "err.h"
#include "polb_reader.h"

#include "names.h"

/* The controllers the cgroup section can need. */
enum cg_ctrl { CG_MEMORY, CG_PIDS, CG_CPU, CG_CPUSET, CG_IO, CG_DEVICES, CG_CTRL_COUNT };
#define CG_BIT(c) (1u << (c))

#define CG_PATH_MAX 256
#define CG_DEFAULT_PARENT "polc"

/* ---- cgroup_host.c ------------------------------------------------------ */

struct cg_hier {
	bool v2;                 /* the unified hierarchy */
	unsigned ctrls;          /* CG_BIT()s this hierarchy holds (v1) or offers at base (v2) */
	char mount[CG_PATH_MAX]; /* its mount point */
	char self[CG_PATH_MAX];  /* enforce's own cgroup in it, as a path under mount */
	char base[CG_PATH_MAX];  /* where the parent is created: the mount point as
	                            root, the delegated subtree when rootless */
	bool delegated;          /* base is a subtree owned by the caller (rootless) */
};

enum cg_host_kind { CG_HOST_NONE, CG_HOST_V1, CG_HOST_V2, CG_HOST_HYBRID };

struct cg_host {
	enum cg_host_kind kind;
	struct cg_hier hier[CGROUP_MAX_HIERARCHIES];
	int nhier;
	int v2;                       /* index of the unified hierarchy, or -1 */
	int ctrl_hier[CG_CTRL_COUNT]; /* hierarchy holding each controller, or -1 */
	uid_t euid;
};

/* Read /proc/self/mountinfo and /proc/self/cgroup. Fails only when they
 * cannot be read; a host without cgroups gives kind CG_HOST_NONE. */
int cg_host_detect(struct cg_host *host, struct err *e);
/* Same, from given file contents (for the unit tests). */
int cg_host_parse(struct cg_host *host, const char *mountinfo, const char *self_cgroup,
		  uid_t euid, struct err *e);
const char *cg_host_kind_name(enum cg_host_kind kind);
/* "memory", "pids", "cpu", "cpuset", "io"/"blkio", "devices" */
const char *cg_ctrl_name(enum cg_ctrl c, bool v2);
/* The controller a limit key needs, or -1 for an unknown key. */
int cg_key_ctrl(uint32_t key);
#define cg_key_name(key) polb_cg_key_name(key) /* common/names.c */

/* cgroup_prepare on a host described by the caller instead of detected
 * (the tests use it to drive the pure-v2 path on a hybrid machine's v2
 * hierarchy). */
int cg_prepare_on(const struct polb_view *v, const struct cg_host *host,
		  struct cgroup_handle *h, struct err *e);

/* ---- cgroup_fs.c -------------------------------------------------------- */

/* Where cgroupfs changes go: with plan != NULL nothing is changed and each
 * step is printed instead ("--dry-run"). */
struct cg_fs {
	FILE *plan;
	struct err *e;
	/* polc verify: each write is handed here instead, to compare the
	 * file's live value with what enforce would write (NULL in enforce) */
	int (*check)(struct cg_fs *fs, const char *dir, const char *file, const char *value,
		     const char *why);
	void *arg;
};

int cg_mkdir(struct cg_fs *fs, const char *dir, bool may_exist);
int cg_write(struct cg_fs *fs, const char *dir, const char *file, const char *value,
	     const char *why);
/* Read a small file into buf (NUL-terminated, trailing newline removed).
 * Returns the length, or -1 with errno set. Reads are allowed in plan mode. */
ssize_t cg_read(const char *dir, const char *file, char *buf, size_t size);
/* The number after `key ` in a "key value" per line file (memory.events,
 * pids.events, memory.oom_control). -1 with errno when absent. */
int cg_read_key(const char *dir, const char *file, const char *key, unsigned long long *val);
bool cg_file_exists(const char *dir, const char *file);
/* snprintf that fails with ENAMETOOLONG on truncation. */
int cg_path(struct err *e, char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "512M", "1G", "4096", "max" */
void cg_fmt_bytes(uint64_t bytes, char *buf, size_t size);

/* ---- cgroup_limits.c ---------------------------------------------------- */

/* The controllers the limits in v need (CG_BIT()s), devices included when
 * the blob has a devices block. */
unsigned cg_limits_needed(const struct polb_view *v);
/* Check every limit record before anything is created (unknown key, bad
 * values, a swap limit v1 cannot express). */
int cg_limits_check(const struct polb_view *v, const struct cg_host *host, struct err *e);
/* Write every limit into the leaf directories (leaf[i] is hierarchy i's leaf,
 * empty when that hierarchy is not used). */
int cg_limits_apply(struct cg_fs *fs, const struct polb_view *v, const struct cg_host *host,
		    char leaf[][CG_PATH_MAX]);
/* v1 cpuset: a new directory starts with empty cpus/mems and takes no task
 * until both are set; copy them from the directory above when empty. */
int cg_cpuset_inherit(struct cg_fs *fs, const char *dir);

/* ---- cgroup_devices.c --------------------------------------------------- */

#define CG_MAX_DEV_RULES 256
enum { CG_DEV_R = 1, CG_DEV_W = 2, CG_DEV_M = 4 }; /* as polb_dev_rule.access */
#define CG_DEV_ANY UINT32_MAX

struct cg_dev {
	char type;              /* 'b' or 'c' */
	uint32_t major, minor;  /* CG_DEV_ANY: any */
	uint32_t access;        /* CG_DEV_* */
};

/* The effective allow list: deny by default, Docker's safe set, then the
 * policy's rules in order. A deny revokes access from every listed device it
 * covers; a deny that would cut a hole in an earlier wildcard allow cannot
 * be expressed by v1 and is refused (e filled). */
struct cg_devset {
	struct cg_dev dev[CG_MAX_DEV_RULES];
	size_t n;
};
int cg_devset_build(const struct polb_view *v, struct cg_devset *set, struct err *e);
/* Would the set allow this access? (the semantics both backends implement) */
bool cg_devset_allows(const struct cg_devset *set, char type, uint32_t major,
		      uint32_t minor, uint32_t access);
/* "c 1:3 rwm", "b *:* m" */
void cg_dev_format(const struct cg_dev *d, char *buf, size_t size);
/* v1: "a" to devices.deny, then each entry to devices.allow. */
int cg_devices_v1(struct cg_fs *fs, const char *dir, const struct cg_devset *set);

/* v2: the BPF_PROG_TYPE_CGROUP_DEVICE program for the set. Returns the
 * number of instructions written to insns (struct bpf_insn, 8 bytes each),
 * or 0 when max is too small. */
struct bpf_insn;
size_t cg_devices_prog(const struct cg_devset *set, struct bpf_insn *insns, size_t max);
/* Load it and attach it to the cgroup directory dir_fd (BPF_F_ALLOW_MULTI:
 * the programs of the cgroups above still apply). */
int cg_devices_bpf(struct cg_fs *fs, int dir_fd, const char *dir, const struct cg_devset *set);

/* ---- cgroup_cleanup.c --------------------------------------------------- */

/* "enforce-PID-STARTTIME-PIDNS-SEQ": the run that owns a leaf, so a later run
 * can tell a leaf whose enforce is gone (killed by SIGKILL). */
int cg_leaf_name(char *buf, size_t size, struct err *e);
/* True when name is a leaf of a run, in our pid namespace, whose enforce is
 * gone (no such pid, or a pid reused by a process started at another time). */
bool cg_leaf_is_stale(const char *name);
/* Kill every task in dir (cgroup.kill where v2 has it, then SIGKILL to each
 * pid in cgroup.procs until it is empty). Returns true when empty. */
bool cg_kill_all(const char *dir);
/* The tasks in dir/cgroup.procs and in the cgroups below it; -1 when dir
 * cannot be read. */
int cg_count_tree(const char *dir);
/* cg_kill_all then rmdir, retrying for a few seconds while busy. 0 when the
 * directory is gone. */
int cg_remove(const char *dir);
/* Remove the stale leaves under each hierarchy's base/parent. Returns how
 * many were removed. */
int cg_remove_stale(struct cg_fs *fs, const struct cg_host *host, const char *parent);

#endif
