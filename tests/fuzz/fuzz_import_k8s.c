/* libFuzzer target: polc import k8s on arbitrary bytes: libyaml's parser
 * behind polc's limits (no aliases, depth, scalar size, node count), the
 * workload/container lookup, every field's type check, the SPO profile
 * import, and the .pol printer on whatever IR came out. Whatever the
 * input: no crash, no leak, no read out of bounds, and a failure always
 * names what (fuzz_importer.h). Seeds: tests/fuzz/corpus/import_k8s/ (polc
 * export k8s of the shipped policies, and hostile YAML). */
#include "fuzz_importer.h"

FUZZ_IMPORTER(import_k8s_buffer("fuzz.yaml", data, size, NULL, &ir, &notes, &e))
