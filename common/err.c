#define POL_ERR_IMPL /* the definitions below, not err.h's analyzer macros */
#include "err.h"

#include <stdarg.h>
#include <stdint.h>
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
	char line[sizeof(e->detail) + 128], safe[4 * sizeof(line)];
	/* the detail may name a container's file (or come from its side of
	 * the channel): never raw control bytes on the caller's terminal */
	text_escape(safe, sizeof(safe), err_format(e, line, sizeof(line)));
	fprintf(stderr, "%s: %s\n", prog, safe);
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

/* ---- text_escape (err.h) ---------------------------------------------- */

/* Length of the well-formed UTF-8 character at s (2..4), or 0 when s does
 * not start one (overlong forms, surrogates, above U+10FFFF, C1 controls:
 * all 0, so escaped byte by byte). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	uint32_t cp;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1fu;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0fu;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the NUL */
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

char *text_escape(char *out, size_t size, const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	while (*s) {
		size_t n = *s >= 0x20 && *s < 0x7f ? 1 : utf8_len(s);
		if (n) {
			if (o + n >= size)
				break;
			memcpy(out + o, s, n);
			o += n;
			s += n;
			continue;
		}
		if (o + 4 >= size)
			break;
		snprintf(out + o, 5, "\\x%02x", *s++);
		o += 4;
	}
	out[o] = '\0';
	return out;
}
