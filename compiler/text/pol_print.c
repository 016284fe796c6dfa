/* IR to .pol text (see pol_print.h). */
#include "text/pol_print.h"

#include <linux/seccomp.h>
#include <string.h>

#include "vocab/vocab.h"

void pol_put_action(struct strbuf *b, const struct ir_action_spec *a)
{
	if (a->action != IR_ACT_ERRNO) {
		sb_puts(b, ir_action_name(a->action));
		return;
	}
	const char *name = vocab_errno_name(a->errno_value);
	if (name)
		sb_printf(b, "errno %s", name);
	else
		sb_printf(b, "errno %u", a->errno_value);
}

void pol_put_seccomp_ret(struct strbuf *b, uint32_t ret)
{
	struct ir_action_spec a = { .action = IR_ACT_ALLOW };
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: break;
	case SECCOMP_RET_LOG: a.action = IR_ACT_LOG; break;
	case SECCOMP_RET_KILL_PROCESS: a.action = IR_ACT_KILL_PROCESS; break;
	case SECCOMP_RET_KILL_THREAD: a.action = IR_ACT_KILL_THREAD; break;
	case SECCOMP_RET_TRAP: a.action = IR_ACT_TRAP; break;
	case SECCOMP_RET_USER_NOTIF: sb_puts(b, "notify"); return;
	case SECCOMP_RET_ERRNO:
		a.action = IR_ACT_ERRNO;
		a.errno_value = (uint16_t)(ret & SECCOMP_RET_DATA);
		break;
	default: sb_printf(b, "0x%08x", ret); return;
	}
	pol_put_action(b, &a);
}

void pol_put_value(struct strbuf *b, uint64_t v)
{
	if (v < 1024)
		sb_printf(b, "%llu", (unsigned long long)v);
	else
		sb_printf(b, "0x%llx", (unsigned long long)v);
}

void pol_put_arg(struct strbuf *b, const char *syscall, unsigned arg)
{
	size_t n = 0;
	const char *const *names = vocab_syscall_arg_names(syscall, &n);
	if (names && arg < n && names[arg])
		sb_puts(b, names[arg]);
	else
		sb_printf(b, "arg%u", arg);
}

/* How the values of an argument are spelled by name (pol_put_rule_named):
 * the constants' prefixes, tried in order, and whether the value is a set
 * of flag bits ("CLONE_NEWUSER|CLONE_NEWNET") or one value ("AF_NETLINK").
 * The arguments are the ones docs/learn-trace.md records. */
struct arg_spelling {
	const char *syscall;
	unsigned arg;
	bool flags;
	const char *prefix[3];
};
/* Names under those prefixes that are not values of the argument: other
 * names for a value that has its usual one (AF_LOCAL is AF_UNIX), and the
 * sub-families of another argument (PR_SET_MM_* are prctl's arg2, the
 * SOCK_*_LOCK bits setsockopt's). Left out, so the usual name is the
 * only one and is used. */
static const char *const not_values[] = {
	"AF_LOCAL", "AF_FILE", "AF_ROUTE", "SOCK_PACKET", "SOCK_TXREHASH_", "SOCK_BUF_",
	"SOCK_RCVBUF_", "SOCK_SNDBUF_", "SOCK_IOC_", "PR_SET_MM_", "PR_FP_", "PR_SPEC_",
	"PR_TSC_", "PR_ENDIAN_", "PR_TIMING_", "PR_MCE_KILL_", "PR_SCHED_CORE_", "PR_MTE_",
	"PR_PAC_", "PR_SVE_", "PR_SME_", "PR_UNALIGN_", "PR_FPEMU_", "PR_CAP_AMBIENT_",
	"PR_PPC_", "PR_RISCV_", "PR_SHADOW_STACK_", "PR_TAGGED_", "PR_MDWE_", "PR_FUTEX_",
	"PR_PMLEN_", "PR_LOCK_", "PR_CFI_", "PR_THP_", "F_OK", "F_SEAL_", "F_OWNER_", "F_ULOCK",
	"F_LOCK", "F_TLOCK", "F_TEST", "F_RDLCK", "F_WRLCK", "F_UNLCK", "F_EXLCK", "F_SHLCK",
	"F_DUPFD_QUERY", "F_RW_HINT", NULL,
};

static bool is_alias(const char *name)
{
	for (size_t i = 0; not_values[i]; i++)
		if (!strncmp(not_values[i], name, strlen(not_values[i])))
			return true;
	return false;
}

/* The one constant under `prefix` with value v, or NULL when none or
 * several (PR_SET_PDEATHSIG and PR_SET_MM_START_CODE are both 1: a number
 * then says no more than a name that may be the wrong one). */
static const char *unique_name(const char *prefix, uint64_t v)
{
	size_t count, plen = strlen(prefix);
	const char *const *names = vocab_constant_names(&count);
	const char *found = NULL;
	for (size_t i = 0; i < count; i++) {
		uint64_t value;
		if (strncmp(names[i], prefix, plen) || is_alias(names[i]) ||
		    !vocab_constant(names[i], &value) || value != v)
			continue;
		if (found)
			return NULL;
		found = names[i];
	}
	return found;
}
static const struct arg_spelling arg_spellings[] = {
	{ "socket", 0, false, { "AF_" } },      { "socketpair", 0, false, { "AF_" } },
	{ "socket", 1, false, { "SOCK_" } },    { "socketpair", 1, false, { "SOCK_" } },
	{ "socket", 2, false, { "IPPROTO_" } }, { "ioctl", 1, false, { "TIOC", "TC", "FIO" } },
	{ "clone", 0, true, { "CLONE_" } },     { "clone3", 0, true, { "CLONE_" } },
	{ "unshare", 0, true, { "CLONE_" } },   { "setns", 1, true, { "CLONE_" } },
	{ "prctl", 0, false, { "PR_" } },       { "personality", 0, false, { "PER_" } },
	{ "mmap", 2, true, { "PROT_" } },       { "mprotect", 2, true, { "PROT_" } },
	{ "pkey_mprotect", 2, true, { "PROT_" } }, { "fcntl", 1, false, { "F_" } },
	{ "setsockopt", 1, false, { "SOL_", "IPPROTO_" } },
	{ "getsockopt", 1, false, { "SOL_", "IPPROTO_" } },
	{ "memfd_create", 1, true, { "MFD_" } },
};

static const struct arg_spelling *spelling_of(const char *syscall, unsigned arg)
{
	for (size_t i = 0; i < sizeof arg_spellings / sizeof arg_spellings[0]; i++)
		if (arg_spellings[i].arg == arg && !strcmp(arg_spellings[i].syscall, syscall))
			return &arg_spellings[i];
	return NULL;
}

static const char *name_of(const struct arg_spelling *sp, uint64_t v)
{
	for (size_t i = 0; i < 3 && sp->prefix[i]; i++) {
		const char *name = unique_name(sp->prefix[i], v);
		if (name)
			return name;
	}
	return NULL;
}

/* v by name where every part of it has one, else as pol_put_value. */
static void put_named_value(struct strbuf *b, const struct arg_spelling *sp, uint64_t v)
{
	const char *name = sp ? name_of(sp, v) : NULL;
	if (name || !sp || !sp->flags || !v) {
		if (name)
			sb_puts(b, name);
		else
			pol_put_value(b, v);
		return;
	}
	for (uint64_t rest = v; rest; rest &= rest - 1)
		if (!name_of(sp, rest & -rest)) {
			pol_put_value(b, v);
			return;
		}
	for (uint64_t rest = v; rest; rest &= rest - 1)
		sb_printf(b, "%s%s", rest == v ? "" : "|", name_of(sp, rest & -rest));
}

static void put_term(struct strbuf *b, const char *syscall, const struct ir_cmp_term *t, bool names)
{
	static const char *const ops[] = {
		[IR_CMP_EQ] = "==", [IR_CMP_NE] = "!=", [IR_CMP_LT] = "<",
		[IR_CMP_LE] = "<=", [IR_CMP_GT] = ">", [IR_CMP_GE] = ">=",
		[IR_CMP_MASKED_EQ] = "==",
	};
	const struct arg_spelling *sp = names ? spelling_of(syscall, t->arg) : NULL;
	pol_put_arg(b, syscall, t->arg);
	if (t->op == IR_CMP_MASKED_EQ)
		sb_printf(b, " & 0x%llx", (unsigned long long)t->mask);
	sb_printf(b, " %s ", (unsigned)t->op < sizeof(ops) / sizeof(ops[0]) ? ops[t->op] : "?");
	if (sp)
		put_named_value(b, sp, t->value);
	else if (t->op == IR_CMP_MASKED_EQ && t->value)
		sb_printf(b, "0x%llx", (unsigned long long)t->value); /* bits, as the mask */
	else
		pol_put_value(b, t->value);
}

/* Every conjunction a single `arg == v` on one argument: `arg in { ... }`. */
static bool cond_is_set(const struct ir_cond *c)
{
	if (c->nconj < 2)
		return false;
	for (size_t i = 0; i < c->nconj; i++)
		if (c->conj[i].nterms != 1 || c->conj[i].terms[0].op != IR_CMP_EQ ||
		    c->conj[i].terms[0].arg != c->conj[0].terms[0].arg)
			return false;
	return true;
}

static void put_cond(struct strbuf *b, const char *syscall, const struct ir_cond *c, bool names)
{
	if (cond_is_set(c)) {
		const struct arg_spelling *sp = names ? spelling_of(syscall, c->conj[0].terms[0].arg) : NULL;
		pol_put_arg(b, syscall, c->conj[0].terms[0].arg);
		sb_puts(b, " in {");
		for (size_t i = 0; i < c->nconj; i++) {
			sb_putc(b, ' ');
			put_named_value(b, sp, c->conj[i].terms[0].value);
		}
		sb_puts(b, " }");
		return;
	}
	for (size_t i = 0; i < c->nconj; i++) {
		const struct ir_conj *k = &c->conj[i];
		bool paren = c->nconj > 1 && k->nterms > 1;
		sb_puts(b, i ? " or " : "");
		sb_puts(b, paren ? "(" : "");
		for (size_t j = 0; j < k->nterms; j++) {
			sb_puts(b, j ? " and " : "");
			put_term(b, syscall, &k->terms[j], names);
		}
		sb_puts(b, paren ? ")" : "");
	}
}

void pol_put_cond(struct strbuf *b, const char *syscall, const struct ir_cond *c)
{
	put_cond(b, syscall, c, false);
}

static void put_rule(struct strbuf *b, const struct ir_rule *r, bool names)
{
	pol_put_action(b, &r->act);
	sb_printf(b, " %s", r->syscall);
	if (r->cond.nconj) {
		sb_puts(b, " if ");
		put_cond(b, r->syscall, &r->cond, names);
	}
}

void pol_put_rule(struct strbuf *b, const struct ir_rule *r)
{
	put_rule(b, r, false);
}

void pol_put_rule_named(struct strbuf *b, const struct ir_rule *r)
{
	put_rule(b, r, true);
}
