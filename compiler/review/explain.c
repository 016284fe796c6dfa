/* polc explain [-I DIR]... FILE: the effective policy after `use` and
 * groups were resolved and later statements overrode earlier ones, written
 * in the policy language, each setting followed by the file:line:col it
 * came from. What the policy does not set is shown with its default. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util/diag.h"
#include "frontend/frontend.h"
#include "review/explain_json.h"
#include "text/pol_print.h"
#include "util/cli.h"
#include "vocab/vocab.h"

#define ORIGIN_COLUMN 52

/* The explain sink: indent, the setting, then "# file:line:col" in a
 * column ("# default" for a setting the policy left at its default). */
static void explain_line(struct pol_out *o, const struct ir_origin *at, int depth, const char *text)
{
	int n = printf("%*s%s", depth * 4, "", text);
	int pad = n < ORIGIN_COLUMN ? ORIGIN_COLUMN - n : 1;
	if (at && at->file)
		printf("%*s# %s:%d:%d%s%s", pad, "", at->file, at->line, at->col,
		       o->via_group ? " via " : "", o->via_group ? o->via_group : "");
	else if (at)
		printf("%*s# default", pad, "");
	putchar('\n');
}

static void explain_ir(const struct pol_ir *ir)
{
	struct pol_out o = { explain_line, NULL, NULL, NULL };
	pol_print_name(&o, ir);
	printf("# sources, in resolution order (digest ");
	for (int i = 0; i < 32; i++)
		printf("%02x", ir->source_digest[i]);
	printf("):\n");
	for (size_t i = 0; i < ir->nsources; i++) {
		printf("#   %s sha256 ", ir->sources[i].path);
		for (int j = 0; j < 32; j++)
			printf("%02x", ir->sources[i].sha256[j]);
		putchar('\n');
	}
	pol_print_sections(&o, ir);
}

static void explain_usage(FILE *out)
{
	fprintf(out, "usage: polc explain [-I DIR]... [--json] FILE\n"
		     "  The effective policy, each setting with the file:line:col it came from.\n"
		     "  --json  one JSON document (conditions as their expanded cases)\n");
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	const struct cli c = { "explain", explain_usage, "", longopts, cli_flag, &json, 1, 1,
			       "expected one policy" };
	struct cli_dirs dirs;
	int status;
	if (cli_parse(&c, argc, argv, &dirs, &status) < 0)
		return status;
	struct fe_options opts = { .include_dirs = dirs.dirs, .ninclude_dirs = dirs.n };
	struct pol_ir ir;
	struct err e;
	status = frontend_load_report(argv[optind], &opts, &ir) == 0 ? POLC_EXIT_OK : POLC_EXIT_INPUT;
	if (status == POLC_EXIT_OK && json)
		status = cli_status(explain_json(&ir, stdout, &e), &e);
	else if (status == POLC_EXIT_OK)
		explain_ir(&ir);
	ir_free(&ir);
	cli_dirs_free(&dirs);
	return status;
}
