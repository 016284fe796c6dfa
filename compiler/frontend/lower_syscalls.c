/* syscalls { default ACTION, arch ARCH..., ACTION NAME|@group... [if COND] }.
 *
 * Precedence (docs/language.md):
 *  - Within one file, a rule that names a syscall beats what a group says
 *    of it. Its conditional rules are kept in order and its unconditional
 *    rule (at most one action) is their fallback; two unconditional rules
 *    with different actions are an error naming both places.
 *  - When only groups speak of a syscall, the later group statement wins.
 *  - Across `use`, specificity before recency: a rule that names a syscall
 *    beats what any group says of it, whichever file each is in, so a
 *    later file's group cannot silently widen an earlier file's named rule
 *    (`use hardened` then `allow @network-io` keeps hardened's socket
 *    families). Between rules of the same kind the later file's replace
 *    all the earlier ones. So a file's rules are collected while it is
 *    applied and merged into the IR when it ends (fe_syscalls_file_done). */
#include "frontend/fe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"
#include "util/xalloc.h"


/* ACTION [ERRNO]: returns the index of the first word after it, or -1. */
static int parse_action(struct fe_ctx *c, const struct ast_stmt *s, const struct ast_word *head,
			size_t next, struct ir_action_spec *act)
{
	int k = fe_keyword(c, head, "syscall action", ir_action_names, IR_ACT_WRITABLE);
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
		names[i] = arch_name((enum ir_arch)i);
	names[IR_ARCH_COUNT] = "native";
	for (size_t i = 0; i < s->args.n; i++) {
		const struct ast_word *w = s->args.v[i];
		int a = !strcmp(w->text, "native") ? (int)ARCH_NATIVE : vocab_arch_from_name(w->text);
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
	size_t cases = cond ? cond->nconj : 0;
	if (c->nrules >= POL_MAX_RULES || c->ncases + cases > POL_MAX_TOTAL_CASES) {
		if (!c->rules_limit_said && c->nrules >= POL_MAX_RULES)
			diag_error(c->d, fe_loc(loc), "more than %d syscall rules (the rule limit)", POL_MAX_RULES);
		else if (!c->rules_limit_said)
			diag_error(c->d, fe_loc(loc), "conditions expand to more than %d cases in all (the limit)",
				   POL_MAX_TOTAL_CASES);
		c->rules_limit_said = true;
		if (cond) {
			struct ir_cond drop = *cond;
			fe_cond_free(&drop);
		}
		return;
	}
	c->ncases += cases;
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

/* ---- end of a file: merge ----
 * The file's rules are sorted by syscall name (then by their order) so
 * that each syscall's rules are handled together, and the IR's rules for
 * every syscall the file names are replaced in one pass: O(n log n), as the
 * standard groups name hundreds of syscalls. */

static int by_name_then_order(const void *a, const void *b)
{
	const struct fe_rule *const *x = a, *const *y = b;
	int r = strcmp((*x)->syscall, (*y)->syscall);
	return r ? r : (*x > *y) - (*x < *y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_first_position(const void *a, const void *b, void *first)
{
	const size_t *pos = first;
	size_t x = pos[*(const size_t *)a], y = pos[*(const size_t *)b];
	return (x > y) - (x < y);
}

/* The syscalls the IR already decides with a named rule, sorted: a later
 * file's group does not replace them. */
static const char **named_in_ir(const struct ir_syscalls *sc, size_t *n)
{
	const char **v = xcalloc(sc->nrules + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < sc->nrules; i++)
		if (!sc->rules[i].via_group)
			v[(*n)++] = sc->rules[i].syscall;
	qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

/* Drop every IR rule for a syscall in `names` (sorted). */
static void drop_ir_rules(struct ir_syscalls *sc, const char **names, size_t n)
{
	size_t keep = 0;
	for (size_t i = 0; i < sc->nrules; i++) {
		const char *key = sc->rules[i].syscall;
		if (bsearch(&key, names, n, sizeof(*names), cmp_str)) {
			free(sc->rules[i].syscall);
			fe_cond_free(&sc->rules[i].cond);
		} else {
			sc->rules[keep++] = sc->rules[i];
		}
	}
	sc->nrules = keep;
}

static void push_ir_rule(struct ir_syscalls *sc, const struct fe_rule *r)
{
	sc->rules = fe_grow(sc->rules, &sc->nrules, sizeof(*sc->rules));
	struct ir_rule *out = &sc->rules[sc->nrules - 1];
	out->syscall = fe_strdup(r->syscall);
	out->act = r->act;
	fe_cond_copy(&r->cond, &out->cond);
	out->at = r->at;
	out->via_group = r->via_group;
}

/* The effective rules of one syscall in this file, from its rules v[0..n)
 * in file order, appended to `out` (capacity n). */
static size_t decide(struct fe_ctx *c, struct fe_rule **v, size_t n, struct fe_rule **out)
{
	const struct fe_rule *fallback = NULL, *group_rule = NULL;
	bool direct = false;
	for (size_t i = 0; i < n; i++)
		direct |= !v[i]->via_group;
	size_t nout = 0;
	for (size_t i = 0; i < n; i++) {
		struct fe_rule *r = v[i];
		/* one statement naming a syscall twice (`allow read read`, two
		 * groups holding it): once. `allow @g read` with read in @g
		 * keeps both: the named one decides. */
		if (i && v[i - 1]->stmt_index == r->stmt_index && !v[i - 1]->via_group == !r->via_group)
			continue;
		if (r->via_group) {
			group_rule = r; /* the later group statement wins */
			continue;
		}
		if (r->cond.nconj) {
			out[nout++] = r;
			continue;
		}
		if (!fallback) {
			fallback = r;
		} else if (!same_action(&fallback->act, &r->act)) {
			diag_error(c->d, (struct diag_loc){ r->at.file, r->at.line, r->at.col, (int)strlen(r->syscall) },
				   "%s is both '%s' and '%s' in this file", r->syscall,
				   ir_action_name(fallback->act.action), ir_action_name(r->act.action));
			diag_note(c->d, (struct diag_loc){ fallback->at.file, fallback->at.line, fallback->at.col, 0 },
				  "the other rule is here");
		}
	}
	if (!direct) {
		out[0] = (struct fe_rule *)group_rule;
		return 1;
	}
	if (fallback)
		out[nout++] = (struct fe_rule *)fallback;
	return nout;
}

void fe_syscalls_file_done(struct fe_ctx *c)
{
	size_t n = c->nrules;
	if (!n)
		return;
	struct fe_rule **sorted = xcalloc(n, sizeof(*sorted));
	struct fe_rule **chosen = xcalloc(n, sizeof(*chosen));
	const char **names = xcalloc(n, sizeof(*names));
	size_t *first = xcalloc(n, sizeof(*first)); /* per name: its first rule's position */
	size_t *order = xcalloc(n, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		sorted[i] = &c->rules[i];
	qsort(sorted, n, sizeof(*sorted), by_name_then_order);

	/* runs of one name: [start of run k, ...] */
	size_t nnames = 0;
	size_t *run_start = order; /* reused below after the runs are known */
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(sorted[i]->syscall, sorted[i - 1]->syscall)) {
			names[nnames] = sorted[i]->syscall;
			first[nnames] = (size_t)(sorted[i] - c->rules);
			run_start[nnames++] = i;
		}
	struct ir_syscalls *sc = &c->ir->syscalls;

	/* decide each run; a run this file decides only through groups leaves
	 * an earlier file's named rule in place (run_len 0) */
	size_t *run_len = xcalloc(nnames, sizeof(*run_len));
	size_t *run_at = xcalloc(nnames, sizeof(*run_at));
	size_t *by_first = xcalloc(nnames, sizeof(*by_first));
	const char **replaced = xcalloc(nnames, sizeof(*replaced));
	size_t nnamed;
	const char **named = named_in_ir(sc, &nnamed);
	size_t nchosen = 0, nreplaced = 0;
	for (size_t k = 0; k < nnames; k++) {
		size_t end = k + 1 < nnames ? run_start[k + 1] : n;
		run_at[k] = nchosen;
		run_len[k] = decide(c, &sorted[run_start[k]], end - run_start[k], &chosen[nchosen]);
		by_first[k] = k;
		if (run_len[k] == 1 && chosen[nchosen]->via_group &&
		    bsearch(&names[k], named, nnamed, sizeof(*named), cmp_str)) {
			run_len[k] = 0;
			continue;
		}
		replaced[nreplaced++] = names[k]; /* names[] is sorted: so is this */
		nchosen += run_len[k];
	}
	free(named);
	drop_ir_rules(sc, replaced, nreplaced);
	free(replaced);
	qsort_r(by_first, nnames, sizeof(*by_first), by_first_position, first);
	for (size_t k = 0; k < nnames; k++) {
		size_t run = by_first[k];
		for (size_t j = 0; j < run_len[run]; j++)
			push_ir_rule(sc, chosen[run_at[run] + j]);
	}
	free(run_len);
	free(run_at);
	free(by_first);
	free(sorted);
	free(chosen);
	free(names);
	free(first);
	free(order);
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
