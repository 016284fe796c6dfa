/* The reference meaning of a syscalls section, written straight from the
 * IR with no BPF in sight: what should happen to (arch, nr, args). The
 * seccomp tests compare the generated program (through the interpreter and
 * through the kernel) against it. Deliberately naive: a linear walk. */
#ifndef POL_TESTS_SECCOMP_REF_H
#define POL_TESTS_SECCOMP_REF_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ir.h"
#include "vocab/vocab.h"

static inline uint32_t ref_action(const struct ir_action_spec *a, bool notify)
{
	switch (a->action) {
	case IR_ACT_KILL_PROCESS: return notify ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_KILL_PROCESS;
	case IR_ACT_NOTIFY_KILL: return SECCOMP_RET_USER_NOTIF;
	case IR_ACT_KILL_THREAD: return SECCOMP_RET_KILL_THREAD;
	case IR_ACT_TRAP: return SECCOMP_RET_TRAP;
	case IR_ACT_ERRNO: return SECCOMP_RET_ERRNO | a->errno_value;
	case IR_ACT_LOG: return SECCOMP_RET_LOG;
	case IR_ACT_ALLOW: return SECCOMP_RET_ALLOW;
	}
	return 0xdeadbeef;
}

static inline bool ref_term(const struct ir_cmp_term *t, uint64_t arg, bool words32)
{
	uint64_t a = arg, v = t->value, m = t->mask;
	if (t->low32 || words32) {
		a &= 0xffffffffu;
		v &= 0xffffffffu;
		m &= 0xffffffffu;
	}
	switch (t->op) {
	case IR_CMP_EQ: return a == v;
	case IR_CMP_NE: return a != v;
	case IR_CMP_LT: return a < v;
	case IR_CMP_LE: return a <= v;
	case IR_CMP_GT: return a > v;
	case IR_CMP_GE: return a >= v;
	case IR_CMP_MASKED_EQ: return (a & m) == v;
	}
	return false;
}

static inline bool ref_cond(const struct ir_cond *c, const uint64_t args[6], bool words32)
{
	if (c->nconj == 0)
		return true;
	for (size_t i = 0; i < c->nconj; i++) {
		bool all = true;
		for (size_t j = 0; j < c->conj[i].nterms && all; j++)
			all = ref_term(&c->conj[i].terms[j], args[c->conj[i].terms[j].arg], words32);
		if (all)
			return true;
	}
	return false;
}

/* The decision for a call on `arch` (x32: nr with the bit), admitted or not. */
static inline uint32_t ref_decide(const struct ir_syscalls *sc, enum ir_arch arch, uint32_t nr,
			   const uint64_t args[6], bool notify)
{
	if (!(sc->arches & 1u << arch))
		return notify ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_KILL_PROCESS;
	const char *name = vocab_syscall_name(arch, (int)nr);
	bool words32 = arch == IR_ARCH_X86 || arch == IR_ARCH_ARM;
	for (size_t i = 0; name && i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		if (strcmp(r->syscall, name) == 0 && ref_cond(&r->cond, args, words32))
			return ref_action(&r->act, notify);
	}
	return ref_action(&sc->default_action, notify);
}

#define REF_MAX_VECS 64

/* Argument vectors that probe every term of every rule naming `name`:
 * each constant, its neighbours, and the same with high bits flipped. */
static inline size_t ref_arg_vectors(const struct ir_syscalls *sc, const char *name,
			  uint64_t vecs[REF_MAX_VECS][6])
{
	size_t n = 0;
	memset(vecs[n++], 0, sizeof vecs[0]);
	memset(vecs[n], 0xff, sizeof vecs[0]);
	n++;
	uint64_t all[6] = { 0 }; /* every term's value at once: satisfies EQ conjunctions */
	for (size_t i = 0; name && i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		if (strcmp(r->syscall, name) != 0)
			continue;
		for (size_t c = 0; c < r->cond.nconj; c++) {
			for (size_t t = 0; t < r->cond.conj[c].nterms; t++) {
				const struct ir_cmp_term *term = &r->cond.conj[c].terms[t];
				uint64_t v = term->value;
				uint64_t cands[] = { v, v - 1, v + 1, v | 0xffffffff00000000ull,
						     v ^ (1ull << 32), ~v, v | ~term->mask };
				all[term->arg] = v;
				for (size_t k = 0; k < sizeof cands / sizeof cands[0] && n + 1 < REF_MAX_VECS; k++) {
					memcpy(vecs[n], all, sizeof all);
					vecs[n][term->arg] = cands[k];
					n++;
				}
			}
			if (n < REF_MAX_VECS)
				memcpy(vecs[n++], all, sizeof all);
		}
	}
	return n;
}

#endif
