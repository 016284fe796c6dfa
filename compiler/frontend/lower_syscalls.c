/* syscalls { default ACTION, arch ARCH..., ACTION NAME|@group... [if COND] }.
 *
 * Precedence (docs/language.md):
 *  - Within one file, a rule that names a syscall beats what a group says
 *    of it. Its conditional rules are kept in order and its unconditional
 *    rule (at most one action) is their fallback; two unconditional rules
 *    with different actions are an error naming both places.
 *  - When only groups speak of a syscall, the later group statement wins.
 *  - Across `use`, the later file's rules for a syscall replace all the
 *    earlier ones. So a file's rules are collected while it is applied and
 *    merged into the IR when it ends (fe_syscalls_file_done). */
#include "frontend/fe.h"

#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"

static const char *const action_words[] = {
	"kill_process", "kill_thread", "trap", "errno", "log", "allow",
};

/* ACTION [ERRNO]: returns the index of the first word after it, or -1. */
static int parse_action(struct fe_ctx *c, const struct ast_stmt *s, const struct ast_word *head,
			size_t next, struct ir_action_spec *act)
{
	int k = fe_keyword(c, head, "syscall action", action_words, 6);
	if (k < 0)
		return -1;
	act->action = (enum ir_action)k;
	act->errno_value = 0;
	if (k != IR_ACT_ERRNO)
		return (int)next;
	if (next >= s->args.n) {
		diag_error(c->d, fe_word_loc(head), "errno needs a value: 'errno EPERM ...'");
		return -1;
	}
	int e = fe_errno(c, s->args.v[next]);
	if (e < 0)
		return -1;
	act->errno_value = (uint16_t)e;
	return (int)next + 1;
}

static bool same_action(const struct ir_action_spec *a, const struct ir_action_spec *b)
{
	return a->action == b->action && a->errno_value == b->errno_value;
}

static void set_default(struct fe_ctx *c, const struct ast_stmt *s)
{
	struct ir_syscalls *sc = &c->ir->syscalls;
	if (fe_arity(c, s, 1, 2, "ACTION") < 0)
		return;
	struct ir_action_spec act;
	int used = parse_action(c, s, s->args.v[0], 1, &act);
	if (used < 0)
		return;
	if ((size_t)used < s->args.n) {
		diag_error(c->d, fe_word_loc(s->args.v[used]), "unexpected '%s' after the action",
			   s->args.v[used]->text);
		return;
	}
	struct ir_origin now = fe_origin(c, &s->loc);
	if (fe_same_file(&sc->default_at, &now) && !same_action(&sc->default_action, &act)) {
		fe_conflict(c, &s->loc, &sc->default_at, "the default action is set twice in this file");
		return;
	}
	sc->default_action = act;
	sc->default_at = now;
}

static void set_arch(struct fe_ctx *c, const struct ast_stmt *s)
{
	struct ir_syscalls *sc = &c->ir->syscalls;
	if (fe_arity(c, s, 1, SIZE_MAX, "ARCH...") < 0)
		return;
	uint32_t bits = 0;
	const char *names[IR_ARCH_COUNT + 1];
	for (int i = 0; i < IR_ARCH_COUNT; i++)
		names[i] = ir_arch_name((enum ir_arch)i);
	names[IR_ARCH_COUNT] = "native";
	for (size_t i = 0; i < s->args.n; i++) {
		const struct ast_word *w = s->args.v[i];
		int a = !strcmp(w->text, "native") ? (int)vocab_native_arch() : vocab_arch_from_name(w->text);
		if (a < 0 || a >= IR_ARCH_COUNT) {
			fe_unknown(c, w, "architecture", names, IR_ARCH_COUNT + 1);
			return;
		}
		bits |= 1u << a;
	}
	struct ir_origin now = fe_origin(c, &s->loc);
	if (fe_same_file(&sc->arch_at, &now) && sc->arches != bits) {
		fe_conflict(c, &s->loc, &sc->arch_at, "'arch' is set twice in this file");
		return;
	}
	sc->arches = bits;
	sc->arch_at = now;
}

static void add_rule(struct fe_ctx *c, const char *name, const struct ir_action_spec *act,
		     const struct ir_cond *cond, const struct pol_loc *loc, const char *group)
{
	/* one statement naming a syscall twice (through two groups): once */
	for (size_t i = 0; i < c->nrules; i++)
		if (c->rules[i].stmt_index == c->stmt_counter && !strcmp(c->rules[i].syscall, name))
			return;
	c->rules = fe_grow(c->rules, &c->nrules, sizeof(*c->rules));
	struct fe_rule *r = &c->rules[c->nrules - 1];
	r->syscall = fe_strdup(name);
	r->act = *act;
	if (cond)
		r->cond = *cond;
	r->at = fe_origin(c, loc);
	r->via_group = group ? ir_intern(c->ir, group) : NULL;
	r->stmt_index = c->stmt_counter;
}

static void rule_stmt(struct fe_ctx *c, const struct ast_stmt *s)
{
	struct ir_action_spec act;
	int first = parse_action(c, s, s->head, 0, &act);
	if (first < 0)
		return;
	if ((size_t)first >= s->args.n) {
		diag_error(c->d, fe_loc(&s->loc), "'%s' needs syscall names or @groups", ast_head(s));
		return;
	}
	c->stmt_counter++;
	for (size_t i = (size_t)first; i < s->args.n; i++) {
		const struct ast_word *w = s->args.v[i];
		if (w->text[0] == '@') {
			if (s->cond) {
				diag_error(c->d, fe_word_loc(w), "a condition applies to named syscalls, not to group %s",
					   w->text);
				continue;
			}
			size_t n;
			const struct ast_word **names = fe_group_expand(c, w, &n);
			for (size_t j = 0; names && j < n; j++)
				add_rule(c, names[j]->text, &act, NULL, &w->loc, w->text);
			free(names);
			continue;
		}
		if (!fe_syscall_known(c, w))
			continue;
		struct ir_cond cond = { 0 };
		if (s->cond && fe_lower_cond(c, w->text, s->cond, &cond) < 0)
			continue;
		add_rule(c, w->text, &act, s->cond ? &cond : NULL, &w->loc, NULL);
	}
}

void fe_lower_syscalls(struct fe_ctx *c, const struct ast_stmt *sec)
{
	c->ir->syscalls.set = true;
	for (size_t i = 0; i < sec->body->n; i++) {
		const struct ast_stmt *s = sec->body->v[i];
		const char *h = ast_head(s);
		fe_no_body(c, s);
		if (!strcmp(h, "default") || !strcmp(h, "arch")) {
			fe_no_cond(c, s);
			if (h[0] == 'd')
				set_default(c, s);
			else
				set_arch(c, s);
			continue;
		}
		rule_stmt(c, s);
	}
}

/* ---- end of a file: merge ---- */

static void drop_ir_rules(struct ir_syscalls *sc, const char *name)
{
	size_t keep = 0;
	for (size_t i = 0; i < sc->nrules; i++) {
		if (!strcmp(sc->rules[i].syscall, name)) {
			free(sc->rules[i].syscall);
			fe_cond_free(&sc->rules[i].cond);
		} else {
			sc->rules[keep++] = sc->rules[i];
		}
	}
	sc->nrules = keep;
}

static void push_ir_rule(struct ir_syscalls *sc, struct fe_rule *r)
{
	sc->rules = fe_grow(sc->rules, &sc->nrules, sizeof(*sc->rules));
	struct ir_rule *out = &sc->rules[sc->nrules - 1];
	out->syscall = fe_strdup(r->syscall);
	out->act = r->act;
	fe_cond_copy(&r->cond, &out->cond);
	out->at = r->at;
	out->via_group = r->via_group;
}

/* This file's rules for syscall `name` replace every earlier one. */
static void merge_syscall(struct fe_ctx *c, const char *name)
{
	struct fe_rule *fallback = NULL, *group_rule = NULL;
	bool direct = false;
	for (size_t i = 0; i < c->nrules; i++)
		if (!strcmp(c->rules[i].syscall, name) && !c->rules[i].via_group)
			direct = true;
	for (size_t i = 0; i < c->nrules; i++) {
		struct fe_rule *r = &c->rules[i];
		if (strcmp(r->syscall, name))
			continue;
		if (r->via_group) {
			if (!group_rule || r->stmt_index >= group_rule->stmt_index)
				group_rule = r;
			continue;
		}
		if (r->cond.nconj)
			continue;
		if (!fallback) {
			fallback = r;
		} else if (!same_action(&fallback->act, &r->act)) {
			diag_error(c->d, (struct diag_loc){ r->at.file, r->at.line, r->at.col, (int)strlen(name) },
				   "%s is both '%s' and '%s' in this file", name,
				   ir_action_name(fallback->act.action), ir_action_name(r->act.action));
			diag_note(c->d, (struct diag_loc){ fallback->at.file, fallback->at.line, fallback->at.col, 0 },
				  "the other rule is here");
		}
	}
	struct ir_syscalls *sc = &c->ir->syscalls;
	drop_ir_rules(sc, name);
	if (!direct) {
		push_ir_rule(sc, group_rule);
		return;
	}
	for (size_t i = 0; i < c->nrules; i++) {
		struct fe_rule *r = &c->rules[i];
		if (!strcmp(r->syscall, name) && !r->via_group && r->cond.nconj)
			push_ir_rule(sc, r);
	}
	if (fallback)
		push_ir_rule(sc, fallback);
}

void fe_syscalls_file_done(struct fe_ctx *c)
{
	for (size_t i = 0; i < c->nrules; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(c->rules[j].syscall, c->rules[i].syscall);
		if (!seen)
			merge_syscall(c, c->rules[i].syscall);
	}
}

void fe_rules_free(struct fe_ctx *c)
{
	for (size_t i = 0; i < c->nrules; i++) {
		free(c->rules[i].syscall);
		fe_cond_free(&c->rules[i].cond);
	}
	free(c->rules);
	c->rules = NULL;
	c->nrules = 0;
}
