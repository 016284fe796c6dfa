/* polc import compose, inside: the service and its process, privileges,
 * security_opt and namespaces (import_compose.c); its mounts, limits and
 * ports (import_compose_res.c). */
#ifndef POL_INTEROP_IMPORT_COMPOSE_H
#define POL_INTEROP_IMPORT_COMPOSE_H

#include "interop/import.h"
#include "interop/import_tree.h"

struct compose_in {
	struct tree_in t;
	const char *dir; /* the Compose file's directory (absolute); NULL: read no other file (fuzzing) */
	struct pol_ir *ir;
	struct import_notes *notes;
	bool unmasked; /* security_opt systempaths=unconfined */
	bool host_net; /* network_mode: host */
	bool bridge;   /* network_mode: bridge (the default): ports are published */
};

/* A decimal integer 0..max at the start of s; *end after it. */
int compose_uint(const char *s, uint64_t max, uint64_t *out, char **end);
/* dir + "/" + rel (rel absolute: rel alone), normalised (no //, ., ..);
 * dir NULL: "/" (fuzzing). Heap copy. */
char *compose_path(const char *dir, const char *rel);

int compose_mounts(struct compose_in *c, json_object *svc);    /* tmpfs, volumes */
int compose_resources(struct compose_in *c, json_object *svc); /* mem, swap, cpus, pids, deploy */
int compose_ulimits(struct compose_in *c, json_object *svc);
int compose_ports(struct compose_in *c, json_object *svc);

#endif
