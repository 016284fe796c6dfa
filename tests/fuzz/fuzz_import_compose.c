/* libFuzzer target: polc import compose on arbitrary bytes: libyaml's
 * parser behind polc's limits (no aliases, depth, scalar size, node
 * count), the service lookup, every field's type check (ports, sizes,
 * volumes, tmpfs options, security_opt, ulimits) and the .pol printer on
 * whatever IR came out; the imported text must parse back. No other file
 * is read (seccomp=FILE is a note here). Whatever the input: no crash, no
 * leak, no read out of bounds, and a failure always names what (e.detail
 * set). Seeds: tests/fuzz/corpus/import_compose/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "text/pol_print.h"
#include "interop/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pol_ir ir;
	struct import_notes notes = { 0 };
	struct err e = { 0 };
	ir_init(&ir);
	if (import_compose_buffer("fuzz.yml", data, size, NULL, &ir, &notes, &e) == 0) {
		free(pol_print_text(&ir));
	} else if (!e.detail[0]) {
		abort(); /* every refusal names what */
	}
	import_notes_free(&notes);
	ir_free(&ir);
	return 0;
}
