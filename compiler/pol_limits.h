/* The limits on what polc reads: one set, for every command that reads a
 * policy (build, check, fmt, explain, diff, audit, export) or a profile
 * (import). They bound memory and time on input that anyone can write
 * (a pull request's .pol reviewed by `polc check` in CI); each is far
 * above what a real policy needs (the shipped bases use at most a tenth of
 * each). Past a limit the front end stops with one error line naming the
 * file, line and column where it applies. Documented in docs/language.md
 * ("Limits"); a change here is a change there. */
#ifndef POL_COMPILER_LIMITS_H
#define POL_COMPILER_LIMITS_H

#include <stddef.h>

#include "err.h"

/* Bytes in one file (.pol, or an imported JSON profile). */
#define POL_MAX_FILE_SIZE (4u << 20)
#define POL_MAX_FILE_SIZE_TEXT "4 MiB"

/* `use` files being applied inside each other. */
#define POL_MAX_USE_DEPTH 16

/* `{ }` blocks and `( )` groups open inside each other, counted together. */
#define POL_MAX_NESTING 16

/* Tests in one written condition, before expansion. */
#define POL_MAX_COND_TESTS 1024

/* Values in one `in { }` set, and cases (conjunctions) a condition expands
 * to once `or`, `in` and `not in` are multiplied out (its DNF size). */
#define POL_MAX_CASES 256

/* Cases of every rule of the policy together (each becomes a few BPF
 * instructions, and the kernel takes at most 4096 per program). */
#define POL_MAX_TOTAL_CASES 8192

/* Tests in one expanded case. */
#define POL_MAX_CASE_TERMS 32

/* Syscall rules in the effective policy, after groups are expanded. */
#define POL_MAX_RULES 8192

/* Read the whole file at path into a NUL-terminated heap buffer (*text,
 * *len without the NUL). A file larger than POL_MAX_FILE_SIZE is refused
 * before more than that is read. Returns 0, or -1 with e set ("read"). */
int pol_read_file(const char *path, char **text, size_t *len, struct err *e);
/* The same with another limit (learning traces: 64 MiB, docs/learn-trace.md). */
int pol_read_file_limit(const char *path, size_t limit, const char *limit_text, char **text,
			size_t *len, struct err *e);

#endif
