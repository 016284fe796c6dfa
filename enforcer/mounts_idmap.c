/* Idmapped binds (`bind SRC DST idmap`, docs/language.md "Idmapped binds"):
 * the host's owner of SRC shows unchanged inside, without a chown.
 *
 * The parent makes them, before clone, as only it can: an idmapped mount
 * needs CAP_SYS_ADMIN over the filesystem's user namespace (the host's),
 * which the container's root never has. Each is cloned detached from the
 * O_PATH fd src_open checked (open_tree(OPEN_TREE_CLONE)), gets its flags
 * and its idmap in one mount_setattr, and is inherited by the child, which
 * attaches it like any bind (mounts.c) and closes it.
 *
 * The idmap is not the container's user namespace, whose 65536 ids would
 * give the container's root every root-owned file of the tree (and make a
 * setuid file it creates there the host root's). It is a user namespace of
 * its own, made here by a short-lived process, that maps one uid and one
 * gid: the policy's `user` U:G, on disk, to the host ids the container's
 * U:G are. So the service's files show as U:G inside and what it creates
 * is U:G on the host; every other owner stays unmapped (nobody, and no
 * chown to it, no write as its owner). The blob reader and `polc check`
 * refuse U or G 0.
 *
 * A filesystem or kernel that cannot idmap (EINVAL, EPERM, ENOSYS,
 * EOPNOTSUPP: sysfs, proc, a kernel before 5.12, tmpfs before 6.3, or a
 * caller without root) stops the run; with `optional` the bind is skipped
 * with a warning, never made plain: a plain bind would show other owners
 * than the policy asked for. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enforce.h"

static bool any_idmap(const struct polb_view *v)
{
	for (size_t i = 0; i < v->nmounts; i++)
		if (v->mounts[i].flags & POLB_MNT_IDMAP)
			return true;
	return false;
}

static int write_map(pid_t pid, const char *file, uint32_t inside, uint32_t outside,
		     struct err *e)
{
	char path[64], line[48];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	int n = snprintf(line, sizeof(line), "%u %u 1\n", inside, outside);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, "idmap", "bind's user namespace: open %s", path);
	ssize_t w = write(fd, line, (size_t)n);
	int saved = errno;
	close(fd);
	if (w != n)
		return err_set(e, w < 0 ? saved : EIO, "idmap", "bind's user namespace: %s %.*s", file,
			       n - 1, line);
	return 0;
}

/* A user namespace mapping uid U to host uid OU and gid G to OG, and
 * nothing else: born with a process that waits on a pipe, kept by the fd
 * of its /proc/PID/ns/user once the maps are in, and the process gone. */
static int map_userns(const uint32_t uid[2], const uint32_t gid[2], struct err *e)
{
	int gate[2];
	if (pipe2(gate, O_CLOEXEC) < 0)
		return err_set(e, errno, "idmap", "bind's user namespace: pipe");
	/* exit_signal 0: no SIGCHLD for the supervisor's signal loop to find */
	struct clone_args args = { .flags = CLONE_NEWUSER, .exit_signal = 0 };
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0) {
		char b;
		close(gate[1]);
		(void)!read(gate[0], &b, 1); /* EOF: the parent is done, or gone */
		_exit(0);
	}
	close(gate[0]);
	if (pid < 0) {
		int saved = errno;
		close(gate[1]);
		return err_set(e, saved, "idmap", "bind's user namespace: clone");
	}
	char ns[64];
	snprintf(ns, sizeof(ns), "/proc/%d/ns/user", (int)pid);
	int fd = -1;
	if (write_map(pid, "uid_map", uid[0], uid[1], e) == 0 &&
	    write_map(pid, "gid_map", gid[0], gid[1], e) == 0) {
		fd = open(ns, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			err_set(e, errno, "idmap", "bind's user namespace: open %s", ns);
	}
	close(gate[1]);
	while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	return fd;
}

static bool refusal(int errnum)
{
	return errnum == EINVAL || errnum == EPERM || errnum == ENOSYS || errnum == EOPNOTSUPP;
}

/* The detached, idmapped tree of one bind, or -1 with e set. */
static int idmap_tree(const struct enforce_ctx *c, const struct polb_mount *m, int userns,
		      const char *what, struct err *e)
{
	struct stat st;
	int src = src_open(polb_str(c->v, m->source), (m->flags & POLB_MNT_FOLLOW) != 0, &st, e, what);
	if (src < 0)
		return -1;
	bool recursive = (m->flags & POLB_MNT_RECURSIVE) != 0;
	int tree = open_tree(src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH |
			     (recursive ? AT_RECURSIVE : 0));
	int saved = errno;
	close(src);
	if (tree < 0)
		return err_set(e, saved, "mount", "%s: clone for idmap", what);
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP | mnt_bind_attrs(m->flags),
				   .userns_fd = (uint64_t)userns };
	if (mount_setattr(tree, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
			  sizeof(attr)) < 0) {
		saved = errno;
		close(tree);
		return err_set(e, saved, "mount", "%s: idmap refused%s", what,
			       refusal(saved) ? " (this filesystem or kernel cannot make an idmapped "
						"mount: kernel 5.12+, tmpfs 6.3+, not proc or sysfs)" : "");
	}
	return tree;
}

/* The policy's U:G and the host ids the container's U:G are. */
static int mapped_ids(const struct enforce_ctx *c, uint32_t uid[2], uint32_t gid[2], struct err *e)
{
	uid[0] = c->v->process->uid;
	gid[0] = c->v->process->gid;
	if (idmap_outside_of(c, POLB_IDMAP_UID, uid[0], &uid[1]) < 0 ||
	    idmap_outside_of(c, POLB_IDMAP_GID, gid[0], &gid[1]) < 0)
		return err_set(e, 0, "idmap", "idmapped binds: user %u:%u is not in the container's "
			       "uid_map and gid_map", uid[0], gid[0]);
	return 0;
}

/* One bind that could not be made: the run stops, or, `optional`, the
 * bind is left out with a warning. */
static int not_made(struct enforce_ctx *c, size_t i, struct err *e)
{
	const struct polb_mount *m = &c->v->mounts[i];
	bool missing = e->errnum == ENOENT;
	if (!(m->flags & POLB_MNT_OPTIONAL) || !(missing || refusal(e->errnum)))
		return -1;
	char line[640];
	warnx_line("%s; skipped (optional: an idmap bind is never made without its idmap)",
		   err_format(e, line, sizeof(line)));
	memset(e, 0, sizeof(*e));
	c->idmap_tree[i] = IDMAP_SKIPPED;
	return 0;
}

static int make_trees(struct enforce_ctx *c, int userns, struct err *init, struct err *e)
{
	for (size_t i = 0; i < c->v->nmounts; i++) {
		const struct polb_mount *m = &c->v->mounts[i];
		if (!(m->flags & POLB_MNT_IDMAP))
			continue;
		char what[2 * 4096 + 16];
		snprintf(what, sizeof(what), "bind %s on %s", polb_str(c->v, m->source),
			 polb_str(c->v, m->target));
		int tree = -1;
		if (userns < 0)
			err_set(e, init->errnum, init->step, "%s: %s", what, init->detail);
		else
			tree = idmap_tree(c, m, userns, what, e);
		if (tree >= 0) {
			c->idmap_tree[i] = tree;
			vlog("idmap", "%s: idmapped, uid %u and gid %u as on the host", what,
			     c->v->process->uid, c->v->process->gid);
		} else if (not_made(c, i, e) < 0) {
			return -1;
		}
	}
	return 0;
}

int idmap_binds_prepare(struct enforce_ctx *c, struct err *e)
{
	if (!any_idmap(c->v))
		return 0;
	c->idmap_tree = malloc(c->v->nmounts * sizeof(*c->idmap_tree));
	if (!c->idmap_tree)
		return err_set(e, ENOMEM, "idmap", "idmapped binds");
	for (size_t i = 0; i < c->v->nmounts; i++)
		c->idmap_tree[i] = -1;
	uint32_t uid[2], gid[2];
	if (mapped_ids(c, uid, gid, e) < 0)
		return -1;
	struct err init = { 0 };
	int userns = -1;
	if (c->rootless)
		err_set(&init, EPERM, "mount", "idmap: rootless: an idmapped mount needs root "
			"(CAP_SYS_ADMIN over the host's filesystem)");
	else
		userns = map_userns(uid, gid, &init);
	if (userns < 0 && !refusal(init.errnum)) {
		*e = init;
		return -1;
	}
	int rc = make_trees(c, userns, &init, e);
	if (userns >= 0)
		close(userns);
	return rc;
}

int idmap_bind_tree(const struct enforce_ctx *c, const struct polb_mount *m)
{
	return c->idmap_tree ? c->idmap_tree[m - c->v->mounts] : -1;
}

void idmap_binds_close(struct enforce_ctx *c)
{
	if (!c->idmap_tree)
		return;
	for (size_t i = 0; i < c->v->nmounts; i++)
		if (c->idmap_tree[i] >= 0)
			close(c->idmap_tree[i]);
	free(c->idmap_tree);
	c->idmap_tree = NULL;
}

void idmap_binds_plan(const struct enforce_ctx *c, FILE *out)
{
	if (!any_idmap(c->v))
		return;
	uint32_t uid[2], gid[2];
	struct err e = { 0 };
	if (mapped_ids(c, uid, gid, &e) < 0) {
		plan_line(out, "idmap", "%s", e.detail);
		return;
	}
	if (c->rootless)
		plan_line(out, "idmap", "rootless: idmapped binds need root: refused (skipped where "
			  "optional)");
	else
		plan_line(out, "idmap", "idmapped binds: a user namespace mapping only uid %u -> %u, "
			  "gid %u -> %u; trees cloned and idmapped by enforce before clone",
			  uid[0], uid[1], gid[0], gid[1]);
}
