/* The root and the mounts: /proc/PID/root and /proc/PID/mountinfo against
 * the blob's mount list. A mount is checked by its target (a mount must
 * sit exactly there), its kind (filesystem type), its source (a bind's
 * target inside the process is the very file the blob names on the host:
 * same device and inode) and its flags (each the blob asks for must be
 * set; ro for every mount that is read-only unless `rw`). Paths inside the
 * process are opened with RESOLVE_IN_ROOT from its root, so a symlink it
 * planted cannot send polc anywhere else. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "ir.h"
#include "verify/verify.h"

static int root_fd = -1;

/* stat of a path inside the process's root, not following its symlinks out */
static int stat_inside(const char *path, int flags, struct stat *st)
{
	struct open_how how = { .flags = (uint64_t)(O_PATH | O_CLOEXEC | flags),
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	int fd = (int)syscall(SYS_openat2, root_fd, path[0] == '/' ? path + 1 : path, &how, sizeof(how));
	if (fd < 0)
		return -1;
	int r = fstat(fd, st);
	close(fd);
	return r;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

void verify_root(struct vctx *c)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/root", (int)c->pid);
	root_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat live, want;
	const struct polb_mount *r = NULL;
	for (size_t i = 0; i < c->v->nmounts; i++)
		if (c->v->mounts[i].kind == POLB_MOUNT_ROOT || c->v->mounts[i].kind == POLB_MOUNT_OVERLAY)
			if (!strcmp(polb_str(c->v, c->v->mounts[i].target), "/"))
				r = &c->v->mounts[i];
	if (root_fd < 0 || fstat(root_fd, &live) < 0) {
		vr_unchecked(c, "root", "%s: %m", path);
		return;
	}
	if (r && r->kind == POLB_MOUNT_OVERLAY) {
		const struct proc_mount *m = proc_mount_at(&c->mi, "/");
		if (m && !strcmp(m->fstype, "overlay"))
			vr_ok(c, "root", "(an overlay)");
		else
			vr_differs(c, "root", "%s, the blob makes an overlay", m ? m->fstype : "no mount");
		return;
	}
	const char *src = r ? polb_str(c->v, r->source) : "/";
	if (stat(src, &want) < 0)
		vr_unchecked(c, "root", "%s: %m", src);
	else if (same_file(&live, &want))
		vr_ok(c, "root", "(%s)", src);
	else
		vr_differs(c, "root", "not %s%s", src, r ? "" : " (the blob keeps the host's root)");
}

/* The flags a mount of this kind must carry (PROC_MNT_*). */
static unsigned required_flags(const struct polb_mount *m)
{
	unsigned f = (m->flags & POLB_MNT_NOSUID ? PROC_MNT_NOSUID : 0) |
		     (m->flags & POLB_MNT_NODEV ? PROC_MNT_NODEV : 0) |
		     (m->flags & POLB_MNT_NOEXEC ? PROC_MNT_NOEXEC : 0);
	bool ro_kind = m->kind == POLB_MOUNT_ROOT || m->kind == POLB_MOUNT_BIND ||
		       m->kind == POLB_MOUNT_SYSFS || m->kind == POLB_MOUNT_READONLY;
	if (ro_kind && !(m->flags & POLB_MNT_RW))
		f |= PROC_MNT_RO;
	if (m->flags & POLB_MNT_IDMAP)
		f |= PROC_MNT_IDMAPPED;
	return f;
}

static void flag_names(unsigned f, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%s", f & PROC_MNT_RO ? " ro" : "", f & PROC_MNT_NOSUID ? " nosuid" : "",
		 f & PROC_MNT_NODEV ? " nodev" : "", f & PROC_MNT_NOEXEC ? " noexec" : "",
		 f & PROC_MNT_IDMAPPED ? " idmapped" : "");
}

static const char *const fstype_of[POLB_MOUNT_KIND_COUNT] = {
	[POLB_MOUNT_OVERLAY] = "overlay", [POLB_MOUNT_TMPFS] = "tmpfs", [POLB_MOUNT_PROC] = "proc",
	[POLB_MOUNT_SYSFS] = "sysfs", [POLB_MOUNT_DEV] = "tmpfs", [POLB_MOUNT_MQUEUE] = "mqueue",
};

/* The kind-specific part: fstype, a bind's source, a symlink's text. */
static int check_what(struct vctx *c, const struct polb_mount *m, const struct proc_mount *pm,
		      char *why, size_t size)
{
	const char *target = polb_str(c->v, m->target), *src = polb_str(c->v, m->source);
	const char *fs = fstype_of[m->kind];
	if (fs && strcmp(pm->fstype, fs))
		return snprintf(why, size, "a %s mount, the blob makes %s", pm->fstype, fs), -1;
	if (m->kind == POLB_MOUNT_BIND) {
		struct stat in, host;
		if (stat(src, &host) < 0 || stat_inside(target, 0, &in) < 0)
			return snprintf(why, size, "cannot compare with %s: %s", src, strerror(errno)), -1;
		if (!same_file(&in, &host))
			return snprintf(why, size, "not a bind of %s (source %s%s)", src, pm->source,
					pm->root), -1;
	}
	if (m->kind == POLB_MOUNT_TMPFS && (m->flags & POLB_MNT_HAS_SIZE)) {
		char want[48];
		snprintf(want, sizeof(want), "size=%lluk", (unsigned long long)(m->size / 1024));
		if (!strstr(pm->super, want))
			return snprintf(why, size, "tmpfs %s, the blob sets %s", pm->super, want), -1;
	}
	return 0;
}

static void verify_one_mount(struct vctx *c, size_t i)
{
	const struct polb_mount *m = &c->v->mounts[i];
	const char *target = polb_str(c->v, m->target);
	char setting[300], why[400];
	snprintf(setting, sizeof(setting), "mount %s %.250s",
		 ir_mount_kind_name((enum ir_mount_kind)m->kind), target);
	if (m->kind == POLB_MOUNT_SYMLINK && root_fd < 0) {
		vr_unchecked(c, setting, "the process's root cannot be opened (not root?)");
		return;
	}
	if (m->kind == POLB_MOUNT_SYMLINK) {
		char link[512];
		struct stat st;
		ssize_t n = stat_inside(target, O_NOFOLLOW, &st) == 0 && S_ISLNK(st.st_mode)
				    ? readlinkat(root_fd, target + 1, link, sizeof(link) - 1) : -1;
		if (n >= 0)
			link[n] = '\0';
		if (n >= 0 && !strcmp(link, polb_str(c->v, m->source)))
			vr_ok(c, setting, "(-> %s)", link);
		else
			vr_differs(c, setting, "not a symlink to %s", polb_str(c->v, m->source));
		return;
	}
	const struct proc_mount *pm = proc_mount_at(&c->mi, target);
	struct stat st;
	bool hides = m->kind == POLB_MOUNT_MASK || m->kind == POLB_MOUNT_READONLY;
	if (root_fd < 0 && (m->kind == POLB_MOUNT_BIND || (!pm && hides))) {
		vr_unchecked(c, setting, "the process's root cannot be opened (not root?)");
		return;
	}
	if (!pm && hides && stat_inside(target, O_NOFOLLOW, &st) < 0 && errno == ENOENT) {
		vr_ok(c, setting, "(absent in the process's root: nothing to %s)",
		      m->kind == POLB_MOUNT_MASK ? "hide" : "protect");
		return;
	}
	if (!pm) {
		if (m->flags & POLB_MNT_OPTIONAL)
			vr_ok(c, setting, "(optional, not mounted)");
		else
			vr_differs(c, setting, "nothing is mounted there");
		return;
	}
	unsigned need = required_flags(m), missing = need & ~pm->flags;
	if (m->kind == POLB_MOUNT_ROOT || m->kind == POLB_MOUNT_MASK ||
	    m->kind == POLB_MOUNT_READONLY || check_what(c, m, pm, why, sizeof(why)) == 0) {
		char names[64];
		flag_names(missing, names, sizeof(names));
		if (missing)
			vr_differs(c, setting, "lacks%s", names);
		else
			vr_ok(c, setting, "(%s %s)", pm->fstype, pm->source);
	} else {
		vr_differs(c, setting, "%s", why);
	}
}

/* A recursive bind (and the root, always recursive) carries the host's
 * mounts below its source along: is there one at source + rest? */
static bool host_submount(const struct vctx *c, const struct polb_mount *m, const char *rest)
{
	bool recursive = m->kind == POLB_MOUNT_ROOT ||
			 (m->kind == POLB_MOUNT_BIND && (m->flags & POLB_MNT_RECURSIVE));
	if (!recursive)
		return false;
	const char *src = polb_str(c->v, m->source);
	char path[4200];
	snprintf(path, sizeof(path), "%s%s", strcmp(src, "/") ? src : "", rest);
	return proc_mount_at(&c->host_mi, path) != NULL;
}

/* Mounts the process has that the blob does not make (other than what
 * enforce puts inside a `dev` mount, and the host's own mounts that a
 * recursive bind brings along). */
static void verify_extra(struct vctx *c)
{
	size_t extra = 0;
	char list[300] = "";
	for (size_t i = 0; i < c->mi.n; i++) {
		const char *t = c->mi.m[i].target;
		bool known = false;
		for (size_t j = 0; j < c->v->nmounts && !known; j++) {
			const struct polb_mount *m = &c->v->mounts[j];
			const char *bt = polb_str(c->v, m->target);
			size_t n = strlen(bt);
			bool below = n == 1 ? t[1] != '\0' : !strncmp(t, bt, n) && t[n] == '/';
			known = !strcmp(t, bt) || (below && m->kind == POLB_MOUNT_DEV) ||
				(below && host_submount(c, m, t + (n == 1 ? 0 : n)));
		}
		if (!known && extra++ < 4)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), " %.60s", t);
	}
	if (extra)
		vr_differs(c, "mounts", "%zu mount%s the blob does not make:%s%s", extra,
			   extra == 1 ? "" : "s", list, extra > 4 ? " ..." : "");
	else
		vr_ok(c, "mounts", "(%zu, each one the blob's)", c->mi.n);
}

void verify_mounts(struct vctx *c)
{
	for (size_t i = 0; i < c->v->nmounts; i++)
		verify_one_mount(c, i);
	/* with a root of its own, every mount the process sees is one made
	 * for it; without, it sees a copy of the host's */
	bool own_root = false;
	for (size_t i = 0; i < c->v->nmounts; i++)
		own_root |= !strcmp(polb_str(c->v, c->v->mounts[i].target), "/");
	if (own_root)
		verify_extra(c);
	else if (!c->v->nmounts)
		vr_ok(c, "mounts", "(none in the blob)");
	if (root_fd >= 0)
		close(root_fd);
	root_fd = -1;
}
