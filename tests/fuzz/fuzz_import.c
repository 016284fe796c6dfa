/* libFuzzer target: `polc import docker-seccomp PROFILE.json` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_file in;
	fuzz_file_set(&in, data, size);
	char *argv[] = { "import", "docker-seccomp", in.path, NULL };
	fuzz_run(cmd_import, argv);
	return 0;
}
