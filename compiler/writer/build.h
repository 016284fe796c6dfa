/* The steps of `polc build` below the command line: policy text to blob
 * (front end, seccomp code generation, writer), and the comparison behind
 * `polc build --check`. Used by compiler/cmd_build.c and the tests. */
#ifndef POL_COMPILER_WRITER_BUILD_H
#define POL_COMPILER_WRITER_BUILD_H

#include <stddef.h>
#include <stdint.h>

/* Compile `source` into a fresh blob. A generated AppArmor profile is
 * compiled for the features in `aa_features` (a file), or the build host's
 * kernel's when NULL. Diagnostics and errors are printed on stderr here
 * (once); returns 0 or -1. */
int build_compile(const char *source, const char *const *include_dirs, size_t ndirs,
		  const char *aa_features, uint8_t **blob, size_t *size);

/* 1 when `have` and `want` are the same bytes; else 0 with `where` naming
 * the first difference for a reviewer: "the header: source digest (the
 * policy text differs)", "section mounts", "the section list: ...". */
int build_compare(const uint8_t *have, size_t have_size, const uint8_t *want,
		  size_t want_size, char *where, size_t where_size);

#endif
