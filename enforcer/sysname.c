/* Syscall names and numbers for the entries this host runs, from the one
 * generated table (compiler/vocab/syscalls_gen.c, linked into enforce with
 * data sections of its own so the other architectures' tables are dropped
 * at link time). The learning run names the calls it records and finds
 * the numbers of the calls its filter must report (learn_prog.c). */
#include <string.h>

#include "learn.h"
#include "vocab/vocab_gen.h"

static const struct {
	int arch; /* enum ir_arch */
	const struct vocab_sc *sc;
	const size_t *count;
} host_tables[] = {
#if defined(__x86_64__)
	{ IR_ARCH_X86_64, vocab_sc_x86_64, &vocab_sc_x86_64_count },
	{ IR_ARCH_X86, vocab_sc_x86, &vocab_sc_x86_count },
	{ IR_ARCH_X32, vocab_sc_x32, &vocab_sc_x32_count },
#elif defined(__aarch64__)
	{ IR_ARCH_AARCH64, vocab_sc_aarch64, &vocab_sc_aarch64_count },
	{ IR_ARCH_ARM, vocab_sc_arm, &vocab_sc_arm_count },
#elif defined(__riscv)
	{ IR_ARCH_RISCV64, vocab_sc_riscv64, &vocab_sc_riscv64_count },
#elif defined(__powerpc64__)
	{ IR_ARCH_PPC64LE, vocab_sc_ppc64le, &vocab_sc_ppc64le_count },
#elif defined(__s390x__)
	{ IR_ARCH_S390X, vocab_sc_s390x, &vocab_sc_s390x_count },
#endif
};

#define NTABLES (sizeof host_tables / sizeof host_tables[0])

size_t sysname_arches(int *out, size_t room)
{
	size_t n = 0;
	for (size_t i = 0; i < NTABLES && n < room; i++)
		out[n++] = host_tables[i].arch;
	return n;
}

static int table_of(int arch)
{
	for (size_t i = 0; i < NTABLES; i++)
		if (host_tables[i].arch == arch)
			return (int)i;
	return -1;
}

const char *sysname_of(int arch, uint32_t nr)
{
	int t = table_of(arch);
	if (t < 0)
		return NULL;
	for (size_t i = 0; i < *host_tables[t].count; i++)
		if ((uint32_t)host_tables[t].sc[i].nr == nr)
			return host_tables[t].sc[i].name;
	return NULL;
}

int sysname_nr(int arch, const char *name)
{
	int t = table_of(arch);
	if (t < 0)
		return -1;
	for (size_t i = 0; i < *host_tables[t].count; i++)
		if (strcmp(host_tables[t].sc[i].name, name) == 0)
			return host_tables[t].sc[i].nr;
	return -1;
}

const char *sysname_arg(const char *name, int i)
{
	if (!name || i < 0 || i > 5)
		return NULL;
	size_t lo = 0, hi = vocab_sc_args_count;
	while (lo < hi) { /* the table is sorted by name */
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(name, vocab_sc_args[mid].name);
		if (cmp == 0)
			return i < vocab_sc_args[mid].count ? vocab_sc_args[mid].names[i] : NULL;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int sysname_arch_of(uint32_t audit, uint32_t nr)
{
	int plain = -1;
	for (size_t i = 0; i < NTABLES; i++) {
		const struct arch_row *r = &arch_table[host_tables[i].arch];
		if (r->audit != audit)
			continue;
		/* x86_64 and x32 share AUDIT_ARCH_X86_64: the bit tells them apart */
		if (r->nr_bit && (nr & r->nr_bit))
			return host_tables[i].arch;
		if (!r->nr_bit)
			plain = host_tables[i].arch;
	}
	return plain;
}
