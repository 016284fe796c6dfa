/* What the kernel knows, as tables generated from kernel and libc headers
 * by tools/gen-vocab* (never typed by hand): syscall names and numbers per
 * architecture, syscall argument names, constants, capabilities, rlimits,
 * errno names. The front end checks names against these; the seccomp
 * compiler turns names into numbers. */
#ifndef POL_COMPILER_VOCAB_H
#define POL_COMPILER_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* ---- syscalls --------------------------------------------------------- */

/* Syscall number of `name` on `arch` (x32: with the 0x40000000 bit), or -1
 * when that architecture has no such syscall. */
int vocab_syscall_nr(enum ir_arch arch, const char *name);
/* Name of syscall `nr` on `arch`, or NULL. */
const char *vocab_syscall_name(enum ir_arch arch, int nr);
/* Known on at least one architecture. */
bool vocab_syscall_known(const char *name);
/* Every known syscall name (union over architectures), sorted. */
const char *const *vocab_syscall_names(size_t *count);
/* Highest syscall number + 1 on arch (for iterating). The arch's other
 * facts are in common/arch.h. */
int vocab_syscall_limit(enum ir_arch arch);
/* enum value for "x86_64", "x86", "x32", "aarch64", ... (and "native",
 * and the aliases amd64 i386 i686 arm64 riscv); -1 unknown. */
int vocab_arch_from_name(const char *name);
/* Lowest syscall number on arch (x32: ARCH_X32_SYSCALL_BIT, else 0):
 * iterate nr from vocab_syscall_base() to vocab_syscall_limit(). */
int vocab_syscall_base(enum ir_arch arch);

/* Argument `argname` of `syscall` from its kernel signature: index 0..5, or
 * -1. `arg0`..`arg5` always work. *is_32bit is set when the kernel reads
 * that argument as a 32-bit int (the compiler compares only the low half). */
int vocab_syscall_arg(const char *syscall, const char *argname, bool *is_32bit);
/* Argument names of `syscall` (count 0..6), for messages and suggestions. */
const char *const *vocab_syscall_arg_names(const char *syscall, size_t *count);

/* ---- constants -------------------------------------------------------- */

/* Value of a named constant (AF_INET, CLONE_NEWUSER, TIOCSTI, O_RDONLY,
 * PROT_EXEC, PR_SET_NO_NEW_PRIVS, ...). */
bool vocab_constant(const char *name, uint64_t *value);
const char *const *vocab_constant_names(size_t *count);

/* ---- capabilities, rlimits, errno ------------------------------------- */

/* "net_bind_service" or "CAP_NET_BIND_SERVICE" -> 10; -1 unknown. */
int vocab_capability(const char *name);
const char *vocab_capability_name(int cap); /* "net_bind_service" */
int vocab_capability_count(void);           /* CAP_LAST_CAP + 1 */

/* "nofile" or "RLIMIT_NOFILE" -> RLIMIT_NOFILE; -1 unknown. */
int vocab_rlimit(const char *name);
const char *vocab_rlimit_name(int resource); /* "nofile" */

/* "EPERM" -> 1; -1 unknown. */
int vocab_errno(const char *name);
const char *vocab_errno_name(int value);

/* ---- suggestions ------------------------------------------------------ */

/* The known name nearest to `word` (edit distance, small enough to be a
 * plausible typo), or NULL. */
const char *vocab_nearest(const char *word, const char *const *names, size_t count);

#endif
