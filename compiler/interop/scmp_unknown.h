/* Syscall names the libseccomp Debian 12 ships (2.5.4, which runc 1.1 and
 * crun 1.8 there are linked against) cannot resolve: both runtimes skip a
 * rule naming one without a word (measured: `errno EPERM mseal` under
 * `default allow` lets mseal run). Generated (scmp_unknown_gen.c, by
 * tools/gen-scmp-unknown.py); sorted. */
#ifndef POL_INTEROP_SCMP_UNKNOWN_H
#define POL_INTEROP_SCMP_UNKNOWN_H

#include <stdbool.h>
#include <stddef.h>

extern const char scmp_unknown_version[];
extern const char *const scmp_unknown_names[];
extern const size_t scmp_unknown_count;

bool scmp_unknown(const char *syscall);

#endif
