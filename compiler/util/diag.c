/* Collecting and printing diagnostics about policy text (see diag.h). */
#include "util/diag.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIAG_DEFAULT_MAX_ERRORS 100

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->nentries; i++) {
		free(d->entries[i].file);
		free(d->entries[i].message);
		free(d->entries[i].suggestion);
	}
	free(d->entries);
	for (size_t i = 0; i < d->nsources; i++) {
		free(d->sources[i].file);
		free(d->sources[i].text);
	}
	free(d->sources);
	memset(d, 0, sizeof(*d));
}

void diag_add_source(struct diag *d, const char *file, const char *text, size_t len)
{
	for (size_t i = 0; i < d->nsources; i++)
		if (!strcmp(d->sources[i].file, file))
			return;
	struct diag_source *s = realloc(d->sources, (d->nsources + 1) * sizeof(*s));
	if (!s)
		return;
	d->sources = s;
	char *copy = malloc(len + 1);
	char *name = strdup(file);
	if (!copy || !name) {
		free(copy);
		free(name);
		return;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	s[d->nsources++] = (struct diag_source){ name, copy, len };
}

/* Errors past the cap are counted but not kept; warnings and notes get a
 * generous cap so a pathological input cannot make us collect without bound. */
static bool keep_entry(struct diag *d, enum diag_level level)
{
	size_t max = d->max_errors ? d->max_errors : DIAG_DEFAULT_MAX_ERRORS;
	if (level == DIAG_ERROR)
		return ++d->nerrors <= max;
	if (level == DIAG_WARNING)
		d->nwarnings++;
	return d->nentries < 8 * max;
}

void diag_vemit(struct diag *d, enum diag_level level, struct diag_loc at,
		const char *suggestion, const char *fmt, va_list ap)
{
	d->last_kept = false;
	if (!keep_entry(d, level))
		return;
	if (d->nentries == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct diag_entry *e = realloc(d->entries, cap * sizeof(*e));
		if (!e)
			return;
		d->entries = e;
		d->cap = cap;
	}
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		return;
	d->entries[d->nentries++] = (struct diag_entry){
		.level = level,
		.file = dup_or_null(at.file),
		.line = at.line,
		.col = at.col,
		.len = at.len,
		.message = msg,
		.suggestion = dup_or_null(suggestion),
	};
	d->last_kept = true;
}

void diag_emit(struct diag *d, enum diag_level level, struct diag_loc at,
	       const char *suggestion, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vemit(d, level, at, suggestion, fmt, ap);
	va_end(ap);
}

#define DIAG_SHORTHAND(fn, level)                                        \
	void fn(struct diag *d, struct diag_loc at, const char *fmt, ...)    \
	{                                                                    \
		va_list ap;                                                  \
		va_start(ap, fmt);                                           \
		diag_vemit(d, level, at, NULL, fmt, ap);                     \
		va_end(ap);                                                  \
	}
DIAG_SHORTHAND(diag_error, DIAG_ERROR)
DIAG_SHORTHAND(diag_warning, DIAG_WARNING)
DIAG_SHORTHAND(diag_note, DIAG_NOTE)

void diag_set_rule(struct diag *d, const char *rule)
{
	if (d->last_kept)
		d->entries[d->nentries - 1].rule = rule;
}

size_t diag_error_count(const struct diag *d)
{
	return d->nerrors;
}

size_t diag_warning_count(const struct diag *d)
{
	return d->nwarnings;
}

enum diag_format diag_format_for(FILE *out)
{
	if (getenv("NO_COLOR"))
		return DIAG_TEXT;
	return isatty(fileno(out)) ? DIAG_COLOR : DIAG_TEXT;
}

static const char *level_name(enum diag_level level)
{
	switch (level) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	case DIAG_NOTE: return "note";
	}
	return "error";
}

/* ANSI colours as gcc and clang use them. */
#define C_BOLD "\033[1m"
#define C_CARET "\033[1;32m"
#define C_RESET "\033[0m"

const char *diag_paint(enum diag_paint p, bool on)
{
	static const char *const sgr[] = {
		[PAINT_ERROR] = "\033[1;31m", [PAINT_WARNING] = "\033[1;35m", [PAINT_NOTE] = "\033[1;36m",
		[PAINT_GOOD] = C_CARET,        [PAINT_BOLD] = C_BOLD,          [PAINT_RESET] = C_RESET,
	};
	return on && p <= PAINT_RESET ? sgr[p] : "";
}

static const char *level_colour(enum diag_level level)
{
	switch (level) {
	case DIAG_ERROR: return diag_paint(PAINT_ERROR, true);
	case DIAG_WARNING: return diag_paint(PAINT_WARNING, true);
	case DIAG_NOTE: return diag_paint(PAINT_NOTE, true);
	}
	return "";
}

char *diag_format_line(const struct diag_entry *e, char *buf, size_t size)
{
	char where[512] = "";
	if (e->file && e->line > 0)
		snprintf(where, sizeof(where), "%s:%d:%d: ", e->file, e->line, e->col);
	else if (e->file)
		snprintf(where, sizeof(where), "%s: ", e->file);
	if (e->suggestion)
		snprintf(buf, size, "%s%s: %s; did you mean '%s'?", where,
			 level_name(e->level), e->message, e->suggestion);
	else
		snprintf(buf, size, "%s%s: %s%s%s%s", where, level_name(e->level), e->message,
			 e->rule ? " [" : "", e->rule ? e->rule : "", e->rule ? "]" : "");
	return buf;
}

static const struct diag_source *find_source(const struct diag *d, const char *file)
{
	for (size_t i = 0; file && i < d->nsources; i++)
		if (!strcmp(d->sources[i].file, file))
			return &d->sources[i];
	return NULL;
}

/* Start and length of line `line` (1-based) in the source, or false. */
static bool source_line(const struct diag_source *s, int line, const char **start, size_t *len)
{
	const char *p = s->text, *end = s->text + s->len;
	for (int n = 1; n < line; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		p = nl + 1;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*start = p;
	*len = (size_t)((nl ? nl : end) - p);
	if (*len && p[*len - 1] == '\r')
		(*len)--;
	return true;
}

/* The offending line, then a caret (and tildes) under the column. Tabs in
 * the line are echoed as tabs under it so the caret lines up. A long line
 * is shown as a window around the column. */
#define EXCERPT_WIDTH 160
static void print_excerpt(const struct diag *d, const struct diag_entry *e, FILE *out,
			  bool colour)
{
	const struct diag_source *s = find_source(d, e->file);
	const char *text;
	size_t len;
	if (!s || e->line <= 0 || !source_line(s, e->line, &text, &len))
		return;
	size_t col = e->col > 0 ? (size_t)e->col - 1 : 0;
	size_t from = 0;
	if (len > EXCERPT_WIDTH && col > EXCERPT_WIDTH / 2)
		from = col - EXCERPT_WIDTH / 2;
	if (from > len)
		from = len;
	size_t shown = len - from < EXCERPT_WIDTH ? len - from : EXCERPT_WIDTH;
	fprintf(out, "%5d | %s", e->line, from ? "..." : "");
	for (size_t i = from; i < from + shown; i++)
		fputc(text[i] == '\0' ? ' ' : text[i], out);
	fprintf(out, "%s\n      | %s", from + shown < len ? "..." : "", from ? "   " : "");
	for (size_t i = from; i < col && i < from + shown; i++)
		fputc(text[i] == '\t' ? '\t' : ' ', out);
	for (size_t i = from + shown > len ? len : from + shown; i < col && i < from + EXCERPT_WIDTH; i++)
		fputc(' ', out);
	if (colour)
		fputs(C_CARET, out);
	fputc('^', out);
	for (int i = 1; i < e->len && col + (size_t)i < from + shown; i++)
		fputc('~', out);
	if (colour)
		fputs(C_RESET, out);
	fputc('\n', out);
}

static void print_text_entry(const struct diag *d, const struct diag_entry *e, FILE *out,
			     bool colour)
{
	if (!colour) {
		char buf[4096];
		fprintf(out, "%s\n", diag_format_line(e, buf, sizeof(buf)));
	} else {
		if (e->file && e->line > 0)
			fprintf(out, C_BOLD "%s:%d:%d: " C_RESET, e->file, e->line, e->col);
		else if (e->file)
			fprintf(out, C_BOLD "%s: " C_RESET, e->file);
		fprintf(out, "%s%s:" C_RESET " " C_BOLD "%s" C_RESET, level_colour(e->level),
			level_name(e->level), e->message);
		if (e->suggestion)
			fprintf(out, C_BOLD "; did you mean '%s'?" C_RESET, e->suggestion);
		if (e->rule)
			fprintf(out, " [%s%s" C_RESET "]", level_colour(e->level), e->rule);
		fputc('\n', out);
	}
	print_excerpt(d, e, out, colour);
}

static void json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Findings are printed in source order: by file (in the order the files
 * were read), line and column; a note stays after the finding it explains;
 * findings without a place keep their turn at the end. */
struct unit {
	size_t first, count; /* entries [first, first + count) */
	size_t file;         /* index of the file among the sources */
	int line, col;
};

static size_t source_index(const struct diag *d, const char *file)
{
	for (size_t i = 0; file && i < d->nsources; i++)
		if (!strcmp(d->sources[i].file, file))
			return i;
	return file ? d->nsources : d->nsources + 1;
}

static int unit_cmp(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first; /* stable */
}

static size_t order_units(const struct diag *d, struct unit *units)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nentries; i++) {
		const struct diag_entry *e = &d->entries[i];
		if (e->level == DIAG_NOTE && n) {
			units[n - 1].count++;
			continue;
		}
		units[n++] = (struct unit){ i, 1, source_index(d, e->file), e->line, e->col };
	}
	qsort(units, n, sizeof(*units), unit_cmp);
	return n;
}

static void print_json_entry(const struct diag_entry *e, FILE *out, bool first)
{
	fputs(first ? "\n{" : ",\n{", out);
	fputs("\"file\":", out);
	json_string(out, e->file);
	fprintf(out, ",\"line\":%d,\"column\":%d,\"severity\":\"%s\",\"message\":",
		e->line, e->col, level_name(e->level));
	json_string(out, e->message);
	fputs(",\"suggestion\":", out);
	json_string(out, e->suggestion);
	fputs(",\"rule\":", out);
	json_string(out, e->rule);
	fputc('}', out);
}

static void print_json(const struct diag *d, const struct unit *units, size_t n, FILE *out)
{
	fputs("{\"diagnostics\":[", out);
	bool first = true;
	for (size_t u = 0; u < n; u++)
		for (size_t i = units[u].first; i < units[u].first + units[u].count; i++) {
			print_json_entry(&d->entries[i], out, first);
			first = false;
		}
	fprintf(out, "\n],\"errors\":%zu,\"warnings\":%zu}\n", d->nerrors, d->nwarnings);
}

void diag_print(const struct diag *d, FILE *out, enum diag_format format)
{
	struct unit *units = xcalloc(d->nentries + 1, sizeof(*units));
	size_t n = order_units(d, units);
	if (format == DIAG_JSON) {
		print_json(d, units, n, out);
		free(units);
		return;
	}
	for (size_t u = 0; u < n; u++)
		for (size_t i = units[u].first; i < units[u].first + units[u].count; i++)
			print_text_entry(d, &d->entries[i], out, format == DIAG_COLOR);
	free(units);
	size_t shown = 0;
	for (size_t i = 0; i < d->nentries; i++)
		shown += d->entries[i].level == DIAG_ERROR;
	if (shown < d->nerrors)
		fprintf(out, "(%zu more errors not shown)\n", d->nerrors - shown);
	if (d->nerrors || d->nwarnings) {
		fprintf(out, "%zu error%s, %zu warning%s generated\n", d->nerrors,
			d->nerrors == 1 ? "" : "s", d->nwarnings, d->nwarnings == 1 ? "" : "s");
	}
}
