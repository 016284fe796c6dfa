/* Namespaces: each of /proc/PID/ns/ entries against the host's (pid 1's, or
 * polc's own where pid 1's cannot be read, as rootless) and the blob's
 * mode: unshared must differ from the host's, shared must be the host's,
 * joined must be the very namespace the path names. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "ir.h"
#include "verify/verify.h"

/* /proc/PID/ns/ names, in POLB_NS_* order */
static const char *const ns_file[POLB_NS_COUNT] = {
	"user", "mnt", "pid", "net", "uts", "ipc", "cgroup", "time",
};

static int ns_stat(const char *who, const char *file, struct stat *st)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%s/ns/%s", who, file);
	return stat(path, st);
}

/* The owner of a user namespace that is not the host's (rootless enforce
 * adds one when the policy names none). -1: cannot tell. */
static long userns_owner(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uid_t uid;
	long r = fd >= 0 && ioctl(fd, NS_GET_OWNER_UID, &uid) == 0 ? (long)uid : -1;
	if (fd >= 0)
		close(fd);
	return r;
}

static void verify_one_ns(struct vctx *c, uint32_t kind)
{
	char setting[32], pid[16];
	snprintf(setting, sizeof(setting), "namespaces.%s", ir_ns_name((enum ir_ns_kind)kind));
	snprintf(pid, sizeof(pid), "%d", (int)c->pid);
	const struct polb_ns *want = NULL;
	for (size_t i = 0; i < c->v->nns; i++)
		if (c->v->ns[i].kind == kind)
			want = &c->v->ns[i];
	struct stat live, host;
	if (ns_stat(pid, ns_file[kind], &live) < 0) {
		vr_unchecked(c, setting, "/proc/%s/ns/%s: %m", pid, ns_file[kind]);
		return;
	}
	if (ns_stat("1", ns_file[kind], &host) < 0 && ns_stat("self", ns_file[kind], &host) < 0) {
		vr_unchecked(c, setting, "the host's %s namespace cannot be read", ns_file[kind]);
		return;
	}
	bool same = live.st_ino == host.st_ino && live.st_dev == host.st_dev;
	if (want && want->mode == POLB_NS_JOIN) {
		const char *path = polb_str(c->v, want->path);
		struct stat j;
		if (stat(path, &j) < 0)
			vr_unchecked(c, setting, "%s: %m", path);
		else if (j.st_ino == live.st_ino && j.st_dev == live.st_dev)
			vr_ok(c, setting, "(joined %s)", path);
		else
			vr_differs(c, setting, "the blob joins %s, the process is in another %s namespace",
				   path, ns_file[kind]);
	} else if (want) {
		if (same)
			vr_differs(c, setting, "the host's, the blob unshares it");
		else
			vr_ok(c, setting, "(new: %s:[%lu])", ns_file[kind], (unsigned long)live.st_ino);
	} else if (same) {
		vr_ok(c, setting, "(the host's, as the blob shares it)");
	} else if (kind == POLB_NS_USER && userns_owner(c->pid) > 0) {
		vr_ok(c, setting, "(new, owned by uid %ld: the one a rootless enforce adds)",
		      userns_owner(c->pid));
	} else {
		vr_differs(c, setting, "a new one, the blob shares the host's");
	}
}

void verify_namespaces(struct vctx *c)
{
	for (uint32_t k = 0; k < POLB_NS_COUNT; k++)
		verify_one_ns(c, k);
}
