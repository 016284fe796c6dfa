/* libFuzzer target: `polc build` on arbitrary bytes. What the compiler
 * accepts must be a blob that the enforcer's reader accepts (the same
 * polb_read that enforce runs) and that polc dump renders, and building
 * the same source twice must give the same bytes (blobs are
 * deterministic, docs/polb.md). Seeds: the tree's policies. */
#include "fuzz_cmd.h"
#include "polb_reader.h"
#include "review/dump.h"
#include "writer/build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_file in;
	static const char *const dirs[] = { "policies" };
	fuzz_file_set(&in, data, size);
	uint8_t *blob = NULL, *again = NULL;
	size_t n = 0, n2 = 0;
	if (build_compile(in.path, dirs, 1, NULL, &blob, &n) == 0) {
		struct polb_view v;
		struct err e;
		uint8_t *copy = fuzz_copy(blob, n);
		if (!copy)
			abort();
		if (polb_read(copy, n, &v, &e) < 0) {
			fprintf(stderr, "built blob refused: %s\n", e.detail);
			abort();
		}
		dump_view(fuzz_devnull(), "fuzz", &v, n, true);
		free(copy);
		if (build_compile(in.path, dirs, 1, NULL, &again, &n2) < 0 || n != n2 || memcmp(blob, again, n)) {
			fprintf(stderr, "the same source built twice gave different blobs\n");
			abort();
		}
	}
	free(blob);
	free(again);
	return 0;
}
