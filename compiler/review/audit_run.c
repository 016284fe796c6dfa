/* Running the table of audit_checks.c on one policy (see audit.h): the
 * one place that decides which risks a policy has, for `polc audit` and
 * `polc check` alike. */
#include <stdlib.h>

#include "arch.h"
#include "audit.h"
#include "seccomp/seccomp_gen.h"
#include "util/xalloc.h"

/* The machine polc runs on, unless the policy is for another one: then
 * the first host that runs an architecture it lists. */
static enum ir_arch audit_host(const struct pol_ir *ir)
{
	enum ir_arch native = ARCH_NATIVE;
	uint32_t hosts = seccomp_host_arches(&ir->syscalls);
	if (!ir->syscalls.set || (seccomp_host_runs(native) & ir->syscalls.arches) || !hosts)
		return native;
	return (enum ir_arch)__builtin_ctz(hosts);
}

int audit_run_policy(const struct pol_ir *ir, struct audit_run *run, struct err *e)
{
	struct audit_ctx c = { .ir = ir };
	*run = (struct audit_run){ 0 };
	if (review_sc_build(ir, audit_host(ir), &c.sc, e) < 0)
		return -1;
	size_t n = 0;
	unsigned total = 0, failed = 0;
	while (audit_checks[n].id)
		n++;
	run->f = xcalloc(n ? n : 1, sizeof *run->f);
	run->n = n;
	for (size_t i = 0; i < n; i++) {
		struct audit_finding *f = &run->f[i];
		f->check = &audit_checks[i];
		f->failed = f->check->fails(&c, &f->res);
		total += f->check->weight;
		if (f->failed) {
			failed += f->check->weight;
			run->by_severity[f->check->severity]++;
		}
	}
	run->score = total ? (failed * 100 + total / 2) / total : 0;
	review_sc_free(&c.sc);
	return 0;
}

void audit_run_free(struct audit_run *run)
{
	free(run->f);
	*run = (struct audit_run){ 0 };
}
