/* The policy as an OCI runtime bundle's config.json (runtime-spec 1.2):
 * process (user, env, cwd, capabilities, rlimits, no_new_privs, umask,
 * LSM labels), root, hostname, mounts, and linux (namespaces, id maps,
 * masked and read-only paths, resources, seccomp).
 *
 * Mapping choices, each one what runc does with the field:
 *  - `dev /dev` becomes runc's usual /dev tmpfs, /dev/pts, /dev/shm; runc
 *    creates the default device nodes itself.
 *  - cgroup v2 limits without a v1-style field (memory.high, cpu.weight,
 *    io.weight, io.max) go to linux.resources.unified; memory.swap.max
 *    becomes memory.swap = memory + swap, the v1 meaning runc expects.
 *  - Without a `root`, root.path is "rootfs" (the bundle's convention).
 * Not expressible, and warned about: env_pass, symlinks, Landlock, an
 * overlay root, `init` (runc has no reaper; use `docker run --init`). */
#include "interop/export.h"

#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"

static const char *const oci_ns_names[IR_NS_COUNT] = {
	[IR_NS_USER] = "user", [IR_NS_MOUNT] = "mount", [IR_NS_PID] = "pid",
	[IR_NS_NET] = "network", [IR_NS_UTS] = "uts", [IR_NS_IPC] = "ipc",
	[IR_NS_CGROUP] = "cgroup", [IR_NS_TIME] = "time",
};

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

static json_object *strings(const char *const *v, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *caps_array(uint64_t set)
{
	char buf[64];
	json_object *a = json_object_new_array();
	for (int c = 0; c < 64; c++)
		if (set & (1ull << c))
			json_object_array_add(a, json_object_new_string(export_cap_name(c, buf, sizeof(buf))));
	return a;
}

static json_object *process_json(struct export_ctx *x)
{
	const struct ir_process *p = &x->ir->process;
	json_object *proc = json_object_new_object(), *user = json_object_new_object();
	json_object *env = json_object_new_array(), *caps = json_object_new_object();
	json_object *rlimits = json_object_new_array();

	add(proc, "terminal", json_object_new_boolean(0));
	add(user, "uid", json_object_new_int64(p->user_set ? p->uid : 0));
	add(user, "gid", json_object_new_int64(p->user_set ? p->gid : 0));
	if (p->ngroups) {
		json_object *g = json_object_new_array();
		for (size_t i = 0; i < p->ngroups; i++)
			json_object_array_add(g, json_object_new_int64(p->groups[i]));
		add(user, "additionalGids", g);
	}
	if (p->umask_set)
		add(user, "umask", json_object_new_int64(p->umask));
	add(proc, "user", user);
	add(proc, "args", strings((const char *const *)x->command, x->ncommand));
	for (size_t i = 0; i < p->nenv; i++) {
		if (!p->env[i].value) {
			export_warn(x, "env_pass %s: OCI has no pass-through; set it when you create the container",
				    p->env[i].name);
			continue;
		}
		char *kv = NULL;
		if (asprintf(&kv, "%s=%s", p->env[i].name, p->env[i].value) >= 0) {
			json_object_array_add(env, json_object_new_string(kv));
			free(kv);
		}
	}
	add(proc, "env", env);
	add(proc, "cwd", export_str(p->cwd ? p->cwd : "/"));
	add(caps, "bounding", caps_array(x->ir->caps.keep));
	add(caps, "effective", caps_array(x->ir->caps.keep));
	add(caps, "permitted", caps_array(x->ir->caps.keep));
	add(caps, "inheritable", caps_array(x->ir->caps.keep));
	add(caps, "ambient", caps_array(x->ir->caps.ambient));
	add(proc, "capabilities", caps);
	for (int r = 0; r < IR_RLIMIT_COUNT; r++) {
		const struct ir_rlimit *l = &p->rlimits[r];
		const char *name = vocab_rlimit_name(r);
		if (!l->set || !name)
			continue;
		char type[48];
		snprintf(type, sizeof(type), "RLIMIT_%s", name);
		for (char *c = type; *c; c++)
			*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
		json_object *lim = json_object_new_object();
		add(lim, "type", json_object_new_string(type));
		add(lim, "hard", json_object_new_uint64(l->hard));
		add(lim, "soft", json_object_new_uint64(l->soft));
		json_object_array_add(rlimits, lim);
	}
	add(proc, "rlimits", rlimits);
	add(proc, "noNewPrivileges", json_object_new_boolean(p->no_new_privs));
	if (x->ir->lsm.apparmor.name)
		add(proc, "apparmorProfile", export_str(x->ir->lsm.apparmor.name));
	if (x->ir->lsm.selinux.name)
		add(proc, "selinuxLabel", export_str(x->ir->lsm.selinux.name));
	if (x->ir->lsm.landlock.set)
		export_warn(x, "landlock: OCI has no Landlock field; the rules are left out");
	if (p->init)
		export_warn(x, "init: the runtime runs no reaper as pid 1; add one (docker run --init, tini)");
	return proc;
}

/* ---- mounts ----------------------------------------------------------- */

static json_object *mount_new(const char *dest, const char *type, const char *source,
			      const char *const *opts, size_t nopts)
{
	json_object *m = json_object_new_object();
	add(m, "destination", json_object_new_string(dest));
	add(m, "type", json_object_new_string(type));
	add(m, "source", json_object_new_string(source));
	add(m, "options", strings(opts, nopts));
	return m;
}

static void add_flag_options(json_object *opts, uint32_t flags)
{
	if (flags & IR_MNT_NOSUID)
		json_object_array_add(opts, json_object_new_string("nosuid"));
	if (flags & IR_MNT_NODEV)
		json_object_array_add(opts, json_object_new_string("nodev"));
	if (flags & IR_MNT_NOEXEC)
		json_object_array_add(opts, json_object_new_string("noexec"));
}

static void add_dev_mounts(json_object *mounts, const char *target)
{
	static const char *const dev[] = { "nosuid", "strictatime", "mode=755", "size=65536k" };
	static const char *const pts[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" };
	static const char *const shm[] = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" };
	char path[4096];
	json_object_array_add(mounts, mount_new(target, "tmpfs", "tmpfs", dev, 4));
	snprintf(path, sizeof(path), "%s/pts", strcmp(target, "/") ? target : "");
	json_object_array_add(mounts, mount_new(path, "devpts", "devpts", pts, 6));
	snprintf(path, sizeof(path), "%s/shm", strcmp(target, "/") ? target : "");
	json_object_array_add(mounts, mount_new(path, "tmpfs", "shm", shm, 5));
}

static json_object *bind_json(const struct ir_mount *m)
{
	json_object *j = mount_new(m->target, "bind", m->source, NULL, 0), *opts;
	json_object_object_get_ex(j, "options", &opts);
	json_object_array_add(opts, json_object_new_string(m->flags & IR_MNT_RECURSIVE ? "rbind" : "bind"));
	json_object_array_add(opts, json_object_new_string(m->flags & IR_MNT_RW ? "rw" : "ro"));
	add_flag_options(opts, m->flags);
	return j;
}

static json_object *tmpfs_json(const struct ir_mount *m)
{
	json_object *j = mount_new(m->target, "tmpfs", "tmpfs", NULL, 0), *opts;
	char buf[64];
	json_object_object_get_ex(j, "options", &opts);
	add_flag_options(opts, m->flags);
	if (m->flags & IR_MNT_HAS_SIZE) {
		snprintf(buf, sizeof(buf), "size=%llu", (unsigned long long)m->size);
		json_object_array_add(opts, json_object_new_string(buf));
	}
	if (m->flags & IR_MNT_HAS_MODE) {
		snprintf(buf, sizeof(buf), "mode=%o", m->mode);
		json_object_array_add(opts, json_object_new_string(buf));
	}
	return j;
}

static json_object *overlay_json(const struct ir_mount *m)
{
	json_object *j = mount_new(m->target, "overlay", "overlay", NULL, 0), *opts;
	char *o = NULL;
	json_object_object_get_ex(j, "options", &opts);
	if (asprintf(&o, "lowerdir=%s", m->lower) >= 0) {
		json_object_array_add(opts, json_object_new_string(o));
		free(o);
	}
	if (m->upper && asprintf(&o, "upperdir=%s", m->upper) >= 0) {
		json_object_array_add(opts, json_object_new_string(o));
		free(o);
	}
	if (m->work && asprintf(&o, "workdir=%s", m->work) >= 0) {
		json_object_array_add(opts, json_object_new_string(o));
		free(o);
	}
	return j;
}

/* One IR mount into mounts / maskedPaths / readonlyPaths. */
static void mount_to_oci(struct export_ctx *x, const struct ir_mount *m, json_object *mounts,
			 json_object *masked, json_object *readonly)
{
	static const char *const proc[] = { "nosuid", "noexec", "nodev" };
	static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro" };
	switch (m->kind) {
	case IR_MOUNT_ROOT:
		break;
	case IR_MOUNT_OVERLAY:
		if (strcmp(m->target, "/"))
			json_object_array_add(mounts, overlay_json(m));
		else
			export_warn(x, "overlay /: OCI's root is one directory; assemble the overlay "
				    "into the bundle's rootfs first");
		break;
	case IR_MOUNT_BIND: json_object_array_add(mounts, bind_json(m)); break;
	case IR_MOUNT_TMPFS: json_object_array_add(mounts, tmpfs_json(m)); break;
	case IR_MOUNT_PROC: json_object_array_add(mounts, mount_new(m->target, "proc", "proc", proc, 3)); break;
	case IR_MOUNT_SYSFS: json_object_array_add(mounts, mount_new(m->target, "sysfs", "sysfs", sys, 4)); break;
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

/* ---- linux ------------------------------------------------------------ */

static json_object *idmaps(const struct ir_idmap *maps, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_new_object();
		add(m, "containerID", json_object_new_int64(maps[i].inside));
		add(m, "hostID", json_object_new_int64(maps[i].outside));
		add(m, "size", json_object_new_int64(maps[i].count));
		json_object_array_add(a, m);
	}
	return a;
}

static json_object *namespaces_json(struct export_ctx *x)
{
	json_object *a = json_object_new_array();
	const struct ir_namespaces *n = &x->ir->namespaces;
	for (int k = 0; k < IR_NS_COUNT; k++) {
		if (n->ns[k].mode == IR_NS_SHARE)
			continue;
		json_object *ns = json_object_new_object();
		add(ns, "type", json_object_new_string(oci_ns_names[k]));
		if (n->ns[k].mode == IR_NS_JOIN)
			add(ns, "path", export_str(n->ns[k].join_path));
		json_object_array_add(a, ns);
	}
	if (n->ns[IR_NS_USER].mode == IR_NS_UNSHARE && (!n->nuid_map || !n->ngid_map))
		export_warn(x, "user namespace without uid_map/gid_map: enforce picks the map at run "
			    "time, an OCI runtime needs it written in config.json");
	return a;
}

static json_object *obj_child(json_object *parent, const char *key)
{
	json_object *o;
	if (!json_object_object_get_ex(parent, key, &o)) {
		o = json_object_new_object();
		add(parent, key, o);
	}
	return o;
}

static int64_t limit_or_minus1(uint64_t v)
{
	return v == IR_CG_UNLIMITED ? -1 : (int64_t)v;
}

static void unified(json_object *res, const char *key, unsigned long long v)
{
	char buf[64];
	if (v == IR_CG_UNLIMITED)
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%llu", v);
	add(obj_child(res, "unified"), key, json_object_new_string(buf));
}

static void limit_to_oci(const struct ir_cg_limit *l, const struct pol_ir *ir, json_object *res)
{
	const struct ir_cg_limit *mem;
	switch (l->key) {
	case IR_CG_MEMORY_MAX:
		add(obj_child(res, "memory"), "limit", json_object_new_int64(limit_or_minus1(l->num)));
		break;
	case IR_CG_MEMORY_SWAP_MAX:
		mem = export_cg(ir, IR_CG_MEMORY_MAX);
		if (mem && mem->num != IR_CG_UNLIMITED && l->num != IR_CG_UNLIMITED)
			add(obj_child(res, "memory"), "swap", json_object_new_int64((int64_t)(mem->num + l->num)));
		else
			unified(res, "memory.swap.max", l->num);
		break;
	case IR_CG_MEMORY_HIGH: unified(res, "memory.high", l->num); break;
	case IR_CG_PIDS_MAX:
		add(obj_child(res, "pids"), "limit", json_object_new_int64(limit_or_minus1(l->num)));
		break;
	case IR_CG_CPU_MAX:
		add(obj_child(res, "cpu"), "quota", json_object_new_int64(limit_or_minus1(l->num)));
		add(obj_child(res, "cpu"), "period", json_object_new_uint64(l->num2));
		break;
	case IR_CG_CPU_WEIGHT: unified(res, "cpu.weight", l->num); break;
	case IR_CG_CPUSET_CPUS: add(obj_child(res, "cpu"), "cpus", export_str(l->text)); break;
	case IR_CG_CPUSET_MEMS: add(obj_child(res, "cpu"), "mems", export_str(l->text)); break;
	case IR_CG_IO_WEIGHT: unified(res, "io.weight", l->num); break;
	case IR_CG_IO_MAX: add(obj_child(res, "unified"), "io.max", export_str(l->text)); break;
	case IR_CG_KEY_COUNT: break;
	}
}

static json_object *devices_json(const struct ir_cgroup *cg)
{
	json_object *a = json_object_new_array(), *deny = json_object_new_object();
	add(deny, "allow", json_object_new_boolean(0));
	add(deny, "access", json_object_new_string("rwm"));
	json_object_array_add(a, deny);
	for (size_t i = 0; i < cg->ndevices; i++) {
		const struct ir_dev_rule *r = &cg->devices[i];
		json_object *d = json_object_new_object();
		char access[4] = "", type[2] = { r->type, 0 };
		size_t n = 0;
		if (r->access & IR_DEV_ACCESS_R) access[n++] = 'r';
		if (r->access & IR_DEV_ACCESS_W) access[n++] = 'w';
		if (r->access & IR_DEV_ACCESS_M) access[n++] = 'm';
		add(d, "allow", json_object_new_boolean(r->allow));
		add(d, "type", json_object_new_string(type));
		if (r->major != IR_DEV_ANY)
			add(d, "major", json_object_new_int64(r->major));
		if (r->minor != IR_DEV_ANY)
			add(d, "minor", json_object_new_int64(r->minor));
		add(d, "access", json_object_new_string(access));
		json_object_array_add(a, d);
	}
	return a;
}

static json_object *linux_json(struct export_ctx *x, json_object *masked, json_object *readonly)
{
	const struct pol_ir *ir = x->ir;
	json_object *lx = json_object_new_object();
	add(lx, "namespaces", namespaces_json(x));
	if (ir->namespaces.nuid_map)
		add(lx, "uidMappings", idmaps(ir->namespaces.uid_map, ir->namespaces.nuid_map));
	if (ir->namespaces.ngid_map)
		add(lx, "gidMappings", idmaps(ir->namespaces.gid_map, ir->namespaces.ngid_map));
	add(lx, "maskedPaths", masked);
	add(lx, "readonlyPaths", readonly);
	if (ir->cgroup.set) {
		json_object *res = json_object_new_object();
		for (size_t i = 0; i < ir->cgroup.nlimits; i++)
			limit_to_oci(&ir->cgroup.limits[i], ir, res);
		if (ir->cgroup.devices_set)
			add(res, "devices", devices_json(&ir->cgroup));
		add(lx, "resources", res);
		char *path = NULL;
		if (asprintf(&path, "/%s/%s", ir->cgroup.parent ? ir->cgroup.parent : "polc",
			     ir->name ? ir->name : "policy") >= 0) {
			add(lx, "cgroupsPath", json_object_new_string(path));
			free(path);
		}
	}
	json_object *sec = export_seccomp_json(x);
	if (sec)
		add(lx, "seccomp", sec);
	return lx;
}

int export_oci(struct export_ctx *x, FILE *out, struct err *e)
{
	const struct pol_ir *ir = x->ir;
	json_object *cfg = json_object_new_object(), *root = json_object_new_object();
	json_object *mounts = json_object_new_array(), *masked = json_object_new_array(),
		    *readonly = json_object_new_array();
	add(cfg, "ociVersion", json_object_new_string("1.2.0"));
	add(cfg, "process", process_json(x));
	const struct ir_mount *r = export_root(ir);
	add(root, "path", json_object_new_string(r && r->kind == IR_MOUNT_ROOT ? r->source : "rootfs"));
	add(root, "readonly", json_object_new_boolean(!r || !(r->flags & IR_MNT_RW)));
	add(cfg, "root", root);
	if (ir->process.hostname)
		add(cfg, "hostname", export_str(ir->process.hostname));
	for (size_t i = 0; i < ir->filesystem.nmounts; i++)
		mount_to_oci(x, &ir->filesystem.mounts[i], mounts, masked, readonly);
	add(cfg, "mounts", mounts);
	add(cfg, "linux", linux_json(x, masked, readonly));
	export_net_oci(x);
	int rc = export_write_json(cfg, out, e);
	json_object_put(cfg);
	return rc;
}
