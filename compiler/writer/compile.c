/* Policy text to blob: the front end gives the IR, the seccomp generator
 * the programs, the writer the bytes. Every failure is printed here, once. */
#include <stdio.h>
#include <stdlib.h>

#include "build.h"
#include "err.h"
#include "frontend/diag.h"
#include "frontend/frontend.h"
#include "writer.h"

/* The seccomp part of the writer's input for this IR. */
static int seccomp_input(const struct pol_ir *ir, struct writer_input *in, struct err *e)
{
	if (!ir->syscalls.set)
		return 0;
	return err_set(e, 0, "build", "this polc has no seccomp code generator yet: "
		       "a policy with a syscalls section cannot be built");
}

int build_compile(const char *source, const char *const *include_dirs, size_t ndirs,
		  uint8_t **blob, size_t *size)
{
	struct fe_options opts = { .include_dirs = include_dirs, .ninclude_dirs = ndirs };
	struct diag d;
	struct pol_ir ir;
	diag_init(&d);
	int r = frontend_load(source, &opts, &ir, &d);
	diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	if (r < 0) {
		ir_free(&ir);
		return -1;
	}
	struct writer_input in = { .ir = &ir };
	struct err e;
	r = seccomp_input(&ir, &in, &e);
	if (r == 0)
		r = writer_build(&in, blob, size, &e);
	if (r < 0)
		err_print("polc", &e);
	ir_free(&ir);
	return r;
}
