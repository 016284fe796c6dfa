/* IR to blob. The writer lays out a .polb exactly as docs/polb.md says:
 * sections in a fixed order (by type), strings deduplicated in the order
 * they are first used, zero padding, no timestamps and nothing from the
 * environment, so the same sources and compiler give the same bytes.
 * Before it returns, the writer reads its own output back through the
 * enforcer's reader (polb_read): a blob polc writes is one enforce accepts. */
#ifndef POL_COMPILER_WRITER_H
#define POL_COMPILER_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "blob_parts.h"
#include "err.h"
#include "ir.h"
#include "polb.h"


struct writer_input {
	const struct pol_ir *ir;
	const struct writer_prog *progs; /* SECCOMP sections, any order (sorted here) */
	size_t nprogs;
	const struct writer_syscall_name *names; /* SYSCALL_NAMES (sorted here) */
	size_t nnames;
	const struct writer_syscall_name *origins; /* SYSCALL_ORIGINS: name is the origin */
	size_t norigins;
	const struct writer_syscall_name *args;    /* SYSCALL_ARGS: name is "fd,request,argp" */
	size_t nargs;
};

/* Build the blob into a fresh malloc'd buffer. Returns 0, or -1 with e set
 * (step "build"). */
int writer_build(const struct writer_input *in, uint8_t **out, size_t *outsize,
		 struct err *e);

/* The version string written into every header ("polc 0.1.0"). */
const char *writer_compiler_version(void);

#endif
