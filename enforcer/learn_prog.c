/* The learning program (learn.h), built in the child from the blob's own:
 *
 *   ld arch; jeq AUDIT_ARCH_A -> block A (through a ja: blocks lie further
 *   than an 8-bit jump reaches); ...; ja blob
 *   block A: ld nr; for every watched call of every entry with that
 *   AUDIT_ARCH: jeq nr, 0, 1; ret USER_NOTIF; then ja blob
 *   blob: ld #0 (A as the kernel starts it), then the blob's program with
 *   every `ret K` that does not allow turned into `ret USER_NOTIF`
 *
 * Jumps are relative, so the blob's own run unchanged after the prefix.
 * A `ret A` cannot be rewritten (its action is known only at run time):
 * such a blob is refused, never run with a weaker recorder. The verdict the
 * blob would have given is computed again in the supervisor by the one
 * interpreter (common/bpf_interp.c) on the notification's data. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_interp.h"
#include "learn.h"

static const struct polb_bpf_insn allow_all[] = { { BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW } };

const struct polb_view_seccomp *learn_blob_prog(const struct polb_view *v, bool *missing)
{
	*missing = false;
	if (v->nseccomp == 0)
		return NULL;
	const struct polb_view_seccomp *p = polb_seccomp_for(v, arch_native_audit());
	*missing = p == NULL;
	return p;
}

/* The blob's instructions, or the one-instruction allow-all. */
static const struct polb_bpf_insn *blob_insns(const struct polb_view *v, size_t *n, uint32_t *flags)
{
	bool missing;
	const struct polb_view_seccomp *p = learn_blob_prog(v, &missing);
	*flags = p ? p->hdr->flags : 0;
	*n = p ? p->hdr->ninsns : 1;
	return p ? p->insns : allow_all;
}

struct prog_buf {
	struct polb_bpf_insn *insns;
	size_t n, cap;
};

static void emit(struct prog_buf *b, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (b->n < b->cap)
		b->insns[b->n] = (struct polb_bpf_insn){ code, jt, jf, k };
	b->n++; /* counted past cap: the caller refuses an overlong program */
}

/* The distinct AUDIT_ARCH values of the entries this host runs. */
static size_t host_audits(uint32_t *audits, size_t room)
{
	int arches[IR_ARCH_COUNT];
	size_t na = sysname_arches(arches, IR_ARCH_COUNT), n = 0;
	for (size_t i = 0; i < na; i++) {
		uint32_t a = arch_table[arches[i]].audit;
		bool seen = false;
		for (size_t j = 0; j < n; j++)
			seen |= audits[j] == a;
		if (!seen && n < room)
			audits[n++] = a;
	}
	return n;
}

static void emit_block(struct prog_buf *b, uint32_t audit)
{
	int arches[IR_ARCH_COUNT];
	size_t na = sysname_arches(arches, IR_ARCH_COUNT);
	emit(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < na; i++) {
		if (arch_table[arches[i]].audit != audit)
			continue;
		for (size_t w = 0; learn_watched(w); w++) {
			int nr = sysname_nr(arches[i], learn_watched(w));
			if (nr < 0)
				continue;
			emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, (uint32_t)nr);
			emit(b, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_USER_NOTIF);
		}
	}
}

/* Prefix, then the blob's program rewritten; b->n > b->cap: too long. */
static int build(struct prog_buf *b, const struct polb_bpf_insn *blob, size_t nblob,
		 struct err *e)
{
	uint32_t audits[IR_ARCH_COUNT];
	size_t na = host_audits(audits, IR_ARCH_COUNT);
	size_t block_at[IR_ARCH_COUNT], ja_at[IR_ARCH_COUNT + 1];
	emit(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof(struct seccomp_data, arch));
	for (size_t i = 0; i < na; i++) {
		emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, audits[i]);
		ja_at[i] = b->n;
		emit(b, BPF_JMP | BPF_JA, 0, 0, 0); /* to block i, patched below */
	}
	ja_at[na] = b->n;
	emit(b, BPF_JMP | BPF_JA, 0, 0, 0); /* any other arch: the blob decides */
	size_t end_ja[IR_ARCH_COUNT];
	for (size_t i = 0; i < na; i++) {
		block_at[i] = b->n;
		emit_block(b, audits[i]);
		end_ja[i] = b->n;
		emit(b, BPF_JMP | BPF_JA, 0, 0, 0);
	}
	size_t blob_at = b->n;
	emit(b, BPF_LD | BPF_IMM, 0, 0, 0);
	for (size_t i = 0; i < nblob; i++) {
		struct polb_bpf_insn in = blob[i];
		if (BPF_CLASS(in.code) == BPF_RET) {
			if (BPF_RVAL(in.code) != BPF_K)
				return err_set(e, 0, "learn", "the blob's seccomp program returns A at "
					       "instruction %zu: its verdict cannot be recorded", i);
			if ((in.k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW)
				in.k = SECCOMP_RET_USER_NOTIF;
		}
		emit(b, in.code, in.jt, in.jf, in.k);
	}
	if (b->n > b->cap)
		return 0;
	for (size_t i = 0; i < na; i++) {
		b->insns[ja_at[i]].k = (uint32_t)(block_at[i] - ja_at[i] - 1);
		b->insns[end_ja[i]].k = (uint32_t)(blob_at - end_ja[i] - 1);
	}
	b->insns[ja_at[na]].k = (uint32_t)(blob_at - ja_at[na] - 1);
	return 0;
}

int learn_program(const struct polb_view *v, struct polb_bpf_insn **prog, size_t *n,
		  struct err *e)
{
	bool missing;
	learn_blob_prog(v, &missing);
	if (missing)
		return err_set(e, 0, "seccomp", "the blob has no seccomp program for this machine's "
			       "architecture (AUDIT_ARCH 0x%08x)", arch_native_audit());
	size_t nblob;
	uint32_t flags;
	const struct polb_bpf_insn *blob = blob_insns(v, &nblob, &flags);
	struct prog_buf b = { .cap = POLB_MAX_BPF_INSNS };
	b.insns = calloc(b.cap, sizeof *b.insns);
	if (!b.insns)
		return err_set(e, ENOMEM, "learn", "the learning program");
	if (build(&b, blob, nblob, e) < 0 || b.n > b.cap || polb_check_bpf(b.insns, b.n, e) < 0) {
		if (b.n > b.cap)
			err_set(e, 0, "learn", "the learning program would be %zu instructions, "
				"over the kernel's %d", b.n, POLB_MAX_BPF_INSNS);
		free(b.insns);
		return -1;
	}
	*prog = b.insns;
	*n = b.n;
	return 0;
}

/* ---- the blob's verdict --------------------------------------------- */

void learn_verdict(const struct polb_view *v, const struct seccomp_data *d, char *out,
		   size_t size)
{
	size_t n;
	uint32_t flags, ret = 0;
	unsigned steps;
	const struct polb_bpf_insn *p = blob_insns(v, &n, &flags);
	if (bpf_interp(p, n, d, &ret, &steps) < 0) {
		snprintf(out, size, "kill"); /* the reader checked it: cannot happen */
		return;
	}
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: snprintf(out, size, "allow"); break;
	case SECCOMP_RET_ERRNO: snprintf(out, size, "errno:%u", ret & SECCOMP_RET_DATA); break;
	case SECCOMP_RET_TRAP: snprintf(out, size, "trap"); break;
	case SECCOMP_RET_LOG: snprintf(out, size, "log"); break;
	case SECCOMP_RET_TRACE: snprintf(out, size, "trace"); break;
	case SECCOMP_RET_USER_NOTIF:
		/* a notify blob notifies what it kills (seccomp.h) */
		snprintf(out, size, "%s", flags & POLB_SECCOMP_NOTIFY ? "kill" : "notify");
		break;
	default: snprintf(out, size, "kill"); break;
	}
}

const char *learn_arch_name(int arch)
{
	/* the kernel's name (AUDIT_ARCH_I386, uname -m), as the trace format
	 * spells it; polc reads it as the language's x86 */
	return arch == IR_ARCH_X86 ? "i386" : arch_name((enum ir_arch)arch);
}

/* An entry is admitted when its first 1024 numbers are not all refused. */
void learn_admitted(const struct polb_view *v, char *out, size_t size)
{
	int arches[IR_ARCH_COUNT];
	size_t na = sysname_arches(arches, IR_ARCH_COUNT), used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < na; i++) {
		const struct arch_row *r = &arch_table[arches[i]];
		bool any = false;
		for (uint32_t nr = 0; nr < 1024 && !any; nr++) {
			struct seccomp_data d = bpf_data(r->audit, nr | r->nr_bit, NULL);
			char verdict[32];
			learn_verdict(v, &d, verdict, sizeof verdict);
			any = strcmp(verdict, "allow") == 0;
		}
		if (any && used + 16 < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s", used ? "," : "",
						 learn_arch_name(arches[i]));
	}
	if (!used)
		snprintf(out, size, "-");
}
