/* Credentials: supplementary groups, gid, uid, in that order (once the uid
 * is not 0 the others can no longer change). Capabilities survive the uid
 * change only for caps.c to set them exactly (PR_SET_KEEPCAPS); without a
 * capabilities section the kernel's usual rule applies and a non-root uid
 * keeps none. */
#include <errno.h>
#include <grp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "enforce.h"

static int groups_apply(const struct enforce_ctx *c, struct err *e)
{
	const struct polb_view *v = c->v;
	bool asked = v->process->flags & POLB_PROC_GROUPS;
	if (!asked && !(v->process->flags & POLB_PROC_USER) && !v->user_name)
		return 0;
	size_t n = asked ? v->ngroups : 0;
	if (setgroups(n, n ? (const gid_t *)v->groups : NULL) == 0) {
		vlog("creds", "%zu supplementary group%s", n, n == 1 ? "" : "s");
		return 0;
	}
	if (errno == EPERM && c->rootless && !asked) {
		vlog("creds", "rootless: setgroups is denied; the caller's groups stay (as nobody)");
		return 0;
	}
	if (errno == EPERM && c->rootless)
		return err_set(e, EPERM, "creds", "groups: rootless: setgroups is denied in a "
			       "user namespace made without privilege");
	return err_set(e, errno, "creds", "setgroups (%zu groups)", n);
}

int creds_apply(const struct enforce_ctx *c, struct err *e)
{
	const struct polb_process *p = c->v->process;
	uint32_t uid = p->uid, gid = p->gid;
	/* a name: after pivot_root, so these are the container's own files */
	if (c->v->user_name && userdb_resolve(c->v, &uid, &gid, e) < 0)
		return -1;
	if (groups_apply(c, e) < 0)
		return -1;
	if (!(p->flags & POLB_PROC_USER) && !c->v->user_name)
		return 0;
	if (c->v->caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return err_set(e, errno, "creds", "keep capabilities across setuid");
	if (setresgid(gid, gid, gid) < 0)
		return err_set(e, errno, "creds", "gid %u%s", gid,
			       errno == EINVAL ? " (not mapped in the user namespace)" : "");
	if (setresuid(uid, uid, uid) < 0)
		return err_set(e, errno, "creds", "uid %u%s", uid,
			       errno == EINVAL ? " (not mapped in the user namespace)" : "");
	if (c->v->caps && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return err_set(e, errno, "creds", "clear keep-capabilities");
	vlog("creds", "uid %u gid %u", uid, gid);
	return 0;
}

void creds_plan(const struct enforce_ctx *c, FILE *out)
{
	const struct polb_view *v = c->v;
	if (v->process->flags & POLB_PROC_GROUPS) {
		char buf[512];
		size_t len = 0;
		buf[0] = '\0';
		for (size_t i = 0; i < v->ngroups && len < sizeof(buf) - 12; i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %u", v->groups[i]);
		plan_line(out, "creds", "groups%s", v->ngroups ? buf : " (none)");
	} else if ((v->process->flags & POLB_PROC_USER) || v->user_name) {
		plan_line(out, "creds", "groups (none)");
	}
	if (v->process->flags & POLB_PROC_USER)
		plan_line(out, "creds", "gid %u, uid %u", v->process->gid, v->process->uid);
	else if (v->user_name)
		plan_line(out, "creds", "user %s%s%s: gid, uid from the container's /etc/passwd%s "
			  "(uid or gid 0 refused)", polb_str(v, v->user_name->user),
			  v->user_name->group.len ? " group " : "",
			  v->user_name->group.len ? polb_str(v, v->user_name->group) : "",
			  v->user_name->group.len ? " and /etc/group" : "");
	else
		plan_line(out, "creds", "uid and gid unchanged");
}
