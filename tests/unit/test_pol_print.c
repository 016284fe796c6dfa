/* The one IR-to-.pol printer (compiler/text/pol_print_ir.c) over every
 * policy in the tree (policies/, examples/, tests/): for each that loads,
 * the printed text is in `polc fmt` layout, loads again without a
 * diagnostic, prints the same text again (a fixpoint: every setting the
 * printer writes comes back as it was), and compiles to the same seccomp
 * program for this host. Run from the top of the tree (tests/run.sh). */
#include <ftw.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "review/fmt.h"
#include "review/review_sc.h"
#include "tap.h"
#include "text/pol_print.h"

static size_t nloaded, nfiles;

static bool same_filter(const struct pol_ir *a, const struct pol_ir *b)
{
	struct review_sc sa, sb;
	struct err e;
	if (review_sc_build(a, ARCH_NATIVE, &sa, &e) < 0)
		return false;
	if (review_sc_build(b, ARCH_NATIVE, &sb, &e) < 0) {
		review_sc_free(&sa);
		return false;
	}
	bool same = sa.filtered == sb.filtered && sa.admitted == sb.admitted && sa.n == sb.n &&
		    (!sa.n || !memcmp(sa.prog, sb.prog, sa.n * sizeof(*sa.prog)));
	review_sc_free(&sa);
	review_sc_free(&sb);
	return same;
}

static void one(const char *path)
{
	char *copy = strdup(path);
	const char *dirs[] = { dirname(copy), "policies", "tests/lang/golden" };
	struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = 3 };
	struct diag d;
	struct pol_ir ir, again;
	diag_init(&d);
	nfiles++;
	if (frontend_load(path, &opts, &ir, &d) < 0) { /* a test of errors: not a policy */
		diag_free(&d);
		ir_free(&ir);
		free(copy);
		return;
	}
	nloaded++;
	char *text = pol_print_text(&ir);
	size_t len = strlen(text);
	char *formatted = NULL;
	size_t flen = 0;
	struct diag fd;
	diag_init(&fd);
	bool fmt_ok = fmt_text(path, text, len, &fd, &formatted, &flen) == 0 && flen == len &&
		      !memcmp(formatted, text, len);
	OK(fmt_ok, "%s: printed in fmt layout", path);
	struct diag d2;
	diag_init(&d2);
	int r = frontend_load_buffer("printed.pol", text, len, &opts, &again, &d2);
	OK(r == 0 && diag_error_count(&d2) == 0, "%s: the printed policy loads", path);
	if (r == 0) {
		char *text2 = pol_print_text(&again);
		OK(!strcmp(text, text2), "%s: and prints the same again", path);
		OK(same_filter(&ir, &again), "%s: and compiles to the same seccomp program", path);
		free(text2);
	}
	if (r != 0 || getenv("POL_PRINT_SHOW")) {
		fprintf(stderr, "--- %s\n%s", path, text);
		diag_print(&d2, stderr, DIAG_TEXT);
	}
	ir_free(&again);
	diag_free(&d2);
	diag_free(&fd);
	free(formatted);
	free(text);
	ir_free(&ir);
	diag_free(&d);
	free(copy);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t n = strlen(path);
	if (type == FTW_F && n > 4 && !strcmp(path + n - 4, ".pol"))
		one(path);
	return 0;
}

/* A word that is not plain (from an import: a manifest's mountPath, a
 * config's hostname) is written quoted, escapes and all, so it reads back
 * as one word and never as statements of its own. */
static void hostile_words(void)
{
	struct pol_ir ir;
	ir_init(&ir);
	ir.name = strdup("q");
	ir.process.hostname = strdup("a b");
	ir.filesystem.mounts = calloc(2, sizeof(*ir.filesystem.mounts));
	ir.filesystem.mounts[0] = (struct ir_mount){ .kind = IR_MOUNT_TMPFS, .target = strdup("/x\n}\ncapabilities {") };
	ir.filesystem.mounts[1] = (struct ir_mount){ .kind = IR_MOUNT_PROC, .target = strdup("/proc") };
	ir.filesystem.nmounts = 2;
	char *text = pol_print_text(&ir);
	OK(strstr(text, "    tmpfs \"/x\\n}\\ncapabilities {\"\n") != NULL, "printer: a newline and braces in a path stay one quoted word");
	OK(strstr(text, "    hostname \"a b\"\n") != NULL, "printer: a blank in a name is quoted");
	OK(strstr(text, "    proc /proc\n") != NULL, "printer: a plain path is written as it is");
	free(text);
	ir_free(&ir);
}

int main(void)
{
	hostile_words();
	static const char *const roots[] = { "policies", "examples", "tests" };
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		nftw(roots[i], visit, 16, FTW_PHYS);
	OK(nloaded >= 40, "%zu of %zu .pol files in the tree load and were printed", nloaded, nfiles);
	return TAP_DONE();
}
