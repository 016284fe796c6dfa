/* The draft policy: load the base (`use BASE`, exactly what the draft
 * will say), build the additions as an IR (learn_syscalls.c,
 * learn_paths.c), print them through the one printer (pol_print_draft),
 * and load the printed text back: a draft that does not load as a
 * policy is polc's own fault, never the user's to find. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn_int.h"
#include "review/audit.h"
#include "text/pol_print.h"
#include "util/cli.h"
#include "util/diag.h"
#include "util/xalloc.h"

static const char learn_file[] = "polc learn"; /* the origin of every learned setting */

/* Bytes from a trace become text in a .pol comment: nothing that a
 * terminal or the lexer would take for more than a character. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

struct ir_origin learn_note(struct learn_draft *d, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	char *text = sb_steal(&b);
	printable(text);
	d->notes = xreallocarray(d->notes, d->nnotes + 1, sizeof *d->notes);
	d->notes[d->nnotes++] = text;
	return (struct ir_origin){ learn_file, (int)d->nnotes, 1 };
}

void learn_left_out(struct learn_draft *d, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	char *text = sb_steal(&b);
	printable(text);
	sb_printf(&d->left_out, "#   %s\n", text);
	free(text);
}

void learn_seen(struct strbuf *b, const struct learn_rec *r)
{
	sb_printf(b, "seen %llu time%s, first by %s (%s:%u)", (unsigned long long)r->n,
		  r->n == 1 ? "" : "s", r->exe ? r->exe : "an unknown program", r->first.trace,
		  r->first.line);
}

static const char *note_of(void *ctx, const struct ir_origin *at)
{
	const struct learn_draft *d = ctx;
	if (at->file != learn_file || at->line < 1 || (size_t)at->line > d->nnotes)
		return NULL;
	return d->notes[at->line - 1];
}

/* Load "use BASE" plus `extra` (NULL: nothing) into ir. */
static int load_with(struct learn_draft *d, const char *extra, struct pol_ir *ir, struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	struct diag dg;
	diag_init(&dg);
	sb_printf(&text, "use %s\n%s", d->b->use, extra ? extra : "");
	int r = frontend_load_buffer("<polc learn>", sb_str(&text), strlen(sb_str(&text)), &d->fe, ir, &dg);
	if (r < 0) {
		const struct diag_entry *de = NULL;
		for (size_t i = 0; i < dg.nentries && !de; i++)
			if (dg.entries[i].level == DIAG_ERROR)
				de = &dg.entries[i];
		err_set_status(e, POLC_EXIT_INPUT, 0, "learn", "the base '%s' does not load: %s%s%s",
			       d->b->use, de && de->file ? de->file : "", de && de->file ? ": " : "",
			       de ? de->message : "error");
	}
	diag_free(&dg);
	sb_free(&text);
	return r;
}

/* Which audit checks a policy fails, one flag per row of the table. */
static int risks_of(const struct pol_ir *ir, bool **out, size_t *n, struct err *e)
{
	struct audit_run run;
	if (audit_run_policy(ir, &run, e) < 0) {
		audit_run_free(&run);
		return -1;
	}
	*out = xcalloc(run.n ? run.n : 1, sizeof **out);
	*n = run.n;
	for (size_t i = 0; i < run.n; i++)
		(*out)[i] = run.f[i].failed;
	audit_run_free(&run);
	return 0;
}

int learn_new_risks(struct learn_draft *d, const char *syscalls_text, struct strbuf *out,
		    struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	struct pol_ir ir;
	bool *risk = NULL;
	size_t n = 0;
	sb_printf(&text, "syscalls {\n%s%s\n%s}\n", d->arch_line ? d->arch_line : "",
		  d->arch_line ? "\n" : "", syscalls_text);
	int r = load_with(d, sb_str(&text), &ir, e);
	if (r == 0)
		r = risks_of(&ir, &risk, &n, e);
	for (size_t i = 0; r == 0 && i < n && i < d->nchecks; i++)
		if (risk[i] && !d->baseline_risk[i])
			sb_printf(out, "%s%s", out->len ? " " : "", audit_checks[i].id);
	free(risk);
	ir_free(&ir);
	sb_free(&text);
	return r;
}

int learn_baseline(struct learn_draft *d, struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	struct pol_ir ir;
	if (d->arch_line)
		sb_printf(&text, "syscalls {\n%s\n}\n", d->arch_line);
	int r = load_with(d, sb_str(&text), &ir, e);
	if (r == 0)
		r = risks_of(&ir, &d->baseline_risk, &d->nchecks, e);
	ir_free(&ir);
	sb_free(&text);
	return r;
}

static char *header_of(struct learn_draft *d)
{
	struct strbuf b = STRBUF_INIT;
	const struct learn_set *s = d->s;
	sb_printf(&b, "# Learned by polc learn from %zu trace%s", s->ntraces, s->ntraces == 1 ? "" : "s");
	for (size_t i = 0; i < s->ntraces; i++) {
		char *name = xstrdup(s->traces[i]);
		printable(name);
		sb_printf(&b, "%s %s", i ? "," : ":", name);
		free(name);
	}
	sb_puts(&b, "\n# over the base '");
	sb_puts(&b, d->b->use);
	sb_puts(&b, "': only what the runs did that the base does not allow. A draft\n"
		    "# to review (docs/learn.md), not a proof: code paths the runs did not\n"
		    "# take are refused by the base's default.\n");
	if (s->lost)
		sb_printf(&b, "# %llu events were not recorded (their process was gone): run again.\n",
			  (unsigned long long)s->lost);
	if (s->io_uring)
		sb_puts(&b, "# io_uring was set up: what the ring did is not in the trace, and the\n"
			    "# Landlock rules below are all that limits it.\n");
	if (d->left_out.len) {
		sb_puts(&b, "# Seen and not added:\n");
		sb_puts(&b, sb_str(&d->left_out));
	}
	return sb_steal(&b);
}

static int verify_draft(struct learn_draft *d, const char *text, struct err *e)
{
	struct pol_ir ir;
	struct diag dg;
	diag_init(&dg);
	int r = frontend_load_buffer("<draft>", text, strlen(text), &d->fe, &ir, &dg);
	if (r < 0) {
		const struct diag_entry *de = dg.nentries ? &dg.entries[0] : NULL;
		err_set_status(e, POLC_EXIT_INTERNAL, 0, "learn", "the draft does not load (a polc bug): %d:%d: %s",
			       de ? de->line : 0, de ? de->col : 0, de ? de->message : "error");
	}
	diag_free(&dg);
	ir_free(&ir);
	return r;
}

static void draft_free(struct learn_draft *d)
{
	ir_free(&d->base);
	ir_free(&d->ir);
	review_sc_free(&d->sc);
	for (size_t i = 0; i < d->nnotes; i++)
		free(d->notes[i]);
	free(d->notes);
	free(d->baseline_risk);
	free((char *)d->arch_line);
	sb_free(&d->left_out);
}

static int build(struct learn_draft *d, struct err *e)
{
	if (load_with(d, NULL, &d->base, e) < 0)
		return -1;
	ir_init(&d->ir);
	d->ir.name = xstrdup("learned");
	d->ir.name_at = (struct ir_origin){ learn_file, 0, 0 };
	if (learn_syscalls(d, e) < 0)
		return -1;
	learn_paths(d);
	learn_caps(d);
	return 0;
}

char *learn_draft(const struct learn_set *s, const struct learn_base *b, struct err *e)
{
	struct learn_draft d = {
		.s = s, .b = b,
		.fe = { .include_dirs = b->include_dirs, .ninclude_dirs = b->ninclude_dirs },
		.left_out = STRBUF_INIT,
	};
	ir_init(&d.base);
	ir_init(&d.ir);
	char *text = NULL;
	if (build(&d, e) == 0) {
		char *header = header_of(&d);
		struct pol_text_opts opts = { .header = header, .use = b->use, .note = note_of, .note_ctx = &d };
		text = pol_print_draft(&d.ir, &opts);
		free(header);
		if (verify_draft(&d, text, e) < 0) {
			free(text);
			text = NULL;
		}
	}
	draft_free(&d);
	return text;
}
