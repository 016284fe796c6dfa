/* polc learn: learning traces (docs/learn-trace.md, written by `enforce
 * --learn`) turned into a draft policy over a base. Three steps, one file
 * each: trace_read.c reads one trace strictly (it is written by a process
 * that ran the workload, so it is input polc does not trust),
 * learn_merge.c adds the records of several traces into one set keyed as
 * the trace format keys them, and learn_synth*.c decide what the base
 * does not already allow and write it as `.pol` text through the one
 * printer (compiler/text/pol_print.h). */
#ifndef POL_COMPILER_LEARN_H
#define POL_COMPILER_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ir.h"

enum learn_kind { LEARN_RUN, LEARN_SC, LEARN_FILE, LEARN_NET, LEARN_CAP, LEARN_END };

/* Where a record was read: the trace's path (owned by the set) and line. */
struct learn_where {
	const char *trace;
	unsigned line;
};

/* The ceiling on one record's count and on a merged sum: a count no run
 * reaches, and far from overflowing when added. */
#define LEARN_MAX_COUNT (1ull << 53)
#define LEARN_MAX_LINE 8192            /* bytes, with its '\n' */
#define LEARN_MAX_FILE (64u << 20)     /* bytes */

struct learn_rec {
	enum learn_kind kind;
	/* sc */
	enum ir_arch arch;
	int nr;            /* with the x32 bit on x32 */
	const char *name;  /* NULL: the trace did not know it ("-") */
	uint8_t argmask;   /* bit i: a<i> given */
	uint64_t a[6];
	/* file: op, path, acc (IR_LL_* bits) */
	const char *op;
	const char *path;
	uint32_t acc;
	/* net: op (bind/connect), fam, type, addr, port */
	const char *fam, *type, *addr;
	unsigned port;
	/* cap */
	int cap;
	const char *why;
	/* every kind */
	uint64_t n;
	const char *exe;   /* of the first event */
	struct learn_where first;
	const char *key;   /* the merger's: every field but n and exe, as text */
};

/* What one or more traces saw, merged: one record per key (the trace
 * format's key: every field but n and exe), counts added, the first
 * occurrence kept. Strings are owned by the set. */
struct learn_set {
	struct learn_rec *recs;
	size_t n, cap;
	size_t *slots; /* open-addressing index over recs, by key */
	size_t nslots;
	char **strings;
	size_t nstrings, capstrings;
	const char **traces; /* every trace read */
	size_t ntraces;
	uint64_t lost;       /* sum of the end records' `lost` */
	unsigned runs;
	bool io_uring;       /* io_uring_setup seen: the ring's work is not in the trace */
	const char *first_cmd; /* the first run's cmd */
};

void learn_set_init(struct learn_set *s);
void learn_set_free(struct learn_set *s);
const char *learn_strdup(struct learn_set *s, const char *text, size_t len);

/* Read the trace at `path` (at most LEARN_MAX_FILE, strictly: see
 * docs/learn-trace.md) and merge its records into s. Returns 0, or -1 with
 * e set to "PATH:LINE: what" (status POLC_EXIT_INPUT). */
int learn_read_trace(struct learn_set *s, const char *path, struct err *e);
/* The same from memory (the reader itself; name is used in errors). */
int learn_read_buffer(struct learn_set *s, const char *name, const char *text, size_t len,
		      struct err *e);

/* Add one record to s (a copy; its strings must be s's own). Returns 0,
 * or -1 with e set when the merged count passes LEARN_MAX_COUNT. */
int learn_merge(struct learn_set *s, const struct learn_rec *r, struct err *e);

/* What the draft is written over. */
struct learn_base {
	const char *use;                 /* the word `use` takes: "hardened", "app" */
	const char *const *include_dirs; /* -I, and --from's directory */
	size_t ninclude_dirs;
};

/* The draft policy as text (the caller frees it), or NULL with e set. */
char *learn_draft(const struct learn_set *s, const struct learn_base *base, struct err *e);

#endif
