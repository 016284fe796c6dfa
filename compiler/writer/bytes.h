/* A growing byte buffer and a deduplicating string table: the two pieces
 * the writer assembles sections from. Internal to compiler/writer/. */
#ifndef POL_COMPILER_WRITER_BYTES_H
#define POL_COMPILER_WRITER_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "polb.h"

struct bytes {
	uint8_t *data; /* memory from util/xalloc.h: running out ends polc */
	size_t len, cap;
};

void bytes_put(struct bytes *b, const void *p, size_t n);
void bytes_pad8(struct bytes *b); /* zero bytes up to the next 8-boundary */
void bytes_free(struct bytes *b);

/* Strings: offset 0 is the empty string; each distinct string is stored
 * once, in first-use order. */
struct strtab {
	struct bytes bytes;
	uint32_t *slots; /* open addressing: offset+1, 0 = empty */
	size_t nslots, nused;
	size_t too_long; /* strings refused for their length */
};

void strtab_init(struct strtab *t);
/* Add s (NULL: absent) and return its reference. */
struct polb_str strtab_add(struct strtab *t, const char *s);
void strtab_free(struct strtab *t);

#endif
