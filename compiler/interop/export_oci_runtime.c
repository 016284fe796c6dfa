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
 *  - runc-1.1 and crun as Debian 12 builds them are linked against its
 *    libseccomp 2.5.4, which resolves no name in scmp_unknown_gen.c; both
 *    skip such a rule silently (`errno EPERM mseal` under `default allow`
 *    lets mseal run), so each one that is not the default action warns.
 *
 *  - idmapped binds (a mount's uidMappings/gidMappings and "ridmap"):
 *    crun 1.8.1 makes them (the host's 999 showed as 999); runc 1.1.5
 *    ignores both and makes the bind plain (it showed as nobody), so the
 *    export warns for it; runc 1.2 added them (its release notes: not
 *    measured here, Debian 12 has no 1.2).
 * What none of them can do is warned about where the setting is written
 * (export_oci.c, export_oci_mounts.c): `root /` (pivot_root into the
 * host's own root is EINVAL, with or without --no-pivot), a fresh sysfs
 * in a user namespace without its own network namespace (runc fails with
 * EPERM; crun falls back to a bind of /sys that keeps it writable, so the
 * export writes enforce's read-only bind itself). */
#include "interop/export_oci.h"

#include "interop/scmp_unknown.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

static const struct oci_runtime runtimes[] = {
	{ .name = "runc-1.1", .oci_version = "1.0.2", .time_ns = false, .old_libseccomp = true,
	  .idmap_mounts = false },
	{ .name = "runc", .oci_version = "1.2.0", .time_ns = true, .old_libseccomp = false,
	  .idmap_mounts = true },
	{ .name = "crun", .oci_version = "1.0.0", .time_ns = true, .old_libseccomp = true,
	  .idmap_mounts = true },
};

bool scmp_unknown(const char *syscall)
{
	size_t lo = 0, hi = scmp_unknown_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(syscall, scmp_unknown_names[mid]);
		if (!c)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* A skipped deny rule lets the default action through (a weakening
 * under `default allow`): one line each. Skipped allows only make the
 * runtime stricter: one line naming them all. */
void oci_warn_unknown_syscalls(struct export_ctx *x, const struct oci_runtime *rt)
{
	const struct ir_syscalls *s = &x->ir->syscalls;
	struct strbuf allows = STRBUF_INIT;
	size_t nallows = 0;
	if (!s->set || !rt->old_libseccomp)
		return;
	for (size_t i = 0; i < s->nrules; i++) {
		const struct ir_rule *r = &s->rules[i];
		bool allow = r->act.action == IR_ACT_ALLOW || r->act.action == IR_ACT_LOG;
		if (!scmp_unknown(r->syscall) || (r->act.action == s->default_action.action &&
						  r->act.errno_value == s->default_action.errno_value))
			continue;
		if (allow) {
			sb_printf(&allows, "%s%s", nallows++ ? " " : "", r->syscall);
			continue;
		}
		export_warn(x, "syscalls: %s %s: libseccomp %s (Debian 12's, which %s is linked against) has no such "
			    "name and the runtime skips the rule: the default action applies", ir_action_name(r->act.action),
			    r->syscall, scmp_unknown_version, rt->name);
	}
	if (nallows)
		export_warn(x, "syscalls: allow %s: libseccomp %s (Debian 12's, which %s is linked against) has no such "
			    "names and the runtime skips the rules: the default action refuses them", sb_str(&allows),
			    scmp_unknown_version, rt->name);
	sb_free(&allows);
}

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
