/* The syntax tree of one .pol file, as grammar/parser.y builds it.
 *
 * The language is line-oriented and deliberately regular: every statement
 * is a head word, then items (words), then optionally an `if` condition
 * (syscall rules) or a `{ }` block of statements (sections, `landlock`,
 * `devices`, `group @x { ... }`). What the words mean is decided by the
 * front end (compiler/frontend/), which can then say precisely what is
 * wrong with a word and suggest the nearest known one. Comments are kept
 * beside the tree so `polc fmt` can put them back.
 *
 * Only compiler/frontend/ and compiler/review/fmt*.c see this tree. */
#ifndef POL_GRAMMAR_AST_H
#define POL_GRAMMAR_AST_H

#include <stdbool.h>
#include <stddef.h>

struct diag;

/* A source span (bison's location type; columns are 1-based bytes,
 * last_column is exclusive). file lives as long as the struct ast_file. */
struct pol_loc {
	int first_line, first_column;
	int last_line, last_column;
	const char *file;
};

struct ast_word {
	char *text; /* decoded: quotes removed, escapes applied */
	char *raw;  /* as written, for `polc fmt` */
	bool quoted;
	struct pol_loc loc;
};

struct ast_words {
	struct ast_word **v;
	size_t n, cap;
};

enum ast_cond_kind { AST_COND_AND, AST_COND_OR, AST_COND_CMP, AST_COND_IN };
enum ast_op { AST_OP_EQ, AST_OP_NE, AST_OP_LT, AST_OP_LE, AST_OP_GT, AST_OP_GE };

/* A condition on syscall arguments, as written:
 *   CMP:  lhs OP value            lhs & mask OP value
 *   IN:   lhs [not] in { set }
 *   AND/OR: left, right
 * `value` is one or more words joined by `|` (OR-ed constants). */
struct ast_cond {
	enum ast_cond_kind kind;
	bool paren;  /* written in parentheses (kept by fmt) */
	bool negate; /* `not in` */
	struct ast_cond *left, *right;
	struct ast_word *lhs;
	struct ast_word *mask; /* the other operand of `&`, or NULL */
	enum ast_op op;
	struct pol_loc op_loc;
	struct ast_words value;
	struct ast_words set;
	struct pol_loc loc;
	unsigned size; /* tests in this condition (bounds the tree's depth) */
};

/* A condition longer than POL_MAX_COND_TESTS (pol_limits.h) is refused
 * while parsing, so that no input can make the tree deep enough to exhaust
 * the stack of the passes that walk it. */

struct ast_stmts;

struct ast_stmt {
	struct ast_word *head;
	struct ast_words args;
	struct ast_cond *cond;  /* `if ...`, or NULL */
	struct ast_stmts *body; /* `{ ... }`, or NULL */
	struct pol_loc loc;     /* the whole statement */
	int open_line;          /* line of `{` (blocks) */
	int close_line;         /* line of `}` (blocks) */
};

struct ast_stmts {
	struct ast_stmt **v;
	size_t n, cap;
};

struct ast_comment {
	char *text; /* from '#' to the end of the line, trailing blanks cut */
	int line, col;
};

struct ast_file {
	char *name;
	struct ast_stmts *stmts;
	struct ast_comment *comments;
	size_t ncomments;
	int nerrors; /* syntax errors reported */
};

/* Parse `text` (len bytes, may hold NULs) named `name` into *out (always
 * set, even when there are errors). Syntax errors go to d. Returns 0 when
 * the text parsed without error, -1 otherwise. */
int ast_parse(const char *name, const char *text, size_t len, struct diag *d,
	      struct ast_file **out);
void ast_file_free(struct ast_file *f);

/* Builders used by the parser and lexer. Each returns NULL only on
 * allocation failure. */
struct ast_word *ast_word_new(const char *text, size_t len, const char *raw, size_t rawlen,
			      bool quoted, struct pol_loc loc);
void ast_word_free(struct ast_word *w);
void ast_words_push(struct ast_words *l, struct ast_word *w);
void ast_words_clear(struct ast_words *l);

struct ast_stmt *ast_stmt_new(struct ast_word *head, struct pol_loc loc);
void ast_stmt_free(struct ast_stmt *s);
struct ast_stmts *ast_stmts_new(void);
void ast_stmts_push(struct ast_stmts *l, struct ast_stmt *s);
void ast_stmts_free(struct ast_stmts *l);

struct ast_cond *ast_cond_new(enum ast_cond_kind kind, struct pol_loc loc);
void ast_cond_free(struct ast_cond *c);

void ast_add_comment(struct ast_file *f, const char *text, size_t len, int line, int col);

/* Convenience for messages: first word spelling of a statement. */
static inline const char *ast_head(const struct ast_stmt *s)
{
	return s->head ? s->head->text : "";
}

#endif
