/* polc check [--json] [--no-warnings] [-I DIR]... FILE...
 * Parse, resolve and check each policy; print every finding once.
 * Exit 0 when no file has an error (warnings allowed), 1 otherwise, 2 on
 * bad usage (util/cli.h has the scheme every command shares). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util/diag.h"
#include "frontend/frontend.h"
#include "util/cli.h"

static void check_usage(FILE *out)
{
	fprintf(out,
		"usage: polc check [--json] [--no-warnings] [-I DIR]... FILE...\n"
		"  Parse, resolve and check policies. Warnings name the risks a policy\n"
		"  takes (capabilities kept, dangerous syscalls allowed, host namespaces\n"
		"  shared, gaps left open). Exit 0 when there are no errors, 1 otherwise.\n"
		"  -I DIR          look for `use NAME` in DIR first (repeatable)\n"
		"  --json          findings as one JSON document on stdout\n"
		"  --no-warnings   errors only\n");
}

struct check_args {
	bool json, warnings;
};

static int check_option(int opt, const char *arg, void *ctx)
{
	struct check_args *a = ctx;
	if (opt == 'j')
		a->json = true;
	else
		a->warnings = false;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-warnings", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_args a = { .warnings = true };
	const struct cli c = { "check", check_usage, "", longopts, check_option, &a, 1, -1,
			       "expected a policy" };
	struct cli_dirs dirs;
	int status;
	if (cli_parse(&c, argc, argv, &dirs, &status) < 0)
		return status;
	bool json = a.json, warnings = a.warnings;
	struct fe_options opts = { .include_dirs = dirs.dirs, .ninclude_dirs = dirs.n, .warnings = warnings };
	struct diag d;
	diag_init(&d);
	for (int i = optind; i < argc; i++) {
		struct pol_ir ir;
		frontend_load(argv[i], &opts, &ir, &d);
		ir_free(&ir);
	}
	status = diag_error_count(&d) ? POLC_EXIT_FINDING : POLC_EXIT_OK;
	if (json)
		diag_print(&d, stdout, DIAG_JSON);
	else
		diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	cli_dirs_free(&dirs);
	return status;
}
