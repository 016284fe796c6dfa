/* IR syscall rules written back as .pol text: the last step of
 * `polc import`. Unconditional rules are gathered by action into wrapped
 * `allow a b c` lines; each conditional rule gets a line of its own, with
 * argument names from the syscall's signature where polc knows them. */
#include "review/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"

#define WRAP_COLUMN 78

/* "allow", "errno ENOSYS", ... into buf. */
static const char *action_text(const struct ir_action_spec *act, char *buf, size_t size)
{
	if (act->action != IR_ACT_ERRNO)
		return ir_action_name(act->action);
	const char *name = vocab_errno_name(act->errno_value);
	if (name)
		snprintf(buf, size, "errno %s", name);
	else
		snprintf(buf, size, "errno %u", act->errno_value);
	return buf;
}

static void put_action(FILE *out, const struct ir_action_spec *act)
{
	char buf[32];
	fputs(action_text(act, buf, sizeof(buf)), out);
}

static bool same_action(const struct ir_action_spec *a, const struct ir_action_spec *b)
{
	return a->action == b->action && (a->action != IR_ACT_ERRNO || a->errno_value == b->errno_value);
}

/* Small numbers read best in decimal (socket families, errno), flags and
 * masks in hex. */
static void put_value(FILE *out, uint64_t v)
{
	if (v < 1024)
		fprintf(out, "%llu", (unsigned long long)v);
	else
		fprintf(out, "0x%llx", (unsigned long long)v);
}

static void put_arg(FILE *out, const char *syscall, uint8_t arg)
{
	size_t n = 0;
	const char *const *names = vocab_syscall_arg_names(syscall, &n);
	if (names && arg < n && names[arg])
		fputs(names[arg], out);
	else
		fprintf(out, "arg%u", arg);
}

static void put_term(FILE *out, const char *syscall, const struct ir_cmp_term *t)
{
	static const char *const ops[] = {
		[IR_CMP_EQ] = "==", [IR_CMP_NE] = "!=", [IR_CMP_LT] = "<",
		[IR_CMP_LE] = "<=", [IR_CMP_GT] = ">", [IR_CMP_GE] = ">=",
		[IR_CMP_MASKED_EQ] = "==",
	};
	put_arg(out, syscall, t->arg);
	if (t->op == IR_CMP_MASKED_EQ)
		fprintf(out, " & 0x%llx", (unsigned long long)t->mask);
	fprintf(out, " %s ", ops[t->op]);
	put_value(out, t->value);
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

void import_put_cond(FILE *out, const char *syscall, const struct ir_cond *c)
{
	if (cond_is_set(c)) {
		put_arg(out, syscall, c->conj[0].terms[0].arg);
		fputs(" in {", out);
		for (size_t i = 0; i < c->nconj; i++) {
			fputc(' ', out);
			put_value(out, c->conj[i].terms[0].value);
		}
		fputs(" }", out);
		return;
	}
	for (size_t i = 0; i < c->nconj; i++) {
		const struct ir_conj *k = &c->conj[i];
		bool paren = c->nconj > 1 && k->nterms > 1;
		fputs(i ? " or " : "", out);
		fputs(paren ? "(" : "", out);
		for (size_t j = 0; j < k->nterms; j++) {
			fputs(j ? " and " : "", out);
			put_term(out, syscall, &k->terms[j]);
		}
		fputs(paren ? ")" : "", out);
	}
}

/* All unconditional rules with the action of rules[first], wrapped. */
static void put_unconditional(FILE *out, const struct ir_syscalls *s, size_t first, bool *done)
{
	char buf[32];
	const struct ir_action_spec *act = &s->rules[first].act;
	const char *head = action_text(act, buf, sizeof(buf));
	size_t col = 0;
	for (size_t i = first; i < s->nrules; i++) {
		if (done[i] || s->rules[i].cond.nconj || !same_action(&s->rules[i].act, act))
			continue;
		done[i] = true;
		size_t len = strlen(s->rules[i].syscall);
		if (col && col + 1 + len > WRAP_COLUMN) {
			fputc('\n', out);
			col = 0;
		}
		if (!col)
			col = (size_t)fprintf(out, "    %s", head);
		col += (size_t)fprintf(out, " %s", s->rules[i].syscall);
	}
	fputc('\n', out);
}

int import_emit_syscalls(FILE *out, const struct pol_ir *ir,
			 const struct import_notes *header, struct err *e)
{
	const struct ir_syscalls *s = &ir->syscalls;
	bool *done = calloc(s->nrules ? s->nrules : 1, sizeof(*done));
	if (!done)
		return err_set(e, ENOMEM, "import", "output");
	for (size_t i = 0; i < header->n; i++)
		fprintf(out, "# %s\n", header->lines[i]);
	if (ir->name)
		fprintf(out, "policy %s\n", ir->name);
	fputs("\nsyscalls {\n    default ", out);
	put_action(out, &s->default_action);
	fputs("\n    arch", out);
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (s->arches & (1u << a))
			fprintf(out, " %s", ir_arch_name((enum ir_arch)a));
	fputs("\n\n", out);
	for (size_t i = 0; i < s->nrules; i++)
		if (!done[i] && !s->rules[i].cond.nconj)
			put_unconditional(out, s, i, done);
	for (size_t i = 0; i < s->nrules; i++) {
		if (done[i])
			continue;
		fputs("    ", out);
		put_action(out, &s->rules[i].act);
		fprintf(out, " %s if ", s->rules[i].syscall);
		import_put_cond(out, s->rules[i].syscall, &s->rules[i].cond);
		fputc('\n', out);
	}
	fputs("}\n", out);
	free(done);
	if (fflush(out) != 0 || ferror(out))
		return err_set(e, errno, "import", "writing the policy");
	return 0;
}
