/* The minimal /dev, as bubblewrap and runc make it: a small tmpfs holding
 * the host's null zero full random urandom tty bound in one by one (a user
 * namespace may not mknod, and a bind keeps the host's device), a private
 * devpts instance with ptmx, a tmpfs for shm, and the fd/stdin/stdout/stderr
 * links into /proc/self. Nothing else of the host's devices is reachable:
 * the tmpfs itself is nodev (mount_dev), so a node made in it later is
 * refused at open, while each bound node is a mount of its own (nosuid
 * noexec, not nodev) and devpts is too; shm is nosuid nodev noexec.
 * The bound nodes are read-only mounts: the node is the host's inode, and
 * a writable bind let a container's root (CAP_FOWNER, CAP_CHOWN, as
 * default.pol keeps) chmod or chown the host's own /dev/null. A read-only
 * mount refuses that (EROFS) and still lets the device be opened for
 * writing (the kernel checks a read-only mount for files, not devices). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "enforce.h"

static const char *const dev_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
_Static_assert(sizeof(dev_nodes) / sizeof(dev_nodes[0]) == DEV_NODE_COUNT, "DEV_NODE_COUNT");

static const struct { const char *name, *target; } dev_links[] = {
	{ "fd", "/proc/self/fd" },     { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	{ "ptmx", "pts/ptmx" },
};

static int dev_path(char *buf, size_t size, const char *dev, const char *name, struct err *e)
{
	if ((size_t)snprintf(buf, size, "%s/%s", strcmp(dev, "/") ? dev : "", name) >= size)
		return err_set(e, ENAMETOOLONG, "dev", "%s/%s", dev, name);
	return 0;
}

/* The host's nodes are cloned before the tmpfs goes on DEV: without a
 * `root` of its own the container's /dev is the host's, and the tmpfs
 * would hide the very nodes to bind. */
int dev_clone_nodes(int trees[DEV_NODE_COUNT], struct err *e)
{
	for (size_t i = 0; i < DEV_NODE_COUNT; i++)
		trees[i] = -1;
	for (size_t i = 0; i < DEV_NODE_COUNT; i++) {
		char host[64];
		snprintf(host, sizeof(host), "/dev/%s", dev_nodes[i]);
		trees[i] = mnt_clone_tree(AT_FDCWD, host, false,
					  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, e, host);
		if (trees[i] < 0) {
			dev_close_nodes(trees);
			return -1;
		}
	}
	return 0;
}

void dev_close_nodes(int trees[DEV_NODE_COUNT])
{
	for (size_t i = 0; i < DEV_NODE_COUNT; i++)
		if (trees[i] >= 0) {
			close(trees[i]);
			trees[i] = -1;
		}
}

static int dev_bind_node(int rootfd, const char *dev, const char *name, int tree, struct err *e)
{
	char inside[4200];
	if (dev_path(inside, sizeof(inside), dev, name, e) < 0)
		return -1;
	char what[4400];
	snprintf(what, sizeof(what), "/dev/%s on %s", name, inside);
	return mnt_attach(tree, rootfd, inside, true, true, e, what);
}

static int dev_mount_at(int rootfd, const char *dev, const char *name, const char *fstype,
			const char *const *opts, unsigned int attrs, struct err *e)
{
	char inside[4200];
	if (dev_path(inside, sizeof(inside), dev, name, e) < 0)
		return -1;
	int mfd = mnt_fs(fstype, opts, attrs, e);
	if (mfd < 0)
		return -1;
	char what[4300];
	snprintf(what, sizeof(what), "%s on %s", fstype, inside);
	int rc = mnt_attach(mfd, rootfd, inside, false, true, e, what);
	close(mfd);
	return rc;
}

static int dev_link(int rootfd, const char *dev, const char *name, const char *target,
		    struct err *e)
{
	int dir = root_open(rootfd, dev, O_PATH | O_DIRECTORY, e, "dev");
	if (dir < 0)
		return -1;
	int rc = symlinkat(target, dir, name), saved = errno;
	close(dir);
	if (rc < 0)
		return err_set(e, saved, "dev", "symlink %s/%s -> %s", dev, name, target);
	return 0;
}

int dev_populate(int rootfd, const char *target, const int trees[DEV_NODE_COUNT], bool policy_shm,
		 struct err *e)
{
	for (size_t i = 0; i < DEV_NODE_COUNT; i++)
		if (dev_bind_node(rootfd, target, dev_nodes[i], trees[i], e) < 0)
			return -1;
	const char *pts_opts[] = { "newinstance", NULL, "ptmxmode", "0666", "mode", "0620", NULL };
	if (dev_mount_at(rootfd, target, "pts", "devpts", pts_opts,
			 MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, e) < 0)
		return -1;
	/* 64M as Docker's, not the kernel's half of RAM; a policy's own
	 * `tmpfs DEV/shm` goes on the directory left here instead */
	char size[16], inodes[16];
	snprintf(size, sizeof(size), "%u", POLB_SHM_SIZE);
	snprintf(inodes, sizeof(inodes), "%u",
		 polb_tmpfs_inodes(POLB_MNT_HAS_SIZE, POLB_SHM_SIZE, 0));
	const char *shm_opts[] = { "mode", "1777", "size", size, "nr_inodes", inodes, NULL };
	if (policy_shm) {
		char shm[4200];
		if (dev_path(shm, sizeof(shm), target, "shm", e) < 0 ||
		    root_make_mountpoint(rootfd, shm, false, e) < 0)
			return -1;
	} else if (dev_mount_at(rootfd, target, "shm", "tmpfs", shm_opts,
				MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, e) < 0) {
		return -1;
	}
	for (size_t i = 0; i < sizeof(dev_links) / sizeof(dev_links[0]); i++)
		if (dev_link(rootfd, target, dev_links[i].name, dev_links[i].target, e) < 0)
			return -1;
	vlog("dev", "%s: null zero full random urandom tty, pts, shm, fd links", target);
	return 0;
}
