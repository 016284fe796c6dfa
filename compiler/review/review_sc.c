/* Syscall decisions through the compiled program (see review_sc.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_sc.h"
#include "bpf_interp.h"
#include "seccomp/seccomp_gen.h"
#include "text/pol_print.h"
#include "util/strbuf.h"
#include "vocab/vocab.h"

int review_sc_build(const struct pol_ir *ir, enum ir_arch host, struct review_sc *sc,
		    struct err *e)
{
	*sc = (struct review_sc){ .filtered = ir->syscalls.set, .host = host };
	if (!sc->filtered) {
		sc->admitted = seccomp_host_runs(host);
		return 0;
	}
	sc->admitted = seccomp_host_runs(host) & ir->syscalls.arches;
	if (!sc->admitted)
		return 0; /* every call from this host is killed */
	uint32_t flags;
	return seccomp_generate_opts(ir, host, SECCOMP_GEN_NO_NOTIFY, &sc->prog, &sc->n, &flags, e);
}

void review_sc_free(struct review_sc *sc)
{
	free(sc->prog);
	sc->prog = NULL;
}

uint32_t review_sc_decide(const struct review_sc *sc, enum ir_arch arch, int nr,
			  const uint64_t args[6])
{
	static const uint64_t zero[6];
	if (!sc->filtered)
		return SECCOMP_RET_ALLOW;
	if (!(sc->admitted & 1u << arch) || !sc->prog)
		return SECCOMP_RET_KILL_PROCESS;
	struct seccomp_data d = bpf_data(arch_audit(arch), (uint32_t)nr, args ? args : zero);
	uint32_t ret;
	unsigned steps;
	if (bpf_interp(sc->prog, sc->n, &d, &ret, &steps) < 0)
		return SECCOMP_RET_KILL_PROCESS; /* the kernel would refuse the program */
	return ret;
}

bool review_sc_allows(uint32_t ret)
{
	uint32_t action = ret & SECCOMP_RET_ACTION_FULL;
	return action == SECCOMP_RET_ALLOW || action == SECCOMP_RET_LOG;
}

const char *review_sc_ret_text(uint32_t ret, char *buf, size_t size)
{
	struct strbuf b = STRBUF_INIT;
	pol_put_seccomp_ret(&b, ret);
	snprintf(buf, size, "%s", sb_str(&b)); /* a bounded copy: an action is short */
	sb_free(&b);
	return buf;
}

bool review_sc_allows_name(const struct review_sc *sc, const char *name,
			   const uint64_t (*args)[6], size_t nargs)
{
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		if (!(seccomp_host_runs(sc->host) & 1u << a))
			continue;
		int nr = vocab_syscall_nr((enum ir_arch)a, name);
		if (nr < 0)
			continue;
		for (size_t i = 0; i < (nargs ? nargs : 1); i++)
			if (review_sc_allows(review_sc_decide(sc, (enum ir_arch)a, nr,
							      nargs ? args[i] : NULL)))
				return true;
	}
	return false;
}
