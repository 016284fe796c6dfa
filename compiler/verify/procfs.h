/* Reading another process's /proc files for `polc verify`, and parsing
 * them. The process is the attacker: it chose its mount paths, its
 * command name and what it mounted, so every file is read with a bound
 * (proc_read), and every parser here takes a NUL-terminated buffer of
 * any content and either fills its result or returns -1; none writes
 * outside what it was given or reads past the NUL (tests/unit/
 * test_verify_procfs.c, tests/fuzz/fuzz_verify_procfs.c). */
#ifndef POL_COMPILER_VERIFY_PROCFS_H
#define POL_COMPILER_VERIFY_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

#define PROC_READ_MAX (4u << 20) /* mountinfo of a container with many mounts */
#define PROC_MAX_GROUPS 65536    /* NGROUPS_MAX */
#define PROC_MAX_MOUNTS 65536
#define PROC_MAX_MAP 340         /* the kernel's limit of id map lines */
#define PROC_MAX_CGROUPS 64

/* /proc/PID/NAME into a fresh NUL-terminated buffer (free it), at most
 * PROC_READ_MAX bytes: more is an error, not a truncation. */
int proc_read(pid_t pid, const char *name, char **buf, size_t *len, struct err *e);

/* ---- status ------------------------------------------------------------ */
struct proc_status {
	uint32_t uid[4], gid[4];  /* real, effective, saved, fs */
	uint32_t *groups;         /* malloc'd, ngroups entries */
	size_t ngroups;
	uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	int no_new_privs;         /* 0/1 */
	int seccomp;              /* 0 off, 1 strict, 2 filter */
	int seccomp_filters;      /* -1 when the kernel does not say */
};
/* Every field above must be present (Seccomp_filters may be absent). */
int proc_parse_status(const char *text, struct proc_status *st, struct err *e);
void proc_status_free(struct proc_status *st);

/* ---- uid_map / gid_map ------------------------------------------------- */
struct proc_map_line { uint32_t inside, outside, count; };
int proc_parse_idmap(const char *text, struct proc_map_line *lines, size_t cap, size_t *n,
		     struct err *e);

/* ---- mountinfo --------------------------------------------------------- */
enum { PROC_MNT_RO = 1u << 0, PROC_MNT_NOSUID = 1u << 1, PROC_MNT_NODEV = 1u << 2,
       PROC_MNT_NOEXEC = 1u << 3, PROC_MNT_IDMAPPED = 1u << 4 };
struct proc_mount {
	unsigned id, parent, major, minor;
	const char *root;   /* the mounted directory inside its filesystem */
	const char *target; /* the mount point, relative to the process's root */
	const char *fstype;
	const char *source;
	const char *super;  /* superblock options */
	unsigned flags;     /* PROC_MNT_*, from the per-mount options */
};
struct proc_mountinfo {
	char *text;                /* the parsed copy the strings point into */
	struct proc_mount *m;
	size_t n;
};
/* Parses a copy of text (escapes such as \040 decoded). */
int proc_parse_mountinfo(const char *text, struct proc_mountinfo *mi, struct err *e);
void proc_mountinfo_free(struct proc_mountinfo *mi);
/* The last (topmost) mount at exactly target, or NULL. */
const struct proc_mount *proc_mount_at(const struct proc_mountinfo *mi, const char *target);

/* ---- limits ------------------------------------------------------------ */
/* /proc/PID/limits: one row per resource in RLIMIT_* order after a header;
 * "unlimited" is UINT64_MAX. Used where prlimit(2) is refused. */
#define PROC_NLIMITS 16
int proc_parse_limits(const char *text, uint64_t soft[PROC_NLIMITS], uint64_t hard[PROC_NLIMITS],
		      struct err *e);

/* ---- cgroup ------------------------------------------------------------ */
struct proc_cgroup_line {
	unsigned hier;           /* 0: the v2 hierarchy */
	char controllers[128];   /* "memory", "cpu,cpuacct", "" for v2 */
	char path[512];          /* "/polc/enforce-123-1" */
};
int proc_parse_cgroup(const char *text, struct proc_cgroup_line *lines, size_t cap, size_t *n,
		      struct err *e);

#endif
