/* Findings for code scanning: SARIF 2.1.0 (`--sarif`, GitHub and GitLab
 * code scanning) and GitHub workflow annotations (`--format github`), for
 * polc check, audit and diff. A command adds its rules (one per kind of
 * finding: the audit checks' table, the errors, diff's directions) and its
 * results with their .pol origin (struct ir_origin: file, line, column),
 * then writes one document. Built with json-c, never by hand. */
#ifndef POL_REVIEW_SARIF_H
#define POL_REVIEW_SARIF_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "ir.h"

enum sarif_level { SARIF_NOTE, SARIF_WARNING, SARIF_ERROR };

/* An edit that fixes a finding: delete `len` characters at `at` (the
 * word that grants the privilege); description says what it does. */
struct sarif_fix {
	struct ir_origin at;
	int len;
	const char *description;
};

struct sarif {
	json_object *root, *rules, *results;
};

/* What a review command prints: `--format text|json|sarif|github`
 * (`--json` and `--sarif` are short for two of them). */
enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_SARIF, REPORT_GITHUB };

/* The format named, or -1 after saying so on stderr for `command`. */
int report_format_parse(const char *command, const char *name);

/* command: "check", "audit" or "diff" (the run's automationDetails). */
int sarif_init(struct sarif *s, const char *command, struct err *e);
void sarif_free(struct sarif *s);

/* A rule: id, one-line description, the docs page and anchor it is
 * explained at (docs/PAGE.md#ANCHOR, installed with polc), its level. */
void sarif_rule(struct sarif *s, const char *id, const char *description, const char *page,
		const char *anchor, enum sarif_level level);

/* A result of rule `id` (added before) at `at` (file NULL: `file`, the
 * policy the command was given, without a line). fix may be NULL. */
void sarif_result(struct sarif *s, const char *id, enum sarif_level level, const char *message,
		  const struct ir_origin *at, const char *file, const struct sarif_fix *fix);

int sarif_write(const struct sarif *s, FILE *out, struct err *e);

/* One GitHub workflow command line: `::warning file=F,line=L,col=C,
 * title=ID::MESSAGE`, with the escapes GitHub defines (%25 %0D %0A, and
 * %3A %2C in properties). */
void github_annotation(FILE *out, enum sarif_level level, const char *id, const char *message,
		       const struct ir_origin *at, const char *file);

#endif
