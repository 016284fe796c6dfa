/* polc import k8s FILE.yaml [--container NAME]: one container of a Pod,
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob, with the
 * Security Profiles Operator SeccompProfile it names, back to a policy IR
 * (the reverse of export_k8s*.c; docs/kubernetes.md has the table).
 *
 * What a pod always has is written out: its own mount, UTS and cgroup
 * namespaces, proc/dev/sysfs/mqueue and the runtime's default masks
 * (procMount Default). What the manifest cannot say (a root, rlimits,
 * pids.max, ...) is absent, and what polc cannot take (a privileged
 * container) is refused with one line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "interop/export_k8s.h"
#include "interop/import.h"
#include "interop/import_k8s.h"
#include "interop/import_scmp.h"
#include "interop/import_tree.h"
#include "interop/import_yaml.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"


struct k8s_in {
	struct tree_in t; /* the file and the error, for tree_* */
	const char *path;
	struct pol_ir *ir;
	struct import_notes *notes;
	struct err *e;
	json_object *docs;
};

static int bad(struct k8s_in *k, json_object *at, const char *field, const char *what)
{
	return tree_bad(&k->t, at, field, what);
}

static int field(struct k8s_in *k, json_object *o, const char *key, json_type t, json_object **out)
{
	return tree_field(&k->t, o, key, t, out);
}

/* ---- the workload and the container ------------------------------------ */

static json_object *dig(json_object *o, const char *const *path)
{
	for (; o && *path; path++)
		if (!json_object_object_get_ex(o, *path, &o) || !json_object_is_type(o, json_type_object))
			return NULL;
	return o;
}

/* The PodSpec of the first workload object; *meta its metadata. */
/* The labels of the pod the path's last "spec" belongs to. */
static json_object *pod_labels(json_object *d, const char *const *path)
{
	const char *p[8];
	size_t n = 0;
	while (n < 5 && path[n]) /* the kinds' paths have at most 5 parts */
		n++;
	for (size_t i = 0; i + 1 < n; i++)
		p[i] = path[i];
	p[n - 1] = "metadata";
	p[n] = "labels";
	p[n + 1] = NULL;
	return dig(d, p);
}

static json_object *pod_spec(struct k8s_in *k, json_object **meta, json_object **labels)
{
	static const char *const direct[] = { "spec", NULL }, *const tmpl[] = { "spec", "template", "spec", NULL },
				 *const cron[] = { "spec", "jobTemplate", "spec", "template", "spec", NULL };
	static const struct {
		const char *kind;
		const char *const *path;
	} kinds[] = { { "Pod", direct }, { "Deployment", tmpl }, { "StatefulSet", tmpl }, { "DaemonSet", tmpl },
		      { "ReplicaSet", tmpl }, { "Job", tmpl }, { "CronJob", cron } };
	for (size_t i = 0; i < json_object_array_length(k->docs); i++) {
		json_object *d = json_object_array_get_idx(k->docs, i);
		const char *kind = tree_str(d, "kind");
		for (size_t j = 0; kind && j < sizeof(kinds) / sizeof(kinds[0]); j++) {
			if (strcmp(kind, kinds[j].kind))
				continue;
			json_object *spec = dig(d, kinds[j].path);
			if (!spec) {
				bad(k, d, kind, "no pod spec where the kind has one");
				return NULL;
			}
			*meta = dig(d, (const char *const[]){ "metadata", NULL });
			*labels = pod_labels(d, kinds[j].path);
			return spec;
		}
	}
	err_set(k->e, 0, "import", "%s: no Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob", k->path);
	return NULL;
}

static json_object *container(struct k8s_in *k, json_object *spec, const char *want)
{
	json_object *list, *only = NULL;
	if (field(k, spec, "containers", json_type_array, &list) < 0)
		return NULL;
	size_t n = list ? json_object_array_length(list) : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(list, i);
		const char *name = tree_str(c, "name");
		if (!json_object_is_type(c, json_type_object)) {
			bad(k, c, "containers", "expected a mapping");
			return NULL;
		}
		if (want && name && !strcmp(name, want))
			return c;
		only = c;
	}
	if (!want && n == 1)
		return only;
	if (want)
		err_set(k->e, 0, "import", "%s: no container named '%s'", k->path, want);
	else
		err_set(k->e, 0, "import", "%s: %zu containers: name one with --container", k->path, n);
	return NULL;
}

/* ---- the mapping ----------------------------------------------------- */

static int host_namespaces(struct k8s_in *k, json_object *spec)
{
	static const struct {
		const char *key;
		enum ir_ns_kind ns;
	} host[] = { { "hostNetwork", IR_NS_NET }, { "hostPID", IR_NS_PID }, { "hostIPC", IR_NS_IPC } };
	struct ir_namespaces *n = &k->ir->namespaces;
	int v;
	n->ns[IR_NS_MOUNT].mode = n->ns[IR_NS_UTS].mode = n->ns[IR_NS_CGROUP].mode = IR_NS_UNSHARE;
	for (size_t i = 0; i < 3; i++) {
		if (tree_bool(&k->t, spec, host[i].key, &v) < 0)
			return -1;
		n->ns[host[i].ns].mode = v == 1 ? IR_NS_SHARE : IR_NS_UNSHARE;
	}
	if (tree_bool(&k->t, spec, "hostUsers", &v) < 0)
		return -1;
	n->ns[IR_NS_USER].mode = v == 0 ? IR_NS_UNSHARE : IR_NS_SHARE;
	return 0;
}

/* A container's securityContext field, else the pod's. */
static json_object *sc_get(json_object *csc, json_object *psc, const char *key)
{
	json_object *v;
	if (csc && json_object_object_get_ex(csc, key, &v))
		return csc;
	return psc && json_object_object_get_ex(psc, key, &v) ? psc : NULL;
}

static int user(struct k8s_in *k, json_object *csc, json_object *psc)
{
	struct ir_process *p = &k->ir->process;
	uint64_t uid = 0, gid = 0;
	bool hu, hg;
	if (tree_uint(&k->t, sc_get(csc, psc, "runAsUser"), "runAsUser", UINT32_MAX - 1, &hu, &uid) < 0 ||
	    tree_uint(&k->t, sc_get(csc, psc, "runAsGroup"), "runAsGroup", UINT32_MAX - 1, &hg, &gid) < 0)
		return -1;
	if (hu) {
		p->user_set = true;
		p->uid = (uint32_t)uid;
		p->gid = (uint32_t)gid;
		if (!hg)
			import_note(k->notes, "runAsGroup is not set: the image decides the group; imported as gid 0");
	}
	json_object *groups;
	if (field(k, psc, "supplementalGroups", json_type_array, &groups) < 0)
		return -1;
	size_t n = groups ? json_object_array_length(groups) : 0;
	if (n) {
		p->groups = xcalloc(n, sizeof(*p->groups));
		for (size_t i = 0; i < n; i++) {
			json_object *g = json_object_array_get_idx(groups, i);
			int64_t v = json_object_is_type(g, json_type_int) ? json_object_get_int64(g) : -1;
			if (v < 0 || v >= UINT32_MAX)
				return bad(k, g, "supplementalGroups", "expected group ids");
			p->groups[p->ngroups++] = (uint32_t)v;
		}
		p->groups_set = true;
	}
	return 0;
}

static int privileges(struct k8s_in *k, json_object *csc)
{
	int priv, esc;
	if (tree_bool(&k->t, csc, "privileged", &priv) < 0 || tree_bool(&k->t, csc, "allowPrivilegeEscalation", &esc) < 0)
		return -1;
	if (priv == 1) {
		json_object *v = NULL;
		json_object_object_get_ex(csc, "privileged", &v);
		return bad(k, v, "privileged", "a privileged container has no confinement to import; refused");
	}
	k->ir->process.no_new_privs = esc == 0;
	if (esc == -1)
		import_note(k->notes, "allowPrivilegeEscalation is not set: Kubernetes allows it, so no_new_privs off");
	return 0;
}

static int cap_list(struct k8s_in *k, json_object *caps, const char *key, uint64_t *mask, bool *all)
{
	json_object *list;
	*mask = 0;
	*all = false;
	if (field(k, caps, key, json_type_array, &list) < 0)
		return -1;
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		json_object *c = json_object_array_get_idx(list, i);
		const char *name = json_object_is_type(c, json_type_string) ? json_object_get_string(c) : NULL;
		int nr = name ? vocab_capability(name) : -1;
		if (name && !strcmp(name, "ALL"))
			*all = true;
		else if (nr < 0 || nr > 63)
			return bad(k, c, key, "expected a capability name");
		else
			*mask |= 1ull << nr;
	}
	return 0;
}

/* drop ALL + add is the kept set; without drop ALL the runtime's default
 * set (Docker's, which containerd and CRI-O share) is the start. */
static int capabilities(struct k8s_in *k, json_object *csc)
{
	json_object *caps;
	uint64_t add, drop;
	bool add_all, drop_all;
	if (field(k, csc, "capabilities", json_type_object, &caps) < 0 ||
	    cap_list(k, caps, "add", &add, &add_all) < 0 || cap_list(k, caps, "drop", &drop, &drop_all) < 0)
		return -1;
	if (add_all)
		return bad(k, caps, "capabilities.add", "ALL is every capability; refused");
	k->ir->caps.set = true;
	k->ir->caps.keep = ((drop_all ? 0 : scmp_docker_default_caps()) & ~drop) | add;
	return 0;
}

/* The AppArmorProfile object named prof: 1 when polc wrote it (its
 * managed-by label) with a spec.abstract, which `apparmor generate` makes
 * again from the rules imported beside it; 0 when there is none or another
 * tool's (the profile is then named, as any the node has); -1 when its
 * spec or abstract is not a mapping. A spec.policy (SPO before 0.9, pruned
 * by the operator's CRD since) is said, never read. */
static int polc_apparmor_profile(struct k8s_in *k, const char *prof)
{
	for (size_t i = 0; i < json_object_array_length(k->docs); i++) {
		json_object *d = json_object_array_get_idx(k->docs, i), *md, *labels, *spec, *abs;
		const char *kind = tree_str(d, "kind");
		if (!kind || strcmp(kind, "AppArmorProfile") || !json_object_object_get_ex(d, "metadata", &md) ||
		    !tree_str(md, "name") || strcmp(tree_str(md, "name"), prof))
			continue;
		if (field(k, d, "spec", json_type_object, &spec) < 0 ||
		    field(k, spec, "abstract", json_type_object, &abs) < 0)
			return -1;
		if (tree_str(spec, "policy"))
			import_note(k->notes, "AppArmorProfile %s: spec.policy (the operator before 0.9) is pruned by "
				    "its CRD since; not read", prof);
		const char *by = json_object_object_get_ex(md, "labels", &labels)
					 ? tree_str(labels, "app.kubernetes.io/managed-by") : NULL;
		return by && !strcmp(by, "polc") && abs;
	}
	return 0;
}

static int lsm(struct k8s_in *k, json_object *csc, json_object *psc)
{
	json_object *se, *aa;
	if (field(k, sc_get(csc, psc, "seLinuxOptions"), "seLinuxOptions", json_type_object, &se) < 0 ||
	    field(k, sc_get(csc, psc, "appArmorProfile"), "appArmorProfile", json_type_object, &aa) < 0)
		return -1;
	const char *u = tree_str(se, "user"), *r = tree_str(se, "role"), *t = tree_str(se, "type"), *l = tree_str(se, "level");
	if (se && u && r && t) {
		if (tree_word(&k->t, se, "seLinuxOptions", u) < 0 || tree_word(&k->t, se, "seLinuxOptions", r) < 0 ||
		    tree_word(&k->t, se, "seLinuxOptions", t) < 0 || (l && tree_word(&k->t, se, "seLinuxOptions", l) < 0))
			return -1;
		if (asprintf(&k->ir->lsm.selinux.name, "%s:%s:%s%s%s", u, r, t, l ? ":" : "", l ? l : "") < 0)
			xalloc_die();
	} else if (se) {
		import_note(k->notes, "seLinuxOptions without user, role and type: the runtime completes it; not imported");
	}
	const char *type = tree_str(aa, "type"), *prof = tree_str(aa, "localhostProfile");
	if (type && !strcmp(type, "Localhost") && prof) {
		if (tree_word(&k->t, aa, "localhostProfile", prof) < 0)
			return -1;
		/* polc's own generated profile comes back as `apparmor generate` */
		int generated = polc_apparmor_profile(k, prof);
		if (generated < 0)
			return -1;
		k->ir->lsm.apparmor.name = xstrdup(generated ? "generate" : prof);
		k->ir->lsm.apparmor.generate = generated;
	} else if (type && strcmp(type, "Unconfined")) {
		import_note(k->notes, "appArmorProfile %s: the runtime's profile; not imported", type);
	}
	return 0;
}

/* "operator/NS/NAME.json" -> the SeccompProfile object NS/NAME in the file. */
static json_object *spo_profile(struct k8s_in *k, const char *path)
{
	if (strncmp(path, "operator/", 9))
		return NULL;
	const char *ns = path + 9, *slash = strchr(ns, '/');
	if (!slash)
		return NULL;
	for (size_t i = 0; i < json_object_array_length(k->docs); i++) {
		json_object *d = json_object_array_get_idx(k->docs, i), *md, *spec;
		const char *api = tree_str(d, "apiVersion"), *kind = tree_str(d, "kind");
		if (!api || !kind || (strcmp(api, SPO_API) && strcmp(api, SPO_API_SECCOMP_BETA)) || strcmp(kind, "SeccompProfile") ||
		    !json_object_object_get_ex(d, "metadata", &md) || !json_object_object_get_ex(d, "spec", &spec))
			continue;
		const char *name = tree_str(md, "name"), *mns = tree_str(md, "namespace");
		size_t nlen = name ? strlen(name) : 0;
		if (name && mns && strlen(mns) == (size_t)(slash - ns) && !strncmp(mns, ns, (size_t)(slash - ns)) &&
		    !strncmp(slash + 1, name, nlen) && !strcmp(slash + 1 + nlen, ".json"))
			return json_object_is_type(spec, json_type_object) ? spec : NULL;
	}
	return NULL;
}

static int seccomp(struct k8s_in *k, json_object *csc, json_object *psc)
{
	json_object *sp;
	if (field(k, sc_get(csc, psc, "seccompProfile"), "seccompProfile", json_type_object, &sp) < 0)
		return -1;
	const char *type = tree_str(sp, "type"), *path = tree_str(sp, "localhostProfile");
	if (!type || !strcmp(type, "Unconfined"))
		return 0;
	if (strcmp(type, "Localhost") || !path) {
		import_note(k->notes, "seccompProfile %s: the runtime's profile; import its JSON with `polc import docker-seccomp`", type);
		return 0;
	}
	json_object *spec = spo_profile(k, path);
	if (!spec) {
		import_note(k->notes, "seccompProfile %s is on the node, not in this file; import it with `polc import docker-seccomp`", path);
		return 0;
	}
	struct import_opts o = { .caps = k->ir->caps.keep, .engine = IR_ARCH_X86_64 };
	return import_seccomp_object(spec, &o, k->ir, k->notes, k->e);
}

/* ---- resources and volumes ------------------------------------------- */

/* A Kubernetes quantity: N, N[KMGTPE] (powers of 1000), N[KMGTPE]i, Nm. */
static int quantity(const char *s, bool milli_ok, uint64_t *out, bool *milli)
{
	static const char units[] = "KMGTPE";
	char *end;
	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	uint64_t v = strtoull(s, &end, 10), mul = 1;
	*milli = false;
	if (errno)
		return -1;
	if (*end == '.' && milli_ok) { /* "0.5" CPUs */
		uint64_t frac = 0, scale = 1000;
		for (end++; *end >= '0' && *end <= '9'; end++)
			if (scale > 1)
				frac += (uint64_t)(*end - '0') * (scale /= 10);
		if (*end || v > UINT64_MAX / 1000)
			return -1;
		*milli = true;
		*out = v * 1000 + frac;
		return 0;
	}
	const char *u = *end ? strchr(units, *end) : NULL;
	if (*end == 'm' && !end[1] && milli_ok)
		*milli = true;
	else if (u && !strcmp(end + 1, "i"))
		for (long i = 0; i <= u - units; i++)
			mul *= 1024;
	else if (u && !end[1])
		for (long i = 0; i <= u - units; i++)
			mul *= 1000;
	else if (*end)
		return -1;
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static int resources(struct k8s_in *k, json_object *c)
{
	json_object *res, *lim, *v;
	uint64_t n;
	bool milli;
	if (field(k, c, "resources", json_type_object, &res) < 0 || field(k, res, "limits", json_type_object, &lim) < 0)
		return -1;
	if (field(k, lim, "memory", json_type_string, &v) < 0)
		return -1;
	if (v && (quantity(json_object_get_string(v), false, &n, &milli) < 0 || !n))
		return bad(k, v, "memory", "expected a quantity (512Mi, 1G, ...)");
	if (v)
		import_add_limit(k->ir, IR_CG_MEMORY_MAX, n, 0, NULL);
	if (!lim || !json_object_object_get_ex(lim, "cpu", &v))
		return 0;
	if (json_object_is_type(v, json_type_int)) {
		n = json_object_get_uint64(v) * 1000;
	} else if (!json_object_is_type(v, json_type_string) ||
		   quantity(json_object_get_string(v), true, &n, &milli) < 0 || !n) {
		return bad(k, v, "cpu", "expected CPUs (500m, 0.5, 2)");
	} else if (!milli) {
		n *= 1000;
	}
	if (n > UINT64_MAX / 100)
		return bad(k, v, "cpu", "out of range");
	import_add_limit(k->ir, IR_CG_CPU_MAX, n * 100, 100000, NULL); /* millicores as quota per 100 ms */
	return 0;
}

/* What every pod has: proc with the runtime's masks, /dev, /sys. (The
 * runtime's /dev/mqueue is left out: a policy without one reads the same.) */
static int runtime_mounts(struct k8s_in *k, json_object *csc)
{
	const char *pm = tree_str(csc, "procMount");
	import_runtime_mounts(k->ir, pm && !strcmp(pm, "Unmasked"));
	return 0;
}

static json_object *volume_named(json_object *vols, const char *name)
{
	for (size_t i = 0; vols && i < json_object_array_length(vols); i++) {
		const char *n = tree_str(json_object_array_get_idx(vols, i), "name");
		if (n && !strcmp(n, name))
			return json_object_array_get_idx(vols, i);
	}
	return NULL;
}

static int one_volume(struct k8s_in *k, json_object *vm, json_object *vols)
{
	const char *name = tree_str(vm, "name"), *target = tree_str(vm, "mountPath");
	json_object *v = name ? volume_named(vols, name) : NULL, *ed, *hp;
	int ro;
	if (!name || !target || target[0] != '/')
		return bad(k, vm, "volumeMounts", "expected name and an absolute mountPath");
	if (!v)
		return bad(k, vm, name, "no volume of that name");
	if (tree_word(&k->t, vm, "mountPath", target) < 0)
		return -1;
	if (tree_bool(&k->t, vm, "readOnly", &ro) < 0 || field(k, v, "emptyDir", json_type_object, &ed) < 0 ||
	    field(k, v, "hostPath", json_type_object, &hp) < 0)
		return -1;
	if (ed) {
		const char *medium = tree_str(ed, "medium"), *size = tree_str(ed, "sizeLimit");
		uint64_t n = 0;
		bool milli;
		if (size && (quantity(size, false, &n, &milli) < 0 || !n))
			return bad(k, ed, "sizeLimit", "expected a quantity (16Mi, ...)");
		/* The kubelet makes every emptyDir 0777 (pkg/volume/emptydir), not
		 * enforce's default 0755: a policy that narrowed it would lie. */
		struct ir_mount *m = import_add_mount(k->ir, IR_MOUNT_TMPFS, NULL, target,
						      IR_MNT_HAS_MODE | (size ? IR_MNT_HAS_SIZE : 0));
		m->size = n;
		m->mode = K8S_EMPTYDIR_MODE;
		if (!medium || strcmp(medium, "Memory"))
			import_note(k->notes, "emptyDir %s on disk imported as a tmpfs", name);
		return 0;
	}
	const char *src = tree_str(hp, "path");
	if (hp && src && src[0] == '/') {
		if (tree_word(&k->t, hp, "hostPath", src) < 0)
			return -1;
		import_add_mount(k->ir, IR_MOUNT_BIND, src, target, IR_MNT_RECURSIVE | (ro == 1 ? 0 : IR_MNT_RW));
		return 0;
	}
	if (hp)
		return bad(k, hp, "hostPath", "expected an absolute path");
	import_note(k->notes, "volume %s at %s: no policy equivalent (only emptyDir and hostPath); left out", name, target);
	return 0;
}

static int volumes(struct k8s_in *k, json_object *spec, json_object *c)
{
	json_object *vols, *vms;
	if (field(k, spec, "volumes", json_type_array, &vols) < 0 || field(k, c, "volumeMounts", json_type_array, &vms) < 0)
		return -1;
	for (size_t i = 0; vms && i < json_object_array_length(vms); i++)
		if (one_volume(k, json_object_array_get_idx(vms, i), vols) < 0)
			return -1;
	return 0;
}

static int process(struct k8s_in *k, json_object *spec, json_object *c)
{
	struct ir_process *p = &k->ir->process;
	json_object *env;
	const char *cwd = tree_str(c, "workingDir"), *host = tree_str(spec, "hostname");
	if ((cwd && tree_word(&k->t, c, "workingDir", cwd) < 0) || (host && tree_word(&k->t, spec, "hostname", host) < 0))
		return -1;
	p->cwd = cwd ? xstrdup(cwd) : NULL;
	p->hostname = host ? xstrdup(host) : NULL;
	if (field(k, c, "env", json_type_array, &env) < 0)
		return -1;
	size_t n = env ? json_object_array_length(env) : 0;
	p->env = n ? xcalloc(n, sizeof(*p->env)) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(env, i);
		const char *name = tree_str(e, "name"), *value = tree_str(e, "value");
		if (!name)
			return bad(k, e, "env", "expected name");
		if (tree_word(&k->t, e, "env", name) < 0 || (value && tree_text(&k->t, e, "env", value) < 0))
			return -1;
		if (!value) {
			import_note(k->notes, "env %s: not a literal value (valueFrom); left out", name);
			continue;
		}
		struct ir_env *ev = &p->env[p->nenv++];
		ev->name = xstrdup(name);
		ev->value = xstrdup(value);
	}
	if (json_object_object_get_ex(c, "command", NULL) || json_object_object_get_ex(c, "args", NULL))
		import_note(k->notes, "command/args: a policy has no command (give it to enforce after --)");
	return 0;
}

static int import_docs(const struct k8s_in *kk, const char *want)
{
	struct k8s_in k = *kk;
	struct pol_ir *ir = k.ir;
	struct import_notes *notes = k.notes;
	json_object *meta = NULL, *labels = NULL, *spec = pod_spec(&k, &meta, &labels), *c = spec ? container(&k, spec, want) : NULL, *csc, *psc;
	int r = -1;
	if (!c || field(&k, c, "securityContext", json_type_object, &csc) < 0 ||
	    field(&k, spec, "securityContext", json_type_object, &psc) < 0)
		goto out;
	const char *name = tree_str(meta, "name");
	if (!ir->name && name)
		ir->name = xstrdup(name);
	if (csc && json_object_object_get_ex(csc, "readOnlyRootFilesystem", NULL))
		import_note(notes, "readOnlyRootFilesystem: the image is the root; give the policy a root to keep it");
	if (host_namespaces(&k, spec) < 0 || privileges(&k, csc) < 0 || user(&k, csc, psc) < 0 ||
	    capabilities(&k, csc) < 0 || lsm(&k, csc, psc) < 0 || seccomp(&k, csc, psc) < 0 ||
	    resources(&k, c) < 0 || runtime_mounts(&k, csc) < 0 || volumes(&k, spec, c) < 0 || process(&k, spec, c) < 0 ||
	    k8s_import_ports(&k.t, c, ir->namespaces.ns[IR_NS_NET].mode == IR_NS_SHARE, ir, notes) < 0 ||
	    k8s_import_network_policies(&k.t, k.docs, labels, ir, notes) < 0)
		goto out;
	r = 0;
out:
	json_object_put(k.docs);
	return r;
}

int import_k8s(const char *path, const char *container, struct pol_ir *ir, struct import_notes *notes, struct err *e)
{
	struct k8s_in k = { .t = { path, e }, .path = path, .ir = ir, .notes = notes, .e = e };
	if (!(k.docs = yaml_load_file(path, e)))
		return -1;
	return import_docs(&k, container);
}

int import_k8s_buffer(const char *name, const unsigned char *buf, size_t len, const char *container, struct pol_ir *ir,
		      struct import_notes *notes, struct err *e)
{
	struct k8s_in k = { .t = { name, e }, .path = name, .ir = ir, .notes = notes, .e = e };
	if (!(k.docs = yaml_load_buffer(name, buf, len, e)))
		return -1;
	return import_docs(&k, container);
}
