/* The whole IR as .pol text (see pol_print.h): each section in the order
 * `polc fmt` lays a policy out, every effective setting one line, the
 * defaults written out. Lines go to a sink with their origin, so explain
 * can add "# file:line:col" and a plain printer can leave it out. */
#include "text/pol_print.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vocab/vocab.h"

/* A draft's note on the setting at `at`: one comment line per line. */
static void put_note(struct pol_out *o, const struct ir_origin *at, int depth)
{
	const char *note = o->opts && o->opts->note && at ? o->opts->note(o->opts->note_ctx, at) : NULL;
	while (note && *note) {
		size_t len = strcspn(note, "\n");
		struct strbuf b = STRBUF_INIT;
		sb_printf(&b, "# %.*s", (int)len, note);
		o->line(o, NULL, depth, sb_str(&b));
		sb_free(&b);
		note += len + (note[len] == '\n');
	}
}

static bool draft(const struct pol_out *o)
{
	return o->opts != NULL;
}

/* One line at `depth` (4 spaces each), with where it came from. */
static void line(struct pol_out *o, const struct ir_origin *at, int depth, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void line(struct pol_out *o, const struct ir_origin *at, int depth, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	put_note(o, at, depth);
	o->line(o, at, depth, sb_str(&b));
	sb_free(&b);
}

/* A path, name or label as the lexer reads it back as the same one word:
 * as it is when every character is a word character (grammar/lexer.l, W),
 * else in quotes with \" \\ \n \t escaped. So a name with a blank, a
 * brace or a newline (from an imported manifest or config) stays one word
 * that the front end then judges, and never becomes statements of its own.
 * The result lives until eight more calls (a line uses a few). */
static const char *word(const char *s)
{
	static struct strbuf ring[8];
	static unsigned next;
	size_t plain = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:,+*@%~^[]-");
	if (*s && !s[plain])
		return s;
	struct strbuf *b = &ring[next++ % 8];
	sb_reset(b);
	sb_puts(b, "\"");
	for (const char *c = s; *c; c++) {
		if (*c == '"' || *c == '\\')
			sb_printf(b, "\\%c", *c);
		else if (*c == '\n')
			sb_puts(b, "\\n");
		else if (*c == '\t')
			sb_puts(b, "\\t");
		else
			sb_printf(b, "%c", *c);
	}
	sb_puts(b, "\"");
	return sb_str(b);
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

static void print_process(struct pol_out *o, const struct ir_process *p)
{
	line(o, NULL, 0, "process {");
	if (p->user_set)
		line(o, &p->user_at, 1, "user %u %u", p->uid, p->gid);
	else if (p->user_name)
		line(o, &p->user_at, 1, "user %s%s%s", p->user_name, p->group_name ? " " : "",
		     p->group_name ? p->group_name : "");
	else
		line(o, &p->user_at, 1, "# user: as the caller (uid and gid unchanged)");
	if (p->groups_set) {
		struct strbuf b = STRBUF_INIT;
		for (size_t i = 0; i < p->ngroups; i++)
			sb_printf(&b, " %u", p->groups[i]);
		line(o, &p->groups_at, 1, "groups%s", sb_str(&b));
		sb_free(&b);
	}
	line(o, &p->cwd_at, 1, "cwd %s", word(p->cwd ? p->cwd : "/"));
	if (p->hostname)
		line(o, &p->hostname_at, 1, "hostname %s", word(p->hostname));
	for (size_t i = 0; i < p->nenv; i++) {
		if (p->env[i].value && strpbrk(p->env[i].value, " \t\n#;{}()\"\\"))
			line(o, &p->env[i].at, 1, "env %s=%s", p->env[i].name, word(p->env[i].value));
		else if (p->env[i].value)
			line(o, &p->env[i].at, 1, "env %s=%s", p->env[i].name, p->env[i].value);
		else
			line(o, &p->env[i].at, 1, "env_pass %s", p->env[i].name);
	}
	for (int r = 0; r < IR_RLIMIT_COUNT; r++) {
		const struct ir_rlimit *l = &p->rlimits[r];
		if (!l->set)
			continue;
		char soft[32], hard[32];
		snprintf(soft, sizeof(soft), "%llu", (unsigned long long)l->soft);
		snprintf(hard, sizeof(hard), "%llu", (unsigned long long)l->hard);
		line(o, &l->at, 1, "rlimit %s %s %s", vocab_rlimit_name(r) ? vocab_rlimit_name(r) : "?",
		     l->soft == IR_RLIM_INFINITY ? "unlimited" : soft,
		     l->hard == IR_RLIM_INFINITY ? "unlimited" : hard);
	}
	if (p->umask_set)
		line(o, &p->umask_at, 1, "umask %04o", p->umask);
	line(o, &p->no_new_privs_at, 1, "no_new_privs %s", on_off(p->no_new_privs));
	line(o, &p->init_at, 1, "init %s", on_off(p->init));
	line(o, &p->stdio_at, 1, "stdio %s", p->stdio_strict ? "strict" : "relay");
	line(o, &p->terminal_at, 1, "terminal %s", p->terminal_inherit ? "inherit" : "pty");
	/* only where a policy says them: the two are about systemd, and every
	 * other policy's text stays as it was */
	if (p->notify_at.file)
		line(o, &p->notify_at, 1, "notify %s", p->notify_relay ? "relay" : "off");
	if (p->listen_fds_at.file)
		line(o, &p->listen_fds_at, 1, "listen_fds %s", p->listen_fds_pass ? "pass" : "close");
	line(o, NULL, 0, "}");
}

static void print_namespaces(struct pol_out *o, const struct ir_namespaces *n)
{
	line(o, NULL, 0, "namespaces {");
	for (int k = 0; k < IR_NS_COUNT; k++) {
		const struct ir_ns *ns = &n->ns[k];
		if (ns->mode == IR_NS_JOIN)
			line(o, &ns->at, 1, "join %s %s", ir_ns_name(k), word(ns->join_path));
		else
			line(o, &ns->at, 1, "%s %s", ns->mode == IR_NS_UNSHARE ? "unshare" : "share",
			     ir_ns_name(k));
	}
	for (size_t i = 0; i < n->nuid_map; i++)
		line(o, &n->uid_map[i].at, 1, "uid_map %u %u %u", n->uid_map[i].inside,
		     n->uid_map[i].outside, n->uid_map[i].count);
	for (size_t i = 0; i < n->ngid_map; i++)
		line(o, &n->gid_map[i].at, 1, "gid_map %u %u %u", n->gid_map[i].inside,
		     n->gid_map[i].outside, n->gid_map[i].count);
	line(o, NULL, 0, "}");
}

static void mount_flags(struct strbuf *b, const struct ir_mount *m)
{
	static const struct { uint32_t bit; const char *word; } flags[] = {
		{ IR_MNT_NOSUID, "nosuid" }, { IR_MNT_NODEV, "nodev" },
		{ IR_MNT_NOEXEC, "noexec" }, { IR_MNT_OPTIONAL, "optional" },
		{ IR_MNT_FOLLOW, "follow" }, { IR_MNT_IDMAP, "idmap" },
	};
	if (m->kind == IR_MOUNT_BIND || m->kind == IR_MOUNT_ROOT)
		sb_puts(b, m->flags & IR_MNT_RW ? " rw" : " readonly");
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (m->flags & flags[i].bit)
			sb_printf(b, " %s", flags[i].word);
	if (m->kind == IR_MOUNT_BIND && !(m->flags & IR_MNT_RECURSIVE))
		sb_puts(b, " norecursive");
	if (m->flags & IR_MNT_HAS_SIZE) {
		char sz[32];
		sb_printf(b, " size=%s", size_text(sz, sizeof(sz), m->size));
	}
	if (m->flags & IR_MNT_HAS_MODE)
		sb_printf(b, " mode=%04o", m->mode);
	if (m->flags & IR_MNT_HAS_INODES) /* the default: polc dump shows it */
		sb_printf(b, " nr_inodes=%u", m->nr_inodes);
	if (m->has_owner)
		sb_printf(b, " uid=%u gid=%u", m->uid, m->gid);
}

static void print_filesystem(struct pol_out *o, const struct ir_filesystem *fs)
{
	line(o, NULL, 0, "filesystem {");
	if (!fs->nmounts)
		line(o, NULL, 1, "# nothing mounted");
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		struct strbuf fb = STRBUF_INIT;
		mount_flags(&fb, m);
		const char *flags = sb_str(&fb);
		const char *kind = ir_mount_kind_name(m->kind);
		switch (m->kind) {
		case IR_MOUNT_ROOT:
			line(o, &m->at, 1, "root %s%s", word(m->source), flags);
			break;
		case IR_MOUNT_BIND:
			line(o, &m->at, 1, "bind %s %s%s", word(m->source), word(m->target), flags);
			break;
		case IR_MOUNT_SYMLINK:
			line(o, &m->at, 1, "symlink %s %s", word(m->source), word(m->target));
			break;
		case IR_MOUNT_OVERLAY:
			if (m->upper)
				line(o, &m->at, 1, "overlay %s lower %s upper %s work %s%s", word(m->target),
				     word(m->lower), word(m->upper), word(m->work), flags);
			else
				line(o, &m->at, 1, "overlay %s lower %s%s", word(m->target), word(m->lower), flags);
			break;
		default:
			line(o, &m->at, 1, "%s %s%s", kind, word(m->target), flags);
		}
		sb_free(&fb);
	}
	line(o, NULL, 0, "}");
}

static void print_caps(struct pol_out *o, const struct ir_caps *caps)
{
	if (draft(o) && !caps->set)
		return;
	line(o, NULL, 0, "capabilities {");
	if (!caps->keep)
		line(o, caps->set ? &caps->at : NULL, 1, "# every capability dropped");
	for (int cap = 0; cap < 64; cap++) {
		const char *name = vocab_capability_name(cap);
		if (caps->keep & (1ull << cap))
			line(o, &caps->cap_at[cap], 1, "keep %s", name ? name : "?");
		if (caps->ambient & (1ull << cap)) /* the language's own statement */
			line(o, &caps->cap_at[cap], 1, "ambient %s", name ? name : "?");
	}
	line(o, NULL, 0, "}");
}

static void print_cgroup(struct pol_out *o, const struct ir_cgroup *cg)
{
	if (!cg->set) {
		line(o, NULL, 0, "# cgroup: none (no limits, the caller's cgroup)");
		return;
	}
	line(o, NULL, 0, "cgroup {");
	if (cg->parent)
		line(o, NULL, 1, "parent %s", word(cg->parent));
	if (cg->optional)
		line(o, NULL, 1, "optional");
	for (size_t i = 0; i < cg->nlimits; i++) {
		const struct ir_cg_limit *l = &cg->limits[i];
		const char *key = ir_cg_key_name(l->key);
		if (l->text)
			line(o, &l->at, 1, "%s %s", key, l->text);
		else if (l->num == IR_CG_UNLIMITED)
			line(o, &l->at, 1, "%s max", key);
		else if (l->key == IR_CG_MEMORY_MAX || l->key == IR_CG_MEMORY_HIGH ||
			 l->key == IR_CG_MEMORY_SWAP_MAX) {
			char sz[32];
			line(o, &l->at, 1, "%s %s", key, size_text(sz, sizeof(sz), l->num));
		}
		else if (l->key == IR_CG_CPU_MAX)
			line(o, &l->at, 1, "%s %llu %llu", key, (unsigned long long)l->num,
			     (unsigned long long)l->num2);
		else
			line(o, &l->at, 1, "%s %llu", key, (unsigned long long)l->num);
	}
	if (cg->devices_set) {
		line(o, NULL, 1, "devices {");
		for (size_t i = 0; i < cg->ndevices; i++) {
			const struct ir_dev_rule *r = &cg->devices[i];
			char maj[16] = "*", min[16] = "*";
			if (r->major != IR_DEV_ANY)
				snprintf(maj, sizeof(maj), "%u", r->major);
			if (r->minor != IR_DEV_ANY)
				snprintf(min, sizeof(min), "%u", r->minor);
			line(o, &r->at, 2, "%s %c %s:%s %s%s%s", r->allow ? "allow" : "deny", r->type, maj, min,
			     r->access & IR_DEV_ACCESS_R ? "r" : "", r->access & IR_DEV_ACCESS_W ? "w" : "",
			     r->access & IR_DEV_ACCESS_M ? "m" : "");
		}
		line(o, NULL, 1, "}");
	}
	line(o, NULL, 0, "}");
}

static void print_lsm(struct pol_out *o, const struct ir_lsm *l)
{
	if (!l->apparmor.name && !l->selinux.name && !l->landlock.set) {
		if (!draft(o))
			line(o, NULL, 0, "# lsm: none");
		return;
	}
	line(o, NULL, 0, "lsm {");
	if (l->apparmor.name)
		line(o, &l->apparmor.at, 1, "apparmor %s%s", word(l->apparmor.name),
		     l->apparmor.optional ? " optional" : "");
	if (l->selinux.name)
		line(o, &l->selinux.at, 1, "selinux %s%s", word(l->selinux.name),
		     l->selinux.optional ? " optional" : "");
	if (l->landlock.set) {
		const struct ir_landlock *ll = &l->landlock;
		line(o, &ll->at, 1, "landlock {");
		for (size_t i = 0; i < ll->npaths; i++) {
			const struct ir_landlock_path *p = &ll->paths[i];
			if (p->access & IR_LL_READ)
				line(o, &p->at, 2, "read %s", word(p->path));
			if (p->access & IR_LL_WRITE)
				line(o, &p->at, 2, "write %s", word(p->path));
			if (p->access & IR_LL_EXECUTE)
				line(o, &p->at, 2, "execute %s", word(p->path));
		}
		for (size_t i = 0; i < ll->nports; i++)
			line(o, &ll->ports[i].at, 2, "%s tcp %u", ll->ports[i].bind ? "bind" : "connect",
			     ll->ports[i].port);
		if (ll->optional)
			line(o, NULL, 2, "optional");
		line(o, NULL, 2, "scope%s%s%s", ll->scope_abstract_unix ? " abstract_unix" : "",
		     ll->scope_signal ? " signal" : "",
		     !ll->scope_abstract_unix && !ll->scope_signal ? " none" : "");
		line(o, NULL, 1, "}");
	}
	line(o, NULL, 0, "}");
}

static void print_syscalls(struct pol_out *o, const struct ir_syscalls *sc)
{
	if (!sc->set) {
		if (!draft(o)) /* a draft without one keeps the base's */
			line(o, NULL, 0, "# syscalls: no filter (every system call allowed)");
		return;
	}
	line(o, NULL, 0, "syscalls {");
	struct strbuf b = STRBUF_INIT;
	pol_put_action(&b, &sc->default_action);
	line(o, &sc->default_at, 1, "default %s", sb_str(&b));
	sb_reset(&b);
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (sc->arches & (1u << a))
			sb_printf(&b, " %s", arch_name(a));
	if (!draft(o) || sc->arch_at.file)
		line(o, &sc->arch_at, 1, "arch%s", sb_str(&b));
	for (size_t i = 0; i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		sb_reset(&b);
		if (draft(o))
			pol_put_rule_named(&b, r);
		else
			pol_put_rule(&b, r);
		o->via_group = r->via_group;
		line(o, &r->at, 1, "%s", sb_str(&b));
		o->via_group = NULL;
	}
	sb_free(&b);
	line(o, NULL, 0, "}");
}

void pol_print_name(struct pol_out *o, const struct pol_ir *ir)
{
	if (ir->name)
		line(o, &ir->name_at, 0, "policy %s", ir->name);
}

/* Said only when the policy has one: older outputs stay as they were. */
static void print_network(struct pol_out *o, const struct ir_network *n)
{
	if (!n->set)
		return;
	line(o, &n->at, 0, "network {");
	for (size_t i = 0; i < n->nrules; i++) {
		char text[160];
		line(o, &n->rules[i].at, 1, "%s", ir_net_text(&n->rules[i], text, sizeof(text)));
	}
	if (n->dns_host)
		line(o, &n->dns_at, 1, "dns host");
	line(o, NULL, 0, "}");
}

void pol_print_sections(struct pol_out *o, const struct pol_ir *ir)
{
	print_process(o, &ir->process);
	print_namespaces(o, &ir->namespaces);
	print_filesystem(o, &ir->filesystem);
	print_caps(o, &ir->caps);
	print_cgroup(o, &ir->cgroup);
	print_lsm(o, &ir->lsm);
	print_network(o, &ir->network);
	print_syscalls(o, &ir->syscalls);
}

void pol_print_ir(struct pol_out *o, const struct pol_ir *ir)
{
	pol_print_name(o, ir);
	pol_print_sections(o, ir);
}

/* The plain sink: lines into a strbuf, origins dropped. */
static void text_line(struct pol_out *o, const struct ir_origin *at, int depth, const char *text)
{
	sb_printf(o->ctx, "%*s%s\n", depth * 4, "", text);
}

char *pol_print_text(const struct pol_ir *ir)
{
	struct strbuf b = STRBUF_INIT;
	struct pol_out o = { text_line, &b, NULL, NULL };
	pol_print_ir(&o, ir);
	return sb_steal(&b);
}

char *pol_print_draft(const struct pol_ir *ir, const struct pol_text_opts *opts)
{
	struct strbuf b = STRBUF_INIT;
	struct pol_out o = { text_line, &b, NULL, opts };
	if (opts->header)
		sb_puts(&b, opts->header);
	pol_print_name(&o, ir);
	if (opts->use)
		line(&o, NULL, 0, "use %s", opts->use);
	print_caps(&o, &ir->caps);
	print_lsm(&o, &ir->lsm);
	print_syscalls(&o, &ir->syscalls);
	return sb_steal(&b);
}
