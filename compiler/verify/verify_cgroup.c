/* The cgroup: the process's place in each hierarchy (/proc/PID/cgroup)
 * must be a leaf under the blob's parent, and each limit file there must
 * hold what enforce writes. What enforce writes comes from enforce's own
 * code: cg_limits_apply() (enforcer/cgroup_limits.c, linked into polc)
 * runs with a cg_fs whose writes are handed to check_one() instead, so
 * the v2-to-v1 mapping of a hybrid host has one source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../enforcer/cgroup_impl.h"
#include "verify/verify.h"

static int check_one(struct cg_fs *fs, const char *dir, const char *file, const char *value,
		     const char *why)
{
	struct vctx *c = fs->arg;
	char setting[96], live[256];
	snprintf(setting, sizeof(setting), "cgroup.%s", file);
	ssize_t n = cg_read(dir, file, live, sizeof(live));
	if (n < 0)
		vr_unchecked(c, setting, "%s/%s: %m", dir, file);
	else if (!strcmp(live, value))
		vr_ok(c, setting, "(%s)", value);
	else
		vr_differs(c, setting, "%s, the blob sets %s (%s)", live, value, why ? why : file);
	return 0;
}

/* The process's line for hierarchy hi of host. */
static const struct proc_cgroup_line *line_for(const struct cg_host *host, int hi,
					       const struct proc_cgroup_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (host->hier[hi].v2) {
			if (l[i].hier == 0 && !l[i].controllers[0])
				return &l[i];
			continue;
		}
		for (int k = 0; k < CG_CTRL_COUNT; k++)
			if ((host->hier[hi].ctrls & CG_BIT(k)) && l[i].hier != 0) {
				const char *name = cg_ctrl_name((enum cg_ctrl)k, false);
				size_t len = strlen(name);
				for (const char *p = l[i].controllers; (p = strstr(p, name)); p += len)
					if ((p == l[i].controllers || p[-1] == ',') &&
					    (p[len] == ',' || p[len] == '\0'))
						return &l[i];
			}
	}
	return NULL;
}

static int place(struct vctx *c, const struct cg_host *host, const struct proc_cgroup_line *l,
		 size_t nl, char leaf[][CG_PATH_MAX])
{
	const char *parent = polb_str(c->v, c->v->cgroup->parent);
	if (!parent[0])
		parent = CG_DEFAULT_PARENT;
	char want[CG_PATH_MAX];
	snprintf(want, sizeof(want), "/%s/enforce-", parent);
	int found = 0;
	for (int hi = 0; hi < host->nhier; hi++) {
		const struct proc_cgroup_line *m = line_for(host, hi, l, nl);
		if (!m)
			continue;
		const char *at = strstr(m->path, want);
		/* rootless: the parent sits in the caller's delegated subtree */
		if (!at || strchr(at + strlen(want), '/'))
			continue;
		snprintf(leaf[hi], CG_PATH_MAX, "%.120s%.130s", host->hier[hi].mount, m->path);
		if (!found++)
			vr_ok(c, "cgroup", "(%s)", m->path);
	}
	if (!found && (c->v->cgroup->flags & POLB_CG_OPTIONAL))
		vr_ok(c, "cgroup", "(optional, and the process is in none of its own: %s)",
		      nl ? l[nl - 1].path : "(none)");
	else if (!found)
		vr_differs(c, "cgroup", "%s, not a leaf under the blob's parent '%s'",
			   nl ? l[nl - 1].path : "(none)", parent);
	return found ? 0 : -1;
}

void verify_cgroup(struct vctx *c)
{
	if (!c->v->cgroup) {
		vr_ok(c, "cgroup", "(not set by the blob)");
		return;
	}
	char *text = NULL;
	struct err e = { 0 };
	static struct proc_cgroup_line lines[PROC_MAX_CGROUPS];
	size_t n = 0;
	static struct cg_host host;
	if (proc_read(c->pid, "cgroup", &text, NULL, &e) < 0 ||
	    proc_parse_cgroup(text, lines, PROC_MAX_CGROUPS, &n, &e) < 0 ||
	    cg_host_detect(&host, &e) < 0) {
		vr_unchecked(c, "cgroup", "%s", e.detail);
		free(text);
		return;
	}
	free(text);
	char leaf[CGROUP_MAX_HIERARCHIES][CG_PATH_MAX];
	memset(leaf, 0, sizeof(leaf));
	if (place(c, &host, lines, n, leaf) < 0)
		return;
	struct cg_fs fs = { .plan = NULL, .e = &e, .check = check_one, .arg = c };
	if (cg_limits_apply(&fs, c->v, &host, leaf) < 0)
		vr_unchecked(c, "cgroup limits", "%s", e.detail);
	if (c->v->ncg_devices)
		vr_unchecked(c, "cgroup.devices", "device rules are not read back");
}
