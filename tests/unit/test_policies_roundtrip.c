/* export then import gives back the same decisions: every shipped policy's
 * syscalls section, written by `polc export docker-seccomp` and read back
 * by `polc import docker-seccomp` (and then through the front end, as a
 * user would), decides every case of policies_cases.h as the original
 * does, with the same default and architectures. Run from the top of the
 * tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "policies_cases.h"
#include "interop/export.h"
#include "interop/import.h"
#include "interop/import_scmp.h"
#include "tap.h"

static int load(const char *name, const char *path, const char *text, struct pol_ir *ir)
{
	static const char *const dirs[] = { "policies" };
	struct fe_options o = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct diag d;
	diag_init(&d);
	int r = text ? frontend_load_buffer(name, text, strlen(text), &o, ir, &d) : frontend_load(path, &o, ir, &d);
	if (r < 0)
		diag_print(&d, stdout, DIAG_TEXT);
	diag_free(&d);
	return r;
}

/* The policy's syscalls exported to a file, imported back as .pol text. */
static char *export_import(const struct pol_ir *ir, const char *tmp)
{
	struct export_ctx x = { .ir = ir, .format = "docker-seccomp" };
	json_object *prof = export_seccomp_json(&x);
	if (!prof || json_object_to_file_ext(tmp, prof, JSON_C_TO_STRING_PLAIN) < 0) {
		json_object_put(prof);
		return NULL;
	}
	json_object_put(prof);
	struct import_opts o = { .caps = scmp_docker_default_caps(), .engine = IR_ARCH_X86_64 };
	struct import_notes notes = { 0 };
	struct pol_ir back;
	struct err e = { 0 };
	char *text = NULL;
	size_t len = 0;
	ir_init(&back);
	FILE *out = open_memstream(&text, &len);
	int r = out ? import_docker_seccomp(tmp, &o, &back, &notes, &e) : -1;
	if (r == 0)
		r = import_emit_syscalls(out, &back, &notes, &e);
	if (out)
		fclose(out);
	if (r < 0)
		printf("# import: %s\n", e.detail);
	import_notes_free(&notes);
	ir_free(&back);
	if (r < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void round_trip(const char *path, const char *tmp)
{
	struct pol_ir orig, again;
	bool loaded = load(path, path, NULL, &orig) == 0;
	char *text = loaded ? export_import(&orig, tmp) : NULL;
	bool reloaded = text && load("round-trip.pol", NULL, text, &again) == 0;
	OK(reloaded, "%s: exported and imported back, it is a valid policy", path);
	if (reloaded) {
		struct case_stats st = { 0 };
		struct case_pair cp = { .want = case_ir, .got = case_ir, .want_ctx = &orig, .got_ctx = &again };
		for_each_case(&st, &cp);
		OK(st.nr_mismatch == 0 && st.arg_mismatch == 0,
		   "%s: the round trip decides %zu numbers and %zu argument cases as the original (%zu + %zu differ)",
		   path, st.nr_cases, st.arg_cases, st.nr_mismatch, st.arg_mismatch);
		OK(again.syscalls.arches == orig.syscalls.arches &&
		   again.syscalls.default_action.action == orig.syscalls.default_action.action &&
		   again.syscalls.default_action.errno_value == orig.syscalls.default_action.errno_value,
		   "%s: same architectures and default action", path);
		ir_free(&again);
	}
	if (loaded)
		ir_free(&orig);
	free(text);
}

int main(void)
{
	char tmp[] = "/tmp/polc-roundtrip.XXXXXX";
	int fd = mkstemp(tmp);
	OK(fd >= 0, "a temporary file");
	if (fd < 0)
		return TAP_DONE();
	close(fd);
	round_trip("policies/default.pol", tmp);
	round_trip("policies/hardened.pol", tmp);
	round_trip("policies/host-ro.pol", tmp);
	round_trip("tests/policies/fixtures/web.pol", tmp);
	unlink(tmp);
	return TAP_DONE();
}
