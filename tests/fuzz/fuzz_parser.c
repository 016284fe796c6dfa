/* libFuzzer target: the whole front end (lexer, parser, resolution of
 * `use` and groups, checks, lowering) on arbitrary bytes, then printing of
 * every diagnostic with its source excerpt; and polc fmt's layout, which
 * must be stable: fmt of fmt is fmt, and fmt's output parses. Whatever the
 * input, nothing may crash, leak or read out of bounds. `use` looks in
 * policies/ (run from the top of the tree, as run_fuzz.sh does). */
#include "fuzz_input.h"
#include "util/diag.h"
#include "frontend/frontend.h"
#include "review/fmt.h"

static void check_fmt_stable(const uint8_t *data, size_t size)
{
	struct diag d;
	char *once = NULL, *twice = NULL;
	size_t nonce, ntwice;
	diag_init(&d);
	if (fmt_text("fuzz.pol", (const char *)data, size, &d, &once, &nonce) == 0) {
		if (fmt_text("fuzz.pol", once, nonce, &d, &twice, &ntwice) < 0) {
			fprintf(stderr, "fmt output does not parse:\n%.*s\n", (int)nonce, once);
			abort();
		}
		if (nonce != ntwice || memcmp(once, twice, nonce)) {
			fprintf(stderr, "fmt is not idempotent:\n--- once\n%.*s\n--- twice\n%.*s\n",
				(int)nonce, once, (int)ntwice, twice);
			abort();
		}
	}
	free(once);
	free(twice);
	diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = { "policies" };
	const struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct diag d;
	struct pol_ir ir;
	diag_init(&d);
	frontend_load_buffer("fuzz.pol", (const char *)data, size, &opts, &ir, &d);
	diag_print(&d, fuzz_devnull(), DIAG_COLOR);
	diag_print(&d, fuzz_devnull(), DIAG_JSON);
	ir_free(&ir);
	diag_free(&d);
	check_fmt_stable(data, size);
	return 0;
}
