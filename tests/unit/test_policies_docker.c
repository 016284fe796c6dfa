/* policies/default.pol decides every syscall as Docker's default seccomp
 * profile does (amd64 engine, Docker's default capabilities), and
 * `polc import docker-seccomp` turns that profile into a policy that does
 * too.
 *
 * The reference decision comes straight from the JSON with Docker's rules
 * (tests/unit/policies_eval.h), not from the importer. Cases: every syscall
 * number of x86_64, x86 (i386) and x32 plus numbers past the tables, with
 * zero arguments; then the argument cases Docker checks: socket with every
 * family 0..63, personality values, clone with and without each namespace
 * flag, clone3, ioctl TIOCSTI, i386 socketcall with every call number.
 * default.pol's one deliberate syscall difference (socketcall(SYS_SOCKET)
 * refused, policies_cases.h default_pol_diffs) is asserted as a difference;
 * everything else must agree. Compared at the IR level here;
 * test_policies_bpf.c runs the compiled BPF over the same cases. Run from
 * the top of the tree. */
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "policies_cases.h"
#include "interop/export.h"
#include "interop/import.h"
#include "interop/import_scmp.h"
#include "tap.h"
#include "vocab/vocab.h"

#define REF "tests/policies/ref/docker-default-seccomp.json"

static int load(const char *path, struct pol_ir *ir)
{
	static const char *const dirs[] = { "policies" };
	struct fe_options o = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct diag d;
	diag_init(&d);
	int r = frontend_load(path, &o, ir, &d);
	if (r < 0)
		diag_print(&d, stdout, DIAG_TEXT);
	diag_free(&d);
	return r;
}

/* The deliberate differences held: each case of them decided as listed,
 * where Docker decides otherwise. socketcall exists on x86 only: 1 case. */
static void check_diffs(const struct case_stats *st, const char *what)
{
	OK(st->diff_cases == 1 && st->diff_mismatch == 0,
	   "%s: i386 socketcall(SYS_SOCKET) refused with EPERM where Docker allows it, the deliberate "
	   "difference (%zu case, %zu not as listed)", what, st->diff_cases, st->diff_mismatch);
}

/* Every case of policies_cases.h through ir_decide vs docker_decide; DIFFS
 * (NULL: none) are the deliberate differences the policy must show. */
static void compare_ir(json_object *ref, const struct pol_ir *ir, const char *what,
		       const struct case_diff *diffs, size_t ndiffs)
{
	struct case_stats st = { 0 };
	struct case_pair cp = { .want = case_docker, .got = case_ir, .want_ctx = ref, .got_ctx = ir,
				.diffs = diffs, .ndiffs = ndiffs };
	for_each_case(&st, &cp);
	OK(st.nr_mismatch == 0, "%s: %zu syscall numbers on x86_64, x86, x32 decided as Docker (%zu differ)",
	   what, st.nr_cases, st.nr_mismatch);
	OK(st.arg_mismatch == 0, "%s: %zu argument cases (socket families, personality, clone flags, "
	   "clone3, socketcall calls) decided as Docker but the deliberate differences (%zu differ)",
	   what, st.arg_cases - st.diff_cases, st.arg_mismatch);
	if (diffs)
		check_diffs(&st, what);
	else
		OK(st.diff_cases == 0, "%s: no deliberate difference asked for, none counted", what);
}

/* `polc export docker-seccomp default.pol`, read back with Docker's rules,
 * decides as the reference does. */
static void test_export_round_trip(json_object *ref, const struct pol_ir *ir)
{
	struct export_ctx x = { .ir = ir, .format = "docker-seccomp" };
	json_object *out = export_seccomp_json(&x);
	OK(out != NULL, "default.pol exports as a Docker seccomp profile");
	if (!out)
		return;
	/* through text and back, as a user would have it */
	json_object *back = json_tokener_parse(json_object_to_json_string(out));
	struct case_stats st = { 0 };
	struct case_pair cp = { .want = case_docker, .got = case_docker, .want_ctx = ref, .got_ctx = back,
				.diffs = default_pol_diffs, .ndiffs = DEFAULT_POL_NDIFFS };
	for_each_case(&st, &cp);
	OK(back && st.nr_mismatch == 0 && st.arg_mismatch == 0,
	   "the exported profile decides %zu numbers and %zu argument cases as the reference "
	   "(%zu + %zu differ)", st.nr_cases, st.arg_cases - st.diff_cases, st.nr_mismatch, st.arg_mismatch);
	check_diffs(&st, "the exported profile");
	json_object_put(back);
	json_object_put(out);
}

static char *import_reference(void)
{
	struct import_opts o = { .caps = scmp_docker_default_caps(), .engine = IR_ARCH_X86_64 };
	struct import_notes notes = { 0 };
	struct pol_ir ir;
	struct err e = { 0 };
	char *text = NULL;
	size_t len = 0;
	ir_init(&ir);
	ir.name = strdup("imported");
	FILE *out = open_memstream(&text, &len);
	int r = out ? import_docker_seccomp(REF, &o, &ir, &notes, &e) : -1;
	if (r == 0)
		r = import_emit_syscalls(out, &ir, &notes, &e);
	if (out)
		fclose(out);
	if (r < 0) {
		printf("# import: %s\n", e.detail);
		free(text);
		text = NULL;
	}
	import_notes_free(&notes);
	ir_free(&ir);
	return text;
}

static void test_import_round_trip(json_object *ref)
{
	char *text = import_reference();
	OK(text != NULL, "polc import docker-seccomp reads the reference profile");
	if (!text)
		return;
	OK(strstr(text, "default errno EPERM") && strstr(text, "arch x86_64 x86 x32") &&
	   strstr(text, "errno ENOSYS clone3"),
	   "the import keeps the default action, the amd64 archMap and clone3's ENOSYS");
	struct pol_ir ir;
	static const char *const dirs[] = { "policies" };
	struct fe_options o = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct diag d;
	diag_init(&d);
	int r = frontend_load_buffer("imported.pol", text, strlen(text), &o, &ir, &d);
	if (r < 0)
		diag_print(&d, stdout, DIAG_TEXT);
	diag_free(&d);
	OK(r == 0, "the imported text is a valid policy");
	if (r == 0)
		compare_ir(ref, &ir, "imported profile", NULL, 0);
	ir_free(&ir);
	free(text);
}

int main(void)
{
	json_object *ref = json_object_from_file(REF);
	OK(ref != NULL, "the reference profile %s parses", REF);
	if (!ref)
		return TAP_DONE();

	struct pol_ir ir;
	int r = load("policies/default.pol", &ir);
	OK(r == 0, "policies/default.pol loads");
	if (r == 0) {
		compare_ir(ref, &ir, "default.pol", default_pol_diffs, DEFAULT_POL_NDIFFS);
		OK(ir.caps.keep == scmp_docker_default_caps(), "default.pol keeps Docker's default capabilities");
		test_export_round_trip(ref, &ir);
	}
	ir_free(&ir);

	test_import_round_trip(ref);
	json_object_put(ref);
	return TAP_DONE();
}
