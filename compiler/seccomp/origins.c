/* Where each refusing syscall rule came from, for enforce's messages
 * (`refused kcmp: EACCES by @namespaces`): the blob's SYSCALL_ORIGINS
 * section (docs/polb.md). Per host-run, admitted arch and syscall number,
 * the first rule naming that syscall whose action does not allow: its
 * group (`@namespaces`) when a group brought it in, else FILE:LINE. A
 * syscall decided by the default alone has no entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp/seccomp_gen.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

static const struct ir_rule *refusing_rule(const struct ir_syscalls *sc, const char *name)
{
	for (size_t i = 0; i < sc->nrules; i++) {
		const struct ir_rule *r = &sc->rules[i];
		if (strcmp(r->syscall, name) == 0 && r->act.action != IR_ACT_ALLOW)
			return r;
	}
	return NULL;
}

static char *origin_text(const struct ir_rule *r)
{
	if (r->via_group)
		return xstrdup(r->via_group);
	if (!r->at.file)
		return NULL;
	const char *base = strrchr(r->at.file, '/');
	char buf[512];
	snprintf(buf, sizeof buf, "%s:%d", base ? base + 1 : r->at.file, r->at.line);
	return xstrdup(buf);
}

int seccomp_syscall_origins(const struct pol_ir *ir, enum ir_arch host,
			    struct writer_syscall_name **out, size_t *n, struct err *e)
{
	(void)e;
	uint32_t runs = seccomp_host_runs(host);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		if (!(runs & 1u << a) || !(ir->syscalls.arches & 1u << a))
			continue;
		int base = vocab_syscall_base((enum ir_arch)a), limit = vocab_syscall_limit((enum ir_arch)a);
		for (int nr = base; nr < limit; nr++) {
			const char *name = vocab_syscall_name((enum ir_arch)a, nr);
			const struct ir_rule *r = name ? refusing_rule(&ir->syscalls, name) : NULL;
			char *text = r ? origin_text(r) : NULL;
			if (!text)
				continue;
			if (*n == cap) {
				cap = cap ? 2 * cap : 64;
				*out = xreallocarray(*out, cap, sizeof **out);
			}
			(*out)[(*n)++] = (struct writer_syscall_name){
				.audit_arch = arch_audit((enum ir_arch)a), .nr = (uint32_t)nr, .name = text };
		}
	}
	return 0;
}
