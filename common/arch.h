/* The architectures polc and enforce know: ONE table, the only place an
 * architecture's facts are written (its name in the language, AUDIT_ARCH_*
 * value, syscall-number bit, which entries a host of it runs). vocab, the
 * IR, the seccomp generator, the writer, dump, the importers and enforce
 * all read it. To add an architecture: a row here (and its enum value),
 * its syscall table in tools/gen-vocab.py, and `make vocab`.
 *
 * The enum numbers are the compiler's own (bits in ir_syscalls.arches);
 * the blob carries AUDIT_ARCH_* values, never these. */
#ifndef POL_COMMON_ARCH_H
#define POL_COMMON_ARCH_H

#include <stdint.h>

enum ir_arch {
	IR_ARCH_X86_64, IR_ARCH_X86, IR_ARCH_X32, IR_ARCH_AARCH64, IR_ARCH_ARM,
	IR_ARCH_RISCV64, IR_ARCH_PPC64LE, IR_ARCH_S390X,
	IR_ARCH_COUNT
};

/* x32 system calls enter with x86_64's AUDIT_ARCH and this bit in nr. */
#define ARCH_X32_SYSCALL_BIT 0x40000000u

struct arch_row {
	const char *name;   /* as the language spells it: "x86_64", "x86", "x32" */
	uint32_t audit;     /* AUDIT_ARCH_* its calls carry */
	uint32_t nr_bit;    /* set in each of its syscall numbers (x32), else 0 */
	uint32_t host_runs; /* bit per enum ir_arch whose calls a kernel of this
			     * arch takes (its compat entries too); 0: never a host */
	const char *entry;  /* how enforce names a call that came this way
			     * ("i386 int 0x80"); NULL for a host's own entry */
	const char *scmp;   /* libseccomp's name, as Docker/OCI profiles spell it */
	const char *go;     /* runtime.GOARCH, as Docker's includes.arches name it */
};

extern const struct arch_row arch_table[IR_ARCH_COUNT];

/* The host this binary was built for (an x32 build runs on an x86_64
 * kernel, whose program it loads). */
#if defined(__x86_64__)
#define ARCH_NATIVE IR_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH_NATIVE IR_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define ARCH_NATIVE IR_ARCH_RISCV64
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARCH_NATIVE IR_ARCH_PPC64LE
#elif defined(__s390x__)
#define ARCH_NATIVE IR_ARCH_S390X
#else
#error "no host row in common/arch.c for this machine"
#endif

/* "x86_64", "x86", ...; NULL for a value out of range. */
const char *arch_name(enum ir_arch a);
/* AUDIT_ARCH_* of a; 0 out of range. */
uint32_t arch_audit(enum ir_arch a);
/* The arch whose calls carry this AUDIT_ARCH_* (x86_64, never x32, for
 * AUDIT_ARCH_X86_64); -1 unknown. */
int arch_from_audit(uint32_t audit);
/* The name for an AUDIT_ARCH_* value; NULL unknown. */
const char *arch_audit_name(uint32_t audit);
/* AUDIT_ARCH_* of this binary's host. */
uint32_t arch_native_audit(void);

#endif
