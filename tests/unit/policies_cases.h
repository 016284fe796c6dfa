/* The cases on which a policy is compared with Docker's profile (or one
 * policy with another): every syscall number of x86_64, x86 and x32 (and a
 * few past each table) with zero arguments, then the argument cases
 * Docker's profile checks. Each case is decided by a reference decider
 * (case_docker: the profile's JSON) and by the policy's (the IR, or a
 * compiled BPF program); mismatches are counted and the first few printed
 * as TAP comments.
 *
 * A comparison may name deliberate differences (struct case_diff): on those
 * cases the policy must decide what the difference says AND the reference
 * must decide otherwise, so the difference is asserted, never skipped, and
 * it is the only case where the two may part. */
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

/* A deliberate difference: syscall NAME with first argument ARG0, on every
 * architecture that has it, is decided DECISION by the policy where the
 * reference decides otherwise. */
struct case_diff {
	const char *name;
	uint64_t arg0;
	struct decision decision;
};

/* default.pol's deliberate syscall difference from Docker's profile: i386
 * socketcall(SYS_SOCKET) is refused with the default EPERM (Docker allows
 * socketcall without a condition, and its socket family is out of the
 * filter's sight; tests/escape/FINDINGS.md). */
static const struct case_diff default_pol_diffs[] = {
	{ "socketcall", 1 /* SYS_SOCKET */, { IR_ACT_ERRNO, 1 /* EPERM */ } },
};
#define DEFAULT_POL_NDIFFS (sizeof(default_pol_diffs) / sizeof(default_pol_diffs[0]))

struct case_pair {
	case_decider want, got;
	const void *want_ctx, *got_ctx;
	const struct case_diff *diffs; /* NULL: exact parity */
	size_t ndiffs;
};

struct case_stats {
	size_t nr_cases, nr_mismatch;
	size_t arg_cases, arg_mismatch;
	size_t diff_cases, diff_mismatch; /* cases of cp->diffs, and those not as the diff says */
};

static const enum ir_arch case_arches[] = { IR_ARCH_X86_64, IR_ARCH_X86, IR_ARCH_X32 };

/* The deliberate difference this case falls under, or NULL. */
static inline const struct case_diff *case_diff_of(const struct case_pair *cp, const char *name,
						   const uint64_t argv[6])
{
	for (size_t i = 0; name && i < cp->ndiffs; i++)
		if (!strcmp(cp->diffs[i].name, name) && cp->diffs[i].arg0 == argv[0])
			return &cp->diffs[i];
	return NULL;
}

/* Decide one case both ways; true when they agree, or, on a deliberate
 * difference, when the policy decides as the difference says and the
 * reference does not (counted in st->diff_*, not in *mismatches). */
static inline bool case_agrees(struct case_stats *st, const struct case_pair *cp, enum ir_arch arch,
			       int nr, const char *name, const uint64_t argv[6], size_t *mismatches)
{
	struct decision want = cp->want(cp->want_ctx, arch, nr, name, argv);
	struct decision got = cp->got(cp->got_ctx, arch, nr, name, argv);
	const struct case_diff *diff = case_diff_of(cp, name, argv);
	if (diff) {
		st->diff_cases++;
		mismatches = &st->diff_mismatch;
		if (decision_eq(got, diff->decision) && !decision_eq(want, got))
			return true;
	} else if (decision_eq(want, got)) {
		return true;
	}
	if ((*mismatches)++ < 10) {
		char w[32], g[32];
		printf("# %s nr %d (%s) args %#llx %#llx: reference %s, policy %s%s\n", arch_name(arch),
		       nr, name ? name : "-", (unsigned long long)argv[0], (unsigned long long)argv[1],
		       decision_str(want, w, sizeof(w)), decision_str(got, g, sizeof(g)),
		       diff ? " (a deliberate difference: the policy must differ, as listed)" : "");
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
	case_agrees(st, cp, arch, nr, name, argv, &st->arg_mismatch);
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
			case_agrees(st, cp, arch, nr, vocab_syscall_name(arch, nr), zero, &st->nr_mismatch);
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
		/* i386 socketcall: every call number, SYS_SOCKET (1) to
		 * SYS_SENDMMSG (20), and 0 and 21 around them */
		for (uint64_t call = 0; call <= 21; call++)
			arg_case(st, cp, arch, "socketcall", call, 0);
	}
}

#endif
