/* Syscall names and numbers for the entries this host runs (learn.h),
 * from the compact table tools/gen-sysnames.c derives at build time from
 * the one generated table (compiler/vocab/syscalls_gen.c). The learning
 * run names the calls it records and finds the numbers of the calls its
 * filter must report (learn_prog.c); refusal messages name the call. */
#include <string.h>

#include "learn.h"
#include "sysname_tab.h"

size_t sysname_arches(int *out, size_t room)
{
	size_t n = 0;
	for (size_t i = 0; i < sysname_ntabs && n < room; i++)
		out[n++] = sysname_tabs[i].arch;
	return n;
}

static const struct sysname_tab *table_of(int arch)
{
	for (size_t i = 0; i < sysname_ntabs; i++)
		if (sysname_tabs[i].arch == arch)
			return &sysname_tabs[i];
	return NULL;
}

const char *sysname_of(int arch, uint32_t nr)
{
	const struct sysname_tab *t = table_of(arch);
	if (!t || (arch >= 0 && (nr & arch_table[arch].nr_bit) != arch_table[arch].nr_bit))
		return NULL;
	nr &= ~arch_table[arch].nr_bit;
	if (nr >= t->limit || !t->name[nr])
		return NULL;
	return sysname_strings + t->name[nr];
}

int sysname_nr(int arch, const char *name)
{
	const struct sysname_tab *t = table_of(arch);
	for (unsigned nr = 0; t && nr < t->limit; nr++)
		if (t->name[nr] && strcmp(sysname_strings + t->name[nr], name) == 0)
			return (int)(nr | arch_table[arch].nr_bit);
	return -1;
}

int sysname_arch_of(uint32_t audit, uint32_t nr)
{
	int plain = -1;
	for (size_t i = 0; i < sysname_ntabs; i++) {
		const struct arch_row *r = &arch_table[sysname_tabs[i].arch];
		if (r->audit != audit)
			continue;
		/* x86_64 and x32 share AUDIT_ARCH_X86_64: the bit tells them apart */
		if (r->nr_bit && (nr & r->nr_bit))
			return sysname_tabs[i].arch;
		if (!r->nr_bit)
			plain = sysname_tabs[i].arch;
	}
	return plain;
}
