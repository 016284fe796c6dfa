/* A config.json's root, mounts, maskedPaths and readonlyPaths as the
 * filesystem section: the reverse of export_oci_mounts.c. The runtime's
 * /dev (a tmpfs at /dev with devpts and shm under it) is `dev /dev`; a
 * read-only bind of /sys is `sysfs` (what export writes where sysfs
 * cannot be mounted); a tmpfs's mode 0755 and inode bound are the
 * policy's defaults and are left out when they are those. Every path is
 * checked (oci_check_path): absolute, normalised, no '..'. */
#include <stdlib.h>
#include <string.h>

#include "interop/import_oci_read.h"
#include "polb.h"
#include "util/xalloc.h"

struct mount_opts {
	uint32_t flags; /* IR_MNT_* */
	bool bind, ro, rw, nosuid, nodev;
	uint64_t size;
	uint32_t mode, nr_inodes;
	const char *lower, *upper, *work; /* into the options' strings */
};

/* "65536k", "64m", "1g", "4096" -> bytes. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	uint64_t mul = 1;
	if (*end == 'k' || *end == 'K')
		mul = 1ull << 10;
	else if (*end == 'm' || *end == 'M')
		mul = 1ull << 20;
	else if (*end == 'g' || *end == 'G')
		mul = 1ull << 30;
	else if (*end)
		return -1;
	if (mul > 1 && end[1])
		return -1;
	if (v > (1ull << 50) / mul) /* a petabyte of tmpfs is not a size */
		return -1;
	*out = v * mul;
	return 0;
}

static int parse_num(const char *s, int base, uint64_t max, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long long v = strtoull(s, &end, base);
	if (*end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int one_option(struct oci_in *k, const char *o, struct mount_opts *m, const char *at)
{
	static const char *const ignored[] = { "strictatime", "relatime", "noatime", "nodiratime", "rprivate",
					       "private", "rslave", "slave", "newinstance", "rro", "rnosuid", "rnodev",
					       "rnoexec", NULL };
	uint64_t v;
	if (!strcmp(o, "bind")) m->bind = true;
	else if (!strcmp(o, "rbind")) { m->bind = true; m->flags |= IR_MNT_RECURSIVE; }
	else if (!strcmp(o, "ro")) m->ro = true;
	else if (!strcmp(o, "rw")) m->rw = true;
	else if (!strcmp(o, "nosuid")) { m->nosuid = true; m->flags |= IR_MNT_NOSUID; }
	else if (!strcmp(o, "nodev")) { m->nodev = true; m->flags |= IR_MNT_NODEV; }
	else if (!strcmp(o, "noexec")) m->flags |= IR_MNT_NOEXEC;
	else if (!strcmp(o, "idmap") || !strcmp(o, "ridmap")) m->flags |= IR_MNT_IDMAP;
	else if (!strncmp(o, "size=", 5)) {
		if (parse_size(o + 5, &m->size) < 0 || !m->size)
			return oci_bad(k, at, "'%.64s': expected size=N[k|m|g], at most a PiB", o);
		m->flags |= IR_MNT_HAS_SIZE;
	} else if (!strncmp(o, "mode=", 5)) {
		if (parse_num(o + 5, 8, 07777, &v) < 0)
			return oci_bad(k, at, "'%.64s': expected an octal mode", o);
		m->mode = (uint32_t)v;
		m->flags |= IR_MNT_HAS_MODE;
	} else if (!strncmp(o, "nr_inodes=", 10)) {
		if (parse_num(o + 10, 10, UINT32_MAX, &v) < 0 || !v)
			return oci_bad(k, at, "'%.64s': expected nr_inodes=1..4294967295", o);
		m->nr_inodes = (uint32_t)v;
		m->flags |= IR_MNT_HAS_INODES;
	} else if (!strncmp(o, "lowerdir=", 9)) m->lower = o + 9;
	else if (!strncmp(o, "upperdir=", 9)) m->upper = o + 9;
	else if (!strncmp(o, "workdir=", 8)) m->work = o + 8;
	else if (strncmp(o, "ptmxmode=", 9) && strncmp(o, "gid=", 4)) { /* devpts, part of `dev` */
		for (const char *const *i = ignored; *i; i++)
			if (!strcmp(o, *i))
				return 0;
		import_note(k->notes, "%s: option '%.64s' not imported", at, o);
	}
	return 0;
}

static int options(struct oci_in *k, json_object *mnt, const char *at, struct mount_opts *m)
{
	json_object *list;
	size_t n;
	memset(m, 0, sizeof(*m));
	if (oci_list(k, mnt, "options", at, &list, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *o;
		if (oci_str_value(k, json_object_array_get_idx(list, i), at, &o) < 0 || one_option(k, o, m, at) < 0)
			return -1;
	}
	if (m->ro && m->rw)
		return oci_bad(k, at, "both ro and rw");
	return 0;
}

static bool under_dev(const struct pol_ir *ir, const char *dest, const char *leaf)
{
	for (size_t i = 0; i < ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &ir->filesystem.mounts[i];
		size_t n = strlen(m->target);
		if (m->kind == IR_MOUNT_DEV && !strncmp(dest, m->target, n) && dest[n] == '/' && !strcmp(dest + n + 1, leaf))
			return true;
	}
	return false;
}

static int tmpfs(struct oci_in *k, const char *dest, struct mount_opts *o, const char *at)
{
	uint32_t flags = o->flags & (IR_MNT_NOEXEC | IR_MNT_HAS_SIZE | IR_MNT_HAS_MODE | IR_MNT_HAS_INODES);
	if (!o->nosuid || !o->nodev)
		import_note(k->notes, "%s: tmpfs %s without nosuid/nodev; a policy's tmpfs always has them", at, dest);
	if ((flags & IR_MNT_HAS_MODE) && o->mode == POLB_TMPFS_DEFAULT_MODE)
		flags &= ~(uint32_t)IR_MNT_HAS_MODE; /* enforce's default */
	if ((flags & IR_MNT_HAS_INODES) && o->nr_inodes == polb_tmpfs_inodes(flags & ~(uint32_t)IR_MNT_HAS_INODES,
									     o->size, 0))
		flags &= ~(uint32_t)IR_MNT_HAS_INODES;
	struct ir_mount *m = import_add_mount(k->ir, IR_MOUNT_TMPFS, NULL, dest, flags);
	m->size = o->size;
	m->mode = o->mode;
	m->nr_inodes = o->nr_inodes;
	return 0;
}

static int bind(struct oci_in *k, const char *dest, const char *src, struct mount_opts *o, const char *at)
{
	char where[96];
	snprintf(where, sizeof(where), "%s.source", at);
	if (!src)
		return oci_bad(k, at, "a bind without a source");
	if (oci_check_path(k, src, where) < 0)
		return -1;
	/* export's stand-in for sysfs in a user namespace with the host's net */
	if (!strcmp(src, "/sys") && o->ro && (o->flags & IR_MNT_RECURSIVE)) {
		import_add_mount(k->ir, IR_MOUNT_SYSFS, NULL, dest, 0);
		return 0;
	}
	/* OCI binds are writable unless ro, and the runtime follows symlinks
	 * in the source (export warns about a bind without `follow`) */
	uint32_t flags = (o->flags & (IR_MNT_RECURSIVE | IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC |
				      IR_MNT_IDMAP)) |
			 (o->ro ? 0 : IR_MNT_RW) | IR_MNT_FOLLOW;
	/* never wider than the runtime's: a policy's idmap maps its user alone */
	if (o->flags & IR_MNT_IDMAP)
		import_note(k->notes, "%s: idmap: imported as `idmap`, which maps the policy's own uid and "
			    "gid alone; the mount's uidMappings/gidMappings are not read", at);
	import_add_mount(k->ir, IR_MOUNT_BIND, src, dest, flags);
	return 0;
}

static int overlay(struct oci_in *k, const char *dest, struct mount_opts *o, const char *at)
{
	if (!o->lower)
		return oci_bad(k, at, "an overlay without lowerdir");
	char *lower = xstrdup(o->lower), *save = NULL;
	int r = 0;
	for (char *l = strtok_r(lower, ":", &save); l && r == 0; l = strtok_r(NULL, ":", &save))
		r = oci_check_path(k, l, at);
	free(lower);
	if (r < 0 || (o->upper && oci_check_path(k, o->upper, at) < 0) || (o->work && oci_check_path(k, o->work, at) < 0))
		return -1;
	if (!o->upper != !o->work)
		return oci_bad(k, at, "an overlay needs both upperdir and workdir, or neither");
	struct ir_mount *m = import_add_mount(k->ir, IR_MOUNT_OVERLAY, NULL, dest,
					   o->flags & (IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC));
	m->lower = xstrdup(o->lower);
	m->upper = o->upper ? xstrdup(o->upper) : NULL;
	m->work = o->work ? xstrdup(o->work) : NULL;
	return 0;
}

static int one_mount(struct oci_in *k, json_object *mnt, const char *at)
{
	const char *dest, *type, *src;
	struct mount_opts o;
	char where[96];
	if (!json_object_is_type(mnt, json_type_object))
		return oci_bad(k, at, "expected an object");
	if (oci_str(k, mnt, "destination", at, &dest) < 0 || oci_str(k, mnt, "type", at, &type) < 0 ||
	    oci_str(k, mnt, "source", at, &src) < 0 || options(k, mnt, at, &o) < 0)
		return -1;
	snprintf(where, sizeof(where), "%s.destination", at);
	if (!dest)
		return oci_bad(k, at, "no destination");
	if (oci_check_path(k, dest, where) < 0)
		return -1;
	if (!strcmp(dest, "/"))
		return oci_bad(k, where, "a mount over / (the root is root.path)");
	if (o.bind || (type && !strcmp(type, "bind")))
		return bind(k, dest, src, &o, at);
	if (!type)
		return oci_bad(k, at, "no type and not a bind");
	if (!strcmp(type, "proc"))
		import_add_mount(k->ir, IR_MOUNT_PROC, NULL, dest, 0);
	else if (!strcmp(type, "sysfs"))
		import_add_mount(k->ir, IR_MOUNT_SYSFS, NULL, dest, 0);
	else if (!strcmp(type, "mqueue"))
		import_add_mount(k->ir, IR_MOUNT_MQUEUE, NULL, dest, 0);
	else if (!strcmp(type, "tmpfs") && !strcmp(dest, "/dev"))
		import_add_mount(k->ir, IR_MOUNT_DEV, NULL, dest, 0);
	else if ((!strcmp(type, "tmpfs") && under_dev(k->ir, dest, "shm")) ||
		 (!strcmp(type, "devpts") && under_dev(k->ir, dest, "pts")))
		return 0; /* part of `dev` */
	else if (!strcmp(type, "tmpfs"))
		return tmpfs(k, dest, &o, at);
	else if (!strcmp(type, "overlay"))
		return overlay(k, dest, &o, at);
	else
		import_note(k->notes, "%s: a %.32s mount at %s: no policy equivalent; left out", at, type, dest);
	return 0;
}

static int root(struct oci_in *k, json_object *cfg)
{
	json_object *r;
	const char *path;
	int ro;
	if (oci_get(k, cfg, "root", json_type_object, "config", &r) < 0 || oci_str(k, r, "path", "root", &path) < 0 ||
	    oci_bool(k, r, "readonly", "root", &ro) < 0)
		return -1;
	if (!path) {
		import_note(k->notes, "root.path is absent: no root imported");
		return 0;
	}
	if (path[0] != '/') {
		import_note(k->notes, "root.path %.64s is the bundle's directory: no root imported (enforce runs in the "
			    "host's / without one)%s", path, ro == 1 ? "; its readonly is not imported" : "");
		return 0;
	}
	if (oci_check_path(k, path, "root.path") < 0)
		return -1;
	import_add_mount(k->ir, IR_MOUNT_ROOT, path, "/", IR_MNT_RECURSIVE | (ro == 1 ? 0 : IR_MNT_RW));
	return 0;
}

static int path_list(struct oci_in *k, json_object *lx, const char *key, enum ir_mount_kind kind)
{
	json_object *list;
	size_t n;
	char at[96];
	if (oci_list(k, lx, key, "linux", &list, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *p;
		snprintf(at, sizeof(at), "linux.%s[%zu]", key, i);
		if (oci_str_value(k, json_object_array_get_idx(list, i), at, &p) < 0 || oci_check_path(k, p, at) < 0)
			return -1;
		import_add_mount(k->ir, kind, NULL, p, 0);
	}
	return 0;
}

int oci_import_filesystem(struct oci_in *k, json_object *cfg)
{
	json_object *mounts, *lx;
	size_t n;
	char at[64];
	if (root(k, cfg) < 0 || oci_list(k, cfg, "mounts", "config", &mounts, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (one_mount(k, json_object_array_get_idx(mounts, i), oci_at(at, sizeof(at), "mounts", i)) < 0)
			return -1;
	if (oci_get(k, cfg, "linux", json_type_object, "config", &lx) < 0)
		return -1;
	return path_list(k, lx, "maskedPaths", IR_MOUNT_MASK) < 0 ||
			       path_list(k, lx, "readonlyPaths", IR_MOUNT_READONLY) < 0
		       ? -1 : 0;
}
