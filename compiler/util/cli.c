/* Shared command-line handling (see cli.h). */
#include "util/cli.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void cli_dirs_init(struct cli_dirs *d, int argc)
{
	d->dirs = xcalloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof(*d->dirs));
	d->n = 0;
}

void cli_dirs_add(struct cli_dirs *d, const char *dir)
{
	d->dirs[d->n++] = dir; /* argc bounds the number of -I */
}

void cli_dirs_free(struct cli_dirs *d)
{
	free(d->dirs);
	d->dirs = NULL;
	d->n = 0;
}

int cli_usage_error(const char *cmd, void (*usage)(FILE *), const char *what)
{
	if (what)
		fprintf(stderr, "polc %s: %s\n", cmd, what);
	usage(stderr);
	return POLC_EXIT_INPUT;
}

int cli_exit_for(int status, int fallback)
{
	return status >= POLC_EXIT_FINDING && status <= POLC_EXIT_INTERNAL ? status : fallback;
}

/* The command's long options and --help, in one table for getopt_long. */
static struct option *all_longopts(const struct option *own)
{
	size_t n = 0;
	while (own && own[n].name)
		n++;
	struct option *all = xcalloc(n + 2, sizeof(*all));
	if (n)
		memcpy(all, own, n * sizeof(*all));
	all[n] = (struct option){ "help", no_argument, NULL, 'h' };
	return all; /* all[n + 1] is the zero row */
}

int cli_parse(const struct cli *c, int argc, char **argv, struct cli_dirs *dirs, int *status)
{
	struct option *longopts = all_longopts(c->longopts);
	char shortopts[64];
	snprintf(shortopts, sizeof shortopts, "%sh%s", dirs ? "I:" : "", c->shortopts ? c->shortopts : "");
	if (dirs)
		cli_dirs_init(dirs, argc);
	int opt, r = 0;
	*status = POLC_EXIT_OK;
	optind = 1;
	while (r == 0 && (opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (opt == 'h') {
			c->usage(stdout);
			r = -1;
		} else if (opt == 'I' && dirs) {
			cli_dirs_add(dirs, optarg);
		} else if (opt == '?' || opt == ':' || !c->option || c->option(opt, optarg, c->ctx) < 0) {
			*status = opt == '?' || opt == ':' ? cli_usage_error(c->cmd, c->usage, NULL)
							 : POLC_EXIT_INPUT;
			r = -1;
		}
	}
	int nargs = argc - optind;
	if (r == 0 && (nargs < c->min_args || (c->max_args >= 0 && nargs > c->max_args))) {
		*status = cli_usage_error(c->cmd, c->usage, c->args_hint);
		r = -1;
	}
	free(longopts);
	if (r < 0 && dirs)
		cli_dirs_free(dirs);
	return r;
}

int cli_flag(int opt, const char *arg, void *ctx)
{
	*(bool *)ctx = true;
	return 0;
}

int cli_status(int r, const struct err *e)
{
	if (r == 0)
		return POLC_EXIT_OK;
	err_print("polc", e);
	return cli_exit_for(e->status, POLC_EXIT_INPUT);
}
