/* polc check [--json] [--no-warnings] [-I DIR]... FILE...
 * Parse, resolve and check each policy; print every finding once.
 * Exit 0 when no file has an error (warnings allowed), 1 otherwise, 2 on
 * bad usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "frontend/diag.h"
#include "frontend/frontend.h"

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
	const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
	size_t ndirs = 0;
	bool json = false, warnings = true;
	int opt;
	if (!dirs)
		return 125;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "I:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'I': dirs[ndirs++] = optarg; break;
		case 'j': json = true; break;
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
	struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = ndirs, .warnings = warnings };
	struct diag d;
	diag_init(&d);
	for (int i = optind; i < argc; i++) {
		struct pol_ir ir;
		frontend_load(argv[i], &opts, &ir, &d);
		ir_free(&ir);
	}
	int status = diag_error_count(&d) ? 1 : 0;
	if (json)
		diag_print(&d, stdout, DIAG_JSON);
	else
		diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	free(dirs);
	return status;
}
