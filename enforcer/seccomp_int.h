/* Shared by enforcer/seccomp.c (child) and seccomp_watch.c (supervisor). */
#ifndef POL_ENFORCER_SECCOMP_INT_H
#define POL_ENFORCER_SECCOMP_INT_H

#include <stdint.h>

/* AUDIT_ARCH_* of the machine enforce was built for: the program it loads. */

#endif
