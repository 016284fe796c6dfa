/* The parsing half of `user NAME [GROUP]` (userdb.c reads the files):
 * the bytes of the container's /etc/passwd or /etc/group are the image
 * maker's, so this is hostile input, and a file of its own so that
 * tests/fuzz/fuzz_userdb.c runs exactly this code without the enforcer
 * around it. */
#ifndef POL_ENFORCER_USERDB_PARSE_H
#define POL_ENFORCER_USERDB_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* The first entry NAME in DB, a NUL-terminated file (passwd: want 7
 * fields, ids in fields 2 and 3; group: 4 fields, gid in 2, id2 NULL).
 * 1 found, 0 not there, -1 a bad entry; *lineno the line of a found or
 * bad entry, the line count when not there. */
int userdb_find(const char *db, const char *name, size_t want, uint32_t *id1, uint32_t *id2, size_t *lineno);

#endif
