/* The draft's Landlock paths as a set of entries, one per (right, path),
 * merged, collapsed into directories and cleared of what another entry
 * covers (learn_collapse.c). Sorting keeps it O(n log n) a pass: a trace
 * may hold hundreds of thousands of paths. */
#ifndef POL_COMPILER_LEARN_COLLAPSE_H
#define POL_COMPILER_LEARN_COLLAPSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "learn/learn.h"

#define COLLAPSE_MIN 4 /* entries of one right in a directory that make it one rule */

struct entry {
	char *path;     /* owned */
	uint32_t right; /* one IR_LL_* bit */
	uint64_t n;     /* events it stands for */
	size_t files;   /* records it stands for */
	const struct learn_rec *first;
	char *via;      /* owned: the program this is the interpreter of, or NULL */
};

struct entries {
	struct entry *v;
	size_t n;
};

/* Append a copy of path. */
void entries_add(struct entries *es, const char *path, uint32_t right, const struct learn_rec *r);
/* One entry per (right, path): counts added, the earliest record kept. */
void entries_merge(struct entries *es);
/* Merged, then: a directory other than / with COLLAPSE_MIN or more
 * entries of one right directly beneath it replaces them, up the tree
 * until nothing changes (read and write; execute never: a program runs
 * by its own rule, not because four others in its directory did); an
 * entry beneath another of its right is dropped into it. */
void entries_collapse(struct entries *es);
/* Drop what another right gives: read beneath a write; read of a file
 * (is_file says which) that has execute. */
void entries_drop_covered(struct entries *es, bool (*is_file)(void *ctx, const char *path), void *ctx);
/* Sorted by path, then right (the draft's order). */
void entries_sort_for_print(struct entries *es);
void entries_free(struct entries *es);

/* Cut the last component ("/a/b" -> "/a", "/a" -> "/"). */
void learn_path_up(char *path);
/* path is dir or beneath it (everything is beneath "/"). */
bool learn_path_beneath(const char *path, const char *dir);

#endif
