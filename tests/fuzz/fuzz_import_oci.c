/* libFuzzer target: polc import oci on arbitrary bytes: json-c's tokener
 * behind polc's limits (size, nesting), every field's type, range and
 * spelling check (import_oci_read.c), the mounts, namespaces, resources
 * and the seccomp profile, and the .pol printer on whatever IR came out.
 * Whatever the input: no crash, no leak, no read out of bounds, and a
 * failure always names what (fuzz_importer.h). Seeds:
 * tests/fuzz/corpus/import_oci/ (polc export oci of the shipped policies,
 * and hostile configs). */
#include "fuzz_importer.h"

FUZZ_IMPORTER(import_oci_buffer("fuzz.json", (const char *)data, size, &ir, &notes, &e))
