/* Output of -v (one line per step taken), warnings, the supervisor's own
 * lines and --dry-run (one line per step planned), and the names used in
 * them. Every line goes through text_escape() (common/err.h): a line
 * may carry a container's text (a file name, /proc/PID/exe), which must
 * never reach the caller's terminal as control bytes. */
#include <stdarg.h>
#include <stdio.h>

#include "enforce.h"
#include "err.h"

int enforce_verbose;

void vlog(const char *step, const char *fmt, ...)
{
	if (!enforce_verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	char head[64];
	snprintf(head, sizeof(head), "enforce: %s: ", step);
	enforce_vline(stderr, head, fmt, ap);
	va_end(ap);
}

void warnx_line(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enforce_vline(stderr, "enforce: warning: ", fmt, ap);
	va_end(ap);
}

void enforce_line(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enforce_vline(stderr, "enforce: ", fmt, ap);
	va_end(ap);
}

void plan_line(FILE *out, const char *step, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char head[64];
	snprintf(head, sizeof(head), "%-10s ", step);
	enforce_vline(out, head, fmt, ap);
	va_end(ap);
}

void enforce_vline(FILE *out, const char *head, const char *fmt, va_list ap)
{
	char line[1024], safe[4 * sizeof(line)];
	vsnprintf(line, sizeof(line), fmt, ap);
	text_escape(safe, sizeof(safe), line);
	/* one write so lines from parent and child do not interleave */
	fprintf(out, "%s%s\n", head, safe);
}

