/* Shared command-line handling (see cli.h). */
#include "util/cli.h"

#include <stdlib.h>

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
