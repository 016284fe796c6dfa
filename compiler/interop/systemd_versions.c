/* The one table of what each systemd release understands, for
 * `polc export systemd --systemd-version N`.
 *
 * Directives: the release that added them (systemd's NEWS and the
 * "Added in version" notes of systemd.exec(5)); where a source left doubt,
 * the later release is written (a directive left out is warned about, one
 * an old systemd does not know is ignored in silence but for its log). On
 * this machine (systemd 252) tests/review/t_export_systemd_versions.sh checks
 * with systemd-analyze verify that 252 knows every directive the table
 * gives as 252 or older.
 *
 * Syscall names: systemd resolves SystemCallFilter= names through the
 * libseccomp it is linked with and ignores a name libseccomp does not know
 * ("Failed to parse system call, ignoring"). So a name's release is the
 * first whose distribution's libseccomp knows it: Debian 11 (systemd 247,
 * libseccomp 2.5.1), Debian 12 (252, libseccomp 2.5.4-1+deb12u1, whose
 * table is 2.5.5's: measured with systemd-analyze verify on this machine),
 * Debian 13 (257, libseccomp 2.6.0). A name first in libseccomp's src/
 * syscalls.csv of a later release (2.6.1) or of none is SYSTEMD_NEVER.
 * Names libseccomp 2.5.1 knows have no row. */
#include "interop/systemd_versions.h"

#include <stddef.h>
#include <string.h>

struct since {
	const char *name;
	unsigned version;
	const char *needs; /* syscalls: the libseccomp release */
};

static const struct since directives[] = {
	{ "PrivateIPC", 248, NULL },
	{ "IPCNamespacePath", 248, NULL },
	{ "NoExecPaths", 248, NULL },
	{ "SocketBindAllow", 249, NULL },
	{ "PrivatePIDs", 257, NULL },
	{ "ProtectControlGroups=private", 257, NULL },
};

static const struct since syscalls[] = {
	/* libseccomp 2.5.4 (Debian 12) */
	{ "close_range", 252, "libseccomp 2.5.4" }, { "epoll_pwait2", 252, "libseccomp 2.5.4" },
	{ "futex_waitv", 252, "libseccomp 2.5.4" }, { "landlock_add_rule", 252, "libseccomp 2.5.4" },
	{ "landlock_create_ruleset", 252, "libseccomp 2.5.4" }, { "landlock_restrict_self", 252, "libseccomp 2.5.4" },
	{ "memfd_secret", 252, "libseccomp 2.5.4" }, { "mount_setattr", 252, "libseccomp 2.5.4" },
	{ "process_madvise", 252, "libseccomp 2.5.4" }, { "process_mrelease", 252, "libseccomp 2.5.4" },
	{ "quotactl_fd", 252, "libseccomp 2.5.4" }, { "set_mempolicy_home_node", 252, "libseccomp 2.5.4" },
	/* libseccomp 2.5.5's table (Debian 12's 2.5.4-1+deb12u1 has it) */
	{ "cachestat", 252, "libseccomp 2.5.5" }, { "fchmodat2", 252, "libseccomp 2.5.5" },
	{ "futex_requeue", 252, "libseccomp 2.5.5" }, { "futex_wait", 252, "libseccomp 2.5.5" },
	{ "futex_wake", 252, "libseccomp 2.5.5" }, { "map_shadow_stack", 252, "libseccomp 2.5.5" },
	/* libseccomp 2.6.0 (Debian 13) */
	{ "getxattrat", 257, "libseccomp 2.6.0" }, { "listmount", 257, "libseccomp 2.6.0" },
	{ "listxattrat", 257, "libseccomp 2.6.0" }, { "lsm_get_self_attr", 257, "libseccomp 2.6.0" },
	{ "lsm_list_modules", 257, "libseccomp 2.6.0" }, { "lsm_set_self_attr", 257, "libseccomp 2.6.0" },
	{ "mseal", 257, "libseccomp 2.6.0" }, { "removexattrat", 257, "libseccomp 2.6.0" },
	{ "riscv_hwprobe", 257, "libseccomp 2.6.0" }, { "setxattrat", 257, "libseccomp 2.6.0" },
	{ "statmount", 257, "libseccomp 2.6.0" }, { "uretprobe", 257, "libseccomp 2.6.0" },
	/* libseccomp 2.6.1, which no distribution in this table ships */
	{ "file_getattr", SYSTEMD_NEVER, "libseccomp 2.6.1" }, { "file_setattr", SYSTEMD_NEVER, "libseccomp 2.6.1" },
	{ "listns", SYSTEMD_NEVER, "libseccomp 2.6.1" }, { "open_tree_attr", SYSTEMD_NEVER, "libseccomp 2.6.1" },
	{ "rseq_slice_yield", SYSTEMD_NEVER, "libseccomp 2.6.1" }, { "uprobe", SYSTEMD_NEVER, "libseccomp 2.6.1" },
	/* in no libseccomp release yet */
	{ "fchroot", SYSTEMD_NEVER, "a libseccomp that knows it (none yet)" },
};

static const struct since *find(const struct since *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

unsigned systemd_directive_since(const char *directive)
{
	const struct since *s = find(directives, sizeof(directives) / sizeof(directives[0]), directive);
	return s ? s->version : SYSTEMD_OLDEST;
}

unsigned systemd_syscall_since(const char *name)
{
	const struct since *s = find(syscalls, sizeof(syscalls) / sizeof(syscalls[0]), name);
	return s ? s->version : SYSTEMD_OLDEST;
}

const char *systemd_syscall_needs(const char *name)
{
	const struct since *s = find(syscalls, sizeof(syscalls) / sizeof(syscalls[0]), name);
	return s ? s->needs : "nothing newer";
}
