/* libFuzzer target: `polc export oci POLICY -- /bin/true` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

FUZZ_COMMAND(cmd_export, "export", "oci", "-I", "policies", in.path, "--", "/bin/true")
