/* polc check [--format FMT | --json | --sarif] [--no-warnings] [-I DIR]... FILE...
 * Parse, resolve and check each policy; print every finding once. The
 * warnings are the audit's failed checks (compiler/review/audit_checks.c,
 * the one risk model), each at the .pol line of the setting.
 * Exit 0 when no file has an error (warnings allowed), 1 otherwise, 2 on
 * bad usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "frontend/diag.h"
#include "frontend/frontend.h"
#include "review/audit.h"
#include "review/sarif.h"

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

/* SARIF and GitHub: the errors from the diagnostics, the warnings from
 * the audit runs (which carry the fixes). */
static int print_scanning(const struct diag *d, const struct checked *files, size_t n,
			  enum report_format format)
{
	struct sarif s = { 0 };
	struct err e;
	if (format == REPORT_SARIF) {
		if (sarif_init(&s, "check", &e) < 0) {
			err_print("polc", &e);
			return 125;
		}
		sarif_rule(&s, "policy-error", "the policy does not parse, resolve or lower", "language.md",
			   "diagnostics", SARIF_ERROR);
		audit_sarif_rules(&s);
	}
	for (size_t i = 0; i < d->nentries; i++) {
		const struct diag_entry *de = &d->entries[i];
		if (de->level != DIAG_ERROR)
			continue;
		const struct ir_origin at = { de->file, de->line, de->col };
		char msg[4096];
		if (de->suggestion)
			snprintf(msg, sizeof msg, "%s; did you mean '%s'?", de->message, de->suggestion);
		else
			snprintf(msg, sizeof msg, "%s", de->message);
		if (format == REPORT_SARIF)
			sarif_result(&s, "policy-error", SARIF_ERROR, msg, &at, de->file, NULL);
		else
			github_annotation(stdout, SARIF_ERROR, "policy-error", msg, &at, de->file);
	}
	for (size_t i = 0; i < n; i++) {
		if (format == REPORT_SARIF)
			audit_sarif_results(&s, &files[i].run, files[i].path);
		else
			audit_github(stdout, &files[i].run, files[i].path);
	}
	int r = 0;
	if (format == REPORT_SARIF) {
		r = sarif_write(&s, stdout, &e);
		if (r < 0)
			err_print("polc", &e);
		sarif_free(&s);
	}
	return r < 0 ? 125 : 0;
}

static int check_files(char **paths, size_t n, const struct fe_options *opts, bool warnings,
		       enum report_format format)
{
	struct checked *files = calloc(n ? n : 1, sizeof *files);
	if (!files)
		return 125;
	struct diag d;
	diag_init(&d);
	int status;
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
			}
		}
	}
	status = diag_error_count(&d) ? 1 : 0;
	if (format == REPORT_JSON)
		diag_print(&d, stdout, DIAG_JSON);
	else if (format == REPORT_TEXT)
		diag_print(&d, stderr, diag_format_for(stderr));
	else if (print_scanning(&d, files, n, format) != 0)
		status = 125;
	for (size_t i = 0; i < n; i++) {
		audit_run_free(&files[i].run);
		ir_free(&files[i].ir);
	}
	free(files);
	diag_free(&d);
	return status;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "sarif", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "no-warnings", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
	size_t ndirs = 0;
	bool warnings = true;
	int opt, format = REPORT_TEXT;
	if (!dirs)
		return 125;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "I:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'I': dirs[ndirs++] = optarg; break;
		case 'j': format = REPORT_JSON; break;
		case 's': format = REPORT_SARIF; break;
		case 'f':
			if ((format = report_format_parse("check", optarg)) < 0) {
				free(dirs);
				return 2;
			}
			break;
		case 'w': warnings = false; break;
		case 'h': check_usage(stdout); free(dirs); return 0;
		default: check_usage(stderr); free(dirs); return 2;
		}
	}
	if (optind >= argc) {
		check_usage(stderr);
		free(dirs);
		return 2;
	}
	struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = ndirs };
	int status = check_files(argv + optind, (size_t)(argc - optind), &opts, warnings,
				 (enum report_format)format);
	free(dirs);
	return status;
}
