/* What a host path exposes when a policy binds it in: one judgement that
 * polc audit's checks (review/audit_checks.c, whose failures are also
 * `polc check`'s warnings) call, so the two never disagree about which
 * source is dangerous. Paths are the IR's: absolute and normalised
 * (fe_path: no //, /./, .., trailing /). */
#ifndef POL_COMPILER_HOST_PATHS_H
#define POL_COMPILER_HOST_PATHS_H

#include <stdbool.h>

#include "ir.h"

/* path is dir or below it, on component boundaries ("/srv/vol" holds
 * "/srv/vol/cfg", not "/srv/volume"). */
bool host_path_within(const char *path, const char *dir);

/* A kernel magic link on the way: /proc/PID/root, cwd, exe, fd/N,
 * map_files/..., ns/... (PID a number, self or thread-self, also under
 * task/TID). enforce refuses these whatever the policy says. */
bool host_path_magic(const char *path);

/* A container runtime's socket or its directory (docker.sock, containerd,
 * cri-o, podman): one request away from a privileged container. */
bool host_path_runtime_socket(const char *path);

/* The host's own control: /, /etc, /usr, /run, /var, /home exactly, and
 * anything below /proc, /sys, /dev, /boot, /root, /lib/modules or a
 * runtime's state. */
bool host_path_sensitive(const char *path);

/* The writable host-sourced mount other than m whose source holds path
 * (an overlay's layer), or NULL; host_path_inside_rw asks it for m's own
 * source. A host-sourced mount (bind, root) whose source lies inside the source of
 * another writable one of the same policy: the container may replace it,
 * between runs, by a symlink or another tree (CVE-2017-1002101). Returns
 * that writable mount, or NULL. */
const struct ir_mount *host_path_under_rw(const struct ir_filesystem *fs,
					  const struct ir_mount *m, const char *path);
const struct ir_mount *host_path_inside_rw(const struct ir_filesystem *fs,
					   const struct ir_mount *m);

#endif
