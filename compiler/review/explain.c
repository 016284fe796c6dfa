/* polc explain [-I DIR]... FILE: the effective policy after `use` and
 * groups were resolved and later statements overrode earlier ones, written
 * in the policy language, each setting followed by the file:line:col it
 * came from. What the policy does not set is shown with its default. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "frontend/diag.h"
#include "frontend/frontend.h"
#include "review/explain_json.h"
#include "vocab/vocab.h"

#define ORIGIN_COLUMN 52

/* Set while printing a rule that came from a group. */
static const char *via_group;

/* One line: indent, the setting, then "# file:line:col" in a column. */
static void line(const struct ir_origin *at, int depth, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void line(const struct ir_origin *at, int depth, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	int n = printf("%*s%s", depth * 4, "", buf);
	if (at && at->file)
		printf("%*s# %s:%d:%d%s%s", n < ORIGIN_COLUMN ? ORIGIN_COLUMN - n : 1, "", at->file,
		       at->line, at->col, via_group ? " via " : "", via_group ? via_group : "");
	else if (at)
		printf("%*s# default", n < ORIGIN_COLUMN ? ORIGIN_COLUMN - n : 1, "");
	putchar('\n');
}

/* 64M rather than 67108864 where it is exact. */
static const char *size_text(char *buf, size_t size, uint64_t v)
{
	static const char units[] = "KMGT";
	int u = -1;
	while (v && v % 1024 == 0 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u >= 0)
		snprintf(buf, size, "%llu%c", (unsigned long long)v, units[u]);
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
	return buf;
}

static const char *on_off(bool b)
{
	return b ? "on" : "off";
}

static void explain_process(const struct ir_process *p)
{
	puts("process {");
	if (p->user_set)
		line(&p->user_at, 1, "user %u %u", p->uid, p->gid);
	else
		line(&p->user_at, 1, "# user: as the caller (uid and gid unchanged)");
	if (p->groups_set) {
		char buf[4096] = "";
		size_t len = 0;
		for (size_t i = 0; i < p->ngroups && len < sizeof(buf); i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %u", p->groups[i]);
		line(&p->groups_at, 1, "groups%s", buf);
	}
	line(&p->cwd_at, 1, "cwd %s", p->cwd ? p->cwd : "/");
	if (p->hostname)
		line(&p->hostname_at, 1, "hostname %s", p->hostname);
	for (size_t i = 0; i < p->nenv; i++) {
		if (p->env[i].value && strpbrk(p->env[i].value, " \t#;{}()\""))
			line(&p->env[i].at, 1, "env %s=\"%s\"", p->env[i].name, p->env[i].value);
		else if (p->env[i].value)
			line(&p->env[i].at, 1, "env %s=%s", p->env[i].name, p->env[i].value);
		else
			line(&p->env[i].at, 1, "env_pass %s", p->env[i].name);
	}
	for (int r = 0; r < IR_RLIMIT_COUNT; r++) {
		const struct ir_rlimit *l = &p->rlimits[r];
		if (!l->set)
			continue;
		char soft[32], hard[32];
		snprintf(soft, sizeof(soft), "%llu", (unsigned long long)l->soft);
		snprintf(hard, sizeof(hard), "%llu", (unsigned long long)l->hard);
		line(&l->at, 1, "rlimit %s %s %s", vocab_rlimit_name(r) ? vocab_rlimit_name(r) : "?",
		     l->soft == IR_RLIM_INFINITY ? "unlimited" : soft,
		     l->hard == IR_RLIM_INFINITY ? "unlimited" : hard);
	}
	if (p->umask_set)
		line(&p->umask_at, 1, "umask %04o", p->umask);
	line(&p->no_new_privs_at, 1, "no_new_privs %s", on_off(p->no_new_privs));
	line(&p->init_at, 1, "init %s", on_off(p->init));
	puts("}");
}

static void explain_namespaces(const struct ir_namespaces *n)
{
	puts("namespaces {");
	for (int k = 0; k < IR_NS_COUNT; k++) {
		const struct ir_ns *ns = &n->ns[k];
		if (ns->mode == IR_NS_JOIN)
			line(&ns->at, 1, "join %s %s", ir_ns_name(k), ns->join_path);
		else
			line(&ns->at, 1, "%s %s", ns->mode == IR_NS_UNSHARE ? "unshare" : "share",
			     ir_ns_name(k));
	}
	for (size_t i = 0; i < n->nuid_map; i++)
		line(&n->uid_map[i].at, 1, "uid_map %u %u %u", n->uid_map[i].inside,
		     n->uid_map[i].outside, n->uid_map[i].count);
	for (size_t i = 0; i < n->ngid_map; i++)
		line(&n->gid_map[i].at, 1, "gid_map %u %u %u", n->gid_map[i].inside,
		     n->gid_map[i].outside, n->gid_map[i].count);
	puts("}");
}

static void mount_flags(char *buf, size_t size, const struct ir_mount *m)
{
	size_t len = 0;
	buf[0] = '\0';
#define FLAG(bit, word)                                                                 \
	if (m->flags & (bit))                                                           \
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, " %s", word);
	if (m->kind == IR_MOUNT_BIND || m->kind == IR_MOUNT_ROOT)
		len += (size_t)snprintf(buf + len, size - len, " %s",
					m->flags & IR_MNT_RW ? "rw" : "readonly");
	FLAG(IR_MNT_NOSUID, "nosuid")
	FLAG(IR_MNT_NODEV, "nodev")
	FLAG(IR_MNT_NOEXEC, "noexec")
	FLAG(IR_MNT_OPTIONAL, "optional")
	FLAG(IR_MNT_FOLLOW, "follow")
	if (m->kind == IR_MOUNT_BIND && !(m->flags & IR_MNT_RECURSIVE))
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, " norecursive");
	if (m->flags & IR_MNT_HAS_SIZE) {
		char sz[32];
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, " size=%s",
					size_text(sz, sizeof(sz), m->size));
	}
	if (m->flags & IR_MNT_HAS_MODE)
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, " mode=%04o", m->mode);
	if (m->flags & IR_MNT_HAS_INODES) /* the default: polc dump shows it */
		snprintf(buf + len, size > len ? size - len : 0, " nr_inodes=%u", m->nr_inodes);
#undef FLAG
}

static void explain_filesystem(const struct ir_filesystem *fs)
{
	puts("filesystem {");
	if (!fs->nmounts)
		line(NULL, 1, "# nothing mounted");
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		char flags[256];
		mount_flags(flags, sizeof(flags), m);
		const char *kind = ir_mount_kind_name(m->kind);
		switch (m->kind) {
		case IR_MOUNT_ROOT:
			line(&m->at, 1, "root %s%s", m->source, flags);
			break;
		case IR_MOUNT_BIND:
			line(&m->at, 1, "bind %s %s%s", m->source, m->target, flags);
			break;
		case IR_MOUNT_SYMLINK:
			line(&m->at, 1, "symlink %s %s", m->source, m->target);
			break;
		case IR_MOUNT_OVERLAY:
			if (m->upper)
				line(&m->at, 1, "overlay %s lower %s upper %s work %s%s", m->target, m->lower,
				     m->upper, m->work, flags);
			else
				line(&m->at, 1, "overlay %s lower %s%s", m->target, m->lower, flags);
			break;
		default:
			line(&m->at, 1, "%s %s%s", kind, m->target, flags);
		}
	}
	puts("}");
}

static void explain_caps(const struct ir_caps *caps)
{
	puts("capabilities {");
	if (!caps->keep)
		line(caps->set ? &caps->at : NULL, 1, "# every capability dropped");
	for (int cap = 0; cap < 64; cap++) {
		const char *name = vocab_capability_name(cap);
		if (caps->ambient & (1ull << cap))
			line(&caps->cap_at[cap], 1, "keep %s ambient", name ? name : "?");
		else if (caps->keep & (1ull << cap))
			line(&caps->cap_at[cap], 1, "keep %s", name ? name : "?");
	}
	puts("}");
}

static void explain_cgroup(const struct ir_cgroup *cg)
{
	if (!cg->set) {
		puts("# cgroup: none (no limits, the caller's cgroup)");
		return;
	}
	puts("cgroup {");
	if (cg->parent)
		line(NULL, 1, "parent %s", cg->parent);
	if (cg->optional)
		line(NULL, 1, "optional");
	for (size_t i = 0; i < cg->nlimits; i++) {
		const struct ir_cg_limit *l = &cg->limits[i];
		const char *key = ir_cg_key_name(l->key);
		if (l->text)
			line(&l->at, 1, "%s %s", key, l->text);
		else if (l->num == IR_CG_UNLIMITED)
			line(&l->at, 1, "%s max", key);
		else if (l->key == IR_CG_MEMORY_MAX || l->key == IR_CG_MEMORY_HIGH ||
			 l->key == IR_CG_MEMORY_SWAP_MAX) {
			char sz[32];
			line(&l->at, 1, "%s %s", key, size_text(sz, sizeof(sz), l->num));
		}
		else if (l->key == IR_CG_CPU_MAX)
			line(&l->at, 1, "%s %llu %llu", key, (unsigned long long)l->num,
			     (unsigned long long)l->num2);
		else
			line(&l->at, 1, "%s %llu", key, (unsigned long long)l->num);
	}
	if (cg->devices_set) {
		line(NULL, 1, "devices {");
		for (size_t i = 0; i < cg->ndevices; i++) {
			const struct ir_dev_rule *r = &cg->devices[i];
			char maj[16] = "*", min[16] = "*";
			if (r->major != IR_DEV_ANY)
				snprintf(maj, sizeof(maj), "%u", r->major);
			if (r->minor != IR_DEV_ANY)
				snprintf(min, sizeof(min), "%u", r->minor);
			line(&r->at, 2, "%s %c %s:%s %s%s%s", r->allow ? "allow" : "deny", r->type, maj, min,
			     r->access & IR_DEV_ACCESS_R ? "r" : "", r->access & IR_DEV_ACCESS_W ? "w" : "",
			     r->access & IR_DEV_ACCESS_M ? "m" : "");
		}
		line(NULL, 1, "}");
	}
	puts("}");
}

static void explain_lsm(const struct ir_lsm *l)
{
	if (!l->apparmor.name && !l->selinux.name && !l->landlock.set) {
		puts("# lsm: none");
		return;
	}
	puts("lsm {");
	if (l->apparmor.name)
		line(&l->apparmor.at, 1, "apparmor %s%s", l->apparmor.name,
		     l->apparmor.optional ? " optional" : "");
	if (l->selinux.name)
		line(&l->selinux.at, 1, "selinux %s%s", l->selinux.name,
		     l->selinux.optional ? " optional" : "");
	if (l->landlock.set) {
		const struct ir_landlock *ll = &l->landlock;
		line(&ll->at, 1, "landlock {");
		for (size_t i = 0; i < ll->npaths; i++) {
			const struct ir_landlock_path *p = &ll->paths[i];
			if (p->access & IR_LL_READ)
				line(&p->at, 2, "read %s", p->path);
			if (p->access & IR_LL_WRITE)
				line(&p->at, 2, "write %s", p->path);
			if (p->access & IR_LL_EXECUTE)
				line(&p->at, 2, "execute %s", p->path);
		}
		for (size_t i = 0; i < ll->nports; i++)
			line(&ll->ports[i].at, 2, "%s tcp %u", ll->ports[i].bind ? "bind" : "connect",
			     ll->ports[i].port);
		if (ll->optional)
			line(NULL, 2, "optional");
		line(NULL, 2, "scope%s%s%s", ll->scope_abstract_unix ? " abstract_unix" : "",
		     ll->scope_signal ? " signal" : "",
		     !ll->scope_abstract_unix && !ll->scope_signal ? " none" : "");
		line(NULL, 1, "}");
	}
	puts("}");
}

static void action_text(char *buf, size_t size, const struct ir_action_spec *a)
{
	if (a->action == IR_ACT_ERRNO) {
		const char *name = vocab_errno_name(a->errno_value);
		if (name)
			snprintf(buf, size, "errno %s", name);
		else
			snprintf(buf, size, "errno %u", a->errno_value);
	} else {
		snprintf(buf, size, "%s", ir_action_name(a->action));
	}
}

/* The argument as the policy can name it: its signature name, else argN. */
static const char *arg_name(const char *syscall, unsigned arg, char *buf, size_t size)
{
	size_t n = 0;
	const char *const *names = vocab_syscall_arg_names(syscall, &n);
	if (names && arg < n && names[arg])
		return names[arg];
	snprintf(buf, size, "arg%u", arg);
	return buf;
}

static void cond_text(char *buf, size_t size, const char *syscall, const struct ir_cond *c)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=", "==" };
	size_t len = 0;
	for (size_t i = 0; i < c->nconj && len < size; i++) {
		if (i)
			len += (size_t)snprintf(buf + len, size - len, " or ");
		if (c->nconj > 1 && c->conj[i].nterms > 1)
			len += (size_t)snprintf(buf + len, size - len, "(");
		for (size_t j = 0; j < c->conj[i].nterms && len < size; j++) {
			const struct ir_cmp_term *t = &c->conj[i].terms[j];
			char nb[8];
			const char *arg = arg_name(syscall, t->arg, nb, sizeof(nb));
			if (j)
				len += (size_t)snprintf(buf + len, size - len, " and ");
			if (t->op == IR_CMP_MASKED_EQ)
				len += (size_t)snprintf(buf + len, size - len, "%s & 0x%llx == 0x%llx", arg,
							(unsigned long long)t->mask, (unsigned long long)t->value);
			else
				len += (size_t)snprintf(buf + len, size - len, "%s %s 0x%llx", arg, ops[t->op],
							(unsigned long long)t->value);
		}
		if (c->nconj > 1 && c->conj[i].nterms > 1 && len < size)
			len += (size_t)snprintf(buf + len, size - len, ")");
	}
}

static void explain_syscalls(const struct ir_syscalls *sc)
{
	if (!sc->set) {
		puts("# syscalls: no filter (every system call allowed)");
		return;
	}
	puts("syscalls {");
	char act[64];
	action_text(act, sizeof(act), &sc->default_action);
	line(&sc->default_at, 1, "default %s", act);
	char arches[128] = "";
	size_t len = 0;
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (sc->arches & (1u << a))
			len += (size_t)snprintf(arches + len, sizeof(arches) - len, " %s", ir_arch_name(a));
	line(&sc->arch_at, 1, "arch%s", arches);
	for (size_t i = 0; i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		char cond[4096] = "";
		action_text(act, sizeof(act), &r->act);
		if (r->cond.nconj)
			cond_text(cond, sizeof(cond), r->syscall, &r->cond);
		via_group = r->via_group;
		line(&r->at, 1, "%s %s%s%s", act, r->syscall, r->cond.nconj ? " if " : "", cond);
		via_group = NULL;
	}
	puts("}");
}

static void explain_ir(const struct pol_ir *ir)
{
	if (ir->name)
		line(&ir->name_at, 0, "policy %s", ir->name);
	printf("# sources, in resolution order (digest ");
	for (int i = 0; i < 32; i++)
		printf("%02x", ir->source_digest[i]);
	printf("):\n");
	for (size_t i = 0; i < ir->nsources; i++) {
		printf("#   %s sha256 ", ir->sources[i].path);
		for (int j = 0; j < 32; j++)
			printf("%02x", ir->sources[i].sha256[j]);
		putchar('\n');
	}
	explain_process(&ir->process);
	explain_namespaces(&ir->namespaces);
	explain_filesystem(&ir->filesystem);
	explain_caps(&ir->caps);
	explain_cgroup(&ir->cgroup);
	explain_lsm(&ir->lsm);
	explain_syscalls(&ir->syscalls);
}

static void explain_usage(FILE *out)
{
	fprintf(out, "usage: polc explain [-I DIR]... [--json] FILE\n"
		     "  The effective policy, each setting with the file:line:col it came from.\n"
		     "  --json  one JSON document (conditions as their expanded cases)\n");
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
	size_t ndirs = 0;
	int opt;
	bool json = false;
	if (!dirs)
		return 125;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "I:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'I': dirs[ndirs++] = optarg; break;
		case 'j': json = true; break;
		case 'h': explain_usage(stdout); free(dirs); return 0;
		default: explain_usage(stderr); free(dirs); return 2;
		}
	}
	if (optind != argc - 1) {
		explain_usage(stderr);
		free(dirs);
		return 2;
	}
	struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = ndirs };
	struct diag d;
	struct pol_ir ir;
	diag_init(&d);
	int r = frontend_load(argv[optind], &opts, &ir, &d);
	struct err e;
	if (r == 0 && json && explain_json(&ir, stdout, &e) < 0) {
		err_print("polc", &e);
		r = -1;
	} else if (r == 0 && !json) {
		explain_ir(&ir);
	}
	diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	ir_free(&ir);
	free(dirs);
	return r == 0 ? 0 : 1;
}
