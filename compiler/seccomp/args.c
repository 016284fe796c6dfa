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
#include <stdlib.h>

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
	return (uint32_t)(offsetof(struct seccomp_data, args) + sizeof(uint64_t) * arg +
			  (f->big_endian ? 4 : 0));
}

static uint32_t hi_off(unsigned arg, const struct sg_argfmt *f)
{
	return (uint32_t)(offsetof(struct seccomp_data, args) + sizeof(uint64_t) * arg +
			  (f->big_endian ? 0 : 4));
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

/* One conjunction and the return of the rule it belongs to, in rule order. */
struct entry {
	const struct ir_conj *conj;
	uint32_t ret;
};

/* A conjunction that is one plain `==` is a member of a set test with its
 * neighbours: same argument, same width, and (64-bit) same high word. */
static bool set_member(const struct entry *e)
{
	return e->conj->nterms == 1 && e->conj->terms[0].op == IR_CMP_EQ;
}

static bool same_set(const struct entry *a, const struct entry *b, const struct sg_argfmt *f)
{
	if (a->ret != b->ret || !set_member(a) || !set_member(b))
		return false;
	const struct ir_cmp_term *x = &a->conj->terms[0], *y = &b->conj->terms[0];
	bool low_x = x->low32 || f->words32, low_y = y->low32 || f->words32;
	return x->arg == y->arg && low_x == low_y && (low_x || x->value >> 32 == y->value >> 32);
}

/* arg in { e[0..n) values }: one load per word, then a chain of jeq:
 *   [ld hi; jeq H -> lo : no]  lo: ld lo; jeq v1 -> yes; jeq v2 -> yes; ... -> no */
static bpf_label set_test(struct bpf_emit *b, const struct entry *e, size_t n,
			  const struct sg_argfmt *f, bpf_label yes, bpf_label no)
{
	const struct ir_cmp_term *t0 = &e[0].conj->terms[0];
	bpf_label next = no;
	for (size_t k = n; k-- > 0;)
		next = bpf_jump(b, BPF_JEQ, (uint32_t)e[k].conj->terms[0].value, yes, next);
	bpf_label lo = bpf_ld_abs(b, lo_off(t0->arg, f));
	if (t0->low32 || f->words32)
		return lo;
	bpf_jump(b, BPF_JEQ, (uint32_t)(t0->value >> 32), lo, no);
	return bpf_ld_abs(b, hi_off(t0->arg, f));
}

/* A `ret v` to jump to: the block's last one with that value when a
 * conditional jump still reaches it, else a new one. */
struct ret_cache {
	uint32_t value[8];
	bpf_label at[8];
	size_t n;
};

static bpf_label ret_to(struct bpf_emit *b, struct ret_cache *c, uint32_t v)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->value[i] == v && bpf_near(b, c->at[i]))
			return c->at[i];
	bpf_label l = bpf_ret(b, v);
	size_t slot = c->n < 8 ? c->n++ : 7;
	c->value[slot] = v;
	c->at[slot] = l;
	return l;
}

static struct entry *flatten(const struct ir_rule *const *rules, size_t n, bool notify,
			     uint32_t *fallback, size_t *count)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += rules[i]->cond.nconj;
	struct entry *e = malloc((total ? total : 1) * sizeof *e);
	if (!e)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t ret = sg_ret_of(&rules[i]->act, notify);
		if (rules[i]->cond.nconj == 0) { /* unconditional: what follows is unreachable */
			*fallback = ret;
			break;
		}
		for (size_t c = 0; c < rules[i]->cond.nconj; c++)
			e[k++] = (struct entry){ &rules[i]->cond.conj[c], ret };
	}
	*count = k;
	return e;
}

bpf_label sg_emit_rules(struct bpf_emit *b, const struct ir_rule *const *rules, size_t n,
			uint32_t fallback, bool notify, const struct sg_argfmt *fmt)
{
	size_t ne = 0;
	struct entry *e = flatten(rules, n, notify, &fallback, &ne);
	struct ret_cache rc = { .n = 0 };
	bpf_label next = ret_to(b, &rc, fallback);
	if (!e) {
		b->failed = true;
		return next;
	}
	/* `uniform`: the one outcome of everything after entry i, while
	 * there is one; conjunctions that would give it anyway are dropped. */
	int64_t uniform = fallback;
	for (size_t i = ne; i > 0;) {
		const struct entry *cur = &e[i - 1];
		if (uniform == cur->ret) {
			i--;
			continue;
		}
		size_t start = i - 1;
		while (start > 0 && e[start - 1].ret == cur->ret)
			start--;
		bpf_label act = ret_to(b, &rc, cur->ret);
		/* entries start..i-1 share the return: runs of set members
		 * become one set test, the rest conjunction tests */
		for (size_t k = i; k > start;) {
			size_t first = k - 1;
			while (first > start && same_set(&e[first - 1], &e[k - 1], fmt))
				first--;
			if (k - first >= 2) {
				next = set_test(b, &e[first], k - first, fmt, act, next);
			} else {
				next = conj_test(b, e[k - 1].conj, fmt, act, next);
			}
			k = first;
		}
		uniform = -1;
		i = start;
	}
	free(e);
	return next;
}
