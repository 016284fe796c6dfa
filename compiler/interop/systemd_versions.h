/* Which systemd release first understands what `polc export systemd`
 * writes: one table (systemd_versions.c), read by export_systemd.c and
 * export_net.c for `--systemd-version N`. A directive or syscall name
 * newer than N is not written; the export warns, naming what the target
 * will not enforce (docs/kubernetes.md, "systemd versions"). */
#ifndef POL_INTEROP_SYSTEMD_VERSIONS_H
#define POL_INTEROP_SYSTEMD_VERSIONS_H

#define SYSTEMD_OLDEST 247 /* Debian 11: the oldest release the table describes */
#define SYSTEMD_NEVER 0    /* no release the table names resolves it */

/* The version that first takes `directive` ("PrivatePIDs", or
 * "ProtectControlGroups=private" for a value); SYSTEMD_OLDEST for one every
 * described release takes. */
unsigned systemd_directive_since(const char *directive);
/* The version whose distribution's libseccomp first resolves the syscall
 * name (systemd resolves names through libseccomp): SYSTEMD_OLDEST,
 * a release, or SYSTEMD_NEVER. */
unsigned systemd_syscall_since(const char *name);
/* What the name needs, for the warning: "systemd 257", "libseccomp 2.6.1". */
const char *systemd_syscall_needs(const char *name);

#endif
