/* IR syscall rules written back as .pol text: the last step of
 * `polc import`. Unconditional rules are gathered by action into wrapped
 * `allow a b c` lines; each conditional rule gets a line of its own, with
 * argument names from the syscall's signature where polc knows them. */
#include "interop/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/pol_print.h"
#include "util/cli.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define WRAP_COLUMN 78

static void put_action(FILE *out, const struct ir_action_spec *act)
{
	struct strbuf b = STRBUF_INIT;
	pol_put_action(&b, act);
	fputs(sb_str(&b), out);
	sb_free(&b);
}

static bool same_action(const struct ir_action_spec *a, const struct ir_action_spec *b)
{
	return a->action == b->action && (a->action != IR_ACT_ERRNO || a->errno_value == b->errno_value);
}

void import_put_cond(FILE *out, const char *syscall, const struct ir_cond *c)
{
	struct strbuf b = STRBUF_INIT;
	pol_put_cond(&b, syscall, c);
	fputs(sb_str(&b), out);
	sb_free(&b);
}

/* All unconditional rules with the action of rules[first], wrapped. */
static void put_unconditional(FILE *out, const struct ir_syscalls *s, size_t first, bool *done)
{
	const struct ir_action_spec *act = &s->rules[first].act;
	struct strbuf hb = STRBUF_INIT;
	pol_put_action(&hb, act);
	const char *head = sb_str(&hb);
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
	sb_free(&hb);
}

int import_emit_syscalls(FILE *out, const struct pol_ir *ir,
			 const struct import_notes *header, struct err *e)
{
	const struct ir_syscalls *s = &ir->syscalls;
	bool *done = xcalloc(s->nrules, sizeof(*done));
	for (size_t i = 0; i < header->n; i++)
		fprintf(out, "# %s\n", header->lines[i]);
	if (ir->name)
		fprintf(out, "policy %s\n", ir->name);
	fputs("\nsyscalls {\n    default ", out);
	put_action(out, &s->default_action);
	fputs("\n    arch", out);
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (s->arches & (1u << a))
			fprintf(out, " %s", arch_name((enum ir_arch)a));
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
		return err_set_status(e, POLC_EXIT_INTERNAL, errno, "import", "writing the policy");
	return 0;
}
