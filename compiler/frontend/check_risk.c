/* Checks on the effective policy once every file is applied: errors for
 * settings that cannot work together, and (for `polc check`) warnings that
 * name a risk: a dangerous capability kept, a dangerous syscall allowed, a
 * host namespace shared, a gap the policy leaves open. */
#include "frontend/fe.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "host_paths.h"
#include "vocab/vocab.h"

static struct diag_loc at_of(const struct ir_origin *o)
{
	return (struct diag_loc){ o->file, o->line, o->col, 0 };
}

/* The top file, for findings about what the policy leaves out. */
static struct diag_loc top_file(struct fe_ctx *c)
{
	return (struct diag_loc){ c->nfiles ? c->files[0]->origin : NULL, 0, 0, 0 };
}

void fe_check_final(struct fe_ctx *c)
{
	struct pol_ir *ir = c->ir;
	const struct ir_ns *ns = ir->namespaces.ns;
	if (ir->filesystem.nmounts && ns[IR_NS_MOUNT].mode != IR_NS_UNSHARE)
		diag_error(c->d, at_of(&ir->filesystem.mounts[0].at),
			   "mounts need a mount namespace of their own: add 'unshare mount'");
	if ((ir->namespaces.nuid_map || ir->namespaces.ngid_map) && ns[IR_NS_USER].mode != IR_NS_UNSHARE)
		diag_error(c->d, at_of(ir->namespaces.nuid_map ? &ir->namespaces.uid_map[0].at
							       : &ir->namespaces.gid_map[0].at),
			   "uid_map and gid_map need a user namespace: add 'unshare user'");
	if (ir->process.hostname && ns[IR_NS_UTS].mode != IR_NS_UNSHARE)
		diag_error(c->d, at_of(&ir->process.hostname_at),
			   "setting the hostname needs a uts namespace: add 'unshare uts'");
}

struct risky_cap {
	const char *name;
	const char *why;
};

static const struct risky_cap risky_caps[] = {
	{ "sys_admin", "mount, namespaces, BPF, and most known container escapes" },
	{ "sys_module", "loads kernel modules: full control of the host" },
	{ "sys_ptrace", "reads and writes other processes' memory" },
	{ "sys_rawio", "raw I/O ports and devices" },
	{ "sys_boot", "reboots the host" },
	{ "sys_time", "sets the host's clock" },
	{ "dac_read_search", "open_by_handle_at reads any host file (the 'shocker' escape)" },
	{ "dac_override", "bypasses file permission checks" },
	{ "net_admin", "reconfigures networking, iptables" },
	{ "bpf", "loads BPF programs" },
	{ "perfmon", "perf events and kernel pointers" },
	{ "mac_admin", "changes the LSM policy" },
	{ "mac_override", "bypasses the LSM policy" },
	{ "syslog", "reads kernel addresses from the log" },
	{ "sys_resource", "overrides resource limits" },
};

static void check_caps(struct fe_ctx *c)
{
	const struct ir_caps *caps = &c->ir->caps;
	for (size_t i = 0; i < sizeof(risky_caps) / sizeof(risky_caps[0]); i++) {
		int cap = vocab_capability(risky_caps[i].name);
		if (cap < 0 || cap >= 64 || !(caps->keep & (1ull << cap)))
			continue;
		char upper[32];
		size_t j = 0;
		for (; j < sizeof(upper) - 1 && risky_caps[i].name[j]; j++)
			upper[j] = (char)toupper((unsigned char)risky_caps[i].name[j]);
		upper[j] = '\0';
		diag_warning(c->d, at_of(&caps->cap_at[cap]), "keeps CAP_%s: %s", upper,
			     risky_caps[i].why);
	}
	for (int cap = 0; cap < 64; cap++)
		if (caps->ambient & (1ull << cap))
			diag_warning(c->d, at_of(&caps->cap_at[cap]),
				     "ambient capability %s survives exec into any program",
				     vocab_capability_name(cap) ? vocab_capability_name(cap) : "?");
}

struct risky_call {
	const char *name;
	const char *why;
};

static const struct risky_call risky_calls[] = {
	{ "mount", "mounts over the container's view (and the host's with CAP_SYS_ADMIN)" },
	{ "umount2", "uncovers masked paths" },
	{ "pivot_root", "changes the root" },
	{ "ptrace", "inspects and controls other processes" },
	{ "process_vm_writev", "writes other processes' memory" },
	{ "bpf", "loads BPF programs into the kernel" },
	{ "perf_event_open", "a large kernel attack surface" },
	{ "kexec_load", "replaces the running kernel" },
	{ "kexec_file_load", "replaces the running kernel" },
	{ "init_module", "loads kernel code" },
	{ "finit_module", "loads kernel code" },
	{ "delete_module", "unloads kernel code" },
	{ "open_by_handle_at", "opens host files by handle (the 'shocker' escape)" },
	{ "keyctl", "the kernel keyring is not namespaced" },
	{ "add_key", "the kernel keyring is not namespaced" },
	{ "userfaultfd", "a common aid to kernel exploits" },
	{ "setns", "enters other namespaces" },
	{ "unshare", "creates namespaces (user namespaces widen the kernel surface)" },
	{ "clone", "creates namespaces (user namespaces widen the kernel surface)" },
	{ "io_uring_setup", "io_uring bypasses seccomp for the operations it performs" },
	{ "reboot", "reboots the host" },
	{ "swapon", "changes the host's swap" },
	{ "acct", "process accounting is not namespaced" },
};

/* ---- namespace creation: decided from the condition's DNF ----
 * A conditional allow of unshare or clone creates no namespace when every
 * conjunction forces each CLONE_NEW* bit the syscall takes (its flags are
 * argument 0) to zero; hardened.pol's `flags & 0x7e020080 == 0` does. */

struct ns_flag {
	const char *name;
	uint64_t bit;
};

static const struct ns_flag ns_flags[] = {
	{ "CLONE_NEWUSER", 0x10000000 }, { "CLONE_NEWNS", 0x00020000 },
	{ "CLONE_NEWPID", 0x20000000 },  { "CLONE_NEWNET", 0x40000000 },
	{ "CLONE_NEWUTS", 0x04000000 },  { "CLONE_NEWIPC", 0x08000000 },
	{ "CLONE_NEWCGROUP", 0x02000000 }, { "CLONE_NEWTIME", 0x00000080 },
};

/* The CLONE_NEW* bits a syscall's flags can carry: in clone's flags 0x80
 * is part of the exit signal, so CLONE_NEWTIME is unshare's only. */
static uint64_t ns_bits_of(const char *syscall)
{
	if (!strcmp(syscall, "unshare"))
		return 0x7e020080;
	if (!strcmp(syscall, "clone"))
		return 0x7e020000;
	return 0;
}

/* Every bit at or below v's highest set bit. */
static uint64_t fill_below(uint64_t v)
{
	for (int shift = 1; shift < 64; shift <<= 1)
		v |= v >> shift;
	return v;
}

/* The bits of argument `arg` that a conjunction forces to zero. */
static uint64_t forced_zero(const struct ir_conj *cj, unsigned arg)
{
	uint64_t zero = 0;
	for (size_t i = 0; i < cj->nterms; i++) {
		const struct ir_cmp_term *t = &cj->terms[i];
		uint64_t v = t->low32 ? t->value & 0xffffffffu : t->value;
		if (t->arg != arg)
			continue;
		switch (t->op) {
		case IR_CMP_MASKED_EQ:
			zero |= t->mask & ~t->value;
			break;
		case IR_CMP_EQ:
			zero |= ~v;
			break;
		case IR_CMP_LE: /* a set bit b means arg >= 2^b > v */
			zero |= ~fill_below(v);
			break;
		case IR_CMP_LT:
			zero |= v ? ~fill_below(v - 1) : ~(uint64_t)0;
			break;
		default: /* != > >= leave every bit possible */
			break;
		}
	}
	return zero;
}

/* The first CLONE_NEW* flag a rule for `syscall` lets through, or NULL
 * when its condition keeps every one clear. An unconditional rule lets
 * CLONE_NEWUSER through. */
static const char *ns_flag_allowed(const struct ir_rule *r)
{
	uint64_t bits = ns_bits_of(r->syscall);
	if (!bits)
		return "";
	if (!r->cond.nconj)
		return ns_flags[0].name;
	for (size_t k = 0; k < r->cond.nconj; k++) {
		uint64_t open = bits & ~forced_zero(&r->cond.conj[k], 0);
		for (size_t f = 0; open && f < sizeof(ns_flags) / sizeof(ns_flags[0]); f++)
			if (open & ns_flags[f].bit)
				return ns_flags[f].name;
	}
	return NULL;
}

/* ---- socketcall on i386 ----
 * socketcall(call, args) passes the socket call's arguments in memory the
 * filter cannot read, so socket's family conditions do not hold for
 * socketcall(SYS_SOCKET). */

enum { SYS_SOCKET_CALL = 1 };

static bool term_holds(const struct ir_cmp_term *t, uint64_t x)
{
	uint64_t v = t->low32 ? t->value & 0xffffffffu : t->value;
	switch (t->op) {
	case IR_CMP_EQ: return x == v;
	case IR_CMP_NE: return x != v;
	case IR_CMP_LT: return x < v;
	case IR_CMP_LE: return x <= v;
	case IR_CMP_GT: return x > v;
	case IR_CMP_GE: return x >= v;
	case IR_CMP_MASKED_EQ: return (x & t->mask) == v;
	}
	return false;
}

enum admits { ADMITS_NO, ADMITS_MAYBE, ADMITS_ALWAYS };

/* Whether a rule's condition holds for socketcall(SYS_SOCKET, ...):
 * always, maybe (it also tests the args pointer), or never. */
static enum admits admits_sys_socket(const struct ir_rule *r)
{
	if (!r->cond.nconj)
		return ADMITS_ALWAYS;
	enum admits best = ADMITS_NO;
	for (size_t k = 0; k < r->cond.nconj; k++) {
		const struct ir_conj *cj = &r->cond.conj[k];
		enum admits here = ADMITS_ALWAYS;
		for (size_t i = 0; i < cj->nterms && here != ADMITS_NO; i++) {
			if (cj->terms[i].arg != 0)
				here = ADMITS_MAYBE;
			else if (!term_holds(&cj->terms[i], SYS_SOCKET_CALL))
				here = ADMITS_NO;
		}
		if (here > best)
			best = here;
	}
	return best;
}

/* Where socketcall(SYS_SOCKET) is let through: the rule that allows it
 * (the first whose condition can hold decides unless it is only maybe),
 * the default when none decides, or NULL when it is refused. */
static const struct ir_origin *sys_socket_allowed_at(const struct ir_syscalls *sc, const char **how)
{
	for (size_t j = 0; j < sc->nrules; j++) {
		const struct ir_rule *r = &sc->rules[j];
		if (strcmp(r->syscall, "socketcall"))
			continue;
		enum admits a = admits_sys_socket(r);
		if (a == ADMITS_NO)
			continue;
		if (r->act.action == IR_ACT_ALLOW || r->act.action == IR_ACT_LOG) {
			*how = r->cond.nconj ? "allows socketcall with a condition that admits SYS_SOCKET (1)"
					     : "allows socketcall";
			return &r->at;
		}
		if (a == ADMITS_ALWAYS)
			return NULL;
	}
	if (sc->default_action.action == IR_ACT_ALLOW || sc->default_action.action == IR_ACT_LOG) {
		*how = "the default allows socketcall";
		return &sc->default_at;
	}
	return NULL;
}

static void check_socketcall(struct fe_ctx *c)
{
	const struct ir_syscalls *sc = &c->ir->syscalls;
	if (!(sc->arches & (1u << IR_ARCH_X86)))
		return;
	const struct ir_rule *checked = NULL;
	for (size_t j = 0; j < sc->nrules && !checked; j++)
		if (!strcmp(sc->rules[j].syscall, "socket") && sc->rules[j].cond.nconj)
			checked = &sc->rules[j];
	if (!checked)
		return;
	const char *how = NULL;
	const struct ir_origin *at = sys_socket_allowed_at(sc, &how);
	if (!at)
		return;
	diag_warning(c->d, at_of(at),
		     "%s on x86, while socket has argument conditions: socketcall(SYS_SOCKET) passes "
		     "the family in memory the filter cannot read, so it bypasses them "
		     "(write 'allow socketcall if call != 1')",
		     how);
	diag_note(c->d, at_of(&checked->at), "the socket rule it bypasses is here");
}

static void check_syscalls(struct fe_ctx *c)
{
	const struct ir_syscalls *sc = &c->ir->syscalls;
	if (!sc->set) {
		diag_warning(c->d, top_file(c), "no syscalls section: every system call is allowed");
		return;
	}
	if (sc->default_action.action == IR_ACT_ALLOW)
		diag_warning(c->d, at_of(&sc->default_at),
			     "'default allow': every syscall not named is allowed");
	for (size_t i = 0; i < sizeof(risky_calls) / sizeof(risky_calls[0]); i++) {
		for (size_t j = 0; j < sc->nrules; j++) {
			const struct ir_rule *r = &sc->rules[j];
			if (r->act.action != IR_ACT_ALLOW || strcmp(r->syscall, risky_calls[i].name))
				continue;
			const char *ns_flag = ns_flag_allowed(r);
			if (!ns_flag) /* its condition keeps every CLONE_NEW* flag clear */
				continue;
			char cond_says[80] = "";
			if (r->cond.nconj)
				snprintf(cond_says, sizeof(cond_says), *ns_flag ? " (its condition admits %s)"
									 : " (with a condition)",
					 ns_flag);
			diag_warning(c->d, at_of(&r->at), "allows %s%s%s%s: %s", r->syscall, cond_says,
				     r->via_group ? " through " : "", r->via_group ? r->via_group : "",
				     risky_calls[i].why);
			break;
		}
	}
	check_socketcall(c);
	if (sc->default_action.action == IR_ACT_ALLOW)
		return;
	for (size_t j = 0; j < sc->nrules; j++)
		if (!strcmp(sc->rules[j].syscall, "ioctl") && sc->rules[j].act.action == IR_ACT_ALLOW &&
		    !sc->rules[j].cond.nconj) {
			diag_warning(c->d, at_of(&sc->rules[j].at),
				     "allows every ioctl, TIOCSTI included: a process can type into the caller's terminal");
			break;
		}
}

static void check_namespaces(struct fe_ctx *c)
{
	static const char *const why[IR_NS_COUNT] = {
		[IR_NS_USER] = "root inside is root on the host",
		[IR_NS_MOUNT] = "the container sees and changes the host's mounts",
		[IR_NS_PID] = "the container sees and signals the host's processes",
		[IR_NS_NET] = "the container uses the host's network, abstract sockets included",
		[IR_NS_UTS] = "the container can change the host's hostname",
		[IR_NS_IPC] = "the container shares System V IPC with the host",
		[IR_NS_CGROUP] = "the container sees the host's cgroup tree",
		[IR_NS_TIME] = "the container shares the host's clocks (harmless for most services)",
	};
	for (int k = 0; k < IR_NS_COUNT; k++) {
		const struct ir_ns *ns = &c->ir->namespaces.ns[k];
		if (ns->mode != IR_NS_SHARE || k == IR_NS_TIME)
			continue;
		struct diag_loc at = ns->at.file ? at_of(&ns->at) : top_file(c);
		diag_warning(c->d, at, "shares the host's %s namespace: %s", ir_ns_name(k), why[k]);
	}
	for (size_t i = 0; i < c->ir->namespaces.nuid_map; i++) {
		const struct ir_idmap *m = &c->ir->namespaces.uid_map[i];
		if (m->inside == 0 && m->count > 0 && m->outside == 0)
			diag_warning(c->d, at_of(&m->at), "uid 0 inside maps to the host's root");
	}
}

/* A host source, judged by host_paths.h as audit judges it. The root is
 * judged apart: `root / readonly` is the ordinary host view. */
static void check_source(struct fe_ctx *c, const struct ir_mount *m)
{
	struct diag_loc at = at_of(&m->at);
	const char *rw = m->flags & IR_MNT_RW ? " writable" : "";
	if (host_path_magic(m->source))
		diag_warning(c->d, at, "binds %s: a kernel magic link to what that process holds "
			     "(the host's / for /proc/self/root), not a path; enforce refuses it",
			     m->source);
	else if (host_path_runtime_socket(m->source))
		diag_warning(c->d, at, "binds the host's %s%s: a container runtime's socket, a "
			     "privileged container is one request away", m->source, rw);
	else if (m->kind == IR_MOUNT_BIND && host_path_sensitive(m->source) &&
		 !(!strcmp(m->source, "/") && *rw)) /* that one is warned above */
		diag_warning(c->d, at, "binds the host's %s%s", m->source, rw);
	const struct ir_mount *outer = host_path_inside_rw(&c->ir->filesystem, m);
	if (outer)
		diag_warning(c->d, at, "source %s lies inside %s, bound writable at %s: the container "
			     "can replace it by a symlink for the next run%s", m->source, outer->source,
			     outer->target, m->flags & IR_MNT_FOLLOW ? ", and `follow` would follow it" : "");
}

/* An overlay's layers are host paths too: one inside a writable bind can
 * be swapped for a symlink between runs (enforce then refuses it, unless
 * `follow`; FINDINGS.md 3). */
static void check_layers(struct fe_ctx *c, const struct ir_mount *m)
{
	const char *layers[3] = { m->lower, m->upper, m->work };
	for (size_t k = 0; k < 3; k++) {
		const char *p = layers[k];
		while (p && *p) {
			char path[4096];
			size_t len = strcspn(p, ":");
			snprintf(path, sizeof(path), "%.*s", (int)len, p);
			p += len + (p[len] == ':');
			const struct ir_mount *outer = host_path_under_rw(&c->ir->filesystem, m, path);
			if (outer)
				diag_warning(c->d, at_of(&m->at), "overlay layer %s lies inside %s, bound "
					     "writable at %s: the container can replace it by a symlink "
					     "for the next run%s", path, outer->source, outer->target,
					     m->flags & IR_MNT_FOLLOW ? ", and `follow` would follow it" : "");
		}
	}
}

static void check_filesystem(struct fe_ctx *c)
{
	bool root = false;
	for (size_t i = 0; i < c->ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &c->ir->filesystem.mounts[i];
		if (m->kind == IR_MOUNT_PROC && c->ir->namespaces.ns[IR_NS_PID].mode != IR_NS_UNSHARE)
			diag_warning(c->d, at_of(&m->at),
				     "proc without 'unshare pid' shows the host's processes");
		if (!strcmp(m->target, "/") && (m->kind == IR_MOUNT_ROOT || m->kind == IR_MOUNT_OVERLAY))
			root = true;
		if (m->kind == IR_MOUNT_OVERLAY)
			check_layers(c, m);
		if (m->kind != IR_MOUNT_BIND && m->kind != IR_MOUNT_ROOT)
			continue;
		if (!strcmp(m->source, "/") && (m->flags & IR_MNT_RW))
			diag_warning(c->d, at_of(&m->at), "writable view of the host's whole file system");
		check_source(c, m);
	}
	if (!root && c->ir->namespaces.ns[IR_NS_MOUNT].mode == IR_NS_UNSHARE)
		diag_warning(c->d, top_file(c),
			     "no 'root': the container sees the host's file system");
}

static void check_process(struct fe_ctx *c)
{
	const struct pol_ir *ir = c->ir;
	if (!ir->process.no_new_privs)
		diag_warning(c->d, at_of(&ir->process.no_new_privs_at),
			     "no_new_privs off: setuid programs can gain privilege");
	if (ir->process.terminal_inherit)
		diag_warning(c->d, at_of(&ir->process.terminal_at),
			     "terminal inherit: the caller's terminal is an fd inside; TIOCSETD, "
			     "TIOCEXCL and termios changes outlive the run (for debugging only)");
	if ((!ir->process.user_set || ir->process.uid == 0) &&
	    ir->namespaces.ns[IR_NS_USER].mode != IR_NS_UNSHARE)
		diag_warning(c->d, ir->process.user_set ? at_of(&ir->process.user_at) : top_file(c),
			     "runs as uid 0 without a user namespace: root in the container is root on the host");
	bool pids = false;
	for (size_t i = 0; i < ir->cgroup.nlimits; i++)
		pids |= ir->cgroup.limits[i].key == IR_CG_PIDS_MAX &&
			ir->cgroup.limits[i].num != IR_CG_UNLIMITED;
	if (!pids)
		diag_warning(c->d, ir->cgroup.set ? at_of(&ir->cgroup.at) : top_file(c),
			     "no pids.max: nothing stops a fork bomb");
}

void fe_check_risks(struct fe_ctx *c)
{
	check_process(c);
	check_namespaces(c);
	check_filesystem(c);
	check_caps(c);
	check_syscalls(c);
	fe_network_risks(c);
}
