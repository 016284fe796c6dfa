/* Instructions per decision of a seccomp program, measured in the in-tree
 * interpreter over every syscall number of an arch's table (arguments 0):
 * shared by bench/bpf_cost and bench/docker_bpf_cost. */
#ifndef POL_BENCH_COST_H
#define POL_BENCH_COST_H

#include <stdio.h>

#include "bpf_interp.h"
#include "seccomp/seccomp_gen.h"
#include "vocab/vocab.h"

struct cost {
	unsigned long numbers, steps, worst, cached, known_steps, known;
};

static int cost_measure(const struct polb_bpf_insn *prog, size_t n, enum ir_arch arch,
			struct cost *c)
{
	uint32_t audit = arch_audit(arch);
	uint32_t base = (uint32_t)vocab_syscall_base(arch);
	uint32_t limit = (uint32_t)vocab_syscall_limit(arch);
	*c = (struct cost){ 0 };
	for (uint32_t nr = base; nr < limit; nr++) {
		struct seccomp_data d = bpf_data(audit, nr, NULL);
		uint32_t ret;
		unsigned steps;
		if (bpf_interp(prog, n, &d, &ret, &steps) < 0)
			return -1;
		c->numbers++;
		c->steps += steps;
		if (steps > c->worst)
			c->worst = steps;
		if (vocab_syscall_name(arch, (int)nr)) {
			c->known++;
			c->known_steps += steps;
		}
		if (arch != IR_ARCH_X32) /* the kernel's cache covers native and compat */
			c->cached += bpf_const_allow(prog, n, audit, nr);
	}
	return 0;
}

/* One line per arch the host runs; -1 if the program misbehaves. */
static int cost_report(const char *what, enum ir_arch host, const struct polb_bpf_insn *prog,
		       size_t n, const char *note)
{
	printf("%s: %s program, %zu instructions%s\n", what, arch_name(host), n, note);
	uint32_t runs = seccomp_host_runs(host);
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		struct cost c;
		if (!(runs & 1u << a))
			continue;
		if (cost_measure(prog, n, (enum ir_arch)a, &c) < 0) {
			fprintf(stderr, "%s: the program misbehaves on %s\n", what, arch_name(a));
			return -1;
		}
		printf("  %-8s %5lu numbers: avg %5.2f worst %3lu insns per decision "
		       "(named syscalls avg %5.2f); %lu decided by the action cache\n",
		       arch_name(a), c.numbers, (double)c.steps / (double)c.numbers, c.worst,
		       c.known ? (double)c.known_steps / (double)c.known : 0.0, c.cached);
	}
	return 0;
}

#endif
