/* polc audit [-I DIR]... [--json] [--all] [--fail-on SEVERITY] FILE: the
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
#include "seccomp/seccomp_gen.h"
#include "util/cli.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

static void audit_usage(FILE *out)
{
	fprintf(out,
		"usage: polc audit [-I DIR]... [--json] [--all] [--fail-on SEVERITY] FILE\n"
		"\n"
		"An exposure score (0-100, lower is better) from a table of weighted checks,\n"
		"and a finding for each check that fails: severity, what, why (the escape or\n"
		"CVE class), where (file:line) and how to fix it.\n"
		"\n"
		"  -I DIR              search DIR first for `use NAME` (repeatable)\n"
		"  --json              one JSON document\n"
		"  --all               list the checks that pass too\n"
		"  --fail-on SEVERITY  critical, high (default), medium, low or info\n"
		"\n"
		"exit status: 0 no finding at or above SEVERITY, 1 some, 2 error\n");
}

struct finding {
	const struct audit_check *check;
	bool failed;
	struct audit_result res;
};

struct audit_run {
	struct finding *f;
	size_t n;
	unsigned score; /* 0..100 */
	size_t by_severity[AUDIT_CRITICAL + 1];
};

static int run_checks(const struct audit_ctx *c, struct audit_run *run)
{
	size_t n = 0;
	unsigned total = 0, failed = 0;
	while (audit_checks[n].id)
		n++;
	run->f = calloc(n ? n : 1, sizeof *run->f);
	if (!run->f)
		return -1;
	run->n = n;
	for (size_t i = 0; i < n; i++) {
		struct finding *f = &run->f[i];
		f->check = &audit_checks[i];
		f->failed = f->check->fails(c, &f->res);
		total += f->check->weight;
		if (f->failed) {
			failed += f->check->weight;
			run->by_severity[f->check->severity]++;
		}
	}
	run->score = total ? (failed * 100 + total / 2) / total : 0;
	return 0;
}

static void print_where(const struct ir_origin *at, FILE *out)
{
	if (at->file)
		fprintf(out, "%s:%d", at->file, at->line);
	else
		fprintf(out, "(default)");
}

static void print_text(const struct audit_run *run, const char *path, bool all, FILE *out)
{
	for (int s = AUDIT_CRITICAL; s >= AUDIT_INFO; s--)
		for (size_t i = 0; i < run->n; i++) {
			const struct finding *f = &run->f[i];
			if (!f->failed || f->check->severity != (enum audit_severity)s)
				continue;
			fprintf(out, "%-8s %s: %s  (", audit_severity_name(f->check->severity), f->check->id,
				f->res.what);
			print_where(&f->res.at, out);
			fprintf(out, ")\n         why: %s\n         fix: %s\n", f->check->why, f->check->fix);
		}
	for (size_t i = 0; all && i < run->n; i++)
		if (!run->f[i].failed)
			fprintf(out, "ok       %s\n", run->f[i].check->id);
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
		const struct finding *f = &run->f[i];
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

/* The machine polc runs on, unless the policy is for another one: then
 * the first host that runs an architecture it lists. */
static enum ir_arch audit_host(const struct pol_ir *ir)
{
	enum ir_arch native = ARCH_NATIVE;
	uint32_t hosts = seccomp_host_arches(&ir->syscalls);
	if (!ir->syscalls.set || (seccomp_host_runs(native) & ir->syscalls.arches) || !hosts)
		return native;
	return (enum ir_arch)__builtin_ctz(hosts);
}

/* Load, compile the filter for this machine, run the table, print. */
static int audit_file(const char *path, const struct fe_options *opts, bool json, bool all,
		      enum audit_severity fail_on)
{
	struct pol_ir ir;
	struct err e = { 0 };
	int r = frontend_load_report(path, opts, &ir);
	int status = POLC_EXIT_INPUT;
	struct audit_ctx ctx = { .ir = &ir };
	if (r == 0 && review_sc_build(&ir, audit_host(&ir), &ctx.sc, &e) < 0)
		err_print("polc", &e);
	else if (r == 0) {
		struct audit_run run = { 0 };
		if (run_checks(&ctx, &run) < 0) {
			xalloc_die();
		} else {
			status = status_of(&run, fail_on);
			if (json)
				print_json(&run, path, all, status, stdout);
			else
				print_text(&run, path, all, stdout);
		}
		free(run.f);
		review_sc_free(&ctx.sc);
	}
	ir_free(&ir);
	return status;
}

struct audit_args {
	bool json, all;
	int fail_on;
};

static int audit_option(int opt, const char *arg, void *ctx)
{
	struct audit_args *a = ctx;
	switch (opt) {
	case 'j': a->json = true; return 0;
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
		{ "all", no_argument, NULL, 'a' },
		{ "fail-on", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_args a = { .fail_on = AUDIT_HIGH };
	const struct cli c = { "audit", audit_usage, "", longopts, audit_option, &a, 1, 1,
			       "expected one policy" };
	struct cli_dirs dirs;
	int status;
	if (cli_parse(&c, argc, argv, &dirs, &status) < 0)
		return status;
	struct fe_options opts = { .include_dirs = dirs.dirs, .ninclude_dirs = dirs.n };
	status = audit_file(argv[optind], &opts, a.json, a.all, (enum audit_severity)a.fail_on);
	cli_dirs_free(&dirs);
	return status;
}
