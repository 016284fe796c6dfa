/* libFuzzer target: polc import oci on arbitrary bytes: json-c's tokener
 * behind polc's limits (size, nesting), every field's type, range and
 * spelling check (import_oci_read.c), the mounts, namespaces, resources
 * and the seccomp profile, and the .pol printer on whatever IR came out.
 * Whatever the input: no crash, no leak, no read out of bounds, and a
 * failure always names what (e.detail set). Seeds:
 * tests/fuzz/corpus/import_oci/ (polc export oci of the shipped policies,
 * and hostile configs). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "interop/import.h"
#include "text/pol_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pol_ir ir;
	struct import_notes notes = { 0 };
	struct err e = { 0 };
	ir_init(&ir);
	if (import_oci_buffer("fuzz.json", (const char *)data, size, &ir, &notes, &e) == 0) {
		free(pol_print_text(&ir));
	} else if (!e.detail[0]) {
		abort(); /* every refusal names what */
	}
	import_notes_free(&notes);
	ir_free(&ir);
	return 0;
}
