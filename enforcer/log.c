/* Output of -v (one line per step taken), warnings, the supervisor's own
 * lines and --dry-run (one line per step planned), and the names used in
 * them. Every line goes through text_escape() (common/err.h): a line
 * may carry a container's text (a file name, /proc/PID/exe), which must
 * never reach the caller's terminal as control bytes. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "enforce.h"
#include "err.h"

int enforce_verbose;
bool enforce_timings;

/* The step timer (--timings, and -v): the monotonic time since the last
 * mark, taken again after the line is written so that printing is not
 * charged to the next step. A child inherits the parent's last mark, so
 * its first step counts from just before the clone. */
static struct timespec step_mark;

void step_clock_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &step_mark);
}

int step_timed(const char *step, int r)
{
	if (!enforce_timings)
		return r;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long us = (long long)(now.tv_sec - step_mark.tv_sec) * 1000000 +
		       (now.tv_nsec - step_mark.tv_nsec) / 1000;
	fprintf(stderr, "enforce: time: %s %lld us\n", step, us);
	clock_gettime(CLOCK_MONOTONIC, &step_mark);
	return r;
}

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

