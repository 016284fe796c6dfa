/* Classic BPF disassembler for seccomp programs (see dump_bpf.h). The
 * notation is the kernel's bpf_dbg / tcpdump -d one: ld [k], jeq #k,
 * ret #k; jump targets are printed as absolute instruction indexes. */
#include "dump_bpf.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>

#include "vocab/vocab.h"

enum { A_OTHER, A_NR, A_ARCH };

const char *bpf_action_name(uint32_t ret)
{
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: return "kill_process";
	case SECCOMP_RET_KILL_THREAD: return "kill_thread";
	case SECCOMP_RET_TRAP: return "trap";
	case SECCOMP_RET_ERRNO: return "errno";
	case SECCOMP_RET_USER_NOTIF: return "user_notif";
	case SECCOMP_RET_TRACE: return "trace";
	case SECCOMP_RET_LOG: return "log";
	case SECCOMP_RET_ALLOW: return "allow";
	}
	return "unknown";
}

void bpf_dis_init(struct bpf_dis *d, const struct polb_view *v, uint32_t host_arch)
{
	d->view = v;
	d->arch = host_arch;
	d->a_holds = A_OTHER;
	for (int i = 0; i < 16; i++)
		d->mem_holds[i] = A_OTHER;
	d->narch_at = 0;
}

/* The syscall `nr` stands for on the arch under test: from the compiler's
 * tables, else from the blob's own names section. x32 numbers carry bit 30. */
static const char *syscall_name(const struct bpf_dis *d, uint32_t nr)
{
	const char *name = NULL;
	const struct arch_row *x32 = &arch_table[IR_ARCH_X32];
	int arch = arch_from_audit(d->arch);
	if (d->arch == x32->audit && (nr & x32->nr_bit))
		name = vocab_syscall_name(IR_ARCH_X32, (int)nr);
	else if (arch >= 0 && nr < 0x10000)
		name = vocab_syscall_name((enum ir_arch)arch, (int)nr);
	for (size_t i = 0; !name && d->view && i < d->view->nsyscall_names; i++) {
		const struct polb_syscall_name *s = &d->view->syscall_names[i];
		if (s->audit_arch == d->arch && s->nr == nr)
			name = polb_str(d->view, s->name);
	}
	return name;
}

static void load_comment(uint32_t k, char *c, size_t size)
{
	if (k == 0)
		snprintf(c, size, "nr");
	else if (k == 4)
		snprintf(c, size, "arch");
	else if (k == 8 || k == 12)
		snprintf(c, size, "instruction_pointer %s", k == 8 ? "low" : "high");
	else if (k >= 16 && k < 64)
		snprintf(c, size, "args[%u] %s", (k - 16) / 8, (k % 8) ? "high" : "low");
}

static void ret_text(uint32_t k, char *t, size_t tsize, char *c, size_t csize)
{
	snprintf(t, tsize, "ret #0x%08x", k);
	uint32_t act = k & SECCOMP_RET_ACTION_FULL;
	uint32_t data = k & SECCOMP_RET_DATA;
	if (act == SECCOMP_RET_ERRNO) {
		const char *en = vocab_errno_name((int)data);
		snprintf(c, csize, "errno %s", en ? en : "");
		if (!en)
			snprintf(c, csize, "errno %u", data);
	} else if (data && act != SECCOMP_RET_KILL_PROCESS && act != SECCOMP_RET_KILL_THREAD) {
		snprintf(c, csize, "%s data %u", bpf_action_name(k), data);
	} else {
		snprintf(c, csize, "%s", bpf_action_name(k));
	}
}

static const char *alu_name(uint16_t op)
{
	switch (op) {
	case BPF_ADD: return "add";
	case BPF_SUB: return "sub";
	case BPF_MUL: return "mul";
	case BPF_DIV: return "div";
	case BPF_OR: return "or";
	case BPF_AND: return "and";
	case BPF_LSH: return "lsh";
	case BPF_RSH: return "rsh";
	case BPF_NEG: return "neg";
	case BPF_MOD: return "mod";
	case BPF_XOR: return "xor";
	}
	return "alu?";
}

static const char *jmp_name(uint16_t op)
{
	switch (op) {
	case BPF_JA: return "ja";
	case BPF_JEQ: return "jeq";
	case BPF_JGT: return "jgt";
	case BPF_JGE: return "jge";
	case BPF_JSET: return "jset";
	}
	return "j?";
}

/* A compare of A with a constant: name the arch or the syscall. A compare
 * with an arch also tells which arch the code that follows tests. */
static void jmp_comment(struct bpf_dis *d, uint16_t op, uint32_t k, size_t jt_target,
			char *c, size_t size)
{
	if (d->a_holds == A_ARCH && op == BPF_JEQ) {
		const char *an = arch_audit_name(k);
		if (an) {
			snprintf(c, size, "%s", an);
			if (d->narch_at < sizeof(d->arch_at) / sizeof(d->arch_at[0])) {
				d->arch_at[d->narch_at].pc = jt_target;
				d->arch_at[d->narch_at++].arch = k;
			}
		}
	} else if (d->a_holds == A_NR && op == BPF_JEQ) {
		const char *sn = syscall_name(d, k);
		if (sn)
			snprintf(c, size, "%s", sn);
	} else if (d->a_holds == A_NR && (op == BPF_JGE || op == BPF_JGT) &&
		   k == 0x40000000u) {
		snprintf(c, size, "x32 syscall bit");
	} else if (d->a_holds == A_NR && (op == BPF_JGE || op == BPF_JGT)) {
		/* a range search: name the boundary */
		const char *sn = syscall_name(d, op == BPF_JGE ? k : k + 1);
		if (sn)
			snprintf(c, size, "nr >= %s", sn);
	}
}

void bpf_dis_insn(struct bpf_dis *d, const struct polb_bpf_insn *insns, size_t pc,
		  char *buf, size_t size)
{
	const struct polb_bpf_insn *in = &insns[pc];
	uint16_t c = in->code;
	char t[64] = "", cm[96] = "";
	size_t next = pc + 1;
	for (size_t i = 0; i < d->narch_at; i++)
		if (d->arch_at[i].pc == pc)
			d->arch = d->arch_at[i].arch;
	switch (BPF_CLASS(c)) {
	case BPF_LD:
	case BPF_LDX: {
		const char *op = BPF_CLASS(c) == BPF_LD ? "ld" : "ldx";
		if (BPF_MODE(c) == BPF_ABS) {
			snprintf(t, sizeof(t), "%s [%u]", op, in->k);
			load_comment(in->k, cm, sizeof(cm));
		} else if (BPF_MODE(c) == BPF_IMM) {
			snprintf(t, sizeof(t), "%s #0x%x", op, in->k);
		} else if (BPF_MODE(c) == BPF_MEM) {
			snprintf(t, sizeof(t), "%s M[%u]", op, in->k);
		} else if (BPF_MODE(c) == BPF_LEN) {
			snprintf(t, sizeof(t), "%s #len", op);
			snprintf(cm, sizeof(cm), "sizeof(seccomp_data)");
		} else {
			snprintf(t, sizeof(t), "%s ?", op);
		}
		if (BPF_CLASS(c) == BPF_LD && BPF_MODE(c) == BPF_MEM)
			d->a_holds = d->mem_holds[in->k % 16];
		else if (BPF_CLASS(c) == BPF_LD)
			d->a_holds = (c == (BPF_LD | BPF_W | BPF_ABS) && in->k == 0) ? A_NR
				   : (c == (BPF_LD | BPF_W | BPF_ABS) && in->k == 4) ? A_ARCH
				   : A_OTHER;
		break;
	}
	case BPF_ST:
	case BPF_STX:
		snprintf(t, sizeof(t), "%s M[%u]", BPF_CLASS(c) == BPF_ST ? "st" : "stx", in->k);
		d->mem_holds[in->k % 16] = BPF_CLASS(c) == BPF_ST ? d->a_holds : A_OTHER;
		break;
	case BPF_ALU:
		if (BPF_OP(c) == BPF_NEG)
			snprintf(t, sizeof(t), "neg");
		else if (BPF_SRC(c) == BPF_X)
			snprintf(t, sizeof(t), "%s x", alu_name(BPF_OP(c)));
		else
			snprintf(t, sizeof(t), "%s #0x%x", alu_name(BPF_OP(c)), in->k);
		d->a_holds = A_OTHER;
		break;
	case BPF_JMP:
		if (BPF_OP(c) == BPF_JA) {
			snprintf(t, sizeof(t), "ja %zu", next + in->k);
		} else {
			if (BPF_SRC(c) == BPF_X)
				snprintf(t, sizeof(t), "%s x jt %zu jf %zu", jmp_name(BPF_OP(c)),
					 next + in->jt, next + in->jf);
			else
				snprintf(t, sizeof(t), "%s #0x%x jt %zu jf %zu", jmp_name(BPF_OP(c)),
					 in->k, next + in->jt, next + in->jf);
			if (BPF_SRC(c) == BPF_K)
				jmp_comment(d, BPF_OP(c), in->k, next + in->jt, cm, sizeof(cm));
		}
		break;
	case BPF_RET:
		if (BPF_RVAL(c) == BPF_A)
			snprintf(t, sizeof(t), "ret a");
		else
			ret_text(in->k, t, sizeof(t), cm, sizeof(cm));
		break;
	case BPF_MISC:
		snprintf(t, sizeof(t), "%s", BPF_MISCOP(c) == BPF_TAX ? "tax" : "txa");
		if (BPF_MISCOP(c) != BPF_TAX)
			d->a_holds = A_OTHER;
		break;
	}
	if (cm[0])
		snprintf(buf, size, "%04zu: %-32s ; %s", pc, t, cm);
	else
		snprintf(buf, size, "%04zu: %s", pc, t);
}
