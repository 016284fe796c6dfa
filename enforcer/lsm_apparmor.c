/* AppArmor: the command execs under a profile.
 *
 * The enforcer writes exactly what libapparmor's aa_change_onexec() writes,
 * itself, because it must find the file before pivot_root (docs/lsm.md):
 * "exec PROFILE" to /proc/thread-self/attr/apparmor/exec (the per-LSM file,
 * kernels >= 5.8), or to /proc/thread-self/attr/exec where the per-LSM
 * directory does not exist. The kernel answers ENOENT when the profile is
 * not loaded and EINVAL when AppArmor is not the LSM behind the file.
 * Then the file is read back: the kernel reports the pending profile as
 * "PROFILE (enforce)\n", which is the last check the enforcer can make
 * before its own execve.
 *
 * A generated profile (polc `apparmor generate`) travels in the blob as
 * binary policy apparmor_parser compiled at build time for one kernel
 * feature ABI. lsm_prepare checks the kernel's features are those, skips
 * the load when the kernel already holds the same bytes, and otherwise
 * loads it through libapparmor (needs CAP_MAC_ADMIN). No parser runs at
 * deployment. libapparmor is loaded on first use (lsm_apparmor_lib.c). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsm.h"
#include "lsm_internal.h"

#define CAP_MAC_ADMIN_BIT 33

int apparmor_available(char *why, size_t whysize)
{
	char buf[16];
	if (lsm_read_small(lsm_paths.apparmor_enabled, buf, sizeof(buf)) < 0) {
		snprintf(why, whysize, "AppArmor is not built into this kernel (no %s)",
			 lsm_paths.apparmor_enabled);
		return 0;
	}
	if (buf[0] != 'Y') {
		snprintf(why, whysize,
			 "AppArmor is built in but not enabled (%s is not Y; see the lsm= boot parameter)",
			 lsm_paths.apparmor_enabled);
		return 0;
	}
	return 1;
}

/* Refuse, or with `optional` warn once and mark the profile skipped. */
static int apparmor_unusable(const struct polb_lsm *l, const char *name, bool *skip,
			     struct err *e, int errnum, const char *why)
{
	if (l->flags & POLB_LSM_OPTIONAL) {
		lsm_warn("apparmor", "%s%s%s; profile '%s' skipped (optional)", why,
			 errnum ? ": " : "", errnum ? strerror(errnum) : "", name);
		*skip = true;
		return 0;
	}
	return err_set(e, errnum, "apparmor", "profile '%s': %s", name, why);
}

/* Is `name` in the kernel's profile list ("NAME (MODE)" lines)?
 * 1 listed, 0 not, -1 the list cannot be read (no securityfs, no privilege):
 * then the child's write is the check. */
static int apparmor_profile_listed(const char *name)
{
	FILE *f = fopen(lsm_paths.apparmor_profiles, "re");
	if (!f)
		return -1;
	char line[4096];
	size_t len = strlen(name);
	int found = 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, name, len) && !strncmp(line + len, " (", 2);
	fclose(f);
	return found;
}

static bool have_mac_admin(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	if (!f)
		return false;
	char line[256];
	uint64_t eff = 0;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "CapEff:", 7) == 0) {
			eff = strtoull(line + 7, NULL, 16); /* 0 (no right) if unreadable */
			break;
		}
	fclose(f);
	return eff & (UINT64_C(1) << CAP_MAC_ADMIN_BIT);
}

/* ---- generated profiles: compiled policy, loaded through libapparmor ---- */

static void aa_path(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s/%s", lsm_paths.apparmor_fs, rel);
}

/* Small text file under dirfd, trailing newline dropped; 0 or -1. */
static int read_text_at(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n;
	while ((n = read(fd, buf, size - 1)) < 0 && errno == EINTR)
		;
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Is raw_data under dirfd exactly these bytes? */
static bool raw_data_equal(int dirfd, const uint8_t *policy, size_t size)
{
	int fd = openat(dirfd, "raw_data", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	uint8_t chunk[4096];
	size_t at = 0;
	bool same = true;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			same = n == 0 && at == size;
			break;
		}
		if ((size_t)n > size - at || memcmp(policy + at, chunk, (size_t)n)) {
			same = false;
			break;
		}
		at += (size_t)n;
	}
	close(fd);
	return same;
}

/* Does the kernel already hold this very policy: a profile named `name`,
 * in enforce mode, loaded from exactly the blob's bytes? The kernel keeps
 * what was loaded as policy/profiles/NAME.N/raw_data (with
 * CONFIG_SECURITY_APPARMOR_EXPORT_BINARY, Debian's default). Comparing the
 * bytes themselves needs no hash algorithm to agree on; where raw_data is
 * missing the answer is no and the policy is loaded again (the same
 * outcome, at the cost of a load). */
static bool apparmor_policy_loaded(const struct polb_view *v, const char *name)
{
	char dir[512];
	aa_path(dir, sizeof(dir), "policy/profiles");
	DIR *d = opendir(dir);
	if (!d)
		return false;
	size_t len = strlen(name);
	bool same = false;
	struct dirent *de;
	while (!same && (de = readdir(d))) {
		/* NAME.N: the prefix first, the exact name from the name file */
		if (strncmp(de->d_name, name, len) || de->d_name[len] != '.')
			continue;
		int pd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pd < 0)
			continue;
		char got[POLB_MAX_STRING + 2], mode[32];
		same = read_text_at(pd, "name", got, sizeof(got)) == 0 && !strcmp(got, name) &&
		       read_text_at(pd, "mode", mode, sizeof(mode)) == 0 &&
		       !strcmp(mode, "enforce") &&
		       raw_data_equal(pd, v->aa_policy, v->aa_policy_size);
		close(pd);
	}
	closedir(d);
	return same;
}

/* The kernel's feature ABI against the one the blob was compiled for.
 * 1 the same (*kernel holds the kernel's, for the load), 0 not (why
 * filled, *kernel NULL). Read through aa_features_new at the fixed
 * securityfs path, as everything else here reads the kernel's files
 * (aa_features_new_from_kernel would look the mount point up in
 * /proc/mounts first). */
static int apparmor_features_match(const struct aa_lib *aa, const struct polb_view *v,
				   aa_features **kernel, char *why, size_t whysize)
{
	char path[512];
	aa_path(path, sizeof(path), "features");
	*kernel = NULL;
	if (aa->features_new(kernel, AT_FDCWD, path) < 0) {
		snprintf(why, whysize, "cannot read this kernel's AppArmor features (%s: %s)",
			 path, strerror(errno));
		*kernel = NULL;
		return 0;
	}
	aa_features *blob = NULL;
	bool same = aa->features_new_from_string(&blob, polb_str(v, v->apparmor->features),
						 v->apparmor->features.len) == 0 &&
		    aa->features_is_equal(*kernel, blob);
	aa->features_unref(blob);
	if (same)
		return 1;
	snprintf(why, whysize, "compiled for other AppArmor features than this kernel's; "
		 "rebuild the blob for this kernel: polc build --apparmor-features FILE, FILE "
		 "a copy of this kernel's %s", path);
	aa->features_unref(*kernel);
	*kernel = NULL;
	return 0;
}

/* Replace (or add) the profile with the blob's compiled policy: one write
 * of the whole policy to apparmorfs/.replace, which is what
 * aa_kernel_interface_replace_policy does on a kernel with set_load. */
static int apparmor_load_policy(const struct aa_lib *aa, const struct polb_view *v,
				aa_features *kernel)
{
	aa_kernel_interface *ki = NULL;
	if (aa->kernel_interface_new(&ki, kernel, lsm_paths.apparmor_fs) < 0)
		return -1;
	int r = aa->replace_policy(ki, (const char *)v->aa_policy, v->aa_policy_size);
	int saved = errno;
	aa->kernel_interface_unref(ki);
	errno = saved;
	return r;
}

static int apparmor_load_generated(const struct polb_view *v, const struct polb_lsm *l,
				   const char *name, bool *skip, struct err *e)
{
	char why[1024];
	if (!v->apparmor) /* the reader refuses such a blob; never loaded from text */
		return err_set(e, 0, "apparmor", "profile '%s' is marked generated but the blob "
			       "carries no compiled policy", name);
	const struct aa_lib *aa;
	if (apparmor_lib(&aa, why, sizeof(why)) < 0)
		return apparmor_unusable(l, name, skip, e, 0, why);
	aa_features *kernel;
	if (!apparmor_features_match(aa, v, &kernel, why, sizeof(why)))
		return apparmor_unusable(l, name, skip, e, 0, why);
	int r = 0;
	if (apparmor_policy_loaded(v, name))
		r = 0; /* the kernel holds these very bytes: nothing to load */
	else if (!have_mac_admin())
		r = apparmor_unusable(l, name, skip, e, 0,
			"loading the compiled profile needs CAP_MAC_ADMIN (run enforce as root, or "
			"have it loaded beforehand: the kernel holds no identical copy)");
	else if (apparmor_load_policy(aa, v, kernel) < 0)
		r = apparmor_unusable(l, name, skip, e, errno,
				      "the kernel refused the compiled profile");
	aa->features_unref(kernel);
	return r;
}

int apparmor_prepare(const struct polb_view *v, const struct polb_lsm *l, bool *skip,
		     struct err *e)
{
	const char *name = polb_str(v, l->name);
	char why[256];
	*skip = false;
	if (l->name.len == 0)
		return err_set(e, 0, "apparmor", "empty profile name in the blob");
	if (!apparmor_available(why, sizeof(why)))
		return apparmor_unusable(l, name, skip, e, 0, why);
	if (l->flags & POLB_LSM_GENERATED)
		return apparmor_load_generated(v, l, name, skip, e);
	if (apparmor_profile_listed(name) == 0) {
		snprintf(why, sizeof(why), "not loaded (not listed in %s)",
			 lsm_paths.apparmor_profiles);
		return apparmor_unusable(l, name, skip, e, 0, why);
	}
	return 0;
}

int apparmor_readback_ok(const char *back, const char *profile, bool *complain)
{
	size_t len = strlen(profile);
	*complain = false;
	if (strncmp(back, profile, len) != 0)
		return 0;
	const char *rest = back + len;
	if (*rest == '\0' || !strcmp(rest, "\n"))
		return 1;
	if (!strcmp(rest, " (enforce)\n") || !strcmp(rest, " (enforce)") ||
	    !strcmp(rest, " (kill)\n") || !strcmp(rest, " (kill)"))
		return 1;
	if (!strcmp(rest, " (complain)\n") || !strcmp(rest, " (complain)")) {
		*complain = true;
		return 1;
	}
	return 0;
}

static const char *apparmor_write_why(int errnum)
{
	switch (errnum) {
	case ENOENT:
		return "not loaded (the kernel has no profile of that name)";
	case EINVAL:
		return "the kernel refused the exec profile (AppArmor is not the LSM behind the attr file)";
	case EACCES:
	case EPERM:
		return "this process may not change its exec profile (it is confined, or "
		       "no_new_privs forbids the transition)";
	default:
		return "setting the exec profile failed";
	}
}

/* Write "exec NAME" to attr/apparmor/exec, else attr/exec; read it back. */
int apparmor_set_exec(const struct polb_view *v, const struct polb_lsm *l, int attr_dir,
		      struct err *e)
{
	const char *name = polb_str(v, l->name);
	char cmd[POLB_MAX_STRING + 8], back[POLB_MAX_STRING + 32];
	int len = snprintf(cmd, sizeof(cmd), "exec %s", name);
	const char *file = "apparmor/exec", *op;
	int r = lsm_attr_write_read(attr_dir, file, cmd, (size_t)len, back, sizeof(back), &op);
	if (r < 0 && errno == ENOENT && !strcmp(op, "open")) {
		file = "exec";
		r = lsm_attr_write_read(attr_dir, file, cmd, (size_t)len, back, sizeof(back), &op);
	}
	if (r < 0) {
		int errnum = errno;
		bool skip;
		char why[512];
		snprintf(why, sizeof(why), "%s attr/%s: %s", op, file,
			 !strcmp(op, "write") ? apparmor_write_why(errnum) : "failed");
		return apparmor_unusable(l, name, &skip, e, errnum, why);
	}
	bool complain;
	if (!apparmor_readback_ok(back, name, &complain)) {
		back[strcspn(back, "\n")] = '\0';
		return err_set(e, 0, "apparmor",
			       "profile '%s': attr/%s reads back '%s' after writing '%s'", name,
			       file, back, cmd);
	}
	if (complain) {
		if (!(l->flags & POLB_LSM_OPTIONAL))
			return err_set(e, 0, "apparmor",
				       "profile '%s' is in complain mode: it would log, not confine "
				       "(aa-enforce it, or mark it optional)", name);
		lsm_warn("apparmor", "profile '%s' is in complain mode: it logs, it does not "
			 "confine (optional)", name);
	}
	return 0;
}
