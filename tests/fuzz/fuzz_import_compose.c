/* libFuzzer target: polc import compose on arbitrary bytes: libyaml's
 * parser behind polc's limits (no aliases, depth, scalar size, node
 * count), the service lookup, every field's type check (ports, sizes,
 * volumes, tmpfs options, security_opt, ulimits) and the .pol printer on
 * whatever IR came out; the imported text must parse back. No other file
 * is read (seccomp=FILE is a note here). Whatever the input: no crash, no
 * leak, no read out of bounds, and a failure always names what (e.detail
 * set). Seeds: tests/fuzz/corpus/import_compose/. */
#include "fuzz_importer.h"

FUZZ_IMPORTER(import_compose_buffer("fuzz.yml", data, size, NULL, &ir, &notes, &e))
