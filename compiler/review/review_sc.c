/* Syscall decisions through the compiled program (see review_sc.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_sc.h"
#include "seccomp/bpf_interp.h"
#include "seccomp/seccomp_gen.h"
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
	struct seccomp_data d = bpf_data(vocab_audit_arch(arch), (uint32_t)nr, args ? args : zero);
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
	uint32_t action = ret & SECCOMP_RET_ACTION_FULL;
	const char *errname;
	switch (action) {
	case SECCOMP_RET_ALLOW: snprintf(buf, size, "allow"); break;
	case SECCOMP_RET_LOG: snprintf(buf, size, "log"); break;
	case SECCOMP_RET_KILL_PROCESS: snprintf(buf, size, "kill_process"); break;
	case SECCOMP_RET_KILL_THREAD: snprintf(buf, size, "kill_thread"); break;
	case SECCOMP_RET_TRAP: snprintf(buf, size, "trap"); break;
	case SECCOMP_RET_USER_NOTIF: snprintf(buf, size, "notify"); break;
	case SECCOMP_RET_ERRNO:
		errname = vocab_errno_name((int)(ret & SECCOMP_RET_DATA));
		if (errname)
			snprintf(buf, size, "errno %s", errname);
		else
			snprintf(buf, size, "errno %u", ret & SECCOMP_RET_DATA);
		break;
	default: snprintf(buf, size, "0x%08x", ret); break;
	}
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

static const char *const cmp_text[] = {
	[IR_CMP_EQ] = "==", [IR_CMP_NE] = "!=", [IR_CMP_LT] = "<", [IR_CMP_LE] = "<=",
	[IR_CMP_GT] = ">", [IR_CMP_GE] = ">=", [IR_CMP_MASKED_EQ] = "==",
};

static size_t term_text(const char *syscall, const struct ir_cmp_term *t, char *buf, size_t size)
{
	size_t nargs = 0;
	const char *const *names = vocab_syscall_arg_names(syscall, &nargs);
	char argbuf[16];
	const char *arg = argbuf;
	if (names && t->arg < nargs)
		arg = names[t->arg];
	else
		snprintf(argbuf, sizeof argbuf, "arg%u", t->arg);
	int len;
	if (t->op == IR_CMP_MASKED_EQ)
		len = snprintf(buf, size, "%s & 0x%llx == 0x%llx", arg, (unsigned long long)t->mask,
			       (unsigned long long)t->value);
	else
		len = snprintf(buf, size, "%s %s 0x%llx", arg, cmp_text[t->op],
			       (unsigned long long)t->value);
	return len < 0 ? 0 : (size_t)len >= size ? size - 1 : (size_t)len;
}

const char *review_cond_text(const char *syscall, const struct ir_cond *c, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	if (!c->nconj) {
		snprintf(buf, size, "always");
		return buf;
	}
	for (size_t i = 0; i < c->nconj && len + 1 < size; i++) {
		if (i)
			len += (size_t)snprintf(buf + len, size - len, " or ");
		for (size_t j = 0; j < c->conj[i].nterms && len + 1 < size; j++) {
			if (j)
				len += (size_t)snprintf(buf + len, size - len, " and ");
			if (len + 1 < size)
				len += term_text(syscall, &c->conj[i].terms[j], buf + len, size - len);
		}
	}
	return buf;
}
