/* --dry-run's view of the container's files from the host, for the checks
 * the run would make inside (the command on PATH: 127, 126): a path inside
 * is where the last of the policy's mounts that holds it puts it (a later
 * mount on a parent hides an earlier one below it; masks come last).
 * Exact for the root directory and binds; a fresh filesystem (tmpfs, the
 * minimal /dev, a mask) holds nothing yet; proc, sysfs and overlays cannot
 * be told without mounting them, and the run decides. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "enforce.h"

/* target holds path (component boundary); rest: path below target */
static bool holds(const char *target, const char *path, const char **rest)
{
	size_t n = strlen(target);
	if (!strcmp(target, "/")) {
		*rest = path;
		return true;
	}
	if (strncmp(path, target, n) || (path[n] && path[n] != '/'))
		return false;
	*rest = path[n] ? path + n : "/";
	return true;
}

static int lookup_below(const char *src, bool follow, const char *rest)
{
	struct stat st;
	struct err e;
	int fd = src_open(src, follow, &st, &e, src);
	if (fd < 0)
		return -2; /* the mount check reports the source itself */
	if (!strcmp(rest, "/"))
		return fd;
	int in = root_open(fd, rest, O_PATH, NULL, NULL), saved = errno;
	close(fd);
	errno = saved;
	return in;
}

int mounts_plan_lookup(const struct polb_view *v, const char *inside)
{
	if (inside[0] != '/')
		return -2; /* relative to a cwd not yet entered */
	const struct polb_mount *last = NULL;
	const char *rest = inside;
	for (size_t i = 0; i < v->nmounts; i++) {
		const struct polb_mount *m = &v->mounts[i];
		const char *r;
		if (m->kind != POLB_MOUNT_SYMLINK && m->kind != POLB_MOUNT_READONLY &&
		    holds(polb_str(v, m->target), inside, &r)) {
			last = m;
			rest = r;
		}
	}
	if (!last)
		return lookup_below("/", false, inside);
	switch (last->kind) {
	case POLB_MOUNT_ROOT:
	case POLB_MOUNT_BIND:
		return lookup_below(polb_str(v, last->source), (last->flags & POLB_MNT_FOLLOW) != 0, rest);
	case POLB_MOUNT_TMPFS: case POLB_MOUNT_DEV: case POLB_MOUNT_MQUEUE: case POLB_MOUNT_MASK:
		if (!strcmp(rest, "/"))
			return -2;
		errno = ENOENT; /* a fresh, empty filesystem */
		return -1;
	default:
		return -2;
	}
}
