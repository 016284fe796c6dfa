/* Shared by the draft's parts (learn_synth.c, learn_syscalls.c,
 * learn_paths.c): the draft being built as an IR of additions, the
 * comments its settings carry, and the base it is written over. */
#ifndef POL_COMPILER_LEARN_INT_H
#define POL_COMPILER_LEARN_INT_H

#include "frontend/frontend.h"
#include "learn/learn.h"
#include "review/review_sc.h"
#include "util/strbuf.h"

struct learn_draft {
	const struct learn_set *s;
	const struct learn_base *b;
	struct fe_options fe;
	struct pol_ir base;    /* the base's effective policy (`use BASE` alone) */
	struct review_sc sc;   /* the base's filter, with the arches the traces used */
	struct pol_ir ir;      /* the additions: what the draft's text says */
	char **notes;          /* notes[i] is the comment of the setting at line i + 1 */
	size_t nnotes;
	struct strbuf left_out; /* "# " lines for the header: seen, not added, why */
	bool *baseline_risk;   /* audit checks the base fails already */
	size_t nchecks;
	const char *arch_line; /* "arch x86_64 x86" when the traces added arches, else NULL */
};

/* The origin of a setting whose comment is the formatted text (bytes a
 * trace gave that are not printable become '?'). */
struct ir_origin learn_note(struct learn_draft *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A line for the header's list of what was seen and left out. */
void learn_left_out(struct learn_draft *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "seen 213 times, first by /usr/sbin/nginx (trace:12)" for a record. */
void learn_seen(struct strbuf *b, const struct learn_rec *r);

/* The audit checks (compiler/review/audit_checks.c, the one risk model)
 * that the base with `syscalls_text` added fails and the base alone does
 * not: their ids, space-separated, into out ("" when none). Returns 0, or
 * -1 with e set when that policy does not load. */
int learn_new_risks(struct learn_draft *d, const char *syscalls_text, struct strbuf *out,
		    struct err *e);

/* The audit checks the base fails with the draft's `arch` line alone:
 * what a rule is measured against (admitting i386 is its own risk, said
 * once at the arch line, not at every rule). */
int learn_baseline(struct learn_draft *d, struct err *e);

int learn_syscalls(struct learn_draft *d, struct err *e); /* learn_syscalls.c */
void learn_paths(struct learn_draft *d);                  /* learn_paths.c: landlock */
void learn_caps(struct learn_draft *d);                   /* learn_paths.c */

#endif
