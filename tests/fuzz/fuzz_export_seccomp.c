/* libFuzzer target: `polc export docker-seccomp POLICY` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

FUZZ_COMMAND(cmd_export, "export", "docker-seccomp", "-I", "policies", in.path)
