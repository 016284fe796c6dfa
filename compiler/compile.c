/* The compile driver, at the top of compiler/ because it calls every stage:
 * policy text to blob: the front end gives the IR, the seccomp generator
 * the programs, the writer the bytes (writer/ and seccomp/ do not include
 * each other; what passes between them is compiler/blob_parts.h). Every failure is printed here, once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "frontend/frontend.h"
#include "lsm/apparmor_gen.h"
#include "seccomp/seccomp_gen.h"
#include "util/diag.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"
#include "writer/build.h"
#include "writer/writer.h"

/* The seccomp programs (one per host architecture the policy runs on) and
 * the names of the syscalls they kill, for the writer. */
struct seccomp_parts {
	struct writer_prog progs[POLB_MAX_SECCOMP];
	size_t nprogs;
	struct writer_syscall_name *names;
	size_t nnames;
	struct writer_syscall_name *origins; /* names malloc'd */
	size_t norigins;
	struct writer_syscall_name *args;    /* names malloc'd */
	size_t nargs;
};

static void seccomp_parts_free(struct seccomp_parts *p)
{
	for (size_t i = 0; i < p->nprogs; i++)
		free((void *)p->progs[i].insns);
	free(p->names);
	for (size_t i = 0; i < p->norigins; i++)
		free((void *)p->origins[i].name);
	free(p->origins);
	for (size_t i = 0; i < p->nargs; i++)
		free((void *)p->args[i].name);
	free(p->args);
	memset(p, 0, sizeof(*p));
}

/* *list += add[0..n), then add freed (its strings now *list's). */
static void append_names(struct writer_syscall_name **list, size_t *len,
			 struct writer_syscall_name *add, size_t n)
{
	struct writer_syscall_name *all = xreallocarray(*list, *len + n + 1, sizeof(*all));
	if (n)
		memcpy(all + *len, add, n * sizeof(*add));
	*list = all;
	*len += n;
	free(add);
}

static int add_names(struct seccomp_parts *p, const struct pol_ir *ir, enum ir_arch host,
		     struct err *e)
{
	struct writer_syscall_name *names = NULL;
	size_t n = 0;
	if (seccomp_syscall_names(ir, host, &names, &n, e) < 0)
		return -1;
	struct writer_syscall_name *all = xreallocarray(p->names, p->nnames + n + 1, sizeof(*all));
	if (n)
		memcpy(all + p->nnames, names, n * sizeof(*names));
	p->names = all;
	p->nnames += n;
	free(names);
	if (seccomp_syscall_origins(ir, host, &names, &n, e) < 0)
		return -1;
	append_names(&p->origins, &p->norigins, names, n);
	if (seccomp_syscall_args(ir, host, &names, &n, e) < 0)
		return -1;
	append_names(&p->args, &p->nargs, names, n);
	return 0;
}

static int seccomp_parts_make(const struct pol_ir *ir, struct seccomp_parts *p, struct err *e)
{
	memset(p, 0, sizeof(*p));
	if (!ir->syscalls.set)
		return 0;
	uint32_t hosts = seccomp_host_arches(&ir->syscalls);
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		if (!(hosts & (1u << a)))
			continue;
		if (p->nprogs == POLB_MAX_SECCOMP)
			return err_set(e, 0, "build", "more than %u seccomp programs", POLB_MAX_SECCOMP);
		struct polb_bpf_insn *prog = NULL;
		size_t n = 0;
		uint32_t flags = 0;
		if (seccomp_generate(ir, (enum ir_arch)a, &prog, &n, &flags, e) < 0)
			return -1;
		p->progs[p->nprogs++] = (struct writer_prog){ arch_audit((enum ir_arch)a),
							      flags, prog, n };
		if (add_names(p, ir, (enum ir_arch)a, e) < 0)
			return -1;
	}
	return 0;
}

int build_compile(const char *source, const char *const *include_dirs, size_t ndirs,
		  const char *aa_features, uint8_t **blob, size_t *size)
{
	struct fe_options opts = { .include_dirs = include_dirs, .ninclude_dirs = ndirs };
	struct diag d;
	struct pol_ir ir;
	diag_init(&d);
	int r = frontend_load(source, &opts, &ir, &d);
	diag_print(&d, stderr, diag_format_for(stderr));
	diag_free(&d);
	if (r < 0) {
		ir_free(&ir);
		return -1;
	}
	struct seccomp_parts sc = { 0 };
	struct err e;
	/* `apparmor generate`: the profile's text and its compiled policy go
	 * into the blob */
	r = apparmor_generate(&ir, &e);
	if (r == 0)
		r = apparmor_compile(&ir, aa_features, &e);
	if (r == 0)
		r = seccomp_parts_make(&ir, &sc, &e);
	if (r == 0) {
		struct writer_input in = { .ir = &ir, .progs = sc.progs, .nprogs = sc.nprogs,
					   .names = sc.names, .nnames = sc.nnames,
					   .origins = sc.origins, .norigins = sc.norigins,
					   .args = sc.args, .nargs = sc.nargs };
		r = writer_build(&in, blob, size, &e);
	}
	if (r < 0)
		err_print("polc", &e);
	seccomp_parts_free(&sc);
	ir_free(&ir);
	return r;
}
