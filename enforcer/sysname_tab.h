/* The shape of enforce's compact syscall name table, written at build time
 * by tools/gen-sysnames.c from the one generated table (compiler/vocab/
 * syscalls_gen.c) into $(BUILD)/gen/sysname_gen.c; read by sysname.c. */
#ifndef POL_ENFORCER_SYSNAME_TAB_H
#define POL_ENFORCER_SYSNAME_TAB_H

#include <stddef.h>
#include <stdint.h>

struct sysname_tab {
	int arch;              /* enum ir_arch */
	unsigned limit;        /* numbers 0..limit-1 (x32: without its bit) */
	const uint16_t *name;  /* offset into sysname_strings; 0: none */
};

extern const char sysname_strings[];
extern const struct sysname_tab sysname_tabs[];
extern const size_t sysname_ntabs;

#endif
