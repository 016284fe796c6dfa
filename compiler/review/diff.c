/* polc diff [-I DIR]... [--format FMT] OLD.pol NEW.pol: the privilege a policy
 * change adds and removes, one line per change, each naming the line of
 * the setting on the side that has it. Exit status for CI gating: 0 no
 * change in privilege, 1 privilege added, 2 only removed, 3 error. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diff.h"
#include "frontend/diag.h"
#include "frontend/frontend.h"
#include "review/sarif.h"

enum { DIFF_EXIT_SAME = 0, DIFF_EXIT_ADDED = 1, DIFF_EXIT_REMOVED = 2, DIFF_EXIT_ERROR = 3 };

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
		"exit status: 0 no change in privilege, 1 privilege added,\n"
		"             2 privilege only removed, 3 error\n");
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

/* Each change at its setting in NEW (or in OLD for what NEW dropped). */
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
		if (sarif_init(&s, "diff", &e) < 0) {
			err_print("polc", &e);
			return -1;
		}
		for (int d = DIFF_ADDED; d <= DIFF_CHANGED; d++)
			sarif_rule(&s, dir_rule[d], description[d], "review.md", "polc-diff", dir_level[d]);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct diff_line *l = &r->lines[i];
		char msg[TEXT_WIDTH + 128];
		snprintf(msg, sizeof msg, "%c %s: %s", dir_mark[l->dir], l->area, l->text);
		if (format == REPORT_SARIF)
			sarif_result(&s, dir_rule[l->dir], dir_level[l->dir], msg, &l->at, new, NULL);
		else
			github_annotation(out, dir_level[l->dir], dir_rule[l->dir], msg, &l->at, new);
	}
	int rc = 0;
	if (format == REPORT_SARIF) {
		if ((rc = sarif_write(&s, out, &e)) < 0)
			err_print("polc", &e);
		sarif_free(&s);
	}
	return rc;
}

static int load(const char *path, const struct fe_options *opts, struct pol_ir *ir)
{
	struct diag d;
	diag_init(&d);
	int r = frontend_load(path, opts, ir, &d);
	diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	return r;
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
	if (diff_syscalls(r, old, new, e) < 0)
		return -1;
	if (r->oom)
		return err_set(e, 12, "diff", "out of memory");
	return 0;
}

static int status_of(const struct diff_report *r)
{
	size_t n[3];
	count(r, n);
	return n[DIFF_ADDED] ? DIFF_EXIT_ADDED : n[DIFF_REMOVED] ? DIFF_EXIT_REMOVED : DIFF_EXIT_SAME;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "sarif", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
	size_t ndirs = 0;
	int opt, format = REPORT_TEXT;
	if (!dirs)
		return DIFF_EXIT_ERROR;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "I:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'I': dirs[ndirs++] = optarg; break;
		case 'j': format = REPORT_JSON; break;
		case 's': format = REPORT_SARIF; break;
		case 'f':
			if ((format = report_format_parse("diff", optarg)) < 0) {
				free(dirs);
				return DIFF_EXIT_ERROR;
			}
			break;
		case 'h': diff_usage(stdout); free(dirs); return 0;
		default: diff_usage(stderr); free(dirs); return DIFF_EXIT_ERROR;
		}
	}
	if (optind != argc - 2) {
		diff_usage(stderr);
		free(dirs);
		return DIFF_EXIT_ERROR;
	}
	struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = ndirs };
	struct pol_ir old, new;
	struct diff_report report = { 0 };
	struct err e = { 0 };
	int status = DIFF_EXIT_ERROR;
	int r_old = load(argv[optind], &opts, &old);
	int r_new = load(argv[optind + 1], &opts, &new);
	if (r_old == 0 && r_new == 0) {
		if (compare(&report, &old, &new, &e) < 0) {
			err_print("polc", &e);
		} else {
			status = status_of(&report);
			if (format == REPORT_JSON)
				print_json(&report, argv[optind], argv[optind + 1], status, stdout);
			else if (format == REPORT_TEXT)
				print_text(&report, stdout);
			else if (print_scanning(&report, argv[optind + 1], (enum report_format)format, stdout) < 0)
				status = DIFF_EXIT_ERROR;
		}
	}
	diff_report_free(&report);
	ir_free(&old);
	ir_free(&new);
	free(dirs);
	return status;
}
