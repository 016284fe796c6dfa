/* What enforce's messages say about a refusal beyond the syscall's name,
 * as the blob's SYSCALL_ORIGINS and SYSCALL_ARGS sections (docs/polb.md):
 * per host-run, admitted arch and syscall number,
 * - where the first rule naming that syscall whose action does not allow
 *   came from: its group (`@namespaces`) when a group brought it in, else
 *   FILE:LINE (`refused kcmp: EACCES by @namespaces`); a syscall decided
 *   by the default alone has no entry;
 * - for a syscall some rule conditions on arguments, their names as the
 *   man page gives them, comma-separated (`blocked syscall
 *   personality(persona=0x1234)`). */
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

static bool tests_args(const struct ir_syscalls *sc, const char *name)
{
	for (size_t i = 0; i < sc->nrules; i++)
		if (sc->rules[i].cond.nconj && strcmp(sc->rules[i].syscall, name) == 0)
			return true;
	return false;
}

/* "fd,request,argp", or NULL when no rule tests name's arguments. */
static char *args_text(const struct ir_syscalls *sc, const char *name)
{
	size_t count = 0;
	const char *const *names = tests_args(sc, name) ? vocab_syscall_arg_names(name, &count) : NULL;
	if (!names || !count)
		return NULL;
	char buf[256];
	size_t used = 0;
	for (size_t i = 0; i < count && used < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "",
					 names[i] ? names[i] : "-");
	return xstrdup(buf);
}

static char *rule_origin(const struct ir_syscalls *sc, const char *name)
{
	const struct ir_rule *r = refusing_rule(sc, name);
	return r ? origin_text(r) : NULL;
}

/* One list of (arch, nr, text) for every admitted number text() says something about. */
static int name_texts(const struct pol_ir *ir, enum ir_arch host,
		      char *(*text)(const struct ir_syscalls *, const char *),
		      struct writer_syscall_name **out, size_t *n)
{
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
			char *said = name ? text(&ir->syscalls, name) : NULL;
			if (!said)
				continue;
			if (*n == cap) {
				cap = cap ? 2 * cap : 64;
				*out = xreallocarray(*out, cap, sizeof **out);
			}
			(*out)[(*n)++] = (struct writer_syscall_name){
				.audit_arch = arch_audit((enum ir_arch)a), .nr = (uint32_t)nr, .name = said };
		}
	}
	return 0;
}

int seccomp_syscall_origins(const struct pol_ir *ir, enum ir_arch host,
			    struct writer_syscall_name **out, size_t *n, struct err *e)
{
	(void)e;
	return name_texts(ir, host, rule_origin, out, n);
}

int seccomp_syscall_args(const struct pol_ir *ir, enum ir_arch host,
			 struct writer_syscall_name **out, size_t *n, struct err *e)
{
	(void)e;
	return name_texts(ir, host, args_text, out, n);
}
