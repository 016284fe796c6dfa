/* Syscall decisions of a policy, as the kernel would take them: the
 * `syscalls` section compiled by compiler/seccomp for one host and run in
 * the in-tree interpreter (compiler/bpf_interp.h). `polc diff`
 * compares two policies' decisions per syscall and argument values;
 * `polc audit` asks whether a dangerous call gets through. */
#ifndef POL_REVIEW_SC_H
#define POL_REVIEW_SC_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "ir.h"
#include "polb.h"

struct review_sc {
	bool filtered;    /* the policy has a syscalls section */
	enum ir_arch host;
	uint32_t admitted; /* arches this host's program lets through (bit per ir_arch) */
	struct polb_bpf_insn *prog; /* NULL: no filter, or no arch admitted */
	size_t n;
};

/* Compile ir's filter for `host` (kill stays kill: no notification).
 * Returns 0, or -1 with e set. */
int review_sc_build(const struct pol_ir *ir, enum ir_arch host, struct review_sc *sc,
		    struct err *e);
void review_sc_free(struct review_sc *sc);

/* The SECCOMP_RET_* value for (arch, nr, args): SECCOMP_RET_ALLOW without a
 * filter, SECCOMP_RET_KILL_PROCESS for an arch the program does not admit. */
uint32_t review_sc_decide(const struct review_sc *sc, enum ir_arch arch, int nr,
			  const uint64_t args[6]);

/* The call goes through: ALLOW, LOG (allowed and logged), TRACE without a
 * tracer being refused is not produced by polc. */
bool review_sc_allows(uint32_t ret);

/* "allow", "errno EPERM", "kill_process", ... into buf. */
const char *review_sc_ret_text(uint32_t ret, char *buf, size_t size);

/* Whether the named syscall is allowed on `host` for some of the given
 * argument vectors (every arch the host runs that the filter admits; NULL
 * args: all zero). */
bool review_sc_allows_name(const struct review_sc *sc, const char *name,
			   const uint64_t (*args)[6], size_t nargs);

#endif
