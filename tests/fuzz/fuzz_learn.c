/* libFuzzer target: `polc learn TRACE -o -` on arbitrary bytes (see
 * fuzz_cmd.h): the trace reader on everything, and the draft (the base
 * loaded, the filter asked, paths placed, the printer, the draft loaded
 * back) on every input the reader accepts. The base is found with -I
 * policies (run_fuzz.sh runs from the top of the tree).
 * Seeds: tests/fuzz/corpus/learn (hand-written traces, one per record
 * kind, and the hostile ones tests/learn/t_polc_learn.sh refuses). */
#include "fuzz_cmd.h"

FUZZ_COMMAND(cmd_learn, "learn", "-I", "policies", "-o", "-", in.path)
