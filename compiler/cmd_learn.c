/* polc learn [--from POLICY.pol] [-I DIR]... [-o OUT] TRACE...
 * Learning traces (docs/learn-trace.md, from `enforce --learn`) merged and
 * turned into a draft policy over a base: compiler/learn/. A bad trace is
 * one line naming the trace and line, exit 2. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "learn/learn.h"
#include "util/cli.h"
#include "util/outfile.h"
#include "util/xalloc.h"

static void learn_usage(FILE *out)
{
	fputs("usage: polc learn [--from POLICY.pol] [-I DIR]... [-o FILE] TRACE...\n"
	      "  Merge learning traces (written by enforce --learn) into a draft policy\n"
	      "  that uses the base and adds only what the runs did that the base does\n"
	      "  not allow, each rule with a comment saying why. Review it, then build it.\n"
	      "  --from FILE  the base: the draft says `use NAME` for FILE = DIR/NAME.pol,\n"
	      "               and DIR is searched first (default: use hardened)\n"
	      "  -I DIR       look for `use NAME` in DIR first (repeatable)\n"
	      "  -o FILE      write the draft to FILE (default: stdout)\n",
	      out);
}

struct learn_args {
	const char *from;
	const char *out;
};

static int learn_option(int opt, const char *arg, void *ctx)
{
	struct learn_args *a = ctx;
	if (opt == 'f')
		a->from = arg;
	else if (opt == 'o')
		a->out = arg;
	return 0;
}

/* "DIR/NAME.pol" -> NAME (a plain word, as `use` takes it) and DIR. */
static int base_of(const char *from, char **use, char **dir, struct err *e)
{
	char *copy = xstrdup(from), *copy2 = xstrdup(from);
	char *name = basename(copy);
	size_t n = strlen(name);
	int r = 0;
	if (n < 5 || strcmp(name + n - 4, ".pol")) {
		r = err_set_status(e, POLC_EXIT_INPUT, 0, "learn", "--from %s: not a .pol file", from);
		goto out;
	}
	name[n - 4] = '\0';
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-')) {
			r = err_set_status(e, POLC_EXIT_INPUT, 0, "learn",
					   "--from %s: `use` takes a plain word, and '%s' is not one", from, name);
			goto out;
		}
	*use = xstrdup(name);
	*dir = xstrdup(dirname(copy2));
out:
	free(copy);
	free(copy2);
	return r;
}

/* Trace errors are "TRACE:LINE: what": printed as that, after "polc: ". */
static int fail(const struct err *e)
{
	if (e->step && !strcmp(e->step, "learn")) {
		char safe[sizeof e->detail * 4];
		fprintf(stderr, "polc: %s\n", text_escape(safe, sizeof safe, e->detail));
		return cli_exit_for(e->status, POLC_EXIT_INPUT);
	}
	return cli_status(-1, e);
}

static int learn_run(const struct learn_args *a, char **traces, int ntraces, struct cli_dirs *dirs)
{
	struct err e;
	struct learn_set s;
	char *use = NULL, *dir = NULL, *text = NULL;
	int status = POLC_EXIT_OK;
	learn_set_init(&s);
	const char **inc = xcalloc(dirs->n + 2, sizeof *inc);
	size_t ninc = 0;
	if (a->from && base_of(a->from, &use, &dir, &e) < 0)
		goto failed;
	if (dir)
		inc[ninc++] = dir;
	for (size_t i = 0; i < dirs->n; i++)
		inc[ninc++] = dirs->dirs[i];
	for (int i = 0; i < ntraces; i++)
		if (learn_read_trace(&s, traces[i], &e) < 0)
			goto failed;
	struct learn_base base = { use ? use : "hardened", inc, ninc };
	text = learn_draft(&s, &base, &e);
	if (!text || outfile_write(a->out, text, strlen(text), "learn", &e) < 0)
		goto failed;
	goto out;
failed:
	status = fail(&e);
out:
	free(text);
	free(use);
	free(dir);
	free(inc);
	learn_set_free(&s);
	return status;
}

int cmd_learn(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct learn_args a = { 0 };
	const struct cli c = { "learn", learn_usage, "o:", longopts, learn_option, &a, 1, -1,
			       "expected one or more traces" };
	struct cli_dirs dirs;
	int status;
	if (cli_parse(&c, argc, argv, &dirs, &status) < 0)
		return status;
	status = learn_run(&a, argv + optind, argc - optind, &dirs);
	cli_dirs_free(&dirs);
	return status;
}
