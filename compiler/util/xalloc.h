/* Checked allocation for polc. polc is a compiler: when memory runs out
 * there is nothing useful left to do, so these print one line,
 * "polc: out of memory", and exit with POLC_EXIT_INTERNAL (util/cli.h)
 * instead of returning NULL for every caller to test. The enforcer does not
 * link them: its failures go through struct err (common/err.h). */
#ifndef POL_COMPILER_XALLOC_H
#define POL_COMPILER_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* n * size bytes, the product checked for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* The exit path of the wrappers, for a library that reports ENOMEM itself. */
__attribute__((noreturn)) void xalloc_die(void);

#endif
