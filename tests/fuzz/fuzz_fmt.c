/* libFuzzer target: `polc fmt POLICY` on arbitrary bytes (see fuzz_cmd.h).
 * Seeds: the tree's policies (run_fuzz.sh). */
#include "fuzz_cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_file in;
	fuzz_file_set(&in, data, size);
	char *argv[] = { "fmt", in.path, NULL };
	fuzz_run(cmd_fmt, argv);
	return 0;
}
