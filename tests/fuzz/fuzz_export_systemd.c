/* libFuzzer target: `polc export systemd POLICY` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

FUZZ_COMMAND(cmd_export, "export", "systemd", "-I", "policies", in.path)
