/* libFuzzer target: `polc diff OLD NEW` on arbitrary bytes. The input is
 * split at its first line "=====" into OLD and NEW; without one, OLD is
 * policies/default.pol, the usual base of a reviewed change. Both text
 * and JSON reports are produced. Seeds: the tree's policies and
 * tests/fuzz/corpus/diff/ (pairs). */
#include "fuzz_cmd.h"

static const char sep[] = "\n=====\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_file old, new;
	const uint8_t *cut = memmem(data, size, sep, sizeof sep - 1);
	char *oldpath = "policies/default.pol";
	const uint8_t *newdata = data;
	size_t newsize = size;
	if (cut) {
		fuzz_file_set(&old, data, (size_t)(cut - data) + 1);
		oldpath = old.path;
		newdata = cut + sizeof sep - 1;
		newsize = size - (size_t)(newdata - data);
	}
	fuzz_file_set(&new, newdata, newsize);
	char *text[] = { "diff", "-I", "policies", oldpath, new.path, NULL };
	char *json[] = { "diff", "-I", "policies", "--json", oldpath, new.path, NULL };
	fuzz_run(cmd_diff, text);
	fuzz_run(cmd_diff, json);
	return 0;
}
