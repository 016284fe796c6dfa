/* Classic BPF checks for seccomp programs read from a blob, before they can
 * reach the kernel. The kernel checks a filter too (bpf_check_classic and
 * seccomp_check_filter), but the enforcer must refuse a bad blob before it
 * applies anything, with a line that names the instruction; and polc runs
 * the same check on what it generated. Rules, as the kernel's and more:
 *  - 1..POLB_MAX_BPF_INSNS instructions, every opcode one seccomp accepts;
 *  - loads from seccomp_data: 32-bit, aligned, inside the 64-byte struct;
 *  - scratch memory M[0..15] indexed in range and written on every path
 *    before it is read;
 *  - no division or modulo by constant zero, no shift by 32 or more;
 *  - every jump lands inside the program (jumps only go forward);
 *  - the last instruction is a return, so with forward-only jumps every
 *    path ends in one.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>

#include "polb_reader.h"

#define SECCOMP_DATA_SIZE 64u /* sizeof(struct seccomp_data) */

static int bad_insn(struct err *e, size_t pc, const char *what)
{
	return err_set(e, 0, "blob", "insn %zu: %s", pc, what);
}

static bool alu_op_ok(uint16_t code)
{
	switch (BPF_OP(code)) {
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_DIV: case BPF_OR:
	case BPF_AND: case BPF_LSH: case BPF_RSH: case BPF_MOD: case BPF_XOR:
		return true;
	case BPF_NEG:
		return BPF_SRC(code) == BPF_K;
	default:
		return false;
	}
}

/* One instruction on its own: opcode known to seccomp, operands sane. */
static int check_one(const struct polb_bpf_insn *in, size_t pc, size_t n, struct err *e)
{
	uint16_t c = in->code;
	switch (BPF_CLASS(c)) {
	case BPF_LD:
		if (c == (BPF_LD | BPF_W | BPF_ABS)) {
			if (in->k >= SECCOMP_DATA_SIZE || in->k % 4)
				return bad_insn(e, pc, "load outside seccomp_data or unaligned");
			return 0;
		}
		if (c == (BPF_LD | BPF_W | BPF_LEN) || c == (BPF_LD | BPF_IMM))
			return 0;
		if (c == (BPF_LD | BPF_MEM))
			return in->k < BPF_MEMWORDS ? 0 : bad_insn(e, pc, "scratch slot out of range");
		return bad_insn(e, pc, "load opcode not allowed in seccomp");
	case BPF_LDX:
		if (c == (BPF_LDX | BPF_W | BPF_LEN) || c == (BPF_LDX | BPF_IMM))
			return 0;
		if (c == (BPF_LDX | BPF_MEM))
			return in->k < BPF_MEMWORDS ? 0 : bad_insn(e, pc, "scratch slot out of range");
		return bad_insn(e, pc, "load opcode not allowed in seccomp");
	case BPF_ST:
	case BPF_STX:
		if (c != BPF_ST && c != BPF_STX)
			return bad_insn(e, pc, "unknown store opcode");
		return in->k < BPF_MEMWORDS ? 0 : bad_insn(e, pc, "scratch slot out of range");
	case BPF_ALU:
		if (!alu_op_ok(c) || (c & ~(BPF_CLASS(0xff) | BPF_OP(0xff) | BPF_SRC(0xff))))
			return bad_insn(e, pc, "unknown ALU opcode");
		if (BPF_SRC(c) == BPF_K && (BPF_OP(c) == BPF_DIV || BPF_OP(c) == BPF_MOD) &&
		    in->k == 0)
			return bad_insn(e, pc, "division by constant zero");
		if (BPF_SRC(c) == BPF_K && (BPF_OP(c) == BPF_LSH || BPF_OP(c) == BPF_RSH) &&
		    in->k >= 32)
			return bad_insn(e, pc, "shift by 32 or more");
		return 0;
	case BPF_JMP:
		if (BPF_OP(c) == BPF_JA) {
			if (c != (BPF_JMP | BPF_JA))
				return bad_insn(e, pc, "unknown jump opcode");
			if (in->k >= n - pc - 1)
				return bad_insn(e, pc, "jump target out of range");
			return 0;
		}
		if (BPF_OP(c) != BPF_JEQ && BPF_OP(c) != BPF_JGT && BPF_OP(c) != BPF_JGE &&
		    BPF_OP(c) != BPF_JSET)
			return bad_insn(e, pc, "unknown jump opcode");
		if (c & ~(BPF_CLASS(0xff) | BPF_OP(0xff) | BPF_SRC(0xff)))
			return bad_insn(e, pc, "unknown jump opcode");
		if ((size_t)in->jt >= n - pc - 1 || (size_t)in->jf >= n - pc - 1)
			return bad_insn(e, pc, "jump target out of range");
		return 0;
	case BPF_RET:
		if (c != (BPF_RET | BPF_K) && c != (BPF_RET | BPF_A))
			return bad_insn(e, pc, "unknown return opcode");
		return 0;
	case BPF_MISC:
		if (c != (BPF_MISC | BPF_TAX) && c != (BPF_MISC | BPF_TXA))
			return bad_insn(e, pc, "unknown misc opcode");
		return 0;
	}
	return bad_insn(e, pc, "unknown opcode class");
}

/* Scratch memory: written[pc] is the set of slots written on every path
 * reaching pc (the kernel's check_load_and_stores does the same). */
static int check_scratch(const struct polb_bpf_insn *insns, size_t n, struct err *e)
{
	uint16_t written[POLB_MAX_BPF_INSNS];
	bool reached[POLB_MAX_BPF_INSNS] = { false };
	reached[0] = true;
	written[0] = 0;
	for (size_t pc = 0; pc < n; pc++) {
		if (!reached[pc])
			continue;
		const struct polb_bpf_insn *in = &insns[pc];
		uint16_t w = written[pc];
		uint16_t c = in->code;
		if ((c == (BPF_LD | BPF_MEM) || c == (BPF_LDX | BPF_MEM)) && !(w & (1u << in->k)))
			return bad_insn(e, pc, "scratch slot read before it is written");
		if (c == BPF_ST || c == BPF_STX)
			w |= (uint16_t)(1u << in->k);
		size_t next[2];
		size_t nnext = 0;
		if (BPF_CLASS(c) == BPF_RET)
			continue;
		if (BPF_CLASS(c) == BPF_JMP && BPF_OP(c) == BPF_JA) {
			next[nnext++] = pc + 1 + in->k;
		} else if (BPF_CLASS(c) == BPF_JMP) {
			next[nnext++] = pc + 1 + in->jt;
			next[nnext++] = pc + 1 + in->jf;
		} else {
			next[nnext++] = pc + 1;
		}
		for (size_t i = 0; i < nnext; i++) {
			size_t t = next[i];
			if (t >= n)
				return bad_insn(e, pc, "falls off the end of the program");
			written[t] = reached[t] ? (uint16_t)(written[t] & w) : w;
			reached[t] = true;
		}
	}
	return 0;
}

int polb_check_bpf(const struct polb_bpf_insn *insns, size_t n, struct err *e)
{
	if (n == 0 || n > POLB_MAX_BPF_INSNS)
		return err_set(e, 0, "blob", "program of %zu instructions (1..%u allowed)",
			       n, POLB_MAX_BPF_INSNS);
	for (size_t pc = 0; pc < n; pc++)
		if (check_one(&insns[pc], pc, n, e) < 0)
			return -1;
	if (BPF_CLASS(insns[n - 1].code) != BPF_RET)
		return bad_insn(e, n - 1, "program does not end in a return");
	return check_scratch(insns, n, e);
}
