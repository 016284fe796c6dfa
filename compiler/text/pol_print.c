/* IR to .pol text (see pol_print.h). */
#include "text/pol_print.h"

#include <linux/seccomp.h>

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

static void put_term(struct strbuf *b, const char *syscall, const struct ir_cmp_term *t)
{
	static const char *const ops[] = {
		[IR_CMP_EQ] = "==", [IR_CMP_NE] = "!=", [IR_CMP_LT] = "<",
		[IR_CMP_LE] = "<=", [IR_CMP_GT] = ">", [IR_CMP_GE] = ">=",
		[IR_CMP_MASKED_EQ] = "==",
	};
	pol_put_arg(b, syscall, t->arg);
	if (t->op == IR_CMP_MASKED_EQ)
		sb_printf(b, " & 0x%llx", (unsigned long long)t->mask);
	sb_printf(b, " %s ", (unsigned)t->op < sizeof(ops) / sizeof(ops[0]) ? ops[t->op] : "?");
	if (t->op == IR_CMP_MASKED_EQ && t->value)
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

void pol_put_cond(struct strbuf *b, const char *syscall, const struct ir_cond *c)
{
	if (cond_is_set(c)) {
		pol_put_arg(b, syscall, c->conj[0].terms[0].arg);
		sb_puts(b, " in {");
		for (size_t i = 0; i < c->nconj; i++) {
			sb_putc(b, ' ');
			pol_put_value(b, c->conj[i].terms[0].value);
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
			put_term(b, syscall, &k->terms[j]);
		}
		sb_puts(b, paren ? ")" : "");
	}
}

void pol_put_rule(struct strbuf *b, const struct ir_rule *r)
{
	pol_put_action(b, &r->act);
	sb_printf(b, " %s", r->syscall);
	if (r->cond.nconj) {
		sb_puts(b, " if ");
		pol_put_cond(b, r->syscall, &r->cond);
	}
}
