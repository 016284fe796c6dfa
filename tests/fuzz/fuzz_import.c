/* libFuzzer target: `polc import docker-seccomp PROFILE.json` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

FUZZ_COMMAND(cmd_import, "import", "docker-seccomp", in.path)
