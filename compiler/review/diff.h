/* polc diff: what privilege a policy change adds and removes.
 *
 * Each comparison (diff_settings.c, diff_mounts.c, diff_syscalls.c) adds
 * lines to one report; diff.c prints it and turns it into the exit status
 * (docs/review.md). */
#ifndef POL_REVIEW_DIFF_H
#define POL_REVIEW_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "ir.h"

enum diff_dir {
	DIFF_ADDED,   /* widens what the container can do */
	DIFF_REMOVED, /* narrows it */
	DIFF_CHANGED, /* differs, neither wider nor narrower (or cannot tell) */
};

struct diff_line {
	enum diff_dir dir;
	const char *area;   /* "capabilities", "mounts", "syscalls", ... */
	char *text;         /* what changed, one line */
	struct ir_origin at; /* the setting, on the side that has it */
};

struct diff_report {
	struct diff_line *lines;
	size_t n, cap;
	bool oom;
};

/* Add one line; `at` may be NULL (no place). Out of memory sets r->oom. */
void diff_add(struct diff_report *r, enum diff_dir dir, const char *area,
	      const struct ir_origin *at, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diff_report_free(struct diff_report *r);

void diff_process(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new);
void diff_namespaces(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new);
void diff_caps(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new);
void diff_cgroup(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new);
void diff_lsm(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new);
void diff_network(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new);
void diff_mounts(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new);
/* Returns 0, or -1 with e set (a filter that does not compile). */
int diff_syscalls(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new,
		  struct err *e);

#endif
