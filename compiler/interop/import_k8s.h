/* polc import k8s, inside: the network section (import_k8s_net.c), read
 * next to the workload by import_k8s.c. */
#ifndef POL_INTEROP_IMPORT_K8S_H
#define POL_INTEROP_IMPORT_K8S_H

#include <stdbool.h>

#include "interop/import.h"
#include "interop/import_tree.h"

/* The container's ports with a hostPort as publish rules (host_net: the
 * pod has the host's network; a note instead). */
int k8s_import_ports(const struct tree_in *t, json_object *container, bool host_net, struct pol_ir *ir,
		     struct import_notes *notes);
/* The egress rules of every NetworkPolicy in docs that selects a pod with
 * these labels, as connect rules. */
int k8s_import_network_policies(const struct tree_in *t, json_object *docs, json_object *labels, struct pol_ir *ir,
				struct import_notes *notes);

#endif
