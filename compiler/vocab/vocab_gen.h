/* The shapes of the tables tools/gen-vocab.py writes (syscalls_gen.c,
 * constants_gen.c). Private to compiler/vocab/: everything else goes
 * through vocab.h. Every table is sorted by name (strcmp order). */
#ifndef POL_COMPILER_VOCAB_GEN_H
#define POL_COMPILER_VOCAB_GEN_H

#include <stddef.h>
#include <stdint.h>

struct vocab_sc {
	const char *name;
	int nr; /* x32: with the 0x40000000 bit */
};

struct vocab_sc_args {
	const char *name;
	int count;              /* 0..6 */
	unsigned mask32;        /* bit i: the kernel reads argument i as 32 bits */
	const char *names[6];   /* as the man page (section 2) names them */
	const char *knames[6];  /* as the kernel's prototype names them */
};

struct vocab_named {
	const char *name;
	uint64_t value;
};

extern const struct vocab_sc vocab_sc_x86_64[], vocab_sc_x86[], vocab_sc_x32[],
	vocab_sc_aarch64[], vocab_sc_arm[], vocab_sc_riscv64[], vocab_sc_ppc64le[],
	vocab_sc_s390x[];
extern const size_t vocab_sc_x86_64_count, vocab_sc_x86_count, vocab_sc_x32_count,
	vocab_sc_aarch64_count, vocab_sc_arm_count, vocab_sc_riscv64_count,
	vocab_sc_ppc64le_count, vocab_sc_s390x_count;

extern const struct vocab_sc_args vocab_sc_args[];
extern const size_t vocab_sc_args_count;

extern const struct vocab_named vocab_constants[], vocab_errnos[], vocab_caps[],
	vocab_rlimits[];
extern const size_t vocab_constants_count, vocab_errnos_count, vocab_caps_count,
	vocab_rlimits_count;

#endif
