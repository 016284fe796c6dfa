/* The audit's findings as code-scanning output (SARIF rules and results,
 * GitHub annotations) and as `polc check` warnings: one rendering of the
 * table of audit_checks.c for every command that reports risks. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "frontend/diag.h"
#include "review/sarif.h"

enum sarif_level audit_level(enum audit_severity s)
{
	return s >= AUDIT_HIGH ? SARIF_ERROR : s == AUDIT_MEDIUM ? SARIF_WARNING : SARIF_NOTE;
}

void audit_sarif_rules(struct sarif *s)
{
	for (size_t i = 0; audit_checks[i].id; i++)
		sarif_rule(s, audit_checks[i].id, audit_checks[i].why, "review.md", "the-checks",
			   audit_level(audit_checks[i].severity));
}

static void message_of(const struct audit_finding *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s: %s (fix: %s)", f->res.what, f->check->why, f->check->fix);
}

/* The next failed check at or after run->f[*i], or NULL. */
static const struct audit_finding *next_failed(const struct audit_run *run, size_t *i)
{
	for (; *i < run->n; (*i)++)
		if (run->f[*i].failed)
			return &run->f[*i];
	return NULL;
}

void audit_sarif_results(struct sarif *s, const struct audit_run *run, const char *file)
{
	char msg[2048];
	const struct audit_finding *f;
	for (size_t i = 0; (f = next_failed(run, &i)); i++) {
		const struct sarif_fix fix = { f->res.fix_at, f->res.fix_len, f->check->fix };
		message_of(f, msg, sizeof msg);
		sarif_result(s, f->check->id, audit_level(f->check->severity), msg, &f->res.at, file,
			     f->res.fix_len ? &fix : NULL);
	}
}

void audit_github(FILE *out, const struct audit_run *run, const char *file)
{
	char msg[2048];
	const struct audit_finding *f;
	for (size_t i = 0; (f = next_failed(run, &i)); i++) {
		message_of(f, msg, sizeof msg);
		github_annotation(out, audit_level(f->check->severity), f->check->id, msg, &f->res.at, file);
	}
}

void audit_diag_warnings(struct diag *d, const struct audit_run *run, const char *file)
{
	const struct audit_finding *f;
	for (size_t i = 0; (f = next_failed(run, &i)); i++) {
		const struct ir_origin *at = &f->res.at;
		bool edit = f->res.fix_len && f->res.fix_at.line == at->line && f->res.fix_at.col == at->col;
		struct diag_loc loc = { at->file ? at->file : file, at->file ? at->line : 0,
					at->file ? at->col : 0, edit ? f->res.fix_len : 0 };
		diag_warning(d, loc, "%s: %s", f->res.what, f->check->why);
		diag_set_rule(d, f->check->id);
		if (f->res.note && f->res.note_at.file)
			diag_note(d, (struct diag_loc){ f->res.note_at.file, f->res.note_at.line,
							f->res.note_at.col, 0 }, "%s", f->res.note);
	}
}
