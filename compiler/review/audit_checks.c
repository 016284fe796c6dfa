/* polc audit's table of weighted checks. Each names the container escape
 * or CVE class its setting opens; weights add up to the exposure score
 * (audit.c). The spirit is systemd-analyze security's: one row per
 * question, a help text each, the score from the rows that fail. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "host_paths.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

static bool fail_at(struct audit_result *res, const struct ir_origin *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fail_at(struct audit_result *res, const struct ir_origin *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->what, sizeof res->what, fmt, ap);
	va_end(ap);
	res->at = at ? *at : (struct ir_origin){ 0 };
	res->fix_len = 0;
	res->note = NULL;
	return true;
}

/* Where an absent setting would go: the policy line. */
static const struct ir_origin *policy_at(const struct audit_ctx *c)
{
	return &c->ir->name_at;
}

/* ---- capabilities ----------------------------------------------------- */

static bool keeps_caps(const struct audit_ctx *c, struct audit_result *res, const char *const *names)
{
	char list[256] = "";
	size_t len = 0;
	const struct ir_origin *at = NULL;
	int first = -1;
	for (size_t i = 0; names[i]; i++) {
		int cap = vocab_capability(names[i]);
		if (cap < 0 || !(c->ir->caps.keep >> cap & 1))
			continue;
		if (!at) {
			at = &c->ir->caps.cap_at[cap];
			first = cap;
		}
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? " " : "", names[i]);
		if (len >= sizeof list)
			break;
	}
	if (!at || !fail_at(res, at, "keeps %s", list))
		return false;
	/* the fix: drop the first capability's word from `keep` */
	res->fix_at = *at;
	res->fix_len = (int)strlen(vocab_capability_name(first) ?: "");
	return true;
}

#define KEEPS(fn, ...)                                                              \
	static bool fn(const struct audit_ctx *c, struct audit_result *res)          \
	{                                                                           \
		static const char *const names[] = { __VA_ARGS__, NULL };             \
		return keeps_caps(c, res, names);                                   \
	}
KEEPS(cap_sys_admin, "sys_admin")
KEEPS(cap_sys_module, "sys_module")
KEEPS(cap_sys_ptrace, "sys_ptrace")
KEEPS(cap_dac_read_search, "dac_read_search")
KEEPS(cap_sys_rawio, "sys_rawio")
KEEPS(cap_net_admin, "net_admin")
KEEPS(cap_net_raw, "net_raw")
KEEPS(cap_dac_override, "dac_override")
KEEPS(cap_kernel_surface, "bpf", "perfmon", "sys_boot", "syslog", "mac_admin", "mac_override",
      "sys_time", "sys_resource", "audit_control", "linux_immutable", "wake_alarm", "block_suspend")

static bool cap_ambient(const struct audit_ctx *c, struct audit_result *res)
{
	for (int cap = 0; cap < 64; cap++)
		if (c->ir->caps.ambient >> cap & 1)
			return fail_at(res, &c->ir->caps.cap_at[cap], "raises %s as ambient",
				       vocab_capability_name(cap) ?: "?");
	return false;
}

/* ---- namespaces and identity --------------------------------------- */

static const struct ir_ns *ns(const struct audit_ctx *c, enum ir_ns_kind k)
{
	return &c->ir->namespaces.ns[k];
}

static bool maps_host_root(const struct audit_ctx *c, const struct ir_origin **at)
{
	for (size_t i = 0; i < c->ir->namespaces.nuid_map; i++)
		if (c->ir->namespaces.uid_map[i].outside == 0) {
			*at = &c->ir->namespaces.uid_map[i].at;
			return true;
		}
	return false;
}

static bool root_without_userns(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_process *p = &c->ir->process;
	if (ns(c, IR_NS_USER)->mode == IR_NS_UNSHARE)
		return false;
	if (p->user_set && p->uid != 0)
		return false;
	/* a name is whatever uid the container's /etc/passwd says: maybe 0 */
	return fail_at(res, p->user_set || p->user_name ? &p->user_at : policy_at(c),
		       "%s without a user namespace: root inside is root on the host",
		       p->user_set ? "user 0"
		       : p->user_name ? "a user name (its uid, from the container's /etc/passwd, may be 0)"
				      : "runs as the caller (root when started by root)");
}

static bool uid_map_host_root(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_origin *at;
	return maps_host_root(c, &at) && fail_at(res, at, "uid_map maps the host's uid 0 into the container");
}

static bool ns_shared(const struct audit_ctx *c, struct audit_result *res, enum ir_ns_kind k)
{
	const struct ir_ns *n = ns(c, k);
	if (n->mode == IR_NS_UNSHARE)
		return false;
	if (n->mode == IR_NS_JOIN)
		return fail_at(res, &n->at, "joins the %s namespace %s (the host's if that is pid 1's)",
			       ir_ns_name(k), n->join_path ? n->join_path : "?");
	return fail_at(res, n->at.file ? &n->at : policy_at(c), "shares the host's %s namespace",
		       ir_ns_name(k));
}

#define SHARED(fn, kind)                                                 \
	static bool fn(const struct audit_ctx *c, struct audit_result *res) \
	{                                                                  \
		return ns_shared(c, res, kind);                            \
	}
SHARED(ns_pid, IR_NS_PID)
SHARED(ns_net, IR_NS_NET)
SHARED(ns_ipc, IR_NS_IPC)
SHARED(ns_mount, IR_NS_MOUNT)
SHARED(ns_uts, IR_NS_UTS)
SHARED(ns_cgroup, IR_NS_CGROUP)

static bool nnp_off(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_process *p = &c->ir->process;
	return !p->no_new_privs && fail_at(res, &p->no_new_privs_at, "no_new_privs off");
}

static bool terminal_inherit(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_process *p = &c->ir->process;
	return p->terminal_inherit && fail_at(res, &p->terminal_at, "terminal inherit");
}

/* ---- filesystem ------------------------------------------------------ */

static const struct ir_mount *mount_at(const struct audit_ctx *c, enum ir_mount_kind kind,
				       const char *target)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++)
		if (fs->mounts[i].kind == kind && !strcmp(fs->mounts[i].target, target))
			return &fs->mounts[i];
	return NULL;
}

static const struct ir_mount *root_mount(const struct audit_ctx *c)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++)
		if ((fs->mounts[i].kind == IR_MOUNT_ROOT || fs->mounts[i].kind == IR_MOUNT_OVERLAY) &&
		    !strcmp(fs->mounts[i].target, "/"))
			return &fs->mounts[i];
	return NULL;
}

static bool root_writable(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_mount *root = root_mount(c);
	if (!root)
		return fail_at(res, policy_at(c), "no root: the container keeps the host's root, writable");
	if (root->kind == IR_MOUNT_ROOT && (root->flags & IR_MNT_RW))
		return fail_at(res, &root->at, "root %s is writable", root->source);
	if (root->kind == IR_MOUNT_OVERLAY && root->upper)
		return false; /* writes go to the upper dir, not the image */
	return false;
}

enum bind_mode { ANY_BIND, RW_BIND, RO_BIND };

static bool binds(const struct audit_ctx *c, struct audit_result *res, enum bind_mode mode,
		  bool (*match)(const char *))
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		if (m->kind != IR_MOUNT_BIND && !(m->kind == IR_MOUNT_ROOT && strcmp(m->source, "/") == 0))
			continue;
		bool rw = m->flags & IR_MNT_RW;
		if (!match(m->source) || (mode == RW_BIND && !rw) || (mode == RO_BIND && rw))
			continue;
		return fail_at(res, &m->at, "%s host %s at %s", m->flags & IR_MNT_RW ? "writable" : "read-only",
			       m->source, m->target);
	}
	return false;
}

static bool runtime_socket(const struct audit_ctx *c, struct audit_result *res)
{
	return binds(c, res, ANY_BIND, host_path_runtime_socket);
}

static bool sensitive_bind_rw(const struct audit_ctx *c, struct audit_result *res)
{
	return binds(c, res, RW_BIND, host_path_sensitive);
}

static bool sensitive_bind_ro(const struct audit_ctx *c, struct audit_result *res)
{
	return binds(c, res, RO_BIND, host_path_sensitive);
}

static bool bind_magic_link(const struct audit_ctx *c, struct audit_result *res)
{
	return binds(c, res, ANY_BIND, host_path_magic);
}

/* An overlay's layers are host paths too (FINDINGS.md 3): lower may be a
 * list of directories separated by ':'. */
static bool overlay_layer_inside_rw(const struct ir_filesystem *fs, const struct ir_mount *m,
				    struct audit_result *res)
{
	const char *layers[3] = { m->lower, m->upper, m->work };
	for (size_t k = 0; k < 3; k++) {
		for (const char *p = layers[k]; p && *p;) {
			size_t len = strcspn(p, ":");
			char *path = xstrndup(p, len);
			const struct ir_mount *o = host_path_under_rw(fs, m, path);
			bool found = o && fail_at(res, &m->at, "overlay layer %s lies inside %s, bound writable at %s%s",
						  path, o->source, o->target,
						  m->flags & IR_MNT_FOLLOW ? " (and it says follow)" : "");
			free(path);
			if (found)
				return true;
			p += len + (p[len] == ':');
		}
	}
	return false;
}

static bool bind_inside_rw(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *o = host_path_inside_rw(fs, &fs->mounts[i]);
		if (o)
			return fail_at(res, &fs->mounts[i].at, "%s at %s lies inside %s, bound writable at %s%s",
				       fs->mounts[i].source, fs->mounts[i].target, o->source, o->target,
				       fs->mounts[i].flags & IR_MNT_FOLLOW ? " (and it says follow)" : "");
		if (fs->mounts[i].kind == IR_MOUNT_OVERLAY && overlay_layer_inside_rw(fs, &fs->mounts[i], res))
			return true;
	}
	return false;
}

static bool tmpfs_no_size(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++)
		if (fs->mounts[i].kind == IR_MOUNT_TMPFS && !(fs->mounts[i].flags & IR_MNT_HAS_SIZE))
			return fail_at(res, &fs->mounts[i].at, "tmpfs %s has no size=", fs->mounts[i].target);
	return false;
}

static bool bind_rw_suid(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		if (m->kind == IR_MOUNT_BIND && (m->flags & IR_MNT_RW) &&
		    (m->flags & (IR_MNT_NOSUID | IR_MNT_NODEV)) != (IR_MNT_NOSUID | IR_MNT_NODEV))
			return fail_at(res, &m->at, "writable bind %s without nosuid nodev", m->target);
	}
	return false;
}

/* Hidden or read-only at path or above it. */
/* What the container writes into an idmapped bind is the service's own
 * host uid's, not 100000 + uid: a setuid file it leaves there runs as that
 * uid for anyone on the host who can reach the directory (the container's
 * nosuid does not apply to the host's path). */
static bool bind_idmap_rw(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		if (m->kind == IR_MOUNT_BIND && (m->flags & IR_MNT_IDMAP) && (m->flags & IR_MNT_RW))
			return fail_at(res, &m->at, "writable idmapped bind %s: its files are host uid %u's",
				       m->target, c->ir->process.uid);
	}
	return false;
}

static bool covered(const struct audit_ctx *c, const char *path)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		size_t n = strlen(m->target);
		if ((m->kind == IR_MOUNT_MASK || m->kind == IR_MOUNT_READONLY) &&
		    !strncmp(path, m->target, n) && (path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

static const struct ir_mount *proc_mount(const struct audit_ctx *c)
{
	return mount_at(c, IR_MOUNT_PROC, "/proc");
}

static bool proc_sys_writable(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_mount *proc = proc_mount(c);
	if (!proc)
		return false;
	if (!covered(c, "/proc/sys"))
		return fail_at(res, &proc->at, "/proc/sys is writable (not readonly)");
	if (!covered(c, "/proc/sysrq-trigger"))
		return fail_at(res, &proc->at, "/proc/sysrq-trigger is writable (not readonly)");
	return false;
}

static bool proc_host_pids(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_mount *proc = proc_mount(c);
	return proc && ns(c, IR_NS_PID)->mode != IR_NS_UNSHARE &&
	       fail_at(res, &proc->at, "proc without 'unshare pid' shows the host's processes");
}

static bool masks_missing(const struct audit_ctx *c, struct audit_result *res)
{
	static const char *const proc_paths[] = { "/proc/kcore", "/proc/keys", "/proc/timer_list",
						  "/proc/sched_debug", "/proc/acpi", "/proc/scsi",
						  "/proc/latency_stats", NULL };
	char list[256] = "";
	size_t len = 0;
	const struct ir_mount *proc = proc_mount(c), *sys = mount_at(c, IR_MOUNT_SYSFS, "/sys");
	for (size_t i = 0; proc && proc_paths[i]; i++)
		if (!covered(c, proc_paths[i]))
			len += (size_t)snprintf(list + len, sizeof list - len, " %s", proc_paths[i]);
	if (sys && !covered(c, "/sys/firmware") && len < sizeof list)
		len += (size_t)snprintf(list + len, sizeof list - len, " /sys/firmware");
	return len && fail_at(res, proc ? &proc->at : &sys->at, "not masked:%s", list);
}

/* ---- syscalls --------------------------------------------------------- */

static bool allows(const struct audit_ctx *c, const char *name, unsigned arg, uint64_t value)
{
	uint64_t args[1][6] = { { 0 } };
	args[0][arg] = value;
	return review_sc_allows_name(&c->sc, name, args, 1);
}

static const struct ir_rule *allow_rule(const struct audit_ctx *c, const char *name)
{
	const struct ir_syscalls *sc = &c->ir->syscalls;
	for (size_t i = 0; i < sc->nrules; i++)
		if (!strcmp(sc->rules[i].syscall, name) && (sc->rules[i].act.action == IR_ACT_ALLOW ||
							    sc->rules[i].act.action == IR_ACT_LOG))
			return &sc->rules[i];
	return NULL;
}

/* The line that decides `name`, for where: its first rule, else the default. */
static const struct ir_origin *rule_at(const struct audit_ctx *c, const char *name)
{
	const struct ir_rule *r = allow_rule(c, name);
	if (r)
		return &r->at;
	return c->ir->syscalls.set ? &c->ir->syscalls.default_at : policy_at(c);
}

/* The fix edit for an allowed syscall: drop its name from the statement
 * that names it without a condition (not a group's: that takes more). */
static void fix_drop_syscall(const struct audit_ctx *c, struct audit_result *res, const char *name)
{
	const struct ir_rule *r = allow_rule(c, name);
	if (r && !r->via_group && !r->cond.nconj && r->at.file) {
		res->fix_at = r->at;
		res->fix_len = (int)strlen(name);
	}
}

static bool syscalls_allowed(const struct audit_ctx *c, struct audit_result *res,
			     const char *const *names)
{
	char list[256] = "";
	size_t len = 0;
	const struct ir_origin *at = NULL;
	const char *first = NULL;
	for (size_t i = 0; names[i]; i++) {
		if (!allows(c, names[i], 0, 0))
			continue;
		if (!at) {
			at = rule_at(c, names[i]);
			first = names[i];
		}
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? " " : "", names[i]);
		if (len >= sizeof list)
			break;
	}
	if (!at || !fail_at(res, at, "allows %s", list))
		return false;
	fix_drop_syscall(c, res, first);
	return true;
}

#define ALLOWS(fn, ...)                                                             \
	static bool fn(const struct audit_ctx *c, struct audit_result *res)          \
	{                                                                           \
		static const char *const names[] = { __VA_ARGS__, NULL };             \
		return syscalls_allowed(c, res, names);                             \
	}
ALLOWS(sc_mount, "mount", "fsopen", "fsmount", "move_mount", "open_tree", "mount_setattr", "umount2",
       "pivot_root")
ALLOWS(sc_ptrace, "ptrace", "process_vm_readv", "process_vm_writev")
ALLOWS(sc_bpf, "bpf")
ALLOWS(sc_userfaultfd, "userfaultfd")
ALLOWS(sc_io_uring, "io_uring_setup", "io_uring_enter", "io_uring_register")
ALLOWS(sc_keyring, "keyctl", "add_key", "request_key")
ALLOWS(sc_perf, "perf_event_open")
ALLOWS(sc_modules, "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load")
ALLOWS(sc_handles, "open_by_handle_at")
ALLOWS(sc_setns, "setns")
ALLOWS(sc_host_admin, "reboot", "swapon", "swapoff", "acct", "settimeofday", "clock_settime")

/* ---- namespace creation: every CLONE_NEW* combination ----
 * A filter can test the flags any way (`flags != CLONE_NEWUSER`, a mask
 * that misses one bit), so the question is asked of the compiled filter
 * for each combination of the namespace bits the syscall takes, alone and
 * together: 2^8 vectors for unshare, 2^7 for clone, each also with
 * SIGCHLD (clone's usual exit signal) there. clone's 0x80 is part of the exit
 * signal, so CLONE_NEWTIME is unshare's only. */

static const char *const ns_flag_names[] = {
	"CLONE_NEWUSER", "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_NEWUTS",
	"CLONE_NEWIPC", "CLONE_NEWCGROUP", "CLONE_NEWTIME",
};
enum { NS_FLAGS = sizeof ns_flag_names / sizeof ns_flag_names[0] };

static uint64_t flag_value(const char *name)
{
	uint64_t v = 0;
	vocab_constant(name, &v);
	return v;
}

/* The first combination of namespace bits holding every bit of `need`
 * that the filter lets through for `syscall` (flags are argument 0), as
 * "CLONE_NEWUSER|CLONE_NEWNS" in buf; NULL when none gets through. */
static const char *ns_combination_allowed(const struct audit_ctx *c, const char *syscall,
					  uint64_t need, char *buf, size_t size)
{
	size_t nflags = strcmp(syscall, "clone") ? NS_FLAGS : NS_FLAGS - 1;
	uint64_t bits[NS_FLAGS];
	for (size_t i = 0; i < nflags; i++)
		bits[i] = flag_value(ns_flag_names[i]);
	const uint64_t extras[] = { 0, flag_value("SIGCHLD") };
	size_t nextras = strcmp(syscall, "clone") ? 1 : 2;
	for (uint32_t set = 0; set < 1u << nflags; set++) {
		uint64_t flags = 0;
		for (size_t i = 0; i < nflags; i++)
			if (set >> i & 1)
				flags |= bits[i];
		if ((flags & need) != need)
			continue;
		for (size_t x = 0; x < nextras; x++) {
			const uint64_t args[1][6] = { { flags | extras[x] } };
			if (!review_sc_allows_name(&c->sc, syscall, args, 1))
				continue;
			size_t len = 0;
			buf[0] = '\0';
			for (size_t i = 0; i < nflags && len < size; i++)
				if (set >> i & 1)
					len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "|" : "",
								ns_flag_names[i]);
			if (x && len < size)
				snprintf(buf + len, size - len, "|SIGCHLD");
			return buf;
		}
	}
	return NULL;
}

static bool sc_new_userns(const struct audit_ctx *c, struct audit_result *res)
{
	static const char *const creators[] = { "unshare", "clone" };
	uint64_t user = flag_value("CLONE_NEWUSER");
	char flags[160];
	for (size_t i = 0; i < sizeof creators / sizeof creators[0]; i++)
		if (ns_combination_allowed(c, creators[i], user, flags, sizeof flags))
			return fail_at(res, rule_at(c, creators[i]), "allows %s(%s)", creators[i], flags);
	return false;
}

/* Any other namespace: each CLONE_NEW* bit but CLONE_NEWUSER, alone and
 * with the others. Without a user namespace it takes CAP_SYS_ADMIN; with
 * one (or that capability kept) it is more kernel surface. */
static bool sc_new_namespaces(const struct audit_ctx *c, struct audit_result *res)
{
	static const char *const creators[] = { "unshare", "clone" };
	char flags[160];
	for (size_t i = 0; i < sizeof creators / sizeof creators[0]; i++)
		for (size_t b = 1; b < NS_FLAGS; b++)
			if (ns_combination_allowed(c, creators[i], flag_value(ns_flag_names[b]), flags,
						   sizeof flags))
				return fail_at(res, rule_at(c, creators[i]), "allows %s(%s)", creators[i], flags);
	return false;
}

/* ioctl requests that reach the caller's terminal. The kernel reads the
 * request as 32 bits: each is also asked with a high bit set, which a
 * filter comparing 64 bits (`request != TIOCSTI` without the 32-bit
 * view) lets through. */
static bool sc_tiocsti(const struct audit_ctx *c, struct audit_result *res)
{
	static const char *const requests[] = { "TIOCSTI", "TIOCLINUX" };
	for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
		uint64_t req = flag_value(requests[i]);
		const uint64_t args[2][6] = { { 0, req }, { 0, req | 1ull << 32 } };
		for (size_t k = 0; k < 2; k++)
			if (review_sc_allows_name(&c->sc, "ioctl", &args[k], 1))
				return fail_at(res, rule_at(c, "ioctl"), "allows ioctl(%s%s)", requests[i],
					       k ? " | 1 << 32" : "");
	}
	return false;
}

/* Packet sockets: raw frames in and out of the container's network
 * namespace, and the code behind CVE-2020-14386 and CVE-2017-7308.
 * Asked for each type a packet socket takes. */
static bool sc_packet_socket(const struct audit_ctx *c, struct audit_result *res)
{
	static const char *const types[] = { "SOCK_RAW", "SOCK_DGRAM" };
	uint64_t family = flag_value("AF_PACKET");
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		const uint64_t args[1][6] = { { family, flag_value(types[i]) } };
		if (review_sc_allows_name(&c->sc, "socket", args, 1))
			return fail_at(res, rule_at(c, "socket"), "allows socket(AF_PACKET, %s)", types[i]);
	}
	return false;
}

/* socketcall(SYS_SOCKET, args) on i386 passes socket's arguments in
 * memory the filter cannot read: where socket has argument conditions,
 * a socketcall that admits SYS_SOCKET bypasses them. */
enum { SYS_SOCKET_CALL = 1 };

static bool socket_has_conditions(const struct audit_ctx *c)
{
	const struct ir_syscalls *sc = &c->ir->syscalls;
	for (size_t i = 0; i < sc->nrules; i++)
		if (!strcmp(sc->rules[i].syscall, "socket") && sc->rules[i].cond.nconj)
			return true;
	return false;
}

/* The values of socketcall's args pointer (argument 1) that matter to
 * the policy's conditions: 0, and each constant a condition compares it
 * with, one below and one above (the attacker picks the pointer). */
static size_t socketcall_pointers(const struct audit_ctx *c, uint64_t *v, size_t max)
{
	const struct ir_syscalls *sc = &c->ir->syscalls;
	size_t n = 0;
	v[n++] = 0;
	for (size_t i = 0; i < sc->nrules; i++) {
		if (strcmp(sc->rules[i].syscall, "socketcall"))
			continue;
		for (size_t k = 0; k < sc->rules[i].cond.nconj; k++)
			for (size_t t = 0; t < sc->rules[i].cond.conj[k].nterms; t++) {
				const struct ir_cmp_term *term = &sc->rules[i].cond.conj[k].terms[t];
				for (int d = -1; term->arg == 1 && d <= 1 && n < max; d++)
					v[n++] = term->value + (uint64_t)(int64_t)d;
			}
	}
	return n;
}

static bool socketcall_bypass(const struct audit_ctx *c, struct audit_result *res)
{
	int nr = vocab_syscall_nr(IR_ARCH_X86, "socketcall");
	if (nr < 0 || !(c->sc.admitted >> IR_ARCH_X86 & 1) || !socket_has_conditions(c))
		return false;
	uint64_t pointers[3 * 64 + 1];
	size_t n = socketcall_pointers(c, pointers, sizeof pointers / sizeof pointers[0]);
	bool allowed = false;
	for (size_t i = 0; i < n && !allowed; i++) {
		const uint64_t args[6] = { SYS_SOCKET_CALL, pointers[i] };
		allowed = review_sc_allows(review_sc_decide(&c->sc, IR_ARCH_X86, nr, args));
	}
	if (!allowed)
		return false;
	const struct ir_rule *r = allow_rule(c, "socketcall");
	fail_at(res, rule_at(c, "socketcall"),
		"%s on x86, while socket has argument conditions: socketcall(SYS_SOCKET) passes "
		"the family in memory the filter cannot read, so it bypasses them",
		!r ? "the default allows socketcall"
		   : r->cond.nconj ? "allows socketcall with a condition that admits SYS_SOCKET (1)"
				   : "allows socketcall");
	const struct ir_syscalls *sc = &c->ir->syscalls;
	for (size_t i = 0; i < sc->nrules; i++)
		if (!strcmp(sc->rules[i].syscall, "socket") && sc->rules[i].cond.nconj) {
			res->note_at = sc->rules[i].at;
			res->note = "the socket rule it bypasses is here";
			break;
		}
	return true;
}

static bool no_seccomp(const struct audit_ctx *c, struct audit_result *res)
{
	return !c->ir->syscalls.set && fail_at(res, policy_at(c), "no syscalls section: no seccomp filter");
}

static bool default_allow(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_syscalls *sc = &c->ir->syscalls;
	enum ir_action a = sc->default_action.action;
	return sc->set && (a == IR_ACT_ALLOW || a == IR_ACT_LOG) &&
	       fail_at(res, &sc->default_at, "default %s: every syscall not named gets through",
		       ir_action_name(a));
}

static bool compat_arch(const struct audit_ctx *c, struct audit_result *res)
{
	uint32_t compat = (1u << IR_ARCH_X86) | (1u << IR_ARCH_X32) | (1u << IR_ARCH_ARM);
	uint32_t extra = c->sc.admitted & compat & ~(1u << ARCH_NATIVE);
	if (!extra)
		return false;
	char list[64] = "";
	size_t len = 0;
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (extra >> a & 1)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? " " : "",
						arch_name((enum ir_arch)a));
	const struct ir_syscalls *sc = &c->ir->syscalls;
	return fail_at(res, sc->set ? &sc->arch_at : policy_at(c), "admits %s", list);
}

/* ---- cgroup release_agent (CVE-2022-0492) ---------------------------- */

static bool release_agent(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		if (m->kind == IR_MOUNT_BIND && (m->flags & IR_MNT_RW) &&
		    (!strcmp(m->source, "/sys") || !strncmp(m->source, "/sys/fs/cgroup", 14)))
			return fail_at(res, &m->at, "writable host %s: cgroup v1 release_agent reachable",
				       m->source);
	}
	bool mount = allows(c, "mount", 0, 0) || allows(c, "fsopen", 0, 0);
	int sys_admin = vocab_capability("sys_admin");
	if (mount && sys_admin >= 0 && (c->ir->caps.keep >> sys_admin & 1))
		return fail_at(res, &c->ir->caps.cap_at[sys_admin],
			       "sys_admin kept and mount allowed: can mount cgroup v1 and write release_agent");
	char flags[160];
	if (mount && ns_combination_allowed(c, "unshare", flag_value("CLONE_NEWUSER"), flags, sizeof flags) &&
	    !c->ir->lsm.apparmor.name && !c->ir->lsm.selinux.name)
		return fail_at(res, rule_at(c, "unshare"),
			       "unshare(CLONE_NEWUSER) and mount allowed, no LSM: a new user and cgroup "
			       "namespace can mount cgroup v1");
	return false;
}

/* ---- resources and LSMs ---------------------------------------------- */

static bool has_limit(const struct audit_ctx *c, enum ir_cg_key key)
{
	for (size_t i = 0; i < c->ir->cgroup.nlimits; i++)
		if (c->ir->cgroup.limits[i].key == key && c->ir->cgroup.limits[i].num != IR_CG_UNLIMITED)
			return true;
	return false;
}

static const struct ir_origin *cgroup_at(const struct audit_ctx *c)
{
	return c->ir->cgroup.set ? &c->ir->cgroup.at : policy_at(c);
}

static bool no_pids_max(const struct audit_ctx *c, struct audit_result *res)
{
	return !has_limit(c, IR_CG_PIDS_MAX) && fail_at(res, cgroup_at(c), "no pids.max");
}

static bool no_memory_max(const struct audit_ctx *c, struct audit_result *res)
{
	return !has_limit(c, IR_CG_MEMORY_MAX) && fail_at(res, cgroup_at(c), "no memory.max");
}

static bool no_cpu_max(const struct audit_ctx *c, struct audit_result *res)
{
	return !has_limit(c, IR_CG_CPU_MAX) && fail_at(res, cgroup_at(c), "no cpu.max");
}

static bool no_lsm(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_lsm *l = &c->ir->lsm;
	return !l->apparmor.name && !l->selinux.name && !l->landlock.set &&
	       fail_at(res, policy_at(c), "no AppArmor profile, SELinux label or Landlock ruleset");
}

/* ---- network ------------------------------------------------------------ */

static const struct ir_net_rule *net_rule(const struct audit_ctx *c, enum ir_net_kind kind,
					  bool any_addr_only)
{
	const struct ir_network *n = &c->ir->network;
	for (size_t i = 0; i < n->nrules; i++)
		if (n->rules[i].kind == kind && (!any_addr_only || n->rules[i].any_addr))
			return &n->rules[i];
	return NULL;
}

static bool publish_every_address(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_net_rule *r = net_rule(c, IR_NET_PUBLISH, true);
	char text[160];
	return r && fail_at(res, &r->at, "%s", ir_net_text(r, text, sizeof(text)));
}

static bool egress_open(const struct audit_ctx *c, struct audit_result *res)
{
	const struct ir_net_rule *r = net_rule(c, IR_NET_PUBLISH, false);
	return r && !net_rule(c, IR_NET_CONNECT, false) &&
	       fail_at(res, &c->ir->network.at, "publish gives a route out; no connect rules");
}

const struct audit_check audit_checks[] = {
	{ "cap_sys_admin", AUDIT_CRITICAL, 10,
	  "CAP_SYS_ADMIN: mount, cgroup release_agent (CVE-2022-0492), BPF, keyrings: most container escapes start here",
	  "drop it; give the service the one mount or file it needs in the policy", cap_sys_admin },
	{ "cap_sys_module", AUDIT_CRITICAL, 10, "CAP_SYS_MODULE loads kernel code: the kernel is the container's",
	  "drop it; load modules on the host", cap_sys_module },
	{ "root_no_userns", AUDIT_HIGH, 8,
	  "root without a user namespace is the host's root: every other wall is all that is left (CVE-2019-5736 runc overwrite)",
	  "`unshare user` in namespaces, or `user UID GID` in process with a non-zero uid", root_without_userns },
	{ "no_seccomp", AUDIT_CRITICAL, 8, "no seccomp filter: the whole kernel syscall surface is reachable",
	  "`use default` or `use hardened`, or write a syscalls section", no_seccomp },
	{ "runtime_socket", AUDIT_CRITICAL, 10,
	  "a container runtime's socket (docker.sock, containerd): starting a privileged container is one request away",
	  "remove the bind; talk to a narrow proxy if the service needs the API", runtime_socket },
	{ "sensitive_bind_rw", AUDIT_CRITICAL, 10,
	  "a writable host bind of /, /etc, /proc, /sys, /dev, /root, /boot, /run or the runtime's state: write the host directly",
	  "bind the one subdirectory the service needs, read-only unless it must write", sensitive_bind_rw },
	{ "bind_magic_link", AUDIT_CRITICAL, 10,
	  "a bind through a kernel magic link (/proc/PID/root, /proc/self/fd/N): the host's / or a file enforce holds, whatever the path reads; enforce refuses to run it",
	  "bind the real host path the service needs", bind_magic_link },
	{ "bind_inside_rw", AUDIT_HIGH, 6,
	  "a bind whose source lies inside another writable bind: the container replaces it by a symlink, and a runtime that follows it binds any host directory next time (CVE-2017-1002101, Kubernetes subPath); enforce refuses symlinked sources unless `follow`",
	  "bind from separate host trees, or make the outer bind read-only", bind_inside_rw },
	{ "cap_sys_ptrace", AUDIT_HIGH, 6,
	  "CAP_SYS_PTRACE: ptrace and process_vm_* into any process in reach (host processes when pid is shared)",
	  "drop it", cap_sys_ptrace },
	{ "cap_dac_read_search", AUDIT_HIGH, 6,
	  "CAP_DAC_READ_SEARCH: open_by_handle_at opens host files by handle (the 'shocker' escape, 2014)",
	  "drop it", cap_dac_read_search },
	{ "cap_sys_rawio", AUDIT_HIGH, 5, "CAP_SYS_RAWIO: I/O ports, /dev/mem, raw block and SCSI commands",
	  "drop it", cap_sys_rawio },
	{ "release_agent", AUDIT_HIGH, 6,
	  "a writable cgroup v1 hierarchy runs release_agent as host root (CVE-2022-0492)",
	  "no writable bind of /sys/fs/cgroup; drop sys_admin; refuse mount and unshare(CLONE_NEWUSER)", release_agent },
	{ "pid_shared", AUDIT_HIGH, 5, "the host's pid namespace: host processes visible, signalled, ptraced",
	  "`unshare pid` (with `proc /proc`)", ns_pid },
	{ "net_shared", AUDIT_HIGH, 5,
	  "the host's network namespace: host-only listeners and abstract unix sockets (CVE-2020-15257 containerd-shim)",
	  "`unshare net`, or join a prepared namespace", ns_net },
	{ "mount_shared", AUDIT_HIGH, 5, "the host's mount namespace: mounts are made on the host",
	  "`unshare mount`", ns_mount },
	{ "uid_map_host_root", AUDIT_HIGH, 5, "the user namespace maps the host's uid 0: root inside owns host root's files",
	  "map an unprivileged range (or leave maps out: enforce picks one)", uid_map_host_root },
	{ "no_new_privs_off", AUDIT_HIGH, 5, "without no_new_privs a setuid binary or file capability raises privilege",
	  "`no_new_privs on` in process (the default)", nnp_off },
	{ "default_allow", AUDIT_HIGH, 6, "default allow: a deny list misses every new syscall (io_uring, new mount API...)",
	  "`default errno EPERM` or `default kill_process` and allow what the service uses", default_allow },
	{ "new_userns", AUDIT_HIGH, 5,
	  "unshare/clone(CLONE_NEWUSER) gives CAP_SYS_ADMIN over new namespaces: the kernel surface behind most local root bugs (CVE-2022-0185, CVE-2023-32233)",
	  "`allow unshare if flags & 0x7e020080 == 0` and `allow clone if flags & 0x7e020000 == 0`", sc_new_userns },
	{ "socketcall_bypass", AUDIT_HIGH, 4,
	  "socketcall(SYS_SOCKET) on i386 hides socket's arguments from the filter: the socket family conditions do not hold there",
	  "`allow socketcall if call != 1` (or leave x86 out of `arch`)", socketcall_bypass },
	{ "new_namespaces", AUDIT_LOW, 1,
	  "unshare/clone with CLONE_NEWNS, NEWPID, NEWNET...: new namespaces, more kernel surface once a capability is at hand",
	  "`allow unshare if flags & 0x7e020080 == 0` and `allow clone if flags & 0x7e020000 == 0` (hardened.pol)",
	  sc_new_namespaces },
	{ "terminal_inherit", AUDIT_HIGH, 5,
	  "the caller's terminal is the container's: TIOCSETD(N_NULL), TIOCEXCL and termios outlive the run, TIOCSTI types into it once it is some session's (CVE-2017-5226)",
	  "`terminal pty` (the default): a pty of the container's own", terminal_inherit },
	{ "tiocsti", AUDIT_HIGH, 5, "ioctl(TIOCSTI) types into the terminal the container shares (CVE-2017-5226)",
	  "`allow ioctl if request != TIOCSTI and request != TIOCLINUX`", sc_tiocsti },
	{ "proc_sys_writable", AUDIT_HIGH, 5,
	  "/proc/sys and /proc/sysrq-trigger writable: core_pattern and friends run host commands",
	  "`readonly /proc/sys /proc/sysrq-trigger`", proc_sys_writable },
	{ "sc_mount", AUDIT_HIGH, 5, "the mount family allowed: remount, new mount API, over masks",
	  "`errno EPERM @mount`", sc_mount },
	{ "sc_bpf", AUDIT_HIGH, 4, "bpf(): verifier bugs are a steady source of kernel exploits",
	  "`errno EPERM bpf`", sc_bpf },
	{ "sc_modules", AUDIT_HIGH, 4, "module loading and kexec syscalls allowed (refused only by capabilities)",
	  "`errno EPERM @module @reboot`", sc_modules },
	{ "sc_open_by_handle_at", AUDIT_MEDIUM, 3, "open_by_handle_at: the shocker escape's syscall",
	  "`errno EPERM open_by_handle_at`", sc_handles },
	{ "compat_arch", AUDIT_MEDIUM, 4,
	  "a second syscall table (i386 int 0x80, x32): more kernel entry points, each with its own numbers to get right",
	  "`arch native`", compat_arch },
	{ "cap_net_admin", AUDIT_MEDIUM, 4, "CAP_NET_ADMIN: netfilter and routing, a large kernel surface (CVE-2022-1015)",
	  "drop it", cap_net_admin },
	{ "cap_dac_override", AUDIT_MEDIUM, 3, "CAP_DAC_OVERRIDE: every file permission check is bypassed",
	  "drop it", cap_dac_override },
	{ "sc_packet_socket", AUDIT_MEDIUM, 3,
	  "packet sockets (AF_PACKET): raw frames on the container's network, CVE-2020-14386, CVE-2017-7308",
	  "`allow socket if domain in { AF_UNIX AF_INET AF_INET6 }`", sc_packet_socket },
	{ "cap_net_raw", AUDIT_MEDIUM, 3, "CAP_NET_RAW: raw and packet sockets, ARP/DNS spoofing, CVE-2020-14386",
	  "drop it", cap_net_raw },
	{ "cap_kernel_surface", AUDIT_MEDIUM, 4,
	  "capabilities that reach the kernel or the host: bpf, perfmon, sys_boot, syslog, MAC admin, clock",
	  "drop them", cap_kernel_surface },
	{ "sc_ptrace", AUDIT_MEDIUM, 3, "ptrace and process_vm_*: read and change other processes in the container",
	  "`errno EPERM ptrace process_vm_readv process_vm_writev`", sc_ptrace },
	{ "sc_userfaultfd", AUDIT_MEDIUM, 3, "userfaultfd stalls the kernel mid-copy: it widens race windows for exploits",
	  "`errno EPERM userfaultfd`", sc_userfaultfd },
	{ "sc_io_uring", AUDIT_MEDIUM, 3, "io_uring: a second syscall path the filter does not see, many CVEs",
	  "`errno EPERM @io-uring`", sc_io_uring },
	{ "sc_keyring", AUDIT_MEDIUM, 3, "keyctl/add_key: the kernel keyring is not namespaced",
	  "`errno EPERM @keyring`", sc_keyring },
	{ "sc_perf_event_open", AUDIT_MEDIUM, 3, "perf_event_open: kernel surface and side channels",
	  "`errno EPERM perf_event_open`", sc_perf },
	{ "masks_missing", AUDIT_MEDIUM, 4, "/proc/kcore, /proc/keys, /sys/firmware... leak kernel memory, keys, firmware",
	  "`mask` them as default.pol does", masks_missing },
	{ "tmpfs_no_size", AUDIT_MEDIUM, 3,
	  "a tmpfs without size=: the kernel's default is half of RAM, filled by the container",
	  "`size=SIZE` on every tmpfs (and `nr_inodes=N` where the default bound is too wide)", tmpfs_no_size },
	{ "no_pids_max", AUDIT_MEDIUM, 3, "a fork bomb takes the host's process table",
	  "`pids.max N` in cgroup", no_pids_max },
	{ "no_memory_max", AUDIT_MEDIUM, 3, "the container can push the host into the OOM killer",
	  "`memory.max SIZE` in cgroup", no_memory_max },
	{ "proc_host_pids", AUDIT_MEDIUM, 2,
	  "a proc mounted in the host's pid namespace lists the host's processes, their command lines and environments",
	  "`unshare pid` in namespaces", proc_host_pids },
	{ "ipc_shared", AUDIT_MEDIUM, 2, "the host's IPC namespace: SysV shared memory and queues of the host",
	  "`unshare ipc`", ns_ipc },
	{ "sensitive_bind_ro", AUDIT_MEDIUM, 2, "a read-only bind of a sensitive host path: secrets and host layout readable",
	  "bind only what the service reads", sensitive_bind_ro },
	{ "root_writable", AUDIT_LOW, 2, "a writable root: a compromise persists and can replace binaries",
	  "`root DIR` (read-only) and tmpfs or binds for what must be written", root_writable },
	{ "bind_rw_suid", AUDIT_LOW, 2, "a writable bind without nosuid,nodev: setuid files or device nodes planted for later",
	  "add `nosuid nodev` (and `noexec` for data)", bind_rw_suid },
	{ "bind_idmap_rw", AUDIT_LOW, 1,
	  "a writable idmapped bind: what the container writes is the service's real host uid's, a setuid file included",
	  "keep the host directory mode 0700 (or on a nosuid filesystem), or bind it read-only", bind_idmap_rw },
	{ "no_lsm", AUDIT_LOW, 2, "no LSM: nothing below the other walls when one fails",
	  "an apparmor profile (`apparmor generate`), an SELinux label, or landlock", no_lsm },
	{ "sc_setns", AUDIT_LOW, 1, "setns allowed: joins any namespace whose fd reaches the container",
	  "`errno EPERM setns`", sc_setns },
	{ "sc_host_admin", AUDIT_LOW, 1,
	  "reboot, swap, process accounting and the clock are the host's: only capabilities stand in the way",
	  "`errno EPERM reboot swapon swapoff acct settimeofday clock_settime`", sc_host_admin },
	{ "uts_shared", AUDIT_LOW, 1, "the host's UTS namespace: sethostname would rename the host",
	  "`unshare uts`", ns_uts },
	{ "cgroup_shared", AUDIT_LOW, 1, "the host's cgroup namespace: host cgroup paths visible",
	  "`unshare cgroup`", ns_cgroup },
	{ "no_cpu_max", AUDIT_LOW, 1, "the container can take every CPU", "`cpu.max N` in cgroup", no_cpu_max },
	{ "cap_ambient", AUDIT_LOW, 1, "ambient capabilities survive execve of any program", "keep them without `ambient`",
	  cap_ambient },
	{ "publish_every_address", AUDIT_MEDIUM, 3,
	  "a port published on every host address: reachable from other machines, not only this one",
	  "publish on 127.0.0.1:PORT unless other machines must reach it", publish_every_address },
	{ "egress_open", AUDIT_LOW, 2,
	  "a private network with a route out and no egress rules: a compromise reaches every address the host can",
	  "`connect tcp|udp ADDR/N PORT` for what the service talks to", egress_open },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const char *audit_severity_name(enum audit_severity s)
{
	static const char *const names[] = { "info", "low", "medium", "high", "critical" };
	return s <= AUDIT_CRITICAL ? names[s] : "?";
}

int audit_severity_from_name(const char *name)
{
	for (int s = AUDIT_INFO; s <= AUDIT_CRITICAL; s++)
		if (!strcmp(name, audit_severity_name((enum audit_severity)s)))
			return s;
	return -1;
}
