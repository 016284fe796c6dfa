/* The draft's syscalls section: every call the traces saw that the base's
 * filter (compiled, run in the in-tree interpreter: review_sc.h) does not
 * allow becomes a rule. A whole standard group where the runs cover most
 * of it and allowing it fails no audit check the base passes (the one
 * risk model, compiler/review/audit_checks.c); otherwise the single
 * syscall, with a condition on the argument the trace carries (the
 * values seen, masked where the kernel reads only some bits). A rule
 * naming a syscall replaces the base's rules for it (docs/language.md,
 * "Which rule decides"), so a conditional one restates them after it. */
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn_int.h"
#include "text/pol_print.h"
#include "util/cli.h"
#include "util/diag.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

/* The arguments a rule conditions on, as docs/learn-trace.md records
 * them. mask 0: equality; else (arg & mask) == (seen & mask). */
struct arg_rule {
	const char *syscall;
	unsigned arg[2];
	uint64_t mask[2];
	unsigned nargs;
	bool hidden; /* behind a pointer: no filter can read it (clone3) */
};
static const struct arg_rule arg_rules[] = {
	{ "socket", { 0, 1 }, { 0, 0xf }, 2, false }, /* SOCK_TYPE_MASK: NONBLOCK/CLOEXEC vary */
	{ "socketpair", { 0, 1 }, { 0, 0xf }, 2, false },
	{ "ioctl", { 1 }, { 0 }, 1, false },
	{ "clone", { 0 }, { 0x7e020000 }, 1, false },    /* the CLONE_NEW* bits (the low byte is a signal) */
	{ "unshare", { 0 }, { 0x7e020080 }, 1, false },  /* and CLONE_NEWTIME */
	{ "setns", { 1 }, { 0 }, 1, false },
	{ "clone3", { 0 }, { 0 }, 1, true },
	{ "prctl", { 0 }, { 0 }, 1, false },
	{ "personality", { 0 }, { 0 }, 1, false },
	{ "mmap", { 2 }, { 0x6 }, 1, false },            /* PROT_WRITE|PROT_EXEC: W+X or not */
	{ "mprotect", { 2 }, { 0x6 }, 1, false },
	{ "pkey_mprotect", { 2 }, { 0x6 }, 1, false },
	{ "fcntl", { 1 }, { 0 }, 1, false },
	{ "setsockopt", { 1, 2 }, { 0, 0 }, 2, false },
	{ "getsockopt", { 1, 2 }, { 0, 0 }, 2, false },
	{ "memfd_create", { 1 }, { 0x18 }, 1, false },   /* MFD_EXEC|MFD_NOEXEC_SEAL */
	{ "kill", { 1 }, { 0 }, 1, false },
	{ "tkill", { 1 }, { 0 }, 1, false },
	{ "tgkill", { 2 }, { 0 }, 1, false },
};
#define MAX_VALUES 64 /* distinct conditions for one syscall; more: no condition */

static const struct arg_rule *arg_rule_of(const char *name)
{
	for (size_t i = 0; i < sizeof arg_rules / sizeof arg_rules[0]; i++)
		if (!strcmp(arg_rules[i].syscall, name))
			return &arg_rules[i];
	return NULL;
}

/* One syscall the base refuses for some calls the runs made. */
struct need {
	const char *name;
	size_t *recs; /* indexes into the set */
	size_t nrecs;
	uint64_t total;
	uint32_t verdict; /* the base's answer to the first */
	bool done;
};

struct needs {
	struct need *v;
	size_t n;
};

static struct need *need_of(struct needs *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i].name, name))
			return &ns->v[i];
	ns->v = xreallocarray(ns->v, ns->n + 1, sizeof *ns->v);
	ns->v[ns->n] = (struct need){ .name = name };
	return &ns->v[ns->n++];
}

static void needs_free(struct needs *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i].recs);
	free(ns->v);
}

/* ---- arches ------------------------------------------------------------ */

static void learn_arches(struct learn_draft *d)
{
	uint32_t seen = 0;
	const struct learn_rec *first[IR_ARCH_COUNT] = { 0 };
	for (size_t i = 0; i < d->s->n; i++) {
		const struct learn_rec *r = &d->s->recs[i];
		if (r->kind != LEARN_SC)
			continue;
		seen |= 1u << r->arch;
		if (!first[r->arch])
			first[r->arch] = r;
	}
	uint32_t added = seen & ~d->base.syscalls.arches;
	d->ir.syscalls.arches = d->base.syscalls.arches | seen;
	if (!added)
		return;
	struct strbuf note = STRBUF_INIT, line = STRBUF_INIT;
	sb_puts(&line, "arch");
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		if (d->ir.syscalls.arches >> a & 1)
			sb_printf(&line, " %s", arch_name(a));
		if (!(added >> a & 1) || !first[a])
			continue;
		sb_printf(&note, "%s%s calls ", note.len ? "; " : "",
			  arch_table[a].entry ? arch_table[a].entry : arch_name(a));
		learn_seen(&note, first[a]);
		sb_printf(&note, ": %s", first[a]->name ? first[a]->name : "an unnamed syscall");
	}
	d->ir.syscalls.arch_at = learn_note(d, "%s", sb_str(&note));
	d->arch_line = sb_steal(&line);
	sb_free(&note);
}

/* ---- what the base refuses --------------------------------------------- */

static int build_filter(struct learn_draft *d, struct err *e)
{
	uint32_t saved = d->base.syscalls.arches;
	d->base.syscalls.arches = d->ir.syscalls.arches; /* the arches the draft admits */
	int r = review_sc_build(&d->base, ARCH_NATIVE, &d->sc, e);
	d->base.syscalls.arches = saved;
	return r;
}

static void collect(struct learn_draft *d, struct needs *ns)
{
	for (size_t i = 0; i < d->s->n; i++) {
		const struct learn_rec *r = &d->s->recs[i];
		if (r->kind != LEARN_SC)
			continue;
		uint32_t ret = review_sc_decide(&d->sc, r->arch, r->nr, r->a);
		if (review_sc_allows(ret))
			continue;
		if (!r->name) {
			struct strbuf b = STRBUF_INIT;
			learn_seen(&b, r);
			learn_left_out(d, "syscall %d on %s (%s): no name in polc's table, no rule can name it",
				       r->nr, arch_name(r->arch), sb_str(&b));
			sb_free(&b);
			continue;
		}
		struct need *n = need_of(ns, r->name);
		if (!n->nrecs)
			n->verdict = ret;
		n->recs = xreallocarray(n->recs, n->nrecs + 1, sizeof *n->recs);
		n->recs[n->nrecs++] = i;
		n->total += r->n;
	}
}

/* ---- rules --------------------------------------------------------------- */

static struct ir_rule *add_rule(struct learn_draft *d, const char *syscall)
{
	struct ir_syscalls *sc = &d->ir.syscalls;
	sc->rules = xreallocarray(sc->rules, sc->nrules + 1, sizeof *sc->rules);
	struct ir_rule *r = &sc->rules[sc->nrules++];
	*r = (struct ir_rule){ .syscall = xstrdup(syscall), .act = { .action = IR_ACT_ALLOW } };
	return r;
}

static bool same_conj(const struct ir_conj *a, const struct ir_conj *b)
{
	if (a->nterms != b->nterms)
		return false;
	for (size_t i = 0; i < a->nterms; i++)
		if (a->terms[i].arg != b->terms[i].arg || a->terms[i].value != b->terms[i].value)
			return false;
	return true;
}

/* The seen values of n's arguments as an OR of ANDs; false when there
 * are too many to be a useful condition (cond left empty). */
static bool seen_cond(const struct learn_draft *d, const struct need *n, const struct arg_rule *ar,
		      struct ir_cond *cond)
{
	for (size_t i = 0; i < n->nrecs; i++) {
		const struct learn_rec *r = &d->s->recs[n->recs[i]];
		struct ir_conj k = { xcalloc(ar->nargs, sizeof *k.terms), ar->nargs };
		for (unsigned j = 0; j < ar->nargs; j++) {
			uint64_t v = r->a[ar->arg[j]];
			k.terms[j] = (struct ir_cmp_term){
				.arg = (uint8_t)ar->arg[j], .op = ar->mask[j] ? IR_CMP_MASKED_EQ : IR_CMP_EQ,
				.mask = ar->mask[j], .value = ar->mask[j] ? v & ar->mask[j] : v,
			};
			if (!(r->argmask >> ar->arg[j] & 1)) { /* the writer gave no value: no condition */
				free(k.terms);
				goto none;
			}
		}
		bool dup = false;
		for (size_t c = 0; c < cond->nconj && !dup; c++)
			dup = same_conj(&cond->conj[c], &k);
		if (dup) {
			free(k.terms);
			continue;
		}
		if (cond->nconj == MAX_VALUES) {
			free(k.terms);
			goto none;
		}
		cond->conj = xreallocarray(cond->conj, cond->nconj + 1, sizeof *cond->conj);
		cond->conj[cond->nconj++] = k;
	}
	return true;
none:
	for (size_t c = 0; c < cond->nconj; c++)
		free(cond->conj[c].terms);
	free(cond->conj);
	*cond = (struct ir_cond){ 0 };
	return false;
}

static void put_call(struct strbuf *b, const struct learn_rec *r, const struct arg_rule *ar)
{
	if (ar && ar->hidden) {
		sb_printf(b, "%s(flags 0x%llx, in memory)", r->name, (unsigned long long)r->a[ar->arg[0]]);
		return;
	}
	struct ir_rule one = { .syscall = (char *)r->name, .act = { .action = IR_ACT_ALLOW } };
	struct ir_cmp_term t[2];
	struct ir_conj k = { t, 0 };
	for (unsigned j = 0; ar && j < ar->nargs; j++)
		if (r->argmask >> ar->arg[j] & 1)
			t[k.nterms++] = (struct ir_cmp_term){ .arg = (uint8_t)ar->arg[j], .value = r->a[ar->arg[j]] };
	one.cond = (struct ir_cond){ &k, k.nterms ? 1 : 0 };
	struct strbuf rule = STRBUF_INIT;
	pol_put_rule_named(&rule, &one);
	/* "allow socket if domain == AF_NETLINK and ..." -> "socket(domain == AF_NETLINK and ...)" */
	const char *text = sb_str(&rule) + strlen("allow ");
	const char *cond = strstr(text, " if ");
	if (cond)
		sb_printf(b, "%.*s(%s)", (int)(cond - text), text, cond + 4);
	else
		sb_puts(b, text);
	sb_free(&rule);
}

/* "seen 12 times, first by EXE (t:3): socket(domain == AF_NETLINK ...)",
 * the base's answer, and every other value seen. */
static void need_note(struct learn_draft *d, const struct need *n, const struct arg_rule *ar,
		      struct strbuf *b)
{
	const struct learn_rec *first = &d->s->recs[n->recs[0]];
	char ret[64];
	struct learn_rec all = *first;
	all.n = n->total;
	learn_seen(b, &all);
	sb_puts(b, ": ");
	put_call(b, first, ar);
	for (size_t i = 1; i < n->nrecs && i < 8; i++) {
		sb_puts(b, ", ");
		put_call(b, &d->s->recs[n->recs[i]], ar);
	}
	if (n->nrecs > 8)
		sb_printf(b, " and %zu more", n->nrecs - 8);
	sb_printf(b, "; the base: %s", review_sc_ret_text(n->verdict, ret, sizeof ret));
}

/* The base's own rules naming `name`, after a conditional one of ours. */
static void restate_base(struct learn_draft *d, const char *name)
{
	for (size_t i = 0; i < d->base.syscalls.nrules; i++) {
		const struct ir_rule *b = &d->base.syscalls.rules[i];
		if (b->via_group || strcmp(b->syscall, name))
			continue;
		struct ir_rule *r = add_rule(d, name);
		r->act = b->act;
		r->cond.nconj = b->cond.nconj;
		r->cond.conj = xcalloc(b->cond.nconj ? b->cond.nconj : 1, sizeof *r->cond.conj);
		for (size_t c = 0; c < b->cond.nconj; c++) {
			const struct ir_conj *k = &b->cond.conj[c];
			r->cond.conj[c].nterms = k->nterms;
			r->cond.conj[c].terms = xcalloc(k->nterms ? k->nterms : 1, sizeof *k->terms);
			if (k->nterms)
				memcpy(r->cond.conj[c].terms, k->terms, k->nterms * sizeof *k->terms);
		}
		const char *file = b->at.file ? strrchr(b->at.file, '/') : NULL;
		r->at = learn_note(d, "the base's rule, restated (%s:%d): a rule naming %s replaces the base's",
				   file ? file + 1 : b->at.file ? b->at.file : "built-in", b->at.line, name);
	}
}

static bool base_names(const struct learn_draft *d, const char *name)
{
	for (size_t i = 0; i < d->base.syscalls.nrules; i++)
		if (!d->base.syscalls.rules[i].via_group && !strcmp(d->base.syscalls.rules[i].syscall, name))
			return true;
	return false;
}

static bool base_answers_errno(uint32_t ret)
{
	return (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;
}

/* A rule (and its restatements) as text, for the risk model. */
static void rules_text(const struct learn_draft *d, size_t from, struct strbuf *b)
{
	for (size_t i = from; i < d->ir.syscalls.nrules; i++) {
		pol_put_rule_named(b, &d->ir.syscalls.rules[i]);
		sb_putc(b, '\n');
	}
}

/* Drop the rules from index `from` on (a candidate the risk model refused). */
static void drop_rules(struct learn_draft *d, size_t from)
{
	struct ir_syscalls *sc = &d->ir.syscalls;
	while (sc->nrules > from) {
		struct ir_rule *r = &sc->rules[--sc->nrules];
		free(r->syscall);
		for (size_t c = 0; c < r->cond.nconj; c++)
			free(r->cond.conj[c].terms);
		free(r->cond.conj);
	}
}

static int add_need(struct learn_draft *d, struct need *n, struct err *e)
{
	const struct arg_rule *ar = arg_rule_of(n->name);
	struct strbuf note = STRBUF_INIT, risks = STRBUF_INIT;
	need_note(d, n, ar, &note);
	n->done = true;
	if (ar && ar->hidden && base_answers_errno(n->verdict)) {
		learn_left_out(d, "%s: %s; its flags are behind a pointer no filter reads, so it stays as "
			       "the base answers it (the C library falls back to clone)", n->name, sb_str(&note));
		goto out;
	}
	size_t from = d->ir.syscalls.nrules;
	struct ir_rule *r = add_rule(d, n->name);
	bool cond = ar && !ar->hidden && seen_cond(d, n, ar, &r->cond);
	size_t rule_note = d->nnotes;
	r->at = learn_note(d, "%s", sb_str(&note));
	if (cond)
		restate_base(d, n->name);
	struct strbuf text = STRBUF_INIT;
	rules_text(d, from, &text);
	int rc = learn_new_risks(d, sb_str(&text), &risks, e);
	sb_free(&text);
	if (rc < 0)
		goto fail;
	if (risks.len && base_answers_errno(n->verdict)) {
		learn_left_out(d, "%s: %s; allowing it fails the audit checks %s, and the base refuses it "
			       "without killing: kept refused", n->name, sb_str(&note), sb_str(&risks));
		drop_rules(d, from);
	} else if (risks.len) {
		char *old = d->notes[rule_note];
		struct strbuf b = STRBUF_INIT;
		sb_printf(&b, "%s\nrisk: the audit checks %s fail with it (polc audit says why)", old,
			  sb_str(&risks));
		free(old);
		d->notes[rule_note] = sb_steal(&b);
	}
out:
	sb_free(&note);
	sb_free(&risks);
	return 0;
fail:
	sb_free(&note);
	sb_free(&risks);
	return -1;
}

/* ---- groups -------------------------------------------------------------- */

struct group {
	char *name;
	char **members;
	size_t nmembers;
};

static void group_members(struct learn_draft *d, struct group *g)
{
	char text[128];
	struct pol_ir ir;
	struct diag dg;
	diag_init(&dg);
	snprintf(text, sizeof text, "syscalls {\n    allow %s\n}\n", g->name);
	if (frontend_load_buffer("<group>", text, strlen(text), &d->fe, &ir, &dg) == 0) {
		g->members = xcalloc(ir.syscalls.nrules + 1, sizeof *g->members);
		for (size_t i = 0; i < ir.syscalls.nrules; i++)
			g->members[g->nmembers++] = xstrdup(ir.syscalls.rules[i].syscall);
	}
	diag_free(&dg);
	ir_free(&ir);
}

static bool base_allows_native(const struct learn_draft *d, const char *name)
{
	int nr = vocab_syscall_nr(ARCH_NATIVE, name);
	static const uint64_t zero[6];
	return nr >= 0 && review_sc_allows(review_sc_decide(&d->sc, ARCH_NATIVE, nr, zero));
}

/* Needs of g a group rule can take: no condition of ours, no named rule
 * in the base (a named rule beats any group). */
static size_t group_takes(const struct learn_draft *d, const struct needs *ns, const struct group *g,
			  size_t *covered, size_t *native)
{
	size_t takes = 0;
	*covered = *native = 0;
	for (size_t m = 0; m < g->nmembers; m++) {
		if (vocab_syscall_nr(ARCH_NATIVE, g->members[m]) < 0)
			continue; /* another architecture's name: not a part of it here */
		++*native;
		bool needed = false;
		for (size_t i = 0; i < ns->n; i++)
			if (!ns->v[i].done && !strcmp(ns->v[i].name, g->members[m]) &&
			    !arg_rule_of(g->members[m]) && !base_names(d, g->members[m]))
				needed = true;
		takes += needed;
		*covered += needed || base_allows_native(d, g->members[m]);
	}
	return takes;
}

static int try_group(struct learn_draft *d, struct needs *ns, struct group *g, struct err *e)
{
	size_t covered, native;
	size_t takes = group_takes(d, ns, g, &covered, &native);
	if (takes < 2 || 2 * covered <= native) /* most of it, and more than one call */
		return 0;
	struct strbuf text = STRBUF_INIT, risks = STRBUF_INIT, note = STRBUF_INIT;
	sb_printf(&text, "allow %s\n", g->name);
	int r = learn_new_risks(d, sb_str(&text), &risks, e);
	if (r == 0 && !risks.len) {
		sb_printf(&note, "%zu of its %zu syscalls here seen or allowed by the base; harmless by "
			  "polc audit's checks. Seen:", covered, native);
		for (size_t i = 0; i < ns->n; i++) {
			struct need *n = &ns->v[i];
			bool member = false;
			for (size_t m = 0; m < g->nmembers && !member; m++)
				member = !strcmp(g->members[m], n->name);
			if (!member || n->done || arg_rule_of(n->name) || base_names(d, n->name))
				continue;
			n->done = true;
			sb_printf(&note, "\n  %s: ", n->name);
			struct learn_rec all = d->s->recs[n->recs[0]];
			all.n = n->total;
			learn_seen(&note, &all);
		}
		struct ir_rule *rule = add_rule(d, g->name);
		rule->at = learn_note(d, "%s", sb_str(&note));
	}
	sb_free(&text);
	sb_free(&risks);
	sb_free(&note);
	return r;
}

static int learn_groups(struct learn_draft *d, struct needs *ns, struct err *e)
{
	size_t ng = 0;
	char **names = frontend_stdlib_group_names(&d->fe, &ng);
	struct group *gs = xcalloc(ng ? ng : 1, sizeof *gs);
	for (size_t i = 0; i < ng; i++) {
		gs[i].name = names[i];
		group_members(d, &gs[i]);
	}
	int r = 0;
	/* the group that takes the most first, so a large harmless one wins */
	for (;;) {
		size_t best = ng, best_takes = 1, covered, native;
		for (size_t i = 0; i < ng; i++) {
			size_t t = gs[i].name ? group_takes(d, ns, &gs[i], &covered, &native) : 0;
			if (t > best_takes && 2 * covered > native) {
				best = i;
				best_takes = t;
			}
		}
		if (best == ng)
			break;
		if ((r = try_group(d, ns, &gs[best], e)) < 0)
			break;
		gs[best].name = NULL; /* tried */
	}
	for (size_t i = 0; i < ng; i++) {
		for (size_t m = 0; m < gs[i].nmembers; m++)
			free(gs[i].members[m]);
		free(gs[i].members);
		free(names[i]);
	}
	free(gs);
	free(names);
	return r;
}

/* A group rule is written as `allow @name`: the printer takes the name as
 * the syscall word, and the front end expands it. */
int learn_syscalls(struct learn_draft *d, struct err *e)
{
	struct needs ns = { 0 };
	struct ir_syscalls *sc = &d->ir.syscalls;
	if (!d->base.syscalls.set) {
		/* the run was not filtered, so nothing was refused to record;
		 * a section here would make a filter of the default alone */
		learn_left_out(d, "the base has no syscalls section: no filter, and the draft adds none");
		return 0;
	}
	learn_arches(d);
	if (learn_baseline(d, e) < 0 || build_filter(d, e) < 0)
		return -1;
	collect(d, &ns);
	sc->set = true;
	sc->default_action = d->base.syscalls.default_action;
	char act[64];
	struct strbuf b = STRBUF_INIT;
	pol_put_action(&b, &sc->default_action);
	snprintf(act, sizeof act, "%s", sb_str(&b));
	sb_free(&b);
	sc->default_at = learn_note(d, "the base's default: a call no rule here or in the base allows gets %s",
				    act);
	int r = learn_groups(d, &ns, e);
	for (size_t i = 0; r == 0 && i < ns.n; i++)
		if (!ns.v[i].done)
			r = add_need(d, &ns.v[i], e);
	needs_free(&ns);
	return r;
}
