/* polc audit: an exposure score and findings tied to known container
 * escapes. One table of weighted checks (audit_checks.c), each with why it
 * matters and how to fix it; audit.c runs them and prints. */
#ifndef POL_REVIEW_AUDIT_H
#define POL_REVIEW_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "ir.h"
#include "review/sarif.h"
#include "review_sc.h"

enum audit_severity { AUDIT_INFO, AUDIT_LOW, AUDIT_MEDIUM, AUDIT_HIGH, AUDIT_CRITICAL };

/* What a check sees: the policy and its filter compiled for the native host. */
struct audit_ctx {
	const struct pol_ir *ir;
	struct review_sc sc;
};

/* A failed check fills what (one line naming the setting) and at. Where
 * the fix is an edit of the text (drop the word that grants it), fix_at
 * and fix_len name that word (fix_len 0: no edit known). fail_at clears
 * both, and note. */
struct audit_result {
	char what[512];
	struct ir_origin at;
	struct ir_origin fix_at;
	int fix_len;
	struct ir_origin note_at; /* a second place that matters, when note is set */
	const char *note;         /* a string literal, or NULL */
};

struct audit_check {
	const char *id;
	enum audit_severity severity;
	unsigned weight;  /* share of the exposure score */
	const char *why;  /* the escape or CVE the setting opens */
	const char *fix;  /* what to write instead */
	bool (*fails)(const struct audit_ctx *c, struct audit_result *res);
};

/* The table, ended by an entry with id NULL. */
extern const struct audit_check audit_checks[];

/* Every check of the table run on one policy: the source of `polc
 * audit`'s findings and of `polc check`'s risk warnings alike. */
struct audit_finding {
	const struct audit_check *check;
	bool failed;
	struct audit_result res;
};

struct audit_run {
	struct audit_finding *f; /* one per check, in table order */
	size_t n;
	unsigned score; /* 0..100 */
	size_t by_severity[AUDIT_CRITICAL + 1];
};

/* Compile ir's filter for the host it is audited for (this machine, or
 * the first host that runs an architecture the policy lists) and run the
 * table. Returns 0, or -1 with e set; audit_run_free either way. */
int audit_run_policy(const struct pol_ir *ir, struct audit_run *run, struct err *e);
void audit_run_free(struct audit_run *run);

/* Renderings of a run (audit_report.c), for audit and check alike.
 * `file` names the policy for findings without a place. */
struct diag;
enum sarif_level audit_level(enum audit_severity s);
void audit_sarif_rules(struct sarif *s);          /* every check, as a rule */
void audit_sarif_results(struct sarif *s, const struct audit_run *run, const char *file);
void audit_github(FILE *out, const struct audit_run *run, const char *file);
void audit_diag_warnings(struct diag *d, const struct audit_run *run, const char *file);

const char *audit_severity_name(enum audit_severity s);
int audit_severity_from_name(const char *name); /* -1 unknown */

#endif
