/* The PodSpec of `polc export k8s`: what Kubernetes has a field for is
 * mapped, everything else is warned about (export_warn, which also turns
 * each warning into a YAML comment on the workload object).
 *
 *   namespaces  shared net/pid/ipc -> hostNetwork/hostPID/hostIPC; a new
 *               user namespace -> hostUsers: false
 *   process     user -> runAsUser/runAsGroup/runAsNonRoot, groups ->
 *               supplementalGroups, no_new_privs -> allowPrivilegeEscalation,
 *               cwd, env, hostname
 *   caps        drop ALL, add the kept set (Kubernetes spells them without CAP_)
 *   filesystem  read-only root -> readOnlyRootFilesystem; tmpfs -> emptyDir
 *               (Memory, sizeLimit); bind -> hostPath + readOnly
 *   cgroup      memory.max, cpu.max -> resources.limits (and requests, so
 *               the pod is not scheduled on less than it may use)
 *   lsm         seccompProfile, appArmorProfile (the field), seLinuxOptions
 *   network     export_net.c: publish -> ports, connect -> NetworkPolicy */
#include "interop/export_k8s.h"

#include <stdlib.h>
#include <string.h>

#include "polb.h"
#include "vocab/vocab.h"

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

static json_object *obj_str(const char *k, const char *v)
{
	json_object *o = json_object_new_object();
	add(o, k, json_object_new_string(v));
	return o;
}

static bool ns_mode(const struct pol_ir *ir, enum ir_ns_kind k, enum ir_ns_mode m)
{
	return ir->namespaces.ns[k].mode == m;
}

/* hostUsers: false is refused by the API server next to any host
 * namespace; the host namespace is what the policy asked for, so it is
 * kept and the user namespace is the setting that is lost (warned). */
static void host_namespaces(struct export_ctx *x, json_object *spec)
{
	const struct pol_ir *ir = x->ir;
	bool net = ns_mode(ir, IR_NS_NET, IR_NS_SHARE), pid = ns_mode(ir, IR_NS_PID, IR_NS_SHARE),
	     ipc = ns_mode(ir, IR_NS_IPC, IR_NS_SHARE);
	add(spec, "hostNetwork", json_object_new_boolean(net));
	add(spec, "hostPID", json_object_new_boolean(pid));
	add(spec, "hostIPC", json_object_new_boolean(ipc));
	if (ns_mode(ir, IR_NS_USER, IR_NS_UNSHARE)) {
		if (net || pid || ipc)
			export_warn(x, "namespaces: user unshared next to a host namespace: Kubernetes refuses hostUsers: false there, the pod runs in the host's user namespace");
		else
			add(spec, "hostUsers", json_object_new_boolean(0));
	}
	for (int k = 0; k < IR_NS_COUNT; k++)
		if (ir->namespaces.ns[k].mode == IR_NS_JOIN)
			export_warn(x, "namespaces: join %s: a pod cannot join a given namespace", ir_ns_name((enum ir_ns_kind)k));
	if (ns_mode(ir, IR_NS_TIME, IR_NS_UNSHARE))
		export_warn(x, "namespaces: time: a pod has no time namespace");
	if (ir->namespaces.nuid_map || ir->namespaces.ngid_map)
		export_warn(x, "namespaces: uid_map/gid_map: with hostUsers: false the kubelet picks the range");
	if (ir->process.hostname)
		add(spec, "hostname", json_object_new_string(ir->process.hostname));
}

static json_object *pod_security_context(const struct pol_ir *ir)
{
	json_object *sc = json_object_new_object();
	if (ir->process.ngroups) {
		json_object *g = json_object_new_array();
		for (size_t i = 0; i < ir->process.ngroups; i++)
			json_object_array_add(g, json_object_new_int64(ir->process.groups[i]));
		add(sc, "supplementalGroups", g);
	}
	return sc;
}

static json_object *selinux_options(const char *label)
{
	/* user:role:type:level, where the level may itself hold colons */
	static const char *const keys[4] = { "user", "role", "type", "level" };
	json_object *o = json_object_new_object();
	const char *p = label;
	for (int i = 0; i < 4 && p; i++) {
		const char *end = i < 3 ? strchr(p, ':') : NULL;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len)
			add(o, keys[i], json_object_new_string_len(p, (int)len));
		p = end ? end + 1 : NULL;
	}
	return o;
}

static json_object *capabilities(struct export_ctx *x)
{
	json_object *caps = json_object_new_object(), *drop = json_object_new_array(),
		    *addl = json_object_new_array();
	char buf[64];
	json_object_array_add(drop, json_object_new_string("ALL"));
	for (int c = 0; c < 64; c++)
		if (x->ir->caps.keep & (1ull << c))
			json_object_array_add(addl, json_object_new_string(export_cap_name(c, buf, sizeof(buf)) + 4));
	if (x->ir->caps.ambient)
		export_warn(x, "capabilities: ambient: Kubernetes has no ambient capabilities; a non-root process starts without them");
	add(caps, "drop", drop);
	if (json_object_array_length(addl))
		add(caps, "add", addl);
	else
		json_object_put(addl);
	return caps;
}

static bool has_mount(const struct pol_ir *ir, enum ir_mount_kind k)
{
	for (size_t i = 0; i < ir->filesystem.nmounts; i++)
		if (ir->filesystem.mounts[i].kind == k)
			return true;
	return false;
}

static json_object *container_security_context(struct export_ctx *x, const struct k8s_names *n)
{
	const struct pol_ir *ir = x->ir;
	json_object *sc = json_object_new_object();
	const struct ir_mount *root = export_root(ir);
	export_warn_user_name(x);
	if (ir->process.user_set) {
		add(sc, "runAsUser", json_object_new_int64(ir->process.uid));
		add(sc, "runAsGroup", json_object_new_int64(ir->process.gid));
	}
	add(sc, "runAsNonRoot", json_object_new_boolean(ir->process.user_set && ir->process.uid != 0));
	add(sc, "privileged", json_object_new_boolean(0));
	add(sc, "allowPrivilegeEscalation", json_object_new_boolean(!ir->process.no_new_privs));
	if (root && !(root->flags & IR_MNT_RW))
		add(sc, "readOnlyRootFilesystem", json_object_new_boolean(1));
	add(sc, "capabilities", capabilities(x));
	if (has_mount(ir, IR_MOUNT_PROC))
		add(sc, "procMount", json_object_new_string("Default"));
	json_object *seccomp = obj_str("type", n->seccomp_path ? "Localhost" : "Unconfined");
	if (n->seccomp_path)
		add(seccomp, "localhostProfile", json_object_new_string(n->seccomp_path));
	add(sc, "seccompProfile", seccomp);
	if (n->apparmor) {
		json_object *aa = obj_str("type", "Localhost");
		add(aa, "localhostProfile", json_object_new_string(n->apparmor));
		add(sc, "appArmorProfile", aa);
	}
	if (ir->lsm.selinux.name)
		add(sc, "seLinuxOptions", selinux_options(ir->lsm.selinux.name));
	if (ir->lsm.landlock.set)
		export_warn(x, "landlock: Kubernetes has no Landlock field; the rules are not enforced");
	return sc;
}

/* Kubernetes quantities: bytes as Ki/Mi/Gi when exact, CPU as millicores. */
static json_object *bytes_quantity(uint64_t v)
{
	char buf[32];
	static const char *const suffix[] = { "Gi", "Mi", "Ki" };
	for (int i = 0; i < 3; i++) {
		unsigned shift = 30u - 10u * (unsigned)i;
		if (v && v % (1ull << shift) == 0) {
			snprintf(buf, sizeof(buf), "%llu%s", (unsigned long long)(v >> shift), suffix[i]);
			return json_object_new_string(buf);
		}
	}
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return json_object_new_string(buf);
}

static json_object *resources(struct export_ctx *x)
{
	const struct pol_ir *ir = x->ir;
	json_object *res = json_object_new_object(), *limits = json_object_new_object();
	const struct ir_cg_limit *l;
	if ((l = export_cg(ir, IR_CG_MEMORY_MAX)) && l->num != IR_CG_UNLIMITED)
		add(limits, "memory", bytes_quantity(l->num));
	if ((l = export_cg(ir, IR_CG_CPU_MAX)) && l->num != IR_CG_UNLIMITED && l->num2) {
		char buf[32];
		uint64_t milli = l->num * 1000 / l->num2;
		snprintf(buf, sizeof(buf), "%llum", (unsigned long long)(milli ? milli : 1));
		add(limits, "cpu", json_object_new_string(buf));
	}
	for (size_t i = 0; i < ir->cgroup.nlimits; i++) {
		enum ir_cg_key k = ir->cgroup.limits[i].key;
		if (k != IR_CG_MEMORY_MAX && k != IR_CG_CPU_MAX)
			export_warn(x, "cgroup: %s: no per-container Kubernetes field; set it on the node or the runtime",
				    ir_cg_key_name(k));
	}
	if (ir->cgroup.optional)
		export_warn(x, "cgroup: optional: Kubernetes always applies the limits (the pod fails where it cannot)");
	if (ir->cgroup.devices_set)
		export_warn(x, "cgroup: devices: no Kubernetes field; the runtime's default device list applies");
	if (json_object_object_length(limits)) {
		add(res, "limits", limits);
		add(res, "requests", json_object_get(limits));
	} else {
		json_object_put(limits);
	}
	return res;
}

/* A tmpfs as an emptyDir in memory, a bind as a hostPath; the mount's
 * flags that no volume can carry are warned about. */
static void volume(struct export_ctx *x, const struct ir_mount *m, size_t idx, json_object *vols, json_object *mounts)
{
	char name[32];
	json_object *v = json_object_new_object(), *vm = json_object_new_object();
	bool tmpfs = m->kind == IR_MOUNT_TMPFS;
	snprintf(name, sizeof(name), "%s-%zu", tmpfs ? "tmpfs" : "bind", idx);
	add(v, "name", json_object_new_string(name));
	if (tmpfs) {
		json_object *ed = obj_str("medium", "Memory");
		if (m->flags & IR_MNT_HAS_SIZE)
			add(ed, "sizeLimit", bytes_quantity(m->size));
		add(v, "emptyDir", ed);
		if (polb_tmpfs_mode(m->flags, m->mode) != K8S_EMPTYDIR_MODE || (m->flags & IR_MNT_HAS_INODES))
			export_warn(x, "filesystem: tmpfs %s: mode and nr_inodes have no emptyDir field (the kubelet makes it %04o)",
				    m->target, K8S_EMPTYDIR_MODE);
		export_warn_tmpfs_owner(x, m, "no emptyDir field");
	} else {
		add(v, "hostPath", obj_str("path", m->source));
		if (m->flags & IR_MNT_OPTIONAL)
			export_warn(x, "filesystem: bind %s: optional has no hostPath field (the kubelet creates nothing, the pod fails to start)", m->target);
		if (m->flags & IR_MNT_IDMAP)
			export_warn(x, "filesystem: bind %s: idmap has no hostPath field (with hostUsers: false the "
				    "runtime idmaps volumes with the pod's whole range, not the one uid)", m->target);
	}
	if (m->flags & (IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC))
		export_warn(x, "filesystem: %s: nosuid/nodev/noexec have no volume field", m->target);
	add(vm, "name", json_object_new_string(name));
	add(vm, "mountPath", json_object_new_string(m->target));
	if (!tmpfs)
		add(vm, "readOnly", json_object_new_boolean(!(m->flags & IR_MNT_RW)));
	json_object_array_add(vols, v);
	json_object_array_add(mounts, vm);
}

/* The paths every CRI runtime (containerd, CRI-O) masks or makes read-only
 * in a container with procMount: Default: a policy's mask or readonly of
 * one of them is kept by the cluster and needs no warning. */
const char *const k8s_runtime_masked[] = {
	"/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
	"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
	"/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
};
const char *const k8s_runtime_readonly[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};
const size_t k8s_nruntime_masked = sizeof(k8s_runtime_masked) / sizeof(k8s_runtime_masked[0]);
const size_t k8s_nruntime_readonly = sizeof(k8s_runtime_readonly) / sizeof(k8s_runtime_readonly[0]);

static bool in_list(const char *path, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(path, list[i]))
			return true;
	return false;
}

static bool runtime_keeps(const struct ir_mount *m)
{
	if (m->kind == IR_MOUNT_MASK)
		return in_list(m->target, k8s_runtime_masked, k8s_nruntime_masked);
	if (m->kind == IR_MOUNT_READONLY)
		return in_list(m->target, k8s_runtime_readonly, k8s_nruntime_readonly);
	return m->kind == IR_MOUNT_PROC || m->kind == IR_MOUNT_SYSFS || m->kind == IR_MOUNT_DEV ||
	       (m->kind == IR_MOUNT_MQUEUE && !strcmp(m->target, "/dev/mqueue"));
}

static void volumes(struct export_ctx *x, json_object *spec, json_object *c)
{
	const struct pol_ir *ir = x->ir;
	json_object *vols = json_object_new_array(), *mounts = json_object_new_array();
	for (size_t i = 0; i < ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &ir->filesystem.mounts[i];
		switch (m->kind) {
		case IR_MOUNT_TMPFS:
		case IR_MOUNT_BIND: volume(x, m, i, vols, mounts); break;
		case IR_MOUNT_ROOT:
			export_warn(x, "filesystem: root %s: the image is the root in Kubernetes", m->source);
			break;
		default:
			if (runtime_keeps(m))
				break;
			if (m == export_root(ir))
				export_warn(x, "filesystem: overlay root: the image is the root in Kubernetes");
			else
				export_warn(x, "filesystem: %s %s: no Kubernetes field", ir_mount_kind_name(m->kind), m->target);
		}
	}
	if (json_object_array_length(vols)) {
		add(spec, "volumes", vols);
		add(c, "volumeMounts", mounts);
	} else {
		json_object_put(vols);
		json_object_put(mounts);
	}
}

static void process_extras(struct export_ctx *x, json_object *c)
{
	const struct pol_ir *ir = x->ir;
	json_object *env = json_object_new_array();
	if (ir->process.cwd)
		add(c, "workingDir", json_object_new_string(ir->process.cwd));
	for (size_t i = 0; i < ir->process.nenv; i++) {
		if (!ir->process.env[i].value) {
			export_warn(x, "process: env_pass %s: a pod does not inherit its caller's environment", ir->process.env[i].name);
			continue;
		}
		json_object *v = obj_str("name", ir->process.env[i].name);
		add(v, "value", json_object_new_string(ir->process.env[i].value));
		json_object_array_add(env, v);
	}
	if (json_object_array_length(env))
		add(c, "env", env);
	else
		json_object_put(env);
	for (int r = 0; r < IR_RLIMIT_COUNT; r++)
		if (ir->process.rlimits[r].set)
			export_warn(x, "process: rlimit %s: no Kubernetes field (the runtime's defaults apply)", vocab_rlimit_name(r));
	if (ir->process.umask_set)
		export_warn(x, "process: umask: no Kubernetes field");
	if (x->ncommand) {
		json_object *cmd = json_object_new_array();
		for (size_t i = 0; i < x->ncommand; i++)
			json_object_array_add(cmd, json_object_new_string(x->command[i]));
		add(c, "command", cmd);
	}
}

json_object *k8s_pod_spec(struct export_ctx *x, const struct k8s_names *n, json_object *extra)
{
	json_object *spec = json_object_new_object(), *c = json_object_new_object(),
		    *containers = json_object_new_array();
	host_namespaces(x, spec);
	add(spec, "securityContext", pod_security_context(x->ir));
	add(c, "name", json_object_new_string(n->name));
	add(c, "image", json_object_new_string(x->k8s_image ? x->k8s_image : "busybox:stable"));
	process_extras(x, c);
	add(c, "securityContext", container_security_context(x, n));
	add(c, "resources", resources(x));
	volumes(x, spec, c);
	export_net_k8s(x, extra, c); /* ports; the egress NetworkPolicy into extra */
	json_object_array_add(containers, c);
	add(spec, "containers", containers);
	return spec;
}
