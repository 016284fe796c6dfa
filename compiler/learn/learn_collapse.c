/* The set of Landlock entries (learn_collapse.h). Paths compare with '/'
 * lowest, so a directory's descendants follow it directly in sorted
 * order and "beneath the last kept entry" is one comparison. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "learn/learn_collapse.h"
#include "util/xalloc.h"

void learn_path_up(char *path)
{
	char *slash = strrchr(path, '/');
	if (slash == path)
		path[1] = '\0';
	else if (slash)
		*slash = '\0';
}

bool learn_path_beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

static int path_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = *a == '/' ? 1 : (unsigned char)*a, y = *b == '/' ? 1 : (unsigned char)*b;
		if (x != y || !x)
			return x - y;
	}
}

static bool earlier(const struct learn_rec *a, const struct learn_rec *b)
{
	int c = strcmp(a->first.trace, b->first.trace);
	return c < 0 || (c == 0 && a->first.line < b->first.line);
}

static int by_right_path(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	if (a->right != b->right)
		return a->right < b->right ? -1 : 1;
	return path_cmp(a->path, b->path);
}

void entries_add(struct entries *es, const char *path, uint32_t right, const struct learn_rec *r)
{
	es->v = xreallocarray(es->v, es->n + 1, sizeof *es->v);
	es->v[es->n++] = (struct entry){ xstrdup(path), right, r->n, 1, r, NULL };
}

/* Counts of many entries added: held at a ceiling no run reaches. */
static uint64_t add_count(uint64_t a, uint64_t b)
{
	const uint64_t ceiling = LEARN_MAX_COUNT * 2;
	return a > ceiling - (b > ceiling ? ceiling : b) ? ceiling : a + b;
}

/* b folded into a; b's strings freed. */
static void fold(struct entry *a, struct entry *b)
{
	a->n = add_count(a->n, b->n);
	a->files += b->files;
	if (earlier(b->first, a->first))
		a->first = b->first;
	if (!a->via) {
		a->via = b->via;
		b->via = NULL;
	}
	free(b->path);
	free(b->via);
}

void entries_merge(struct entries *es)
{
	if (!es->n)
		return;
	qsort(es->v, es->n, sizeof *es->v, by_right_path);
	size_t out = 0;
	for (size_t i = 1; i < es->n; i++) {
		if (es->v[i].right == es->v[out].right && !strcmp(es->v[i].path, es->v[out].path))
			fold(&es->v[out], &es->v[i]);
		else
			es->v[++out] = es->v[i];
	}
	es->n = out + 1;
}

/* Sorted and merged: an entry beneath the last kept one of its right
 * folds into it. */
static void drop_beneath(struct entries *es)
{
	size_t out = 0;
	for (size_t i = 1; i < es->n; i++) {
		struct entry *kept = &es->v[out];
		if (es->v[i].right == kept->right && learn_path_beneath(es->v[i].path, kept->path))
			fold(kept, &es->v[i]);
		else
			es->v[++out] = es->v[i];
	}
	es->n = es->n ? out + 1 : 0;
}

struct child {
	char *parent; /* owned */
	size_t at;    /* index into es->v */
};

static int by_parent(const void *pa, const void *pb)
{
	const struct child *a = pa, *b = pb;
	return path_cmp(a->parent, b->parent);
}

/* One pass over one right's run [from, to) of es->v. */
static bool collapse_run(struct entries *es, size_t from, size_t to, struct entries *made,
			 bool *gone)
{
	struct child *c = xcalloc(to - from + 1, sizeof *c);
	size_t n = 0;
	bool changed = false;
	for (size_t i = from; i < to; i++) {
		char *p = xstrdup(es->v[i].path);
		learn_path_up(p);
		if (!strcmp(p, "/") || !strcmp(p, es->v[i].path)) {
			free(p); /* never collapsed into / */
			continue;
		}
		c[n++] = (struct child){ p, i };
	}
	qsort(c, n, sizeof *c, by_parent);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && !strcmp(c[j].parent, c[i].parent); j++)
			;
		if (j - i < COLLAPSE_MIN)
			continue;
		struct entry dir = { xstrdup(c[i].parent), es->v[c[i].at].right, 0, 0, es->v[c[i].at].first, NULL };
		for (size_t k = i; k < j; k++) {
			struct entry *e = &es->v[c[k].at];
			dir.n = add_count(dir.n, e->n);
			dir.files += e->files;
			if (earlier(e->first, dir.first))
				dir.first = e->first;
			gone[c[k].at] = true;
		}
		made->v = xreallocarray(made->v, made->n + 1, sizeof *made->v);
		made->v[made->n++] = dir;
		changed = true;
	}
	for (size_t i = 0; i < n; i++)
		free(c[i].parent);
	free(c);
	return changed;
}

static bool collapse_pass(struct entries *es)
{
	struct entries made = { 0 };
	bool *gone = xcalloc(es->n + 1, sizeof *gone), changed = false;
	for (size_t from = 0, to; from < es->n; from = to) {
		for (to = from; to < es->n && es->v[to].right == es->v[from].right; to++)
			;
		if (es->v[from].right != IR_LL_EXECUTE) /* every program by its name */
			changed |= collapse_run(es, from, to, &made, gone);
	}
	size_t out = 0;
	for (size_t i = 0; i < es->n; i++) {
		if (!gone[i])
			es->v[out++] = es->v[i];
		else {
			free(es->v[i].path);
			free(es->v[i].via);
		}
	}
	es->n = out;
	for (size_t i = 0; i < made.n; i++) {
		es->v = xreallocarray(es->v, es->n + 1, sizeof *es->v);
		es->v[es->n++] = made.v[i];
	}
	free(made.v);
	free(gone);
	entries_merge(es);
	drop_beneath(es);
	return changed;
}

void entries_collapse(struct entries *es)
{
	entries_merge(es);
	drop_beneath(es);
	while (collapse_pass(es))
		;
}

static const struct entry *find(const struct entries *es, uint32_t right, const char *path)
{
	struct entry key = { (char *)path, right, 0, 0, NULL, NULL };
	return bsearch(&key, es->v, es->n, sizeof *es->v, by_right_path);
}

/* A write entry at `path` or above it. */
static bool under_write(const struct entries *es, const char *path)
{
	char *p = xstrdup(path);
	bool found = false;
	for (;;) {
		if (find(es, IR_LL_WRITE, p)) {
			found = true;
			break;
		}
		if (!strcmp(p, "/"))
			break;
		learn_path_up(p);
	}
	free(p);
	return found;
}

void entries_drop_covered(struct entries *es, bool (*is_file)(void *ctx, const char *path), void *ctx)
{
	bool *drop = xcalloc(es->n + 1, sizeof *drop);
	for (size_t i = 0; i < es->n; i++) {
		const struct entry *e = &es->v[i];
		if (e->right != IR_LL_READ)
			continue;
		drop[i] = under_write(es, e->path) ||
			  (find(es, IR_LL_EXECUTE, e->path) && is_file(ctx, e->path));
	}
	size_t out = 0;
	for (size_t i = 0; i < es->n; i++) {
		if (drop[i]) {
			free(es->v[i].path);
			free(es->v[i].via);
		} else {
			es->v[out++] = es->v[i];
		}
	}
	es->n = out;
	free(drop);
}

static int by_path_right(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	return c ? c : (int)a->right - (int)b->right;
}

void entries_sort_for_print(struct entries *es)
{
	if (es->n)
		qsort(es->v, es->n, sizeof *es->v, by_path_right);
}

void entries_free(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++) {
		free(es->v[i].path);
		free(es->v[i].via);
	}
	free(es->v);
	es->v = NULL;
	es->n = 0;
}
