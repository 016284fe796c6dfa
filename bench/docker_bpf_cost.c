/* docker_bpf_cost: Docker's default seccomp profile compiled by libseccomp
 * (its binary-tree layout, as runc/containerd would load it) and by polc,
 * measured the same way as bench/bpf_cost.
 *
 *   docker_bpf_cost PROFILE.json
 *
 * The profile is resolved as the Docker engine on amd64 does for its
 * default capability set (polc import's resolver); the two compilers then
 * get the same syscall rules. libseccomp leaves out what it cannot compile
 * (tests/unit/scmp_from_ir.h) and says how much. */
#include <stdio.h>
#include <stdlib.h>

#include "cost.h"
#include "interop/import.h"
#include "interop/import_scmp.h"
#include "../tests/unit/scmp_from_ir.h" /* the tests' libseccomp yardstick */

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: docker_bpf_cost PROFILE.json\n");
		return 2;
	}
	struct import_opts opts = { .caps = scmp_docker_default_caps(), .engine = IR_ARCH_X86_64 };
	struct import_notes notes = { 0 };
	struct pol_ir ir;
	struct err e;
	ir_init(&ir);
	if (import_docker_seccomp(argv[1], &opts, &ir, &notes, &e) < 0) {
		err_print("docker_bpf_cost", &e);
		return 1;
	}
	import_notes_free(&notes);
	int status = 0;
	struct polb_bpf_insn *prog = NULL;
	size_t n = 0;
	struct scmp_stats st;
	if (scmp_from_ir(&ir.syscalls, &prog, &n, &st) == 0) {
		char note[160];
		snprintf(note, sizeof note, " (libseccomp %u.%u.%u, binary tree; %zu rules on syscalls it "
			 "does not know and %zu it cannot express left out)",
			 seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro,
			 st.unknown, st.dropped);
		status |= cost_report("docker default, libseccomp", IR_ARCH_X86_64, prog, n, note) < 0;
	} else {
		fprintf(stderr, "docker_bpf_cost: libseccomp could not compile the profile\n");
		status = 1;
	}
	free(prog);
	uint32_t flags;
	if (seccomp_generate_opts(&ir, IR_ARCH_X86_64, SECCOMP_GEN_NO_NOTIFY, &prog, &n, &flags, &e) == 0) {
		status |= cost_report("docker default, polc", IR_ARCH_X86_64, prog, n, "") < 0;
		free(prog);
	} else {
		err_print("docker_bpf_cost", &e);
		status = 1;
	}
	ir_free(&ir);
	return status;
}
