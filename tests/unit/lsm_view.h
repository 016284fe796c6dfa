/* A hand-built struct polb_view for the LSM unit tests: the records a
 * blob's LSM and Landlock sections would hold, with a string table, without
 * going through polc or the reader. */
#ifndef POL_TESTS_LSM_VIEW_H
#define POL_TESTS_LSM_VIEW_H

#include <string.h>

#include "polb_reader.h"

struct lsm_view {
	char strtab[16384];
	size_t used;
	struct polb_lsm lsm[4];
	struct polb_landlock landlock;
	struct polb_ll_path paths[16];
	struct polb_ll_port ports[16];
	struct polb_apparmor aa;
	struct polb_view v;
};

static inline void lv_init(struct lsm_view *b)
{
	memset(b, 0, sizeof(*b));
	b->used = 1; /* offset 0: the empty string */
	b->v.strtab = b->strtab;
	b->v.lsm = b->lsm;
	b->v.ll_paths = b->paths;
	b->v.ll_ports = b->ports;
}

static inline struct polb_str lv_str(struct lsm_view *b, const char *s)
{
	struct polb_str r = { (uint32_t)b->used, (uint32_t)strlen(s) };
	memcpy(b->strtab + b->used, s, r.len + 1);
	b->used += r.len + 1;
	b->v.strtab_size = b->used;
	return r;
}

static inline void lv_lsm(struct lsm_view *b, uint32_t kind, uint32_t flags, const char *name,
			  const char *profile)
{
	struct polb_lsm *l = &b->lsm[b->v.nlsm++];
	l->kind = kind;
	l->flags = flags;
	l->name = lv_str(b, name);
	if (profile)
		l->profile = lv_str(b, profile);
}

/* The APPARMOR section: compiled policy and the features it is for. */
static inline void lv_apparmor(struct lsm_view *b, const char *features, const void *policy,
			       size_t size)
{
	b->aa.features = lv_str(b, features);
	b->aa.policy_size = (uint32_t)size;
	b->v.apparmor = &b->aa;
	b->v.aa_policy = policy;
	b->v.aa_policy_size = size;
}

static inline void lv_landlock(struct lsm_view *b, uint32_t flags)
{
	b->landlock.flags = flags;
	b->v.landlock = &b->landlock;
}

static inline void lv_path(struct lsm_view *b, uint32_t access, const char *path)
{
	struct polb_ll_path *p = &b->paths[b->v.nll_paths++];
	p->access = access;
	p->path = lv_str(b, path);
}

static inline void lv_port(struct lsm_view *b, int bind, uint32_t port)
{
	struct polb_ll_port *p = &b->ports[b->v.nll_ports++];
	p->bind = (uint32_t)bind;
	p->port = port;
}

#endif
