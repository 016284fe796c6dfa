/* Output of -v (one line per step taken) and --dry-run (one line per step
 * planned), and the names used in both. */
#include <stdarg.h>
#include <stdio.h>

#include "enforce.h"

int enforce_verbose;

void vlog(const char *step, const char *fmt, ...)
{
	if (!enforce_verbose)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* one write so lines from parent and child do not interleave */
	fprintf(stderr, "enforce: %s: %s\n", step, line);
}

void warnx_line(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "enforce: warning: %s\n", line);
}

void plan_line(FILE *out, const char *step, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(out, "%-10s ", step);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	va_end(ap);
}

