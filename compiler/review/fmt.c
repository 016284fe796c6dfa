/* polc fmt [-w|--check] FILE...: the canonical layout, for review diffs.
 *
 * One statement per line, four spaces per block level, one space between
 * words, `{` on the statement's line, a block of one statement written on
 * one line stays on one line. Comments stay where they were: a comment on
 * its own line stays on its own line before the statement that follows it,
 * a comment after a statement stays after it. Runs of blank lines become
 * one; none after `{` or before `}`. The output formats to itself. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "util/diag.h"
#include "grammar/ast.h"
#include "pol_limits.h"
#include "review/fmt.h"
#include "util/cli.h"
#include "util/outfile.h"

#define TRAIL '\001'

struct fmt {
	FILE *out;
	const struct ast_file *file;
	size_t next_comment;
	int last_line;  /* last source line written */
	bool started;   /* anything written */
	bool just_opened; /* the previous line ended with `{` */
};

static void indent(struct fmt *f, int depth)
{
	for (int i = 0; i < depth; i++)
		fputs("    ", f->out);
}

/* A blank line where the source had one (or more). */
static void gap(struct fmt *f, int line)
{
	if (f->started && !f->just_opened && line > f->last_line + 1)
		fputc('\n', f->out);
}

/* Comments on their own lines before `line`. */
static void comments_before(struct fmt *f, int line, int depth)
{
	const struct ast_file *file = f->file;
	while (f->next_comment < file->ncomments && file->comments[f->next_comment].line < line) {
		const struct ast_comment *c = &file->comments[f->next_comment++];
		gap(f, c->line);
		indent(f, depth);
		fprintf(f->out, "%s\n", c->text);
		f->last_line = c->line;
		f->started = true;
		f->just_opened = false;
	}
}

/* Comments on lines first..last, after what was written on the line: the
 * first one on the same line, any others on lines of their own. */
static void comments_trailing(struct fmt *f, int first, int last, int depth)
{
	const struct ast_file *file = f->file;
	bool same_line = true;
	while (f->next_comment < file->ncomments && file->comments[f->next_comment].line >= first &&
	       file->comments[f->next_comment].line <= last) {
		const struct ast_comment *c = &file->comments[f->next_comment++];
		if (same_line) {
			/* TRAIL marks where the code ends; align_comments lines them up */
			fprintf(f->out, "%c%s", TRAIL, c->text);
			same_line = false;
		} else {
			fputc('\n', f->out);
			indent(f, depth);
			fputs(c->text, f->out);
		}
	}
	fputc('\n', f->out);
}

static void words(struct fmt *f, const struct ast_words *w, const char *sep)
{
	for (size_t i = 0; i < w->n; i++)
		fprintf(f->out, "%s%s", i ? sep : "", w->v[i]->raw);
}

static void cond(struct fmt *f, const struct ast_cond *c)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	if (c->paren)
		fputc('(', f->out);
	switch (c->kind) {
	case AST_COND_AND:
	case AST_COND_OR:
		cond(f, c->left);
		fputs(c->kind == AST_COND_AND ? " and " : " or ", f->out);
		cond(f, c->right);
		break;
	case AST_COND_CMP:
		fputs(c->lhs->raw, f->out);
		if (c->mask)
			fprintf(f->out, " & %s", c->mask->raw);
		fprintf(f->out, " %s ", ops[c->op]);
		words(f, &c->value, "|");
		break;
	case AST_COND_IN:
		fprintf(f->out, "%s %sin {", c->lhs->raw, c->negate ? "not " : "");
		if (c->set.n) {
			fputc(' ', f->out);
			words(f, &c->set, " ");
		}
		fputs(" }", f->out);
		break;
	}
	if (c->paren)
		fputc(')', f->out);
}

static void stmt_words(struct fmt *f, const struct ast_stmt *s)
{
	fputs(s->head->raw, f->out);
	if (s->args.n) {
		fputc(' ', f->out);
		words(f, &s->args, " ");
	}
	if (s->cond) {
		fputs(" if ", f->out);
		cond(f, s->cond);
	}
}

static bool one_line_block(const struct fmt *f, const struct ast_stmt *s)
{
	if (s->open_line != s->close_line || s->body->n > 1)
		return false;
	if (s->body->n == 1 && s->body->v[0]->body)
		return false;
	for (size_t i = f->next_comment; i < f->file->ncomments; i++)
		if (f->file->comments[i].line == s->open_line &&
		    f->file->comments[i].col < s->loc.last_column)
			return false; /* a comment inside would end the line */
	return true;
}

static void stmts(struct fmt *f, const struct ast_stmts *l, int depth);

static void stmt(struct fmt *f, const struct ast_stmt *s, int depth)
{
	comments_before(f, s->loc.first_line, depth);
	gap(f, s->loc.first_line);
	indent(f, depth);
	stmt_words(f, s);
	f->started = true;
	f->just_opened = false;
	if (!s->body) {
		comments_trailing(f, s->loc.first_line, s->loc.last_line, depth);
		f->last_line = s->loc.last_line;
		return;
	}
	if (one_line_block(f, s)) {
		fputs(" {", f->out);
		if (s->body->n) {
			fputc(' ', f->out);
			stmt_words(f, s->body->v[0]);
		}
		fputs(" }", f->out);
		comments_trailing(f, s->loc.first_line, s->loc.last_line, depth);
		f->last_line = s->loc.last_line;
		return;
	}
	fputs(" {", f->out);
	comments_trailing(f, s->loc.first_line, s->open_line, depth + 1);
	f->last_line = s->open_line;
	f->just_opened = true;
	stmts(f, s->body, depth + 1);
	comments_before(f, s->close_line, depth + 1);
	indent(f, depth);
	fputc('}', f->out);
	comments_trailing(f, s->close_line, s->close_line, depth);
	f->last_line = s->close_line;
	f->just_opened = false;
}

static void stmts(struct fmt *f, const struct ast_stmts *l, int depth)
{
	for (size_t i = 0; i < l->n; i++)
		stmt(f, l->v[i], depth);
}

/* Trailing comments of consecutive lines at one indentation (up to a blank
 * line) start in one column, two spaces after the longest code among them. */
static void align_comments(const char *text, size_t len, FILE *out)
{
	const char *end = text + len, *para = text;
	while (para < end) {
		const char *p = para;
		size_t width = 0;
		size_t depth = strspn(para, " ");
		/* measure the paragraph: lines of one indentation, up to a blank */
		while (p < end && *p != '\n' && strspn(p, " ") == depth) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *eol = nl ? nl : end;
			const char *mark = memchr(p, TRAIL, (size_t)(eol - p));
			if (mark && (size_t)(mark - p) > width)
				width = (size_t)(mark - p);
			p = nl ? nl + 1 : end;
		}
		/* write it */
		for (const char *q = para; q < p;) {
			const char *nl = memchr(q, '\n', (size_t)(p - q));
			const char *eol = nl ? nl : p;
			const char *mark = memchr(q, TRAIL, (size_t)(eol - q));
			if (mark) {
				fprintf(out, "%.*s%*s%.*s\n", (int)(mark - q), q,
					(int)(width - (size_t)(mark - q) + 2), "", (int)(eol - mark - 1), mark + 1);
			} else {
				fprintf(out, "%.*s\n", (int)(eol - q), q);
			}
			q = nl ? nl + 1 : p;
		}
		/* blank lines between paragraphs */
		while (p < end && *p == '\n') {
			fputc('\n', out);
			p++;
		}
		if (p == para) { /* cannot happen: a paragraph holds at least its first line */
			fwrite(p, 1, (size_t)(end - p), out);
			break;
		}
		para = p;
	}
}

/* Write the canonical form of a parsed file to out. */
static void fmt_file(const struct ast_file *file, FILE *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return;
	struct fmt f = { .out = mem, .file = file };
	stmts(&f, file->stmts, 0);
	comments_before(&f, 1 << 30, 0);
	fclose(mem);
	align_comments(buf, len, out);
	free(buf);
}

int fmt_text(const char *name, const char *text, size_t len, struct diag *d, char **out,
	     size_t *outlen)
{
	struct ast_file *ast;
	*out = NULL;
	*outlen = 0;
	if (len > POL_MAX_FILE_SIZE) {
		diag_error(d, (struct diag_loc){ name, 0, 0, 0 }, "'%s' is larger than %s (the file size limit)",
			   name, POL_MAX_FILE_SIZE_TEXT);
		return -1;
	}
	if (ast_parse(name, text, len, d, &ast) < 0) {
		ast_file_free(ast);
		return -1; /* never reformat what does not parse */
	}
	FILE *mem = open_memstream(out, outlen);
	if (!mem) {
		ast_file_free(ast);
		return -1;
	}
	fmt_file(ast, mem);
	fclose(mem);
	ast_file_free(ast);
	return 0;
}

enum fmt_mode { FMT_PRINT, FMT_WRITE, FMT_CHECK };

/* The exit status for one file: 0 formatted (and unchanged for --check),
 * 1 differs (--check), 2 cannot be read or has syntax errors, 3 cannot be
 * written (util/cli.h). */
static int fmt_one(const char *path, enum fmt_mode mode, struct diag *d)
{
	size_t len;
	char *text;
	struct err e;
	if (pol_read_file(path, &text, &len, &e) < 0) {
		diag_error(d, (struct diag_loc){ path, 0, 0, 0 }, "%s%s%s", e.detail,
			   e.errnum ? ": " : "", e.errnum ? strerror(e.errnum) : "");
		return POLC_EXIT_INPUT;
	}
	diag_add_source(d, path, text, len);
	char *out;
	size_t outlen;
	if (fmt_text(path, text, len, d, &out, &outlen) < 0) {
		free(text);
		return POLC_EXIT_INPUT;
	}
	bool same = outlen == len && !memcmp(out, text, len);
	int r = 0;
	if (mode == FMT_PRINT) {
		fwrite(out, 1, outlen, stdout);
	} else if (mode == FMT_CHECK && !same) {
		printf("%s\n", path);
		r = POLC_EXIT_FINDING;
	} else if (mode == FMT_WRITE && !same && outfile_write(path, out, outlen, "fmt", &e) < 0) {
		diag_error(d, (struct diag_loc){ path, 0, 0, 0 }, "%s%s%s", e.detail,
			   e.errnum ? ": " : "", e.errnum ? strerror(e.errnum) : "");
		r = cli_exit_for(e.status, POLC_EXIT_INTERNAL);
	}
	free(out);
	free(text);
	return r;
}

static void fmt_usage(FILE *out)
{
	fprintf(out, "usage: polc fmt [-w|--check] FILE...\n"
		     "  Print each policy in the canonical layout (comments kept).\n"
		     "  -w        rewrite the files in place\n"
		     "  --check   write nothing; list the files that are not formatted, exit 1 if any\n");
}

static int fmt_option(int opt, const char *arg, void *ctx)
{
	*(enum fmt_mode *)ctx = opt == 'c' ? FMT_CHECK : FMT_WRITE;
	return 0;
}

int cmd_fmt(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "write", no_argument, NULL, 'w' },
		{ "check", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	enum fmt_mode mode = FMT_PRINT;
	const struct cli c = { "fmt", fmt_usage, "w", longopts, fmt_option, &mode, 1, -1,
			       "expected a policy" };
	int status;
	if (cli_parse(&c, argc, argv, NULL, &status) < 0)
		return status;
	struct diag d;
	diag_init(&d);
	for (int i = optind; i < argc; i++) {
		int r = fmt_one(argv[i], mode, &d);
		status = r > status ? r : status; /* the gravest: internal > input > finding */
	}
	if (d.nentries)
		diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	return status;
}
