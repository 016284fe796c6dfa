/* A growing string: append with printf, read the result once. Replaces
 * the hand-guarded `len += snprintf(buf + len, size - len, ...)` chains,
 * whose length wraps once the text outgrows the buffer. Memory comes from
 * util/xalloc.h (out of memory ends polc); the one error state left is an
 * output error of vsnprintf (a bad format or conversion), kept in `failed`
 * and turned into struct err by sb_check. */
#ifndef POL_COMPILER_STRBUF_H
#define POL_COMPILER_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct strbuf {
	char *s;     /* NUL-terminated once anything was appended; NULL before */
	size_t len;  /* bytes before the NUL */
	size_t cap;
	bool failed; /* a vsnprintf failed: the text is incomplete */
};

#define STRBUF_INIT { NULL, 0, 0, false }

void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void sb_puts(struct strbuf *b, const char *s);
void sb_putc(struct strbuf *b, char c);
/* The text so far ("" when empty); valid until the next append. */
const char *sb_str(const struct strbuf *b);
/* 0, or -1 with e set when an append failed. */
int sb_check(const struct strbuf *b, struct err *e, const char *step);
/* The text, owned by the caller; b is empty afterwards. */
char *sb_steal(struct strbuf *b);
void sb_reset(struct strbuf *b);
void sb_free(struct strbuf *b);

#endif
