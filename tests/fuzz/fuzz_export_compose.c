/* libFuzzer target: `polc export compose POLICY` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

FUZZ_COMMAND(cmd_export, "export", "compose", "-I", "policies", in.path)
