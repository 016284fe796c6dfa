/* polc diff: syscalls. Decisions, not text: both filters are compiled for
 * every host architecture either policy names and run in the in-tree
 * interpreter over every syscall number of every arch that host runs, each
 * with a set of argument values taken from both policies' conditions (each
 * compared value, its neighbours, each bit of a mask). A syscall is "now
 * allowed" when some argument values that were refused now get through,
 * "now denied" the other way round. Syscalls that change the same way from
 * the same line are listed on one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "review_sc.h"
#include "seccomp/seccomp_gen.h"
#include "text/pol_print.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

#define MAX_CANDIDATES 48 /* values tried per argument */
#define MAX_VECTORS 4096  /* argument vectors tried per syscall */

struct candidates {
	uint64_t v[6][MAX_CANDIDATES];
	size_t n[6];
};

static void cand_add(struct candidates *c, unsigned arg, uint64_t v)
{
	if (arg >= 6)
		return;
	for (size_t i = 0; i < c->n[arg]; i++)
		if (c->v[arg][i] == v)
			return;
	if (c->n[arg] < MAX_CANDIDATES)
		c->v[arg][c->n[arg]++] = v;
}

static void cand_from_term(struct candidates *c, const struct ir_cmp_term *t)
{
	cand_add(c, t->arg, t->value);
	cand_add(c, t->arg, t->value + 1);
	cand_add(c, t->arg, t->value - 1);
	if (t->op != IR_CMP_MASKED_EQ)
		return;
	cand_add(c, t->arg, t->mask);
	for (int b = 0; b < 64; b++)
		if (t->mask >> b & 1)
			cand_add(c, t->arg, t->value ^ (1ull << b));
}

static void cand_from_ir(struct candidates *c, const struct pol_ir *ir, const char *name)
{
	for (size_t i = 0; i < ir->syscalls.nrules; i++) {
		const struct ir_rule *rule = &ir->syscalls.rules[i];
		if (strcmp(rule->syscall, name))
			continue;
		for (size_t j = 0; j < rule->cond.nconj; j++)
			for (size_t k = 0; k < rule->cond.conj[j].nterms; k++)
				cand_from_term(c, &rule->cond.conj[j].terms[k]);
	}
}

/* Every combination when there are few; else one argument at a time. */
static size_t vectors(const struct candidates *c, uint64_t (*out)[6], size_t max)
{
	size_t product = 1;
	for (int a = 0; a < 6; a++) {
		size_t na = c->n[a] ? c->n[a] : 1;
		product = product > max / na ? max + 1 : product * na;
	}
	size_t n = 0;
	if (product <= max) {
		for (size_t i = 0; i < product; i++, n++) {
			size_t rest = i;
			for (int a = 0; a < 6; a++) {
				size_t na = c->n[a] ? c->n[a] : 1;
				out[n][a] = c->n[a] ? c->v[a][rest % na] : 0;
				rest /= na;
			}
		}
		return n;
	}
	memset(out[n++], 0, sizeof out[0]);
	for (int a = 0; a < 6; a++)
		for (size_t i = 0; i < c->n[a] && n < max; i++, n++) {
			memset(out[n], 0, sizeof out[0]);
			out[n][a] = c->v[a][i];
		}
	return n;
}

/* ---- which line decides ------------------------------------------------ */

static bool term_holds(const struct ir_cmp_term *t, const uint64_t args[6])
{
	uint64_t v = args[t->arg], want = t->value, mask = t->mask;
	if (t->low32) {
		v &= 0xffffffffu;
		want &= 0xffffffffu;
		mask &= 0xffffffffu;
	}
	switch (t->op) {
	case IR_CMP_EQ: return v == want;
	case IR_CMP_NE: return v != want;
	case IR_CMP_LT: return v < want;
	case IR_CMP_LE: return v <= want;
	case IR_CMP_GT: return v > want;
	case IR_CMP_GE: return v >= want;
	case IR_CMP_MASKED_EQ: return (v & mask) == want;
	}
	return false;
}

static bool cond_holds(const struct ir_cond *c, const uint64_t args[6])
{
	if (!c->nconj)
		return true;
	for (size_t i = 0; i < c->nconj; i++) {
		bool all = true;
		for (size_t j = 0; j < c->conj[i].nterms && all; j++)
			all = term_holds(&c->conj[i].terms[j], args);
		if (all)
			return true;
	}
	return false;
}

/* The rule that decides (name, args), or NULL: the default decides. */
static const struct ir_rule *deciding_rule(const struct pol_ir *ir, const char *name,
					   const uint64_t args[6])
{
	for (size_t i = 0; i < ir->syscalls.nrules; i++) {
		const struct ir_rule *rule = &ir->syscalls.rules[i];
		if (!strcmp(rule->syscall, name) && cond_holds(&rule->cond, args))
			return rule;
	}
	return NULL;
}

static struct ir_origin decided_at(const struct pol_ir *ir, const char *name, const uint64_t args[6])
{
	const struct ir_rule *rule = deciding_rule(ir, name, args);
	return rule ? rule->at : ir->syscalls.default_at;
}

static bool names_rules(const struct pol_ir *ir, const char *name)
{
	for (size_t i = 0; i < ir->syscalls.nrules; i++)
		if (!strcmp(ir->syscalls.rules[i].syscall, name))
			return true;
	return false;
}

/* "allow if X; errno EAFNOSUPPORT if Y; else errno EPERM" */
static void rules_text(const struct pol_ir *ir, const char *name, struct strbuf *b)
{
	for (size_t i = 0; i < ir->syscalls.nrules; i++) {
		const struct ir_rule *rule = &ir->syscalls.rules[i];
		if (strcmp(rule->syscall, name))
			continue;
		sb_puts(b, b->len ? "; " : "");
		pol_put_action(b, &rule->act);
		if (rule->cond.nconj) {
			sb_puts(b, " if ");
			pol_put_cond(b, name, &rule->cond);
		}
	}
	sb_puts(b, b->len ? "; else " : "else ");
	pol_put_action(b, &ir->syscalls.default_action);
}

/* ---- per syscall -------------------------------------------------------- */

struct sc_change {
	char *detail; /* grouping key with dir and at */
	enum diff_dir dir;
	struct ir_origin at;
	const char *name;
	uint32_t arches;
};

struct sc_changes {
	struct sc_change *v;
	size_t n, cap;
	size_t follow_default; /* refused differently only because the default changed */
};

static bool same_origin(const struct ir_origin *a, const struct ir_origin *b)
{
	return a->line == b->line && a->col == b->col &&
	       (a->file == b->file || (a->file && b->file && !strcmp(a->file, b->file)));
}

/* Record one change; merge with the same change of the same syscall on
 * another arch. Takes detail. */
static int change_add(struct sc_changes *cs, enum ir_arch arch, const char *name, enum diff_dir dir,
		      struct ir_origin at, char *detail)
{
	for (size_t i = 0; i < cs->n; i++) {
		struct sc_change *c = &cs->v[i];
		if (c->dir == dir && !strcmp(c->name, name) && same_origin(&c->at, &at) &&
		    !strcmp(c->detail, detail)) {
			c->arches |= 1u << arch;
			free(detail);
			return 0;
		}
	}
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 256;
		struct sc_change *v = realloc(cs->v, cap * sizeof *v);
		if (!v) {
			free(detail);
			return -1;
		}
		cs->v = v;
		cs->cap = cap;
	}
	cs->v[cs->n++] = (struct sc_change){ detail, dir, at, name, 1u << arch };
	return 0;
}

struct side {
	const struct pol_ir *ir;
	const struct review_sc *sc;
};

/* Compare one syscall on one arch over its argument vectors. */
static int compare_syscall(struct sc_changes *cs, struct side o, struct side n, enum ir_arch arch,
			   int nr, const char *name, uint64_t (*vec)[6])
{
	struct candidates c = { 0 };
	cand_from_ir(&c, o.ir, name);
	cand_from_ir(&c, n.ir, name);
	size_t nvec = vectors(&c, vec, MAX_VECTORS);
	size_t up = 0, down = 0, other = 0, first_up = 0, first_down = 0, first_other = 0;
	uint32_t ro_any = 0, rn_any = 0;
	for (size_t i = 0; i < nvec; i++) {
		uint32_t ro = review_sc_decide(o.sc, arch, nr, vec[i]);
		uint32_t rn = review_sc_decide(n.sc, arch, nr, vec[i]);
		bool ao = review_sc_allows(ro), an = review_sc_allows(rn);
		if (!ao && an && !up++)
			first_up = i;
		else if (ao && !an && !down++)
			first_down = i;
		else if (ro != rn && ao == an && !other++) {
			first_other = i;
			ro_any = ro;
			rn_any = rn;
		}
	}
	char a[64], *detail;
	struct strbuf ro_sb = STRBUF_INIT, rn_sb = STRBUF_INIT;
	int rc;
	bool partial = (up && up < nvec) || (down && down < nvec);
	if (partial && (names_rules(o.ir, name) || names_rules(n.ir, name))) {
		rules_text(o.ir, name, &ro_sb);
		rules_text(n.ir, name, &rn_sb);
	}
	/* asprintf copies them; freed before any return below */
	char *ro_text = sb_steal(&ro_sb), *rn_text = sb_steal(&rn_sb);
	if (up) {
		uint32_t ro = review_sc_decide(o.sc, arch, nr, vec[first_up]);
		rc = up < nvec ? asprintf(&detail, "%s: now allowed for some arguments (condition changed: now `%s`, was `%s`)",
					  name, rn_text, ro_text)
			       : asprintf(&detail, "now allowed (was %s)", review_sc_ret_text(ro, a, sizeof a));
		if (rc < 0)
			goto fail;
		if (change_add(cs, arch, name, DIFF_ADDED, decided_at(n.ir, name, vec[first_up]), detail) < 0)
			goto fail;
	}
	if (down) {
		uint32_t rn = review_sc_decide(n.sc, arch, nr, vec[first_down]);
		struct ir_origin at = deciding_rule(n.ir, name, vec[first_down])
					      ? decided_at(n.ir, name, vec[first_down])
					      : decided_at(o.ir, name, vec[first_down]);
		rc = down < nvec ? asprintf(&detail, "%s: now denied for some arguments (condition changed: now `%s`, was `%s`)",
					    name, rn_text, ro_text)
				 : asprintf(&detail, "now denied: %s (was allowed)", review_sc_ret_text(rn, a, sizeof a));
		if (rc < 0)
			goto fail;
		if (change_add(cs, arch, name, DIFF_REMOVED, at, detail) < 0)
			goto fail;
	}
	if (!up && !down && other && !deciding_rule(o.ir, name, vec[first_other]) &&
	    !deciding_rule(n.ir, name, vec[first_other])) {
		cs->follow_default++; /* the default's own line says it */
	} else if (!up && !down && other) {
		char b[64];
		if (asprintf(&detail, "refused with %s (was %s)", review_sc_ret_text(rn_any, a, sizeof a),
			     review_sc_ret_text(ro_any, b, sizeof b)) < 0)
			goto fail;
		if (change_add(cs, arch, name, DIFF_CHANGED, decided_at(n.ir, name, vec[first_other]), detail) < 0)
			goto fail;
	}
	free(ro_text);
	free(rn_text);
	return 0;
fail:
	free(ro_text);
	free(rn_text);
	return -1;
}

static int compare_host(struct sc_changes *cs, struct side o, struct side n, uint64_t (*vec)[6])
{
	uint32_t runs = seccomp_host_runs(o.sc->host);
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		enum ir_arch arch = (enum ir_arch)a;
		/* an arch admitted on one side only is one line (diff_arches) */
		if (!(runs & 1u << a) || !(o.sc->admitted & n.sc->admitted & 1u << a))
			continue;
		for (int nr = vocab_syscall_base(arch); nr < vocab_syscall_limit(arch); nr++) {
			const char *name = vocab_syscall_name(arch, nr);
			if (name && compare_syscall(cs, o, n, arch, nr, name, vec) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- reporting ---------------------------------------------------------- */

static void arches_text(uint32_t arches, struct strbuf *b)
{
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (arches & 1u << a)
			sb_printf(b, "%s%s", b->len ? " " : "", arch_name((enum ir_arch)a));
}

/* One line per (direction, place, detail, arches): the syscall names. */
static void report_changes(struct diff_report *r, struct sc_changes *cs)
{
	bool *done = xcalloc(cs->n, sizeof *done);
	for (size_t i = 0; i < cs->n; i++) {
		if (done[i])
			continue;
		struct sc_change *c = &cs->v[i];
		struct strbuf arches = STRBUF_INIT, names = STRBUF_INIT;
		arches_text(c->arches, &arches);
		if (strchr(c->detail, ':') && strstr(c->detail, "for some arguments")) {
			diff_add(r, c->dir, "syscalls", &c->at, "[%s] %s", sb_str(&arches), c->detail);
			sb_free(&arches);
			continue;
		}
		for (size_t j = i; j < cs->n; j++) {
			struct sc_change *d = &cs->v[j];
			if (done[j] || d->dir != c->dir || d->arches != c->arches || !same_origin(&d->at, &c->at) ||
			    strcmp(d->detail, c->detail))
				continue;
			done[j] = true;
			sb_printf(&names, "%s%s", names.len ? " " : "", d->name);
		}
		diff_add(r, c->dir, "syscalls", &c->at, "[%s] %s: %s", sb_str(&arches), c->detail,
			 sb_str(&names));
		sb_free(&arches);
		sb_free(&names);
	}
	free(done);
}

/* The action's text in buf (actions are short: "errno EPROTONOSUPPORT"). */
static const char *action_text(const struct ir_action_spec *s, char *buf, size_t size)
{
	struct strbuf b = STRBUF_INIT;
	pol_put_action(&b, s);
	snprintf(buf, size, "%s", sb_str(&b));
	sb_free(&b);
	return buf;
}

static bool action_allows(enum ir_action a)
{
	return a == IR_ACT_ALLOW || a == IR_ACT_LOG;
}

static void diff_default(struct diff_report *r, const struct ir_syscalls *o, const struct ir_syscalls *n,
			 size_t followers)
{
	char a[64], b[64];
	action_text(&o->default_action, b, sizeof b);
	action_text(&n->default_action, a, sizeof a);
	if (!strcmp(a, b))
		return;
	bool ao = action_allows(o->default_action.action), an = action_allows(n->default_action.action);
	char follow[64] = "";
	if (followers)
		snprintf(follow, sizeof follow, ": %zu syscall number%s refused that way now", followers,
			 followers == 1 ? "" : "s");
	diff_add(r, an == ao ? DIFF_CHANGED : an ? DIFF_ADDED : DIFF_REMOVED, "syscalls",
		 &n->default_at, "default %s (was %s)%s", a, b, follow);
}

static void diff_arches(struct diff_report *r, const struct ir_syscalls *o, const struct ir_syscalls *n)
{
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		bool in_o = o->arches & 1u << a, in_n = n->arches & 1u << a;
		const char *why = a == IR_ARCH_X86 || a == IR_ARCH_X32
					  ? " (a second syscall table: socketcall and the i386/x32 numbers)"
					  : "";
		if (in_n && !in_o)
			diff_add(r, DIFF_ADDED, "syscalls", &n->arch_at, "architecture %s admitted%s",
				 arch_name((enum ir_arch)a), why);
		else if (in_o && !in_n)
			diff_add(r, DIFF_REMOVED, "syscalls", &n->arch_at, "architecture %s no longer admitted",
				 arch_name((enum ir_arch)a));
	}
}

static int compare_filters(struct sc_changes *cs, const struct pol_ir *old, const struct pol_ir *new,
			   struct err *e)
{
	uint32_t hosts = seccomp_host_arches(&old->syscalls) | seccomp_host_arches(&new->syscalls);
	uint64_t (*vec)[6] = xreallocarray(NULL, MAX_VECTORS, sizeof *vec);
	int ret = 0;
	for (int h = 0; h < IR_ARCH_COUNT && ret == 0; h++) {
		if (!(hosts & 1u << h))
			continue;
		struct review_sc so, sn;
		if (review_sc_build(old, (enum ir_arch)h, &so, e) < 0)
			ret = -1;
		else if (review_sc_build(new, (enum ir_arch)h, &sn, e) < 0) {
			review_sc_free(&so);
			ret = -1;
		} else {
			ret = compare_host(cs, (struct side){ old, &so }, (struct side){ new, &sn }, vec);
			if (ret < 0)
				xalloc_die(); /* it fails only when a line cannot be recorded */
			review_sc_free(&so);
			review_sc_free(&sn);
		}
	}
	free(vec);
	return ret;
}

int diff_syscalls(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new,
		  struct err *e)
{
	const struct ir_syscalls *o = &old->syscalls, *n = &new->syscalls;
	char a[64];
	if (o->set && !n->set) {
		diff_add(r, DIFF_ADDED, "syscalls", &o->default_at,
			 "no seccomp filter: every syscall allowed (was default %s)",
			 action_text(&o->default_action, a, sizeof a));
		return 0;
	}
	if (!o->set && n->set) {
		diff_add(r, DIFF_REMOVED, "syscalls", &n->default_at, "seccomp filter added (default %s)",
			 action_text(&n->default_action, a, sizeof a));
		return 0;
	}
	if (!o->set)
		return 0;
	struct sc_changes cs = { 0 };
	int ret = compare_filters(&cs, old, new, e);
	if (ret == 0) {
		diff_default(r, o, n, cs.follow_default);
		diff_arches(r, o, n);
		report_changes(r, &cs);
	}
	for (size_t i = 0; i < cs.n; i++)
		free(cs.v[i].detail);
	free(cs.v);
	return ret;
}
