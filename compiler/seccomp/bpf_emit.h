/* A classic BPF program built backwards, from its last instruction to its
 * first (as kafel does): every jump then goes to code already emitted, so
 * its distance is known when the jump is written, and a target further
 * than a conditional jump's 8-bit offset gets a `ja` trampoline (32-bit
 * offset) right before it. A label is an instruction's position counted
 * from the end of the program. */
#ifndef POL_SECCOMP_BPF_EMIT_H
#define POL_SECCOMP_BPF_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "polb.h"

struct bpf_emit {
	struct polb_bpf_insn *rev; /* in reverse order */
	size_t n, cap;
	bool failed; /* out of memory or past max */
	size_t max;  /* instruction limit (POLB_MAX_BPF_INSNS) */
};

typedef size_t bpf_label;

void bpf_emit_init(struct bpf_emit *b, size_t max);
void bpf_emit_free(struct bpf_emit *b);

/* Straight-line instructions; each returns its own label. */
bpf_label bpf_ret(struct bpf_emit *b, uint32_t k);
bpf_label bpf_ld_abs(struct bpf_emit *b, uint32_t offset);
bpf_label bpf_and(struct bpf_emit *b, uint32_t k);
/* if (A <op> k) goto jt else goto jf; op is BPF_JEQ, BPF_JGT, BPF_JGE or
 * BPF_JSET. Returns the label of the first instruction it wrote (a
 * trampoline, when one was needed, comes after it). */
bpf_label bpf_jump(struct bpf_emit *b, uint16_t op, uint32_t k, bpf_label jt, bpf_label jf);
/* Make execution continue at `to` from the instruction emitted next (which
 * comes before it): nothing when `to` is the latest one, else a `ja`. */
bpf_label bpf_flow(struct bpf_emit *b, bpf_label to);
/* Can a conditional jump written next reach `l` without a trampoline? */
bool bpf_near(const struct bpf_emit *b, bpf_label l);
/* The label of the next instruction to be emitted's successor: the most
 * recently emitted instruction. */
bpf_label bpf_here(const struct bpf_emit *b);

/* The finished program in execution order (malloc'd), or NULL on failure. */
struct polb_bpf_insn *bpf_emit_finish(struct bpf_emit *b, size_t *n);

#endif
