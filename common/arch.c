/* The architecture table (see arch.h). */
#include "arch.h"

#include <linux/audit.h>
#include <stddef.h>

#define BIT(a) (1u << (a))

const struct arch_row arch_table[IR_ARCH_COUNT] = {
	[IR_ARCH_X86_64] = { "x86_64", AUDIT_ARCH_X86_64, 0,
			     BIT(IR_ARCH_X86_64) | BIT(IR_ARCH_X86) | BIT(IR_ARCH_X32), NULL,
			     "SCMP_ARCH_X86_64", "amd64" },
	[IR_ARCH_X86] = { "x86", AUDIT_ARCH_I386, 0, 0, "i386 int 0x80", "SCMP_ARCH_X86", "386" },
	[IR_ARCH_X32] = { "x32", AUDIT_ARCH_X86_64, ARCH_X32_SYSCALL_BIT, 0, "x32", "SCMP_ARCH_X32",
			  "x32" },
	[IR_ARCH_AARCH64] = { "aarch64", AUDIT_ARCH_AARCH64, 0,
			      BIT(IR_ARCH_AARCH64) | BIT(IR_ARCH_ARM), NULL,
			      "SCMP_ARCH_AARCH64", "arm64" },
	[IR_ARCH_ARM] = { "arm", AUDIT_ARCH_ARM, 0, 0, "arm", "SCMP_ARCH_ARM", "arm" },
	[IR_ARCH_RISCV64] = { "riscv64", AUDIT_ARCH_RISCV64, 0, BIT(IR_ARCH_RISCV64), NULL,
			      "SCMP_ARCH_RISCV64", "riscv64" },
	[IR_ARCH_PPC64LE] = { "ppc64le", AUDIT_ARCH_PPC64LE, 0, BIT(IR_ARCH_PPC64LE), NULL,
			      "SCMP_ARCH_PPC64LE", "ppc64le" },
	[IR_ARCH_S390X] = { "s390x", AUDIT_ARCH_S390X, 0, BIT(IR_ARCH_S390X), NULL,
			    "SCMP_ARCH_S390X", "s390x" },
};

const char *arch_name(enum ir_arch a)
{
	return (unsigned)a < IR_ARCH_COUNT ? arch_table[a].name : NULL;
}

uint32_t arch_audit(enum ir_arch a)
{
	return (unsigned)a < IR_ARCH_COUNT ? arch_table[a].audit : 0;
}

int arch_from_audit(uint32_t audit)
{
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (!arch_table[a].nr_bit && arch_table[a].audit == audit)
			return a;
	return -1;
}

const char *arch_audit_name(uint32_t audit)
{
	int a = arch_from_audit(audit);
	return a < 0 ? NULL : arch_table[a].name;
}

uint32_t arch_native_audit(void)
{
	return arch_table[ARCH_NATIVE].audit;
}
