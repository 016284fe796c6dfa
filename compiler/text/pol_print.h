/* IR back to `.pol` text: the one printer of actions, conditions and
 * rules, used by explain, import, diff, export (systemd comments) and the
 * commands that write policies (learn, import k8s). What it writes is the
 * language as `polc fmt` lays it out and parses back to the same IR
 * (tests/unit/test_pol_print.c reparses every policy in the tree). */
#ifndef POL_COMPILER_POL_PRINT_H
#define POL_COMPILER_POL_PRINT_H

#include <stdint.h>

#include "ir.h"
#include "util/strbuf.h"

/* "allow", "kill_process", "errno EPERM" (a number where errno has no name). */
void pol_put_action(struct strbuf *b, const struct ir_action_spec *a);
/* The action a SECCOMP_RET_* value stands for ("notify" for USER_NOTIF,
 * "0x........" for one polc never writes). */
void pol_put_seccomp_ret(struct strbuf *b, uint32_t ret);
/* A constant: decimal below 1024 (families, errno), hex above (flags, masks). */
void pol_put_value(struct strbuf *b, uint64_t v);
/* The argument by its signature name, else argN. */
void pol_put_arg(struct strbuf *b, const char *syscall, unsigned arg);
/* "flags & 0x10000000 == 0 or (a == 1 and b < 2)", or `arg in { ... }`
 * when every conjunction tests one argument for equality. */
void pol_put_cond(struct strbuf *b, const char *syscall, const struct ir_cond *c);
/* "allow socket if domain in { 1 2 10 }" (no indent, no newline). */
void pol_put_rule(struct strbuf *b, const struct ir_rule *r);
/* The same with the values of the arguments polc learn conditions on
 * spelled by their constants' names where one name fits:
 * "allow socket if domain == AF_NETLINK and type == SOCK_RAW". */
void pol_put_rule_named(struct strbuf *b, const struct ir_rule *r);

/* The whole IR, a line at a time: `line` gets each line's text (no indent,
 * no newline), its depth (4 spaces each in fmt layout) and the origin of
 * the setting (NULL for a brace or a comment; an origin without a file:
 * a default). via_group is set while a rule from a group is printed. */
struct pol_text_opts;
struct pol_out {
	void (*line)(struct pol_out *o, const struct ir_origin *at, int depth, const char *text);
	void *ctx;
	const char *via_group;
	const struct pol_text_opts *opts; /* NULL: the whole effective policy */
};
void pol_print_name(struct pol_out *o, const struct pol_ir *ir);     /* "policy NAME" */
void pol_print_sections(struct pol_out *o, const struct pol_ir *ir); /* process .. syscalls */
void pol_print_ir(struct pol_out *o, const struct pol_ir *ir);       /* both */
/* The IR as a policy in fmt layout (origins left out); the caller frees it. */
char *pol_print_text(const struct pol_ir *ir);

/* A policy that adds to a base (polc learn's draft): after `header` (comment
 * text, each line starting "# ") and `policy NAME`, `use BASE`, then only
 * the sections the IR sets (capabilities when caps.set, lsm when a
 * Landlock ruleset is set, syscalls), `arch` only when its origin has a
 * file, constants by name (pol_put_rule_named). Before each setting whose
 * `note` is not NULL, that text as comment lines ("# " added, one per
 * '\n'-separated line). */
struct pol_text_opts {
	const char *header;
	const char *use;
	const char *(*note)(void *ctx, const struct ir_origin *at);
	void *note_ctx;
};
char *pol_print_draft(const struct pol_ir *ir, const struct pol_text_opts *opts);

#endif
