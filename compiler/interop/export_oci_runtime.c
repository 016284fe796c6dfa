/* The OCI runtimes `polc export oci --runtime` writes for, and what each
 * release can run. Each entry was measured, not read from a changelog
 * (tests/interop/t_oci_run.sh runs the exports):
 *
 *  - runc-1.1 (Debian 12: 1.1.5): refuses a "time" namespace entry
 *    ("namespace {time} does not exist"), so the export leaves it out and
 *    warns; takes ociVersion 1.0.2. The default: what the stable
 *    distributions ship runs everywhere the newer ones do.
 *  - runc (1.2 and later): time namespaces; ociVersion 1.2.0.
 *  - crun (Debian 12: 1.8.1): time namespaces; refuses an ociVersion that
 *    is not 1.0.x ("unknown version specified").
 *
 * What none of them can do is warned about where the setting is written
 * (export_oci.c, export_oci_mounts.c): `root /` (pivot_root into the
 * host's own root is EINVAL, with or without --no-pivot), a fresh sysfs
 * in a user namespace without its own network namespace (runc fails with
 * EPERM; crun falls back to a bind of /sys that keeps it writable, so the
 * export writes enforce's read-only bind itself). */
#include "interop/export_oci.h"

#include <stdio.h>
#include <string.h>

static const struct oci_runtime runtimes[] = {
	{ .name = "runc-1.1", .oci_version = "1.0.2", .time_ns = false },
	{ .name = "runc", .oci_version = "1.2.0", .time_ns = true },
	{ .name = "crun", .oci_version = "1.0.0", .time_ns = true },
};

const struct oci_runtime *oci_runtime_find(const char *name)
{
	if (!name)
		name = OCI_RUNTIME_DEFAULT;
	for (size_t i = 0; i < sizeof(runtimes) / sizeof(runtimes[0]); i++)
		if (!strcmp(runtimes[i].name, name))
			return &runtimes[i];
	return NULL;
}

const char *oci_runtime_names(void)
{
	static char names[64];
	if (!names[0])
		for (size_t i = 0, n = 0; i < sizeof(runtimes) / sizeof(runtimes[0]); i++)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? ", " : "", runtimes[i].name);
	return names;
}
