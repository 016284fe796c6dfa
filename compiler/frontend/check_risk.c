/* Checks on the effective policy once every file is applied: errors for
 * settings that cannot work together, and (for `polc check`) warnings that
 * name a risk: a dangerous capability kept, a dangerous syscall allowed, a
 * host namespace shared, a gap the policy leaves open. */
#include "frontend/fe.h"

#include <ctype.h>
#include <string.h>

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
		for (; risky_caps[i].name[j] && j < sizeof(upper) - 1; j++)
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
	{ "io_uring_setup", "io_uring bypasses seccomp for the operations it performs" },
	{ "reboot", "reboots the host" },
	{ "swapon", "changes the host's swap" },
	{ "acct", "process accounting is not namespaced" },
};

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
			diag_warning(c->d, at_of(&r->at), "allows %s%s%s%s: %s", r->syscall,
				     r->cond.nconj ? " (with a condition)" : "",
				     r->via_group ? " through " : "", r->via_group ? r->via_group : "",
				     risky_calls[i].why);
			break;
		}
	}
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
		if (m->inside <= 0 && 0 < m->inside + m->count && m->outside == 0)
			diag_warning(c->d, at_of(&m->at), "uid 0 inside maps to the host's root");
	}
}

static void check_filesystem(struct fe_ctx *c)
{
	static const char *const host_control[] = {
		"/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock",
		"/proc", "/sys", "/dev", "/var/run", "/run", "/etc", "/boot", "/lib/modules",
	};
	bool root = false;
	for (size_t i = 0; i < c->ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &c->ir->filesystem.mounts[i];
		if (m->kind == IR_MOUNT_PROC && c->ir->namespaces.ns[IR_NS_PID].mode != IR_NS_UNSHARE)
			diag_warning(c->d, at_of(&m->at),
				     "proc without 'unshare pid' shows the host's processes");
		if (!strcmp(m->target, "/") && (m->kind == IR_MOUNT_ROOT || m->kind == IR_MOUNT_OVERLAY))
			root = true;
		if (m->kind != IR_MOUNT_BIND && m->kind != IR_MOUNT_ROOT)
			continue;
		if (!strcmp(m->source, "/") && (m->flags & IR_MNT_RW))
			diag_warning(c->d, at_of(&m->at), "writable view of the host's whole file system");
		for (size_t j = 0; j < sizeof(host_control) / sizeof(host_control[0]); j++)
			if (!strcmp(m->source, host_control[j]))
				diag_warning(c->d, at_of(&m->at), "binds the host's %s%s", m->source,
					     m->flags & IR_MNT_RW ? " writable" : "");
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
}
