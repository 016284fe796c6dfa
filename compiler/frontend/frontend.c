/* The front end's entry points: read the top file, apply it and every file
 * it uses to one IR, check the result, and fill the sources and digest. */
#include "frontend/fe.h"
#include "util/xalloc.h"

#include "pol_limits.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diag_loc fe_loc(const struct pol_loc *l)
{
	int len = l->last_line == l->first_line ? l->last_column - l->first_column : 1;
	return (struct diag_loc){ l->file, l->first_line, l->first_column, len };
}

struct diag_loc fe_word_loc(const struct ast_word *w)
{
	return fe_loc(&w->loc);
}

struct fe_file *fe_current(struct fe_ctx *c)
{
	return c->depth ? c->stack[c->depth - 1] : NULL;
}

struct ir_origin fe_origin(struct fe_ctx *c, const struct pol_loc *l)
{
	return (struct ir_origin){ ir_intern(c->ir, l->file), l->first_line, l->first_column };
}

bool fe_same_file(const struct ir_origin *a, const struct ir_origin *b)
{
	return a->file && b->file && !strcmp(a->file, b->file);
}

void fe_conflict(struct fe_ctx *c, const struct pol_loc *now, const struct ir_origin *before,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vemit(c->d, DIAG_ERROR, fe_loc(now), NULL, fmt, ap);
	va_end(ap);
	diag_note(c->d, (struct diag_loc){ before->file, before->line, before->col, 0 },
		  "the other setting is here");
}

/* ---- top-level statements ---- */

static const char *const top_words[] = {
	"policy", "use", "group", "process", "namespaces", "filesystem",
	"capabilities", "cgroup", "lsm", "syscalls", "network",
};
enum { TOP_POLICY, TOP_USE, TOP_GROUP, TOP_PROCESS, TOP_NAMESPACES, TOP_FILESYSTEM,
       TOP_CAPABILITIES, TOP_CGROUP, TOP_LSM, TOP_SYSCALLS, TOP_NETWORK, TOP_COUNT };

static bool plain_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

static void lower_policy_name(struct fe_ctx *c, const struct ast_stmt *s)
{
	fe_no_body(c, s);
	fe_no_cond(c, s);
	if (fe_arity(c, s, 1, 1, "NAME") < 0)
		return;
	const struct ast_word *w = s->args.v[0];
	if (!plain_name(w->text)) {
		diag_error(c->d, fe_word_loc(w), "policy name '%s' is not a plain word", w->text);
		return;
	}
	/* only the top file names the policy; used files' names are theirs */
	if (c->depth != 1)
		return;
	if (c->ir->name && fe_same_file(&c->ir->name_at, &(struct ir_origin){ s->loc.file, 0, 0 })) {
		fe_conflict(c, &s->loc, &c->ir->name_at, "the policy is named twice");
		return;
	}
	free(c->ir->name);
	c->ir->name = fe_strdup(w->text);
	c->ir->name_at = fe_origin(c, &s->loc);
}

typedef void (*section_fn)(struct fe_ctx *, const struct ast_stmt *);

static void apply_section(struct fe_ctx *c, const struct ast_stmt *s, section_fn fn)
{
	fe_no_cond(c, s);
	if (!s->body) {
		diag_error(c->d, fe_loc(&s->loc), "'%s' is a section: write '%s { ... }'",
			   ast_head(s), ast_head(s));
		return;
	}
	if (s->args.n)
		diag_error(c->d, fe_word_loc(s->args.v[0]), "unexpected '%s' after '%s'",
			   s->args.v[0]->text, ast_head(s));
	fn(c, s);
}

static void apply_top(struct fe_ctx *c, const struct ast_stmt *s)
{
	int k = fe_keyword(c, s->head, "statement", top_words, TOP_COUNT);
	static const section_fn sections[TOP_COUNT] = {
		[TOP_PROCESS] = fe_lower_process, [TOP_NAMESPACES] = fe_lower_namespaces,
		[TOP_FILESYSTEM] = fe_lower_filesystem, [TOP_CAPABILITIES] = fe_lower_capabilities,
		[TOP_CGROUP] = fe_lower_cgroup, [TOP_LSM] = fe_lower_lsm,
		[TOP_SYSCALLS] = fe_lower_syscalls, [TOP_NETWORK] = fe_lower_network,
	};
	c->stmt_counter++;
	switch (k) {
	case -1:
		return;
	case TOP_POLICY:
		lower_policy_name(c, s);
		return;
	case TOP_USE:
		fe_no_body(c, s);
		fe_no_cond(c, s);
		fe_use(c, s);
		return;
	case TOP_GROUP:
		return; /* collected before the file is applied */
	default:
		apply_section(c, s, sections[k]);
	}
}

void fe_apply_file(struct fe_ctx *c, struct fe_file *f)
{
	c->stack[c->depth++] = f;
	struct fe_rule *outer_rules = c->rules;
	size_t outer_nrules = c->nrules;
	bool caps = c->caps_seen_in_file, ll = c->landlock_seen_in_file,
	     dev = c->devices_seen_in_file, net = c->network_seen_in_file;
	c->rules = NULL;
	c->nrules = 0;
	c->caps_seen_in_file = c->landlock_seen_in_file = c->devices_seen_in_file = false;
	c->network_seen_in_file = false;

	fe_collect_groups(c, f);
	for (size_t i = 0; i < f->ast->stmts->n; i++)
		apply_top(c, f->ast->stmts->v[i]);
	fe_syscalls_file_done(c);

	fe_rules_free(c);
	c->rules = outer_rules;
	c->nrules = outer_nrules;
	c->caps_seen_in_file = caps;
	c->landlock_seen_in_file = ll;
	c->devices_seen_in_file = dev;
	c->network_seen_in_file = net;
	f->done = true;
	c->depth--;
}

/* ---- files ---- */

struct fe_file *fe_add_buffer(struct fe_ctx *c, const char *name, const char *text, size_t len)
{
	struct fe_file *f = xcalloc(1, sizeof(*f));
	f->path = fe_strdup(name);
	f->text = xmalloc(len + 1);
	memcpy(f->text, text, len);
	f->text[len] = '\0';
	f->len = len;
	f->origin = ir_intern(c->ir, name);
	diag_add_source(c->d, name, text, len);
	ast_parse(name, text, len, c->d, &f->ast);
	c->files = fe_grow(c->files, &c->nfiles, sizeof(*c->files));
	c->files[c->nfiles - 1] = f;
	return f;
}

struct fe_file *fe_read_file(struct fe_ctx *c, const char *path, const struct pol_loc *from)
{
	struct diag_loc at = from ? fe_loc(from) : (struct diag_loc){ path, 0, 0, 0 };
	char *buf;
	size_t len;
	struct err e;
	if (pol_read_file(path, &buf, &len, &e) < 0) {
		if (e.errnum)
			diag_error(c->d, at, "%s: %s", e.detail, strerror(e.errnum));
		else
			diag_error(c->d, at, "%s", e.detail);
		return NULL;
	}
	struct fe_file *f = fe_add_buffer(c, path, buf, len);
	free(buf);
	return f;
}

static void free_files(struct fe_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		ast_file_free(c->files[i]->ast);
		free(c->files[i]->path);
		free(c->files[i]->text);
		free(c->files[i]);
	}
	free(c->files);
	free(c->groups);
}

/* Every file read, in resolution order, with its SHA-256; the digest is
 * SHA-256 over the concatenated texts (no paths: moving the tree does not
 * change it). */
static void fill_sources(struct fe_ctx *c)
{
	EVP_MD_CTX *all = EVP_MD_CTX_new();
	c->ir->sources = xcalloc(c->nfiles, sizeof(*c->ir->sources));
	if (!all || !EVP_DigestInit_ex(all, EVP_sha256(), NULL))
		xalloc_die(); /* OpenSSL fails here only when it cannot allocate */
	for (size_t i = 0; i < c->nfiles; i++) {
		struct fe_file *f = c->files[i];
		c->ir->sources[i].path = fe_strdup(f->path);
		EVP_Digest(f->text, f->len, c->ir->sources[i].sha256, NULL, EVP_sha256(), NULL);
		EVP_DigestUpdate(all, f->text, f->len);
	}
	c->ir->nsources = c->nfiles;
	EVP_DigestFinal_ex(all, c->ir->source_digest, NULL);
	EVP_MD_CTX_free(all);
}

static int run(struct fe_ctx *c, struct fe_file *top)
{
	if (top && top->ast) {
		fe_apply_file(c, top);
		fe_network_finish(c);
		fe_filesystem_finish(c);
		fe_caps_finish(c);
		if (!diag_error_count(c->d)) /* no cascade after a failed `use` */
			fe_check_final(c);
	}
	fill_sources(c);
	free_files(c);
	return diag_error_count(c->d) ? -1 : 0;
}

static const struct fe_options no_options;

int frontend_load(const char *path, const struct fe_options *opts, struct pol_ir *ir,
		  struct diag *d)
{
	ir_init(ir);
	struct fe_ctx c = { .ir = ir, .d = d, .opts = opts ? opts : &no_options };
	return run(&c, fe_read_file(&c, path, NULL));
}

int frontend_load_buffer(const char *name, const char *text, size_t len,
			 const struct fe_options *opts, struct pol_ir *ir, struct diag *d)
{
	ir_init(ir);
	struct fe_ctx c = { .ir = ir, .d = d, .opts = opts ? opts : &no_options };
	if (len > POL_MAX_FILE_SIZE) {
		diag_error(d, (struct diag_loc){ name, 0, 0, 0 }, "'%s' is larger than %s (the file size limit)",
			   name, POL_MAX_FILE_SIZE_TEXT);
		return run(&c, NULL);
	}
	return run(&c, fe_add_buffer(&c, name, text, len));
}

char **frontend_stdlib_group_names(const struct fe_options *opts, size_t *n)
{
	struct pol_ir ir;
	struct diag d;
	ir_init(&ir);
	diag_init(&d);
	struct fe_ctx c = { .ir = &ir, .d = &d, .opts = opts ? opts : &no_options };
	fe_stdlib_groups(&c);
	char **names = xcalloc(c.ngroups + 1, sizeof *names);
	*n = 0;
	for (size_t i = 0; i < c.ngroups; i++)
		if (c.groups[i].file->stdlib_groups)
			names[(*n)++] = xstrdup(c.groups[i].name);
	free_files(&c);
	diag_free(&d);
	ir_free(&ir);
	return names;
}

int frontend_load_report(const char *path, const struct fe_options *opts, struct pol_ir *ir)
{
	struct diag d;
	diag_init(&d);
	int r = frontend_load(path, opts, ir, &d);
	diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	return r;
}
