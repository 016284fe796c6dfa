/* Paths inside the new root, resolved so that nothing in the root (a
 * hostile image, a symlink planted in a volume) can send a mount or a
 * created file outside it: every lookup is openat2() relative to the root's
 * fd with RESOLVE_IN_ROOT (".." and absolute symlinks stay inside, as if
 * chrooted) and RESOLVE_NO_MAGICLINKS (no /proc/PID/fd jumps). Mounts then
 * land on the fd, never on a path string the kernel would walk again. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce.h"

static int openat2_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;
	do
		fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return fd;
}

int root_open(int rootfd, const char *path, int flags, struct err *e, const char *step)
{
	int fd = openat2_in_root(rootfd, path, flags);
	if (fd < 0 && e)
		return err_set(e, errno, step, "%s (inside the root)", path);
	return fd;
}

/* Open each component of `dir` in turn, creating missing directories. */
static int root_mkdir_p(int rootfd, const char *dir, struct err *e)
{
	char prefix[4096];
	size_t len = strlen(dir);
	if (len >= sizeof(prefix))
		return err_set(e, ENAMETOOLONG, "mount", "%s", dir);
	int fd = openat2_in_root(rootfd, dir, O_PATH | O_DIRECTORY);
	if (fd >= 0 || errno != ENOENT)
		return fd >= 0 ? fd : err_set(e, errno, "mount", "%s (inside the root)", dir);
	for (size_t i = 1; i <= len; i++) {
		if (dir[i] != '/' && dir[i] != '\0')
			continue;
		memcpy(prefix, dir, i);
		prefix[i] = '\0';
		fd = openat2_in_root(rootfd, prefix, O_PATH | O_DIRECTORY);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		if (errno != ENOENT)
			return err_set(e, errno, "mount", "%s (inside the root)", prefix);
		const char *leaf;
		int parent = root_open_parent(rootfd, prefix, &leaf, false, e);
		if (parent < 0)
			return -1;
		int r = mkdirat(parent, leaf, 0755);
		int saved = errno;
		close(parent);
		if (r < 0 && saved != EEXIST)
			return err_set(e, saved, "mount", "create %s (inside the root)", prefix);
	}
	fd = openat2_in_root(rootfd, dir, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return err_set(e, errno, "mount", "%s (inside the root)", dir);
	return fd;
}

int root_open_parent(int rootfd, const char *path, const char **leaf, bool create,
		     struct err *e)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash[1] == '\0')
		return err_set(e, EINVAL, "mount", "%s: not a path to a file or directory", path);
	*leaf = slash + 1;
	char dir[4096];
	size_t n = (size_t)(slash - path);
	if (n >= sizeof(dir))
		return err_set(e, ENAMETOOLONG, "mount", "%s", path);
	memcpy(dir, path, n);
	dir[n] = '\0';
	if (n == 0)
		strcpy(dir, "/");
	if (create)
		return root_mkdir_p(rootfd, dir, e);
	int fd = openat2_in_root(rootfd, dir, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return err_set(e, errno, "mount", "%s (inside the root)", dir);
	return fd;
}

int root_make_mountpoint(int rootfd, const char *path, bool is_file, struct err *e)
{
	if (!strcmp(path, "/"))
		return 0;
	int fd = openat2_in_root(rootfd, path, O_PATH);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno != ENOENT)
		return err_set(e, errno, "mount", "%s (inside the root)", path);
	const char *leaf;
	int parent = root_open_parent(rootfd, path, &leaf, true, e);
	if (parent < 0)
		return -1;
	int r;
	if (is_file) {
		r = openat(parent, leaf, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (r >= 0)
			close(r);
	} else {
		r = mkdirat(parent, leaf, 0755);
	}
	int saved = errno;
	close(parent);
	if (r < 0 && saved != EEXIST)
		return err_set(e, saved, "mount", "create mount point %s (inside the root)", path);
	return 0;
}
