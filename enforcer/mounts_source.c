/* Host paths the policy binds in (`bind SRC`, `root DIR`), opened once and
 * used by fd: the bind is cloned from this O_PATH fd (open_tree with
 * AT_EMPTY_PATH), so what was checked is what is mounted, with no second
 * walk of the path a concurrent writer could redirect.
 *
 * The walk itself refuses every symlink in every component
 * (RESOLVE_NO_SYMLINKS), unless the statement says `follow`, and refuses
 * magic links (/proc/PID/root, /proc/self/fd/N: RESOLVE_NO_MAGICLINKS)
 * always. A container that may write one bind's tree (`bind /srv/vol /data
 * rw`) can put a symlink where another bind's source lies (`bind
 * /srv/vol/cfg /cfg`); a path walk that followed it would hand the next run
 * any host directory (the Kubernetes subPath escape, CVE-2017-1002101). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce.h"

static int openat2_host(const char *path, uint64_t resolve)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = resolve };
	int fd;
	do
		fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return fd;
}

int src_open(const char *src, bool follow, struct stat *st, struct err *e, const char *what)
{
	uint64_t resolve = RESOLVE_NO_MAGICLINKS | (follow ? 0 : RESOLVE_NO_SYMLINKS);
	int fd = openat2_host(src, resolve);
	if (fd < 0 && errno == ELOOP) {
		/* which kind of link stopped it, for the one line */
		int again = follow ? -1 : openat2_host(src, RESOLVE_NO_MAGICLINKS);
		bool magic = follow || (again < 0 && errno == ELOOP);
		if (again >= 0)
			close(again);
		return err_set(e, ELOOP, "mount", "%s: source %s %s", what, src,
			       magic ? "goes through a magic link (/proc/PID/root, /proc/PID/fd/N, ...): "
				       "refused whatever the policy says"
				     : "has a symlink in its path: refused (bind the real path, or "
				       "write `follow` if the link is trusted)");
	}
	if (fd < 0)
		return err_set(e, errno, "mount", "%s", what);
	if (fstat(fd, st) < 0) {
		int saved = errno;
		close(fd);
		return err_set(e, saved, "mount", "%s", what);
	}
	return fd;
}
