/* The policy as Kubernetes sees a container's confinement:
 *
 *   { "pod":       { "hostNetwork", "hostPID", "hostIPC", "hostUsers",
 *                    "securityContext": { "supplementalGroups" } },
 *     "container": { "securityContext": {...}, "resources": {...},
 *                    "workingDir", "env" },
 *     "seccompProfile": { the profile, for the node's
 *                    /var/lib/kubelet/seccomp/profiles/NAME.json } }
 *
 * The two first objects are pasted into a pod spec; the securityContext
 * names the profile as Localhost "profiles/NAME.json". A pod always has its
 * own UTS namespace and, on cgroup v2, its own cgroup namespace; mounts are
 * volumes in Kubernetes and not exported (warned about). */
#include "review/export.h"

#include <stdlib.h>
#include <string.h>

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

static bool ns_shared(const struct pol_ir *ir, enum ir_ns_kind k)
{
	return ir->namespaces.ns[k].mode == IR_NS_SHARE;
}

static json_object *pod_json(struct export_ctx *x)
{
	const struct pol_ir *ir = x->ir;
	json_object *pod = json_object_new_object(), *sc = json_object_new_object();
	add(pod, "hostNetwork", json_object_new_boolean(ns_shared(ir, IR_NS_NET)));
	add(pod, "hostPID", json_object_new_boolean(ns_shared(ir, IR_NS_PID)));
	add(pod, "hostIPC", json_object_new_boolean(ns_shared(ir, IR_NS_IPC)));
	add(pod, "hostUsers", json_object_new_boolean(ns_shared(ir, IR_NS_USER)));
	for (int k = 0; k < IR_NS_COUNT; k++)
		if (ir->namespaces.ns[k].mode == IR_NS_JOIN)
			export_warn(x, "join %s: a pod cannot join a given namespace", ir_ns_name((enum ir_ns_kind)k));
	if (ir->namespaces.nuid_map)
		export_warn(x, "uid_map/gid_map: with hostUsers false the kubelet picks the range");
	if (ir->process.ngroups) {
		json_object *g = json_object_new_array();
		for (size_t i = 0; i < ir->process.ngroups; i++)
			json_object_array_add(g, json_object_new_int64(ir->process.groups[i]));
		add(sc, "supplementalGroups", g);
	}
	add(pod, "securityContext", sc);
	return pod;
}

/* "profiles/NAME.json" under the kubelet's seccomp root. */
static char *profile_path(const struct pol_ir *ir)
{
	char *p = NULL;
	if (asprintf(&p, "profiles/%s.json", ir->name ? ir->name : "policy") < 0)
		return NULL;
	return p;
}

static void selinux_options(json_object *sc, const char *label)
{
	/* user:role:type:level, where the level may itself hold colons */
	char *copy = strdup(label), *parts[4] = { 0 }, *p = copy;
	if (!copy)
		return;
	for (int i = 0; i < 3 && p; i++) {
		parts[i] = p;
		p = strchr(p, ':');
		if (p)
			*p++ = '\0';
	}
	parts[3] = p;
	json_object *o = json_object_new_object();
	static const char *const keys[4] = { "user", "role", "type", "level" };
	for (int i = 0; i < 4; i++)
		if (parts[i] && *parts[i])
			add(o, keys[i], json_object_new_string(parts[i]));
	add(sc, "seLinuxOptions", o);
	free(copy);
}

static json_object *capabilities_json(const struct pol_ir *ir)
{
	json_object *caps = json_object_new_object(), *drop = json_object_new_array(),
		    *addl = json_object_new_array();
	char buf[64];
	json_object_array_add(drop, json_object_new_string("ALL"));
	for (int c = 0; c < 64; c++)
		if (ir->caps.keep & (1ull << c)) /* Kubernetes spells them without CAP_ */
			json_object_array_add(addl, json_object_new_string(export_cap_name(c, buf, sizeof(buf)) + 4));
	add(caps, "drop", drop);
	add(caps, "add", addl);
	return caps;
}

static json_object *security_context_json(struct export_ctx *x)
{
	const struct pol_ir *ir = x->ir;
	json_object *sc = json_object_new_object(), *seccomp = json_object_new_object();
	uint32_t uid = ir->process.user_set ? ir->process.uid : 0;
	const struct ir_mount *root = export_root(ir);
	if (ir->process.user_set) {
		add(sc, "runAsUser", json_object_new_int64(uid));
		add(sc, "runAsGroup", json_object_new_int64(ir->process.gid));
	}
	add(sc, "runAsNonRoot", json_object_new_boolean(ir->process.user_set && uid != 0));
	add(sc, "privileged", json_object_new_boolean(0));
	add(sc, "allowPrivilegeEscalation", json_object_new_boolean(!ir->process.no_new_privs));
	add(sc, "readOnlyRootFilesystem", json_object_new_boolean(!root || !(root->flags & IR_MNT_RW)));
	add(sc, "capabilities", capabilities_json(ir));
	if (ir->syscalls.set) {
		char *path = profile_path(ir);
		add(seccomp, "type", json_object_new_string("Localhost"));
		add(seccomp, "localhostProfile", export_str(path));
		free(path);
	} else {
		add(seccomp, "type", json_object_new_string("Unconfined"));
	}
	add(sc, "seccompProfile", seccomp);
	if (ir->lsm.apparmor.name) {
		json_object *aa = json_object_new_object();
		add(aa, "type", json_object_new_string("Localhost"));
		add(aa, "localhostProfile", export_str(ir->lsm.apparmor.name));
		add(sc, "appArmorProfile", aa);
	}
	if (ir->lsm.selinux.name)
		selinux_options(sc, ir->lsm.selinux.name);
	if (ir->lsm.landlock.set)
		export_warn(x, "landlock: Kubernetes has no Landlock field; the rules are left out");
	return sc;
}

/* Kubernetes quantities: bytes as Mi/Gi when exact, CPU as millicores. */
static json_object *bytes_quantity(uint64_t v)
{
	char buf[32];
	if (v && v % (1ull << 30) == 0)
		snprintf(buf, sizeof(buf), "%lluGi", (unsigned long long)(v >> 30));
	else if (v && v % (1ull << 20) == 0)
		snprintf(buf, sizeof(buf), "%lluMi", (unsigned long long)(v >> 20));
	else
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return json_object_new_string(buf);
}

static json_object *resources_json(struct export_ctx *x)
{
	const struct pol_ir *ir = x->ir;
	json_object *res = json_object_new_object(), *limits = json_object_new_object();
	const struct ir_cg_limit *l;
	if ((l = export_cg(ir, IR_CG_MEMORY_MAX)) && l->num != IR_CG_UNLIMITED)
		add(limits, "memory", bytes_quantity(l->num));
	if ((l = export_cg(ir, IR_CG_CPU_MAX)) && l->num != IR_CG_UNLIMITED && l->num2) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%llum", (unsigned long long)(l->num * 1000 / l->num2));
		add(limits, "cpu", json_object_new_string(buf));
	}
	for (size_t i = 0; i < ir->cgroup.nlimits; i++) {
		enum ir_cg_key k = ir->cgroup.limits[i].key;
		if (k != IR_CG_MEMORY_MAX && k != IR_CG_CPU_MAX)
			export_warn(x, "%s: no per-container Kubernetes field; set it on the node or the runtime",
				    ir_cg_key_name(k));
	}
	add(res, "limits", limits);
	return res;
}

static json_object *container_json(struct export_ctx *x)
{
	const struct pol_ir *ir = x->ir;
	json_object *c = json_object_new_object(), *env = json_object_new_array();
	add(c, "securityContext", security_context_json(x));
	add(c, "resources", resources_json(x));
	if (ir->process.cwd)
		add(c, "workingDir", export_str(ir->process.cwd));
	for (size_t i = 0; i < ir->process.nenv; i++) {
		if (!ir->process.env[i].value)
			continue;
		json_object *v = json_object_new_object();
		add(v, "name", export_str(ir->process.env[i].name));
		add(v, "value", export_str(ir->process.env[i].value));
		json_object_array_add(env, v);
	}
	add(c, "env", env);
	if (x->ncommand) {
		json_object *cmd = json_object_new_array();
		for (size_t i = 0; i < x->ncommand; i++)
			json_object_array_add(cmd, json_object_new_string(x->command[i]));
		add(c, "command", cmd);
	}
	return c;
}

int export_k8s(struct export_ctx *x, FILE *out, struct err *e)
{
	const struct pol_ir *ir = x->ir;
	json_object *doc = json_object_new_object();
	json_object *container = container_json(x);
	add(doc, "pod", pod_json(x));
	add(doc, "container", container);
	export_net_k8s(x, doc, container);
	json_object *prof = export_seccomp_json(x);
	if (prof)
		add(doc, "seccompProfile", prof);
	size_t nbinds = 0;
	for (size_t i = 0; i < ir->filesystem.nmounts; i++)
		nbinds += ir->filesystem.mounts[i].kind == IR_MOUNT_BIND ||
			  ir->filesystem.mounts[i].kind == IR_MOUNT_TMPFS;
	if (nbinds)
		export_warn(x, "%zu bind/tmpfs mounts: these are volumes in Kubernetes, not exported", nbinds);
	int r = export_write_json(doc, out, e);
	json_object_put(doc);
	return r;
}
