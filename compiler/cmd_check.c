/* polc check [--format FMT | --json | --sarif] [--no-warnings] [-I DIR]... FILE...
 * Parse, resolve and check each policy; print every finding once. The
 * warnings are the audit's failed checks (compiler/review/audit_checks.c,
 * the one risk model), each at the .pol line of the setting.
 * Exit 0 when no file has an error (warnings allowed), 1 otherwise, 2 on
 * bad usage (util/cli.h has the scheme every command shares). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util/diag.h"
#include "frontend/frontend.h"
#include "review/audit.h"
#include "review/sarif.h"
#include "util/cli.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void check_usage(FILE *out)
{
	fprintf(out,
		"usage: polc check [--format FMT] [--no-warnings] [-I DIR]... FILE...\n"
		"  Parse, resolve and check policies. Warnings name the risks a policy\n"
		"  takes: the checks of polc audit that fail (capabilities kept,\n"
		"  dangerous syscalls allowed, host namespaces shared, gaps left open).\n"
		"  Exit 0 when there are no errors, 1 otherwise.\n"
		"  -I DIR          look for `use NAME` in DIR first (repeatable)\n"
		"  --format FMT    text (default), json, sarif (SARIF 2.1.0) or github\n"
		"                  (workflow annotations), on stdout except text\n"
		"  --json, --sarif the same as --format json, --format sarif\n"
		"  --no-warnings   errors only\n");
}

struct checked {
	const char *path;
	struct pol_ir ir;     /* kept to the end: the findings point into it */
	struct audit_run run; /* empty when the file had errors */
};

/* One error diagnostic as a SARIF or annotation message. */
static void report_error(struct sarif *s, const struct diag_entry *de, enum report_format format)
{
	const struct ir_origin at = { de->file, de->line, de->col };
	struct strbuf msg = { 0 };
	sb_puts(&msg, de->message);
	if (de->suggestion)
		sb_printf(&msg, "; did you mean '%s'?", de->suggestion);
	if (format == REPORT_SARIF)
		sarif_result(s, "policy-error", SARIF_ERROR, sb_str(&msg), &at, de->file, NULL);
	else
		github_annotation(stdout, SARIF_ERROR, "policy-error", sb_str(&msg), &at, de->file);
	sb_free(&msg);
}

/* SARIF and GitHub: the errors from the diagnostics, the warnings from
 * the audit runs (which carry the fixes). */
static int print_scanning(const struct diag *d, const struct checked *files, size_t n,
			  enum report_format format)
{
	struct sarif s = { 0 };
	struct err e;
	if (format == REPORT_SARIF) {
		if (sarif_init(&s, "check", &e) < 0)
			return cli_status(-1, &e);
		sarif_rule(&s, "policy-error", "the policy does not parse, resolve or lower", "language.md",
			   "diagnostics", SARIF_ERROR);
		audit_sarif_rules(&s);
	}
	for (size_t i = 0; i < d->nentries; i++)
		if (d->entries[i].level == DIAG_ERROR)
			report_error(&s, &d->entries[i], format);
	for (size_t i = 0; i < n; i++) {
		if (format == REPORT_SARIF)
			audit_sarif_results(&s, &files[i].run, files[i].path);
		else
			audit_github(stdout, &files[i].run, files[i].path);
	}
	int r = 0;
	if (format == REPORT_SARIF) {
		r = sarif_write(&s, stdout, &e);
		sarif_free(&s);
	}
	return cli_status(r < 0 ? -1 : 0, &e);
}

static int check_files(char **paths, size_t n, const struct fe_options *opts, bool warnings,
		       enum report_format format)
{
	struct checked *files = xcalloc(n ? n : 1, sizeof *files);
	struct diag d;
	diag_init(&d);
	for (size_t i = 0; i < n; i++) {
		struct pol_ir *ir = &files[i].ir;
		struct err e;
		files[i].path = paths[i];
		if (frontend_load(paths[i], opts, ir, &d) == 0 && warnings) {
			/* the checks ask the compiled filter: a policy whose filter
			 * does not compile is an error here as in polc build */
			if (audit_run_policy(ir, &files[i].run, &e) < 0) {
				char line[600];
				diag_error(&d, (struct diag_loc){ paths[i], 0, 0, 0 }, "%s",
					   err_format(&e, line, sizeof line));
			} else {
				audit_diag_warnings(&d, &files[i].run, paths[i]);
				frontend_network_notes(ir, &d);
			}
		}
	}
	int status = diag_error_count(&d) ? POLC_EXIT_FINDING : POLC_EXIT_OK;
	if (format == REPORT_JSON)
		diag_print(&d, stdout, DIAG_JSON);
	else if (format == REPORT_TEXT)
		diag_print(&d, stderr, diag_format_for(stderr));
	else {
		int r = print_scanning(&d, files, n, format);
		if (r != POLC_EXIT_OK)
			status = r;
	}
	for (size_t i = 0; i < n; i++) {
		audit_run_free(&files[i].run);
		ir_free(&files[i].ir);
	}
	free(files);
	diag_free(&d);
	return status;
}

struct check_args {
	int format;
	bool warnings;
};

static int check_option(int opt, const char *arg, void *ctx)
{
	struct check_args *a = ctx;
	switch (opt) {
	case 'j': a->format = REPORT_JSON; break;
	case 's': a->format = REPORT_SARIF; break;
	case 'f': return (a->format = report_format_parse("check", arg)) < 0 ? -1 : 0;
	default: a->warnings = false; break;
	}
	return 0;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "sarif", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "no-warnings", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_args a = { .format = REPORT_TEXT, .warnings = true };
	const struct cli c = { "check", check_usage, "", longopts, check_option, &a, 1, -1,
			       "expected a policy" };
	struct cli_dirs dirs;
	int status;
	if (cli_parse(&c, argc, argv, &dirs, &status) < 0)
		return status;
	struct fe_options opts = { .include_dirs = dirs.dirs, .ninclude_dirs = dirs.n };
	status = check_files(argv + optind, (size_t)(argc - optind), &opts, a.warnings,
			     (enum report_format)a.format);
	cli_dirs_free(&dirs);
	return status;
}
