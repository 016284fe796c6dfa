/* The policy as an OCI runtime bundle's config.json: process (user, env,
 * cwd, capabilities, rlimits, no_new_privs, umask, LSM labels), root,
 * hostname, mounts (export_oci_mounts.c), and linux (namespaces, id maps,
 * masked and read-only paths, resources, seccomp), for the runtime release
 * --runtime names (export_oci_runtime.c).
 *
 * Mapping choices, each one what runc and crun do with the field:
 *  - cgroup v2 limits without a v1-style field (memory.high, cpu.weight,
 *    io.weight, io.max) go to linux.resources.unified; memory.swap.max
 *    becomes memory.swap = memory + swap, the v1 meaning runc expects.
 *  - A user namespace without maps gets the map enforce writes as root
 *    (POLB_IDMAP_DEFAULT_*: root inside is uid 100000 outside).
 * Not expressible, and warned about: env_pass, Landlock, `init` (no
 * reaper; use `docker run --init`), enforce's own pty (`terminal` false:
 * the caller's stdio), `stdio strict`, the network section (export_net.c),
 * a time namespace on runc 1.1. */
#include "interop/export_oci.h"

#include <stdlib.h>
#include <string.h>

#include "polb.h"
#include "util/cli.h"
#include "vocab/vocab.h"

const char *const oci_ns_names[IR_NS_COUNT] = {
	[IR_NS_USER] = "user", [IR_NS_MOUNT] = "mount", [IR_NS_PID] = "pid",
	[IR_NS_NET] = "network", [IR_NS_UTS] = "uts", [IR_NS_IPC] = "ipc",
	[IR_NS_CGROUP] = "cgroup", [IR_NS_TIME] = "time",
};

void oci_add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

json_object *oci_strings(const char *const *v, size_t n)
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

	oci_add(proc, "terminal", json_object_new_boolean(0));
	export_warn_user_name(x);
	oci_add(user, "uid", json_object_new_int64(p->user_set ? p->uid : 0));
	oci_add(user, "gid", json_object_new_int64(p->user_set ? p->gid : 0));
	if (p->ngroups) {
		json_object *g = json_object_new_array();
		for (size_t i = 0; i < p->ngroups; i++)
			json_object_array_add(g, json_object_new_int64(p->groups[i]));
		oci_add(user, "additionalGids", g);
	}
	if (p->umask_set)
		oci_add(user, "umask", json_object_new_int64(p->umask));
	oci_add(proc, "user", user);
	oci_add(proc, "args", oci_strings((const char *const *)x->command, x->ncommand));
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
	oci_add(proc, "env", env);
	oci_add(proc, "cwd", export_str(p->cwd ? p->cwd : "/"));
	oci_add(caps, "bounding", caps_array(x->ir->caps.keep));
	oci_add(caps, "effective", caps_array(x->ir->caps.keep));
	oci_add(caps, "permitted", caps_array(x->ir->caps.keep));
	oci_add(caps, "inheritable", caps_array(x->ir->caps.keep));
	oci_add(caps, "ambient", caps_array(x->ir->caps.ambient));
	oci_add(proc, "capabilities", caps);
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
		oci_add(lim, "type", json_object_new_string(type));
		oci_add(lim, "hard", json_object_new_uint64(l->hard));
		oci_add(lim, "soft", json_object_new_uint64(l->soft));
		json_object_array_add(rlimits, lim);
	}
	oci_add(proc, "rlimits", rlimits);
	oci_add(proc, "noNewPrivileges", json_object_new_boolean(p->no_new_privs));
	if (x->ir->lsm.apparmor.name)
		oci_add(proc, "apparmorProfile", export_str(x->ir->lsm.apparmor.name));
	if (x->ir->lsm.selinux.name)
		oci_add(proc, "selinuxLabel", export_str(x->ir->lsm.selinux.name));
	if (x->ir->lsm.landlock.set)
		export_warn(x, "landlock: OCI has no Landlock field; the rules are left out");
	if (p->init)
		export_warn(x, "init: the runtime runs no reaper as pid 1; add one (docker run --init, tini)");
	if (!p->terminal_inherit)
		export_warn(x, "terminal: enforce gives the command a pty of its own; config.json has terminal "
			    "false, the caller's stdio, a terminal among them (TIOCSTI) unless redirected");
	if (p->stdio_strict)
		export_warn(x, "stdio strict: an OCI runtime does not look at what fds 0-2 are");
	else
		export_warn(x, "stdio relay: enforce relays a file, FIFO or /dev/null on fds 0-2 through a "
			    "pipe of its own; a runtime hands the caller's fds in as they are, and crun 1.8 "
			    "chowns them to the container's user (never start one with the host's "
			    "/dev/null on stdio)");
	return proc;
}

/* ---- linux ------------------------------------------------------------ */

static json_object *idmaps(const struct ir_idmap *maps, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_new_object();
		oci_add(m, "containerID", json_object_new_int64(maps[i].inside));
		oci_add(m, "hostID", json_object_new_int64(maps[i].outside));
		oci_add(m, "size", json_object_new_int64(maps[i].count));
		json_object_array_add(a, m);
	}
	return a;
}

static json_object *namespaces_json(struct export_ctx *x, const struct oci_runtime *rt)
{
	json_object *a = json_object_new_array();
	const struct ir_namespaces *n = &x->ir->namespaces;
	for (int k = 0; k < IR_NS_COUNT; k++) {
		if (n->ns[k].mode == IR_NS_SHARE)
			continue;
		if (k == IR_NS_TIME && !rt->time_ns) {
			export_warn(x, "namespaces: time: %s has no time namespace; the container keeps the host's "
				    "clocks (--runtime runc or crun have one)", rt->name);
			continue;
		}
		json_object *ns = json_object_new_object();
		oci_add(ns, "type", json_object_new_string(oci_ns_names[k]));
		if (n->ns[k].mode == IR_NS_JOIN)
			oci_add(ns, "path", export_str(n->ns[k].join_path));
		json_object_array_add(a, ns);
	}
	return a;
}

/* The policy's maps, or the one enforce writes as root when it has none. */
static json_object *idmaps_or_default(const struct ir_idmap *maps, size_t n)
{
	static const struct ir_idmap def = { .inside = 0, .outside = POLB_IDMAP_DEFAULT_OUTSIDE,
					     .count = POLB_IDMAP_DEFAULT_COUNT };
	return n ? idmaps(maps, n) : idmaps(&def, 1);
}

static json_object *obj_child(json_object *parent, const char *key)
{
	json_object *o;
	if (!json_object_object_get_ex(parent, key, &o)) {
		o = json_object_new_object();
		oci_add(parent, key, o);
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
	oci_add(obj_child(res, "unified"), key, json_object_new_string(buf));
}

static void limit_to_oci(const struct ir_cg_limit *l, const struct pol_ir *ir, json_object *res)
{
	const struct ir_cg_limit *mem;
	switch (l->key) {
	case IR_CG_MEMORY_MAX:
		oci_add(obj_child(res, "memory"), "limit", json_object_new_int64(limit_or_minus1(l->num)));
		break;
	case IR_CG_MEMORY_SWAP_MAX:
		mem = export_cg(ir, IR_CG_MEMORY_MAX);
		if (mem && mem->num != IR_CG_UNLIMITED && l->num != IR_CG_UNLIMITED)
			oci_add(obj_child(res, "memory"), "swap", json_object_new_int64((int64_t)(mem->num + l->num)));
		else
			unified(res, "memory.swap.max", l->num);
		break;
	case IR_CG_MEMORY_HIGH: unified(res, "memory.high", l->num); break;
	case IR_CG_PIDS_MAX:
		oci_add(obj_child(res, "pids"), "limit", json_object_new_int64(limit_or_minus1(l->num)));
		break;
	case IR_CG_CPU_MAX:
		oci_add(obj_child(res, "cpu"), "quota", json_object_new_int64(limit_or_minus1(l->num)));
		oci_add(obj_child(res, "cpu"), "period", json_object_new_uint64(l->num2));
		break;
	case IR_CG_CPU_WEIGHT: unified(res, "cpu.weight", l->num); break;
	case IR_CG_CPUSET_CPUS: oci_add(obj_child(res, "cpu"), "cpus", export_str(l->text)); break;
	case IR_CG_CPUSET_MEMS: oci_add(obj_child(res, "cpu"), "mems", export_str(l->text)); break;
	case IR_CG_IO_WEIGHT: unified(res, "io.weight", l->num); break;
	case IR_CG_IO_MAX: oci_add(obj_child(res, "unified"), "io.max", export_str(l->text)); break;
	case IR_CG_KEY_COUNT: break;
	}
}

static json_object *devices_json(const struct ir_cgroup *cg)
{
	json_object *a = json_object_new_array(), *deny = json_object_new_object();
	oci_add(deny, "allow", json_object_new_boolean(0));
	oci_add(deny, "access", json_object_new_string("rwm"));
	json_object_array_add(a, deny);
	for (size_t i = 0; i < cg->ndevices; i++) {
		const struct ir_dev_rule *r = &cg->devices[i];
		json_object *d = json_object_new_object();
		char access[4] = "", type[2] = { r->type, 0 };
		size_t n = 0;
		if (r->access & IR_DEV_ACCESS_R) access[n++] = 'r';
		if (r->access & IR_DEV_ACCESS_W) access[n++] = 'w';
		if (r->access & IR_DEV_ACCESS_M) access[n++] = 'm';
		oci_add(d, "allow", json_object_new_boolean(r->allow));
		oci_add(d, "type", json_object_new_string(type));
		if (r->major != IR_DEV_ANY)
			oci_add(d, "major", json_object_new_int64(r->major));
		if (r->minor != IR_DEV_ANY)
			oci_add(d, "minor", json_object_new_int64(r->minor));
		oci_add(d, "access", json_object_new_string(access));
		json_object_array_add(a, d);
	}
	return a;
}

static json_object *resources_json(struct export_ctx *x)
{
	const struct pol_ir *ir = x->ir;
	json_object *res = json_object_new_object();
	for (size_t i = 0; i < ir->cgroup.nlimits; i++)
		limit_to_oci(&ir->cgroup.limits[i], ir, res);
	if (ir->cgroup.devices_set)
		oci_add(res, "devices", devices_json(&ir->cgroup));
	/* runc and crun run rootless without delegated cgroups by leaving the
	 * limits out, where enforce refuses unless the section is optional */
	if (ir->cgroup.nlimits && !ir->cgroup.optional)
		export_warn(x, "cgroup: a rootless runtime without a delegated cgroup leaves the limits out "
			    "silently; enforce refuses to run without them (the section is not `optional`)");
	return res;
}

static json_object *linux_json(struct export_ctx *x, const struct oci_runtime *rt, json_object *masked,
			       json_object *readonly)
{
	const struct pol_ir *ir = x->ir;
	const struct ir_namespaces *n = &ir->namespaces;
	json_object *lx = json_object_new_object();
	oci_add(lx, "namespaces", namespaces_json(x, rt));
	if (n->ns[IR_NS_USER].mode == IR_NS_UNSHARE) {
		oci_add(lx, "uidMappings", idmaps_or_default(n->uid_map, n->nuid_map));
		oci_add(lx, "gidMappings", idmaps_or_default(n->gid_map, n->ngid_map));
		if (!n->nuid_map || !n->ngid_map)
			export_warn(x, "namespaces: user without uid_map/gid_map: written as enforce's map as root "
				    "(0 %u %u); rootless, enforce maps the caller's own id: write that map instead",
				    POLB_IDMAP_DEFAULT_OUTSIDE, POLB_IDMAP_DEFAULT_COUNT);
	}
	oci_add(lx, "maskedPaths", masked);
	oci_add(lx, "readonlyPaths", readonly);
	if (ir->cgroup.set) {
		oci_add(lx, "resources", resources_json(x));
		char *path = NULL;
		if (asprintf(&path, "/%s/%s", ir->cgroup.parent ? ir->cgroup.parent : "polc",
			     ir->name ? ir->name : "policy") >= 0) {
			oci_add(lx, "cgroupsPath", json_object_new_string(path));
			free(path);
		}
	}
	json_object *sec = export_seccomp_json(x);
	if (sec)
		oci_add(lx, "seccomp", sec);
	oci_warn_unknown_syscalls(x, rt);
	return lx;
}

int export_oci(struct export_ctx *x, FILE *out, struct err *e)
{
	const struct oci_runtime *rt = oci_runtime_find(x->oci_runtime);
	if (!rt)
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--runtime: expected %s, not '%s'",
				      oci_runtime_names(), x->oci_runtime);
	const struct pol_ir *ir = x->ir;
	json_object *cfg = json_object_new_object(), *masked = json_object_new_array(),
		    *readonly = json_object_new_array();
	oci_add(cfg, "ociVersion", json_object_new_string(rt->oci_version));
	oci_add(cfg, "process", process_json(x));
	oci_add(cfg, "root", oci_root_json(x));
	if (ir->process.hostname)
		oci_add(cfg, "hostname", export_str(ir->process.hostname));
	oci_add(cfg, "mounts", oci_mounts_json(x, masked, readonly));
	oci_add(cfg, "linux", linux_json(x, rt, masked, readonly));
	export_net_oci(x);
	int rc = export_write_json(cfg, out, e);
	json_object_put(cfg);
	return rc;
}
