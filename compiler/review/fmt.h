/* The canonical layout of a policy (polc fmt), as a function for the fuzz
 * target and tests: format `text` (len bytes, named `name` in diagnostics)
 * into a malloc'ed *out of *outlen bytes. Returns 0, or -1 when the text
 * does not parse (errors in d, *out NULL). */
#ifndef POL_COMPILER_REVIEW_FMT_H
#define POL_COMPILER_REVIEW_FMT_H

#include <stddef.h>

struct diag;

int fmt_text(const char *name, const char *text, size_t len, struct diag *d, char **out,
	     size_t *outlen);

#endif
