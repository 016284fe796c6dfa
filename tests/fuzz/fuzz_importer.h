/* Shared by the YAML/JSON import targets (fuzz_import_k8s.c,
 * fuzz_import_compose.c, fuzz_import_oci.c): one import call on the
 * fuzzer's bytes into a fresh IR, the .pol printer on whatever IR came
 * out, and every refusal naming what (fuzz_input.h). Whatever the input:
 * no crash, no leak, no read out of bounds. */
#ifndef POL_TESTS_FUZZ_IMPORTER_H
#define POL_TESTS_FUZZ_IMPORTER_H

#include "fuzz_input.h"
#include "interop/import.h"
#include "text/pol_print.h"

/* A whole target: CALL is the import, in terms of data, size, &ir,
 * &notes and &e, e.g. `import_k8s_buffer("fuzz.yaml", data, size, NULL,
 * &ir, &notes, &e)`. */
#define FUZZ_IMPORTER(CALL)                                             \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)    \
	{                                                               \
		struct pol_ir ir;                                       \
		struct import_notes notes = { 0 };                      \
		struct err e = { 0 };                                   \
		ir_init(&ir);                                           \
		if ((CALL) == 0)                                        \
			free(pol_print_text(&ir));                      \
		else                                                    \
			fuzz_refusal_named(&e);                         \
		import_notes_free(&notes);                              \
		ir_free(&ir);                                           \
		return 0;                                               \
	}

#endif
