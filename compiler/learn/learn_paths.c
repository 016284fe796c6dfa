/* The draft's Landlock ruleset and capabilities. Every path a run used
 * becomes a rule for the rights it used (read, write, execute), placed
 * where a rule can stand: a path that does not exist (a probe that
 * failed, a file the run made and removed) moves up to the nearest
 * directory that does, looked up on this host through the base's mounts
 * (a bind's source, a root directory; the contents of a tmpfs or /proc
 * are made at run time, so their mount point stands for them); a
 * directory with COLLAPSE_MIN or more entries for one right becomes one
 * rule, repeatedly, but never `/`. Ports come from the `net` records, the
 * capabilities from the `cap` records, each with the event that implied
 * it. A later file's landlock block and capabilities section replace the
 * base's (docs/language.md), so the base's own are restated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "learn/learn_collapse.h"
#include "learn/learn_exec.h"
#include "learn/learn_int.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

/* ---- paths ------------------------------------------------------------- */

/* Lexical normal form: no "//", ".", "..", trailing '/'. */
static char *normalise(const char *path)
{
	char *out = xmalloc(strlen(path) + 2);
	size_t len = 0;
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0)
			break;
		if (n == 2 && !memcmp(p, "..", 2)) {
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
		} else if (!(n == 1 && p[0] == '.')) {
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
	}
	if (!len)
		out[len++] = '/';
	out[len] = '\0';
	return out;
}

/* A path the language takes as one word (see tests/learn for the set). */
static bool writable_word(const char *path)
{
	for (const char *p = path; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("/._-+,:=@~%", *p)))
			return false;
	return true;
}

/* The base's mount that `path` is in (the longest target), or NULL. */
static const char *target_of(const struct ir_mount *m)
{
	return m->kind == IR_MOUNT_ROOT || !m->target ? "/" : m->target;
}

static const struct ir_mount *mount_of(const struct pol_ir *base, const char *path)
{
	const struct ir_mount *best = NULL;
	for (size_t i = 0; i < base->filesystem.nmounts; i++) {
		const struct ir_mount *m = &base->filesystem.mounts[i];
		if (learn_path_beneath(path, target_of(m)) && (!best || strlen(target_of(m)) >= strlen(target_of(best))))
			best = m;
	}
	return best;
}

/* Does `path` (in the container) exist, looked up on this host? */
/* `path` in the container as this host names it; false beneath a mount
 * whose contents are made at run time (a tmpfs, /proc), not the host's. */
static bool host_path(const struct pol_ir *base, const char *path, char *out, size_t size)
{
	const struct ir_mount *m = mount_of(base, path);
	if (m && (m->kind == IR_MOUNT_TMPFS || m->kind == IR_MOUNT_PROC || m->kind == IR_MOUNT_MQUEUE))
		return false;
	if (m && (m->kind == IR_MOUNT_BIND || m->kind == IR_MOUNT_ROOT) && m->source) {
		const char *target = target_of(m);
		const char *rest = path + (strcmp(target, "/") ? strlen(target) : 0);
		return (size_t)snprintf(out, size, "%s%s", m->source, rest) < size;
	}
	return (size_t)snprintf(out, size, "%s", path) < size;
}

static bool exists(const struct pol_ir *base, const char *path)
{
	const struct ir_mount *m = mount_of(base, path);
	char host[8192];
	struct stat st;
	if (m && (m->kind == IR_MOUNT_TMPFS || m->kind == IR_MOUNT_PROC || m->kind == IR_MOUNT_MQUEUE))
		return !strcmp(path, target_of(m)); /* its contents are the run's own */
	return host_path(base, path, host, sizeof host) && stat(host, &st) == 0;
}

/* Where a rule for `path` can stand, or NULL (then *why says why not). */
static char *place(const struct learn_draft *d, const char *path, uint32_t right, const char **why)
{
	char *p = normalise(path);
	/* another process's /proc directory: its pid is not the next run's */
	if (!strncmp(p, "/proc/", 6) && (p[6] == 's' || p[6] == 't' || (p[6] >= '0' && p[6] <= '9')))
		p[5] = '\0'; /* "/proc" */
	/* An exec of a path that is not there is a PATH search: the search goes
	 * on past EACCES as past ENOENT, and execute on the directory above
	 * would let anything in it run. */
	if (right == IR_LL_EXECUTE && (!writable_word(p) || !exists(&d->base, p))) {
		*why = "not on this host (a PATH search): no rule";
		free(p);
		return NULL;
	}
	while (strcmp(p, "/") && (!writable_word(p) || !exists(&d->base, p)))
		learn_path_up(p);
	if (!strcmp(p, "/")) {
		*why = !strcmp(path, "/") ? "a rule on / would cover every file"
					  : "nothing on its way up from it exists on this host but /";
		free(p);
		return NULL;
	}
	return p;
}

/* Calls that make or remove a name: the right is the directory's. */
static bool changes_directory(const char *op)
{
	static const char *const ops[] = { "unlink", "unlinkat", "rmdir", "rename", "renameat", "renameat2",
					   "mkdir", "mkdirat", "link", "linkat", "symlink", "symlinkat",
					   "mknod", "mknodat", NULL };
	for (size_t i = 0; ops[i]; i++)
		if (!strcmp(op, ops[i]))
			return true;
	return false;
}

/* Calls whose paths Landlock checks (opening, executing, making and
 * removing names, truncating): stat, access, readlink, chmod, chown and
 * the like are not checked by Landlock, so a rule for them would only
 * widen the ruleset. */
static bool landlock_checks(const char *op)
{
	static const char *const ops[] = { "open", "openat", "openat2", "creat", "execve", "execveat",
					   "truncate", NULL };
	for (size_t i = 0; ops[i]; i++)
		if (!strcmp(op, ops[i]))
			return true;
	return changes_directory(op);
}

/* The interpreters (and theirs: a script run by a dynamic program) of
 * every program the runs executed. */
static void add_interpreters(struct learn_draft *d, struct entries *es)
{
	size_t added = es->n; /* the interpreters are appended from here on */
	for (size_t i = 0; i < es->n; i++) { /* es grows: an interpreter's own is seen too */
		char host[8192], interp[4096];
		if (es->v[i].right != IR_LL_EXECUTE || !host_path(&d->base, es->v[i].path, host, sizeof host) ||
		    !learn_exec_interp(host, interp, sizeof interp))
			continue;
		const char *why;
		char *p = place(d, interp, IR_LL_EXECUTE, &why);
		if (!p || !strcmp(p, es->v[i].path)) {
			free(p);
			continue;
		}
		bool have = false; /* a loader is the interpreter of every program: once */
		for (size_t j = added; j < es->n && !have; j++)
			have = !strcmp(es->v[j].path, p);
		if (have) {
			free(p);
			continue;
		}
		char *via = xstrdup(es->v[i].path);
		entries_add(es, p, IR_LL_EXECUTE, es->v[i].first);
		es->v[es->n - 1].via = via;
		free(p);
	}
}

static void record_paths(struct learn_draft *d, struct entries *es)
{
	for (size_t i = 0; i < d->s->n; i++) {
		const struct learn_rec *r = &d->s->recs[i];
		const char *path = r->kind == LEARN_FILE ? r->path : NULL;
		uint32_t acc = r->acc;
		if (r->kind == LEARN_NET && !strcmp(r->fam, "unix") && !strcmp(r->op, "bind") &&
		    r->addr[0] == '/') {
			path = r->addr; /* a socket file made: write in its directory */
			acc = IR_LL_WRITE;
		}
		if (!path || (r->kind == LEARN_FILE && !landlock_checks(r->op)))
			continue;
		for (uint32_t right = IR_LL_READ; right <= IR_LL_EXECUTE; right <<= 1) {
			if (!(acc & right))
				continue;
			char *at = normalise(path);
			if (right == IR_LL_WRITE && (r->kind == LEARN_NET || changes_directory(r->op)))
				learn_path_up(at);
			const char *why = NULL;
			char *p = place(d, at, right, &why);
			if (p)
				entries_add(es, p, right, r);
			else {
				struct strbuf b = STRBUF_INIT;
				learn_seen(&b, r);
				learn_left_out(d, "%s %s (%s): %s", right == IR_LL_READ ? "read" : right == IR_LL_WRITE ? "write" : "execute",
					       path, sb_str(&b), why);
				sb_free(&b);
			}
			free(p);
			free(at);
		}
	}
}

/* The entries' callback: a regular file on this host (execute on it
 * gives read_file, so a read entry for it is dropped). */
static bool regular_file(void *ctx, const char *path)
{
	const struct pol_ir *base = ctx;
	char host[8192];
	struct stat st;
	return host_path(base, path, host, sizeof host) && stat(host, &st) == 0 && S_ISREG(st.st_mode);
}

static bool base_covers(const struct pol_ir *base, const struct entry *e)
{
	const struct ir_landlock *ll = &base->lsm.landlock;
	for (size_t i = 0; i < ll->npaths; i++) {
		uint32_t acc = ll->paths[i].access;
		if (acc & IR_LL_WRITE)
			acc |= IR_LL_READ;
		if ((acc & e->right) && learn_path_beneath(e->path, ll->paths[i].path))
			return true;
	}
	return false;
}

static void add_path(struct learn_draft *d, const struct entry *e)
{
	struct ir_landlock *ll = &d->ir.lsm.landlock;
	const char *word = e->right == IR_LL_READ ? "read" : e->right == IR_LL_WRITE ? "write" : "execute";
	struct strbuf b = STRBUF_INIT;
	struct learn_rec all = *e->first;
	all.n = e->n; /* every event the rule stands for */
	if (e->via)
		sb_printf(&b, "%s: the interpreter the kernel runs for %s, ", word, e->via);
	else if (e->files > 1)
		sb_printf(&b, "%s: %zu paths beneath, ", word, e->files);
	else
		sb_printf(&b, "%s: ", word);
	learn_seen(&b, &all);
	sb_printf(&b, ": %s %s", e->first->kind == LEARN_NET ? "bind unix" : e->first->op,
		  e->first->kind == LEARN_NET ? e->first->addr : e->first->path);
	ll->paths = xreallocarray(ll->paths, ll->npaths + 1, sizeof *ll->paths);
	ll->paths[ll->npaths++] = (struct ir_landlock_path){ xstrdup(e->path), e->right,
							     learn_note(d, "%s", sb_str(&b)) };
	sb_free(&b);
}

static void restate_base_landlock(struct learn_draft *d)
{
	const struct ir_landlock *bl = &d->base.lsm.landlock;
	struct ir_landlock *ll = &d->ir.lsm.landlock;
	ll->optional = bl->optional;
	ll->scope_abstract_unix = bl->scope_abstract_unix;
	ll->scope_signal = bl->scope_signal;
	for (size_t i = 0; i < bl->npaths; i++) {
		ll->paths = xreallocarray(ll->paths, ll->npaths + 1, sizeof *ll->paths);
		ll->paths[ll->npaths++] = (struct ir_landlock_path){
			xstrdup(bl->paths[i].path), bl->paths[i].access,
			learn_note(d, "the base's, restated (%s:%d): a landlock block replaces the base's",
				   bl->paths[i].at.file ? bl->paths[i].at.file : "built-in", bl->paths[i].at.line),
		};
	}
	for (size_t i = 0; i < bl->nports; i++) {
		ll->ports = xreallocarray(ll->ports, ll->nports + 1, sizeof *ll->ports);
		ll->ports[ll->nports] = bl->ports[i];
		ll->ports[ll->nports++].at = learn_note(d, "the base's, restated (%s:%d)",
							bl->ports[i].at.file ? bl->ports[i].at.file : "built-in",
							bl->ports[i].at.line);
	}
}

static void add_ports(struct learn_draft *d)
{
	struct ir_landlock *ll = &d->ir.lsm.landlock;
	for (size_t i = 0; i < d->s->n; i++) {
		const struct learn_rec *r = &d->s->recs[i];
		if (r->kind != LEARN_NET || !strcmp(r->fam, "unix"))
			continue;
		struct strbuf b = STRBUF_INIT;
		learn_seen(&b, r);
		bool bind = !strcmp(r->op, "bind");
		if (strcmp(r->type, "stream") || (bind && r->port == 0)) {
			learn_left_out(d, "%s %s %s %s port %u (%s): Landlock restricts TCP ports only, not this",
				       r->op, r->fam, r->type[0] ? r->type : "-", r->addr, r->port, sb_str(&b));
			sb_free(&b);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < ll->nports && !dup; j++)
			dup = ll->ports[j].bind == bind && ll->ports[j].port == r->port;
		if (!dup) {
			ll->ports = xreallocarray(ll->ports, ll->nports + 1, sizeof *ll->ports);
			ll->ports[ll->nports++] = (struct ir_landlock_port){
				bind, (uint16_t)r->port,
				learn_note(d, "%s: %s %s:%u", sb_str(&b), r->op, r->addr, r->port),
			};
		}
		sb_free(&b);
	}
}

void learn_paths(struct learn_draft *d)
{
	struct entries es = { 0 };
	record_paths(d, &es);
	entries_merge(&es); /* one look at each program for its interpreter */
	add_interpreters(d, &es);
	entries_collapse(&es);
	entries_drop_covered(&es, regular_file, &d->base);
	entries_sort_for_print(&es);
	struct ir_landlock *ll = &d->ir.lsm.landlock;
	if (d->base.lsm.landlock.set)
		restate_base_landlock(d);
	for (size_t i = 0; i < es.n; i++)
		if (!base_covers(&d->base, &es.v[i]))
			add_path(d, &es.v[i]);
	add_ports(d);
	if (ll->npaths || ll->nports || d->base.lsm.landlock.set) {
		ll->set = true;
		ll->at = learn_note(d, "Landlock: beneath these paths only, with these rights; TCP "
				       "bind/connect only to these ports when any is listed");
	}
	entries_free(&es);
}

void learn_caps(struct learn_draft *d)
{
	struct ir_caps *caps = &d->ir.caps;
	const struct ir_caps *bc = &d->base.caps;
	uint64_t learned = 0;
	for (size_t i = 0; i < d->s->n; i++) {
		const struct learn_rec *r = &d->s->recs[i];
		if (r->kind != LEARN_CAP || (bc->keep >> r->cap & 1) || (learned >> r->cap & 1))
			continue;
		learned |= 1ull << r->cap;
		struct strbuf b = STRBUF_INIT;
		learn_seen(&b, r);
		caps->cap_at[r->cap] = learn_note(d, "%s: %s", sb_str(&b), r->why);
		sb_free(&b);
	}
	if (!learned)
		return;
	caps->set = true;
	caps->keep = bc->keep | learned;
	caps->ambient = bc->ambient;
	for (int c = 0; c < 64; c++)
		if (bc->keep >> c & 1)
			caps->cap_at[c] = learn_note(d, "the base's, restated: a capabilities section replaces the base's");
}
