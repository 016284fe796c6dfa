/* Diagnostics about policy text: collected while the front end runs and
 * printed once at the end, the way a good compiler prints them:
 *
 *   web.pol:12:9: error: unknown syscall 'opnat'; did you mean 'openat'?
 *      12 |     allow opnat
 *         |           ^~~~~
 *
 * Colour only when the stream is a terminal and NO_COLOR is unset; a JSON
 * form for machines. These are about the user's text, not about a failing
 * system call (that is common/err.h's job). */
#ifndef POL_COMPILER_DIAG_H
#define POL_COMPILER_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

/* A place in a source file. file NULL: no place (a message about the run). */
struct diag_loc {
	const char *file;
	int line, col; /* 1-based; 0: unknown */
	int len;       /* characters to underline (0 or 1: a caret only) */
};

struct diag_entry {
	enum diag_level level;
	char *file; /* owned copy, or NULL */
	int line, col, len;
	char *message;    /* without the suggestion */
	char *suggestion; /* nearest known name, or NULL */
	const char *rule; /* id of the check that found it (a string literal), or NULL */
};

struct diag_source {
	char *file;
	char *text;
	size_t len;
};

struct diag {
	struct diag_entry *entries;
	size_t nentries, cap;
	size_t nerrors, nwarnings;
	struct diag_source *sources; /* text of each file, for the source line */
	size_t nsources;
	size_t max_errors; /* stop collecting errors past this many (0: 100) */
	bool last_kept;    /* the last diag_emit was kept (diag_set_rule tags it) */
};

enum diag_format { DIAG_TEXT, DIAG_COLOR, DIAG_JSON };

void diag_init(struct diag *d);
void diag_free(struct diag *d);

/* Remember a file's text so printing can show the offending line. */
void diag_add_source(struct diag *d, const char *file, const char *text, size_t len);

/* Add one diagnostic. suggestion may be NULL; when given, the printed
 * message ends with "; did you mean 'SUGGESTION'?". */
void diag_emit(struct diag *d, enum diag_level level, struct diag_loc at,
	       const char *suggestion, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_vemit(struct diag *d, enum diag_level level, struct diag_loc at,
		const char *suggestion, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

/* Shorthands without a suggestion. */
void diag_error(struct diag *d, struct diag_loc at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct diag_loc at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_note(struct diag *d, struct diag_loc at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Tag the diagnostic added last with the id of the check that found it
 * (an audit check's id, a string that outlives d): printed after the
 * message as " [id]", "rule" in JSON, the SARIF ruleId. */
void diag_set_rule(struct diag *d, const char *rule);

size_t diag_error_count(const struct diag *d);
size_t diag_warning_count(const struct diag *d);

/* DIAG_COLOR when `out` is a terminal and NO_COLOR is unset, else DIAG_TEXT. */
enum diag_format diag_format_for(FILE *out);

/* The same colours for polc's other reports (diff, audit): the escape
 * that starts one, "" when `on` is false (on: diag_format_for(out) ==
 * DIAG_COLOR). Red as errors, magenta as warnings, cyan as notes, green
 * as the caret. */
enum diag_paint { PAINT_ERROR, PAINT_WARNING, PAINT_NOTE, PAINT_GOOD, PAINT_BOLD, PAINT_RESET };
const char *diag_paint(enum diag_paint p, bool on);

/* Print everything collected, once, in the order it was found. The text
 * forms end with a summary line ("2 errors, 1 warning generated") when
 * anything was printed; the JSON form is one document:
 * {"diagnostics":[{"file":..,"line":..,"column":..,"severity":..,
 *   "message":..,"suggestion":..,"rule":..}],"errors":N,"warnings":N} */
void diag_print(const struct diag *d, FILE *out, enum diag_format format);

/* One diagnostic as a single line without the source excerpt
 * ("f.pol:3:5: error: message"), for tests. Returns buf. */
char *diag_format_line(const struct diag_entry *e, char *buf, size_t size);

#endif
