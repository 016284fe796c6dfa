/* A growing string (see strbuf.h). */
#include "util/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Room for `more` bytes and the NUL. */
static void sb_grow(struct strbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1) {
		if (cap > (size_t)-1 / 2)
			xalloc_die();
		cap *= 2;
	}
	b->s = xreallocarray(b->s, cap, 1);
	b->cap = cap;
}

void sb_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0) {
		b->failed = true;
		va_end(again);
		return;
	}
	sb_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

void sb_puts(struct strbuf *b, const char *s)
{
	size_t n = strlen(s);
	sb_grow(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void sb_putc(struct strbuf *b, char c)
{
	sb_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

const char *sb_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

int sb_check(const struct strbuf *b, struct err *e, const char *step)
{
	if (b->failed)
		return err_set(e, EINVAL, step, "formatting text");
	return 0;
}

char *sb_steal(struct strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	*b = (struct strbuf)STRBUF_INIT;
	return s;
}

void sb_reset(struct strbuf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->s)
		b->s[0] = '\0';
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	*b = (struct strbuf)STRBUF_INIT;
}
