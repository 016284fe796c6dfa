/* The same policy compiled by libseccomp, as a yardstick: bench/docker_bpf_cost
 * measures its instructions per decision next to polc's, and
 * tests/unit/test_seccomp_libseccomp.c checks that the two programs decide
 * alike. Not used by polc (docs/seccomp.md says why).
 *
 * What libseccomp can express is a subset of the IR: per syscall, rules
 * whose conditions are ANDs of comparisons, and at most one outcome for a
 * given argument tuple. A syscall's unconditional fallback rule would
 * override its conditional ones in libseccomp, so it is only added when the
 * syscall has no conditional rules. Syscalls libseccomp does not know are
 * skipped (and counted). */
#ifndef POL_TESTS_SCMP_FROM_IR_H
#define POL_TESTS_SCMP_FROM_IR_H

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ir.h"
#include "polb.h"

struct scmp_stats {
	size_t unknown;    /* syscalls libseccomp 2.5.4 cannot resolve */
	size_t dropped;    /* rules it cannot express, left out */
	int error;         /* first libseccomp error, 0 if none */
};

static uint32_t scmp_action(const struct ir_action_spec *a)
{
	switch (a->action) {
	case IR_ACT_KILL_PROCESS: case IR_ACT_NOTIFY_KILL: return SCMP_ACT_KILL_PROCESS;
	case IR_ACT_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
	case IR_ACT_TRAP: return SCMP_ACT_TRAP;
	case IR_ACT_ERRNO: return SCMP_ACT_ERRNO(a->errno_value);
	case IR_ACT_LOG: return SCMP_ACT_LOG;
	case IR_ACT_ALLOW: return SCMP_ACT_ALLOW;
	}
	return SCMP_ACT_KILL_PROCESS;
}

static struct scmp_arg_cmp scmp_term(const struct ir_cmp_term *t)
{
	static const enum scmp_compare ops[] = {
		[IR_CMP_EQ] = SCMP_CMP_EQ, [IR_CMP_NE] = SCMP_CMP_NE, [IR_CMP_LT] = SCMP_CMP_LT,
		[IR_CMP_LE] = SCMP_CMP_LE, [IR_CMP_GT] = SCMP_CMP_GT, [IR_CMP_GE] = SCMP_CMP_GE,
		[IR_CMP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
	};
	struct scmp_arg_cmp c = { .arg = t->arg, .op = ops[t->op], .datum_a = t->value };
	if (t->op == IR_CMP_MASKED_EQ) {
		c.datum_a = t->low32 ? t->mask & 0xffffffffu : t->mask;
		c.datum_b = t->value;
	} else if (t->low32 && t->op == IR_CMP_EQ) {
		c.op = SCMP_CMP_MASKED_EQ; /* the low word only, as the kernel reads it */
		c.datum_a = 0xffffffffu;
		c.datum_b = t->value & 0xffffffffu;
	}
	return c;
}

static bool scmp_has_conditions(const struct ir_syscalls *sc, const char *name)
{
	for (size_t i = 0; i < sc->nrules; i++)
		if (!strcmp(sc->rules[i].syscall, name) && sc->rules[i].cond.nconj)
			return true;
	return false;
}

static void scmp_add_rule(scmp_filter_ctx ctx, const struct ir_syscalls *sc, const struct ir_rule *r,
			  int nr, struct scmp_stats *st)
{
	uint32_t act = scmp_action(&r->act);
	int rc = 0;
	if (act == scmp_action(&sc->default_action))
		return; /* libseccomp refuses rules equal to the default */
	if (r->cond.nconj == 0) {
		if (scmp_has_conditions(sc, r->syscall)) {
			st->dropped++;
			return;
		}
		rc = seccomp_rule_add(ctx, act, nr, 0);
	}
	for (size_t c = 0; c < r->cond.nconj && rc == 0; c++) {
		struct scmp_arg_cmp cmp[6];
		size_t n = r->cond.conj[c].nterms;
		if (n > 6) {
			st->dropped++;
			continue;
		}
		for (size_t t = 0; t < n; t++)
			cmp[t] = scmp_term(&r->cond.conj[c].terms[t]);
		rc = seccomp_rule_add_array(ctx, act, nr, (unsigned)n, cmp);
	}
	if (rc < 0) {
		st->dropped++;
		if (!st->error)
			st->error = rc;
	}
}

/* Build and export; *prog malloc'd. Returns 0 or -1. */
static int scmp_from_ir(const struct ir_syscalls *sc, struct polb_bpf_insn **prog, size_t *n,
			struct scmp_stats *st)
{
	memset(st, 0, sizeof *st);
	scmp_filter_ctx ctx = seccomp_init(scmp_action(&sc->default_action));
	if (!ctx)
		return -1;
	seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2); /* binary tree */
	if (sc->arches & 1u << IR_ARCH_X86)
		seccomp_arch_add(ctx, SCMP_ARCH_X86);
	if (sc->arches & 1u << IR_ARCH_X32)
		seccomp_arch_add(ctx, SCMP_ARCH_X32);
	if (!(sc->arches & 1u << IR_ARCH_X86_64))
		seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	for (size_t i = 0; i < sc->nrules; i++) {
		int nr = seccomp_syscall_resolve_name(sc->rules[i].syscall);
		if (nr == __NR_SCMP_ERROR) {
			st->unknown++;
			continue;
		}
		scmp_add_rule(ctx, sc, &sc->rules[i], nr, st);
	}
	int fd = memfd_create("scmp", MFD_CLOEXEC);
	int r = -1;
	if (fd >= 0 && seccomp_export_bpf(ctx, fd) == 0) {
		off_t size = lseek(fd, 0, SEEK_END);
		*prog = malloc(size > 0 ? (size_t)size : 1);
		if (*prog && size > 0 && pread(fd, *prog, (size_t)size, 0) == size) {
			*n = (size_t)size / sizeof **prog;
			r = 0;
		}
	}
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return r;
}

#endif
