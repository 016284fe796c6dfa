/* polc check [--json] [--no-warnings] [-I DIR]... FILE...
 * Parse, resolve and check each policy; print every finding once.
 * Exit 0 when no file has an error (warnings allowed), 1 otherwise, 2 on
 * bad usage (util/cli.h has the scheme every command shares). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "frontend/diag.h"
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

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "no-warnings", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_dirs dirs;
	bool json = false, warnings = true;
	int opt;
	cli_dirs_init(&dirs, argc);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "I:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'I': cli_dirs_add(&dirs, optarg); break;
		case 'j': json = true; break;
		case 'w': warnings = false; break;
		case 'h': check_usage(stdout); cli_dirs_free(&dirs); return POLC_EXIT_OK;
		default: cli_dirs_free(&dirs); return cli_usage_error("check", check_usage, NULL);
		}
	}
	if (optind >= argc) {
		cli_dirs_free(&dirs);
		return cli_usage_error("check", check_usage, "no policy named");
	}
	struct fe_options opts = { .include_dirs = dirs.dirs, .ninclude_dirs = dirs.n, .warnings = warnings };
	struct diag d;
	diag_init(&d);
	for (int i = optind; i < argc; i++) {
		struct pol_ir ir;
		frontend_load(argv[i], &opts, &ir, &d);
		ir_free(&ir);
	}
	int status = diag_error_count(&d) ? POLC_EXIT_FINDING : POLC_EXIT_OK;
	if (json)
		diag_print(&d, stdout, DIAG_JSON);
	else
		diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	cli_dirs_free(&dirs);
	return status;
}
