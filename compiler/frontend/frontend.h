/* The front end's one entry point for every other stage of polc: read a
 * .pol file, resolve `use` and groups, check it, and lower it to the IR.
 * Diagnostics are collected in a struct diag and printed once. */
#ifndef POL_COMPILER_FRONTEND_H
#define POL_COMPILER_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ir.h"

struct diag; /* compiler/util/diag.h */

struct fe_options {
	const char *const *include_dirs; /* -I, searched first for `use NAME` */
	size_t ninclude_dirs;
};

/* Parse and lower `path` into *ir (ir_init'ed here). Returns 0 when no
 * error was found (warnings allowed), -1 otherwise; every finding is in d.
 * On -1 the IR may be partial: only ir_free it. */
int frontend_load(const char *path, const struct fe_options *opts,
		  struct pol_ir *ir, struct diag *d);

/* frontend_load, then the diagnostics printed on stderr (colour on a
 * terminal, never with NO_COLOR): what a command that only needs the IR
 * does. */
int frontend_load_report(const char *path, const struct fe_options *opts, struct pol_ir *ir);

/* Same, from a buffer (fuzzing, tests); `name` is used in diagnostics. */
int frontend_load_buffer(const char *name, const char *text, size_t len,
			 const struct fe_options *opts, struct pol_ir *ir,
			 struct diag *d);

/* The names of the standard library's groups ("@system-service", ...), in
 * groups.pol's order; NULL-terminated, *n of them. The caller frees each
 * and the array. */
char **frontend_stdlib_group_names(const struct fe_options *opts, size_t *n);

/* polc check's notes on network settings that have no effect (lower_network.c). */
void frontend_network_notes(const struct pol_ir *ir, struct diag *d);

#endif
