/* Grammar of the policy language: statements of words, `{ }` blocks and
 * `if` conditions (see ast.h for why the words are left to the front end).
 * Pure parser with locations; a syntax error is reported and parsing
 * resumes at the next line, so one run reports every broken statement. */
%define api.pure full
%define api.token.prefix {TOK_}
%define api.location.type {struct pol_loc}
%define parse.error custom
%define parse.lac full
%define lr.default-reduction consistent
%locations
%param {yyscan_t scanner}
%parse-param {struct parse_ctx *ctx}

%code requires {
#include "grammar/ast.h"
#include "pol_limits.h"

typedef void *yyscan_t;

/* What the lexer and parser share while parsing one file. */
struct parse_ctx {
	struct ast_file *file;
	struct diag *diag;
	int line, col; /* where the next token starts */
	int depth;     /* `{` and `(` open (POL_MAX_NESTING) */
	bool stopped;  /* input cut at a limit: nothing more to report */
};

/* Locations span from the first symbol to the last and keep the file. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                         \
	do {                                                                \
		if (N) {                                                    \
			(Cur).first_line = YYRHSLOC(Rhs, 1).first_line;     \
			(Cur).first_column = YYRHSLOC(Rhs, 1).first_column; \
			(Cur).last_line = YYRHSLOC(Rhs, N).last_line;       \
			(Cur).last_column = YYRHSLOC(Rhs, N).last_column;   \
			(Cur).file = YYRHSLOC(Rhs, 1).file;                 \
		} else {                                                    \
			(Cur).first_line = (Cur).last_line =                \
				YYRHSLOC(Rhs, 0).last_line;                 \
			(Cur).first_column = (Cur).last_column =            \
				YYRHSLOC(Rhs, 0).last_column;               \
			(Cur).file = YYRHSLOC(Rhs, 0).file;                 \
		}                                                           \
	} while (0)
}

%code provides {
int yylex(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner);
}

%code {
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "lexer.h"
#include "util/xalloc.h"

static void yyerror(const YYLTYPE *loc, yyscan_t scanner, struct parse_ctx *ctx,
		    const char *msg);

static struct diag_loc diag_at(const YYLTYPE *l)
{
	int len = l->last_line == l->first_line ? l->last_column - l->first_column : 1;
	return (struct diag_loc){ l->file, l->first_line, l->first_column, len };
}

static struct ast_cond *cond_join(struct parse_ctx *ctx, enum ast_cond_kind kind,
				  struct ast_cond *l, struct ast_cond *r, YYLTYPE loc)
{
	if (l->size + r->size > POL_MAX_COND_TESTS) {
		/* report once per condition, then stop growing it */
		if (l->size <= POL_MAX_COND_TESTS) {
			diag_error(ctx->diag, diag_at(&loc), "condition has more than %d tests",
				   POL_MAX_COND_TESTS);
			ctx->file->nerrors++;
			l->size = POL_MAX_COND_TESTS + 1;
		}
		ast_cond_free(r);
		return l;
	}
	struct ast_cond *c = ast_cond_new(kind, loc);
	c->left = l;
	c->right = r;
	c->size = l->size + r->size;
	return c;
}
}

%union {
	struct ast_word *word;
	struct ast_words *words;
	struct ast_stmt *stmt;
	struct ast_stmts *stmts;
	struct ast_cond *cond;
	int op;
}

%token <word> WORD "word"
%token NL "end of line"
%token IF "'if'" IN "'in'" NOT "'not'" AND "'and'" OR "'or'"
%token EQ "'=='" NE "'!='" LT "'<'" LE "'<='" GT "'>'" GE "'>='"
%token END 0 "end of file"

%type <stmts> seq body
%type <stmt> simple block head_items
%type <cond> cond test cond_opt
%type <words> value set
%type <op> relop

%destructor { ast_word_free($$); } <word>
%destructor { ast_words_clear($$); free($$); } <words>
%destructor { ast_stmt_free($$); } <stmt>
%destructor { ast_stmts_free($$); } <stmts>
%destructor { ast_cond_free($$); } <cond>

%left OR
%left AND

%%

file:
	body                 { ctx->file->stmts = $1; }
	;

/* Statements end at a newline or `;`; the last one before `}` or the end
 * of the file needs neither. */
body:
	seq
	| seq simple         { $$ = $1; ast_stmts_push($$, $2); }
	;

seq:
	%empty               { $$ = ast_stmts_new(); }
	| seq NL             { $$ = $1; }
	| seq simple NL      { $$ = $1; ast_stmts_push($$, $2); }
	| seq block          { $$ = $1; ast_stmts_push($$, $2); }
	| seq error NL       { $$ = $1; yyerrok; }
	;

head_items:
	WORD                 { $$ = ast_stmt_new($1, @1); }
	| head_items WORD    { $$ = $1; ast_words_push(&$$->args, $2); $$->loc.last_line = @2.last_line; $$->loc.last_column = @2.last_column; }
	;

simple:
	head_items cond_opt  {
		$$ = $1; $$->cond = $2;
		if ($2) { $$->loc.last_line = @2.last_line; $$->loc.last_column = @2.last_column; }
	}
	;

block:
	head_items '{' body '}' {
		$$ = $1; $$->body = $3;
		$$->open_line = @2.first_line;
		$$->close_line = @4.first_line;
		$$->loc.last_line = @4.last_line; $$->loc.last_column = @4.last_column;
	}
	;

cond_opt:
	%empty               { $$ = NULL; }
	| IF cond            { $$ = $2; }
	;

nls:
	%empty
	| nls NL
	;

cond:
	cond OR nls cond     { $$ = cond_join(ctx, AST_COND_OR, $1, $4, @$); }
	| cond AND nls cond  { $$ = cond_join(ctx, AST_COND_AND, $1, $4, @$); }
	| '(' cond ')'       { $$ = $2; $$->paren = true; $$->loc = @$; }
	| test
	;

test:
	WORD relop value {
		$$ = ast_cond_new(AST_COND_CMP, @$);
		$$->lhs = $1; $$->op = $2; $$->op_loc = @2;
		$$->value = *$3; free($3);
	}
	| WORD '&' WORD relop value {
		$$ = ast_cond_new(AST_COND_CMP, @$);
		$$->lhs = $1; $$->mask = $3; $$->op = $4; $$->op_loc = @4;
		$$->value = *$5; free($5);
	}
	| WORD IN '{' set '}' {
		$$ = ast_cond_new(AST_COND_IN, @$);
		$$->lhs = $1; $$->op_loc = @2;
		$$->set = *$4; free($4);
	}
	| WORD NOT IN '{' set '}' {
		$$ = ast_cond_new(AST_COND_IN, @$);
		$$->lhs = $1; $$->negate = true; $$->op_loc = @2;
		$$->set = *$5; free($5);
	}
	;

relop:
	EQ   { $$ = AST_OP_EQ; }
	| NE { $$ = AST_OP_NE; }
	| LT { $$ = AST_OP_LT; }
	| LE { $$ = AST_OP_LE; }
	| GT { $$ = AST_OP_GT; }
	| GE { $$ = AST_OP_GE; }
	;

value:
	WORD                 { $$ = xcalloc(1, sizeof(*$$)); ast_words_push($$, $1); }
	| value '|' WORD     { $$ = $1; ast_words_push($$, $3); }
	;

set:
	%empty               { $$ = xcalloc(1, sizeof(*$$)); }
	| set WORD           { $$ = $1; ast_words_push($$, $2); }
	| set NL             { $$ = $1; }
	;

%%

/* "unexpected '{'; expected end of line or 'if'" */
static int yyreport_syntax_error(const yypcontext_t *pctx, yyscan_t scanner,
				 struct parse_ctx *ctx)
{
	enum { MAX_EXPECTED = 5 };
	yysymbol_kind_t expected[MAX_EXPECTED];
	int n = yypcontext_expected_tokens(pctx, expected, MAX_EXPECTED);
	yysymbol_kind_t got = yypcontext_token(pctx);
	const YYLTYPE *loc = yypcontext_location(pctx);
	if (ctx->stopped)
		return 0; /* the limit's error said it */
	char msg[512];
	size_t len = 0;

	len += (size_t)snprintf(msg + len, sizeof(msg) - len, "unexpected %s",
				got == YYSYMBOL_YYEMPTY ? "input" : yysymbol_name(got));
	for (int i = 0; n > 0 && i < n && len < sizeof(msg); i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s",
					i == 0 ? "; expected " : i == n - 1 ? " or " : ", ",
					yysymbol_name(expected[i]));
	diag_error(ctx->diag, diag_at(loc), "%s", msg);
	ctx->file->nerrors++;
	return 0;
}

static void yyerror(const YYLTYPE *loc, yyscan_t scanner, struct parse_ctx *ctx,
		    const char *msg)
{
	/* only "memory exhausted" reaches here (parse.error custom) */
	if (ctx->stopped)
		return;
	diag_error(ctx->diag, diag_at(loc), "%s", msg);
	ctx->file->nerrors++;
}

int ast_parse(const char *name, const char *text, size_t len, struct diag *d,
	      struct ast_file **out)
{
	struct ast_file *f = xcalloc(1, sizeof(*f));
	yyscan_t scanner;
	f->name = xstrdup(name);
	struct parse_ctx ctx = { .file = f, .diag = d, .line = 1, .col = 1 };
	if (yylex_init_extra(&ctx, &scanner))
		xalloc_die(); /* it fails only when it cannot allocate */
	if (len > (size_t)INT_MAX / 2) {
		diag_error(d, (struct diag_loc){ f->name, 0, 0, 0 }, "file too large");
		f->nerrors++;
		len = 0;
	}
	YY_BUFFER_STATE buf = yy_scan_bytes(text, (int)len, scanner);
	int r = yyparse(scanner, &ctx);
	yy_delete_buffer(buf, scanner);
	yylex_destroy(scanner);
	if (!f->stmts)
		f->stmts = ast_stmts_new();
	*out = f;
	return r == 0 && f->nerrors == 0 ? 0 : -1;
}
