/* The classic BPF interpreter (bpf_interp.h). Mirrors the kernel's
 * ___bpf_prog_run for the opcodes seccomp allows: 32-bit loads from
 * seccomp_data, immediate and scratch loads, ALU, jumps, returns. */
#include "bpf_interp.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <stddef.h>
#include <string.h>

struct seccomp_data bpf_data(uint32_t audit_arch, uint32_t nr, const uint64_t args[6])
{
	struct seccomp_data d;
	memset(&d, 0, sizeof d);
	d.nr = (int)nr;
	d.arch = audit_arch;
	/* Arches without __AUDIT_ARCH_LE (s390x) are big-endian: the word at
	 * the lower offset of an argument is its high half. */
	bool big_endian = !(audit_arch & __AUDIT_ARCH_LE);
	for (int i = 0; args && i < 6; i++) {
		uint32_t w[2] = { (uint32_t)args[i], (uint32_t)(args[i] >> 32) };
		if (big_endian) {
			uint32_t t = w[0];
			w[0] = w[1];
			w[1] = t;
		}
		memcpy((char *)&d.args[i], w, sizeof w);
	}
	return d;
}

static int alu(uint16_t code, uint32_t *a, uint32_t v)
{
	switch (BPF_OP(code)) {
	case BPF_ADD: *a += v; return 0;
	case BPF_SUB: *a -= v; return 0;
	case BPF_MUL: *a *= v; return 0;
	case BPF_DIV: if (!v) return -1; *a /= v; return 0;
	case BPF_MOD: if (!v) return -1; *a %= v; return 0;
	case BPF_OR: *a |= v; return 0;
	case BPF_AND: *a &= v; return 0;
	case BPF_XOR: *a ^= v; return 0;
	case BPF_LSH: if (v >= 32) return -1; *a <<= v; return 0;
	case BPF_RSH: if (v >= 32) return -1; *a >>= v; return 0;
	case BPF_NEG: *a = -*a; return 0;
	}
	return -1;
}

static int jump_taken(uint16_t code, uint32_t a, uint32_t v)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ: return a == v;
	case BPF_JGT: return a > v;
	case BPF_JGE: return a >= v;
	case BPF_JSET: return (a & v) != 0;
	}
	return -1;
}

int bpf_interp(const struct polb_bpf_insn *prog, size_t n, const struct seccomp_data *d,
	       uint32_t *ret, unsigned *steps)
{
	uint32_t words;
	return bpf_interp_reads(prog, n, d, ret, steps, &words);
}

int bpf_interp_reads(const struct polb_bpf_insn *prog, size_t n, const struct seccomp_data *d,
		     uint32_t *ret, unsigned *steps, uint32_t *words)
{
	*words = 0;
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	const unsigned char *data = (const unsigned char *)d;
	unsigned count = 0;
	for (size_t pc = 0; pc < n; pc++) {
		const struct polb_bpf_insn *in = &prog[pc];
		uint32_t k = in->k;
		count++;
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			if (in->code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (k > sizeof *d - 4 || k % 4)
					return -1;
				memcpy(&a, data + k, 4);
				*words |= 1u << (k / 4);
			} else if (in->code == (BPF_LD | BPF_W | BPF_LEN)) {
				a = sizeof *d;
			} else if (in->code == (BPF_LD | BPF_IMM)) {
				a = k;
			} else if (in->code == (BPF_LD | BPF_MEM) && k < BPF_MEMWORDS) {
				a = mem[k];
			} else {
				return -1;
			}
			break;
		case BPF_LDX:
			if (in->code == (BPF_LDX | BPF_W | BPF_LEN))
				x = sizeof *d;
			else if (in->code == (BPF_LDX | BPF_IMM))
				x = k;
			else if (in->code == (BPF_LDX | BPF_MEM) && k < BPF_MEMWORDS)
				x = mem[k];
			else
				return -1;
			break;
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return -1;
			mem[k] = BPF_CLASS(in->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			if (alu(in->code, &a, BPF_SRC(in->code) == BPF_X ? x : k) < 0)
				return -1;
			break;
		case BPF_JMP: {
			if (BPF_OP(in->code) == BPF_JA) {
				if (k >= n - pc - 1)
					return -1;
				pc += k;
				break;
			}
			int taken = jump_taken(in->code, a, BPF_SRC(in->code) == BPF_X ? x : k);
			if (taken < 0)
				return -1;
			size_t off = taken ? in->jt : in->jf;
			if (off >= n - pc - 1)
				return -1;
			pc += off;
			break;
		}
		case BPF_RET:
			*ret = BPF_RVAL(in->code) == BPF_A ? a : k;
			*steps = count;
			return 0;
		case BPF_MISC:
			if (BPF_MISCOP(in->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return -1;
		}
	}
	return -1; /* ran off the end */
}

bool bpf_const_allow(const struct polb_bpf_insn *prog, size_t n, uint32_t audit_arch,
		     uint32_t nr)
{
	uint32_t a = 0;
	for (size_t pc = 0; pc < n; pc++) {
		const struct polb_bpf_insn *in = &prog[pc];
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k == offsetof(struct seccomp_data, nr))
				a = nr;
			else if (in->k == offsetof(struct seccomp_data, arch))
				a = audit_arch;
			else
				return false;
			break;
		case BPF_RET | BPF_K:
			return in->k == SECCOMP_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += in->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += jump_taken(in->code, a, in->k) ? in->jt : in->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= in->k;
			break;
		default:
			return false;
		}
	}
	return false;
}
