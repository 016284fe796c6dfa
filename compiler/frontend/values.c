/* Words to values: numbers, sizes, modes, on/off, paths. Each reports its
 * own error at the word and returns -1, so callers only skip the setting. */
#include "frontend/fe.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fe_strdup(const char *s)
{
	char *p = xstrdup(s ? s : "");
	return p;
}

void *fe_grow(void *v, size_t *n, size_t size)
{
	char *p = xreallocarray(v, *n + 1, size);
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}

/* Decimal, 0x hex, 0 octal; a leading '-' gives the two's complement (a
 * syscall argument such as AT_FDCWD is negative). */
bool fe_parse_number(const char *s, uint64_t *out)
{
	bool neg = false;
	if (*s == '-') {
		neg = true;
		s++;
	}
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return false;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
	}
	for (const char *p = s; *p; p++) {
		int v = *p >= '0' && *p <= '9' ? *p - '0'
			: *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
			: *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : 99;
		if (v >= base)
			return false;
	}
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	if (neg && v > (1ull << 63))
		return false;
	*out = neg ? (uint64_t)0 - v : v;
	return true;
}

int fe_u64(struct fe_ctx *c, const struct ast_word *w, uint64_t max, uint64_t *out)
{
	uint64_t v;
	if (w->text[0] == '-' || !fe_parse_number(w->text, &v)) {
		diag_error(c->d, fe_word_loc(w), "expected a number, not '%s'", w->text);
		return -1;
	}
	if (v > max) {
		diag_error(c->d, fe_word_loc(w), "%s is out of range (at most %llu)", w->text,
			   (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int fe_u32(struct fe_ctx *c, const struct ast_word *w, uint32_t *out)
{
	uint64_t v;
	if (fe_u64(c, w, UINT32_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* 512M, 64K, 2G, 1T or plain bytes; powers of 1024. */
int fe_size(struct fe_ctx *c, const struct ast_word *w, uint64_t *out)
{
	size_t len = strlen(w->text);
	char num[64];
	unsigned shift = 0;
	if (len == 0 || len >= sizeof(num))
		goto bad;
	memcpy(num, w->text, len + 1);
	switch (num[len - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case 't': case 'T': shift = 40; break;
	}
	if (shift)
		num[len - 1] = '\0';
	uint64_t v;
	if (num[0] == '-' || !fe_parse_number(num, &v))
		goto bad;
	if (shift && v > (UINT64_MAX >> shift)) {
		diag_error(c->d, fe_word_loc(w), "size %s is too large", w->text);
		return -1;
	}
	*out = v << shift;
	return 0;
bad:
	diag_error(c->d, fe_word_loc(w), "expected a size such as 64M, not '%s'", w->text);
	return -1;
}

/* An octal mode (0755, 1777, 027). */
int fe_mode(struct fe_ctx *c, const struct ast_word *w, uint32_t max, uint32_t *out)
{
	const char *s = w->text;
	if (!*s || strspn(s, "01234567") != strlen(s) || strlen(s) > 5) {
		diag_error(c->d, fe_word_loc(w), "expected an octal mode such as 0755, not '%s'", s);
		return -1;
	}
	unsigned long v = strtoul(s, NULL, 8);
	if (v > max) {
		diag_error(c->d, fe_word_loc(w), "mode %s is out of range (at most %04o)", s, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int fe_on_off(struct fe_ctx *c, const struct ast_word *w, bool *out)
{
	static const char *const words[] = { "on", "off" };
	if (!strcmp(w->text, "on") || !strcmp(w->text, "true") || !strcmp(w->text, "yes")) {
		*out = true;
		return 0;
	}
	if (!strcmp(w->text, "off") || !strcmp(w->text, "false") || !strcmp(w->text, "no")) {
		*out = false;
		return 0;
	}
	fe_unknown(c, w, "expected 'on' or 'off'", words, 2);
	return -1;
}

/* Normalise an absolute path in place: collapse "//", drop "/.", resolve
 * "/.." lexically (never above "/"), cut a trailing "/". */
static void normalise(char *p)
{
	char *out = p;
	const char *in = p;
	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		const char *end = strchr(in, '/');
		size_t len = end ? (size_t)(end - in) : strlen(in);
		if (len == 1 && in[0] == '.') {
			/* nothing */
		} else if (len == 2 && in[0] == '.' && in[1] == '.') {
			while (out > p && *--out != '/')
				;
		} else {
			*out++ = '/';
			memmove(out, in, len);
			out += len;
		}
		in += len;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

char *fe_path(struct fe_ctx *c, const struct ast_word *w)
{
	if (w->text[0] != '/') {
		diag_error(c->d, fe_word_loc(w), "path '%s' is not absolute", w->text);
		return NULL;
	}
	if (strlen(w->text) >= 4096) {
		diag_error(c->d, fe_word_loc(w), "path is longer than PATH_MAX");
		return NULL;
	}
	if (strchr(w->text, '\n')) {
		diag_error(c->d, fe_word_loc(w), "path holds a newline");
		return NULL;
	}
	char *p = fe_strdup(w->text);
	normalise(p);
	return p;
}

int fe_arity(struct fe_ctx *c, const struct ast_stmt *s, size_t min, size_t max,
	     const char *usage)
{
	size_t n = s->args.n;
	if (n >= min && n <= max)
		return 0;
	if (n < min)
		diag_error(c->d, fe_loc(&s->loc), "'%s' needs %s", ast_head(s), usage);
	else
		diag_error(c->d, fe_word_loc(s->args.v[max]), "too many words: '%s' takes %s",
			   ast_head(s), usage);
	return -1;
}

void fe_no_cond(struct fe_ctx *c, const struct ast_stmt *s)
{
	if (s->cond)
		diag_error(c->d, fe_loc(&s->cond->loc), "'if' is only for syscall rules");
}

void fe_no_body(struct fe_ctx *c, const struct ast_stmt *s)
{
	if (s->body)
		diag_error(c->d, fe_loc(&s->loc), "'%s' takes no '{ }' block", ast_head(s));
}
