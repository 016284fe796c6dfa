/* Per-section rules of the blob reader: every record field of every known
 * section, then the rules that join sections (polb_cross_check). Framing
 * (bounds, record size and count) was checked by polb_reader.c before any
 * function here runs; each one walks its records with rd->entry set, so an
 * error names the section, the entry and the field. */
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <string.h>

#include "arch.h"
#include "polb_reader_int.h"

static bool polb_known_audit(uint32_t audit)
{
	return arch_from_audit(audit) >= 0;
}

/* i is the loop variable's name: it cannot take parentheses. */
#define FOR_EACH(rd, i, n) for (size_t i = 0; i < (n) && ((rd)->entry = (long)i, 1); i++) /* NOLINT(bugprone-macro-parentheses) */

static int str(struct polb_rd *rd, struct polb_str s, const char *field, unsigned rules)
{
	return polb_check_str(rd, s, field, rules);
}

int polb_rec_meta(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_meta *m = body;
	rd->entry = 0;
	if (str(rd, m->policy_name, "policy_name", POLB_S_WORD) < 0 ||
	    str(rd, m->source_files, "source_files", POLB_S_LONG) < 0)
		return -1;
	if (m->native_arch && !polb_known_audit(m->native_arch))
		return polb_bad(rd, "native_arch 0x%08x unknown", m->native_arch);
	if (m->reserved)
		return polb_bad(rd, "reserved field not zero");
	rd->v->meta = m;
	return 0;
}

enum { PROC_FLAGS_ALL = POLB_PROC_USER | POLB_PROC_UMASK | POLB_PROC_NO_NEW_PRIVS |
			POLB_PROC_INIT | POLB_PROC_GROUPS | POLB_PROC_STDIO_STRICT |
			POLB_PROC_TERMINAL_INHERIT | POLB_PROC_NOTIFY_RELAY |
			POLB_PROC_LISTEN_FDS_PASS };

int polb_rec_process(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_process *p = body;
	rd->entry = 0;
	if (p->flags & ~(uint32_t)PROC_FLAGS_ALL)
		return polb_bad(rd, "flags 0x%x: unknown bits", p->flags);
	if (!(p->flags & POLB_PROC_USER) && (p->uid || p->gid))
		return polb_bad(rd, "uid/gid given without the user flag");
	if (p->uid == UINT32_MAX || p->gid == UINT32_MAX)
		return polb_bad(rd, "uid or gid is -1");
	if (p->umask > 0777 || (!(p->flags & POLB_PROC_UMASK) && p->umask))
		return polb_bad(rd, "umask %#o invalid or given without the umask flag", p->umask);
	if (str(rd, p->cwd, "cwd", POLB_S_ABS_PATH) < 0 ||
	    str(rd, p->hostname, "hostname", POLB_S_WORD) < 0)
		return -1;
	if (p->hostname.len > 64)
		return polb_bad(rd, "hostname longer than 64 bytes");
	rd->v->process = p;
	return 0;
}

/* A name as /etc/passwd holds it: a word, not all digits (that would read
 * as a uid to tools), at most 32 bytes (useradd's limit). */
static int user_word(struct polb_rd *rd, struct polb_str s, const char *field, unsigned rules)
{
	if (str(rd, s, field, POLB_S_WORD | rules) < 0)
		return -1;
	if (s.len > 32)
		return polb_bad(rd, "%s longer than 32 bytes", field);
	const char *t = polb_str(rd->v, s);
	size_t digits = strspn(t, "0123456789");
	if (s.len && (digits == s.len || t[0] == '-'))
		return polb_bad(rd, "%s '%s' is a number or starts with '-'", field, t);
	return 0;
}

int polb_rec_user_name(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_user_name *u = body;
	rd->entry = 0;
	if (user_word(rd, u->user, "user", POLB_S_REQUIRED) < 0 ||
	    user_word(rd, u->group, "group", 0) < 0)
		return -1;
	rd->v->user_name = u;
	return 0;
}

/* The mounts section (type 9) comes before this one (25), so the index is
 * checked against it here. */
int polb_rec_tmpfs_owner(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_tmpfs_owner *o = body;
	FOR_EACH(rd, i, n) {
		if (o[i].mount >= rd->v->nmounts || rd->v->mounts[o[i].mount].kind != POLB_MOUNT_TMPFS)
			return polb_bad(rd, "mount %u is not a tmpfs", o[i].mount);
		if (i && o[i].mount <= o[i - 1].mount)
			return polb_bad(rd, "mount %u: not in mount order, or twice", o[i].mount);
		if (o[i].uid == UINT32_MAX || o[i].gid == UINT32_MAX)
			return polb_bad(rd, "uid or gid is -1");
		if (o[i].reserved)
			return polb_bad(rd, "reserved is not 0");
	}
	rd->v->tmpfs_owners = o;
	rd->v->ntmpfs_owners = n;
	return 0;
}

int polb_rec_groups(struct polb_rd *rd, const void *body, size_t n)
{
	const uint32_t *g = body;
	FOR_EACH(rd, i, n)
		if (g[i] == UINT32_MAX)
			return polb_bad(rd, "gid is -1");
	rd->v->groups = g;
	rd->v->ngroups = n;
	return 0;
}

int polb_rec_env(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_env *ev = body;
	FOR_EACH(rd, i, n) {
		const struct polb_env *x = &ev[i];
		if (x->kind != POLB_ENV_SET && x->kind != POLB_ENV_PASS)
			return polb_bad(rd, "kind %u unknown", x->kind);
		if (x->reserved)
			return polb_bad(rd, "reserved field not zero");
		if (str(rd, x->name, "name", POLB_S_REQUIRED | POLB_S_PRINTABLE) < 0)
			return -1;
		if (memchr(polb_str(rd->v, x->name), '=', x->name.len))
			return polb_bad(rd, "name contains '='");
		if (str(rd, x->value, "value",
			x->kind == POLB_ENV_PASS ? POLB_S_ABSENT : POLB_S_LONG) < 0)
			return -1;
	}
	rd->v->env = ev;
	rd->v->nenv = n;
	return 0;
}

int polb_rec_rlimits(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_rlimit *rl = body;
	uint32_t seen = 0;
	FOR_EACH(rd, i, n) {
		if (rl[i].resource >= 16)
			return polb_bad(rd, "resource %u unknown", rl[i].resource);
		if (seen & (1u << rl[i].resource))
			return polb_bad(rd, "resource %u given twice", rl[i].resource);
		seen |= 1u << rl[i].resource;
		if (rl[i].reserved)
			return polb_bad(rd, "reserved field not zero");
		if (rl[i].soft > rl[i].hard)
			return polb_bad(rd, "soft limit above hard limit");
	}
	rd->v->rlimits = rl;
	rd->v->nrlimits = n;
	return 0;
}

int polb_rec_ns(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_ns *ns = body;
	uint32_t seen = 0;
	FOR_EACH(rd, i, n) {
		if (ns[i].kind >= POLB_NS_COUNT)
			return polb_bad(rd, "kind %u unknown", ns[i].kind);
		if (seen & (1u << ns[i].kind))
			return polb_bad(rd, "namespace kind %u given twice", ns[i].kind);
		seen |= 1u << ns[i].kind;
		if (ns[i].mode != POLB_NS_UNSHARE && ns[i].mode != POLB_NS_JOIN)
			return polb_bad(rd, "mode %u invalid (unshare or join)", ns[i].mode);
		if (str(rd, ns[i].path, "path", ns[i].mode == POLB_NS_JOIN
			? POLB_S_REQUIRED | POLB_S_ABS_PATH : POLB_S_ABSENT) < 0)
			return -1;
	}
	rd->v->ns = ns;
	rd->v->nns = n;
	return 0;
}

int polb_rec_idmaps(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_idmap *m = body;
	size_t per[2] = { 0, 0 };
	FOR_EACH(rd, i, n) {
		if (m[i].which > POLB_IDMAP_GID)
			return polb_bad(rd, "which %u invalid (uid or gid)", m[i].which);
		if (++per[m[i].which] > POLB_MAX_IDMAP_RANGES)
			return polb_bad(rd, "more than %u ranges in one map", POLB_MAX_IDMAP_RANGES);
		if (m[i].count == 0)
			return polb_bad(rd, "count is 0");
		if ((uint64_t)m[i].inside + m[i].count > (1ull << 32) ||
		    (uint64_t)m[i].outside + m[i].count > (1ull << 32))
			return polb_bad(rd, "range overflows 32 bits");
	}
	rd->v->idmaps = m;
	rd->v->nidmaps = n;
	return 0;
}

static int mount_paths(struct polb_rd *rd, const struct polb_mount *m, size_t i)
{
	unsigned src = POLB_S_ABSENT, rest = POLB_S_ABSENT, lower = POLB_S_ABSENT;
	switch (m->kind) {
	case POLB_MOUNT_ROOT:
	case POLB_MOUNT_BIND:
		src = POLB_S_REQUIRED | POLB_S_ABS_PATH;
		break;
	case POLB_MOUNT_SYMLINK:
		src = POLB_S_REQUIRED | POLB_S_PRINTABLE;
		break;
	case POLB_MOUNT_OVERLAY:
		lower = POLB_S_REQUIRED | POLB_S_PATH_LIST | POLB_S_LONG;
		rest = POLB_S_ABS_PATH;
		break;
	}
	if (str(rd, m->source, "source", src) < 0 ||
	    str(rd, m->target, "target", POLB_S_REQUIRED | POLB_S_ABS_PATH) < 0 ||
	    str(rd, m->lower, "lower", lower) < 0 || str(rd, m->upper, "upper", rest) < 0 ||
	    str(rd, m->work, "work", rest) < 0)
		return -1;
	if (!m->upper.len != !m->work.len)
		return polb_bad(rd, "overlay upper and work must be given together");
	bool at_root = m->target.len == 1;
	if (m->kind == POLB_MOUNT_ROOT && !at_root)
		return polb_bad(rd, "root mount target is not /");
	if ((m->kind == POLB_MOUNT_ROOT || (m->kind == POLB_MOUNT_OVERLAY && at_root)) && i)
		return polb_bad(rd, "root mount is not the first mount");
	return 0;
}

int polb_rec_mounts(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_mount *mt = body;
	FOR_EACH(rd, i, n) {
		const struct polb_mount *m = &mt[i];
		if (m->kind >= POLB_MOUNT_KIND_COUNT)
			return polb_bad(rd, "kind %u unknown", m->kind);
		if (m->flags & ~(uint32_t)POLB_MNT_ALL)
			return polb_bad(rd, "flags 0x%x: unknown bits", m->flags);
		bool sized = m->kind == POLB_MOUNT_TMPFS || m->kind == POLB_MOUNT_DEV;
		bool bind_like = m->kind == POLB_MOUNT_BIND || m->kind == POLB_MOUNT_ROOT;
		if ((m->flags & POLB_MNT_FOLLOW) && !bind_like && m->kind != POLB_MOUNT_OVERLAY)
			return polb_bad(rd, "follow on a mount without a host source");
		if ((m->flags & POLB_MNT_IDMAP) && m->kind != POLB_MOUNT_BIND)
			return polb_bad(rd, "idmap on a mount that is not a bind");
		if ((m->flags & POLB_MNT_HAS_INODES) ? m->kind != POLB_MOUNT_TMPFS || !m->nr_inodes
						     : m->nr_inodes != 0)
			return polb_bad(rd, "nr_inodes %u invalid or given without its flag", m->nr_inodes);
		if ((m->flags & (POLB_MNT_HAS_SIZE | POLB_MNT_HAS_MODE)) && !sized)
			return polb_bad(rd, "size or mode on a mount that takes neither");
		if (!(m->flags & POLB_MNT_HAS_SIZE) && m->size)
			return polb_bad(rd, "size given without its flag");
		if (m->mode > 07777 || (!(m->flags & POLB_MNT_HAS_MODE) && m->mode))
			return polb_bad(rd, "mode %#o invalid or given without its flag", m->mode);
		if (mount_paths(rd, m, i) < 0)
			return -1;
	}
	rd->v->mounts = mt;
	rd->v->nmounts = n;
	return 0;
}

int polb_rec_caps(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_caps *c = body;
	rd->entry = 0;
	if (c->ambient & ~c->keep)
		return polb_bad(rd, "ambient capabilities not a subset of keep");
	rd->v->caps = c;
	return 0;
}

int polb_rec_cgroup(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_cgroup *c = body;
	rd->entry = 0;
	if (c->flags & ~(uint32_t)(POLB_CG_OPTIONAL | POLB_CG_DEVICES))
		return polb_bad(rd, "flags 0x%x: unknown bits", c->flags);
	if (c->reserved)
		return polb_bad(rd, "reserved field not zero");
	if (str(rd, c->parent, "parent", POLB_S_REL_PATH | POLB_S_PRINTABLE) < 0)
		return -1;
	rd->v->cgroup = c;
	return 0;
}

static bool cpuset_text_ok(const char *t)
{
	for (; *t; t++)
		if (!((*t >= '0' && *t <= '9') || *t == ',' || *t == '-'))
			return false;
	return true;
}

static int cg_limit(struct polb_rd *rd, const struct polb_cg_limit *l)
{
	bool text = l->key == POLB_CG_CPUSET_CPUS || l->key == POLB_CG_CPUSET_MEMS ||
		    l->key == POLB_CG_IO_MAX;
	if (str(rd, l->text, "text", text ? POLB_S_REQUIRED | POLB_S_PRINTABLE
			: POLB_S_ABSENT) < 0)
		return -1;
	if (text && (l->num || l->num2))
		return polb_bad(rd, "numbers given for a text key");
	if (text && l->key != POLB_CG_IO_MAX && !cpuset_text_ok(polb_str(rd->v, l->text)))
		return polb_bad(rd, "cpuset list has a character outside [0-9,-]");
	if (l->key != POLB_CG_CPU_MAX && l->num2)
		return polb_bad(rd, "num2 given for a key that takes one number");
	switch (l->key) {
	case POLB_CG_CPU_MAX:
		if (l->num2 < 1000 || l->num2 > 1000000)
			return polb_bad(rd, "cpu.max period %llu outside 1000..1000000 us",
					(unsigned long long)l->num2);
		if (l->num != POLB_CG_UNLIMITED && (l->num < 1000 || l->num > (1ull << 40)))
			return polb_bad(rd, "cpu.max quota %llu out of range",
					(unsigned long long)l->num);
		break;
	case POLB_CG_CPU_WEIGHT:
	case POLB_CG_IO_WEIGHT:
		if (l->num < 1 || l->num > 10000)
			return polb_bad(rd, "weight %llu outside 1..10000",
					(unsigned long long)l->num);
		break;
	}
	return 0;
}

int polb_rec_cg_limits(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_cg_limit *l = body;
	uint32_t seen = 0;
	FOR_EACH(rd, i, n) {
		if (l[i].key >= POLB_CG_KEY_COUNT)
			return polb_bad(rd, "key %u unknown", l[i].key);
		if (seen & (1u << l[i].key))
			return polb_bad(rd, "key %u given twice", l[i].key);
		seen |= 1u << l[i].key;
		if (l[i].reserved)
			return polb_bad(rd, "reserved field not zero");
		if (cg_limit(rd, &l[i]) < 0)
			return -1;
	}
	rd->v->cg_limits = l;
	rd->v->ncg_limits = n;
	return 0;
}

int polb_rec_cg_devices(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_dev_rule *d = body;
	FOR_EACH(rd, i, n) {
		if (d[i].allow > 1)
			return polb_bad(rd, "allow %u not 0 or 1", d[i].allow);
		if (d[i].type != 'a' && d[i].type != 'b' && d[i].type != 'c')
			return polb_bad(rd, "type %u not 'a', 'b' or 'c'", d[i].type);
		if (d[i].access == 0 || d[i].access > 7)
			return polb_bad(rd, "access %u not a subset of rwm", d[i].access);
		if (d[i].reserved)
			return polb_bad(rd, "reserved field not zero");
	}
	rd->v->cg_devices = d;
	rd->v->ncg_devices = n;
	return 0;
}

int polb_rec_lsm(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_lsm *l = body;
	uint32_t seen = 0;
	FOR_EACH(rd, i, n) {
		if (l[i].kind != POLB_LSM_APPARMOR && l[i].kind != POLB_LSM_SELINUX)
			return polb_bad(rd, "kind %u unknown", l[i].kind);
		if (seen & (1u << l[i].kind))
			return polb_bad(rd, "kind %u given twice", l[i].kind);
		seen |= 1u << l[i].kind;
		if (l[i].flags & ~(uint32_t)(POLB_LSM_OPTIONAL | POLB_LSM_GENERATED))
			return polb_bad(rd, "flags 0x%x: unknown bits", l[i].flags);
		bool gen = l[i].flags & POLB_LSM_GENERATED;
		if (gen && l[i].kind != POLB_LSM_APPARMOR)
			return polb_bad(rd, "a generated profile is for AppArmor only");
		if (str(rd, l[i].name, "name", POLB_S_REQUIRED | POLB_S_PRINTABLE) < 0 ||
		    str(rd, l[i].profile, "profile",
			gen ? POLB_S_REQUIRED | POLB_S_LONG : POLB_S_ABSENT) < 0)
			return -1;
	}
	rd->v->lsm = l;
	rd->v->nlsm = n;
	return 0;
}

int polb_rec_landlock(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_landlock *l = body;
	rd->entry = 0;
	if (l->flags & ~(uint32_t)(POLB_LL_OPTIONAL | POLB_LL_SCOPE_ABSTRACT_UNIX |
				   POLB_LL_SCOPE_SIGNAL))
		return polb_bad(rd, "flags 0x%x: unknown bits", l->flags);
	if (l->reserved)
		return polb_bad(rd, "reserved field not zero");
	rd->v->landlock = l;
	return 0;
}

int polb_rec_ll_paths(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_ll_path *p = body;
	FOR_EACH(rd, i, n) {
		if (p[i].access == 0 || p[i].access > 7)
			return polb_bad(rd, "access 0x%x not a set of read/write/execute",
					p[i].access);
		if (p[i].reserved)
			return polb_bad(rd, "reserved field not zero");
		if (str(rd, p[i].path, "path", POLB_S_REQUIRED | POLB_S_ABS_PATH) < 0)
			return -1;
	}
	rd->v->ll_paths = p;
	rd->v->nll_paths = n;
	return 0;
}

int polb_rec_ll_ports(struct polb_rd *rd, const void *body, size_t n)
{
	const struct polb_ll_port *p = body;
	FOR_EACH(rd, i, n) {
		if (p[i].bind > 1)
			return polb_bad(rd, "bind %u not 0 or 1", p[i].bind);
		if (p[i].port > 65535)
			return polb_bad(rd, "port %u above 65535", p[i].port);
	}
	rd->v->ll_ports = p;
	rd->v->nll_ports = n;
	return 0;
}

/* SYSCALL_NAMES and SYSCALL_ORIGINS: (arch, nr, text); a name is a word,
 * an origin any required string ("@namespaces", "app.pol:12"). */
static int name_list(struct polb_rd *rd, const struct polb_syscall_name *s, size_t n,
		     const char *what, unsigned str_flags)
{
	FOR_EACH(rd, i, n) {
		if (!polb_known_audit(s[i].audit_arch))
			return polb_bad(rd, "audit_arch 0x%08x unknown", s[i].audit_arch);
		if (s[i].nr >= 0x40000000u + 4096u)
			return polb_bad(rd, "syscall number %u out of range", s[i].nr);
		if (str(rd, s[i].name, what, str_flags) < 0)
			return -1;
	}
	return 0;
}

int polb_rec_syscall_names(struct polb_rd *rd, const void *body, size_t n)
{
	if (name_list(rd, body, n, "name", POLB_S_REQUIRED | POLB_S_WORD) < 0)
		return -1;
	rd->v->syscall_names = body;
	rd->v->nsyscall_names = n;
	return 0;
}

int polb_rec_syscall_origins(struct polb_rd *rd, const void *body, size_t n)
{
	if (name_list(rd, body, n, "origin", POLB_S_REQUIRED) < 0)
		return -1;
	rd->v->syscall_origins = body;
	rd->v->nsyscall_origins = n;
	return 0;
}

int polb_rec_syscall_args(struct polb_rd *rd, const void *body, size_t n)
{
	if (name_list(rd, body, n, "args", POLB_S_REQUIRED) < 0)
		return -1;
	rd->v->syscall_args = body;
	rd->v->nsyscall_args = n;
	return 0;
}

/* A return of SECCOMP_RET_USER_NOTIF needs a listener: only with the flag
 * that tells enforce to install one. */
static int seccomp_returns(struct polb_rd *rd, const struct polb_seccomp *h,
			   const struct polb_bpf_insn *in)
{
	for (uint32_t pc = 0; pc < h->ninsns; pc++) {
		if (in[pc].code != (BPF_RET | BPF_K))
			continue;
		uint32_t act = in[pc].k & SECCOMP_RET_ACTION_FULL;
		switch (act) {
		case SECCOMP_RET_KILL_PROCESS: case SECCOMP_RET_KILL_THREAD:
		case SECCOMP_RET_TRAP: case SECCOMP_RET_ERRNO: case SECCOMP_RET_TRACE:
		case SECCOMP_RET_LOG: case SECCOMP_RET_ALLOW:
			break;
		case SECCOMP_RET_USER_NOTIF:
			if (!(h->flags & POLB_SECCOMP_NOTIFY))
				return polb_bad(rd, "insn %u: notify return without the notify flag", pc);
			break;
		default:
			return polb_bad(rd, "insn %u: unknown seccomp action 0x%08x", pc, act);
		}
	}
	return 0;
}

int polb_rec_seccomp(struct polb_rd *rd, const void *body, size_t size)
{
	const struct polb_seccomp *h = body;
	struct polb_view *v = rd->v;
	rd->entry = (long)v->nseccomp;
	if (v->nseccomp >= POLB_MAX_SECCOMP)
		return polb_bad(rd, "more than %u programs", POLB_MAX_SECCOMP);
	if (size < sizeof(*h))
		return polb_bad(rd, "body of %zu bytes, shorter than its header", size);
	if (!polb_known_audit(h->host_arch))
		return polb_bad(rd, "host_arch 0x%08x unknown", h->host_arch);
	if (h->flags & ~(uint32_t)(POLB_SECCOMP_NOTIFY | POLB_SECCOMP_LOG))
		return polb_bad(rd, "flags 0x%x: unknown bits", h->flags);
	if (h->reserved)
		return polb_bad(rd, "reserved field not zero");
	if (h->ninsns == 0 || h->ninsns > POLB_MAX_BPF_INSNS)
		return polb_bad(rd, "%u instructions (1..%u allowed)", h->ninsns,
				POLB_MAX_BPF_INSNS);
	if (size != sizeof(*h) + (size_t)h->ninsns * sizeof(struct polb_bpf_insn))
		return polb_bad(rd, "body of %zu bytes does not hold %u instructions",
				size, h->ninsns);
	if (polb_seccomp_for(v, h->host_arch))
		return polb_bad(rd, "a second program for host_arch 0x%08x", h->host_arch);
	const struct polb_bpf_insn *insns = (const void *)(h + 1);
	if (polb_check_bpf(insns, h->ninsns, rd->e) < 0) {
		char detail[sizeof(rd->e->detail)];
		memcpy(detail, rd->e->detail, sizeof(detail));
		return polb_bad(rd, "%s", detail);
	}
	if (seccomp_returns(rd, h, insns) < 0)
		return -1;
	v->seccomp[v->nseccomp].hdr = h;
	v->seccomp[v->nseccomp].insns = insns;
	v->nseccomp++;
	return 0;
}

/* The features text: what aa_features writes (printable ASCII and
 * newlines); it is compared with the kernel's, never written anywhere. */
static bool features_text_ok(const char *t)
{
	for (; *t; t++)
		if ((*t < 0x20 || *t > 0x7e) && *t != '\n')
			return false;
	return true;
}

int polb_rec_apparmor(struct polb_rd *rd, const void *body, size_t size)
{
	const struct polb_apparmor *h = body;
	rd->entry = 0;
	if (size < sizeof(*h))
		return polb_bad(rd, "body of %zu bytes, shorter than its header", size);
	if (h->reserved0 || h->reserved1)
		return polb_bad(rd, "reserved field not zero");
	if (str(rd, h->features, "features", POLB_S_REQUIRED | POLB_S_LONG) < 0)
		return -1;
	if (!features_text_ok(polb_str(rd->v, h->features)))
		return polb_bad(rd, "features has a character aa_features does not write");
	if (h->policy_size == 0 || h->policy_size > POLB_MAX_AA_POLICY)
		return polb_bad(rd, "compiled policy of %u bytes (1..%u allowed)", h->policy_size,
				POLB_MAX_AA_POLICY);
	if (size != sizeof(*h) + (size_t)h->policy_size)
		return polb_bad(rd, "body of %zu bytes does not hold %u bytes of compiled policy",
				size, h->policy_size);
	const uint8_t *policy = (const uint8_t *)(h + 1);
	const char *name;
	size_t name_len;
	if (polb_check_aa_policy(policy, h->policy_size, &name, &name_len, rd->e) < 0) {
		char detail[sizeof(rd->e->detail)];
		memcpy(detail, rd->e->detail, sizeof(detail));
		return polb_bad(rd, "%s", detail);
	}
	rd->v->apparmor = h;
	rd->v->aa_policy = policy;
	rd->v->aa_policy_size = h->policy_size;
	rd->v->aa_profile = name;
	rd->v->aa_profile_len = name_len;
	return 0;
}

/* ---- rules across sections -------------------------------------------- */

static const struct polb_ns *ns_of(const struct polb_view *v, uint32_t kind)
{
	for (size_t i = 0; i < v->nns; i++)
		if (v->ns[i].kind == kind)
			return &v->ns[i];
	return NULL;
}

/* A generated profile travels compiled: the LSM record marked generated
 * and the APPARMOR section come together, and the policy loads exactly the
 * profile the record names (the one the command will exec under). */
static int aa_cross_check(struct polb_rd *rd)
{
	const struct polb_view *v = rd->v;
	const struct polb_lsm *gen = NULL;
	for (size_t i = 0; i < v->nlsm; i++)
		if (v->lsm[i].flags & POLB_LSM_GENERATED)
			gen = &v->lsm[i];
	rd->what = "apparmor";
	if (gen && !v->apparmor)
		return polb_bad(rd, "a generated profile without its compiled policy "
				"(a blob of format 1.0: rebuild it with this polc)");
	if (!gen && v->apparmor)
		return polb_bad(rd, "compiled policy without an lsm record marked generated");
	if (gen && (gen->name.len != v->aa_profile_len ||
		    memcmp(polb_str(v, gen->name), v->aa_profile, v->aa_profile_len)))
		return polb_bad(rd, "the compiled policy loads profile '%.*s', the lsm record "
				"names '%s'", (int)(v->aa_profile_len > 200 ? 200 : v->aa_profile_len),
				v->aa_profile, polb_str(v, gen->name));
	return 0;
}

/* An idmapped bind maps the policy's own uid and gid, nothing else
 * (enforcer/mounts_idmap.c): it needs a new user namespace to map them
 * into, numeric ids to map before the container's /etc/passwd can be read,
 * and ids other than 0: a host-root owner shown as root inside would give
 * the container root's files, and a setuid-root file it made would be the
 * host's. */
static int idmap_cross_check(struct polb_rd *rd, const struct polb_ns *user)
{
	const struct polb_view *v = rd->v;
	for (size_t i = 0; i < v->nmounts; i++) {
		if (!(v->mounts[i].flags & POLB_MNT_IDMAP))
			continue;
		rd->what = "mounts";
		rd->entry = (long)i;
		if (!user || user->mode != POLB_NS_UNSHARE)
			return polb_bad(rd, "an idmapped bind without a new user namespace");
		if (!(v->process->flags & POLB_PROC_USER))
			return polb_bad(rd, "an idmapped bind without a numeric user");
		if (v->process->uid == 0 || v->process->gid == 0)
			return polb_bad(rd, "an idmapped bind with user %u:%u (0 would show the host's "
					"root as the container's)", v->process->uid, v->process->gid);
	}
	rd->entry = -1;
	return 0;
}

int polb_cross_check(struct polb_rd *rd)
{
	const struct polb_view *v = rd->v;
	rd->entry = -1;
	rd->what = NULL;
	if (!v->process)
		return polb_bad(rd, "section process missing (it is required)");
	rd->what = "process";
	if (v->ngroups && !(v->process->flags & POLB_PROC_GROUPS))
		return polb_bad(rd, "groups section without the groups flag");
	if (v->user_name && (v->process->flags & POLB_PROC_USER))
		return polb_bad(rd, "a user name and a numeric uid both");
	const struct polb_ns *uts = ns_of(v, POLB_NS_UTS);
	if (v->process->hostname.len && !uts)
		return polb_bad(rd, "hostname set without a uts namespace "
				"(it would rename the host)");
	rd->what = "idmaps";
	const struct polb_ns *user = ns_of(v, POLB_NS_USER);
	if (v->nidmaps && (!user || user->mode != POLB_NS_UNSHARE))
		return polb_bad(rd, "id maps without a new user namespace");
	rd->what = "mounts";
	if (v->nmounts && !ns_of(v, POLB_NS_MOUNT))
		return polb_bad(rd, "mounts without a mount namespace "
				"(they would change the host's mounts)");
	if (idmap_cross_check(rd, user) < 0)
		return -1;
	rd->what = "cgroup";
	if ((v->ncg_limits || v->ncg_devices) && !v->cgroup)
		return polb_bad(rd, "limits or device rules without a cgroup section");
	if (v->ncg_devices && !(v->cgroup->flags & POLB_CG_DEVICES))
		return polb_bad(rd, "device rules without the devices flag");
	if (aa_cross_check(rd) < 0)
		return -1;
	rd->what = "landlock";
	if ((v->nll_paths || v->nll_ports) && !v->landlock)
		return polb_bad(rd, "paths or ports without a landlock section");
	rd->what = "network";
	const struct polb_ns *net = ns_of(v, POLB_NS_NET);
	for (size_t i = 0; i < v->nnet; i++)
		if (v->net[i].kind == POLB_NET_PUBLISH && (!net || net->mode != POLB_NS_UNSHARE))
			return polb_bad(rd, "publish without a new network namespace");
	rd->what = NULL;
	return 0;
}
