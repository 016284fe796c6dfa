/* bpf_cost: what a seccomp program costs per decision.
 *
 *   bpf_cost POLICY.pol|BLOB.polb...
 *
 * For each program (a .pol is compiled for every host arch it needs; a
 * .polb's programs are read as enforce reads them) and each architecture
 * that host runs, runs the program in the in-tree interpreter on every
 * syscall number of that arch (arguments zero) and prints the average and
 * worst number of BPF instructions executed per decision, and how many
 * numbers the kernel's action cache decides without running it at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "polb_reader.h"
#include "cost.h"

static int report(const char *what, uint32_t host_audit, const struct polb_bpf_insn *prog,
		  size_t n, uint32_t flags)
{
	int host = arch_from_audit(host_audit);
	if (host < 0) {
		fprintf(stderr, "bpf_cost: %s: unknown host arch %#x\n", what, host_audit);
		return -1;
	}
	return cost_report(what, (enum ir_arch)host, prog, n,
			   flags & POLB_SECCOMP_NOTIFY ? ", notify" : "");
}

static int cost_blob(const char *path)
{
	void *buf;
	size_t size;
	struct polb_view v;
	struct err e;
	if (polb_read_file(path, &buf, &size, &v, &e) < 0) {
		err_print("bpf_cost", &e);
		return -1;
	}
	int r = 0;
	for (size_t i = 0; i < v.nseccomp && r == 0; i++)
		r = report(path, v.seccomp[i].hdr->host_arch, v.seccomp[i].insns,
			   v.seccomp[i].hdr->ninsns, v.seccomp[i].hdr->flags);
	if (v.nseccomp == 0)
		printf("%s: no seccomp program\n", path);
	free(buf);
	return r;
}

static int cost_policy(const char *path)
{
	static const char *const dirs[] = { "policies" };
	struct fe_options opts = { .include_dirs = dirs, .ninclude_dirs = 1 };
	struct diag d;
	struct pol_ir ir;
	diag_init(&d);
	int r = frontend_load(path, &opts, &ir, &d);
	diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	uint32_t hosts = r < 0 ? 0 : seccomp_host_arches(&ir.syscalls);
	for (int h = 0; h < IR_ARCH_COUNT && r == 0; h++) {
		struct polb_bpf_insn *prog;
		size_t n;
		uint32_t flags;
		struct err e;
		if (!(hosts & 1u << h))
			continue;
		r = seccomp_generate(&ir, (enum ir_arch)h, &prog, &n, &flags, &e);
		if (r < 0) {
			err_print("bpf_cost", &e);
			break;
		}
		r = report(path, arch_audit((enum ir_arch)h), prog, n, flags);
		free(prog);
	}
	if (r == 0 && !ir.syscalls.set)
		printf("%s: no syscalls section\n", path);
	ir_free(&ir);
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bpf_cost POLICY.pol|BLOB.polb...\n");
		return 2;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);
		bool blob = len > 5 && strcmp(argv[i] + len - 5, ".polb") == 0;
		if ((blob ? cost_blob(argv[i]) : cost_policy(argv[i])) < 0)
			status = 1;
	}
	return status;
}
