/* polc export k8s: the generated AppArmor profile as the Security Profiles
 * Operator's AppArmorProfile `spec.abstract`.
 *
 * Since SPO 0.9 the object holds no profile text: the operator renders
 * allow lists into its own template (crd2armor: `#include
 * <abstractions/base>`, `deny mount`, denies for /proc and /sys writes).
 * The lists are built here from the facts apparmor_gen.c writes its
 * rules from (the mounts, the kept capabilities, Landlock's TCP ports),
 * each in the field whose rendered rule grants no more than ours:
 *   a mount, exec allowed    allowedExecutables (ixr) + allowedLibraries (mr):
 *                            our "r" + "mix"; rw adds readWritePaths (rwlk)
 *   a mount, noexec, rw      readWritePaths; its deny x has no field
 *   a read-only one, noexec  readOnlyPaths (r, deny wlk) when no writable
 *                            mount lies below it, allowedLibraries (mr) else
 *   readonly PATH            readOnlyPaths (r, deny wlk)
 *   dev                      its directories read-only, its devices rwlk
 *   capabilities             allowedCapabilities, the kept ones
 *   network                  allowTcp; allowUdp unless Landlock holds the
 *                            TCP ports (ours: inet stream only)
 * What has no field is one warning each and a comment on the object: a
 * mask's deny (the rules of a parent grant it), noexec's deny x, netlink,
 * signal and pivot_root rules. A path the CRD's pattern refuses stops the
 * export: leaving a deny out could leave the path writable. */
#include "interop/export_k8s.h"

#include <stdlib.h>
#include <string.h>

#include "lsm/apparmor_gen.h"
#include "util/cli.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

struct aa_lists {
	json_object *exe, *lib, *ro, *rw, *caps;
};

static bool ok_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_./+@ -", c));
}

/* The CRD's items pattern: "/" then letters, digits, "_./+@ -" and the globs
 * (our paths never hold a glob: apparmor_gen refuses them). */
static int check_crd_path(const char *path, struct err *e)
{
	for (const char *p = path; *p; p++)
		if (!ok_path_char(*p))
			return err_set_status(e, POLC_EXIT_INPUT, 0, "export",
					      "apparmor: the path '%s' holds '%c', which the operator's "
					      "AppArmorProfile refuses; use --no-operator",
					      path, *p >= 0x20 && *p != 0x7f ? *p : '?');
	return 0;
}

/* The lists are sets (+listType=set: the API server refuses a repeated
 * item), and two mounts may name one path. */
static void list_add(json_object *list, const char *s)
{
	for (size_t i = 0; i < json_object_array_length(list); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(list, i)), s))
			return;
	json_object_array_add(list, json_object_new_string(s));
}

/* PATH and everything below it: two entries, the CRD has no {,/ **}. */
static void add_tree(json_object *list, const char *path)
{
	list_add(list, path);
	char *below = NULL;
	if (asprintf(&below, "%s/**", strcmp(path, "/") ? path : "") < 0)
		xalloc_die();
	list_add(list, below);
	free(below);
}

static bool is_below(const char *path, const char *top)
{
	size_t n = strlen(top);
	if (!strcmp(top, "/"))
		return true;
	return !strncmp(path, top, n) && (path[n] == '/' || path[n] == '\0');
}

/* A writable mount at or below m's target, made after it. */
static bool rw_below(const struct ir_filesystem *fs, size_t i)
{
	for (size_t k = i + 1; k < fs->nmounts; k++)
		if ((fs->mounts[k].flags & IR_MNT_RW) && is_below(fs->mounts[k].target, fs->mounts[i].target))
			return true;
	return false;
}

static void dev_lists(struct aa_lists *l, const char *t)
{
	static const char *const dirs[] = { "", "/pts", "/shm" };
	const char *root = strcmp(t, "/") ? t : "";
	char p[4200];
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s%s/", root, dirs[i]);
		list_add(l->ro, p);
	}
	for (size_t i = 0; i < apparmor_ndev_rw; i++) {
		snprintf(p, sizeof(p), "%s/%s", root, apparmor_dev_rw[i]);
		list_add(l->rw, p);
	}
}

static bool runtime_masked(const char *path)
{
	for (size_t i = 0; i < k8s_nruntime_masked; i++)
		if (!strcmp(path, k8s_runtime_masked[i]))
			return true;
	return false;
}

static void mount_lists(struct export_ctx *x, struct aa_lists *l, size_t i)
{
	const struct ir_mount *m = &x->ir->filesystem.mounts[i];
	bool rw = m->flags & IR_MNT_RW, noexec = m->flags & IR_MNT_NOEXEC;
	switch (m->kind) {
	case IR_MOUNT_ROOT:
	case IR_MOUNT_OVERLAY:
	case IR_MOUNT_BIND:
	case IR_MOUNT_TMPFS:
		if (rw)
			add_tree(l->rw, m->target);
		if (!noexec) {
			add_tree(l->exe, m->target);
			add_tree(l->lib, m->target);
		} else if (!rw) {
			add_tree(rw_below(&x->ir->filesystem, i) ? l->lib : l->ro, m->target);
		}
		if (noexec)
			export_warn(x, "apparmor: %s is noexec: the operator's profile has no deny x (the mount's noexec holds)",
				    m->target);
		break;
	case IR_MOUNT_PROC:
	case IR_MOUNT_SYSFS:
		add_tree(rw_below(&x->ir->filesystem, i) ? l->lib : l->ro, m->target);
		break;
	case IR_MOUNT_MQUEUE:
		add_tree(l->rw, m->target);
		break;
	case IR_MOUNT_DEV:
		dev_lists(l, m->target);
		break;
	case IR_MOUNT_MASK:
		if (runtime_masked(m->target))
			break; /* the CRI runtime masks it in every pod */
		export_warn(x, "apparmor: mask %s: the operator's profile has no deny rule for it (a parent's rules reach it)",
			    m->target);
		break;
	case IR_MOUNT_READONLY:
		add_tree(l->ro, m->target);
		break;
	default: /* a symlink: its target has its own rules */
		break;
	}
}

static json_object *if_any(json_object *obj, const char *key, json_object *list)
{
	if (json_object_array_length(list))
		json_object_object_add(obj, key, list);
	else
		json_object_put(list);
	return obj;
}

static json_object *network(const struct ir_landlock *ll)
{
	json_object *net = json_object_new_object(), *proto = json_object_new_object();
	json_object_object_add(proto, "allowTcp", json_object_new_boolean(1));
	if (!(ll->set && ll->nports))
		json_object_object_add(proto, "allowUdp", json_object_new_boolean(1));
	json_object_object_add(net, "allowedProtocols", proto);
	return net;
}

json_object *k8s_apparmor_abstract(struct export_ctx *x, struct err *e)
{
	const struct ir_filesystem *fs = &x->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++)
		if (check_crd_path(fs->mounts[i].target, e) < 0)
			return NULL;
	struct aa_lists l = { json_object_new_array(), json_object_new_array(), json_object_new_array(),
			      json_object_new_array(), json_object_new_array() };
	if (!apparmor_has_root(fs)) { /* the host's view, unrestricted, as apparmor_gen says */
		add_tree(l.rw, "/");
		add_tree(l.exe, "/");
		add_tree(l.lib, "/");
	}
	for (size_t i = 0; i < fs->nmounts; i++)
		mount_lists(x, &l, i);
	for (int cap = 0; cap < 64; cap++) {
		const char *name = vocab_capability_name(cap);
		if ((x->ir->caps.keep & (UINT64_C(1) << cap)) && name)
			json_object_array_add(l.caps, json_object_new_string(name));
	}
	export_warn(x, "apparmor: the operator renders its own template (abstractions/base included); "
		       "netlink, signal and pivot_root rules have no field");
	json_object *abs = json_object_new_object(), *exe = json_object_new_object(),
		    *fsr = json_object_new_object(), *cap = json_object_new_object();
	if_any(exe, "allowedExecutables", l.exe);
	if_any(exe, "allowedLibraries", l.lib);
	if_any(fsr, "readOnlyPaths", l.ro);
	if_any(fsr, "readWritePaths", l.rw);
	if_any(cap, "allowedCapabilities", l.caps);
	json_object_object_add(abs, "executable", exe);
	json_object_object_add(abs, "filesystem", fsr);
	json_object_object_add(abs, "network", network(&x->ir->lsm.landlock));
	json_object_object_add(abs, "capability", cap);
	return abs;
}
