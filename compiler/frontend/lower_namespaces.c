/* namespaces { unshare NS..., share NS..., join NS PATH, uid_map, gid_map }.
 * A namespace not named is the host's. Within one file, asking for two
 * modes of one namespace is a contradiction; across `use` the later wins.
 * A file that writes a uid_map (gid_map) replaces the earlier file's map;
 * its own lines add ranges. */
#include "frontend/fe.h"

#include <stdlib.h>
#include <string.h>

static const char *const words[] = { "unshare", "share", "join", "uid_map", "gid_map" };
enum { N_UNSHARE, N_SHARE, N_JOIN, N_UID_MAP, N_GID_MAP, N_COUNT };

static const char *mode_word(enum ir_ns_mode m)
{
	return m == IR_NS_UNSHARE ? "unshare" : m == IR_NS_JOIN ? "join" : "share";
}

static void set_mode(struct fe_ctx *c, const struct ast_word *w, enum ir_ns_mode mode,
		     char *join_path)
{
	int k = fe_namespace(c, w);
	if (k < 0) {
		free(join_path);
		return;
	}
	struct ir_ns *ns = &c->ir->namespaces.ns[k];
	struct ir_origin now = fe_origin(c, &w->loc);
	bool same = ns->mode == mode &&
		    (!join_path || (ns->join_path && !strcmp(ns->join_path, join_path)));
	if (ns->at.file && fe_same_file(&ns->at, &now) && !same) {
		fe_conflict(c, &w->loc, &ns->at, "the %s namespace is both '%s' and '%s' in this file",
			    ir_ns_name(k), mode_word(ns->mode), mode_word(mode));
		free(join_path);
		return;
	}
	free(ns->join_path);
	ns->mode = mode;
	ns->join_path = join_path;
	ns->at = now;
}

static void add_map(struct fe_ctx *c, const struct ast_stmt *s, struct ir_idmap **map, size_t *n)
{
	uint32_t in, out, count;
	if (fe_arity(c, s, 3, 3, "INSIDE OUTSIDE COUNT") < 0 ||
	    fe_u32(c, s->args.v[0], &in) < 0 || fe_u32(c, s->args.v[1], &out) < 0 ||
	    fe_u32(c, s->args.v[2], &count) < 0)
		return;
	if (count == 0) {
		diag_error(c->d, fe_word_loc(s->args.v[2]), "an id map range needs a count of at least 1");
		return;
	}
	if ((uint64_t)in + count > UINT32_MAX || (uint64_t)out + count > UINT32_MAX) {
		diag_error(c->d, fe_loc(&s->loc), "id map range runs past 4294967294");
		return;
	}
	struct ir_origin now = fe_origin(c, &s->loc);
	if (*n && !fe_same_file(&(*map)[0].at, &now)) {
		free(*map); /* an earlier file's map: this file's replaces it */
		*map = NULL;
		*n = 0;
	}
	for (size_t i = 0; i < *n; i++) {
		struct ir_idmap *m = &(*map)[i];
		if (in < m->inside + m->count && m->inside < in + count) {
			fe_conflict(c, &s->loc, &m->at, "id map ranges overlap inside the namespace");
			return;
		}
	}
	if (*n >= 340) {
		diag_error(c->d, fe_loc(&s->loc), "more than 340 id map ranges (the kernel's limit)");
		return;
	}
	*map = fe_grow(*map, n, sizeof(**map));
	(*map)[*n - 1] = (struct ir_idmap){ in, out, count, now };
}

static void ns_stmt(struct fe_ctx *c, const struct ast_stmt *s)
{
	struct ir_namespaces *n = &c->ir->namespaces;
	int k = fe_keyword(c, s->head, "statement in namespaces", words, N_COUNT);
	if (k < 0)
		return;
	fe_no_cond(c, s);
	fe_no_body(c, s);
	switch (k) {
	case N_UNSHARE:
	case N_SHARE:
		if (fe_arity(c, s, 1, SIZE_MAX, "NAMESPACE...") == 0)
			for (size_t i = 0; i < s->args.n; i++)
				set_mode(c, s->args.v[i], k == N_UNSHARE ? IR_NS_UNSHARE : IR_NS_SHARE, NULL);
		break;
	case N_JOIN:
		if (fe_arity(c, s, 2, 2, "NAMESPACE PATH") == 0) {
			char *path = fe_path(c, s->args.v[1]);
			if (path)
				set_mode(c, s->args.v[0], IR_NS_JOIN, path);
		}
		break;
	case N_UID_MAP:
		add_map(c, s, &n->uid_map, &n->nuid_map);
		break;
	case N_GID_MAP:
		add_map(c, s, &n->gid_map, &n->ngid_map);
		break;
	}
}

void fe_lower_namespaces(struct fe_ctx *c, const struct ast_stmt *sec)
{
	for (size_t i = 0; i < sec->body->n; i++)
		ns_stmt(c, sec->body->v[i]);
}
