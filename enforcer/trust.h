/* Which signing keys enforce trusts, and the check of a blob against them
 * (enforcer/trust.c). Kept out of enforce.h: main.c alone uses it, before
 * the blob is parsed. */
#ifndef POL_ENFORCER_TRUST_H
#define POL_ENFORCER_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "polb_sig.h"

/* The trust directory is fixed when enforce is built (-DPOL_TRUST_DIR,
 * from SYSCONFDIR): no option or environment variable can point a root
 * enforce at keys an attacker wrote. The tests build a separate binary
 * with a directory of their own (mk/enforce.mk, enforce-testtrust). */
extern const char trust_dir[]; /* POL_TRUST_DIR */
#define TRUST_MAX_KEYS 64

struct trust {
	uint8_t keys[TRUST_MAX_KEYS][POLB_SIG_KEY_LEN];
	size_t nkeys;      /* 0: no trust configured, blobs need no signature */
	const char *from;  /* "--trust" or the directory, for -v */
};

/* Keys from --trust files when any was given (then the directory is not
 * read), else from trust_dir/\*.pub. A missing or empty directory is
 * no trust; one that cannot be read, is writable by another user, or holds
 * a malformed key refuses (125): enforce cannot tell what was meant. */
int trust_load(const char *const *files, size_t nfiles, struct trust *t, struct err *e);

#endif
