/* The syscall rules of one policy to one BPF program per host architecture
 * (seccomp_gen.h, docs/seccomp.md).
 *
 * Program layout, in execution order:
 *   ld arch
 *   jeq AUDIT_ARCH_<host> -> host block      (one test per admitted arch)
 *   jeq AUDIT_ARCH_<compat> -> compat block
 *   ret KILL_PROCESS                         (any other architecture)
 *   host block:   ld nr; [x86_64: jge 0x40000000 -> x32 tree or kill]; tree
 *   compat block: ld nr; tree
 * A tree is a balanced binary search (jge) over the ranges of syscall
 * numbers that share one decision; its leaves are a `ret`, or for a syscall
 * with argument conditions the block of args.c. Only those blocks load
 * arguments, so everything else is decided from (arch, nr) and the
 * kernel's action cache keeps every unconditional allow. */
#include <assert.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "polb_reader.h"
#include "seccomp/gen_int.h"
#include "seccomp/seccomp_gen.h"
#include "vocab/vocab.h"

/* What one syscall number does on one arch. */
struct leaf {
	bool block;       /* argument conditions: emit sg_emit_rules */
	uint32_t ret;     /* !block: the return; block: the fallback */
	const struct ir_rule **rules; /* block: the conditional rules, in order */
	size_t nrules;
};

/* Numbers lo.. (up to the next segment's lo) share `leaf`. */
struct seg {
	uint32_t lo;
	struct leaf leaf;
};

struct gen {
	const struct ir_syscalls *sc;
	bool notify;
	struct sg_argfmt fmt;
	uint32_t dflt; /* the default action's return */
	uint32_t badarch; /* architectures not listed: killed (named first in notify mode) */
	struct bpf_emit b;
	struct err *e;
};

uint32_t seccomp_host_runs(enum ir_arch host)
{
	return (unsigned)host < IR_ARCH_COUNT ? arch_table[host].host_runs : 0;
}

uint32_t seccomp_host_arches(const struct ir_syscalls *sc)
{
	uint32_t hosts = 0;
	for (int h = 0; h < IR_ARCH_COUNT; h++)
		if (seccomp_host_runs((enum ir_arch)h) & sc->arches)
			hosts |= 1u << h;
	return hosts;
}

/* ---- decisions -------------------------------------------------------- */

static bool leaf_equal(const struct leaf *a, const struct leaf *b)
{
	return !a->block && !b->block && a->ret == b->ret;
}

/* The rules naming `name`, cut after the first unconditional one. */
static int decide(struct gen *g, const char *name, struct leaf *out)
{
	*out = (struct leaf){ .ret = g->dflt };
	if (!name)
		return 0;
	for (size_t i = 0; i < g->sc->nrules; i++) {
		const struct ir_rule *r = &g->sc->rules[i];
		if (strcmp(r->syscall, name) != 0)
			continue;
		uint32_t ret = sg_ret_of(&r->act, g->notify);
		if (r->cond.nconj == 0) {
			out->ret = ret;
			break;
		}
		const struct ir_rule **v = realloc(out->rules, (out->nrules + 1) * sizeof *v);
		if (!v) {
			/* callers free out->rules only when this succeeds */
			free(out->rules);
			*out = (struct leaf){ .ret = g->dflt };
			return err_set(g->e, 0, "seccomp", "out of memory");
		}
		out->rules = v;
		out->rules[out->nrules++] = r;
	}
	/* Conditions whose outcome is the fallback anyway change nothing. */
	bool differs = false;
	for (size_t i = 0; i < out->nrules; i++)
		differs |= sg_ret_of(&out->rules[i]->act, g->notify) != out->ret;
	out->block = differs;
	if (!differs) {
		free(out->rules);
		out->rules = NULL;
		out->nrules = 0;
	}
	return 0;
}

static void free_segs(struct seg *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].leaf.rules);
	free(s);
}

/* Segments covering every 32-bit number for `arch`: runs of numbers with one
 * decision, the gaps between known syscalls deciding the default. */
static int build_segs(struct gen *g, enum ir_arch arch, struct seg **out, size_t *nout)
{
	uint32_t base = (uint32_t)vocab_syscall_base(arch);
	uint32_t limit = (uint32_t)vocab_syscall_limit(arch);
	size_t cap = (limit - base) + 2, n = 0;
	struct seg *s = calloc(cap, sizeof *s);
	if (!s)
		return err_set(g->e, 0, "seccomp", "out of memory");
	s[n++] = (struct seg){ .lo = 0, .leaf = { .ret = g->dflt } };
	for (uint32_t nr = base; nr < limit; nr++) {
		struct leaf lf;
		if (decide(g, vocab_syscall_name(arch, (int)nr), &lf) < 0) {
			free_segs(s, n);
			return -1;
		}
		if (leaf_equal(&s[n - 1].leaf, &lf))
			continue;
		s[n++] = (struct seg){ .lo = nr, .leaf = lf };
	}
	struct leaf tail = { .ret = g->dflt };
	if (!leaf_equal(&s[n - 1].leaf, &tail))
		s[n++] = (struct seg){ .lo = limit, .leaf = tail };
	*out = s;
	*nout = n;
	return 0;
}

/* ---- emission --------------------------------------------------------- */

static bpf_label emit_leaf(struct gen *g, const struct leaf *lf)
{
	if (!lf->block)
		return bpf_ret(&g->b, lf->ret);
	return sg_emit_rules(&g->b, lf->rules, lf->nrules, lf->ret, g->notify, &g->fmt);
}

/* How many syscall numbers of the arch's table segment k covers (at least
 * 1: the numbers past the table still reach it), its weight in the tree. */
static uint64_t seg_weight(const struct seg *s, size_t k, size_t n, uint32_t base, uint32_t limit)
{
	uint64_t lo = s[k].lo < base ? base : s[k].lo;
	uint64_t hi = k + 1 < n ? s[k + 1].lo : (uint64_t)UINT32_MAX + 1;
	if (hi > limit)
		hi = limit;
	return hi > lo ? hi - lo : 1;
}

/* Binary search over segs[i..j] (A holds nr), split where the numbers on
 * each side weigh the same, so the average over all syscall numbers is
 * lowest. The right half is emitted first so the left half directly
 * follows the test. w[k] = weight of segs[0..k-1]. */
static bpf_label emit_tree(struct gen *g, const struct seg *s, const uint64_t *w, size_t i,
			   size_t j)
{
	if (i == j)
		return emit_leaf(g, &s[i].leaf);
	uint64_t half = (w[i] + w[j + 1]) / 2;
	size_t mid = i + 1;
	while (mid < j && w[mid + 1] <= half)
		mid++;
	bpf_label right = emit_tree(g, s, w, mid, j);
	bpf_label left = emit_tree(g, s, w, i, mid - 1);
	return bpf_jump(&g->b, BPF_JGE, s[mid].lo, right, left);
}

static int emit_arch_tree(struct gen *g, enum ir_arch arch, bpf_label *out)
{
	struct seg *s = NULL;
	size_t n = 0;
	if (build_segs(g, arch, &s, &n) < 0)
		return -1;
	assert(n > 0); /* build_segs always starts with the segment from 0 */
	g->fmt.words32 = arch == IR_ARCH_X86 || arch == IR_ARCH_ARM;
	uint64_t *w = malloc((n + 1) * sizeof *w);
	if (!w) {
		free_segs(s, n);
		return err_set(g->e, 0, "seccomp", "out of memory");
	}
	w[0] = 0;
	for (size_t k = 0; k < n; k++)
		w[k + 1] = w[k] + seg_weight(s, k, n, (uint32_t)vocab_syscall_base(arch),
					     (uint32_t)vocab_syscall_limit(arch));
	*out = emit_tree(g, s, w, 0, n - 1);
	free(w);
	free_segs(s, n);
	return 0;
}

/* The block for one AUDIT_ARCH value: x86_64's also carries x32. */
static int emit_arch_block(struct gen *g, enum ir_arch arch, uint32_t admitted, bpf_label *out)
{
	bpf_label tree = 0;
	if (arch == IR_ARCH_X86_64) {
		bpf_label x32 = 0, native = 0;
		if (admitted & 1u << IR_ARCH_X32) {
			if (emit_arch_tree(g, IR_ARCH_X32, &x32) < 0)
				return -1;
		} else {
			x32 = bpf_ret(&g->b, g->badarch);
		}
		if (admitted & 1u << IR_ARCH_X86_64) {
			if (emit_arch_tree(g, IR_ARCH_X86_64, &native) < 0)
				return -1;
		} else {
			native = bpf_ret(&g->b, g->badarch);
		}
		tree = bpf_jump(&g->b, BPF_JGE, ARCH_X32_SYSCALL_BIT, x32, native);
	} else if (emit_arch_tree(g, arch, &tree) < 0) {
		return -1;
	}
	bpf_flow(&g->b, tree);
	*out = bpf_ld_abs(&g->b, offsetof(struct seccomp_data, nr));
	return 0;
}

/* The AUDIT_ARCH blocks of a host's program, in execution order. */
static size_t arch_blocks(enum ir_arch host, uint32_t admitted, enum ir_arch *v)
{
	size_t n = 0;
	if (host == IR_ARCH_X86_64) {
		if (admitted & (1u << IR_ARCH_X86_64 | 1u << IR_ARCH_X32))
			v[n++] = IR_ARCH_X86_64;
		if (admitted & 1u << IR_ARCH_X86)
			v[n++] = IR_ARCH_X86;
	} else {
		for (int a = 0; a < IR_ARCH_COUNT; a++)
			if (admitted & 1u << a && a == (int)host)
				v[n++] = (enum ir_arch)a;
		for (int a = 0; a < IR_ARCH_COUNT; a++)
			if (admitted & 1u << a && a != (int)host)
				v[n++] = (enum ir_arch)a;
	}
	return n;
}

static int emit_program(struct gen *g, enum ir_arch host, uint32_t admitted)
{
	enum ir_arch blocks[IR_ARCH_COUNT];
	bpf_label at[IR_ARCH_COUNT];
	size_t n = arch_blocks(host, admitted, blocks);
	for (size_t i = n; i-- > 0;)
		if (emit_arch_block(g, blocks[i], admitted, &at[i]) < 0)
			return -1;
	bpf_label next = bpf_ret(&g->b, g->badarch); /* other arches */
	for (size_t i = n; i-- > 0;)
		next = bpf_jump(&g->b, BPF_JEQ, arch_audit(blocks[i]), at[i], next);
	bpf_flow(&g->b, next);
	bpf_ld_abs(&g->b, offsetof(struct seccomp_data, arch));
	return 0;
}

static bool default_kills(const struct ir_syscalls *sc)
{
	return sc->default_action.action == IR_ACT_KILL_PROCESS ||
	       sc->default_action.action == IR_ACT_NOTIFY_KILL;
}

static bool uses_notify_action(const struct ir_syscalls *sc)
{
	if (sc->default_action.action == IR_ACT_NOTIFY_KILL)
		return true;
	for (size_t i = 0; i < sc->nrules; i++)
		if (sc->rules[i].act.action == IR_ACT_NOTIFY_KILL)
			return true;
	return false;
}

static void gen_init(struct gen *g, const struct pol_ir *ir, enum ir_arch host, uint32_t opts,
		     struct err *e)
{
	*g = (struct gen){ .sc = &ir->syscalls, .e = e };
	g->notify = (default_kills(g->sc) && !(opts & SECCOMP_GEN_NO_NOTIFY)) ||
		    uses_notify_action(g->sc);
	g->fmt.big_endian = host == IR_ARCH_S390X;
	g->dflt = sg_ret_of(&g->sc->default_action, g->notify);
	g->badarch = g->notify ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_KILL_PROCESS;
}

int seccomp_generate_opts(const struct pol_ir *ir, enum ir_arch host, uint32_t opts,
			  struct polb_bpf_insn **prog, size_t *n, uint32_t *flags,
			  struct err *e)
{
	uint32_t admitted = seccomp_host_runs(host) & ir->syscalls.arches;
	if (!admitted)
		return err_set(e, 0, "seccomp", "the policy lists no architecture that a %s host runs",
			       arch_name(host) ?: "unknown");
	struct gen g;
	gen_init(&g, ir, host, opts, e);
	bpf_emit_init(&g.b, POLB_MAX_BPF_INSNS);
	if (emit_program(&g, host, admitted) < 0) {
		bpf_emit_free(&g.b);
		return -1;
	}
	bool too_long = g.b.failed && g.b.n >= g.b.max;
	*prog = bpf_emit_finish(&g.b, n);
	bpf_emit_free(&g.b);
	if (!*prog)
		return err_set(e, too_long ? 0 : 12, "seccomp", "%s program: %s", arch_name(host),
			       too_long ? "more than 4096 instructions" : "out of memory");
	*flags = g.notify ? POLB_SECCOMP_NOTIFY : 0;
	if (polb_check_bpf(*prog, *n, e) < 0) {
		/* a generator bug: say so rather than ship the program */
		char detail[sizeof e->detail];
		memcpy(detail, e->detail, sizeof detail);
		free(*prog);
		*prog = NULL;
		return err_set(e, 0, "seccomp", "generated %s program fails its check: %s",
			       arch_name(host), detail);
	}
	return 0;
}

int seccomp_generate(const struct pol_ir *ir, enum ir_arch host, struct polb_bpf_insn **prog,
		     size_t *n, uint32_t *flags, struct err *e)
{
	return seccomp_generate_opts(ir, host, 0, prog, n, flags, e);
}

/* ---- names for enforce's messages ------------------------------------ */

static bool may_notify(const struct leaf *lf, bool notify)
{
	if (lf->ret == SECCOMP_RET_USER_NOTIF)
		return true;
	for (size_t i = 0; i < lf->nrules; i++)
		if (sg_ret_of(&lf->rules[i]->act, notify) == SECCOMP_RET_USER_NOTIF)
			return true;
	return false;
}

int seccomp_syscall_names(const struct pol_ir *ir, enum ir_arch host,
			  struct writer_syscall_name **names, size_t *n, struct err *e)
{
	struct gen g;
	gen_init(&g, ir, host, 0, e);
	uint32_t runs = seccomp_host_runs(host);
	*names = NULL;
	*n = 0;
	size_t cap = 0;
	for (int a = 0; g.notify && a < IR_ARCH_COUNT; a++) {
		if (!(runs & 1u << a))
			continue;
		bool admitted = ir->syscalls.arches & 1u << a;
		int base = vocab_syscall_base((enum ir_arch)a), limit = vocab_syscall_limit((enum ir_arch)a);
		for (int nr = base; nr < limit; nr++) {
			const char *name = vocab_syscall_name((enum ir_arch)a, nr);
			struct leaf lf;
			if (!name)
				continue;
			if (decide(&g, name, &lf) < 0)
				goto fail;
			bool wanted = !admitted || may_notify(&lf, g.notify);
			free(lf.rules);
			if (!wanted)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 512;
				struct writer_syscall_name *v = realloc(*names, cap * sizeof *v);
				if (!v) {
					err_set(e, 0, "seccomp", "out of memory");
					goto fail;
				}
				*names = v;
			}
			(*names)[(*n)++] = (struct writer_syscall_name){
				.audit_arch = arch_audit((enum ir_arch)a), .nr = (uint32_t)nr, .name = name };
		}
	}
	return 0;
fail:
	free(*names);
	*names = NULL;
	*n = 0;
	return -1;
}
