/* A small classic-BPF disassembler for seccomp programs, for polc dump:
 * one line per instruction, with jump targets as absolute indexes and
 * comments naming what is loaded (nr, arch, args[i]), the architecture a
 * constant is compared with, the syscall a number stands for on the
 * architecture being tested, and the action a return takes. */
#ifndef POL_COMPILER_DUMP_BPF_H
#define POL_COMPILER_DUMP_BPF_H

#include <stddef.h>
#include <stdint.h>

#include "polb.h"
#include "polb_reader.h"

struct bpf_dis {
	const struct polb_view *view; /* syscall names section, as a fallback */
	uint32_t arch;                /* AUDIT_ARCH_* the program tests now */
	int a_holds;                  /* what register A holds, see dump_bpf.c */
	int mem_holds[16];            /* the same for scratch slots M[0..15] */
	/* where the code for an architecture starts: the jt target of a
	 * "jeq #AUDIT_ARCH_..." after loading the arch */
	struct { size_t pc; uint32_t arch; } arch_at[16];
	size_t narch_at;
};

void bpf_dis_init(struct bpf_dis *d, const struct polb_view *v, uint32_t host_arch);

/* Render instruction pc into buf: "jeq #0x65 jt 7 jf 8  ; ptrace". Call
 * for pc = 0, 1, ... in order (comments follow what A holds). */
void bpf_dis_insn(struct bpf_dis *d, const struct polb_bpf_insn *insns, size_t pc,
		  char *buf, size_t size);

/* "kill_process", "errno", "allow", ... for SECCOMP_RET_* (action part). */
const char *bpf_action_name(uint32_t ret);

#endif
