/* The names of the blob's enums, one table each, for every program that
 * prints them: polc (explain, dump, diff, export, the IR's own names) and
 * enforce (its log, --dry-run plan, error lines). Indexed by the POLB_*
 * values of polb.h; the IR uses the same numbers (compiler/ir_blob.c
 * asserts that at compile time). To add a namespace kind: its POLB_NS_
 * and IR_NS_ value, its name here, its CLONE_ flag in
 * enforcer/namespaces.c (and compiler/frontend/names.c), nothing else. */
#ifndef POL_COMMON_NAMES_H
#define POL_COMMON_NAMES_H

#include <stdint.h>

#include "polb.h"

#define POLB_RLIMIT_COUNT 16

/* The tables, for a parser that takes their words (fe_keyword). */
extern const char *const polb_ns_names[POLB_NS_COUNT];
extern const char *const polb_mount_kind_names[POLB_MOUNT_KIND_COUNT];
extern const char *const polb_cg_key_names[POLB_CG_KEY_COUNT];
extern const char *const polb_rlimit_names[POLB_RLIMIT_COUNT];

/* "user", "mount", ... "time"; "?" out of range. */
const char *polb_ns_name(uint32_t kind);
/* "root", "overlay", "bind", ... "symlink" (the language's keywords). */
const char *polb_mount_kind_name(uint32_t kind);
/* "memory.max", ... "io.max": the language's keys, cgroup v2 file names. */
const char *polb_cg_key_name(uint32_t key);
/* "cpu", ... "nofile", ... "rttime": RLIMIT_* without the prefix, lower case. */
const char *polb_rlimit_name(uint32_t resource);

#endif
