/* The compiled programs agree with Docker's profile: policies/default.pol
 * and the reference profile imported with `polc import docker-seccomp`
 * are compiled to BPF for an x86_64 host (which admits the x86 and x32
 * entries), and the in-tree BPF interpreter runs every syscall number of
 * x86_64, x86 and x32 and every argument case of policies_cases.h through
 * both; each answer must be what the reference JSON decides, but for
 * default.pol's deliberate difference (policies_cases.h default_pol_diffs:
 * i386 socketcall(SYS_SOCKET) refused), which must differ as listed. Also: an
 * architecture the policy does not list is killed, and every shipped
 * policy compiles. Run from the top of the tree. */
#include <linux/audit.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "policies_cases.h"
#include "interop/import.h"
#include "interop/import_scmp.h"
#include "bpf_interp.h"
#include "seccomp/seccomp_gen.h"
#include "tap.h"

#define REF "tests/policies/ref/docker-default-seccomp.json"

struct program {
	struct polb_bpf_insn *insns;
	size_t n;
	unsigned max_steps;
};

static struct decision decision_from_ret(uint32_t ret)
{
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: return (struct decision){ IR_ACT_ALLOW, 0 };
	case SECCOMP_RET_ERRNO: return (struct decision){ IR_ACT_ERRNO, (uint16_t)(ret & SECCOMP_RET_DATA) };
	case SECCOMP_RET_KILL_THREAD: return (struct decision){ IR_ACT_KILL_THREAD, 0 };
	case SECCOMP_RET_TRAP: return (struct decision){ IR_ACT_TRAP, 0 };
	case SECCOMP_RET_LOG: return (struct decision){ IR_ACT_LOG, 0 };
	case SECCOMP_RET_USER_NOTIF: return (struct decision){ IR_ACT_NOTIFY_KILL, 0 };
	default: return (struct decision){ IR_ACT_KILL_PROCESS, 0 };
	}
}

static struct decision decide_bpf(const void *ctx, enum ir_arch arch, int nr, const char *name,
				  const uint64_t argv[6])
{
	struct program *p = (struct program *)ctx;
	struct seccomp_data d = bpf_data(arch_audit(arch), (uint32_t)nr, argv);
	uint32_t ret = 0;
	unsigned steps = 0;
	(void)name;
	if (bpf_interp(p->insns, p->n, &d, &ret, &steps) < 0)
		return (struct decision){ IR_ACT_TRAP, 0xffff }; /* never what Docker says */
	if (steps > p->max_steps)
		p->max_steps = steps;
	return decision_from_ret(ret);
}

static int load_buffer_or_file(const char *path, const char *text, struct pol_ir *ir)
{
	static const char *const dirs[] = { "policies" };
	struct fe_options o = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct diag d;
	diag_init(&d);
	int r = text ? frontend_load_buffer(path, text, strlen(text), &o, ir, &d)
		     : frontend_load(path, &o, ir, &d);
	if (r < 0)
		diag_print(&d, stdout, DIAG_TEXT);
	diag_free(&d);
	return r;
}

static int compile(const struct pol_ir *ir, struct program *p)
{
	struct err e = { 0 };
	uint32_t flags = 0;
	memset(p, 0, sizeof(*p));
	if (seccomp_generate_opts(ir, IR_ARCH_X86_64, SECCOMP_GEN_NO_NOTIFY, &p->insns, &p->n, &flags, &e) < 0) {
		printf("# seccomp: %s\n", e.detail);
		return -1;
	}
	return 0;
}

static void compare_bpf(json_object *ref, const char *what, const char *path, const char *text,
			const struct case_diff *diffs, size_t ndiffs)
{
	struct pol_ir ir;
	struct program p;
	int r = load_buffer_or_file(path, text, &ir);
	OK(r == 0, "%s loads", what);
	if (r == 0 && compile(&ir, &p) == 0) {
		struct case_stats st = { 0 };
		struct case_pair cp = { .want = case_docker, .got = decide_bpf, .want_ctx = ref,
					.got_ctx = &p, .diffs = diffs, .ndiffs = ndiffs };
		for_each_case(&st, &cp);
		OK(st.nr_mismatch == 0, "%s compiled: %zu syscall numbers on x86_64, x86, x32 decided as "
		   "Docker (%zu differ)", what, st.nr_cases, st.nr_mismatch);
		OK(st.arg_mismatch == 0, "%s compiled: %zu argument cases decided as Docker (%zu differ)",
		   what, st.arg_cases - st.diff_cases, st.arg_mismatch);
		/* socketcall is on x86 only: one case per deliberate difference */
		OK(st.diff_cases == ndiffs && st.diff_mismatch == 0,
		   "%s compiled: %s (%zu case, %zu not as listed)", what,
		   ndiffs ? "i386 socketcall(SYS_SOCKET) refused with EPERM where Docker allows it, "
			    "the deliberate difference" : "no deliberate difference", st.diff_cases,
		   st.diff_mismatch);
		const uint64_t zero[6] = { 0 };
		struct seccomp_data d = bpf_data(AUDIT_ARCH_AARCH64, 63 /* read */, zero);
		uint32_t ret = 0;
		unsigned steps = 0;
		bool ran = bpf_interp(p.insns, p.n, &d, &ret, &steps) == 0;
		OK(ran && (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_PROCESS,
		   "%s compiled: an architecture it does not list (aarch64) is killed", what);
		printf("# %s: %zu instructions, at most %u executed per decision\n", what, p.n, p.max_steps);
		free(p.insns);
	} else if (r == 0) {
		OK(0, "%s compiles", what);
	}
	ir_free(&ir);
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
	FILE *out = open_memstream(&text, &len);
	int r = out ? import_docker_seccomp(REF, &o, &ir, &notes, &e) : -1;
	if (r == 0)
		r = import_emit_syscalls(out, &ir, &notes, &e);
	if (out)
		fclose(out);
	import_notes_free(&notes);
	ir_free(&ir);
	if (r < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void test_shipped_compile(void)
{
	static const char *const shipped[] = {
		"policies/default.pol", "policies/hardened.pol", "policies/host-ro.pol",
	};
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		struct pol_ir ir;
		struct program p = { 0 };
		bool built = load_buffer_or_file(shipped[i], NULL, &ir) == 0 && compile(&ir, &p) == 0;
		OK(built && p.n > 0, "%s compiles to BPF (%zu instructions)", shipped[i], p.n);
		free(p.insns);
		ir_free(&ir);
	}
}

int main(void)
{
	json_object *ref = json_object_from_file(REF);
	OK(ref != NULL, "the reference profile parses");
	if (!ref)
		return TAP_DONE();
	compare_bpf(ref, "default.pol", "policies/default.pol", NULL, default_pol_diffs, DEFAULT_POL_NDIFFS);
	char *text = import_reference();
	OK(text != NULL, "the reference profile imports");
	if (text)
		compare_bpf(ref, "imported reference", "imported.pol", text, NULL, 0);
	free(text);
	test_shipped_compile();
	json_object_put(ref);
	return TAP_DONE();
}
