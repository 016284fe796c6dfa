/* polc audit [-I DIR]... [--format FMT] [--all] [--fail-on SEVERITY] FILE: the
 * exposure score (0-100, lower is better) from the weighted checks of
 * audit_checks.c, and one finding per failed check: severity, what, why,
 * where, how to fix. Exit 0 when no finding is at or above --fail-on
 * (default high), 1 otherwise, 2 on a policy or usage error. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "commands.h"
#include "util/diag.h"
#include "frontend/frontend.h"
#include "util/cli.h"

static void audit_usage(FILE *out)
{
	fprintf(out,
		"usage: polc audit [-I DIR]... [--format FMT] [--all] [--fail-on SEVERITY] FILE\n"
		"\n"
		"An exposure score (0-100, lower is better) from a table of weighted checks,\n"
		"and a finding for each check that fails: severity, what, why (the escape or\n"
		"CVE class), where (file:line) and how to fix it.\n"
		"\n"
		"  -I DIR              search DIR first for `use NAME` (repeatable)\n"
		"  --format FMT        text (default; coloured on a terminal unless NO_COLOR),\n"
		"                      json, sarif (SARIF 2.1.0) or github (annotations)\n"
		"  --json, --sarif     the same as --format json, --format sarif\n"
		"  --all               list the checks that pass too\n"
		"  --fail-on SEVERITY  critical, high (default), medium, low or info\n"
		"\n"
		"exit status: 0 no finding at or above SEVERITY, 1 some, 2 error\n");
}

static void print_where(const struct ir_origin *at, FILE *out)
{
	if (at->file)
		fprintf(out, "%s:%d", at->file, at->line);
	else
		fprintf(out, "(default)");
}

static const enum diag_paint severity_paint[] = {
	[AUDIT_INFO] = PAINT_NOTE, [AUDIT_LOW] = PAINT_NOTE, [AUDIT_MEDIUM] = PAINT_WARNING,
	[AUDIT_HIGH] = PAINT_ERROR, [AUDIT_CRITICAL] = PAINT_ERROR,
};

static void print_text(const struct audit_run *run, const char *path, bool all, FILE *out)
{
	bool on = diag_format_for(out) == DIAG_COLOR;
	const char *reset = diag_paint(PAINT_RESET, on);
	for (int s = AUDIT_CRITICAL; s >= AUDIT_INFO; s--)
		for (size_t i = 0; i < run->n; i++) {
			const struct audit_finding *f = &run->f[i];
			if (!f->failed || f->check->severity != (enum audit_severity)s)
				continue;
			fprintf(out, "%s%-8s%s %s%s:%s %s  (", diag_paint(severity_paint[f->check->severity], on),
				audit_severity_name(f->check->severity), reset, diag_paint(PAINT_BOLD, on),
				f->check->id, reset, f->res.what);
			print_where(&f->res.at, out);
			fprintf(out, ")\n         why: %s\n         fix: %s\n", f->check->why, f->check->fix);
		}
	for (size_t i = 0; all && i < run->n; i++)
		if (!run->f[i].failed)
			fprintf(out, "%sok%s       %s\n", diag_paint(PAINT_GOOD, on), reset, run->f[i].check->id);
	fprintf(out, "%s: exposure %u/100 (lower is better); %zu critical, %zu high, %zu medium, %zu low\n",
		path, run->score, run->by_severity[AUDIT_CRITICAL], run->by_severity[AUDIT_HIGH],
		run->by_severity[AUDIT_MEDIUM], run->by_severity[AUDIT_LOW]);
}

static void print_json(const struct audit_run *run, const char *path, bool all, int status, FILE *out)
{
	json_object *root = json_object_new_object(), *list = json_object_new_array();
	json_object_object_add(root, "file", json_object_new_string(path));
	json_object_object_add(root, "score", json_object_new_int((int)run->score));
	for (size_t i = 0; i < run->n; i++) {
		const struct audit_finding *f = &run->f[i];
		if (!f->failed && !all)
			continue;
		json_object *o = json_object_new_object();
		json_object_object_add(o, "check", json_object_new_string(f->check->id));
		json_object_object_add(o, "failed", json_object_new_boolean(f->failed));
		json_object_object_add(o, "severity", json_object_new_string(audit_severity_name(f->check->severity)));
		json_object_object_add(o, "weight", json_object_new_int((int)f->check->weight));
		json_object_object_add(o, "what", f->failed ? json_object_new_string(f->res.what) : NULL);
		json_object_object_add(o, "why", json_object_new_string(f->check->why));
		json_object_object_add(o, "fix", json_object_new_string(f->check->fix));
		json_object_object_add(o, "file", f->failed && f->res.at.file ? json_object_new_string(f->res.at.file) : NULL);
		json_object_object_add(o, "line", json_object_new_int(f->failed ? f->res.at.line : 0));
		json_object_array_add(list, o);
	}
	json_object_object_add(root, "findings", list);
	json_object_object_add(root, "status", json_object_new_int(status));
	fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

static int status_of(const struct audit_run *run, enum audit_severity fail_on)
{
	for (int s = fail_on; s <= AUDIT_CRITICAL; s++)
		if (run->by_severity[s])
			return POLC_EXIT_FINDING;
	return POLC_EXIT_OK;
}

/* SARIF: every check a rule, the failed ones results; GitHub: one
 * annotation per failed check. Returns the exit status of a failure to
 * write (POLC_EXIT_INTERNAL), else 0. */
static int print_scanning(const struct audit_run *run, const char *path, enum report_format format)
{
	if (format == REPORT_GITHUB) {
		audit_github(stdout, run, path);
		return POLC_EXIT_OK;
	}
	struct sarif s;
	struct err e;
	int r = sarif_init(&s, "audit", &e);
	if (r == 0) {
		audit_sarif_rules(&s);
		audit_sarif_results(&s, run, path);
		r = sarif_write(&s, stdout, &e);
		sarif_free(&s);
	}
	return cli_status(r, &e);
}

/* Load, compile the filter for this machine, run the table, print. */
static int audit_file(const char *path, const struct fe_options *opts, enum report_format format,
		      bool all, enum audit_severity fail_on)
{
	struct pol_ir ir;
	struct err e = { 0 };
	int r = frontend_load_report(path, opts, &ir);
	int status = POLC_EXIT_INPUT;
	struct audit_run run = { 0 };
	if (r == 0 && audit_run_policy(&ir, &run, &e) < 0) {
		status = cli_status(-1, &e);
	} else if (r == 0) {
		status = status_of(&run, fail_on);
		if (format == REPORT_JSON)
			print_json(&run, path, all, status, stdout);
		else if (format == REPORT_TEXT)
			print_text(&run, path, all, stdout);
		else {
			int w = print_scanning(&run, path, format);
			if (w != POLC_EXIT_OK)
				status = w;
		}
	}
	audit_run_free(&run);
	ir_free(&ir);
	return status;
}

struct audit_args {
	bool all;
	int format, fail_on;
};

static int audit_option(int opt, const char *arg, void *ctx)
{
	struct audit_args *a = ctx;
	switch (opt) {
	case 'j': a->format = REPORT_JSON; return 0;
	case 's': a->format = REPORT_SARIF; return 0;
	case 'F': return (a->format = report_format_parse("audit", arg)) < 0 ? -1 : 0;
	case 'a': a->all = true; return 0;
	default:
		a->fail_on = audit_severity_from_name(arg);
		if (a->fail_on >= 0)
			return 0;
		fprintf(stderr, "polc: audit: unknown severity '%s' (critical, high, medium, low, info)\n", arg);
		return -1;
	}
}

int cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "sarif", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ "all", no_argument, NULL, 'a' },
		{ "fail-on", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_args a = { .format = REPORT_TEXT, .fail_on = AUDIT_HIGH };
	const struct cli c = { "audit", audit_usage, "", longopts, audit_option, &a, 1, 1,
			       "expected one policy" };
	struct cli_dirs dirs;
	int status;
	if (cli_parse(&c, argc, argv, &dirs, &status) < 0)
		return status;
	struct fe_options opts = { .include_dirs = dirs.dirs, .ninclude_dirs = dirs.n };
	status = audit_file(argv[optind], &opts, (enum report_format)a.format, a.all,
			    (enum audit_severity)a.fail_on);
	cli_dirs_free(&dirs);
	return status;
}
