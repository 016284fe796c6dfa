/* What every polc command shares on its command line: the exit statuses,
 * the repeatable -I DIR, and the way usage errors are reported.
 *
 * Exit statuses, the same for every command (docs/polc.1, EXIT STATUS):
 *   0  done; the answer is "yes" (no error, no finding, no widening, same)
 *   1  the command answers a question and the answer is "no": check found
 *      errors, audit a finding at --fail-on or above, diff a widening of
 *      privilege, fmt --check an unformatted file, build --check a blob
 *      that differs from its source
 *   2  usage or input error: a bad option, a file that cannot be read, a
 *      policy that does not load, a blob that is not valid
 *   3  internal or system error: out of memory, an output that cannot be
 *      written */
#ifndef POL_COMPILER_CLI_H
#define POL_COMPILER_CLI_H

#include <stddef.h>
#include <stdio.h>

enum polc_exit {
	POLC_EXIT_OK = 0,
	POLC_EXIT_FINDING = 1,
	POLC_EXIT_INPUT = 2,
	POLC_EXIT_INTERNAL = 3,
};

/* The -I directories of one command line, in order (at most argc of them). */
struct cli_dirs {
	const char **dirs;
	size_t n;
};
void cli_dirs_init(struct cli_dirs *d, int argc);
void cli_dirs_add(struct cli_dirs *d, const char *dir);
void cli_dirs_free(struct cli_dirs *d);

/* "polc CMD: what\n" on stderr, then the usage on stderr; returns
 * POLC_EXIT_INPUT (what may be NULL: only the usage). */
int cli_usage_error(const char *cmd, void (*usage)(FILE *), const char *what);

/* The exit status a struct err's status maps to: its own when it is one of
 * ours (1..3), else `fallback` (err_set leaves 125, the enforcer's). */
int cli_exit_for(int status, int fallback);

#endif
