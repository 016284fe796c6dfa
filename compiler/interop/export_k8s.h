/* polc export k8s, inside: the pod spec (export_k8s_pod.c) and the
 * documents around it (export_k8s.c). */
#ifndef POL_INTEROP_EXPORT_K8S_H
#define POL_INTEROP_EXPORT_K8S_H

#include "interop/export.h"

/* The Security Profiles Operator's API group and version, written by
 * export k8s and read by import k8s (docs/kubernetes.md, "The operator's
 * apiVersion"): v1 since SPO 1.0.0, whose CRDs store SeccompProfile and
 * AppArmorProfile as v1 and still serve the older v1beta1 (seccomp) and
 * v1alpha1 (AppArmor). A SeccompProfile of v1beta1 has the same spec, so
 * the import takes it too. */
#define SPO_API "security-profiles-operator.x-k8s.io/v1"
#define SPO_API_SECCOMP_BETA "security-profiles-operator.x-k8s.io/v1beta1"

/* The mode the kubelet gives every emptyDir (pkg/volume/emptydir: perm
 * 0777, in memory or on disk): export warns about any other tmpfs mode,
 * import gives each emptyDir it. */
#define K8S_EMPTYDIR_MODE 0777u

struct k8s_names {
	const char *name;      /* object names, a DNS label */
	const char *ns;        /* metadata.namespace */
	char *seccomp_path;    /* localhostProfile, NULL: no syscalls section */
	const char *apparmor;  /* localhostProfile, NULL: none */
};

/* The PodSpec: host namespaces, pod securityContext, one container, volumes,
 * ports. Warns (export_warn) about every setting it cannot express; the
 * network section's egress NetworkPolicy goes into extra ("networkPolicy"). */
json_object *k8s_pod_spec(struct export_ctx *x, const struct k8s_names *n, json_object *extra);

/* The generated AppArmor profile's rules as SPO's spec.abstract
 * (export_k8s_aa.c), warning about what it cannot say; NULL with e set
 * when a path cannot be written there. */
json_object *k8s_apparmor_abstract(struct export_ctx *x, struct err *e);

/* The paths every CRI runtime masks / makes read-only with procMount:
 * Default (export: kept, no warning; import: what a pod gets). */
extern const char *const k8s_runtime_masked[];
extern const size_t k8s_nruntime_masked;
extern const char *const k8s_runtime_readonly[];
extern const size_t k8s_nruntime_readonly;

#endif
