/* Every test policy, compiled for every host it needs, run through the
 * in-tree BPF interpreter over every syscall number of every architecture
 * that host can execute (admitted or not), with argument vectors built
 * around each condition's constants; each decision must equal the
 * reference meaning (seccomp_ref.h). Also: what the kernel's action cache
 * concludes (every unconditional allow cached, nothing else), and the
 * instruction counts per decision. */
#include <stdlib.h>

#include "polb_reader.h"
#include "bpf_interp.h"
#include "seccomp/seccomp_gen.h"
#include "seccomp_policies.h"
#include "seccomp_ref.h"
#include "tap.h"

/* Allowed whatever the arguments: every conditional rule before the first
 * unconditional one (or the default) allows, and so does that fallback. */
static bool always_allowed(const struct ir_syscalls *sc, const char *name)
{
	if (!name)
		return sc->default_action.action == IR_ACT_ALLOW;
	for (size_t i = 0; i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		if (strcmp(r->syscall, name) != 0)
			continue;
		if (r->act.action != IR_ACT_ALLOW)
			return false;
		if (r->cond.nconj == 0)
			return true;
	}
	return sc->default_action.action == IR_ACT_ALLOW;
}

struct tally {
	unsigned long decisions, numbers, mismatches, steps, worst, cache_wrong, cached;
	char first_bad[160];
};

static void sweep_arch(const struct ir_syscalls *sc, const struct polb_bpf_insn *prog, size_t n,
		       enum ir_arch arch, bool notify, struct tally *t)
{
	uint32_t audit = arch_audit(arch);
	uint32_t base = (uint32_t)vocab_syscall_base(arch);
	uint32_t limit = (uint32_t)vocab_syscall_limit(arch) + 64;
	static uint64_t vecs[REF_MAX_VECS][6];
	for (uint32_t nr = base; nr <= limit; nr++) {
		uint32_t real_nr = nr == limit ? base + 0x3fffffffu : nr; /* one far-out number */
		const char *name = vocab_syscall_name(arch, (int)real_nr);
		size_t nv = ref_arg_vectors(sc, name, vecs);
		for (size_t v = 0; v < nv; v++) {
			struct seccomp_data d = bpf_data(audit, real_nr, vecs[v]);
			uint32_t got = 0;
			unsigned steps = 0;
			uint32_t want = ref_decide(sc, arch, real_nr, vecs[v], notify);
			int r = bpf_interp(prog, n, &d, &got, &steps);
			t->decisions++;
			if (v == 0) {
				t->numbers++;
				t->steps += steps;
				if (steps > t->worst)
					t->worst = steps;
			}
			if (r < 0 || got != want) {
				if (!t->mismatches++)
					snprintf(t->first_bad, sizeof t->first_bad,
						 "%s nr %u (%s) args[0..1] %#llx %#llx: got %#x want %#x",
						 arch_name(arch), real_nr, name ? name : "-",
						 (unsigned long long)vecs[v][0], (unsigned long long)vecs[v][1],
						 got, want);
			}
		}
		/* The action cache covers native and compat numbers, not x32. */
		if (arch != IR_ARCH_X32 && nr < limit) {
			bool cached = bpf_const_allow(prog, n, audit, nr);
			bool want = (sc->arches & 1u << arch) && always_allowed(sc, name);
			t->cached += cached;
			if (cached != want && !t->cache_wrong++ && !t->mismatches)
				snprintf(t->first_bad, sizeof t->first_bad, "cache: %s nr %u (%s): %d want %d",
					 arch_name(arch), nr, name ? name : "-", cached, want);
		}
	}
}

static void check_policy(const struct test_policy *p)
{
	struct pol_ir ir;
	if (load_test_policy(p, &ir) < 0) {
		OK(0, "%s loads", p->name);
		ir_free(&ir);
		return;
	}
	uint32_t hosts = seccomp_host_arches(&ir.syscalls);
	OK(hosts != 0, "%s: needs %#x hosts", p->name, hosts);
	for (int h = 0; h < IR_ARCH_COUNT; h++) {
		if (!(hosts & 1u << h))
			continue;
		for (int mode = 0; mode < 2; mode++) {
			struct polb_bpf_insn *prog = NULL;
			size_t n = 0;
			uint32_t flags = 0;
			struct err e;
			uint32_t opts = mode ? 0 : SECCOMP_GEN_NO_NOTIFY;
			int r = seccomp_generate_opts(&ir, (enum ir_arch)h, opts, &prog, &n, &flags, &e);
			if (r < 0) {
				char buf[600];
				OK(0, "%s: generate for %s: %s", p->name, arch_name(h),
				   err_format(&e, buf, sizeof buf));
				continue;
			}
			bool notify = flags & POLB_SECCOMP_NOTIFY;
			OK(polb_check_bpf(prog, n, &e) == 0, "%s/%s: %zu insns pass polb_check_bpf",
			   p->name, arch_name(h), n);
			struct tally t = { 0 };
			uint32_t runs = seccomp_host_runs((enum ir_arch)h);
			for (int a = 0; a < IR_ARCH_COUNT; a++)
				if (runs & 1u << a)
					sweep_arch(&ir.syscalls, prog, n, (enum ir_arch)a, notify, &t);
			OK(t.mismatches == 0 && t.cache_wrong == 0,
			   "%s/%s%s: %lu decisions equal the reference, %lu numbers cached (avg %.1f, worst %lu insns)%s%s",
			   p->name, arch_name(h), notify ? " notify" : "", t.decisions, t.cached,
			   t.numbers ? (double)t.steps / (double)t.numbers : 0.0,
			   t.worst, t.mismatches || t.cache_wrong ? ": first: " : "",
			   t.mismatches || t.cache_wrong ? t.first_bad : "");
			free(prog);
		}
	}
	ir_free(&ir);
}

/* bench/run.sh's 1000-rule policy: every x86_64 syscall three times with
 * `if arg0 == i`. Big enough that jumps need trampolines and returns
 * cannot all be shared. */
static void check_big_policy(void)
{
	size_t cap = 64 * 1024, len = 0;
	char *text = malloc(cap);
	if (!text)
		return;
	len += (size_t)snprintf(text + len, cap - len, "policy big\nsyscalls {\n  default kill_process\n"
				"  arch native\n");
	int limit = vocab_syscall_limit(IR_ARCH_X86_64), i = 0;
	for (int round = 0; round < 3 && i < 1000; round++)
		for (int nr = 0; nr < limit && i < 1000; nr++) {
			const char *name = vocab_syscall_name(IR_ARCH_X86_64, nr);
			if (name && len + 128 < cap)
				len += (size_t)snprintf(text + len, cap - len, "  allow %s if arg0 == %d\n", name, i++);
		}
	snprintf(text + len, cap - len, "}\n");
	struct test_policy p = { "1000-rule", text, NULL };
	check_policy(&p);
	free(text);
}

int main(void)
{
	for (size_t i = 0; i < NTEST_POLICIES; i++)
		check_policy(&test_policies[i]);
	check_big_policy();
	return TAP_DONE();
}
