/* Internals shared by the seccomp generator's files. */
#ifndef POL_SECCOMP_GEN_INT_H
#define POL_SECCOMP_GEN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "seccomp/bpf_emit.h"

/* How one arch block reads arguments. */
struct sg_argfmt {
	bool big_endian; /* s390x: the high word of an argument comes first */
	bool words32;    /* x86 and arm: arguments are 32-bit, compare low words */
};

/* What a rule's action returns (SECCOMP_RET_*), given notify mode. */
uint32_t sg_ret_of(const struct ir_action_spec *a, bool notify);

/* The rules of one syscall, in order (first match decides), then `fallback`.
 * Emits the block and returns its label. */
bpf_label sg_emit_rules(struct bpf_emit *b, const struct ir_rule *const *rules, size_t n,
			uint32_t fallback, bool notify, const struct sg_argfmt *fmt);

#endif
