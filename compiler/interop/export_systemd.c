/* The policy as the sandboxing directives of a systemd service unit
 * ([Service] section; PrivatePIDs= and ProtectControlGroups=private need
 * systemd 257). Where systemd has no directive for a setting, a comment
 * says what is missing, so a reviewer sees the gap in the unit itself.
 *
 * Syscalls: a filter whose default refuses becomes an allow list
 * (SystemCallFilter=) with SystemCallErrorNumber= for an errno default;
 * one whose default allows becomes a deny list (SystemCallFilter=~...,
 * per-syscall errno as NAME:ERRNO). Argument conditions have two
 * equivalents: `socket if domain in {...}` (or `!=` each) is
 * RestrictAddressFamilies=, and clone/unshare without CLONE_NEW* flags is
 * RestrictNamespaces=yes. Any other conditional rule is said in a comment
 * and a warning (see put_allow_list for which way it errs). */
#include "interop/export.h"

#include <stdlib.h>
#include <string.h>

#include "interop/import.h"
#include "interop/systemd_versions.h"
#include "vocab/vocab.h"

#define CLONE_NEW_ALL 0x7e020000ull /* NEWNS CGROUP UTS IPC USER PID NET */

static const char *const systemd_arch[IR_ARCH_COUNT] = {
	[IR_ARCH_X86_64] = "x86-64", [IR_ARCH_X86] = "x86", [IR_ARCH_X32] = "x32",
	[IR_ARCH_AARCH64] = "arm64", [IR_ARCH_ARM] = "arm", [IR_ARCH_RISCV64] = "riscv64",
	[IR_ARCH_PPC64LE] = "ppc64-le", [IR_ARCH_S390X] = "s390x",
};

static const struct { unsigned value; const char *name; } families[] = {
	{ 1, "AF_UNIX" }, { 2, "AF_INET" }, { 10, "AF_INET6" }, { 16, "AF_NETLINK" },
	{ 17, "AF_PACKET" }, { 4, "AF_IPX" }, { 5, "AF_APPLETALK" }, { 31, "AF_BLUETOOTH" },
	{ 38, "AF_ALG" }, { 40, "AF_VSOCK" }, { 44, "AF_XDP" }, { 3, "AF_AX25" },
};

static const char *family_name(uint64_t v)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].value == v)
			return families[i].name;
	return NULL;
}

/* ---- process, namespaces, mounts, cgroup ------------------------------ */

/* One ExecStart= word: as is when plain, else in double quotes with
 * systemd's C-style escapes; '%' and '$' doubled so systemd expands
 * neither specifiers nor variables in it. */
static void put_exec_word(FILE *out, const char *w)
{
	bool plain = *w != '\0' && strcmp(w, ";") != 0;
	for (const char *c = w; *c && plain; c++)
		plain = !strchr(" \t\n\"'\\%$", *c);
	if (plain) {
		fputs(w, out);
		return;
	}
	fputc('"', out);
	for (const char *c = w; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c == '\n')
			fputs("\\n", out);
		else if (*c == '%' || *c == '$')
			fprintf(out, "%c%c", *c, *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

static void put_process(struct export_ctx *x, FILE *out)
{
	const struct ir_process *p = &x->ir->process;
	if (x->ncommand) {
		fputs("ExecStart=", out);
		for (size_t i = 0; i < x->ncommand; i++) {
			fputs(i ? " " : "", out);
			put_exec_word(out, x->command[i]);
		}
		fputc('\n', out);
	}
	/* the service speaks sd_notify itself there; the socket comes from a
	 * .socket unit of the same name (the network section's comments) */
	if (p->notify_relay)
		fputs("Type=notify\nNotifyAccess=main\n", out);
	if (p->listen_fds_pass)
		fputs("# listen_fds pass: the sockets come from a .socket unit of this name\n", out);
	if (p->user_set)
		fprintf(out, "User=%u\nGroup=%u\n", p->uid, p->gid);
	export_warn_user_name(x);
	if (p->ngroups) {
		fputs("SupplementaryGroups=", out);
		for (size_t i = 0; i < p->ngroups; i++)
			fprintf(out, "%s%u", i ? " " : "", p->groups[i]);
		fputc('\n', out);
	}
	if (p->cwd)
		fprintf(out, "WorkingDirectory=%s\n", p->cwd);
	for (size_t i = 0; i < p->nenv; i++) {
		if (p->env[i].value)
			fprintf(out, "Environment=\"%s=%s\"\n", p->env[i].name, p->env[i].value);
		else
			fprintf(out, "PassEnvironment=%s\n", p->env[i].name);
	}
	if (p->umask_set)
		fprintf(out, "UMask=%04o\n", p->umask);
	for (int r = 0; r < IR_RLIMIT_COUNT; r++) {
		const char *name = vocab_rlimit_name(r);
		if (!p->rlimits[r].set || !name)
			continue;
		fputs("Limit", out);
		for (const char *c = name; *c; c++)
			fputc(*c >= 'a' && *c <= 'z' ? *c - 32 : *c, out);
		if (p->rlimits[r].soft == IR_RLIM_INFINITY)
			fputs("=infinity", out);
		else
			fprintf(out, "=%llu", (unsigned long long)p->rlimits[r].soft);
		if (p->rlimits[r].hard == IR_RLIM_INFINITY)
			fputs(":infinity\n", out);
		else
			fprintf(out, ":%llu\n", (unsigned long long)p->rlimits[r].hard);
	}
	fprintf(out, "NoNewPrivileges=%s\n", p->no_new_privs ? "yes" : "no");
	if (p->hostname)
		fprintf(out, "# hostname %s: systemd sets no hostname for a service\n", p->hostname);
}

static void put_caps(const struct pol_ir *ir, FILE *out)
{
	char buf[64];
	fputs("CapabilityBoundingSet=", out);
	for (int c = 0, n = 0; c < 64; c++)
		if (ir->caps.keep & (1ull << c))
			fprintf(out, "%s%s", n++ ? " " : "", export_cap_name(c, buf, sizeof(buf)));
	fputc('\n', out);
	if (ir->caps.ambient) {
		fputs("AmbientCapabilities=", out);
		for (int c = 0, n = 0; c < 64; c++)
			if (ir->caps.ambient & (1ull << c))
				fprintf(out, "%s%s", n++ ? " " : "", export_cap_name(c, buf, sizeof(buf)));
		fputc('\n', out);
	}
}

bool export_systemd_has(struct export_ctx *x, const char *directive, const char *lost)
{
	unsigned since = systemd_directive_since(directive);
	if (!x->systemd_version || since <= x->systemd_version)
		return true;
	export_warn(x, "%s needs systemd %u, not written for %u: %s", directive, since, x->systemd_version, lost);
	return false;
}

/* The directive that unshares a namespace kind, the table's key for it,
 * and what a systemd without it does not do. */
static const struct {
	const char *line, *key, *lost;
} unshare_directive[IR_NS_COUNT] = {
	[IR_NS_USER] = { "PrivateUsers=yes", "PrivateUsers", "" },
	[IR_NS_MOUNT] = { "PrivateMounts=yes", "PrivateMounts", "" },
	[IR_NS_PID] = { "PrivatePIDs=yes", "PrivatePIDs", "the service sees and signals the host's processes (no pid namespace)" },
	[IR_NS_NET] = { "PrivateNetwork=yes", "PrivateNetwork", "" },
	[IR_NS_UTS] = { "ProtectHostname=yes", "ProtectHostname", "" },
	[IR_NS_IPC] = { "PrivateIPC=yes", "PrivateIPC", "the service shares the host's System V IPC and message queues" },
	[IR_NS_CGROUP] = { "ProtectControlGroups=private", "ProtectControlGroups=private",
			   "no cgroup namespace: the service sees the host's cgroup tree (read-only: ProtectControlGroups=yes)" },
};

static void put_namespaces(struct export_ctx *x, FILE *out)
{
	const struct ir_ns *ns = x->ir->namespaces.ns;
	for (int k = 0; k < IR_NS_COUNT; k++) {
		if (ns[k].mode == IR_NS_UNSHARE && unshare_directive[k].line &&
		    export_systemd_has(x, unshare_directive[k].key, unshare_directive[k].lost))
			fprintf(out, "%s\n", unshare_directive[k].line);
		else if (ns[k].mode == IR_NS_UNSHARE && k == IR_NS_CGROUP)
			fputs("ProtectControlGroups=yes\n", out); /* 232 and newer: what an older one can do */
		else if (ns[k].mode == IR_NS_UNSHARE && unshare_directive[k].line)
			fprintf(out, "# unshare %s: %s needs systemd %u\n", ir_ns_name((enum ir_ns_kind)k),
				unshare_directive[k].key, systemd_directive_since(unshare_directive[k].key));
		else if (ns[k].mode == IR_NS_UNSHARE)
			fprintf(out, "# unshare %s: systemd has no directive for it\n", ir_ns_name((enum ir_ns_kind)k));
		else if (ns[k].mode == IR_NS_JOIN && k == IR_NS_NET)
			fprintf(out, "NetworkNamespacePath=%s\n", ns[k].join_path);
		else if (ns[k].mode == IR_NS_JOIN && k == IR_NS_IPC &&
			 export_systemd_has(x, "IPCNamespacePath", "the service stays in the host's IPC namespace"))
			fprintf(out, "IPCNamespacePath=%s\n", ns[k].join_path);
		else if (ns[k].mode == IR_NS_JOIN)
			fprintf(out, "# join %s %s: systemd cannot join it\n", ir_ns_name((enum ir_ns_kind)k),
				ns[k].join_path);
	}
	if (x->ir->namespaces.nuid_map)
		fputs("# uid_map/gid_map: PrivateUsers= maps only root and the service's user\n", out);
}

static void put_list(FILE *out, const char *directive, const struct pol_ir *ir, enum ir_mount_kind kind,
		     const char *prefix)
{
	int n = 0;
	for (size_t i = 0; i < ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &ir->filesystem.mounts[i];
		if (m->kind != kind)
			continue;
		fprintf(out, "%s%s%s", n++ ? " " : directive, prefix, m->target);
	}
	if (n)
		fputc('\n', out);
}

static void put_mount(struct export_ctx *x, const struct ir_mount *m, FILE *out)
{
	switch (m->kind) {
	case IR_MOUNT_ROOT:
		if (strcmp(m->source, "/"))
			fprintf(out, "RootDirectory=%s\n", m->source);
		if (!(m->flags & IR_MNT_RW))
			fputs("ReadOnlyPaths=/\n", out);
		break;
	case IR_MOUNT_BIND:
		fprintf(out, "%s=%s%s%s%s\n", m->flags & IR_MNT_RW ? "BindPaths" : "BindReadOnlyPaths",
			m->source, strcmp(m->source, m->target) || !(m->flags & IR_MNT_RECURSIVE) ? ":" : "",
			strcmp(m->source, m->target) || !(m->flags & IR_MNT_RECURSIVE) ? m->target : "",
			m->flags & IR_MNT_RECURSIVE ? "" : ":norbind");
		if (m->flags & IR_MNT_IDMAP)
			export_warn(x, "filesystem: bind %s: idmap: BindPaths= has no idmap; the unit's "
				    "PrivateUsers= shifts the owner as its own map does", m->target);
		if ((m->flags & IR_MNT_NOEXEC) && export_systemd_has(x, "NoExecPaths", "programs under the bind may be run"))
			fprintf(out, "NoExecPaths=%s\n", m->target);
		break;
	case IR_MOUNT_TMPFS:
		fprintf(out, "TemporaryFileSystem=%s:%s%s%s", m->target,
			m->flags & IR_MNT_NOSUID ? "nosuid," : "", m->flags & IR_MNT_NODEV ? "nodev," : "",
			m->flags & IR_MNT_NOEXEC ? "noexec," : "");
		if (m->flags & IR_MNT_HAS_SIZE)
			fprintf(out, "size=%llu,", (unsigned long long)m->size);
		fprintf(out, "mode=%04o\n", m->flags & IR_MNT_HAS_MODE ? m->mode : 01777);
		break;
	case IR_MOUNT_PROC: fputs("MountAPIVFS=yes\nProtectProc=default\n", out); break;
	case IR_MOUNT_SYSFS: fputs("ProtectKernelTunables=yes\n", out); break;
	case IR_MOUNT_DEV: fputs("PrivateDevices=yes\n", out); break;
	case IR_MOUNT_MQUEUE: fputs("# mqueue: PrivateIPC= brings its own message queues\n", out); break;
	case IR_MOUNT_OVERLAY:
		fprintf(out, "# overlay %s (lower %s): systemd mounts no overlay for a service; "
			"assemble it beforehand\n", m->target, m->lower);
		break;
	case IR_MOUNT_SYMLINK:
		fprintf(out, "# symlink %s -> %s: create it in the root\n", m->target, m->source);
		break;
	case IR_MOUNT_MASK:
	case IR_MOUNT_READONLY:
	case IR_MOUNT_KIND_COUNT:
		break;
	}
}

static void put_filesystem(struct export_ctx *x, FILE *out)
{
	const struct pol_ir *ir = x->ir;
	for (size_t i = 0; i < ir->filesystem.nmounts; i++)
		put_mount(x, &ir->filesystem.mounts[i], out);
	/* '-': a path missing on this host is not an error, as in enforce */
	put_list(out, "InaccessiblePaths=", ir, IR_MOUNT_MASK, "-");
	put_list(out, "ReadOnlyPaths=", ir, IR_MOUNT_READONLY, "-");
}

static void put_cg_value(FILE *out, const char *directive, uint64_t v)
{
	if (v == IR_CG_UNLIMITED)
		fprintf(out, "%s=infinity\n", directive);
	else
		fprintf(out, "%s=%llu\n", directive, (unsigned long long)v);
}

static void put_cgroup(const struct pol_ir *ir, FILE *out)
{
	for (size_t i = 0; i < ir->cgroup.nlimits; i++) {
		const struct ir_cg_limit *l = &ir->cgroup.limits[i];
		switch (l->key) {
		case IR_CG_MEMORY_MAX: put_cg_value(out, "MemoryMax", l->num); break;
		case IR_CG_MEMORY_HIGH: put_cg_value(out, "MemoryHigh", l->num); break;
		case IR_CG_MEMORY_SWAP_MAX: put_cg_value(out, "MemorySwapMax", l->num); break;
		case IR_CG_PIDS_MAX: put_cg_value(out, "TasksMax", l->num); break;
		case IR_CG_CPU_MAX:
			if (l->num == IR_CG_UNLIMITED || !l->num2)
				fputs("CPUQuota=\n", out);
			else
				fprintf(out, "CPUQuota=%llu%%\nCPUQuotaPeriodSec=%llums\n",
					(unsigned long long)(l->num * 100 / l->num2),
					(unsigned long long)(l->num2 / 1000));
			break;
		case IR_CG_CPU_WEIGHT: fprintf(out, "CPUWeight=%llu\n", (unsigned long long)l->num); break;
		case IR_CG_CPUSET_CPUS: fprintf(out, "AllowedCPUs=%s\n", l->text); break;
		case IR_CG_CPUSET_MEMS: fprintf(out, "AllowedMemoryNodes=%s\n", l->text); break;
		case IR_CG_IO_WEIGHT: fprintf(out, "IOWeight=%llu\n", (unsigned long long)l->num); break;
		case IR_CG_IO_MAX:
			fprintf(out, "# io.max %s: use IOReadBandwidthMax=/IOWriteBandwidthMax= with the "
				"device's path\n", l->text);
			break;
		case IR_CG_KEY_COUNT: break;
		}
	}
	if (ir->cgroup.devices_set) {
		fputs("DevicePolicy=closed\n", out);
		for (size_t i = 0; i < ir->cgroup.ndevices; i++) {
			const struct ir_dev_rule *d = &ir->cgroup.devices[i];
			if (!d->allow)
				continue;
			fprintf(out, "# devices: allow %c ", d->type);
			if (d->major == IR_DEV_ANY) fputs("*:", out); else fprintf(out, "%u:", d->major);
			if (d->minor == IR_DEV_ANY) fputs("*", out); else fprintf(out, "%u", d->minor);
			fputs(": give DeviceAllow= the device node's path\n", out);
		}
	}
}

static void put_lsm(const struct pol_ir *ir, FILE *out)
{
	const struct ir_lsm *l = &ir->lsm;
	if (l->apparmor.name)
		fprintf(out, "AppArmorProfile=%s%s\n", l->apparmor.optional ? "-" : "", l->apparmor.name);
	if (l->selinux.name)
		fprintf(out, "SELinuxContext=%s%s\n", l->selinux.optional ? "-" : "", l->selinux.name);
	if (l->landlock.set)
		fputs("# landlock: systemd has no Landlock directive; the rules are not applied\n", out);
}

/* ---- syscalls --------------------------------------------------------- */

/* `socket if domain in { AF_... }` (arg 0 == v, OR-ed), with every value a
 * family systemd knows: RestrictAddressFamilies=. */
static bool is_families(const struct ir_rule *r)
{
	if (strcmp(r->syscall, "socket") || r->act.action != IR_ACT_ALLOW || !r->cond.nconj)
		return false;
	for (size_t i = 0; i < r->cond.nconj; i++) {
		const struct ir_conj *k = &r->cond.conj[i];
		if (k->nterms != 1 || k->terms[0].arg != 0 || k->terms[0].op != IR_CMP_EQ ||
		    !family_name(k->terms[0].value))
			return false;
	}
	return true;
}

static void put_families(const struct ir_rule *r, FILE *out)
{
	fputs("RestrictAddressFamilies=", out);
	for (size_t i = 0; i < r->cond.nconj; i++)
		fprintf(out, "%s%s", i ? " " : "", family_name(r->cond.conj[i].terms[0].value));
	fputc('\n', out);
}

/* `clone|unshare if flags & M == 0` with M covering every CLONE_NEW* flag. */
static bool is_no_namespaces(const struct ir_rule *r)
{
	if ((strcmp(r->syscall, "clone") && strcmp(r->syscall, "unshare")) ||
	    r->act.action != IR_ACT_ALLOW || r->cond.nconj != 1 || r->cond.conj[0].nterms != 1)
		return false;
	const struct ir_cmp_term *t = &r->cond.conj[0].terms[0];
	return t->arg == 0 && t->op == IR_CMP_MASKED_EQ && t->value == 0 &&
	       (t->mask & CLONE_NEW_ALL) == CLONE_NEW_ALL;
}

static void put_errno_name(FILE *out, uint16_t value)
{
	const char *n = vocab_errno_name(value);
	if (n)
		fputs(n, out);
	else
		fprintf(out, "%u", value);
}

static bool same_action(const struct ir_action_spec *a, const struct ir_action_spec *b)
{
	return a->action == b->action && (a->action != IR_ACT_ERRNO || a->errno_value == b->errno_value);
}

static void put_rule_comment(FILE *out, const struct ir_rule *r, const char *what)
{
	fprintf(out, "# %s", ir_action_name(r->act.action));
	if (r->act.action == IR_ACT_ERRNO) {
		fputc(' ', out);
		put_errno_name(out, r->act.errno_value);
	}
	fprintf(out, " %s", r->syscall);
	if (r->cond.nconj) {
		fputs(" if ", out);
		import_put_cond(out, r->syscall, &r->cond);
	}
	fprintf(out, ": %s\n", what);
}

/* Whether the target's systemd resolves the syscall name (through its
 * libseccomp: systemd_versions.c); if not, one warning saying what the
 * unit does instead of what the policy says. */
static bool name_known(struct export_ctx *x, const struct ir_rule *r, const char *instead)
{
	unsigned since = x->systemd_version ? systemd_syscall_since(r->syscall) : SYSTEMD_OLDEST;
	if (!x->systemd_version || (since != SYSTEMD_NEVER && since <= x->systemd_version))
		return true;
	char when[32] = "no systemd yet";
	if (since != SYSTEMD_NEVER)
		snprintf(when, sizeof(when), "systemd %u", since);
	export_warn(x, "syscalls: %s %s: systemd %u does not know the name (needs %s, %s): not written, %s",
		    ir_action_name(r->act.action), r->syscall, x->systemd_version, when, systemd_syscall_needs(r->syscall),
		    instead);
	return false;
}

/* Words on lines "DIRECTIVE=a b c", wrapped near 78 columns. */
struct wrapped {
	FILE *out;
	const char *head;
	int col;
};

static void wrapped_add(struct wrapped *w, const char *word)
{
	if (w->col && w->col + 1 + (int)strlen(word) > 78) {
		fputc('\n', w->out);
		w->col = 0;
	}
	if (!w->col)
		w->col = fprintf(w->out, "%s%s", w->head, word);
	else
		w->col += fprintf(w->out, " %s", word);
}

static void wrapped_end(struct wrapped *w)
{
	if (w->col)
		fputc('\n', w->out);
	w->col = 0;
}

/* `socket if domain != A and domain != B` with known families:
 * RestrictAddressFamilies=~A B. */
static bool is_families_denied(const struct ir_rule *r)
{
	if (strcmp(r->syscall, "socket") || r->act.action != IR_ACT_ALLOW || r->cond.nconj != 1)
		return false;
	const struct ir_conj *k = &r->cond.conj[0];
	for (size_t i = 0; i < k->nterms; i++)
		if (k->terms[i].arg != 0 || k->terms[i].op != IR_CMP_NE || !family_name(k->terms[i].value))
			return false;
	return k->nterms > 0;
}

static void put_families_denied(const struct ir_rule *r, FILE *out)
{
	const struct ir_conj *k = &r->cond.conj[0];
	fputs("RestrictAddressFamilies=~", out);
	for (size_t i = 0; i < k->nterms; i++)
		fprintf(out, "%s%s", i ? " " : "", family_name(k->terms[i].value));
	fputc('\n', out);
}

/* Allow-list mode: the default refuses. Conditional allow rules without a
 * systemd equivalent go into the list without their condition (looser,
 * said in a comment and a warning): leaving ioctl or personality out would
 * kill nearly every program. Rules that refuse with another action than
 * the default cannot be said in an allow list (systemd takes no errno
 * there); they are listed in one comment per action. */
static void put_allow_list(struct export_ctx *x, FILE *out)
{
	const struct ir_syscalls *s = &x->ir->syscalls;
	struct wrapped list = { out, "SystemCallFilter=", 0 };
	bool restrict_ns = false;
	for (size_t i = 0; i < s->nrules; i++) {
		const struct ir_rule *r = &s->rules[i];
		if (r->act.action != IR_ACT_ALLOW)
			continue;
		restrict_ns |= is_no_namespaces(r);
		if (name_known(x, r, "the unit refuses it"))
			wrapped_add(&list, r->syscall);
	}
	wrapped_end(&list);
	if (s->default_action.action == IR_ACT_ERRNO) {
		fputs("SystemCallErrorNumber=", out);
		put_errno_name(out, s->default_action.errno_value);
		fputc('\n', out);
	} else if (s->default_action.action == IR_ACT_LOG || s->default_action.action == IR_ACT_TRAP) {
		fprintf(out, "# default %s: systemd kills instead\n", ir_action_name(s->default_action.action));
	}
	if (restrict_ns)
		fputs("RestrictNamespaces=yes\n", out);
	for (size_t i = 0; i < s->nrules; i++) {
		const struct ir_rule *r = &s->rules[i];
		if (r->act.action != IR_ACT_ALLOW || !r->cond.nconj || is_no_namespaces(r))
			continue;
		if (is_families(r)) {
			put_families(r, out);
		} else if (is_families_denied(r)) {
			put_families_denied(r, out);
		} else {
			put_rule_comment(out, r, "no systemd equivalent; allowed here without the condition");
			export_warn(x, "%s: its argument condition has no systemd equivalent; the unit allows "
				    "it unconditionally", r->syscall);
		}
	}
	bool *done = calloc(s->nrules ? s->nrules : 1, sizeof(*done));
	for (size_t i = 0; done && i < s->nrules; i++) {
		const struct ir_rule *r = &s->rules[i];
		if (done[i] || r->act.action == IR_ACT_ALLOW || same_action(&r->act, &s->default_action))
			continue;
		fprintf(out, "# the policy answers %s", r->act.action == IR_ACT_ERRNO ? "errno " :
			ir_action_name(r->act.action));
		if (r->act.action == IR_ACT_ERRNO)
			put_errno_name(out, r->act.errno_value);
		fputs(" (systemd: the default action) to:\n", out);
		struct wrapped names = { out, "#  ", 0 };
		for (size_t j = i; j < s->nrules; j++) {
			if (done[j] || s->rules[j].act.action == IR_ACT_ALLOW ||
			    !same_action(&s->rules[j].act, &r->act))
				continue;
			done[j] = true;
			char word[128];
			snprintf(word, sizeof(word), "%s%s", s->rules[j].syscall,
				 s->rules[j].cond.nconj ? "(if ...)" : "");
			wrapped_add(&names, word);
		}
		wrapped_end(&names);
	}
	free(done);
}

/* Deny-list mode: the default allows. */
static void put_deny_list(struct export_ctx *x, FILE *out)
{
	const struct ir_syscalls *s = &x->ir->syscalls;
	for (size_t i = 0; i < s->nrules; i++) {
		const struct ir_rule *r = &s->rules[i];
		if (r->act.action == IR_ACT_ALLOW)
			continue;
		if (r->cond.nconj) {
			put_rule_comment(out, r, "no systemd equivalent; not refused");
			continue;
		}
		if (!name_known(x, r, "the unit does not refuse it"))
			continue;
		fprintf(out, "SystemCallFilter=~%s", r->syscall);
		if (r->act.action == IR_ACT_ERRNO) {
			fputc(':', out);
			put_errno_name(out, r->act.errno_value);
		}
		fputc('\n', out);
	}
}

static void put_syscalls(struct export_ctx *x, FILE *out)
{
	const struct ir_syscalls *s = &x->ir->syscalls;
	if (!s->set)
		return;
	fputs("SystemCallArchitectures=", out);
	for (int a = 0, n = 0; a < IR_ARCH_COUNT; a++)
		if (s->arches & (1u << a))
			fprintf(out, "%s%s", n++ ? " " : "", systemd_arch[a]);
	fputc('\n', out);
	if (s->default_action.action == IR_ACT_ALLOW)
		put_deny_list(x, out);
	else
		put_allow_list(x, out);
}

int export_systemd(struct export_ctx *x, FILE *out, struct err *e)
{
	const struct pol_ir *ir = x->ir;
	fprintf(out, "# Generated by `polc export systemd` from policy %s: sandboxing\n", ir->name ? ir->name : "(unnamed)");
	if (x->systemd_version)
		fprintf(out, "# directives for a unit's [Service] section, for systemd %u.\n[Service]\n", x->systemd_version);
	else
		fputs("# directives for a unit's [Service] section (systemd 257 or newer).\n[Service]\n", out);
	put_process(x, out);
	put_caps(ir, out);
	put_namespaces(x, out);
	export_net_systemd(x, out);
	put_filesystem(x, out);
	put_cgroup(ir, out);
	put_lsm(ir, out);
	put_syscalls(x, out);
	if (ir->process.init)
		fputs("# init: systemd is the reaper; nothing to add\n", out);
	if (ferror(out))
		return err_set(e, 0, "export", "writing the unit");
	return 0;
}
