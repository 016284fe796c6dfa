/* capabilities { keep CAP..., ambient CAP... }. Every capability not kept
 * is dropped. A file's capabilities section replaces the set an earlier
 * file (through `use`) gave: `capabilities { }` means "none". */
#include "frontend/fe.h"

#include <string.h>

static const char *const words[] = { "keep", "ambient" };

void fe_lower_capabilities(struct fe_ctx *c, const struct ast_stmt *sec)
{
	struct ir_caps *caps = &c->ir->caps;
	if (!c->caps_seen_in_file) {
		caps->keep = caps->ambient = 0;
		memset(caps->cap_at, 0, sizeof(caps->cap_at));
		c->caps_seen_in_file = true;
	}
	caps->set = true;
	caps->at = fe_origin(c, &sec->loc);
	for (size_t i = 0; i < sec->body->n; i++) {
		const struct ast_stmt *s = sec->body->v[i];
		int k = fe_keyword(c, s->head, "statement in capabilities", words, 2);
		if (k < 0)
			continue;
		fe_no_cond(c, s);
		fe_no_body(c, s);
		if (fe_arity(c, s, 1, SIZE_MAX, "CAPABILITY...") < 0)
			continue;
		for (size_t j = 0; j < s->args.n; j++) {
			int cap = fe_capability(c, s->args.v[j]);
			if (cap < 0)
				continue;
			if (k == 0) {
				caps->keep |= 1ull << cap;
				if (!caps->cap_at[cap].file)
					caps->cap_at[cap] = fe_origin(c, &s->args.v[j]->loc);
			} else {
				caps->ambient |= 1ull << cap;
				caps->cap_at[cap] = fe_origin(c, &s->args.v[j]->loc);
			}
		}
	}
}

/* Ambient capabilities must be kept too (the kernel needs them permitted
 * and inheritable). */
void fe_caps_finish(struct fe_ctx *c)
{
	struct ir_caps *caps = &c->ir->caps;
	uint64_t missing = caps->ambient & ~caps->keep;
	for (int cap = 0; cap < 64; cap++)
		if (missing & (1ull << cap)) {
			struct ir_origin *at = &caps->cap_at[cap];
			diag_error(c->d, (struct diag_loc){ at->file, at->line, at->col, 0 },
				   "ambient capability is not kept: add it to 'keep' as well");
		}
}
