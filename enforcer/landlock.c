/* Landlock: a ruleset built for the highest ABI the kernel offers.
 *
 * The policy's three words map to filesystem rights (docs/lsm.md has the
 * table per ABI):
 *   read    -> read_file read_dir
 *   write   -> what read gives, and write_file remove_dir remove_file
 *              make_dir make_reg make_sock make_fifo make_sym, refer (ABI 2),
 *              truncate (ABI 3), ioctl_dev (ABI 5)
 *   execute -> execute read_file (the kernel opens a program for reading
 *              to execute it: execute alone could never run anything)
 * Every filesystem right the ABI knows is handled (denied outside the
 * rules), make_char and make_block included and never granted. TCP bind and
 * connect (ABI 4) are handled each when the policy names at least one port
 * for that direction; abstract unix socket and signal scoping (ABI 6) when
 * the blob asks (the default).
 *
 * What the policy needs and the kernel's ABI lacks is reported in one line
 * and refuses the run, unless the landlock section is `optional` (then one
 * warning and the best ruleset the kernel has). A missing refer (ABI 1) is
 * not a loss: Landlock then forbids every cross-directory link and rename.
 *
 * The constants are written here rather than taken from <linux/landlock.h>
 * because the build host's headers may predate the kernel it runs on. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lsm.h"
#include "lsm_internal.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

#define LL_CREATE_RULESET_VERSION (1u << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_RULE_NET_PORT 2

/* Filesystem rights (enum bits of the uapi). */
#define LL_FS_EXECUTE (1ull << 0)
#define LL_FS_WRITE_FILE (1ull << 1)
#define LL_FS_READ_FILE (1ull << 2)
#define LL_FS_READ_DIR (1ull << 3)
#define LL_FS_REMOVE_DIR (1ull << 4)
#define LL_FS_REMOVE_FILE (1ull << 5)
#define LL_FS_MAKE_CHAR (1ull << 6)
#define LL_FS_MAKE_DIR (1ull << 7)
#define LL_FS_MAKE_REG (1ull << 8)
#define LL_FS_MAKE_SOCK (1ull << 9)
#define LL_FS_MAKE_FIFO (1ull << 10)
#define LL_FS_MAKE_BLOCK (1ull << 11)
#define LL_FS_MAKE_SYM (1ull << 12)
#define LL_FS_REFER (1ull << 13)    /* ABI 2 */
#define LL_FS_TRUNCATE (1ull << 14) /* ABI 3 */
#define LL_FS_IOCTL_DEV (1ull << 15) /* ABI 5 */
#define LL_NET_BIND_TCP (1ull << 0)  /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ull << 1)
#define LL_SCOPE_ABSTRACT_UNIX (1ull << 0) /* ABI 6 */
#define LL_SCOPE_SIGNAL (1ull << 1)

/* Rights that apply to a file (not a directory) in a path_beneath rule. */
#define LL_FS_FILE_RIGHTS \
	(LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

#define LL_MAP_READ (LL_FS_READ_FILE | LL_FS_READ_DIR)
/* write implies read: a directory the command fills but cannot read back
 * is almost never what a policy means, and reading is the lesser right. */
#define LL_MAP_WRITE                                                                     \
	(LL_MAP_READ | LL_FS_WRITE_FILE | LL_FS_REMOVE_DIR | LL_FS_REMOVE_FILE | LL_FS_MAKE_DIR |      \
	 LL_FS_MAKE_REG | LL_FS_MAKE_SOCK | LL_FS_MAKE_FIFO | LL_FS_MAKE_SYM | LL_FS_REFER | \
	 LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)
#define LL_MAP_EXECUTE (LL_FS_EXECUTE | LL_FS_READ_FILE)

#define LL_ABI_KNOWN 7 /* the highest ABI this file was written against */

/* Read by the kernel, written only through an initializer: cppcheck
 * (unusedStructMember) takes the members for unused. */
struct ll_ruleset_attr {
	/* cppcheck-suppress unusedStructMember */
	uint64_t handled_access_fs;
	/* cppcheck-suppress unusedStructMember */
	uint64_t handled_access_net; /* ABI 4 */
	/* cppcheck-suppress unusedStructMember */
	uint64_t scoped;             /* ABI 6 */
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct ll_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
} __attribute__((packed));

/* What the kernel's ABI can do, and what the blob asks for. */
struct ll_rights {
	uint64_t fs, net, scoped;
};

static const struct {
	int abi;
	uint64_t fs, net, scoped;
	const char *what;
} ll_abi_steps[] = {
	{ 1, 0x1fffull, 0, 0, NULL },
	{ 2, LL_FS_REFER, 0, 0, "refer" },
	{ 3, LL_FS_TRUNCATE, 0, 0, "truncate" },
	{ 4, 0, LL_NET_BIND_TCP | LL_NET_CONNECT_TCP, 0, "tcp bind/connect" },
	{ 5, LL_FS_IOCTL_DEV, 0, 0, "ioctl_dev" },
	{ 6, 0, 0, LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL, "scope abstract_unix/signal" },
};

/* The rights an ABI offers (ABI 7 added only audit logging flags). */
static struct ll_rights ll_rights_for_abi(int abi)
{
	struct ll_rights r = { 0, 0, 0 };
	for (size_t i = 0; i < sizeof(ll_abi_steps) / sizeof(ll_abi_steps[0]); i++)
		if (ll_abi_steps[i].abi <= abi) {
			r.fs |= ll_abi_steps[i].fs;
			r.net |= ll_abi_steps[i].net;
			r.scoped |= ll_abi_steps[i].scoped;
		}
	return r;
}

/* The kernel's ABI: >= 1, or -1 with errno (ENOSYS: not built in;
 * EOPNOTSUPP: built in, not enabled at boot). */
static int ll_abi(void)
{
	if (lsm_paths.landlock_abi_max < 0) { /* tests: a kernel without Landlock */
		errno = ENOSYS;
		return -1;
	}
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
	if (abi > 0 && lsm_paths.landlock_abi_max > 0 && abi > lsm_paths.landlock_abi_max)
		abi = lsm_paths.landlock_abi_max;
	return abi;
}

static uint64_t ll_map_access(uint32_t access)
{
	uint64_t r = 0;
	if (access & POLB_LL_READ)
		r |= LL_MAP_READ;
	if (access & POLB_LL_WRITE)
		r |= LL_MAP_WRITE;
	if (access & POLB_LL_EXECUTE)
		r |= LL_MAP_EXECUTE;
	return r;
}

/* Everything the blob asks Landlock to restrict, whatever the kernel. */
static struct ll_rights ll_wanted(const struct polb_view *v)
{
	struct ll_rights w = { ll_rights_for_abi(LL_ABI_KNOWN).fs, 0, 0 };
	for (size_t i = 0; i < v->nll_ports; i++)
		w.net |= v->ll_ports[i].bind ? LL_NET_BIND_TCP : LL_NET_CONNECT_TCP;
	if (v->landlock->flags & POLB_LL_SCOPE_ABSTRACT_UNIX)
		w.scoped |= LL_SCOPE_ABSTRACT_UNIX;
	if (v->landlock->flags & POLB_LL_SCOPE_SIGNAL)
		w.scoped |= LL_SCOPE_SIGNAL;
	return w;
}

/* Names of the wanted rights the ABI lacks, into buf; refer is left out
 * (without it the kernel is stricter, not looser). Returns true if any. */
static bool ll_missing(const struct ll_rights *want, const struct ll_rights *have, char *buf,
		       size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 1; i < sizeof(ll_abi_steps) / sizeof(ll_abi_steps[0]); i++) {
		bool lacks = (want->fs & ll_abi_steps[i].fs & ~have->fs & ~LL_FS_REFER) ||
			     (want->net & ll_abi_steps[i].net & ~have->net) ||
			     (want->scoped & ll_abi_steps[i].scoped & ~have->scoped);
		if (lacks && used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s%s (ABI %d)",
						 used ? ", " : "", ll_abi_steps[i].what,
						 ll_abi_steps[i].abi);
	}
	return used > 0;
}

static const char *ll_access_words(uint32_t access)
{
	static const char *words[] = { "none", "read", "write", "read write", "execute",
				       "read execute", "write execute", "read write execute" };
	return words[access & POLB_LL_ACCESS_ALL];
}

static int ll_add_path(int ruleset, const struct polb_view *v, const struct polb_ll_path *p,
		       uint64_t handled_fs, struct err *e)
{
	const char *path = polb_str(v, p->path);
	if (p->access == 0 || (p->access & ~POLB_LL_ACCESS_ALL))
		return err_set(e, 0, "landlock", "%s: unknown access bits 0x%x in the blob", path,
			       p->access);
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, "landlock", "%s %s", ll_access_words(p->access), path);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int saved = errno;
		close(fd);
		return err_set(e, saved, "landlock", "%s", path);
	}
	struct ll_path_beneath_attr attr = {
		.allowed_access = ll_map_access(p->access) & handled_fs,
		.parent_fd = fd,
	};
	if (!S_ISDIR(st.st_mode))
		attr.allowed_access &= LL_FS_FILE_RIGHTS;
	int r = 0;
	if (attr.allowed_access &&
	    syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &attr, 0) < 0)
		r = err_set(e, errno, "landlock", "rule %s %s", ll_access_words(p->access), path);
	close(fd);
	return r;
}

static int ll_add_port(int ruleset, const struct polb_ll_port *p, uint64_t handled_net,
		       struct err *e)
{
	struct ll_net_port_attr attr = {
		.allowed_access = (p->bind ? LL_NET_BIND_TCP : LL_NET_CONNECT_TCP) & handled_net,
		.port = p->port,
	};
	if (!attr.allowed_access)
		return 0; /* the ABI has no TCP rights: reported by the caller */
	if (syscall(SYS_landlock_add_rule, ruleset, LL_RULE_NET_PORT, &attr, 0) < 0)
		return err_set(e, errno, "landlock", "rule %s tcp %u", p->bind ? "bind" : "connect",
			       p->port);
	return 0;
}

static int ll_build(const struct polb_view *v, const struct ll_rights *handled, struct err *e)
{
	struct ll_ruleset_attr attr = {
		.handled_access_fs = handled->fs,
		.handled_access_net = handled->net,
		.scoped = handled->scoped,
	};
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return err_set(e, errno, "landlock", "creating the ruleset");
	for (size_t i = 0; i < v->nll_paths; i++)
		if (ll_add_path(ruleset, v, &v->ll_paths[i], handled->fs, e) < 0)
			goto fail;
	for (size_t i = 0; i < v->nll_ports; i++)
		if (ll_add_port(ruleset, &v->ll_ports[i], handled->net, e) < 0)
			goto fail;
	return ruleset;
fail:
	close(ruleset);
	return -1;
}

static int ll_restrict(int ruleset, struct err *e)
{
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) == 0)
		return 0;
	int errnum = errno;
	if (errnum == EPERM && prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return err_set(e, errnum, "landlock",
			       "restricting needs no_new_privs (the policy turned it off) or "
			       "CAP_SYS_ADMIN");
	return err_set(e, errnum, "landlock", "restricting this process");
}

int landlock_apply(const struct polb_view *v, struct err *e)
{
	if (!v->landlock)
		return 0;
	bool optional = v->landlock->flags & POLB_LL_OPTIONAL;
	int abi = ll_abi();
	if (abi < 1) {
		const char *why = errno == EOPNOTSUPP
			? "Landlock is built in but not enabled (see the lsm= boot parameter)"
			: "Landlock is not in this kernel";
		if (!optional)
			return err_set(e, errno, "landlock", "%s", why);
		lsm_warn("landlock", "%s; ruleset skipped (optional)", why);
		return 0;
	}
	struct ll_rights want = ll_wanted(v), have = ll_rights_for_abi(abi);
	char missing[256];
	if (ll_missing(&want, &have, missing, sizeof(missing))) {
		if (!optional)
			return err_set(e, 0, "landlock",
				       "the kernel offers ABI %d, without %s; mark the landlock "
				       "section optional to run with less", abi, missing);
		lsm_warn("landlock", "the kernel offers ABI %d, without %s: not restricted "
			 "(optional)", abi, missing);
	}
	struct ll_rights handled = {
		want.fs & have.fs, want.net & have.net, want.scoped & have.scoped,
	};
	int ruleset = ll_build(v, &handled, e);
	if (ruleset < 0)
		return -1;
	int r = ll_restrict(ruleset, e);
	close(ruleset);
	return r;
}

/* refer (a rename or hard link into another directory) is the one right
 * that every layer of a domain handling files denies unless it grants it,
 * handled or not (EXDEV). A layer meant for ports only must grant it on /
 * to leave files to the other layers. */
static int ll_grant_refer_everywhere(int ruleset, struct err *e)
{
	int fd = open("/", O_PATH | O_CLOEXEC | O_DIRECTORY);
	if (fd < 0)
		return err_set(e, errno, "network", "Landlock: opening / for the refer rule");
	struct ll_path_beneath_attr attr = { .allowed_access = LL_FS_REFER, .parent_fd = fd };
	int r = 0;
	if (syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &attr, 0) < 0)
		r = err_set(e, errno, "network", "Landlock: refer rule on /");
	close(fd);
	return r;
}

/* The network section's TCP connect rules: a ruleset of their own (stacked
 * on the lsm section's, so both must allow). It handles refer too, granted
 * on /, so that it changes nothing for files: without that rule, stacked
 * on an lsm section's ruleset, it refused every rename and link between
 * directories, even where that ruleset grants them (redis's AOF rewrite).
 * 1 applied, 0 the kernel has no ABI 4, -1 error. */
int landlock_connect_ports(const uint16_t *ports, size_t n, struct err *e)
{
	int abi = ll_abi();
	if (abi < 4)
		return 0;
	struct ll_ruleset_attr attr = {
		.handled_access_fs = LL_FS_REFER,
		.handled_access_net = LL_NET_CONNECT_TCP,
	};
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return err_set(e, errno, "network", "Landlock ruleset for the connect rules");
	if (ll_grant_refer_everywhere(ruleset, e) < 0) {
		close(ruleset);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct polb_ll_port p = { 0, ports[i] };
		if (ll_add_port(ruleset, &p, LL_NET_CONNECT_TCP, e) < 0) {
			close(ruleset);
			return -1;
		}
	}
	int r = ll_restrict(ruleset, e);
	close(ruleset);
	return r < 0 ? -1 : 1;
}

static const char *const ll_fs_names[] = {
	"execute", "write_file", "read_file", "read_dir", "remove_dir", "remove_file",
	"make_char", "make_dir", "make_reg", "make_sock", "make_fifo", "make_block",
	"make_sym", "refer", "truncate", "ioctl_dev",
};

/* The names of the fs rights in mask, space-separated, into buf. */
static const char *ll_fs_words(uint64_t mask, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(ll_fs_names) / sizeof(ll_fs_names[0]); i++)
		if ((mask & (1ull << i)) && used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "",
						 ll_fs_names[i]);
	return buf;
}

void landlock_plan(const struct polb_view *v, FILE *out)
{
	if (!v->landlock)
		return;
	int abi = ll_abi();
	struct ll_rights want = ll_wanted(v), have = ll_rights_for_abi(abi < 1 ? 0 : abi);
	bool optional = v->landlock->flags & POLB_LL_OPTIONAL;
	char words[512], missing[256];
	if (abi < 1) {
		lsm_plan_line(out, "landlock", "not available in this kernel: would %s",
			      optional ? "be skipped with a warning" : "refuse to run");
		return;
	}
	lsm_plan_line(out, "landlock", "ABI %d%s: denies outside the rules: %s%s%s%s%s", abi,
		      optional ? " (optional)" : "", ll_fs_words(want.fs & have.fs, words, sizeof(words)),
		      want.net & have.net & LL_NET_BIND_TCP ? ", tcp bind" : "",
		      want.net & have.net & LL_NET_CONNECT_TCP ? ", tcp connect" : "",
		      want.scoped & have.scoped & LL_SCOPE_ABSTRACT_UNIX ? ", abstract unix sockets" : "",
		      want.scoped & have.scoped & LL_SCOPE_SIGNAL ? ", signals" : "");
	if (ll_missing(&want, &have, missing, sizeof(missing)))
		lsm_plan_line(out, "landlock", "this kernel lacks %s: would %s", missing,
			      optional ? "warn and go on" : "refuse to run");
	for (size_t i = 0; i < v->nll_paths; i++) {
		const struct polb_ll_path *p = &v->ll_paths[i];
		lsm_plan_line(out, "landlock", "%s %s: %s", ll_access_words(p->access),
			      polb_str(v, p->path),
			      ll_fs_words(ll_map_access(p->access) & have.fs, words, sizeof(words)));
	}
	for (size_t i = 0; i < v->nll_ports; i++)
		lsm_plan_line(out, "landlock", "%s tcp %u", v->ll_ports[i].bind ? "bind" : "connect",
			      v->ll_ports[i].port);
}
