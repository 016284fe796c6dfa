/* The filesystem section as an OCI config's root and mounts, each mount
 * with the flags enforce gives it (enforcer/mounts.c), so the runtime
 * mounts what enforce would:
 *  - a tmpfs is always nosuid and nodev (noexec when asked), its mode 0755
 *    unless the policy says one, and has the inode bound enforce gives it
 *    (common/polb.h polb_tmpfs_inodes), written as nr_inodes;
 *  - proc, mqueue: nosuid nodev noexec; sysfs: the same and read-only, or
 *    enforce's fallback (oci_sysfs_as_bind) as a recursive read-only bind;
 *  - `dev /dev` is the runtime's usual /dev tmpfs (noexec added, not nodev:
 *    the runtime makes its device nodes there), /dev/pts and /dev/shm; the
 *    runtime creates the default device nodes itself.
 * Not expressible, and warned about: symlinks, an overlay root, `root /`
 * (no runtime pivots into the host's own root), flags on the root. */
#include "interop/export_oci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polb.h"

bool oci_sysfs_as_bind(const struct pol_ir *ir)
{
	return ir->namespaces.ns[IR_NS_USER].mode == IR_NS_UNSHARE &&
	       ir->namespaces.ns[IR_NS_NET].mode != IR_NS_UNSHARE;
}

/* ---- root ------------------------------------------------------------- */

json_object *oci_root_json(struct export_ctx *x)
{
	const struct ir_mount *r = export_root(x->ir);
	json_object *root = json_object_new_object();
	const char *path = "rootfs";
	if (!r)
		export_warn(x, "no root: enforce keeps the host's / (no pivot_root); an OCI runtime needs a root "
			    "directory: root.path is the bundle's rootfs, writable as the host's / is");
	else if (r->kind == IR_MOUNT_OVERLAY)
		export_warn(x, "overlay /: OCI's root is one directory; assemble the overlay into the bundle's "
			    "rootfs first");
	else if (!strcmp(r->source, "/"))
		export_warn(x, "root /: runc and crun cannot pivot_root into the host's own / (EINVAL, with or "
			    "without --no-pivot); root.path is the bundle's rootfs: bind the host's / there first "
			    "(mount --rbind / rootfs)");
	else
		path = r->source;
	if (r && (r->flags & (IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC)))
		export_warn(x, "root: nosuid/nodev/noexec: OCI's root has no mount flags; the root is mounted "
			    "without them");
	oci_add(root, "path", json_object_new_string(path));
	/* read-only only when the policy's root is: without a root enforce
	 * keeps the host's / as it is */
	oci_add(root, "readonly", json_object_new_boolean(r && r->kind == IR_MOUNT_ROOT && !(r->flags & IR_MNT_RW)));
	return root;
}

/* ---- mounts ----------------------------------------------------------- */

static json_object *mount_new(const char *dest, const char *type, const char *source,
			      const char *const *opts, size_t nopts)
{
	json_object *m = json_object_new_object();
	oci_add(m, "destination", json_object_new_string(dest));
	oci_add(m, "type", json_object_new_string(type));
	oci_add(m, "source", json_object_new_string(source));
	oci_add(m, "options", oci_strings(opts, nopts));
	return m;
}

static void opt(json_object *m, const char *o)
{
	json_object *opts;
	json_object_object_get_ex(m, "options", &opts);
	json_object_array_add(opts, json_object_new_string(o));
}

/* "key=N" in decimal, or octal for a mode */
static void optn(json_object *m, const char *key, unsigned long long v, bool octal)
{
	char buf[64];
	snprintf(buf, sizeof(buf), octal ? "%s=%llo" : "%s=%llu", key, v);
	opt(m, buf);
}

static void flag_options(json_object *m, uint32_t flags)
{
	if (flags & IR_MNT_NOSUID)
		opt(m, "nosuid");
	if (flags & IR_MNT_NODEV)
		opt(m, "nodev");
	if (flags & IR_MNT_NOEXEC)
		opt(m, "noexec");
}

static void add_dev_mounts(json_object *mounts, const char *target)
{
	static const char *const dev[] = { "nosuid", "noexec", "strictatime", "mode=755", "size=65536k" };
	static const char *const pts[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620" };
	static const char *const shm[] = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" };
	char path[4096];
	const char *base = strcmp(target, "/") ? target : "";
	json_object_array_add(mounts, mount_new(target, "tmpfs", "tmpfs", dev, 5));
	snprintf(path, sizeof(path), "%s/pts", base);
	json_object_array_add(mounts, mount_new(path, "devpts", "devpts", pts, 5));
	snprintf(path, sizeof(path), "%s/shm", base);
	json_object_array_add(mounts, mount_new(path, "tmpfs", "shm", shm, 5));
}

/* The host id the container's `id` is under the policy's map, or under
 * the one enforce writes as root when it has none. */
static bool outside_of(const struct ir_idmap *maps, size_t n, uint32_t id, uint32_t *out)
{
	static const struct ir_idmap def = { .inside = 0, .outside = POLB_IDMAP_DEFAULT_OUTSIDE,
					     .count = POLB_IDMAP_DEFAULT_COUNT };
	if (!n) {
		maps = &def;
		n = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (id >= maps[i].inside && id - maps[i].inside < maps[i].count) {
			*out = maps[i].outside + (id - maps[i].inside);
			return true;
		}
	return false;
}

static json_object *one_mapping(uint32_t inside, uint32_t outside)
{
	json_object *a = json_object_new_array(), *m = json_object_new_object();
	oci_add(m, "containerID", json_object_new_int64(inside));
	oci_add(m, "hostID", json_object_new_int64(outside));
	oci_add(m, "size", json_object_new_int64(1));
	json_object_array_add(a, m);
	return a;
}

/* The runtime spec's idmapped mount (1.1: a mount's uidMappings and
 * gidMappings, the idmap/ridmap option) with the one uid and gid enforce
 * maps (enforcer/mounts_idmap.c): on-disk UID shows as the container's UID. */
static void idmap_json(struct export_ctx *x, const struct ir_mount *m, json_object *j)
{
	const struct ir_namespaces *n = &x->ir->namespaces;
	uint32_t uid = x->ir->process.uid, gid = x->ir->process.gid, host_uid, host_gid;
	if (!outside_of(n->uid_map, n->nuid_map, uid, &host_uid) ||
	    !outside_of(n->gid_map, n->ngid_map, gid, &host_gid)) {
		export_warn(x, "bind %s: idmap: user %u:%u is outside the user namespace's map; written "
			    "without an idmap", m->target, uid, gid);
		return;
	}
	opt(j, m->flags & IR_MNT_RECURSIVE ? "ridmap" : "idmap");
	oci_add(j, "uidMappings", one_mapping(uid, host_uid));
	oci_add(j, "gidMappings", one_mapping(gid, host_gid));
	const struct oci_runtime *rt = oci_runtime_find(x->oci_runtime);
	if (rt && !rt->idmap_mounts)
		export_warn(x, "bind %s: idmap: %s ignores a mount's uidMappings and makes the bind plain "
			    "(the directory's owner shows as nobody); runc 1.2 and crun make it idmapped",
			    m->target, rt->name);
}

static json_object *bind_json(struct export_ctx *x, const struct ir_mount *m)
{
	json_object *j = mount_new(m->target, "bind", m->source, NULL, 0);
	opt(j, m->flags & IR_MNT_RECURSIVE ? "rbind" : "bind");
	opt(j, m->flags & IR_MNT_RW ? "rw" : "ro");
	/* enforce makes a recursive bind read-only all the way down */
	if ((m->flags & IR_MNT_RECURSIVE) && !(m->flags & IR_MNT_RW))
		opt(j, "rro");
	flag_options(j, m->flags);
	if (m->flags & IR_MNT_IDMAP)
		idmap_json(x, m, j);
	if (!(m->flags & IR_MNT_FOLLOW))
		export_warn(x, "bind %s %s: the runtime follows symlinks in a bind's source; enforce refuses them "
			    "without `follow`", m->source, m->target);
	return j;
}

static json_object *tmpfs_json(const struct ir_mount *m)
{
	json_object *j = mount_new(m->target, "tmpfs", "tmpfs", NULL, 0);
	opt(j, "nosuid");
	opt(j, "nodev");
	if (m->flags & IR_MNT_NOEXEC)
		opt(j, "noexec");
	if (m->flags & IR_MNT_HAS_SIZE)
		optn(j, "size", m->size, false);
	optn(j, "mode", polb_tmpfs_mode(m->flags, m->mode), true);
	optn(j, "nr_inodes", polb_tmpfs_inodes(m->flags, m->size, m->nr_inodes), false);
	return j;
}

static json_object *overlay_json(const struct ir_mount *m)
{
	json_object *j = mount_new(m->target, "overlay", "overlay", NULL, 0);
	char *o = NULL;
	if (asprintf(&o, "lowerdir=%s", m->lower) >= 0) {
		opt(j, o);
		free(o);
	}
	if (m->upper && asprintf(&o, "upperdir=%s", m->upper) >= 0) {
		opt(j, o);
		free(o);
	}
	if (m->work && asprintf(&o, "workdir=%s", m->work) >= 0) {
		opt(j, o);
		free(o);
	}
	flag_options(j, m->flags);
	return j;
}

static json_object *sysfs_json(struct export_ctx *x, const struct ir_mount *m)
{
	static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro" };
	static const char *const bind[] = { "rbind", "ro", "rro", "nosuid", "nodev", "noexec" };
	if (!oci_sysfs_as_bind(x->ir))
		return mount_new(m->target, "sysfs", "sysfs", sys, 4);
	export_warn(x, "sysfs %s: a user namespace without its own network namespace cannot mount sysfs; "
		    "the host's /sys is bound read-only instead, as enforce does", m->target);
	return mount_new(m->target, "bind", "/sys", bind, 6);
}

/* One IR mount into mounts / maskedPaths / readonlyPaths. */
static void mount_to_oci(struct export_ctx *x, const struct ir_mount *m, json_object *mounts,
			 json_object *masked, json_object *readonly)
{
	static const char *const proc[] = { "nosuid", "noexec", "nodev" };
	switch (m->kind) {
	case IR_MOUNT_ROOT: break;
	case IR_MOUNT_OVERLAY:
		if (strcmp(m->target, "/"))
			json_object_array_add(mounts, overlay_json(m));
		break;
	case IR_MOUNT_BIND: json_object_array_add(mounts, bind_json(x, m)); break;
	case IR_MOUNT_TMPFS: json_object_array_add(mounts, tmpfs_json(m)); break;
	case IR_MOUNT_PROC: json_object_array_add(mounts, mount_new(m->target, "proc", "proc", proc, 3)); break;
	case IR_MOUNT_SYSFS: json_object_array_add(mounts, sysfs_json(x, m)); break;
	case IR_MOUNT_DEV: add_dev_mounts(mounts, m->target); break;
	case IR_MOUNT_MQUEUE: json_object_array_add(mounts, mount_new(m->target, "mqueue", "mqueue", proc, 3)); break;
	case IR_MOUNT_MASK: json_object_array_add(masked, json_object_new_string(m->target)); break;
	case IR_MOUNT_READONLY: json_object_array_add(readonly, json_object_new_string(m->target)); break;
	case IR_MOUNT_SYMLINK:
		export_warn(x, "symlink %s -> %s: OCI has no symlink mount; create it in the rootfs",
			    m->target, m->source);
		break;
	case IR_MOUNT_KIND_COUNT: break;
	}
}

json_object *oci_mounts_json(struct export_ctx *x, json_object *masked, json_object *readonly)
{
	json_object *mounts = json_object_new_array();
	for (size_t i = 0; i < x->ir->filesystem.nmounts; i++)
		mount_to_oci(x, &x->ir->filesystem.mounts[i], mounts, masked, readonly);
	return mounts;
}
