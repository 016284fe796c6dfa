/* Internals of the front end, shared by its files and nobody else.
 *
 * Flow (frontend.c): read the top file, parse it (grammar/), then apply
 * its statements in order to one struct pol_ir; `use NAME` applies the
 * used file's statements in place (resolve.c). Each section has its own
 * lowering file (lower_*.c) that checks the words of a statement against
 * the vocabulary (names.c, values.c) and writes the IR, remembering where
 * each setting came from. Syscall rules are collected per file and merged
 * at the end of the file (lower_syscalls.c). check_final.c looks at the
 * finished IR for settings that cannot work together. */
#ifndef POL_FRONTEND_FE_H
#define POL_FRONTEND_FE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "grammar/ast.h"
#include "ir.h"
#include "pol_limits.h"


struct fe_file {
	char *path;          /* as opened (or the buffer's name) */
	char *text;
	size_t len;
	struct ast_file *ast;
	const char *origin;  /* interned path, for ir_origin */
	bool done;           /* fully applied (a second `use` is a no-op) */
	bool stdlib_groups;  /* groups.pol loaded only for its groups */
	bool groups_collected; /* its group definitions are registered */
};

struct fe_group {
	const char *name;           /* interned "@name" */
	const struct ast_stmt *def; /* `group @name { ... }` */
	struct fe_file *file;
	bool expanding;             /* cycle detection */
	bool checked;               /* names reported once already */
};

/* A syscall rule as one file states it, before the file's rules are merged
 * into the IR (see lower_syscalls.c for the rules of precedence). */
struct fe_rule {
	char *syscall;
	struct ir_action_spec act;
	struct ir_cond cond;
	struct ir_origin at;
	const char *via_group;
	size_t stmt_index; /* order of statements, for "later group wins" */
};

struct fe_ctx {
	struct pol_ir *ir;
	struct diag *d;
	const struct fe_options *opts;

	struct fe_file **files; /* in the order they were read */
	size_t nfiles;
	struct fe_file *stack[POL_MAX_USE_DEPTH + 1]; /* files being applied */
	size_t depth;

	struct fe_group *groups;
	size_t ngroups;
	bool stdlib_tried;

	struct fe_rule *rules; /* rules of the file being applied */
	size_t nrules;
	size_t stmt_counter;
	size_t ncases;         /* expanded cases of every rule read (POL_MAX_TOTAL_CASES) */
	bool rules_limit_said; /* POL_MAX_RULES or POL_MAX_TOTAL_CASES reported once */

	bool caps_seen_in_file, landlock_seen_in_file, devices_seen_in_file;
	bool network_seen_in_file;
};

/* ---- places ---- */
struct diag_loc fe_loc(const struct pol_loc *l);
struct diag_loc fe_word_loc(const struct ast_word *w);
struct ir_origin fe_origin(struct fe_ctx *c, const struct pol_loc *l);
bool fe_same_file(const struct ir_origin *a, const struct ir_origin *b);
/* A contradiction within one file: error at `now` naming `before`. */
void fe_conflict(struct fe_ctx *c, const struct pol_loc *now, const struct ir_origin *before,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
struct fe_file *fe_current(struct fe_ctx *c);

/* ---- values (values.c): each reports its own error and returns -1 ---- */
int fe_u64(struct fe_ctx *c, const struct ast_word *w, uint64_t max, uint64_t *out);
int fe_u32(struct fe_ctx *c, const struct ast_word *w, uint32_t *out);
int fe_size(struct fe_ctx *c, const struct ast_word *w, uint64_t *out); /* 64M */
int fe_mode(struct fe_ctx *c, const struct ast_word *w, uint32_t max, uint32_t *out);
int fe_on_off(struct fe_ctx *c, const struct ast_word *w, bool *out);
/* An absolute path, normalised (no //, /./, .., trailing /); heap copy. */
char *fe_path(struct fe_ctx *c, const struct ast_word *w);
bool fe_parse_number(const char *s, uint64_t *out); /* dec, 0x hex, 0 octal, -N */
/* Statement arity: error when fewer than min or more than max words. */
int fe_arity(struct fe_ctx *c, const struct ast_stmt *s, size_t min, size_t max,
	     const char *usage);
void fe_no_cond(struct fe_ctx *c, const struct ast_stmt *s);
void fe_no_body(struct fe_ctx *c, const struct ast_stmt *s);
char *fe_strdup(const char *s);
void *fe_grow(void *v, size_t *n, size_t size); /* append one zeroed slot */

/* ---- names (names.c): vocabulary look-ups with "did you mean" ---- */
void fe_unknown(struct fe_ctx *c, const struct ast_word *w, const char *what,
		const char *const *names, size_t count);
int fe_capability(struct fe_ctx *c, const struct ast_word *w);
int fe_rlimit(struct fe_ctx *c, const struct ast_word *w);
int fe_errno(struct fe_ctx *c, const struct ast_word *w); /* name or number */
int fe_namespace(struct fe_ctx *c, const struct ast_word *w);
bool fe_syscall_known(struct fe_ctx *c, const struct ast_word *w);
int fe_constant(struct fe_ctx *c, const struct ast_word *w, uint64_t *out); /* or number */
/* The keyword a statement head should be, among `words`: -1 and an error
 * ("unknown statement 'bnd' in filesystem; did you mean 'bind'?"). */
int fe_keyword(struct fe_ctx *c, const struct ast_word *w, const char *what,
	       const char *const *words, size_t count);

/* ---- sections ---- */
void fe_lower_process(struct fe_ctx *c, const struct ast_stmt *sec);
void fe_lower_namespaces(struct fe_ctx *c, const struct ast_stmt *sec);
void fe_lower_filesystem(struct fe_ctx *c, const struct ast_stmt *sec);
void fe_lower_capabilities(struct fe_ctx *c, const struct ast_stmt *sec);
void fe_lower_cgroup(struct fe_ctx *c, const struct ast_stmt *sec);
void fe_lower_lsm(struct fe_ctx *c, const struct ast_stmt *sec);
void fe_lower_syscalls(struct fe_ctx *c, const struct ast_stmt *sec);
void fe_lower_network(struct fe_ctx *c, const struct ast_stmt *sec); /* lower_network.c */
void fe_network_finish(struct fe_ctx *c); /* before fe_filesystem_finish */
/* End of a file: merge its syscall rules into the IR. */
void fe_syscalls_file_done(struct fe_ctx *c);
void fe_rules_free(struct fe_ctx *c);
void fe_filesystem_finish(struct fe_ctx *c);
void fe_caps_finish(struct fe_ctx *c);

/* Condition to DNF (cond.c); -1 after reporting. */
int fe_lower_cond(struct fe_ctx *c, const char *syscall, const struct ast_cond *cond,
		  struct ir_cond *out);
void fe_cond_free(struct ir_cond *cond);
int fe_cond_copy(const struct ir_cond *from, struct ir_cond *to);

/* ---- resolution (resolve.c) ---- */
/* Apply `use NAME` (statement s) in place. */
void fe_use(struct fe_ctx *c, const struct ast_stmt *s);
/* Apply every statement of f (frontend.c). */
void fe_apply_file(struct fe_ctx *c, struct fe_file *f);
/* Read and parse a file; NULL after reporting. */
/* groups.pol read for its groups (once). */
void fe_stdlib_groups(struct fe_ctx *c);
struct fe_file *fe_read_file(struct fe_ctx *c, const char *path, const struct pol_loc *from);
struct fe_file *fe_add_buffer(struct fe_ctx *c, const char *name, const char *text, size_t len);
/* Register the `group` definitions of f. */
void fe_collect_groups(struct fe_ctx *c, struct fe_file *f);
/* Syscall names of group @name (word w), expanded; NULL after reporting.
 * *n is set to the count; strings point into the AST. */
const struct ast_word **fe_group_expand(struct fe_ctx *c, const struct ast_word *w, size_t *n);

/* ---- the effective policy (check_final.c) ---- */
void fe_check_final(struct fe_ctx *c); /* errors about the effective policy */

#endif
