/* What the compile driver (compiler/compile.c) carries from the seccomp
 * generator to the writer: a compiled program per host architecture and
 * the names of the syscalls it kills. Here, not in writer/ or seccomp/,
 * so that neither of the two includes the other. */
#ifndef POL_COMPILER_BLOB_PARTS_H
#define POL_COMPILER_BLOB_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "polb.h"

/* A compiled seccomp program for one host architecture. */
struct writer_prog {
	uint32_t host_arch; /* AUDIT_ARCH_* */
	uint32_t flags;     /* POLB_SECCOMP_* */
	const struct polb_bpf_insn *insns;
	size_t ninsns;
};

/* A syscall the policy kills, named for enforce's messages. */
struct writer_syscall_name {
	uint32_t audit_arch;
	uint32_t nr;
	const char *name;
};

#endif
