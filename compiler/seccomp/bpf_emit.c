/* The backwards BPF builder (bpf_emit.h). */
#include "seccomp/bpf_emit.h"

#include <linux/filter.h>
#include <stdlib.h>

void bpf_emit_init(struct bpf_emit *b, size_t max)
{
	*b = (struct bpf_emit){ .max = max };
}

void bpf_emit_free(struct bpf_emit *b)
{
	free(b->rev);
	*b = (struct bpf_emit){ 0 };
}

static bpf_label push(struct bpf_emit *b, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (b->failed)
		return b->n ? b->n - 1 : 0;
	if (b->n >= b->max) {
		b->failed = true;
		return b->n - 1;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct polb_bpf_insn *r = realloc(b->rev, cap * sizeof *r);
		if (!r) {
			b->failed = true;
			return b->n ? b->n - 1 : 0;
		}
		b->rev = r;
		b->cap = cap;
	}
	b->rev[b->n] = (struct polb_bpf_insn){ .code = code, .jt = jt, .jf = jf, .k = k };
	return b->n++;
}

bpf_label bpf_here(const struct bpf_emit *b)
{
	return b->n - 1;
}

bpf_label bpf_ret(struct bpf_emit *b, uint32_t k)
{
	return push(b, BPF_RET | BPF_K, 0, 0, k);
}

bpf_label bpf_ld_abs(struct bpf_emit *b, uint32_t offset)
{
	return push(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, offset);
}

bpf_label bpf_and(struct bpf_emit *b, uint32_t k)
{
	return push(b, BPF_ALU | BPF_AND | BPF_K, 0, 0, k);
}

/* Instructions between the one about to be written and `target`. */
static size_t distance(const struct bpf_emit *b, bpf_label target)
{
	return b->n - target - 1;
}

bpf_label bpf_jump(struct bpf_emit *b, uint16_t op, uint32_t k, bpf_label jt, bpf_label jf)
{
	if (jt == jf) /* both ways lead to one place: no test needed */
		return jt;
	/* Far targets: a `ja` right before the test, which jumps 0 to it. */
	if (distance(b, jt) > 255)
		jt = push(b, BPF_JMP | BPF_JA, 0, 0, (uint32_t)distance(b, jt));
	if (distance(b, jf) > 255)
		jf = push(b, BPF_JMP | BPF_JA, 0, 0, (uint32_t)distance(b, jf));
	return push(b, BPF_JMP | op | BPF_K, (uint8_t)distance(b, jt), (uint8_t)distance(b, jf), k);
}

bool bpf_near(const struct bpf_emit *b, bpf_label l)
{
	return distance(b, l) <= 255;
}

bpf_label bpf_flow(struct bpf_emit *b, bpf_label to)
{
	if (b->n && to == b->n - 1)
		return to;
	return push(b, BPF_JMP | BPF_JA, 0, 0, (uint32_t)distance(b, to));
}

struct polb_bpf_insn *bpf_emit_finish(struct bpf_emit *b, size_t *n)
{
	if (b->failed || b->n == 0)
		return NULL;
	struct polb_bpf_insn *out = malloc(b->n * sizeof *out);
	if (!out)
		return NULL;
	for (size_t i = 0; i < b->n; i++)
		out[i] = b->rev[b->n - 1 - i];
	*n = b->n;
	return out;
}
