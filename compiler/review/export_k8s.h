/* polc export k8s, inside: the pod spec (export_k8s_pod.c) and the
 * documents around it (export_k8s.c). */
#ifndef POL_REVIEW_EXPORT_K8S_H
#define POL_REVIEW_EXPORT_K8S_H

#include "review/export.h"

struct k8s_names {
	const char *name;      /* object names, a DNS label */
	const char *ns;        /* metadata.namespace */
	char *seccomp_path;    /* localhostProfile, NULL: no syscalls section */
	const char *apparmor;  /* localhostProfile, NULL: none */
};

/* The PodSpec: host namespaces, pod securityContext, one container, volumes.
 * Warns (export_warn) about every setting it cannot express. */
json_object *k8s_pod_spec(struct export_ctx *x, const struct k8s_names *n);

#endif
