/* compiler/learn/learn_collapse.c and the merger on made-up sets: the
 * threshold, collapsing up the tree but never into /, "/a/b-c" sorting
 * apart from "/a/b"'s children, counts added, write covering read, and a
 * merged count held below overflow. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "learn/learn_collapse.h"
#include "tap.h"

static struct learn_rec rec = { .n = 1, .first = { "t", 1 } };

static void add(struct entries *es, const char *path, uint32_t right)
{
	entries_add(es, path, right, &rec);
}

static bool has(const struct entries *es, const char *path, uint32_t right)
{
	for (size_t i = 0; i < es->n; i++)
		if (es->v[i].right == right && !strcmp(es->v[i].path, path))
			return true;
	return false;
}

static bool never_file(void *ctx, const char *path)
{
	(void)ctx, (void)path;
	return false;
}

int main(void)
{
	struct entries es = { 0 };
	add(&es, "/etc/a", IR_LL_READ);
	add(&es, "/etc/b", IR_LL_READ);
	add(&es, "/etc/c", IR_LL_READ);
	entries_collapse(&es);
	OK(es.n == 3 && has(&es, "/etc/a", IR_LL_READ), "three files in a directory stay files");
	add(&es, "/etc/d", IR_LL_READ);
	add(&es, "/etc/a", IR_LL_READ);
	entries_collapse(&es);
	OK(es.n == 1 && has(&es, "/etc", IR_LL_READ), "four make the directory");
	OK(es.v[0].n == 5 && es.v[0].files == 5, "its count adds every event and record (%llu, %zu)",
	   (unsigned long long)es.v[0].n, es.v[0].files);
	entries_free(&es);

	const char *top[] = { "/bin", "/etc", "/lib", "/usr", "/var" };
	for (size_t i = 0; i < 5; i++)
		add(&es, top[i], IR_LL_READ);
	entries_collapse(&es);
	OK(es.n == 5 && !has(&es, "/", IR_LL_READ), "five directories under / never become /");
	entries_free(&es);

	const char *deep[] = { "/u/a/1", "/u/a/2", "/u/a/3", "/u/a/4", "/u/b/1", "/u/b/2", "/u/b/3",
			       "/u/b/4", "/u/c/1", "/u/c/2", "/u/c/3", "/u/c/4", "/u/d" };
	for (size_t i = 0; i < 13; i++)
		add(&es, deep[i], IR_LL_READ);
	entries_collapse(&es);
	OK(es.n == 1 && has(&es, "/u", IR_LL_READ), "collapsing goes up the tree (%zu left)", es.n);
	entries_free(&es);

	add(&es, "/a/b", IR_LL_READ);
	add(&es, "/a/b-c", IR_LL_READ);
	add(&es, "/a/b/x", IR_LL_READ);
	add(&es, "/a/b.d", IR_LL_READ);
	entries_collapse(&es);
	OK(es.n == 3, "b, b-c, b.d and b/x: b/x folds into b, three children of /a stay (%zu)", es.n);
	add(&es, "/a/e", IR_LL_READ);
	entries_collapse(&es);
	OK(es.n == 1 && has(&es, "/a", IR_LL_READ), "a fourth makes /a");
	entries_free(&es);

	add(&es, "/a/b", IR_LL_READ);
	add(&es, "/a/b-c", IR_LL_READ);
	add(&es, "/a/b/x", IR_LL_READ);
	entries_collapse(&es);
	OK(es.n == 2 && has(&es, "/a/b", IR_LL_READ) && has(&es, "/a/b-c", IR_LL_READ) && !has(&es, "/a/b/x", IR_LL_READ),
	   "a name that sorts between a directory and its children is not beneath it");
	entries_free(&es);

	add(&es, "/srv", IR_LL_WRITE);
	add(&es, "/srv/data/f", IR_LL_READ);
	add(&es, "/etc/x", IR_LL_READ);
	add(&es, "/etc/x", IR_LL_EXECUTE);
	entries_collapse(&es);
	entries_drop_covered(&es, never_file, NULL);
	OK(!has(&es, "/srv/data/f", IR_LL_READ) && has(&es, "/srv", IR_LL_WRITE), "write covers read beneath it");
	OK(has(&es, "/etc/x", IR_LL_READ), "execute covers read only for a file (is_file said no)");
	entries_free(&es);

	const char *progs[] = { "/usr/bin/a", "/usr/bin/b", "/usr/bin/c", "/usr/bin/d", "/usr/bin/e" };
	for (size_t i = 0; i < 5; i++)
		add(&es, progs[i], IR_LL_EXECUTE);
	entries_collapse(&es);
	OK(es.n == 5 && !has(&es, "/usr/bin", IR_LL_EXECUTE), "execute never collapses: every program by name");
	entries_free(&es);

	struct learn_rec big = { .n = LEARN_MAX_COUNT, .first = { "t", 2 } };
	for (int i = 0; i < 4000; i++)
		entries_add(&es, "/x/y", IR_LL_READ, &big);
	entries_collapse(&es);
	OK(es.n == 1 && es.v[0].n == LEARN_MAX_COUNT * 2, "merged counts stop at a ceiling, never wrap");
	entries_free(&es);
	return TAP_DONE();
}
