/* Where a `syscalls` section becomes classic BPF (docs/seccomp.md).
 *
 * One program per host architecture: the x86_64 program also admits the
 * i386 (`int 0x80`) and x32 entries when the policy lists them, the aarch64
 * program also admits arm; every architecture the policy does not list is
 * killed. Layout: arch dispatch, then per architecture a balanced binary
 * search over ranges of syscall numbers that share a decision, then, only
 * for syscalls with argument conditions, a block that loads arguments. So a
 * decision costs a handful of instructions and every rule without
 * conditions is decided from (arch, nr) alone: the kernel's action cache
 * keeps it.
 *
 * When the effective default is kill_process, kills (and calls from
 * architectures not listed) return SECCOMP_RET_USER_NOTIF instead and *flags gets POLB_SECCOMP_NOTIFY: the
 * enforcer names the blocked syscall, then kills (enforcer/seccomp.h).
 *
 * Syscall numbers come from compiler/vocab (kernel 7.3 tables), so syscalls
 * that libseccomp 2.5.4 does not know compile like any other. */
#ifndef POL_COMPILER_SECCOMP_GEN_H
#define POL_COMPILER_SECCOMP_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "blob_parts.h"
#include "err.h"
#include "ir.h"
#include "polb.h"

enum {
	/* kill_process stays SECCOMP_RET_KILL_PROCESS, no notification (a
	 * program loaded without enforce's supervisor: tests, bench). */
	SECCOMP_GEN_NO_NOTIFY = 1u << 0,
};

/* Host architectures the policy needs a program for (bit per enum
 * ir_arch): each listed arch, with x86 and x32 run by an x86_64 host and
 * arm by an aarch64 host. */
uint32_t seccomp_host_arches(const struct ir_syscalls *sc);

/* The arches (bit per enum ir_arch) a host can run: x86_64 -> x86_64, x86,
 * x32; aarch64 -> aarch64, arm; others themselves. */
uint32_t seccomp_host_runs(enum ir_arch host);

/* Compile ir->syscalls for `host`. *prog is malloc'd (free it); *n its
 * length; *flags POLB_SECCOMP_*. The result has passed polb_check_bpf.
 * Returns 0, or -1 with e set (step "seccomp"). */
int seccomp_generate(const struct pol_ir *ir, enum ir_arch host,
		     struct polb_bpf_insn **prog, size_t *n, uint32_t *flags,
		     struct err *e);
int seccomp_generate_opts(const struct pol_ir *ir, enum ir_arch host, uint32_t opts,
			  struct polb_bpf_insn **prog, size_t *n, uint32_t *flags,
			  struct err *e);

/* The names enforce prints for a blocked syscall: in notify mode, every
 * syscall that may be killed on every arch `host` runs (those the policy
 * does not list included: their calls are named too, then killed); none
 * otherwise. *names is malloc'd; the name strings are static (vocab).
 * For the blob's SYSCALL_NAMES section. */
int seccomp_syscall_names(const struct pol_ir *ir, enum ir_arch host,
			  struct writer_syscall_name **names, size_t *n, struct err *e);

/* Where the rule that refuses each syscall came from ("@namespaces", or
 * "app.pol:12"), per (arch, nr) that `host` runs and the policy admits,
 * for the blob's SYSCALL_ORIGINS section (compiler/seccomp/origins.c).
 * *out and every name in it are malloc'd: the caller frees both. */
int seccomp_syscall_origins(const struct pol_ir *ir, enum ir_arch host,
			    struct writer_syscall_name **out, size_t *n, struct err *e);
/* The argument names ("fd,request,argp") of each syscall some rule
 * conditions on, the same way, for SYSCALL_ARGS. */
int seccomp_syscall_args(const struct pol_ir *ir, enum ir_arch host,
			 struct writer_syscall_name **out, size_t *n, struct err *e);

#endif
