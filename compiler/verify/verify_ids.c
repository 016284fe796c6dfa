/* User, groups, id maps, capabilities, no_new_privs and rlimits: what
 * /proc/PID/status, uid_map/gid_map and prlimit say, against the blob.
 *
 * Ids in status are shown as the reader (the host) sees them, so the
 * blob's ids inside the container are carried through the process's own
 * maps before comparing. A capability or limit the process holds below
 * what the blob gave is narrower, which a descendant may do (drop
 * privileges): ok, with a note; one above it is a difference. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "verify/verify.h"
#include "vocab/vocab.h"

struct live_map {
	struct proc_map_line l[PROC_MAX_MAP];
	size_t n;
	bool ok;
};
static struct live_map maps[2]; /* POLB_IDMAP_UID, POLB_IDMAP_GID */

static void load_map(struct vctx *c, int which)
{
	char *text = NULL;
	struct err e;
	struct live_map *m = &maps[which];
	m->ok = proc_read(c->pid, which ? "gid_map" : "uid_map", &text, NULL, &e) == 0 &&
		proc_parse_idmap(text, m->l, PROC_MAX_MAP, &m->n, &e) == 0;
	free(text);
}

/* inside -> as the host sees it; false when unmapped */
static bool to_host(int which, uint32_t inside, uint32_t *out)
{
	const struct live_map *m = &maps[which];
	for (size_t i = 0; i < m->n; i++)
		if (inside >= m->l[i].inside && inside - m->l[i].inside < m->l[i].count) {
			*out = m->l[i].outside + (inside - m->l[i].inside);
			return true;
		}
	return false;
}

static bool to_inside(int which, uint32_t host, uint32_t *out)
{
	const struct live_map *m = &maps[which];
	for (size_t i = 0; i < m->n; i++)
		if (host >= m->l[i].outside && host - m->l[i].outside < m->l[i].count) {
			*out = m->l[i].inside + (host - m->l[i].outside);
			return true;
		}
	return false;
}

static void map_text(const struct proc_map_line *l, size_t n, char *buf, size_t size)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%u %u %u", i ? ", " : "",
					l[i].inside, l[i].outside, l[i].count);
}

static int cmp_line(const void *a, const void *b)
{
	const struct proc_map_line *x = a, *y = b;
	return x->inside < y->inside ? -1 : x->inside > y->inside;
}

static void verify_one_map(struct vctx *c, int which)
{
	const char *setting = which ? "gid_map" : "uid_map";
	struct live_map *m = &maps[which];
	if (!m->ok) {
		vr_unchecked(c, setting, "/proc/%d/%s cannot be read", (int)c->pid, setting);
		return;
	}
	struct proc_map_line want[PROC_MAX_MAP] = { { 0, 0, 0 } };
	size_t nwant = 0;
	for (size_t i = 0; i < c->v->nidmaps && nwant < PROC_MAX_MAP; i++)
		if (c->v->idmaps[i].which == (uint32_t)which)
			want[nwant++] = (struct proc_map_line){ c->v->idmaps[i].inside,
				c->v->idmaps[i].outside, c->v->idmaps[i].count };
	struct proc_map_line have[PROC_MAX_MAP];
	memcpy(have, m->l, m->n * sizeof(have[0]));
	qsort(have, m->n, sizeof(have[0]), cmp_line);
	qsort(want, nwant, sizeof(want[0]), cmp_line);
	char hbuf[256], wbuf[256];
	map_text(have, m->n, hbuf, sizeof(hbuf));
	map_text(want, nwant, wbuf, sizeof(wbuf));
	if (!nwant)
		vr_ok(c, setting, "(the blob writes no map; enforce's default is live: %s)", hbuf);
	else if (nwant == m->n && !memcmp(have, want, nwant * sizeof(want[0])))
		vr_ok(c, setting, "(%s)", hbuf);
	else
		vr_differs(c, setting, "the blob maps %s, the process has %s", wbuf, hbuf);
}

void verify_idmaps(struct vctx *c)
{
	load_map(c, POLB_IDMAP_UID);
	load_map(c, POLB_IDMAP_GID);
	verify_one_map(c, POLB_IDMAP_UID);
	verify_one_map(c, POLB_IDMAP_GID);
}

static void verify_id(struct vctx *c, const char *setting, int which, uint32_t want_inside,
		      const uint32_t live[4])
{
	uint32_t want;
	if (!to_host(which, want_inside, &want)) {
		vr_differs(c, setting, "%u is not mapped in the process's user namespace", want_inside);
		return;
	}
	for (int i = 0; i < 4; i++)
		if (live[i] != want) {
			static const char *const kind[4] = { "real", "effective", "saved", "filesystem" };
			uint32_t in;
			bool mapped = to_inside(which, live[i], &in);
			vr_differs(c, setting, "the blob sets %u, the process's %s id is %u%s", want_inside,
				   kind[i], mapped ? in : live[i], mapped ? "" : " (host, unmapped)");
			return;
		}
	vr_ok(c, setting, "(%u, %u on the host)", want_inside, want);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void verify_groups(struct vctx *c)
{
	const struct polb_view *v = c->v;
	if (!(v->process->flags & POLB_PROC_GROUPS)) {
		vr_ok(c, "groups", "(not set by the blob)");
		return;
	}
	uint32_t *want = calloc(v->ngroups + 1, sizeof(uint32_t));
	size_t n = 0;
	if (!want) {
		vr_unchecked(c, "groups", "out of memory");
		return;
	}
	for (size_t i = 0; i < v->ngroups; i++)
		if (!to_host(POLB_IDMAP_GID, v->groups[i], &want[n++])) {
			vr_differs(c, "groups", "gid %u is not mapped", v->groups[i]);
			free(want);
			return;
		}
	qsort(want, n, sizeof(uint32_t), cmp_u32);
	qsort(c->st.groups, c->st.ngroups, sizeof(uint32_t), cmp_u32);
	if (n == c->st.ngroups && !memcmp(want, c->st.groups, n * sizeof(uint32_t)))
		vr_ok(c, "groups", "(%zu)", n);
	else
		vr_differs(c, "groups", "the blob sets %zu supplementary groups, the process has %zu%s",
			   n, c->st.ngroups, n == c->st.ngroups ? " others" : "");
	free(want);
}

void verify_user(struct vctx *c)
{
	const struct polb_process *p = c->v->process;
	if (p->flags & POLB_PROC_USER) {
		verify_id(c, "user.uid", POLB_IDMAP_UID, p->uid, c->st.uid);
		verify_id(c, "user.gid", POLB_IDMAP_GID, p->gid, c->st.gid);
	} else {
		vr_ok(c, "user", "(not set by the blob)");
	}
	verify_groups(c);
}

/* ---- capabilities ------------------------------------------------------ */

static void cap_names(uint64_t mask, char *buf, size_t size)
{
	size_t off = 0;
	buf[0] = '\0';
	for (int cap = 0; cap < 64 && off < size; cap++)
		if (mask & (1ull << cap)) {
			const char *n = vocab_capability_name(cap);
			if (n)
				off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? " " : "", n);
			else
				off += (size_t)snprintf(buf + off, size - off, "%s%d", off ? " " : "", cap);
		}
}

static void cap_set(struct vctx *c, const char *setting, uint64_t want, uint64_t have)
{
	uint64_t all = vocab_capability_count() >= 64 ? ~0ull
						      : (1ull << vocab_capability_count()) - 1;
	want &= all;
	char names[512];
	if (have & ~want) {
		cap_names(have & ~want, names, sizeof(names));
		vr_differs(c, setting, "holds %s, which the blob does not give", names);
	} else if (want & ~have) {
		cap_names(want & ~have, names, sizeof(names));
		vr_ok(c, setting, "(narrower: the process dropped %s)", names);
	} else {
		vr_ok(c, setting, "(%016llx)", (unsigned long long)have);
	}
}

void verify_caps(struct vctx *c)
{
	const struct polb_view *v = c->v;
	if (!v->caps) {
		vr_ok(c, "capabilities", "(not set by the blob)");
	} else {
		uint64_t keep = v->caps->keep, amb = v->caps->ambient;
		uint32_t euid_in = 1;
		bool root = to_inside(POLB_IDMAP_UID, c->st.uid[1], &euid_in) && euid_in == 0;
		/* execve: root's permitted set is its bounding set, anyone else's
		 * its ambient set (no file capabilities under no_new_privs) */
		cap_set(c, "capabilities.bounding", keep, c->st.cap_bnd);
		cap_set(c, "capabilities.inheritable", keep, c->st.cap_inh);
		cap_set(c, "capabilities.permitted", root ? keep : amb, c->st.cap_prm);
		cap_set(c, "capabilities.effective", root ? keep : amb, c->st.cap_eff);
		cap_set(c, "capabilities.ambient", amb, c->st.cap_amb);
	}
	bool nnp = v->process->flags & POLB_PROC_NO_NEW_PRIVS;
	if (nnp && !c->st.no_new_privs)
		vr_differs(c, "no_new_privs", "off, the blob sets it");
	else
		vr_ok(c, "no_new_privs", "(%s%s)", c->st.no_new_privs ? "on" : "off",
		      !nnp && c->st.no_new_privs ? "; the blob does not ask for it: narrower" : "");
}

/* ---- rlimits ----------------------------------------------------------- */

static void lim_text(uint64_t x, char *buf, size_t size)
{
	if (x == UINT64_MAX)
		snprintf(buf, size, "unlimited");
	else
		snprintf(buf, size, "%llu", (unsigned long long)x);
}

/* prlimit(2), else /proc/PID/limits (prlimit is refused across some user
 * namespaces where the file is readable). */
static int live_limit(struct vctx *c, uint32_t res, uint64_t *soft, uint64_t *hard)
{
	struct rlimit cur;
	if (prlimit(c->pid, (int)res, NULL, &cur) == 0) {
		*soft = cur.rlim_cur == RLIM_INFINITY ? UINT64_MAX : cur.rlim_cur;
		*hard = cur.rlim_max == RLIM_INFINITY ? UINT64_MAX : cur.rlim_max;
		return 0;
	}
	char *text = NULL;
	struct err e;
	uint64_t s[PROC_NLIMITS], h[PROC_NLIMITS];
	int r = res < PROC_NLIMITS && proc_read(c->pid, "limits", &text, NULL, &e) == 0 &&
			proc_parse_limits(text, s, h, &e) == 0 ? 0 : -1;
	free(text);
	if (r == 0) {
		*soft = s[res];
		*hard = h[res];
	}
	return r;
}

void verify_rlimits(struct vctx *c)
{
	const struct polb_view *v = c->v;
	if (!v->nrlimits)
		vr_ok(c, "rlimits", "(none set by the blob)");
	for (size_t i = 0; i < v->nrlimits; i++) {
		const struct polb_rlimit *r = &v->rlimits[i];
		char setting[64];
		snprintf(setting, sizeof(setting), "rlimit.%s", vocab_rlimit_name((int)r->resource));
		uint64_t soft, hard;
		if (live_limit(c, r->resource, &soft, &hard) < 0) {
			vr_unchecked(c, setting, "neither prlimit nor /proc/%d/limits can be read",
				     (int)c->pid);
			continue;
		}
		char ws[24], wh[24], hs[24], hh[24];
		lim_text(r->soft, ws, sizeof(ws));
		lim_text(r->hard, wh, sizeof(wh));
		lim_text(soft, hs, sizeof(hs));
		lim_text(hard, hh, sizeof(hh));
		if (hard > r->hard)
			vr_differs(c, setting, "the blob sets %s %s, the process has %s %s", ws, wh, hs, hh);
		else if (soft == r->soft && hard == r->hard)
			vr_ok(c, setting, "(%s %s)", hs, hh);
		else
			vr_ok(c, setting, "(%s %s; the blob sets %s %s: %s)", hs, hh, ws, wh,
			      hard < r->hard ? "narrower" : "the soft limit moved below the hard one");
	}
}
