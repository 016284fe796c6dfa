#define POL_ERR_IMPL /* the definitions below, not err.h's analyzer macros */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

__attribute__((format(printf, 5, 0)))
static int err_vset(struct err *e, int status, int errnum, const char *step,
		    const char *fmt, va_list ap)
{
	e->step = step;
	e->errnum = errnum;
	e->status = status;
	vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	return -1;
}

int err_set(struct err *e, int errnum, const char *step, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, EXIT_CMD_FAILED_TO_START, errnum, step, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_status(struct err *e, int status, int errnum, const char *step,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, status, errnum, step, fmt, ap);
	va_end(ap);
	return -1;
}

char *err_format(const struct err *e, char *buf, size_t size)
{
	const char *step = e->step ? e->step : "error";
	if (e->errnum)
		snprintf(buf, size, "%s: %s: %s", step, e->detail, strerror(e->errnum));
	else
		snprintf(buf, size, "%s: %s", step, e->detail);
	return buf;
}

void err_print(const char *prog, const struct err *e)
{
	char line[sizeof(e->detail) + 128];
	fprintf(stderr, "%s: %s\n", prog, err_format(e, line, sizeof(line)));
}

void err_to_wire(const struct err *e, struct err_wire *w)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->step, sizeof(w->step), "%s", e->step ? e->step : "error");
	memcpy(w->detail, e->detail, sizeof(w->detail));
	w->detail[sizeof(w->detail) - 1] = '\0';
	w->errnum = e->errnum;
	w->status = e->status;
}

void err_from_wire(struct err_wire *w, struct err *e)
{
	w->step[sizeof(w->step) - 1] = '\0';
	w->detail[sizeof(w->detail) - 1] = '\0';
	e->step = w->step;
	memcpy(e->detail, w->detail, sizeof(e->detail));
	e->errnum = w->errnum;
	e->status = w->status;
}
