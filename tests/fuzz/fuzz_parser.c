/* libFuzzer target: the whole front end (lexer, parser, resolution of
 * `use` and groups, checks, lowering) on arbitrary bytes, then printing of
 * every diagnostic with its source excerpt. Whatever the input, the front
 * end must report, never crash, leak or read out of bounds. `use` looks in
 * policies/ (run from the top of the tree, as run_fuzz.sh does). */
#include <stdint.h>
#include <stdio.h>

#include "frontend/diag.h"
#include "frontend/frontend.h"

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = { "policies" };
	const struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = 1, .warnings = true };
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	struct diag d;
	struct pol_ir ir;
	diag_init(&d);
	frontend_load_buffer("fuzz.pol", (const char *)data, size, &opts, &ir, &d);
	if (devnull) {
		diag_print(&d, devnull, DIAG_COLOR);
		diag_print(&d, devnull, DIAG_JSON);
	}
	ir_free(&ir);
	diag_free(&d);
	return 0;
}
