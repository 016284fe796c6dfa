/* Syscall argument conditions to disjunctive normal form (struct ir_cond:
 * an OR of ANDs of comparisons). `in { a b }` becomes one conjunction per
 * element, `not in` one conjunction of `!=`; AND distributes over OR. The
 * expansion is bounded so that no policy can make the filter explode. */
#include "frontend/fe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"
#include "util/strbuf.h"


void fe_cond_free(struct ir_cond *cond)
{
	for (size_t i = 0; i < cond->nconj; i++)
		free(cond->conj[i].terms);
	free(cond->conj);
	cond->conj = NULL;
	cond->nconj = 0;
}

static int conj_append(struct ir_conj *to, const struct ir_conj *from)
{
	if (to->nterms + from->nterms > POL_MAX_CASE_TERMS)
		return -1;
	struct ir_cmp_term *t = realloc(to->terms, (to->nterms + from->nterms + 1) * sizeof(*t));
	if (!t)
		return -1;
	memcpy(t + to->nterms, from->terms, from->nterms * sizeof(*t));
	to->terms = t;
	to->nterms += from->nterms;
	return 0;
}

int fe_cond_copy(const struct ir_cond *from, struct ir_cond *to)
{
	memset(to, 0, sizeof(*to));
	if (!from->nconj)
		return 0;
	to->conj = calloc(from->nconj, sizeof(*to->conj));
	if (!to->conj)
		return -1;
	to->nconj = from->nconj;
	for (size_t i = 0; i < from->nconj; i++)
		if (conj_append(&to->conj[i], &from->conj[i]) < 0)
			return -1;
	return 0;
}

/* A condition of one conjunction holding one term. */
static int single(struct ir_cond *out, struct ir_cmp_term t)
{
	out->conj = calloc(1, sizeof(*out->conj));
	if (!out->conj)
		return -1;
	out->nconj = 1;
	out->conj[0].terms = malloc(sizeof(t));
	if (!out->conj[0].terms)
		return -1;
	out->conj[0].terms[0] = t;
	out->conj[0].nterms = 1;
	return 0;
}

struct arg_ref {
	int index;
	bool low32;
};

static bool arg_of(const char *syscall, const char *name, struct arg_ref *a)
{
	bool is32 = false;
	int i = vocab_syscall_arg(syscall, name, &is32);
	if (i < 0 && !strncmp(name, "arg", 3) && name[3] >= '0' && name[3] <= '5' && !name[4])
		i = name[3] - '0';
	if (i < 0 || i > 5)
		return false;
	a->index = i;
	a->low32 = is32;
	return true;
}

static void unknown_arg(struct fe_ctx *c, const char *syscall, const struct ast_word *w)
{
	size_t n = 0;
	const char *const *names = vocab_syscall_arg_names(syscall, &n);
	const char *near = names ? vocab_nearest(w->text, names, n) : NULL;
	struct strbuf known = STRBUF_INIT;
	for (size_t i = 0; names && i < n; i++)
		sb_printf(&known, "%s%s", i ? " " : "", names[i]);
	if (n)
		diag_emit(c->d, DIAG_ERROR, fe_word_loc(w), near,
			  "%s has no argument '%s' (its arguments: %s, or arg0..arg5)", syscall, w->text,
			  sb_str(&known));
	else
		diag_emit(c->d, DIAG_ERROR, fe_word_loc(w), near,
			  "'%s' is not an argument name: write arg0..arg5", w->text);
	sb_free(&known);
}

/* value: one or more constants joined by `|` */
static int value_of(struct fe_ctx *c, const struct ast_words *parts, uint64_t *out)
{
	*out = 0;
	for (size_t i = 0; i < parts->n; i++) {
		uint64_t v;
		if (fe_constant(c, parts->v[i], &v) < 0)
			return -1;
		*out |= v;
	}
	return 0;
}

static int lower_cmp(struct fe_ctx *c, const char *syscall, const struct ast_cond *a,
		     struct ir_cond *out)
{
	struct arg_ref arg;
	const struct ast_word *mask_word = NULL;
	if (arg_of(syscall, a->lhs->text, &arg)) {
		mask_word = a->mask;
	} else if (a->mask && arg_of(syscall, a->mask->text, &arg)) {
		mask_word = a->lhs; /* MASK & arg == V */
	} else {
		unknown_arg(c, syscall, a->lhs);
		return -1;
	}
	uint64_t value, mask = 0;
	if (value_of(c, &a->value, &value) < 0)
		return -1;
	if (mask_word && fe_constant(c, mask_word, &mask) < 0)
		return -1;
	struct ir_cmp_term t = { .arg = (uint8_t)arg.index, .value = value, .low32 = arg.low32 };
	if (!mask_word) {
		static const enum ir_cmp ops[] = {
			[AST_OP_EQ] = IR_CMP_EQ, [AST_OP_NE] = IR_CMP_NE, [AST_OP_LT] = IR_CMP_LT,
			[AST_OP_LE] = IR_CMP_LE, [AST_OP_GT] = IR_CMP_GT, [AST_OP_GE] = IR_CMP_GE,
		};
		t.op = ops[a->op];
		return single(out, t);
	}
	t.op = IR_CMP_MASKED_EQ;
	t.mask = mask;
	if ((value & ~mask) != 0) {
		diag_error(c->d, fe_loc(&a->loc), "the value has bits outside the mask: this test is never true");
		return -1;
	}
	if (a->op == AST_OP_NE) {
		/* (x & m) != v is (x & m) == m^v when m has a single bit */
		if (mask == 0 || (mask & (mask - 1))) {
			diag_error(c->d, fe_loc(&a->op_loc),
				   "'!=' after a mask needs a single-bit mask; write the cases with '==' and 'or'");
			return -1;
		}
		t.value = value ^ mask;
	} else if (a->op != AST_OP_EQ) {
		diag_error(c->d, fe_loc(&a->op_loc), "a masked test compares with '==' or '!='");
		return -1;
	}
	return single(out, t);
}

static int lower_in(struct fe_ctx *c, const char *syscall, const struct ast_cond *a,
		    struct ir_cond *out)
{
	struct arg_ref arg;
	if (!arg_of(syscall, a->lhs->text, &arg)) {
		unknown_arg(c, syscall, a->lhs);
		return -1;
	}
	if (!a->set.n) {
		diag_error(c->d, fe_loc(&a->loc), "'in { }' needs at least one value");
		return -1;
	}
	if (a->set.n > POL_MAX_CASES) {
		diag_error(c->d, fe_loc(&a->loc), "more than %d values in one set", POL_MAX_CASES);
		return -1;
	}
	size_t n = a->negate ? 1 : a->set.n;
	out->conj = calloc(n, sizeof(*out->conj));
	if (!out->conj)
		return -1;
	out->nconj = n;
	for (size_t i = 0; i < a->set.n; i++) {
		uint64_t v;
		if (fe_constant(c, a->set.v[i], &v) < 0)
			return -1;
		struct ir_cmp_term t = { .arg = (uint8_t)arg.index, .op = a->negate ? IR_CMP_NE : IR_CMP_EQ,
					 .value = v, .low32 = arg.low32 };
		struct ir_conj one = { &t, 1 };
		if (conj_append(&out->conj[a->negate ? 0 : i], &one) < 0) {
			diag_error(c->d, fe_loc(&a->loc), "more than %d tests in one conjunction", POL_MAX_CASE_TERMS);
			return -1;
		}
	}
	return 0;
}

static int lower(struct fe_ctx *c, const char *syscall, const struct ast_cond *a,
		 struct ir_cond *out);

static int lower_or(struct fe_ctx *c, const char *syscall, const struct ast_cond *a,
		    struct ir_cond *out)
{
	struct ir_cond l = { 0 }, r = { 0 };
	int rc = -1;
	if (lower(c, syscall, a->left, &l) < 0 || lower(c, syscall, a->right, &r) < 0)
		goto done;
	if (l.nconj + r.nconj > POL_MAX_CASES) {
		diag_error(c->d, fe_loc(&a->loc), "condition expands to more than %d cases", POL_MAX_CASES);
		goto done;
	}
	out->conj = calloc(l.nconj + r.nconj, sizeof(*out->conj));
	if (!out->conj)
		goto done;
	memcpy(out->conj, l.conj, l.nconj * sizeof(*l.conj));
	memcpy(out->conj + l.nconj, r.conj, r.nconj * sizeof(*r.conj));
	out->nconj = l.nconj + r.nconj;
	free(l.conj);
	free(r.conj);
	return 0;
done:
	fe_cond_free(&l);
	fe_cond_free(&r);
	return rc;
}

static int lower_and(struct fe_ctx *c, const char *syscall, const struct ast_cond *a,
		     struct ir_cond *out)
{
	struct ir_cond l = { 0 }, r = { 0 };
	int rc = -1;
	if (lower(c, syscall, a->left, &l) < 0 || lower(c, syscall, a->right, &r) < 0)
		goto done;
	if (l.nconj * r.nconj > POL_MAX_CASES) {
		diag_error(c->d, fe_loc(&a->loc), "condition expands to more than %d cases", POL_MAX_CASES);
		goto done;
	}
	out->conj = calloc(l.nconj * r.nconj + 1, sizeof(*out->conj));
	if (!out->conj)
		goto done;
	out->nconj = l.nconj * r.nconj;
	for (size_t i = 0; i < l.nconj; i++)
		for (size_t j = 0; j < r.nconj; j++) {
			struct ir_conj *dst = &out->conj[i * r.nconj + j];
			if (conj_append(dst, &l.conj[i]) < 0 || conj_append(dst, &r.conj[j]) < 0) {
				diag_error(c->d, fe_loc(&a->loc), "more than %d tests in one case", POL_MAX_CASE_TERMS);
				goto done;
			}
		}
	rc = 0;
done:
	fe_cond_free(&l);
	fe_cond_free(&r);
	return rc;
}

static int lower(struct fe_ctx *c, const char *syscall, const struct ast_cond *a,
		 struct ir_cond *out)
{
	memset(out, 0, sizeof(*out));
	int r;
	switch (a->kind) {
	case AST_COND_OR: r = lower_or(c, syscall, a, out); break;
	case AST_COND_AND: r = lower_and(c, syscall, a, out); break;
	case AST_COND_IN: r = lower_in(c, syscall, a, out); break;
	default: r = lower_cmp(c, syscall, a, out); break;
	}
	if (r < 0)
		fe_cond_free(out);
	return r;
}

int fe_lower_cond(struct fe_ctx *c, const char *syscall, const struct ast_cond *cond,
		  struct ir_cond *out)
{
	return lower(c, syscall, cond, out);
}
