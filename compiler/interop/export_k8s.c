/* polc export k8s: the policy as Kubernetes manifests, one YAML stream
 * that `kubectl apply -f` takes:
 *
 *   --operator (default)   SeccompProfile and, for a generated AppArmor
 *                          profile, AppArmorProfile objects of the Security
 *                          Profiles Operator (security-profiles-operator.x-k8s.io/v1),
 *                          then the Pod/Deployment naming them as
 *                          operator/NS/NAME.json and NAME;
 *   the network section    container ports and, for connect rules, an
 *                          egress NetworkPolicy after the workload
 *                          (export_net.c builds both);
 *   --no-operator          a ConfigMap NAME-profiles holding the seccomp
 *                          JSON (and the AppArmor profile text) with the
 *                          place on each node it must be copied to, then the
 *                          Pod/Deployment naming profiles/NAME.json.
 *
 * Every setting Kubernetes cannot express is a warning on stderr and a
 * comment line on the workload object ("# polc: not enforced: ..."). */
#include "interop/export_k8s.h"
#include "util/cli.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "interop/export_yaml.h"

#define KUBELET_SECCOMP "/var/lib/kubelet/seccomp"

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

static json_object *object_new(const char *api, const char *kind, const struct k8s_names *n, const char *name)
{
	json_object *o = json_object_new_object(), *md = json_object_new_object(), *labels = json_object_new_object();
	add(o, "apiVersion", json_object_new_string(api));
	add(o, "kind", json_object_new_string(kind));
	add(md, "name", json_object_new_string(name));
	add(md, "namespace", json_object_new_string(n->ns));
	add(labels, "app.kubernetes.io/name", json_object_new_string(n->name));
	add(labels, "app.kubernetes.io/managed-by", json_object_new_string("polc"));
	add(md, "labels", labels);
	add(o, "metadata", md);
	return o;
}

/* A DNS-1123 label (what metadata.name and a container name must be). */
static bool dns_label(const char *s)
{
	size_t len = strlen(s);
	if (!len || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (const char *p = s; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
			return false;
	return true;
}

/* The policy's name as a label: lower case, anything else '-'. */
static char *label_from(const char *s)
{
	char *out = xstrndup(s && *s ? s : "policy", 63);
	for (char *p = out; *p; p++)
		*p = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '-';
	while (*out == '-')
		memmove(out, out + 1, strlen(out));
	size_t len = strlen(out);
	while (len && out[len - 1] == '-')
		out[--len] = '\0';
	if (!len) {
		free(out);
		return xstrdup("policy");
	}
	return out;
}

/* SPO's spec is the OCI profile without defaultErrnoRet (it has no such
 * field; the runtime then returns EPERM). */
static json_object *seccomp_profile_object(struct export_ctx *x, const struct k8s_names *n, json_object *prof)
{
	json_object *o = object_new(SPO_API, "SeccompProfile", n, n->name), *ret;
	if (json_object_object_get_ex(prof, "defaultErrnoRet", &ret)) {
		if (json_object_get_int(ret) != 1)
			export_warn(x, "syscalls: default errno %d: the operator's profile has no defaultErrnoRet (EPERM is returned)",
				    json_object_get_int(ret));
		json_object_object_del(prof, "defaultErrnoRet");
	}
	add(o, "spec", json_object_get(prof));
	return o;
}

/* The operator loads the profile under the object's name (n->apparmor,
 * the generated profile's name as a label, which the Pod names too). The
 * kind is cluster-scoped: no namespace. */
static json_object *apparmor_profile_object(struct export_ctx *x, const struct k8s_names *n, struct err *e)
{
	json_object *abstract = k8s_apparmor_abstract(x, e);
	if (!abstract)
		return NULL;
	json_object *o = object_new(SPO_API, "AppArmorProfile", n, n->apparmor), *md,
		    *spec = json_object_new_object();
	if (json_object_object_get_ex(o, "metadata", &md))
		json_object_object_del(md, "namespace");
	add(spec, "abstract", abstract);
	add(o, "spec", spec);
	return o;
}

static json_object *profiles_configmap(const struct k8s_names *n, json_object *prof, const char *aa_text)
{
	char key[96], name[96];
	snprintf(name, sizeof(name), "%s-profiles", n->name);
	json_object *o = object_new("v1", "ConfigMap", n, name), *data = json_object_new_object();
	if (prof) {
		snprintf(key, sizeof(key), "%s.json", n->name);
		add(data, key, json_object_new_string(json_object_to_json_string_ext(
				       prof, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)));
	}
	if (aa_text) {
		snprintf(key, sizeof(key), "%s.apparmor", n->name);
		add(data, key, json_object_new_string(aa_text));
	}
	add(o, "data", data);
	return o;
}

static json_object *workload(struct export_ctx *x, const struct k8s_names *n, json_object *extra)
{
	json_object *spec = k8s_pod_spec(x, n, extra);
	if (!x->k8s_deployment) {
		json_object *pod = object_new("v1", "Pod", n, n->name);
		add(pod, "spec", spec);
		return pod;
	}
	json_object *dep = object_new("apps/v1", "Deployment", n, n->name), *ds = json_object_new_object(),
		    *tmpl = json_object_new_object(), *tmd = json_object_new_object(), *sel = json_object_new_object(),
		    *match = json_object_new_object();
	add(match, "app.kubernetes.io/name", json_object_new_string(n->name));
	add(sel, "matchLabels", match);
	add(ds, "replicas", json_object_new_int(1));
	add(ds, "selector", sel);
	add(tmd, "labels", json_object_get(match));
	add(tmpl, "metadata", tmd);
	add(tmpl, "spec", spec);
	add(ds, "template", tmpl);
	add(dep, "spec", ds);
	return dep;
}

/* export_net.c's NetworkPolicy, named and placed like the other objects
 * and selecting only this workload's pods (not the whole namespace). */
static json_object *network_policy(json_object *np, const struct k8s_names *n)
{
	json_object *md = json_object_new_object(), *labels = json_object_new_object(), *spec;
	add(md, "name", json_object_new_string(n->name));
	add(md, "namespace", json_object_new_string(n->ns));
	add(labels, "app.kubernetes.io/name", json_object_new_string(n->name));
	add(labels, "app.kubernetes.io/managed-by", json_object_new_string("polc"));
	add(md, "labels", labels);
	add(np, "metadata", md);
	if (json_object_object_get_ex(np, "spec", &spec)) {
		json_object *sel = json_object_new_object(), *match = json_object_new_object();
		add(match, "app.kubernetes.io/name", json_object_new_string(n->name));
		add(sel, "matchLabels", match);
		add(spec, "podSelector", sel);
	}
	return np;
}

static char *prefixed(const char *prefix, const char *s)
{
	char *p = NULL;
	if (asprintf(&p, "%s%s", prefix, s) < 0)
		xalloc_die();
	return p;
}

/* The workload, with one comment line per warning (its own, and those the
 * profiles raised before it). */
static int write_workload(struct export_ctx *x, const struct k8s_names *n, FILE *out, struct err *e)
{
	json_object *extra = json_object_new_object(), *np;
	json_object *w = workload(x, n, extra);
	char **c = xcalloc(x->nwarnings + 1, sizeof(*c));
	for (size_t i = 0; i < x->nwarnings; i++)
		c[i] = x->warnings[i] ? prefixed("polc: not enforced: ", x->warnings[i]) : NULL;
	int r = export_write_yaml(w, c, x->nwarnings, out, e);
	for (size_t i = 0; i < x->nwarnings; i++)
		free(c[i]);
	if (r == 0 && json_object_object_get_ex(extra, "networkPolicy", &np))
		r = export_write_yaml(network_policy(np, n), NULL, 0, out, e);
	json_object_put(extra);
	free(c);
	json_object_put(w);
	return r;
}

static int write_profiles(struct export_ctx *x, struct k8s_names *n, json_object *prof, FILE *out, struct err *e)
{
	const struct ir_lsm_label *aa = &x->ir->lsm.apparmor;
	const char *aa_text = aa->generate ? aa->profile : NULL;
	json_object *docs[2] = { NULL, NULL };
	char *where[2] = { NULL, NULL };
	size_t nwhere = 0;
	int r = 0;
	if (x->k8s_no_operator && (prof || aa_text)) {
		docs[0] = profiles_configmap(n, prof, aa_text);
		if (prof && asprintf(&where[nwhere], "polc: copy data.%s.json to %s/%s on every node", n->name,
				     KUBELET_SECCOMP, n->seccomp_path) >= 0)
			nwhere++;
		if (aa_text && asprintf(&where[nwhere], "polc: load data.%s.apparmor with apparmor_parser -r on every node",
					n->name) >= 0)
			nwhere++;
		if (prof)
			export_warn(x, "seccomp: without the operator the profile must be copied to %s/%s on every node",
				    KUBELET_SECCOMP, n->seccomp_path);
		if (aa_text)
			export_warn(x, "apparmor: without the operator the profile %s must be loaded on every node", n->apparmor);
	} else if (!x->k8s_no_operator) {
		if (prof)
			docs[0] = seccomp_profile_object(x, n, prof);
		if (aa_text && !(docs[1] = apparmor_profile_object(x, n, e)))
			r = -1;
	}
	for (int i = 0; i < 2 && r == 0; i++)
		if (docs[i])
			r = export_write_yaml(docs[i], where, i == 0 ? nwhere : 0, out, e);
	for (int i = 0; i < 2; i++) {
		json_object_put(docs[i]);
		free(where[i]);
	}
	return r;
}

int export_k8s(struct export_ctx *x, FILE *out, struct err *e)
{
	const struct pol_ir *ir = x->ir;
	struct k8s_names n = { .ns = x->k8s_namespace ? x->k8s_namespace : "default" };
	if (x->k8s_name && !dns_label(x->k8s_name))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--name '%s': expected a DNS label (a-z, 0-9, '-', at most 63)", x->k8s_name);
	if (!dns_label(n.ns))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--namespace '%s': expected a DNS label (a-z, 0-9, '-', at most 63)", n.ns);
	char *label = x->k8s_name ? xstrdup(x->k8s_name) : label_from(ir->name);
	n.name = label;
	json_object *prof = export_seccomp_json(x);
	if (prof && asprintf(&n.seccomp_path, x->k8s_no_operator ? "profiles/%s.json" : "operator/%s/%s.json",
			     x->k8s_no_operator ? n.name : n.ns, n.name) < 0)
		xalloc_die();
	/* generated: "polc-NAME" (run_export generated it); the operator's
	 * object, and so the profile it loads, has a DNS name */
	char *aa_label = NULL;
	n.apparmor = ir->lsm.apparmor.name;
	if (n.apparmor && ir->lsm.apparmor.generate && !x->k8s_no_operator)
		n.apparmor = aa_label = label_from(n.apparmor);
	int r = write_profiles(x, &n, prof, out, e);
	if (r == 0)
		r = write_workload(x, &n, out, e);
	json_object_put(prof);
	free(n.seccomp_path);
	free(aa_label);
	free(label);
	return r;
}
