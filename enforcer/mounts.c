/* The filesystem step, in the child, inside its new mount namespace:
 *   1. propagation private, so nothing below reaches the host;
 *   2. the root: a bind of the root directory (or an overlay) attached
 *      over itself; in a root the policy binds rw, missing mount points
 *      made while it is writable; then read-only (recursively) unless rw;
 *   3. every other mount in policy order: binds (read-only by default,
 *      flags set on the detached tree and read back after attaching),
 *      overlays, tmpfs, proc, sysfs, the minimal /dev, mqueue;
 *   4. symlinks, then masks and read-only paths over what now exists;
 *   5. pivot_root into the root and the old root detached.
 * Every target is resolved inside the root (resolve.c); every host source
 * is opened without symlinks or magic links (mounts_source.c). No mount
 * point is made in the host's tree (may_create). A policy without a
 * root gets its mounts in the host's view (in the private namespace) and no
 * pivot_root. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce.h"

struct mnt_run {
	const struct enforce_ctx *c;
	const struct polb_view *v;
	bool rootless;
	int rootfd;                    /* the container's root (the host's / without one) */
	const struct polb_mount *root; /* the root entry, or NULL */
};

#define M_STR(r, s) polb_str((r)->v, (s))

static unsigned int attrs_of(uint32_t flags, bool ro_unless_rw)
{
	unsigned int a = 0;
	if (ro_unless_rw && !(flags & POLB_MNT_RW))
		a |= MOUNT_ATTR_RDONLY;
	if (flags & POLB_MNT_NOSUID)
		a |= MOUNT_ATTR_NOSUID;
	if (flags & POLB_MNT_NODEV)
		a |= MOUNT_ATTR_NODEV;
	if (flags & POLB_MNT_NOEXEC)
		a |= MOUNT_ATTR_NOEXEC;
	return a;
}

unsigned int mnt_bind_attrs(uint32_t flags)
{
	return attrs_of(flags, true);
}

static unsigned long st_flags_of(unsigned int attrs)
{
	return ((attrs & MOUNT_ATTR_RDONLY) ? ST_RDONLY : 0) |
	       ((attrs & MOUNT_ATTR_NOSUID) ? ST_NOSUID : 0) |
	       ((attrs & MOUNT_ATTR_NODEV) ? ST_NODEV : 0) |
	       ((attrs & MOUNT_ATTR_NOEXEC) ? ST_NOEXEC : 0);
}

static bool is_root_entry(const struct polb_view *v, const struct polb_mount *m)
{
	return m->kind == POLB_MOUNT_ROOT ||
	       (m->kind == POLB_MOUNT_OVERLAY && !strcmp(polb_str(v, m->target), "/"));
}

static const struct polb_mount *find_root(const struct polb_view *v)
{
	for (size_t i = 0; i < v->nmounts; i++)
		if (is_root_entry(v, &v->mounts[i]))
			return &v->mounts[i];
	return NULL;
}

static int mounts_make_private(struct err *e)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return err_set(e, errno, "mount", "make / private");
	vlog("mount", "propagation private");
	return 0;
}

/* The overlay's layers are host paths like a bind's source: each is opened
 * as src_open opens one (no symlink unless `follow`, never a magic link)
 * and handed to overlayfs as /proc/self/fd/N, which names that very
 * directory. Passed as path strings, a symlink a container planted in a tree
 * it writes (an upper inside another rw bind) made the next run's upper any
 * host directory. */
#define OVL_MAX_LAYERS 64

struct ovl_layers {
	int fd[OVL_MAX_LAYERS];
	size_t n;
	char lower[OVL_MAX_LAYERS * 24], upper[24], work[24];
};

static void ovl_close(struct ovl_layers *l)
{
	for (size_t i = 0; i < l->n; i++)
		close(l->fd[i]);
	l->n = 0;
}

/* Open one layer; out: its /proc/self/fd/N name. */
static int ovl_open(struct mnt_run *r, const struct polb_mount *m, struct ovl_layers *l,
		    const char *path, char *out, size_t outsz, struct err *e)
{
	char what[4200];
	struct stat st;
	snprintf(what, sizeof(what), "overlay %s: layer %s", M_STR(r, m->target), path);
	if (l->n == OVL_MAX_LAYERS)
		return err_set(e, E2BIG, "mount", "%s: more than %d layers", what, OVL_MAX_LAYERS);
	int fd = src_open(path, (m->flags & POLB_MNT_FOLLOW) != 0, &st, e, what);
	if (fd < 0)
		return -1;
	l->fd[l->n++] = fd;
	if (!S_ISDIR(st.st_mode))
		return err_set(e, ENOTDIR, "mount", "%s", what);
	snprintf(out, outsz, "/proc/self/fd/%d", fd);
	return 0;
}

static int ovl_open_all(struct mnt_run *r, const struct polb_mount *m, struct ovl_layers *l,
			struct err *e)
{
	const char *lower = M_STR(r, m->lower), *upper = M_STR(r, m->upper);
	size_t used = 0;
	while (*lower) {
		char path[4096];
		size_t len = strcspn(lower, ":");
		if (len >= sizeof(path))
			return err_set(e, ENAMETOOLONG, "mount", "overlay %s: a lower layer",
				       M_STR(r, m->target));
		memcpy(path, lower, len);
		path[len] = '\0';
		lower += len + (lower[len] == ':');
		if (used)
			l->lower[used++] = ':';
		if (ovl_open(r, m, l, path, l->lower + used, sizeof(l->lower) - used, e) < 0)
			return -1;
		used += strlen(l->lower + used);
	}
	if (!upper[0])
		return 0;
	if (ovl_open(r, m, l, upper, l->upper, sizeof(l->upper), e) < 0)
		return -1;
	return ovl_open(r, m, l, M_STR(r, m->work), l->work, sizeof(l->work), e);
}

static int overlay_fs(struct mnt_run *r, const struct polb_mount *m, unsigned int attrs,
		      struct err *e)
{
	struct ovl_layers l = { .n = 0 };
	if (ovl_open_all(r, m, &l, e) < 0) {
		ovl_close(&l);
		return -1;
	}
	const char *opts[] = { "lowerdir", l.lower, l.upper[0] ? "upperdir" : NULL, l.upper,
			       "workdir", l.work, NULL };
	if (!l.upper[0])
		attrs |= MOUNT_ATTR_RDONLY;
	int fd = mnt_fs("overlay", opts, attrs, e);
	ovl_close(&l);
	if (fd < 0)
		snprintf(e->detail, sizeof(e->detail), "overlay %s on %s", M_STR(r, m->lower),
			 M_STR(r, m->target));
	return fd;
}

/* The root tree is attached over its own directory (the upper, or first
 * lower, layer for an overlay root): in our private namespace that hides
 * nothing anyone else sees, and pivot_root needs a mount point. */
static int mounts_setup_root(struct mnt_run *r, struct err *e)
{
	const struct polb_mount *m = r->root;
	char where[4096];
	int tree;
	if (m->kind == POLB_MOUNT_ROOT) {
		snprintf(where, sizeof(where), "%s", M_STR(r, m->source));
		char what[4200];
		snprintf(what, sizeof(what), "root %s", where);
		struct stat st;
		int src = src_open(where, (m->flags & POLB_MNT_FOLLOW) != 0, &st, e, what);
		if (src < 0)
			return -1;
		tree = S_ISDIR(st.st_mode) ? mnt_clone_tree(src, "", true, 0, e, what)
					   : err_set(e, ENOTDIR, "mount", "%s", what);
		close(src);
		if (tree < 0)
			return -1;
	} else {
		const char *upper = M_STR(r, m->upper);
		snprintf(where, sizeof(where), "%s", upper[0] ? upper : M_STR(r, m->lower));
		where[strcspn(where, ":")] = '\0';
		tree = overlay_fs(r, m, 0, e);
		if (tree < 0)
			return -1;
	}
	int at = open(where, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (at < 0 || move_mount(tree, "", at, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		int saved = errno;
		if (at >= 0)
			close(at);
		close(tree);
		return err_set(e, saved, "mount", "root %s", where);
	}
	close(at);
	/* After move_mount the tree fd is the attached root itself, even when
	 * it sits over the host's "/" where a path lookup would not reach it. */
	r->rootfd = tree;
	vlog("mount", "root %s (%s)", where, mount_kind_name(m->kind));
	return 0;
}

static bool is_structural(const struct polb_mount *m)
{
	return m->kind == POLB_MOUNT_OVERLAY || m->kind == POLB_MOUNT_BIND ||
	       m->kind == POLB_MOUNT_TMPFS || m->kind == POLB_MOUNT_PROC ||
	       m->kind == POLB_MOUNT_SYSFS || m->kind == POLB_MOUNT_DEV ||
	       m->kind == POLB_MOUNT_MQUEUE;
}

/* Under the target of an earlier mount of ours (`upto` entries are looked
 * at): then its mount point is made in that mount, not in the root dir. */
static bool covered_by_earlier(const struct mnt_run *r, size_t idx, size_t upto)
{
	const char *t = M_STR(r, r->v->mounts[idx].target);
	for (size_t i = 0; i < upto; i++) {
		const struct polb_mount *m = &r->v->mounts[i];
		if (!is_structural(m))
			continue;
		const char *p = M_STR(r, m->target);
		size_t n = strlen(p);
		if (n > 1 && !strncmp(t, p, n) && t[n] == '/')
			return true;
	}
	return false;
}

static int mount_symlink(struct mnt_run *r, const struct polb_mount *m, struct err *e);

/* A root the policy lets the container write: `root DIR rw`, or an overlay
 * root with an upper layer (writes land there). */
static bool root_writable(const struct mnt_run *r)
{
	return r->root && (r->root->kind == POLB_MOUNT_ROOT ? (r->root->flags & POLB_MNT_RW) != 0
							    : M_STR(r, r->root->upper)[0] != '\0');
}

/* May a missing mount point (or symlink) for mounts[idx] be made? Only in
 * one of the policy's own mounts, or in a root the policy binds rw: never
 * anywhere else in the host's tree (a `root /` host view, an image
 * directory, the host's / without a root). Symlinks come after every
 * mount, so every mount may hold one. */
static bool may_create(const struct mnt_run *r, size_t idx)
{
	const struct polb_mount *m = &r->v->mounts[idx];
	return root_writable(r) ||
	       covered_by_earlier(r, idx,
				  m->kind == POLB_MOUNT_SYMLINK ? r->v->nmounts : idx);
}

/* Binds keep the source's kind: a file needs a file to land on. */
static int bind_source(const struct mnt_run *r, const struct polb_mount *m, struct stat *st,
		       struct err *e)
{
	char what[2 * 4096 + 8];
	snprintf(what, sizeof(what), "%s on %s", M_STR(r, m->source), M_STR(r, m->target));
	int fd = src_open(M_STR(r, m->source), (m->flags & POLB_MNT_FOLLOW) != 0, st, e, what);
	if (fd < 0 && e->errnum == ENOENT && (m->flags & POLB_MNT_OPTIONAL))
		return -2;
	return fd;
}

/* Mount points missing from a writable root are made while it is still
 * writable, as runc does; so are symlinks in the root dir itself. */
static int mounts_premake(struct mnt_run *r, struct err *e)
{
	if (!root_writable(r))
		return 0;
	for (size_t i = 0; i < r->v->nmounts; i++) {
		const struct polb_mount *m = &r->v->mounts[i];
		if (m->kind == POLB_MOUNT_SYMLINK && !covered_by_earlier(r, i, r->v->nmounts)) {
			if (mount_symlink(r, m, e) < 0)
				return -1;
			continue;
		}
		if (!is_structural(m) || is_root_entry(r->v, m) || covered_by_earlier(r, i, i))
			continue;
		struct stat st = { .st_mode = S_IFDIR };
		if (m->kind == POLB_MOUNT_BIND) {
			int fd = bind_source(r, m, &st, e);
			if (fd < 0)
				continue; /* reported by mount_bind */
			close(fd);
		}
		if (root_make_mountpoint(r->rootfd, M_STR(r, m->target), !S_ISDIR(st.st_mode), e) < 0)
			return -1;
	}
	return 0;
}

static int mounts_root_flags(struct mnt_run *r, struct err *e)
{
	const struct polb_mount *m = r->root;
	unsigned int attrs = attrs_of(m->flags, m->kind == POLB_MOUNT_ROOT);
	if (!attrs)
		return 0;
	struct mount_attr attr = { .attr_set = attrs };
	if (mount_setattr(r->rootfd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
		return err_set(e, errno, "mount", "root: set flags");
	return mnt_verify(r->rootfd, "/", st_flags_of(attrs), e);
}

/* The tree the parent cloned and idmapped (mounts_idmap.c), attached like
 * any bind; one it left out (optional) was warned about there. */
static int mount_idmap_bind(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	const char *dst = M_STR(r, m->target);
	char what[2 * 4096 + 16];
	snprintf(what, sizeof(what), "bind %s on %s (idmap)", M_STR(r, m->source), dst);
	int tree = idmap_bind_tree(r->c, m);
	if (tree == IDMAP_SKIPPED) {
		vlog("mount", "%s: left out (optional)", what);
		return 0;
	}
	struct stat st;
	if (tree < 0 || fstat(tree, &st) < 0)
		return err_set(e, tree < 0 ? EBADF : errno, "mount", "%s: the idmapped tree", what);
	int rc = mnt_attach(tree, r->rootfd, dst, !S_ISDIR(st.st_mode),
			    may_create(r, (size_t)(m - r->v->mounts)), e, what);
	close(tree);
	r->c->idmap_tree[m - r->v->mounts] = -1;
	if (rc < 0)
		return -1;
	vlog("mount", "%s", what);
	return mnt_verify(r->rootfd, dst, st_flags_of(attrs_of(m->flags, true)), e);
}

static int mount_bind(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	if (m->flags & POLB_MNT_IDMAP)
		return mount_idmap_bind(r, m, e);
	const char *src = M_STR(r, m->source), *dst = M_STR(r, m->target);
	struct stat st;
	int fd = bind_source(r, m, &st, e);
	if (fd == -2) {
		warnx_line("bind %s on %s: source missing, skipped (optional)", src, dst);
		return 0;
	}
	if (fd < 0)
		return -1;
	unsigned int attrs = attrs_of(m->flags, true);
	char what[2 * 4096 + 8];
	snprintf(what, sizeof(what), "%s on %s", src, dst);
	/* cloned from the fd that was checked: the path is not walked again */
	int tree = mnt_clone_tree(fd, "", (m->flags & POLB_MNT_RECURSIVE) != 0, attrs, e, what);
	close(fd);
	if (tree < 0)
		return -1;
	int rc = mnt_attach(tree, r->rootfd, dst, !S_ISDIR(st.st_mode),
			    may_create(r, (size_t)(m - r->v->mounts)), e, what);
	close(tree);
	if (rc < 0)
		return -1;
	vlog("mount", "bind %s", what);
	return mnt_verify(r->rootfd, dst, st_flags_of(attrs), e);
}

static int attach_fs(struct mnt_run *r, const struct polb_mount *m, int mfd, const char *what,
		     unsigned int attrs, struct err *e)
{
	if (mfd < 0)
		return -1;
	const char *target = M_STR(r, m->target);
	char desc[4200];
	snprintf(desc, sizeof(desc), "%s on %s", what, target);
	int rc = mnt_attach(mfd, r->rootfd, target, false, may_create(r, (size_t)(m - r->v->mounts)),
			    e, desc);
	close(mfd);
	if (rc < 0)
		return -1;
	vlog("mount", "%s", desc);
	return mnt_verify(r->rootfd, target, st_flags_of(attrs), e);
}

static int mount_tmpfs(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	char size[32], mode[16], inodes[16], uid[16], gid[16];
	const char *opts[12] = { NULL };
	int n = 0;
	/* uid=/gid= are read in this process's user namespace, the
	 * container's: the kernel maps them (an unmapped id is EINVAL) */
	const struct polb_tmpfs_owner *own = polb_tmpfs_owner_of(r->v, (size_t)(m - r->v->mounts));
	if (own) {
		snprintf(uid, sizeof(uid), "%u", own->uid);
		snprintf(gid, sizeof(gid), "%u", own->gid);
		opts[n++] = "uid";
		opts[n++] = uid;
		opts[n++] = "gid";
		opts[n++] = gid;
	}
	if (m->flags & POLB_MNT_HAS_SIZE) {
		snprintf(size, sizeof(size), "%llu", (unsigned long long)m->size);
		opts[n++] = "size";
		opts[n++] = size;
	}
	snprintf(mode, sizeof(mode), "%o", polb_tmpfs_mode(m->flags, m->mode));
	opts[n++] = "mode";
	opts[n++] = mode;
	/* every tmpfs has an inode bound: empty files cost no pages, only
	 * kernel memory the size= bound does not count */
	snprintf(inodes, sizeof(inodes), "%u", polb_tmpfs_inodes(m->flags, m->size, m->nr_inodes));
	opts[n++] = "nr_inodes";
	opts[n++] = inodes;
	/* tmpfs is always writable, nosuid and nodev; noexec when asked */
	unsigned int attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | attrs_of(m->flags, false);
	return attach_fs(r, m, mnt_fs("tmpfs", opts, attrs, e), "tmpfs", attrs, e);
}

static int mount_proc(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	unsigned int attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	int fd = mnt_fs("proc", NULL, attrs, e);
	if (fd < 0 && e->errnum == EPERM && r->rootless)
		snprintf(e->detail, sizeof(e->detail),
			 "proc on %s: rootless: a fresh proc needs `unshare pid`", M_STR(r, m->target));
	return attach_fs(r, m, fd, "proc", attrs, e);
}

/* A fresh sysfs needs a network namespace of our own user namespace; without
 * one, the host's /sys is bound instead, read-only all the way down. */
static int mount_sysfs(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	unsigned int attrs = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
			     MOUNT_ATTR_NOEXEC;
	int fd = mnt_fs("sysfs", NULL, attrs, e);
	if (fd < 0 && e->errnum == EPERM) {
		vlog("mount", "sysfs: a new one is refused here; binding the host's /sys read-only");
		fd = mnt_clone_tree(AT_FDCWD, "/sys", true, attrs, e, "sysfs (bind of /sys)");
	}
	return attach_fs(r, m, fd, "sysfs", attrs, e);
}

static int mount_mqueue(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	unsigned int attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	return attach_fs(r, m, mnt_fs("mqueue", NULL, attrs, e), "mqueue", attrs, e);
}

/* The policy's own `tmpfs DEV/shm` replaces the 64M default (it is
 * mounted later, on the directory dev_populate leaves for it). */
static bool policy_shm(const struct mnt_run *r, const struct polb_mount *dev)
{
	char shm[4200];
	const char *d = M_STR(r, dev->target);
	snprintf(shm, sizeof(shm), "%s/shm", strcmp(d, "/") ? d : "");
	for (size_t i = 0; i < r->v->nmounts; i++)
		if (r->v->mounts[i].kind == POLB_MOUNT_TMPFS && !strcmp(M_STR(r, r->v->mounts[i].target), shm))
			return true;
	return false;
}

static int mount_dev(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	char size[16], inodes[16];
	snprintf(size, sizeof(size), "%u", POLB_DEV_SIZE);
	snprintf(inodes, sizeof(inodes), "%u", POLB_DEV_INODES);
	const char *opts[] = { "mode", "755", "size", size, "nr_inodes", inodes, NULL };
	/* nodev: a node the container's root makes here with CAP_MKNOD (the
	 * host's disk, /dev/kmsg) cannot be opened, device cgroup or not. The
	 * devices dev_populate puts in are bind mounts of their own and keep
	 * working; pts is a mount of its own too. */
	unsigned int attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	int trees[DEV_NODE_COUNT];
	if (dev_clone_nodes(trees, e) < 0)
		return -1;
	int rc = attach_fs(r, m, mnt_fs("tmpfs", opts, attrs, e), "dev", attrs, e);
	if (rc == 0)
		rc = dev_populate(r->rootfd, M_STR(r, m->target), trees, policy_shm(r, m), e);
	dev_close_nodes(trees);
	return rc;
}

static int mount_overlay(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	unsigned int attrs = attrs_of(m->flags, false);
	return attach_fs(r, m, overlay_fs(r, m, attrs, e), "overlay", attrs, e);
}

static int mount_symlink(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	const char *text = M_STR(r, m->source), *at = M_STR(r, m->target), *leaf;
	bool create = may_create(r, (size_t)(m - r->v->mounts));
	int dir = root_open_parent(r->rootfd, at, &leaf, create, e);
	if (dir < 0)
		return -1;
	/* where enforce may not write, the link must already be there */
	int rc = create ? symlinkat(text, dir, leaf) : (errno = EEXIST, -1), saved = errno;
	if (rc < 0 && saved == EEXIST) {
		char old[4096];
		ssize_t n = readlinkat(dir, leaf, old, sizeof(old) - 1);
		if (n >= 0 && (old[n] = '\0', !strcmp(old, text)))
			rc = 0;
	}
	close(dir);
	if (rc < 0)
		return err_set(e, saved, "symlink", "%s -> %s", at, text);
	vlog("symlink", "%s -> %s", at, text);
	return 0;
}

/* Absent paths need no hiding or protecting: skipped, as runc does. */
static int open_existing(struct mnt_run *r, const char *path, struct stat *st, struct err *e)
{
	int fd = root_open(r->rootfd, path, O_PATH, NULL, NULL);
	if (fd < 0) {
		if (errno == ENOENT) {
			vlog("mount", "%s: absent, nothing to do", path);
			return -2;
		}
		return err_set(e, errno, "mount", "%s (inside the root)", path);
	}
	if (fstat(fd, st) < 0) {
		int saved = errno;
		close(fd);
		return err_set(e, saved, "mount", "%s", path);
	}
	return fd;
}

static int mount_mask(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	const char *path = M_STR(r, m->target);
	struct stat st;
	int fd = open_existing(r, path, &st, e);
	if (fd == -2)
		return 0;
	if (fd < 0)
		return -1;
	close(fd);
	int mfd;
	unsigned int attrs = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
			     MOUNT_ATTR_NOEXEC;
	if (S_ISDIR(st.st_mode)) {
		char size[16], inodes[16];
		snprintf(size, sizeof(size), "%u", POLB_MASK_SIZE);
		snprintf(inodes, sizeof(inodes), "%u", POLB_MASK_INODES);
		const char *opts[] = { "mode", "0", "size", size, "nr_inodes", inodes, NULL };
		mfd = mnt_fs("tmpfs", opts, attrs, e);
	} else {
		mfd = mnt_clone_tree(AT_FDCWD, "/dev/null", false, attrs, e, "mask: /dev/null");
	}
	if (mfd < 0)
		return -1;
	char what[4200];
	snprintf(what, sizeof(what), "mask %s", path);
	int rc = mnt_attach(mfd, r->rootfd, path, !S_ISDIR(st.st_mode), false, e, what);
	close(mfd);
	if (rc == 0)
		vlog("mount", "%s", what);
	return rc;
}

static int mount_readonly(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	const char *path = M_STR(r, m->target);
	struct stat st;
	int fd = open_existing(r, path, &st, e);
	if (fd == -2)
		return 0;
	if (fd < 0)
		return -1;
	char what[4200];
	snprintf(what, sizeof(what), "readonly %s", path);
	int tree = mnt_clone_tree(fd, "", true, MOUNT_ATTR_RDONLY, e, what);
	close(fd);
	if (tree < 0)
		return -1;
	int rc = mnt_attach(tree, r->rootfd, path, !S_ISDIR(st.st_mode), false, e, what);
	close(tree);
	if (rc < 0)
		return -1;
	vlog("mount", "%s", what);
	return mnt_verify(r->rootfd, path, ST_RDONLY, e);
}

static int mount_one(struct mnt_run *r, const struct polb_mount *m, struct err *e)
{
	switch (m->kind) {
	case POLB_MOUNT_BIND: return mount_bind(r, m, e);
	case POLB_MOUNT_OVERLAY: return mount_overlay(r, m, e);
	case POLB_MOUNT_TMPFS: return mount_tmpfs(r, m, e);
	case POLB_MOUNT_PROC: return mount_proc(r, m, e);
	case POLB_MOUNT_SYSFS: return mount_sysfs(r, m, e);
	case POLB_MOUNT_DEV: return mount_dev(r, m, e);
	case POLB_MOUNT_MQUEUE: return mount_mqueue(r, m, e);
	default: return 0;
	}
}

/* Structural mounts, then symlinks, then masks and read-only paths, so a
 * mask always lands on what the container will really see. */
static int mounts_all(struct mnt_run *r, struct err *e)
{
	static const int pass_of[POLB_MOUNT_KIND_COUNT] = {
		[POLB_MOUNT_SYMLINK] = 1, [POLB_MOUNT_MASK] = 2, [POLB_MOUNT_READONLY] = 2,
	};
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < r->v->nmounts; i++) {
			const struct polb_mount *m = &r->v->mounts[i];
			if (pass_of[m->kind] != pass || is_root_entry(r->v, m))
				continue;
			int rc = m->kind == POLB_MOUNT_SYMLINK ? mount_symlink(r, m, e)
				 : m->kind == POLB_MOUNT_MASK ? mount_mask(r, m, e)
				 : m->kind == POLB_MOUNT_READONLY ? mount_readonly(r, m, e)
				 : mount_one(r, m, e);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

/* pivot_root(".", ".") stacks the old root on top of the new one; detaching
 * it leaves only the new root (runc's way: no put_old directory needed). */
static int mounts_pivot(struct mnt_run *r, struct err *e)
{
	if (fchdir(r->rootfd) < 0)
		return err_set(e, errno, "pivot_root", "enter the new root");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return err_set(e, errno, "pivot_root", "into %s",
			       r->root->kind == POLB_MOUNT_ROOT ? M_STR(r, r->root->source) : "overlay");
	if (umount2(".", MNT_DETACH) < 0)
		return err_set(e, errno, "pivot_root", "detach the old root");
	if (chdir("/") < 0)
		return err_set(e, errno, "pivot_root", "chdir /");
	vlog("pivot_root", "done; the old root is detached");
	return 0;
}

/* One mount point of the policy, checked before anything is changed: its
 * source opens as the run will open it, and a missing mount point is one
 * enforce may make (may_create), else the run is refused now. With `out`
 * (--dry-run) what would be made is said. */
static int check_one(struct mnt_run *r, size_t i, FILE *out, struct err *e)
{
	const struct polb_mount *m = &r->v->mounts[i];
	const char *t = M_STR(r, m->target);
	if (m->kind == POLB_MOUNT_BIND) {
		struct stat st;
		int fd = bind_source(r, m, &st, e);
		if (fd == -2) {
			if (out)
				plan_line(out, "mount", "bind %s: source missing, would be skipped (optional)",
					  M_STR(r, m->source));
			return 0;
		}
		if (fd < 0)
			return -1;
		close(fd);
	}
	if (m->kind != POLB_MOUNT_SYMLINK && (!is_structural(m) || is_root_entry(r->v, m)))
		return 0;
	if (may_create(r, i)) {
		if (out && (m->kind != POLB_MOUNT_SYMLINK || !covered_by_earlier(r, i, r->v->nmounts)) &&
		    !covered_by_earlier(r, i, i)) {
			int fd = root_open(r->rootfd, t, O_PATH, NULL, NULL);
			if (fd >= 0)
				close(fd);
			else
				plan_line(out, "mount", "would create %s %s in the writable root",
					  m->kind == POLB_MOUNT_SYMLINK ? "symlink" : "mount point", t);
		} else if (out && m->kind != POLB_MOUNT_SYMLINK) {
			plan_line(out, "mount", "mount point %s, if missing, made inside the policy's own mount", t);
		}
		return 0;
	}
	bool link = m->kind == POLB_MOUNT_SYMLINK;
	int fd = root_open(r->rootfd, t, O_PATH | (link ? O_NOFOLLOW : 0), NULL, NULL);
	if (fd >= 0) {
		char old[4096];
		ssize_t n = link ? readlinkat(fd, "", old, sizeof(old) - 1) : 0;
		close(fd);
		if (n >= 0)
			old[n] = '\0';
		if (link && (n < 0 || strcmp(old, M_STR(r, m->source)) != 0))
			return err_set(e, 0, "symlink", "%s: exists in the read-only root, but not as a "
				       "link to %s, and enforce changes nothing in the host's tree", t,
				       M_STR(r, m->source));
		return 0;
	}
	if (errno != ENOENT)
		return err_set(e, errno, "mount", "%s (inside the root)", t);
	return err_set(e, 0, "mount", "%s: no such %s in %s, and enforce makes nothing in the host's "
		       "tree: create it there, or mount a tmpfs of the policy's on a parent directory",
		       t, m->kind == POLB_MOUNT_SYMLINK ? "symlink" : "mount point",
		       !r->root ? "the host's / (no root)" : "the read-only root");
}

/* Parent, before clone, with the caller's own rights (and for --dry-run):
 * every check the mounts make that can be made before the first change:
 * the root and the bind sources open (no symlinks, no magic links), and
 * every mount point that is missing may be made. Nothing is created here:
 * a mount point is made only inside the container's own mounts or a root
 * the policy binds rw, by the child. */
static int mounts_check(const struct enforce_ctx *c, FILE *out, struct err *e)
{
	struct mnt_run r = { .c = c, .v = c->v, .rootless = c->rootless, .rootfd = -1,
			     .root = find_root(c->v) };
	if (!c->v->nmounts)
		return 0;
	if (r.root && r.root->kind == POLB_MOUNT_OVERLAY)
		return 0; /* the overlay's tree exists only once mounted */
	struct stat st;
	char what[4200];
	snprintf(what, sizeof(what), "root %s", r.root ? M_STR(&r, r.root->source) : "/");
	r.rootfd = r.root ? src_open(M_STR(&r, r.root->source), (r.root->flags & POLB_MNT_FOLLOW) != 0,
				    &st, e, what)
			  : open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (r.rootfd < 0)
		return r.root ? -1 : err_set(e, errno, "mount", "open /");
	int rc = 0;
	if (r.root && !S_ISDIR(st.st_mode))
		rc = err_set(e, ENOTDIR, "mount", "%s", what);
	for (size_t i = 0; rc == 0 && i < c->v->nmounts; i++)
		rc = check_one(&r, i, out, e);
	close(r.rootfd);
	return rc;
}

int mounts_prepare(const struct enforce_ctx *c, struct err *e)
{
	return mounts_check(c, NULL, e);
}

int mounts_plan_check(const struct enforce_ctx *c, FILE *out, struct err *e)
{
	return mounts_check(c, out, e);
}

int mounts_apply(const struct enforce_ctx *c, struct err *e)
{
	struct mnt_run r = { .c = c, .v = c->v, .rootless = c->rootless, .rootfd = -1,
			     .root = find_root(c->v) };
	if (c->v->nmounts == 0)
		return 0;
	if (mounts_make_private(e) < 0)
		return -1;
	int rc;
	if (r.root) {
		rc = mounts_setup_root(&r, e);
		if (rc == 0)
			rc = mounts_premake(&r, e);
		if (rc == 0)
			rc = mounts_root_flags(&r, e);
	} else {
		r.rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		rc = r.rootfd < 0 ? err_set(e, errno, "mount", "open /") : 0;
	}
	if (rc == 0)
		rc = mounts_all(&r, e);
	if (rc == 0 && r.root)
		rc = mounts_pivot(&r, e);
	if (r.rootfd >= 0)
		close(r.rootfd);
	return rc;
}

static void plan_flags(char *buf, size_t size, uint32_t flags, bool ro_default)
{
	snprintf(buf, size, "%s%s%s%s%s%s%s", ro_default ? (flags & POLB_MNT_RW ? "rw" : "ro") : "",
		 flags & POLB_MNT_NOSUID ? " nosuid" : "", flags & POLB_MNT_NODEV ? " nodev" : "",
		 flags & POLB_MNT_NOEXEC ? " noexec" : "", flags & POLB_MNT_OPTIONAL ? " optional" : "",
		 flags & POLB_MNT_FOLLOW ? " follow" : "", flags & POLB_MNT_IDMAP ? " idmap" : "");
}

void mounts_plan(const struct enforce_ctx *c, FILE *out)
{
	const struct polb_view *v = c->v;
	if (!v->nmounts)
		return;
	plan_line(out, "mount", "make every mount private (no propagation to the host)");
	char fl[64];
	for (size_t i = 0; i < v->nmounts; i++) {
		const struct polb_mount *m = &v->mounts[i];
		const char *t = polb_str(v, m->target);
		switch (m->kind) {
		case POLB_MOUNT_ROOT:
			plan_flags(fl, sizeof(fl), m->flags, true);
			plan_line(out, "mount", "root %s (%s, recursive)", polb_str(v, m->source), fl);
			break;
		case POLB_MOUNT_BIND:
			plan_flags(fl, sizeof(fl), m->flags, true);
			plan_line(out, "mount", "bind %s on %s (%s), flags read back", polb_str(v, m->source), t, fl);
			break;
		case POLB_MOUNT_OVERLAY:
			plan_line(out, "mount", "overlay on %s lower %s upper %s work %s", t,
				  polb_str(v, m->lower), polb_str(v, m->upper), polb_str(v, m->work));
			break;
		case POLB_MOUNT_TMPFS: {
			const struct polb_tmpfs_owner *own = polb_tmpfs_owner_of(v, (size_t)(m - v->mounts));
			plan_line(out, "mount", "tmpfs on %s size %llu mode %o nr_inodes %u uid %u gid %u "
				  "(nosuid nodev%s)", t,
				  (unsigned long long)(m->flags & POLB_MNT_HAS_SIZE ? m->size : 0),
				  polb_tmpfs_mode(m->flags, m->mode),
				  polb_tmpfs_inodes(m->flags, m->size, m->nr_inodes),
				  own ? own->uid : 0, own ? own->gid : 0,
				  m->flags & POLB_MNT_NOEXEC ? " noexec" : "");
			break;
		}
		case POLB_MOUNT_PROC: plan_line(out, "mount", "fresh proc on %s", t); break;
		case POLB_MOUNT_SYSFS: plan_line(out, "mount", "sysfs on %s, read-only", t); break;
		case POLB_MOUNT_DEV:
			plan_line(out, "mount", "minimal dev on %s (nosuid nodev noexec, %u KiB, %u inodes): "
				  "null zero full random urandom tty, pts, shm (%u MiB unless the policy "
				  "mounts one), fd links", t, POLB_DEV_SIZE >> 10, POLB_DEV_INODES,
				  POLB_SHM_SIZE >> 20);
			break;
		case POLB_MOUNT_MQUEUE: plan_line(out, "mount", "mqueue on %s", t); break;
		case POLB_MOUNT_MASK: plan_line(out, "mount", "mask %s", t); break;
		case POLB_MOUNT_READONLY: plan_line(out, "mount", "read-only %s", t); break;
		case POLB_MOUNT_SYMLINK:
			plan_line(out, "symlink", "%s -> %s", t, polb_str(v, m->source));
			break;
		}
	}
	if (find_root(v))
		plan_line(out, "pivot_root", "into the root; detach the old root");
}
