/* The new mount API as the enforcer uses it: a mount is made detached
 * (fsopen/fsmount for a fresh filesystem, open_tree(OPEN_TREE_CLONE) for a
 * bind), its flags are set on the whole detached tree (mount_setattr with
 * AT_RECURSIVE, so a read-only bind is read-only all the way down), and
 * only then is it attached with move_mount() onto an fd that resolve.c
 * opened inside the root. Nothing is ever visible half-configured. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "enforce.h"

/* The kernel's own explanation of an fsconfig failure, if it left one. */
static void fs_log(int fsfd, char *buf, size_t size)
{
	buf[0] = '\0';
	ssize_t n = read(fsfd, buf, size - 1);
	if (n > 2) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
	} else {
		buf[0] = '\0';
	}
}

int mnt_fs(const char *fstype, const char *const *opts, unsigned int attrs, struct err *e)
{
	char why[256];
	int fsfd = fsopen(fstype, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return err_set(e, errno, "mount", "new %s", fstype);
	for (size_t i = 0; opts && opts[i]; i += 2) {
		int r = opts[i + 1] ? fsconfig(fsfd, FSCONFIG_SET_STRING, opts[i], opts[i + 1], 0)
				    : fsconfig(fsfd, FSCONFIG_SET_FLAG, opts[i], NULL, 0);
		if (r < 0) {
			int saved = errno;
			fs_log(fsfd, why, sizeof(why));
			close(fsfd);
			return err_set(e, saved, "mount", "new %s: option %s%s%s%s", fstype, opts[i],
				       opts[i + 1] ? "=" : "", opts[i + 1] ? opts[i + 1] : "",
				       why[0] ? why : "");
		}
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		int saved = errno;
		fs_log(fsfd, why, sizeof(why));
		close(fsfd);
		return err_set(e, saved, "mount", "new %s%s%s", fstype, why[0] ? ": " : "", why);
	}
	int mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, attrs);
	int saved = errno;
	close(fsfd);
	if (mfd < 0)
		return err_set(e, saved, "mount", "new %s", fstype);
	return mfd;
}

int mnt_clone_tree(int dfd, const char *path, bool recursive, unsigned int attrs,
		   struct err *e, const char *what)
{
	unsigned int flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC;
	if (recursive)
		flags |= AT_RECURSIVE;
	if (path[0] == '\0')
		flags |= AT_EMPTY_PATH;
	int fd = open_tree(dfd, path, flags);
	if (fd < 0)
		return err_set(e, errno, "mount", "%s", what);
	if (attrs) {
		struct mount_attr attr = { .attr_set = attrs };
		if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
				  sizeof(attr)) < 0) {
			int saved = errno;
			close(fd);
			return err_set(e, saved, "mount", "%s: set flags", what);
		}
	}
	return fd;
}

int mnt_attach(int mntfd, int rootfd, const char *target, bool is_file, bool create,
	       struct err *e, const char *what)
{
	if (create && root_make_mountpoint(rootfd, target, is_file, e) < 0)
		return -1;
	int tfd = root_open(rootfd, target, O_PATH, e, "mount");
	if (tfd < 0)
		return -1;
	int r = move_mount(mntfd, "", tfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
	int saved = errno;
	close(tfd);
	if (r < 0)
		return err_set(e, saved, "mount", "%s", what);
	return 0;
}

/* Read the flags back from the mount now at target and compare. */
int mnt_verify(int rootfd, const char *target, unsigned long want, struct err *e)
{
	int fd = root_open(rootfd, target, O_PATH, e, "verify");
	if (fd < 0)
		return -1;
	struct statvfs sv;
	int r = fstatvfs(fd, &sv);
	int saved = errno;
	close(fd);
	if (r < 0)
		return err_set(e, saved, "verify", "%s", target);
	unsigned long missing = want & ~sv.f_flag;
	if (missing)
		return err_set(e, 0, "verify", "%s: mounted without%s%s%s%s", target,
			       missing & ST_RDONLY ? " ro" : "", missing & ST_NOSUID ? " nosuid" : "",
			       missing & ST_NODEV ? " nodev" : "", missing & ST_NOEXEC ? " noexec" : "");
	vlog("verify", "%s:%s%s%s%s", target, sv.f_flag & ST_RDONLY ? " ro" : " rw",
	     sv.f_flag & ST_NOSUID ? " nosuid" : "", sv.f_flag & ST_NODEV ? " nodev" : "",
	     sv.f_flag & ST_NOEXEC ? " noexec" : "");
	return 0;
}
