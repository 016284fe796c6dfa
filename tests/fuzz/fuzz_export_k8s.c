/* libFuzzer target: `polc export k8s POLICY` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

FUZZ_COMMAND(cmd_export, "export", "k8s", "-I", "policies", in.path)
