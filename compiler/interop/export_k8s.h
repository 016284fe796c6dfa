/* polc export k8s, inside: the pod spec (export_k8s_pod.c) and the
 * documents around it (export_k8s.c). */
#ifndef POL_INTEROP_EXPORT_K8S_H
#define POL_INTEROP_EXPORT_K8S_H

#include "interop/export.h"

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

/* The paths every CRI runtime masks / makes read-only with procMount:
 * Default (export: kept, no warning; import: what a pod gets). */
extern const char *const k8s_runtime_masked[];
extern const size_t k8s_nruntime_masked;
extern const char *const k8s_runtime_readonly[];
extern const size_t k8s_nruntime_readonly;

#endif
