/* Building and freeing the syntax tree (see ast.h). Allocation failure is
 * fatal here (util/xalloc.h): the parser has no sensible way to go on
 * without memory. */
#include "grammar/ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* len bytes, NULs and all, and a NUL after them. */
static char *bytes_dup(const char *s, size_t len)
{
	char *p = xcalloc(len + 1, 1);
	memcpy(p, s, len);
	return p;
}

struct ast_word *ast_word_new(const char *text, size_t len, const char *raw, size_t rawlen,
			      bool quoted, struct pol_loc loc)
{
	struct ast_word *w = xcalloc(1, sizeof(*w));
	w->text = bytes_dup(text, len);
	w->raw = bytes_dup(raw, rawlen);
	w->quoted = quoted;
	w->loc = loc;
	return w;
}

void ast_word_free(struct ast_word *w)
{
	if (!w)
		return;
	free(w->text);
	free(w->raw);
	free(w);
}

void ast_words_push(struct ast_words *l, struct ast_word *w)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = w;
}

void ast_words_clear(struct ast_words *l)
{
	for (size_t i = 0; i < l->n; i++)
		ast_word_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct ast_stmt *ast_stmt_new(struct ast_word *head, struct pol_loc loc)
{
	struct ast_stmt *s = xcalloc(1, sizeof(*s));
	s->head = head;
	s->loc = loc;
	return s;
}

void ast_stmt_free(struct ast_stmt *s)
{
	if (!s)
		return;
	ast_word_free(s->head);
	ast_words_clear(&s->args);
	ast_cond_free(s->cond);
	ast_stmts_free(s->body);
	free(s);
}

struct ast_stmts *ast_stmts_new(void)
{
	return xcalloc(1, sizeof(struct ast_stmts));
}

void ast_stmts_push(struct ast_stmts *l, struct ast_stmt *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

void ast_stmts_free(struct ast_stmts *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		ast_stmt_free(l->v[i]);
	free(l->v);
	free(l);
}

struct ast_cond *ast_cond_new(enum ast_cond_kind kind, struct pol_loc loc)
{
	struct ast_cond *c = xcalloc(1, sizeof(*c));
	c->kind = kind;
	c->loc = loc;
	c->size = 1;
	return c;
}

void ast_cond_free(struct ast_cond *c)
{
	if (!c)
		return;
	ast_cond_free(c->left);
	ast_cond_free(c->right);
	ast_word_free(c->lhs);
	ast_word_free(c->mask);
	ast_words_clear(&c->value);
	ast_words_clear(&c->set);
	free(c);
}

void ast_add_comment(struct ast_file *f, const char *text, size_t len, int line, int col)
{
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
		len--;
	f->comments = xreallocarray(f->comments, f->ncomments + 1, sizeof(*f->comments));
	f->comments[f->ncomments++] = (struct ast_comment){ bytes_dup(text, len), line, col };
}

void ast_file_free(struct ast_file *f)
{
	if (!f)
		return;
	ast_stmts_free(f->stmts);
	for (size_t i = 0; i < f->ncomments; i++)
		free(f->comments[i].text);
	free(f->comments);
	free(f->name);
	free(f);
}
