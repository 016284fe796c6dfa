/* One error convention for the whole code base.
 *
 * A failing function fills a struct err where the failure happens and
 * returns -1; every caller up the chain only does `if (r < 0) return r;`.
 * Exactly one place prints it (err_print), so every message has the same
 * shape: "prog: step: detail: strerror(errnum)".
 *
 * The struct is plain data with no pointers except `step`, which always
 * points to a string literal, so the enforcer's child can send it to the
 * parent over a pipe as bytes (the parent re-points `step` from a table,
 * see err_wire_*). */
#ifndef POL_COMMON_ERR_H
#define POL_COMMON_ERR_H

#include <stddef.h>

enum {
	EXIT_CMD_FAILED_TO_START = 125, /* enforce (or polc) itself failed */
	EXIT_CMD_NOT_EXECUTABLE = 126,
	EXIT_CMD_NOT_FOUND = 127,
};

struct err {
	const char *step; /* string literal naming the step: "mount", "blob", ... */
	char detail[480]; /* what and where: "/srv/data on /data" */
	int errnum;       /* errno of the failure, 0 when there is none */
	int status;       /* exit status the failure maps to (125 unless set) */
};

/* Fill *e and return -1. errnum may be 0. */
int err_set(struct err *e, int errnum, const char *step, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Same, with an explicit exit status (126/127 for exec failures). */
int err_set_status(struct err *e, int status, int errnum, const char *step,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#if defined(__clang_analyzer__) && !defined(POL_ERR_IMPL)
/* clang-analyzer (make lint) sees one file at a time and would otherwise
 * follow paths where `return err_set(...)` returned 0 or more; these always
 * return -1. Not in a normal build. */
#define err_set(...) (err_set(__VA_ARGS__), -1)
#define err_set_status(...) (err_set_status(__VA_ARGS__), -1)
#endif

/* Print "prog: step: detail[: strerror]" as one line on stderr. */
void err_print(const char *prog, const struct err *e);

/* Render the same line into buf (no newline); returns buf. */
char *err_format(const struct err *e, char *buf, size_t size);

/* Text that came from outside (a container's file names, a child's error
 * detail) made safe to print on a terminal: every byte below 0x20, 0x7f,
 * the C1 controls (U+0080..U+009F, which some terminals obey as escape
 * sequences) and every byte that is not part of well-formed UTF-8 become
 * "\xNN". A program named "\e]0;pwned\a" cannot retitle, recolour or
 * type into the caller's terminal through a printed line. The one place
 * that does it: err_print() and every line of the enforcer's log.c.
 * out (size > 0) is always NUL-terminated, cut at a whole character or
 * escape. Returns out. */
char *text_escape(char *out, size_t size, const char *in);

/* Fixed-size wire form, for the child -> parent error pipe. The step name is
 * copied as text so no pointer crosses the process boundary. */
struct err_wire {
	char step[32];
	char detail[480];
	int errnum;
	int status;
};
void err_to_wire(const struct err *e, struct err_wire *w);
/* step points into *w afterwards, so *w must outlive *e. */
void err_from_wire(struct err_wire *w, struct err *e);

#endif
