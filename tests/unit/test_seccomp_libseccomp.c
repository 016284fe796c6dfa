/* A second opinion: the shipped bases and the test policies compiled by
 * libseccomp 2.5.4 (tests/unit/scmp_from_ir.h) and by polc, both run in the
 * interpreter over every syscall number of x86_64, x86 and x32 with the
 * reference's argument vectors. Wherever libseccomp can express the policy
 * the two programs must decide alike. Left out, and counted: syscalls
 * libseccomp does not know (it cannot compile them for x86/x32, which is
 * why polc does not use it), rules it cannot express, and i386's socketcall
 * and ipc multiplexers, which libseccomp deliberately filters by their
 * first argument as well, and argument values whose high half libseccomp
 * compares where the kernel ignores it. */
#include <linux/audit.h>
#include <stdlib.h>

#include "scmp_from_ir.h"
#include "bpf_interp.h"
#include "seccomp/seccomp_gen.h"
#include "seccomp_policies.h"
#include "seccomp_ref.h"
#include "tap.h"

/* libseccomp's own table for that arch has the name (its x32 and x86
 * tables lag behind its x86_64 one). */
static bool libseccomp_knows(enum ir_arch a, const char *name)
{
	static const uint32_t token[] = { [IR_ARCH_X86_64] = SCMP_ARCH_X86_64,
					  [IR_ARCH_X86] = SCMP_ARCH_X86, [IR_ARCH_X32] = SCMP_ARCH_X32 };
	return name && seccomp_syscall_resolve_name_arch(token[a], name) >= 0;
}

static bool multiplexer(enum ir_arch arch, const char *name)
{
	return arch == IR_ARCH_X86 && name && (!strcmp(name, "socketcall") || !strcmp(name, "ipc"));
}

static bool same_action(const struct ir_action_spec *a, const struct ir_action_spec *b)
{
	return a->action == b->action && (a->action != IR_ACT_ERRNO || a->errno_value == b->errno_value);
}

/* libseccomp has no "conditional rules, then a different fallback": the
 * fallback would override them (scmp_from_ir.h drops it); nor two
 * comparisons of one argument in one rule. */
static bool expressible(const struct ir_syscalls *sc, const char *name)
{
	bool cond = false, fallback = false;
	for (size_t i = 0; name && i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		if (strcmp(r->syscall, name))
			continue;
		if (r->cond.nconj)
			cond = true;
		else if (!same_action(&r->act, &sc->default_action))
			fallback = true;
		/* one comparison per argument per rule: libseccomp refuses
		 * `domain != AF_ALG and domain != AF_VSOCK` in one rule */
		for (size_t c = 0; c < r->cond.nconj; c++) {
			const struct ir_conj *cj = &r->cond.conj[c];
			for (size_t t = 0; t < cj->nterms; t++)
				for (size_t u = t + 1; u < cj->nterms; u++)
					if (cj->terms[t].arg == cj->terms[u].arg)
						return false;
		}
	}
	return !(cond && fallback);
}

/* libseccomp compares 64 bits where the kernel reads 32 (domain != AF_VSOCK
 * with high bits set): only vectors with clear high halves on such terms. */
static bool vector_comparable(const struct ir_syscalls *sc, const char *name, const uint64_t *args)
{
	for (size_t i = 0; name && i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		if (strcmp(r->syscall, name))
			continue;
		for (size_t c = 0; c < r->cond.nconj; c++)
			for (size_t t = 0; t < r->cond.conj[c].nterms; t++) {
				const struct ir_cmp_term *term = &r->cond.conj[c].terms[t];
				if (term->low32 && term->op != IR_CMP_EQ && term->op != IR_CMP_MASKED_EQ &&
				    args[term->arg] >> 32)
					return false;
			}
	}
	return true;
}

static void compare(const struct test_policy *p)
{
	struct pol_ir ir;
	if (load_test_policy(p, &ir) < 0 || !(ir.syscalls.arches & 1u << IR_ARCH_X86_64)) {
		ir_free(&ir);
		return; /* other hosts: libseccomp here compiles for x86 only */
	}
	struct polb_bpf_insn *ours = NULL, *theirs = NULL;
	size_t n_ours = 0, n_theirs = 0;
	uint32_t flags;
	struct err e;
	struct scmp_stats st;
	if (seccomp_generate_opts(&ir, IR_ARCH_X86_64, SECCOMP_GEN_NO_NOTIFY, &ours, &n_ours, &flags, &e) < 0 ||
	    scmp_from_ir(&ir.syscalls, &theirs, &n_theirs, &st) < 0) {
		OK(0, "%s: both compile", p->name);
		goto out;
	}
	static uint64_t vecs[REF_MAX_VECS][6];
	unsigned long compared = 0, differ = 0, skipped = 0;
	char first[200] = "";
	for (enum ir_arch a = IR_ARCH_X86_64; a <= IR_ARCH_X32; a++) {
		uint32_t base = (uint32_t)vocab_syscall_base(a), limit = (uint32_t)vocab_syscall_limit(a);
		for (uint32_t nr = base; nr < limit; nr++) {
			const char *name = vocab_syscall_name(a, (int)nr);
			if ((name && !libseccomp_knows(a, name)) || multiplexer(a, name) ||
			    !expressible(&ir.syscalls, name)) {
				skipped++;
				continue;
			}
			size_t nv = ref_arg_vectors(&ir.syscalls, name, vecs);
			for (size_t v = 0; v < nv; v++) {
				if (!vector_comparable(&ir.syscalls, name, vecs[v]))
					continue;
				struct seccomp_data d = bpf_data(arch_audit(a), nr, vecs[v]);
				uint32_t r1 = 0, r2 = 0;
				unsigned s1, s2;
				int ok1 = bpf_interp(ours, n_ours, &d, &r1, &s1);
				int ok2 = bpf_interp(theirs, n_theirs, &d, &r2, &s2);
				compared++;
				if (ok1 < 0 || ok2 < 0 || r1 != r2) {
					if (!differ++)
						snprintf(first, sizeof first, "%s nr %#x (%s): polc %#x, libseccomp %#x",
							 arch_name(a), nr, name ?: "-", r1, r2);
				}
			}
		}
	}
	OK(differ == 0,
	   "%s: polc and libseccomp agree on %lu decisions (%lu numbers skipped: unknown to "
	   "libseccomp, multiplexed or not expressible; %zu rules on unknown syscalls, %zu not expressible)%s%s",
	   p->name, compared, skipped, st.unknown, st.dropped, differ ? ": first: " : "", first);
out:
	free(ours);
	free(theirs);
	ir_free(&ir);
}

int main(void)
{
	for (size_t i = 0; i < NTEST_POLICIES; i++)
		compare(&test_policies[i]);
	return TAP_DONE();
}
