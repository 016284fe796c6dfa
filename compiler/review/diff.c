/* polc diff [-I DIR]... [--format FMT] OLD.pol NEW.pol: the privilege a policy
 * change adds and removes, one line per change, each naming the line of
 * the setting on the side that has it. Exit status for CI gating (the
 * scheme of util/cli.h): 0 no privilege added (nothing changed, or only
 * narrowed: --json counts them), 1 privilege added, 2 a policy does not
 * load or bad usage, 3 internal error. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diff.h"
#include "util/diag.h"
#include "frontend/frontend.h"
#include "review/sarif.h"
#include "util/cli.h"
#include "util/strbuf.h"
#include "util/xalloc.h"


#define TEXT_WIDTH 400 /* a longer line is cut in text output; --json has it whole */

static void diff_usage(FILE *out)
{
	fprintf(out,
		"usage: polc diff [-I DIR]... [--format FMT] OLD.pol NEW.pol\n"
		"\n"
		"What privilege NEW adds (+) and removes (-) compared with OLD: capabilities,\n"
		"namespaces and id maps, mounts, cgroup limits, LSMs, no_new_privs, user,\n"
		"syscall decisions (both filters run over every syscall), default action and\n"
		"architectures. '~' marks a change that is neither wider nor narrower.\n"
		"Each line ends with the file:line of the setting.\n"
		"\n"
		"  -I DIR     search DIR first for `use NAME` (repeatable)\n"
		"  --format FMT  text (default; coloured on a terminal unless NO_COLOR),\n"
		"             json, sarif (SARIF 2.1.0) or github (workflow annotations)\n"
		"  --json, --sarif  the same as --format json, --format sarif\n"
		"\n"
		"exit status: 0 no privilege added, 1 privilege added,\n"
		"             2 a policy does not load or bad usage, 3 internal error\n");
}

static const char dir_mark[] = { [DIFF_ADDED] = '+', [DIFF_REMOVED] = '-', [DIFF_CHANGED] = '~' };
static const char *const dir_name[] = {
	[DIFF_ADDED] = "added", [DIFF_REMOVED] = "removed", [DIFF_CHANGED] = "changed",
};

static void count(const struct diff_report *r, size_t n[3])
{
	n[0] = n[1] = n[2] = 0;
	for (size_t i = 0; i < r->n; i++)
		n[r->lines[i].dir]++;
}

/* Added privilege reads as an error would, removed as good news. */
static const enum diag_paint dir_paint[] = {
	[DIFF_ADDED] = PAINT_ERROR, [DIFF_REMOVED] = PAINT_GOOD, [DIFF_CHANGED] = PAINT_WARNING,
};

static void print_text(const struct diff_report *r, FILE *out)
{
	bool on = diag_format_for(out) == DIAG_COLOR;
	/* widening first, so the lines a reviewer must read come first */
	static const enum diff_dir order[] = { DIFF_ADDED, DIFF_REMOVED, DIFF_CHANGED };
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < r->n; i++) {
			const struct diff_line *l = &r->lines[i];
			if (l->dir != order[k])
				continue;
			int len = (int)strlen(l->text);
			fprintf(out, "%s%c %s:%s %.*s%s", diag_paint(dir_paint[l->dir], on), dir_mark[l->dir],
				l->area, diag_paint(PAINT_RESET, on), len > TEXT_WIDTH ? TEXT_WIDTH : len, l->text,
				len > TEXT_WIDTH ? " ... (--json lists all)" : "");
			if (l->at.file)
				fprintf(out, "  (%s:%d)", l->at.file, l->at.line);
			fputc('\n', out);
		}
	size_t n[3];
	count(r, n);
	if (!r->n)
		fprintf(out, "no change in privilege\n");
	else
		fprintf(out, "%zu added, %zu removed, %zu changed\n", n[DIFF_ADDED], n[DIFF_REMOVED],
			n[DIFF_CHANGED]);
}

static int print_json(const struct diff_report *r, const char *old, const char *new, int status,
		      FILE *out)
{
	json_object *root = json_object_new_object(), *changes = json_object_new_array();
	size_t n[3];
	count(r, n);
	if (!root || !changes)
		return -1;
	json_object_object_add(root, "old", json_object_new_string(old));
	json_object_object_add(root, "new", json_object_new_string(new));
	for (size_t i = 0; i < r->n; i++) {
		const struct diff_line *l = &r->lines[i];
		json_object *c = json_object_new_object();
		json_object_object_add(c, "change", json_object_new_string(dir_name[l->dir]));
		json_object_object_add(c, "area", json_object_new_string(l->area));
		json_object_object_add(c, "what", json_object_new_string(l->text));
		json_object_object_add(c, "file", l->at.file ? json_object_new_string(l->at.file) : NULL);
		json_object_object_add(c, "line", json_object_new_int(l->at.line));
		json_object_object_add(c, "column", json_object_new_int(l->at.col));
		json_object_array_add(changes, c);
	}
	json_object_object_add(root, "changes", changes);
	json_object_object_add(root, "added", json_object_new_int64((int64_t)n[DIFF_ADDED]));
	json_object_object_add(root, "removed", json_object_new_int64((int64_t)n[DIFF_REMOVED]));
	json_object_object_add(root, "changed", json_object_new_int64((int64_t)n[DIFF_CHANGED]));
	json_object_object_add(root, "status", json_object_new_int(status));
	fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return 0;
}

static const char *const dir_rule[] = {
	[DIFF_ADDED] = "privilege-added", [DIFF_REMOVED] = "privilege-removed",
	[DIFF_CHANGED] = "privilege-changed",
};
static const enum sarif_level dir_level[] = {
	[DIFF_ADDED] = SARIF_WARNING, [DIFF_REMOVED] = SARIF_NOTE, [DIFF_CHANGED] = SARIF_NOTE,
};

/* Each change at its setting in NEW (or in OLD for what NEW dropped).
 * Returns 0, or the exit status of a report that cannot be made. */
static int print_scanning(const struct diff_report *r, const char *new, enum report_format format,
			  FILE *out)
{
	static const char *const description[] = {
		[DIFF_ADDED] = "the change widens what the container can do",
		[DIFF_REMOVED] = "the change narrows what the container can do",
		[DIFF_CHANGED] = "the change differs, neither wider nor narrower",
	};
	struct sarif s = { 0 };
	struct err e;
	if (format == REPORT_SARIF) {
		if (sarif_init(&s, "diff", &e) < 0)
			return cli_status(-1, &e);
		for (int d = DIFF_ADDED; d <= DIFF_CHANGED; d++)
			sarif_rule(&s, dir_rule[d], description[d], "review.md", "polc-diff", dir_level[d]);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct diff_line *l = &r->lines[i];
		struct strbuf msg = { 0 };
		sb_printf(&msg, "%c %s: %s", dir_mark[l->dir], l->area, l->text);
		if (format == REPORT_SARIF)
			sarif_result(&s, dir_rule[l->dir], dir_level[l->dir], sb_str(&msg), &l->at, new, NULL);
		else
			github_annotation(out, dir_level[l->dir], dir_rule[l->dir], sb_str(&msg), &l->at, new);
		sb_free(&msg);
	}
	int rc = 0;
	if (format == REPORT_SARIF) {
		rc = sarif_write(&s, out, &e);
		sarif_free(&s);
	}
	return cli_status(rc, &e);
}

/* Every comparison, in the order a reviewer reads a policy. */
static int compare(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new,
		   struct err *e)
{
	diff_process(r, old, new);
	diff_namespaces(r, old, new);
	diff_caps(r, old, new);
	diff_mounts(r, old, new);
	diff_cgroup(r, old, new);
	diff_lsm(r, old, new);
	diff_network(r, old, new);
	if (diff_syscalls(r, old, new, e) < 0)
		return -1;
	if (r->oom)
		xalloc_die(); /* a line could not be recorded: the report would be wrong */
	return 0;
}

static int status_of(const struct diff_report *r)
{
	size_t n[3];
	count(r, n);
	return n[DIFF_ADDED] ? POLC_EXIT_FINDING : POLC_EXIT_OK;
}

static int diff_option(int opt, const char *arg, void *ctx)
{
	int *format = ctx;
	if (opt == 'f')
		return (*format = report_format_parse("diff", arg)) < 0 ? -1 : 0;
	*format = opt == 's' ? REPORT_SARIF : REPORT_JSON;
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "sarif", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	int format = REPORT_TEXT;
	const struct cli c = { "diff", diff_usage, "", longopts, diff_option, &format, 2, 2,
			       "two policies: OLD.pol NEW.pol" };
	struct cli_dirs dirs;
	int status;
	if (cli_parse(&c, argc, argv, &dirs, &status) < 0)
		return status;
	struct fe_options opts = { .include_dirs = dirs.dirs, .ninclude_dirs = dirs.n };
	struct pol_ir old, new;
	struct diff_report report = { 0 };
	struct err e = { 0 };
	status = POLC_EXIT_INPUT;
	int r_old = frontend_load_report(argv[optind], &opts, &old);
	int r_new = frontend_load_report(argv[optind + 1], &opts, &new);
	if (r_old == 0 && r_new == 0) {
		if (compare(&report, &old, &new, &e) < 0) {
			err_print("polc", &e);
			status = POLC_EXIT_INTERNAL;
		} else {
			status = status_of(&report);
			if (format == REPORT_JSON)
				print_json(&report, argv[optind], argv[optind + 1], status, stdout);
			else if (format == REPORT_TEXT)
				print_text(&report, stdout);
			else {
				int w = print_scanning(&report, argv[optind + 1], (enum report_format)format, stdout);
				if (w != POLC_EXIT_OK)
					status = w;
			}
		}
	}
	diff_report_free(&report);
	ir_free(&old);
	ir_free(&new);
	cli_dirs_free(&dirs);
	return status;
}
