/* An in-tree classic BPF interpreter for seccomp programs: runs a program
 * on one struct seccomp_data as the kernel would and counts the
 * instructions it executed. Used by the tests (every syscall number of
 * every arch, next to the real kernel) and by bench/bpf_cost. */
#ifndef POL_COMMON_BPF_INTERP_H
#define POL_COMMON_BPF_INTERP_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "polb.h"

/* Returns 0 with *ret the program's return value and *steps the number of
 * instructions executed; -1 when the program misbehaves (jump or load out
 * of range, no return, scratch slot out of range): the kernel would never
 * have accepted it. */
int bpf_interp(const struct polb_bpf_insn *prog, size_t n, const struct seccomp_data *d,
	       uint32_t *ret, unsigned *steps);

/* The same, and *words: bit i set when the program read the 32-bit word
 * at offset 4*i of seccomp_data (argument j is words 4+2j and 5+2j), so
 * a message can name the arguments a verdict was decided on. */
int bpf_interp_reads(const struct polb_bpf_insn *prog, size_t n, const struct seccomp_data *d,
		     uint32_t *ret, unsigned *steps, uint32_t *words);

/* A seccomp_data for (arch, nr, args), everything else zero, laid out as
 * that arch's kernel fills it (s390x: big-endian argument words), for an
 * interpreter running on a little-endian machine. */
struct seccomp_data bpf_data(uint32_t audit_arch, uint32_t nr, const uint64_t args[6]);

/* What the kernel's seccomp action cache concludes for (arch, nr): true
 * when the program returns SECCOMP_RET_ALLOW having read nothing but nr and
 * arch (a copy of kernel/seccomp.c's seccomp_is_const_allow, 5.11+). Such
 * calls then skip the filter entirely. */
bool bpf_const_allow(const struct polb_bpf_insn *prog, size_t n, uint32_t audit_arch,
		     uint32_t nr);

#endif
