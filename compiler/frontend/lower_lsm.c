/* lsm { apparmor NAME|generate [optional], selinux LABEL [optional],
 * landlock { read/write/execute PATH..., connect/bind tcp PORT...,
 * optional, scope abstract_unix signal | scope none } }.
 * A landlock block in a later file replaces an earlier file's. */
#include "frontend/fe.h"

#include <stdlib.h>
#include <string.h>

static void set_label(struct fe_ctx *c, const struct ast_stmt *s, struct ir_lsm_label *l,
		      bool apparmor)
{
	fe_no_cond(c, s);
	fe_no_body(c, s);
	if (fe_arity(c, s, 1, 2, apparmor ? "PROFILE|generate [optional]" : "LABEL [optional]") < 0)
		return;
	bool optional = false;
	if (s->args.n == 2) {
		static const char *const opt[] = { "optional" };
		if (fe_keyword(c, s->args.v[1], "expected 'optional' after the label", opt, 1) < 0)
			return;
		optional = true;
	}
	const char *name = s->args.v[0]->text;
	bool generate = apparmor && !strcmp(name, "generate");
	size_t len = strlen(name);
	bool ok = len > 0 && len < 256;
	for (size_t i = 0; ok && i < len; i++)
		ok = name[i] > ' ' && name[i] < 0x7f;
	if (!ok) {
		diag_error(c->d, fe_word_loc(s->args.v[0]), "'%s' is not a valid %s", name,
			   apparmor ? "profile name" : "label");
		return;
	}
	struct ir_origin now = fe_origin(c, &s->loc);
	if (l->name && fe_same_file(&l->at, &now) &&
	    (strcmp(l->name, name) || l->optional != optional)) {
		fe_conflict(c, &s->loc, &l->at, "%s is set twice in this file", ast_head(s));
		return;
	}
	free(l->name);
	l->name = fe_strdup(name);
	l->optional = optional;
	l->generate = generate;
	l->at = now;
}

static const char *const ll_words[] = { "read", "write", "execute", "connect", "bind",
					"optional", "scope" };
enum { L_READ, L_WRITE, L_EXECUTE, L_CONNECT, L_BIND, L_OPTIONAL, L_SCOPE, L_COUNT };

static void ll_path(struct fe_ctx *c, struct ir_landlock *ll, const struct ast_word *w,
		    uint32_t access)
{
	char *p = fe_path(c, w);
	if (!p)
		return;
	for (size_t i = 0; i < ll->npaths; i++)
		if (!strcmp(ll->paths[i].path, p)) {
			ll->paths[i].access |= access;
			free(p);
			return;
		}
	ll->paths = fe_grow(ll->paths, &ll->npaths, sizeof(*ll->paths));
	ll->paths[ll->npaths - 1] = (struct ir_landlock_path){ p, access, fe_origin(c, &w->loc) };
}

static void ll_ports(struct fe_ctx *c, struct ir_landlock *ll, const struct ast_stmt *s, bool bind)
{
	if (fe_arity(c, s, 2, SIZE_MAX, "tcp PORT...") < 0)
		return;
	static const char *const proto[] = { "tcp" };
	if (fe_keyword(c, s->args.v[0], "expected 'tcp' (Landlock controls TCP ports only)", proto, 1) < 0)
		return;
	for (size_t i = 1; i < s->args.n; i++) {
		uint64_t port;
		if (fe_u64(c, s->args.v[i], 65535, &port) < 0)
			continue;
		ll->ports = fe_grow(ll->ports, &ll->nports, sizeof(*ll->ports));
		ll->ports[ll->nports - 1] = (struct ir_landlock_port){
			bind, (uint16_t)port, fe_origin(c, &s->args.v[i]->loc) };
	}
}

static void ll_scope(struct fe_ctx *c, struct ir_landlock *ll, const struct ast_stmt *s)
{
	static const char *const scopes[] = { "abstract_unix", "signal", "none" };
	if (fe_arity(c, s, 1, 2, "abstract_unix|signal... or none") < 0)
		return;
	ll->scope_abstract_unix = ll->scope_signal = false;
	for (size_t i = 0; i < s->args.n; i++) {
		int k = fe_keyword(c, s->args.v[i], "Landlock scope", scopes, 3);
		if (k == 0)
			ll->scope_abstract_unix = true;
		else if (k == 1)
			ll->scope_signal = true;
		else if (k == 2 && s->args.n > 1)
			diag_error(c->d, fe_word_loc(s->args.v[i]), "'none' stands alone");
	}
}

static void free_landlock(struct ir_landlock *ll)
{
	for (size_t i = 0; i < ll->npaths; i++)
		free(ll->paths[i].path);
	free(ll->paths);
	free(ll->ports);
	memset(ll, 0, sizeof(*ll));
	ll->scope_abstract_unix = ll->scope_signal = true;
}

static void landlock_block(struct fe_ctx *c, const struct ast_stmt *b)
{
	struct ir_landlock *ll = &c->ir->lsm.landlock;
	if (!b->body) {
		diag_error(c->d, fe_loc(&b->loc), "write 'landlock { read PATH... }'");
		return;
	}
	if (!c->landlock_seen_in_file) {
		free_landlock(ll);
		c->landlock_seen_in_file = true;
	}
	ll->set = true;
	ll->at = fe_origin(c, &b->loc);
	for (size_t i = 0; i < b->body->n; i++) {
		const struct ast_stmt *s = b->body->v[i];
		int k = fe_keyword(c, s->head, "statement in landlock", ll_words, L_COUNT);
		if (k < 0)
			continue;
		fe_no_cond(c, s);
		fe_no_body(c, s);
		switch (k) {
		case L_READ:
		case L_WRITE:
		case L_EXECUTE:
			if (fe_arity(c, s, 1, SIZE_MAX, "PATH...") == 0)
				for (size_t j = 0; j < s->args.n; j++)
					ll_path(c, ll, s->args.v[j],
						k == L_READ ? IR_LL_READ : k == L_WRITE ? IR_LL_WRITE : IR_LL_EXECUTE);
			break;
		case L_CONNECT:
		case L_BIND:
			ll_ports(c, ll, s, k == L_BIND);
			break;
		case L_OPTIONAL:
			if (fe_arity(c, s, 0, 0, "nothing") == 0)
				ll->optional = true;
			break;
		case L_SCOPE:
			ll_scope(c, ll, s);
			break;
		}
	}
}

void fe_lower_lsm(struct fe_ctx *c, const struct ast_stmt *sec)
{
	static const char *const words[] = { "apparmor", "selinux", "landlock" };
	for (size_t i = 0; i < sec->body->n; i++) {
		const struct ast_stmt *s = sec->body->v[i];
		int k = fe_keyword(c, s->head, "statement in lsm", words, 3);
		if (k == 0)
			set_label(c, s, &c->ir->lsm.apparmor, true);
		else if (k == 1)
			set_label(c, s, &c->ir->lsm.selinux, false);
		else if (k == 2)
			landlock_block(c, s);
	}
}
