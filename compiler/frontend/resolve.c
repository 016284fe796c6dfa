/* `use NAME` and `@group` resolution.
 *
 * `use NAME` looks for NAME.pol, in order: each -I directory, each entry of
 * $POLC_PATH (colon list), the installed POL_DATADIR/policies, and, for
 * running from a build tree, policies/ beside the directory holding polc
 * (build/../policies). NAME is a plain word, so no `use` escapes the
 * search path. A file used twice is applied once; a cycle is an error.
 *
 * `@name` is found among the groups of the file that names it, then of
 * every file read so far, then of the standard library file groups.pol on
 * the same search path, read the first time a group is not found. */
#include "frontend/fe.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vocab/vocab.h"

static bool use_name_ok(const char *s)
{
	if (!*s || *s == '.' || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

static bool try_dir(const char *dir, size_t dirlen, const char *name, char *out, size_t size)
{
	if (!dirlen)
		return false;
	int n = snprintf(out, size, "%.*s/%s.pol", (int)dirlen, dir, name);
	return n > 0 && (size_t)n < size && access(out, R_OK) == 0;
}

/* build/../policies: the tree polc was built in. */
static bool try_build_tree(const char *name, char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return false;
		*slash = '\0';
	}
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof(dir), "%s/policies", exe) >= (int)sizeof(dir))
		return false;
	return try_dir(dir, strlen(dir), name, out, size);
}

/* Where NAME.pol is, or false. */
static bool find_policy(struct fe_ctx *c, const char *name, char *out, size_t size)
{
	for (size_t i = 0; i < c->opts->ninclude_dirs; i++) {
		const char *d = c->opts->include_dirs[i];
		if (try_dir(d, strlen(d), name, out, size))
			return true;
	}
	const char *env = getenv("POLC_PATH");
	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t len = colon ? (size_t)(colon - env) : strlen(env);
		if (try_dir(env, len, name, out, size))
			return true;
		env = colon ? colon + 1 : NULL;
	}
	const char *data = POL_DATADIR "/policies";
	if (try_dir(data, strlen(data), name, out, size))
		return true;
	return try_build_tree(name, out, size);
}

static struct fe_file *already_read(struct fe_ctx *c, const char *path)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (!strcmp(c->files[i]->path, path))
			return c->files[i];
	return NULL;
}

void fe_use(struct fe_ctx *c, const struct ast_stmt *s)
{
	if (fe_arity(c, s, 1, 1, "NAME (a policy on the search path)") < 0)
		return;
	const struct ast_word *w = s->args.v[0];
	if (!use_name_ok(w->text)) {
		diag_error(c->d, fe_word_loc(w),
			   "'use' takes a policy name, not a path: '%s'", w->text);
		return;
	}
	char path[PATH_MAX];
	if (!find_policy(c, w->text, path, sizeof(path))) {
		diag_error(c->d, fe_word_loc(w), "policy '%s' not found", w->text);
		diag_note(c->d, (struct diag_loc){ 0 },
			  "searched for %s.pol in: the -I directories, $POLC_PATH, %s/policies, "
			  "and policies/ beside polc's build directory", w->text, POL_DATADIR);
		return;
	}
	struct fe_file *f = already_read(c, path);
	if (f && !f->done && !f->stdlib_groups) {
		for (size_t i = 0; i < c->depth; i++)
			if (c->stack[i] == f) {
				diag_error(c->d, fe_word_loc(w), "'use %s' forms a cycle: %s is already being read",
					   w->text, path);
				return;
			}
	}
	if (f && f->done)
		return; /* applied once already: later files have overridden it */
	if (c->depth > POL_MAX_USE_DEPTH) {
		diag_error(c->d, fe_word_loc(w), "'use' nested deeper than %d files", POL_MAX_USE_DEPTH);
		return;
	}
	if (!f)
		f = fe_read_file(c, path, &w->loc);
	if (!f)
		return;
	f->stdlib_groups = false;
	fe_apply_file(c, f);
}

/* ---- groups ---- */

static struct fe_group *find_group(struct fe_ctx *c, const char *name, const struct fe_file *prefer)
{
	struct fe_group *any = NULL;
	for (size_t i = c->ngroups; i-- > 0;) {
		if (strcmp(c->groups[i].name, name))
			continue;
		if (c->groups[i].file == prefer)
			return &c->groups[i];
		if (!any)
			any = &c->groups[i]; /* the latest definition read */
	}
	return any;
}

static bool group_name_ok(const char *s)
{
	if (s[0] != '@' || !s[1])
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

void fe_collect_groups(struct fe_ctx *c, struct fe_file *f)
{
	if (f->groups_collected) /* groups.pol read for its groups, then used */
		return;
	f->groups_collected = true;
	for (size_t i = 0; i < f->ast->stmts->n; i++) {
		const struct ast_stmt *s = f->ast->stmts->v[i];
		if (strcmp(ast_head(s), "group"))
			continue;
		if (!s->args.n || !s->body) {
			diag_error(c->d, fe_loc(&s->loc), "a group is written 'group @name { syscalls }'");
			continue;
		}
		const struct ast_word *w = s->args.v[0];
		if (s->args.n > 1)
			diag_error(c->d, fe_word_loc(s->args.v[1]), "unexpected '%s' after the group name",
				   s->args.v[1]->text);
		if (!group_name_ok(w->text)) {
			diag_error(c->d, fe_word_loc(w), "a group name starts with '@' and is a plain word, not '%s'",
				   w->text);
			continue;
		}
		struct fe_group *prev = find_group(c, w->text, f);
		if (prev && prev->file == f) {
			diag_error(c->d, fe_word_loc(w), "group %s is defined twice in this file", w->text);
			diag_note(c->d, fe_loc(&prev->def->loc), "the other definition is here");
			continue;
		}
		for (size_t j = 0; j < s->body->n; j++) {
			const struct ast_stmt *line = s->body->v[j];
			if (line->cond || line->body)
				diag_error(c->d, fe_loc(&line->loc), "a group holds syscall names only");
		}
		c->groups = fe_grow(c->groups, &c->ngroups, sizeof(*c->groups));
		c->groups[c->ngroups - 1] = (struct fe_group){
			.name = ir_intern(c->ir, w->text), .def = s, .file = f,
		};
	}
}

/* groups.pol, read once, for its groups only. */
static void load_stdlib_groups(struct fe_ctx *c)
{
	if (c->stdlib_tried)
		return;
	c->stdlib_tried = true;
	char path[PATH_MAX];
	if (!find_policy(c, "groups", path, sizeof(path)) || already_read(c, path))
		return;
	struct fe_file *f = fe_read_file(c, path, NULL);
	if (!f)
		return;
	f->stdlib_groups = true;
	fe_collect_groups(c, f);
}

void fe_stdlib_groups(struct fe_ctx *c)
{
	load_stdlib_groups(c);
}

static void push_word(const struct ast_word ***v, size_t *n, const struct ast_word *w)
{
	*v = fe_grow(*v, n, sizeof(**v));
	(*v)[*n - 1] = w;
}

/* Append the syscalls of group number gi (expanding nested groups) to v.
 * By index, not pointer: a nested look-up may read groups.pol and so grow
 * c->groups. */
static int expand(struct fe_ctx *c, size_t gi, const struct ast_word ***v, size_t *n)
{
	if (c->groups[gi].expanding) {
		diag_error(c->d, fe_loc(&c->groups[gi].def->loc), "group %s includes itself",
			   c->groups[gi].name);
		return -1;
	}
	c->groups[gi].expanding = true;
	const struct ast_stmts *body = c->groups[gi].def->body;
	int r = 0;
	for (size_t i = 0; i < body->n; i++) {
		const struct ast_stmt *line = body->v[i];
		for (size_t j = 0; j <= line->args.n; j++) {
			const struct ast_word *w = j ? line->args.v[j - 1] : line->head;
			if (w->text[0] == '@') {
				size_t count;
				const struct ast_word **sub = fe_group_expand(c, w, &count);
				if (!sub) {
					r = -1;
					continue;
				}
				for (size_t k = 0; k < count; k++)
					push_word(v, n, sub[k]);
				free(sub);
			} else if (c->groups[gi].checked ? vocab_syscall_known(w->text)
							 : fe_syscall_known(c, w)) {
				push_word(v, n, w);
			} else {
				r = -1;
			}
		}
	}
	c->groups[gi].expanding = false;
	c->groups[gi].checked = true; /* its unknown names were reported once */
	return r;
}

const struct ast_word **fe_group_expand(struct fe_ctx *c, const struct ast_word *w, size_t *n)
{
	*n = 0;
	struct fe_file *cur = fe_current(c);
	struct fe_group *g = find_group(c, w->text, cur);
	if (!g) {
		load_stdlib_groups(c);
		g = find_group(c, w->text, cur);
	}
	if (!g) {
		const char *names[c->ngroups + 1];
		for (size_t i = 0; i < c->ngroups; i++)
			names[i] = c->groups[i].name;
		fe_unknown(c, w, "group", names, c->ngroups);
		return NULL;
	}
	const struct ast_word **v = NULL;
	if (expand(c, (size_t)(g - c->groups), &v, n) < 0 && !*n) {
		free(v);
		return NULL;
	}
	return v;
}
