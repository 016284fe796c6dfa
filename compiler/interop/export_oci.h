/* Shared by the OCI export's files (export_oci*.c): the target runtimes
 * and the helpers the mounts and the linux object both use. */
#ifndef POL_INTEROP_EXPORT_OCI_H
#define POL_INTEROP_EXPORT_OCI_H

#include <stdbool.h>

#include "interop/export.h"

/* What one runtime release can run; export_oci_runtime.c has the table
 * and why each entry says what it says (measured on Debian 12's runc
 * 1.1.5 and crun 1.8.1 by tests/interop/t_oci_run.sh). */
struct oci_runtime {
	const char *name;        /* --runtime NAME */
	const char *oci_version; /* ociVersion it accepts */
	bool time_ns;            /* a "time" namespace entry */
	bool old_libseccomp;     /* linked against libseccomp 2.5.4 (scmp_unknown.h) */
	bool idmap_mounts;       /* a mount's uidMappings/gidMappings made an idmapped mount */
};

/* A warning for each syscall rule the runtime's libseccomp cannot name
 * (it skips the rule, the default action applies instead). */
void oci_warn_unknown_syscalls(struct export_ctx *x, const struct oci_runtime *rt);

#define OCI_RUNTIME_DEFAULT "runc-1.1"

/* NULL for an unknown name; NULL name: the default. */
const struct oci_runtime *oci_runtime_find(const char *name);
/* "runc-1.1, runc, crun" for messages and usage. */
const char *oci_runtime_names(void);

/* The runtime spec's namespace names by enum ir_ns_kind ("network"). */
extern const char *const oci_ns_names[IR_NS_COUNT];

void oci_add(json_object *obj, const char *key, json_object *val);
json_object *oci_strings(const char *const *v, size_t n);

/* The filesystem section as root (path, readonly) and mounts; masked and
 * readonly collect the paths for linux.maskedPaths/readonlyPaths. */
json_object *oci_root_json(struct export_ctx *x);
json_object *oci_mounts_json(struct export_ctx *x, json_object *masked, json_object *readonly);

/* A fresh sysfs needs a network namespace owned by the container's user
 * namespace: with a user namespace and the host's (or a joined) network,
 * enforce binds the host's /sys read-only instead, and so does the export. */
bool oci_sysfs_as_bind(const struct pol_ir *ir);

#endif
