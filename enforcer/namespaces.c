/* Namespaces: the eight kinds, each new (created by clone3 with its
 * CLONE_NEW* flag), joined from a path, or shared with the host.
 *
 * Joining happens before anything is created, as runc's nsexec does: a
 * namespace entered after a new user namespace exists would be owned by the
 * host's user namespace, out of reach of the child's new capabilities. So
 * the parent enters each joined namespace (pid and time: the one its next
 * child is born into) just before clone3 and returns to its own right after;
 * the child is born inside them and inside the new ones. A joined user
 * namespace cannot be left again, so only the child enters it, then unshares
 * the rest itself. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "enforce.h"

static const int ns_clone_flag[POLB_NS_COUNT] = {
	[POLB_NS_USER] = CLONE_NEWUSER, [POLB_NS_MOUNT] = CLONE_NEWNS,
	[POLB_NS_PID] = CLONE_NEWPID,   [POLB_NS_NET] = CLONE_NEWNET,
	[POLB_NS_UTS] = CLONE_NEWUTS,   [POLB_NS_IPC] = CLONE_NEWIPC,
	[POLB_NS_CGROUP] = CLONE_NEWCGROUP, [POLB_NS_TIME] = CLONE_NEWTIME,
};

/* The /proc/self/ns entry the parent returns to after a join: for pid and
 * time the "for_children" one, which is what setns changes for them. */
static const char *const ns_self_entry[POLB_NS_COUNT] = {
	[POLB_NS_USER] = "user", [POLB_NS_MOUNT] = "mnt",
	[POLB_NS_PID] = "pid_for_children", [POLB_NS_NET] = "net",
	[POLB_NS_UTS] = "uts", [POLB_NS_IPC] = "ipc",
	[POLB_NS_CGROUP] = "cgroup", [POLB_NS_TIME] = "time_for_children",
};

bool ns_wants(const struct polb_view *v, uint32_t kind, uint32_t mode)
{
	for (size_t i = 0; i < v->nns; i++)
		if (v->ns[i].kind == kind && v->ns[i].mode == mode)
			return true;
	return false;
}

static int ns_open_join(struct ns_state *ns, const struct polb_view *v,
			const struct polb_ns *n, bool rootless, struct err *e)
{
	const char *path = polb_str(v, n->path);
	const char *kind = ns_kind_name(n->kind);
	if (rootless && n->kind != POLB_NS_USER)
		return err_set(e, EPERM, "namespace",
			       "join %s %s: rootless: entering another %s namespace needs root",
			       kind, path, kind);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, "namespace", "join %s %s", kind, path);
	ns->join_fd[n->kind] = fd;
	return 0;
}

void ns_state_init(struct ns_state *ns)
{
	for (int k = 0; k < POLB_NS_COUNT; k++)
		ns->join_fd[k] = ns->self_fd[k] = -1;
	ns->cwd_fd = -1;
	ns->clone_flags = 0;
	ns->user_added = false;
}

int ns_prepare(struct enforce_ctx *c, struct err *e)
{
	struct ns_state *ns = &c->ns;
	for (size_t i = 0; i < c->v->nns; i++) {
		const struct polb_ns *n = &c->v->ns[i];
		if (n->mode == POLB_NS_UNSHARE)
			ns->clone_flags |= (uint64_t)ns_clone_flag[n->kind];
		else if (n->mode == POLB_NS_JOIN && ns_open_join(ns, c->v, n, c->rootless, e) < 0)
			return -1;
	}
	/* Rootless: every other namespace needs one, and the policy still applies
	 * in full inside it. */
	if (c->rootless && !(ns->clone_flags & CLONE_NEWUSER) && ns->join_fd[POLB_NS_USER] < 0) {
		ns->clone_flags |= CLONE_NEWUSER;
		ns->user_added = true;
		vlog("namespace", "rootless: adding a user namespace the policy does not ask for");
	}
	if (ns->join_fd[POLB_NS_USER] >= 0 && (ns->clone_flags & (CLONE_NEWPID | CLONE_NEWTIME)))
		return err_set(e, EINVAL, "namespace",
			       "join user with unshare pid or time: not supported "
			       "(the new pid/time namespace would belong to the host's user namespace)");
	return 0;
}

/* Flags clone3 gets: all but what the child creates after a user-ns join,
 * and the cgroup namespace, which the child makes once it is in its cgroup
 * (on every hierarchy) so that cgroup is the namespace's root, as runc does. */
uint64_t ns_clone3_flags(const struct enforce_ctx *c)
{
	if (c->ns.join_fd[POLB_NS_USER] >= 0)
		return 0;
	return c->ns.clone_flags & ~(uint64_t)CLONE_NEWCGROUP;
}

int ns_unshare_cgroup(const struct enforce_ctx *c, struct err *e)
{
	if (!(c->ns.clone_flags & CLONE_NEWCGROUP))
		return 0;
	if (unshare(CLONE_NEWCGROUP) < 0)
		return err_set(e, errno, "namespace", "new cgroup namespace");
	vlog("namespace", "new cgroup namespace, rooted at the container's cgroup");
	return 0;
}

int ns_join_before_clone(struct enforce_ctx *c, struct err *e)
{
	struct ns_state *ns = &c->ns;
	/* entering a mount namespace moves the working directory to its root */
	if (ns->join_fd[POLB_NS_MOUNT] >= 0) {
		ns->cwd_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (ns->cwd_fd < 0)
			return err_set(e, errno, "namespace", "save the working directory");
	}
	/* all of our own first: once in another mount namespace, /proc may
	 * be another pid namespace's */
	for (int k = 0; k < POLB_NS_COUNT; k++) {
		if (k == POLB_NS_USER || ns->join_fd[k] < 0)
			continue;
		char self[64];
		snprintf(self, sizeof(self), "/proc/self/ns/%s", ns_self_entry[k]);
		ns->self_fd[k] = open(self, O_RDONLY | O_CLOEXEC);
		if (ns->self_fd[k] < 0)
			return err_set(e, errno, "namespace", "open %s", self);
	}
	for (int k = 0; k < POLB_NS_COUNT; k++) {
		if (k == POLB_NS_USER || ns->join_fd[k] < 0)
			continue;
		if (setns(ns->join_fd[k], ns_clone_flag[k]) < 0)
			return err_set(e, errno, "namespace", "join %s", ns_kind_name(k));
		vlog("namespace", "joined %s", ns_kind_name(k));
	}
	return 0;
}

int ns_restore_after_clone(struct enforce_ctx *c, struct err *e)
{
	struct ns_state *ns = &c->ns;
	int r = 0;
	for (int k = 0; k < POLB_NS_COUNT; k++) {
		if (ns->self_fd[k] < 0)
			continue;
		if (setns(ns->self_fd[k], ns_clone_flag[k]) < 0 && r == 0)
			r = err_set(e, errno, "namespace", "return to the own %s namespace",
				    ns_kind_name(k));
		close(ns->self_fd[k]);
		ns->self_fd[k] = -1;
	}
	if (ns->cwd_fd >= 0) {
		if (fchdir(ns->cwd_fd) < 0 && r == 0)
			r = err_set(e, errno, "namespace", "return to the working directory");
		close(ns->cwd_fd);
		ns->cwd_fd = -1;
	}
	return r;
}

int ns_join_user(struct enforce_ctx *c, struct err *e)
{
	struct ns_state *ns = &c->ns;
	if (ns->join_fd[POLB_NS_USER] < 0)
		return 0;
	if (setns(ns->join_fd[POLB_NS_USER], CLONE_NEWUSER) < 0)
		return err_set(e, errno, "namespace", "join user");
	uint64_t rest = ns->clone_flags & ~(uint64_t)(CLONE_NEWUSER | CLONE_NEWCGROUP);
	if (rest && unshare((int)rest) < 0)
		return err_set(e, errno, "namespace", "unshare after joining the user namespace");
	vlog("namespace", "joined user%s", rest ? ", then unshared the rest" : "");
	return 0;
}

/* Root's host ids are not mapped in the new user namespace (the default
 * map starts at 100000), and an unmapped fsuid cannot create a file there
 * (EOVERFLOW): become root of the new namespace before any mount work. A
 * rootless caller is already mapped (its own id is the map). */
int ns_become_root(const struct enforce_ctx *c, struct err *e)
{
	if (c->rootless || !(c->ns.clone_flags & CLONE_NEWUSER) || c->ns.join_fd[POLB_NS_USER] >= 0)
		return 0;
	if (setgroups(0, NULL) < 0)
		return err_set(e, errno, "namespace", "drop the host's supplementary groups");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return err_set(e, errno, "namespace", "become root in the new user namespace%s",
			       errno == EINVAL ? " (the uid_map or gid_map does not map 0 inside)" : "");
	return 0;
}

void ns_close(struct ns_state *ns)
{
	for (int k = 0; k < POLB_NS_COUNT; k++) {
		if (ns->join_fd[k] >= 0)
			close(ns->join_fd[k]);
		if (ns->self_fd[k] >= 0)
			close(ns->self_fd[k]);
		ns->join_fd[k] = ns->self_fd[k] = -1;
	}
	if (ns->cwd_fd >= 0)
		close(ns->cwd_fd);
	ns->cwd_fd = -1;
}

/* A new network namespace has only "lo", and it is down. */
int net_loopback_up(struct err *e)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return err_set(e, errno, "network", "socket for lo");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	int r = 0;
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		r = err_set(e, errno, "network", "lo: get flags");
	else {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
			r = err_set(e, errno, "network", "lo: set up");
	}
	close(s);
	if (r == 0)
		vlog("network", "lo up");
	return r;
}

void ns_plan(const struct enforce_ctx *c, FILE *out)
{
	const struct ns_state *ns = &c->ns;
	for (int k = 0; k < POLB_NS_COUNT; k++) {
		if (ns->clone_flags & (uint64_t)ns_clone_flag[k])
			plan_line(out, "namespace", "new %s%s", ns_kind_name(k),
				  k == POLB_NS_USER && ns->user_added ? " (rootless: added)" : "");
		else if (ns->join_fd[k] >= 0)
			plan_line(out, "namespace", "join %s", ns_kind_name(k));
		else
			plan_line(out, "namespace", "share %s with the host", ns_kind_name(k));
	}
	for (size_t i = 0; i < c->v->nns; i++)
		if (c->v->ns[i].mode == POLB_NS_JOIN)
			plan_line(out, "namespace", "  %s from %s", ns_kind_name(c->v->ns[i].kind),
				  polb_str(c->v, c->v->ns[i].path));
	if (ns->clone_flags & CLONE_NEWNET)
		plan_line(out, "network", "bring lo up in the new net namespace");
}
