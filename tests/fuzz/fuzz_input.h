/* What every libFuzzer target in tests/fuzz/ does around the code it
 * feeds, in one place: the input copied to a buffer of exactly its size
 * (or with a NUL after it) so that ASan sees a read one byte past, the
 * printers run into /dev/null (they are fuzzed for what they read, not
 * for what they print), and the one rule every refusal obeys: it names
 * what (e.detail set), and a blob's refusal has enforce's set-up status. */
#ifndef POL_TESTS_FUZZ_INPUT_H
#define POL_TESTS_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

/* data[0..size) in a malloc'd buffer of exactly size bytes (one byte for
 * an empty input, so that NULL only means out of memory). */
static inline uint8_t *fuzz_copy(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	if (buf && size)
		memcpy(buf, data, size);
	return buf;
}

/* data[0..size) followed by a NUL, in a malloc'd buffer of size + 1
 * bytes: what a parser of a NUL-terminated file gets. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

/* /dev/null for writing, opened once for the run. */
static inline FILE *fuzz_devnull(void)
{
	static FILE *devnull;
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	return devnull;
}

/* A refusal that does not say what is a bug: an error without its line. */
static inline void fuzz_refusal_named(const struct err *e)
{
	if (!e->detail[0])
		abort();
}

/* The blob reader's and the signature check's refusals: named, and with
 * the exit status enforce documents for a bad blob (125). */
static inline void fuzz_refusal_blob(const struct err *e)
{
	if (!e->detail[0] || e->status != 125)
		abort();
}

#endif
