/* The cases on which a policy is compared with Docker's profile (or one
 * policy with another): every syscall number of x86_64, x86 and x32 (and a
 * few past each table) with zero arguments, then the argument cases
 * Docker's profile checks. Each case is decided by a reference decider
 * (case_docker: the profile's JSON) and by the policy's (the IR, or a
 * compiled BPF program); mismatches are counted and the first few printed
 * as TAP comments. */
#ifndef POL_TESTS_POLICIES_CASES_H
#define POL_TESTS_POLICIES_CASES_H

#include <linux/sched.h>
#include <stdio.h>

#include "policies_eval.h"
#include "vocab/vocab.h"

#define PAST_TABLE 16 /* numbers past each table's last syscall */

/* The policy's decision for one case. */
typedef struct decision (*case_decider)(const void *ctx, enum ir_arch arch, int nr,
					const char *name, const uint64_t argv[6]);

/* The reference: a Docker profile's JSON (ctx), decided with Docker's rules. */
static inline struct decision case_docker(const void *ctx, enum ir_arch arch, int nr, const char *name,
					  const uint64_t argv[6])
{
	(void)arch;
	(void)nr;
	return docker_decide((json_object *)ctx, name, argv);
}

/* A policy's IR (ctx), first matching rule. */
static inline struct decision case_ir(const void *ctx, enum ir_arch arch, int nr, const char *name,
				      const uint64_t argv[6])
{
	(void)arch;
	(void)nr;
	return ir_decide(ctx, name, argv);
}

struct case_pair {
	case_decider want, got;
	const void *want_ctx, *got_ctx;
};

struct case_stats {
	size_t nr_cases, nr_mismatch;
	size_t arg_cases, arg_mismatch;
};

static const enum ir_arch case_arches[] = { IR_ARCH_X86_64, IR_ARCH_X86, IR_ARCH_X32 };

/* Decide one case both ways; true when they agree. */
static inline bool case_agrees(const struct case_pair *cp, enum ir_arch arch, int nr, const char *name,
			       const uint64_t argv[6], size_t *mismatches)
{
	struct decision want = cp->want(cp->want_ctx, arch, nr, name, argv);
	struct decision got = cp->got(cp->got_ctx, arch, nr, name, argv);
	if (decision_eq(want, got))
		return true;
	if ((*mismatches)++ < 10) {
		char w[32], g[32];
		printf("# %s nr %d (%s) args %#llx %#llx: reference %s, policy %s\n", ir_arch_name(arch),
		       nr, name ? name : "-", (unsigned long long)argv[0], (unsigned long long)argv[1],
		       decision_str(want, w, sizeof(w)), decision_str(got, g, sizeof(g)));
	}
	return false;
}

static inline void arg_case(struct case_stats *st, const struct case_pair *cp, enum ir_arch arch,
			    const char *name, uint64_t a0, uint64_t a1)
{
	int nr = vocab_syscall_nr(arch, name);
	if (nr < 0)
		return; /* not on this architecture */
	const uint64_t argv[6] = { a0, a1, 0, 0, 0, 0 };
	st->arg_cases++;
	case_agrees(cp, arch, nr, name, argv, &st->arg_mismatch);
}

static inline void for_each_case(struct case_stats *st, const struct case_pair *cp)
{
	static const uint64_t personas[] = {
		0x0, 0x8, 0x20000, 0x20008, 0xffffffff, /* Docker's five */
		0x1, 0x0400000 /* READ_IMPLIES_EXEC */, 0x0040000 /* ADDR_NO_RANDOMIZE */,
		0x0200000 /* ADDR_COMPAT_LAYOUT */, 0x0400008, 0x10008, 0xfffffffe,
	};
	static const uint64_t ns_flags[] = {
		0, CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER,
		CLONE_NEWPID, CLONE_NEWNET, 0x80 /* CLONE_NEWTIME, in CSIGNAL's bits for clone */,
		0x7e020000 /* all of them */,
	};
	static const uint64_t clone_bases[] = {
		0x11, /* fork: SIGCHLD */
		0x3d0f00, /* pthread_create: VM FS FILES SIGHAND THREAD SYSVSEM SETTLS *TID */
	};
	const uint64_t zero[6] = { 0 };

	for (size_t a = 0; a < sizeof(case_arches) / sizeof(case_arches[0]); a++) {
		enum ir_arch arch = case_arches[a];
		int base = vocab_syscall_base(arch), limit = vocab_syscall_limit(arch);
		for (int nr = base; nr < limit + PAST_TABLE; nr++) {
			st->nr_cases++;
			case_agrees(cp, arch, nr, vocab_syscall_name(arch, nr), zero, &st->nr_mismatch);
		}
		for (uint64_t family = 0; family < 64; family++)
			arg_case(st, cp, arch, "socket", family, 1 /* SOCK_STREAM */);
		for (size_t i = 0; i < sizeof(personas) / sizeof(personas[0]); i++)
			arg_case(st, cp, arch, "personality", personas[i], 0);
		for (size_t b = 0; b < sizeof(clone_bases) / sizeof(clone_bases[0]); b++)
			for (size_t f = 0; f < sizeof(ns_flags) / sizeof(ns_flags[0]); f++)
				arg_case(st, cp, arch, "clone", clone_bases[b] | ns_flags[f], 0);
		for (size_t f = 0; f < sizeof(ns_flags) / sizeof(ns_flags[0]); f++)
			arg_case(st, cp, arch, "unshare", ns_flags[f], 0);
		arg_case(st, cp, arch, "clone3", 0, 0);
		arg_case(st, cp, arch, "clone3", 0x7fff0000, 88);
		arg_case(st, cp, arch, "ioctl", 0, 0x5412 /* TIOCSTI */);
	}
}

#endif
