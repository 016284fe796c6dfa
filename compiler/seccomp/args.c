/* Argument conditions to BPF: one block per syscall that has conditional
 * rules. A condition is in DNF (ir_cond): the block tries each conjunction
 * of each rule in order; the first that holds returns its rule's action.
 *
 * Arguments are 64-bit in seccomp_data. A 64-bit comparison tests the high
 * word first and the low word only when the high words are equal; a term
 * marked low32 (the kernel reads that argument as a 32-bit int, e.g.
 * ioctl's request) and every term on a 32-bit arch look at the low word
 * only, so high bits a caller sets cannot dodge the test. Comparisons are
 * unsigned, as the kernel's registers are. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>

#include "seccomp/gen_int.h"

uint32_t sg_ret_of(const struct ir_action_spec *a, bool notify)
{
	switch (a->action) {
	case IR_ACT_KILL_PROCESS:
		return notify ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_KILL_PROCESS;
	case IR_ACT_NOTIFY_KILL:
		return SECCOMP_RET_USER_NOTIF;
	case IR_ACT_KILL_THREAD:
		return SECCOMP_RET_KILL_THREAD;
	case IR_ACT_TRAP:
		return SECCOMP_RET_TRAP;
	case IR_ACT_ERRNO:
		return SECCOMP_RET_ERRNO | (a->errno_value & SECCOMP_RET_DATA);
	case IR_ACT_LOG:
		return SECCOMP_RET_LOG;
	case IR_ACT_ALLOW:
		return SECCOMP_RET_ALLOW;
	}
	return SECCOMP_RET_KILL_PROCESS;
}

static uint32_t lo_off(unsigned arg, const struct sg_argfmt *f)
{
	return (uint32_t)(offsetof(struct seccomp_data, args) + 8 * arg + (f->big_endian ? 4 : 0));
}

static uint32_t hi_off(unsigned arg, const struct sg_argfmt *f)
{
	return (uint32_t)(offsetof(struct seccomp_data, args) + 8 * arg + (f->big_endian ? 0 : 4));
}

/* One word: A = word [& mask]; if (A op v) T else F. */
static bpf_label word_test(struct bpf_emit *b, uint32_t off, uint32_t mask, uint16_t op,
			   uint32_t v, bpf_label t, bpf_label f)
{
	bpf_label l = bpf_jump(b, op, v, t, f);
	if (l == t) /* T == F: nothing to test */
		return l;
	if (mask != UINT32_MAX)
		bpf_and(b, mask);
	return bpf_ld_abs(b, off);
}

/* (arg & mask) == value over 64 bits, or over the low word. */
static bpf_label eq_test(struct bpf_emit *b, const struct ir_cmp_term *t, bool low_only,
			 uint64_t mask, const struct sg_argfmt *f, bpf_label yes, bpf_label no)
{
	if (yes == no)
		return yes;
	uint64_t v = t->value & mask;
	if ((t->value & ~mask) != 0 && t->op == IR_CMP_MASKED_EQ)
		return no; /* bits outside the mask can never match */
	bpf_label lo = yes;
	if ((uint32_t)mask != 0)
		lo = word_test(b, lo_off(t->arg, f), (uint32_t)mask, BPF_JEQ, (uint32_t)v, yes, no);
	if (low_only || (mask >> 32) == 0)
		return lo;
	return word_test(b, hi_off(t->arg, f), (uint32_t)(mask >> 32), BPF_JEQ,
			 (uint32_t)(v >> 32), lo, no);
}

/* arg > value (strict) or arg >= value, unsigned. */
static bpf_label gt_test(struct bpf_emit *b, const struct ir_cmp_term *t, bool low_only,
			 bool or_equal, const struct sg_argfmt *f, bpf_label yes, bpf_label no)
{
	if (yes == no)
		return yes;
	uint16_t lo_op = or_equal ? BPF_JGE : BPF_JGT;
	bpf_label lo = word_test(b, lo_off(t->arg, f), UINT32_MAX, lo_op, (uint32_t)t->value, yes, no);
	if (low_only)
		return lo;
	uint32_t vhi = (uint32_t)(t->value >> 32);
	/* ld hi; jgt vhi -> yes; jeq vhi -> lo; no */
	bpf_label eq = bpf_jump(b, BPF_JEQ, vhi, lo, no);
	bpf_jump(b, BPF_JGT, vhi, yes, eq);
	return bpf_ld_abs(b, hi_off(t->arg, f));
}

static bpf_label term_test(struct bpf_emit *b, const struct ir_cmp_term *t,
			   const struct sg_argfmt *f, bpf_label yes, bpf_label no)
{
	bool low_only = t->low32 || f->words32;
	uint64_t full = low_only ? UINT32_MAX : UINT64_MAX;
	struct ir_cmp_term u = *t;
	if (low_only)
		u.value &= UINT32_MAX;
	switch (t->op) {
	case IR_CMP_EQ:
		return eq_test(b, &u, low_only, full, f, yes, no);
	case IR_CMP_NE:
		return eq_test(b, &u, low_only, full, f, no, yes);
	case IR_CMP_MASKED_EQ:
		return eq_test(b, &u, low_only, t->mask & full, f, yes, no);
	case IR_CMP_GT:
		return gt_test(b, &u, low_only, false, f, yes, no);
	case IR_CMP_GE:
		return gt_test(b, &u, low_only, true, f, yes, no);
	case IR_CMP_LT: /* !(arg >= v) */
		return gt_test(b, &u, low_only, true, f, no, yes);
	case IR_CMP_LE: /* !(arg > v) */
		return gt_test(b, &u, low_only, false, f, no, yes);
	}
	return no;
}

/* All terms hold -> yes; any fails -> no. Emitted last term first. */
static bpf_label conj_test(struct bpf_emit *b, const struct ir_conj *c,
			   const struct sg_argfmt *f, bpf_label yes, bpf_label no)
{
	bpf_label next = yes;
	for (size_t i = c->nterms; i-- > 0;)
		next = term_test(b, &c->terms[i], f, next, no);
	return next;
}

bpf_label sg_emit_rules(struct bpf_emit *b, const struct ir_rule *const *rules, size_t n,
			uint32_t fallback, bool notify, const struct sg_argfmt *fmt)
{
	bpf_label next = bpf_ret(b, fallback);
	for (size_t i = n; i-- > 0;) {
		const struct ir_rule *r = rules[i];
		uint32_t ret = sg_ret_of(&r->act, notify);
		if (r->cond.nconj == 0 || ret == fallback) {
			/* unconditional (the callers cut the list there), or a
			 * condition whose outcome equals what follows it */
			if (r->cond.nconj == 0) {
				next = bpf_ret(b, ret);
				fallback = ret;
			}
			continue;
		}
		bpf_label act = bpf_ret(b, ret);
		bpf_label no = next;
		for (size_t c = r->cond.nconj; c-- > 0;)
			no = conj_test(b, &r->cond.conj[c], fmt, act, no);
		next = no;
		fallback = (uint32_t)-1; /* rules before this one: outcome differs per case */
	}
	return next;
}
