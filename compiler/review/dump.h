/* polc dump's rendering of a validated blob, for the command and for the
 * reader's fuzz target (which renders every blob the reader accepts). */
#ifndef POL_COMPILER_DUMP_H
#define POL_COMPILER_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "polb_reader.h"

/* Print what view `v` (of `size` bytes, read from `name`) holds: an
 * outline, or one JSON document when json is true. */
void dump_view(FILE *out, const char *name, const struct polb_view *v, size_t size,
	       bool json);

#endif
