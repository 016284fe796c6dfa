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

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

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

/* One command's command line. Every command takes -h/--help; `dirs`
 * non-NULL: -I DIR too. The command's own options go to `option`, which
 * returns 0, or -1 after printing why the value is bad. */
struct cli {
	const char *cmd;                /* "check" */
	void (*usage)(FILE *);
	const char *shortopts;          /* the command's own ("w" for fmt -w); may be "" */
	const struct option *longopts;  /* the command's own, ending in a zero row; may be NULL */
	int (*option)(int opt, const char *arg, void *ctx);
	void *ctx;
	int min_args, max_args;         /* positional arguments; max_args -1: no limit */
	const char *args_hint;          /* said when their number is wrong: "one policy at a time" */
};

/* Parse argv. Returns -1 when the command is done and must exit with
 * *status (0 after --help, POLC_EXIT_INPUT after a usage error, printed);
 * else 0, with the -I directories in *dirs (when given) and optind at the
 * first positional argument. dirs is initialised here either way. */
int cli_parse(const struct cli *c, int argc, char **argv, struct cli_dirs *dirs, int *status);

/* An `option` for a command whose one option is a flag: sets *(bool *)ctx. */
int cli_flag(int opt, const char *arg, void *ctx);

/* "polc CMD: what\n" on stderr, then the usage on stderr; returns
 * POLC_EXIT_INPUT (what may be NULL: only the usage). */
int cli_usage_error(const char *cmd, void (*usage)(FILE *), const char *what);

/* The exit status of a command that reports through struct err: 0 when r
 * is 0; else e printed once ("polc: step: detail") and its status, with
 * err_set's default (125) taken as an input error. */
int cli_status(int r, const struct err *e);

/* The exit status a struct err's status maps to: its own when it is one of
 * ours (1..3), else `fallback` (err_set leaves 125, the enforcer's). */
int cli_exit_for(int status, int fallback);

#endif
