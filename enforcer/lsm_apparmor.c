/* AppArmor: the command execs under a profile.
 *
 * The enforcer does what libapparmor's aa_change_onexec() does, without
 * linking it (the enforcer stays libc + libcap, docs/lsm.md): write
 * "exec PROFILE" to /proc/thread-self/attr/apparmor/exec (the per-LSM file,
 * kernels >= 5.8), or to /proc/thread-self/attr/exec where the per-LSM
 * directory does not exist. The kernel answers ENOENT when the profile is
 * not loaded and EINVAL when AppArmor is not the LSM behind the file.
 * Then the file is read back: the kernel reports the pending profile as
 * "PROFILE (enforce)\n", which is the last check the enforcer can make
 * before its own execve.
 *
 * A generated profile (polc `apparmor generate`) travels in the blob and is
 * loaded by lsm_prepare with `apparmor_parser --replace` from a memfd, when
 * enforce has CAP_MAC_ADMIN and the parser is installed. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
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

static const char *apparmor_parser_path(void)
{
	for (size_t i = 0; i < sizeof(lsm_paths.parser) / sizeof(lsm_paths.parser[0]); i++)
		if (lsm_paths.parser[i] && access(lsm_paths.parser[i], X_OK) == 0)
			return lsm_paths.parser[i];
	return NULL;
}

/* The profile text on a memfd, for the parser's stdin: no pipe to fill,
 * no SIGPIPE when the parser stops early. */
static int profile_memfd(const char *text, size_t len)
{
	int fd = memfd_create("polc-apparmor-profile", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Run `parser --replace` with the profile on stdin and a fixed, minimal
 * environment. Returns the parser's wait status, or -1 with errno. */
static int run_parser(const char *parser, int stdin_fd)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *argv[] = { (char *)"apparmor_parser", (char *)"--replace", NULL };
		char *envp[] = { (char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
				 (char *)"LC_ALL=C", NULL };
		if (dup2(stdin_fd, STDIN_FILENO) < 0)
			_exit(127);
		execve(parser, argv, envp);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

static int apparmor_load_generated(const struct polb_view *v, const struct polb_lsm *l,
				   const char *name, bool *skip, struct err *e)
{
	char why[512];
	if (l->profile.len == 0)
		return err_set(e, 0, "apparmor",
			       "profile '%s' is marked generated but the blob carries no text", name);
	if (!have_mac_admin())
		return apparmor_unusable(l, name, skip, e, 0,
			"loading the generated profile needs CAP_MAC_ADMIN (run enforce as root, "
			"or load it beforehand and name it instead of `generate`)");
	const char *parser = apparmor_parser_path();
	if (!parser) {
		snprintf(why, sizeof(why), "loading the generated profile needs apparmor_parser "
			 "(not found at %s or %s)", lsm_paths.parser[0],
			 lsm_paths.parser[1] ? lsm_paths.parser[1] : "-");
		return apparmor_unusable(l, name, skip, e, 0, why);
	}
	int fd = profile_memfd(polb_str(v, l->profile), l->profile.len);
	if (fd < 0)
		return err_set(e, errno, "apparmor", "memfd for the generated profile '%s'", name);
	int status = run_parser(parser, fd);
	int saved = errno;
	close(fd);
	if (status < 0)
		return apparmor_unusable(l, name, skip, e, saved, "running apparmor_parser");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, sizeof(why), "%s --replace %s %d loading the generated profile",
			 parser, WIFEXITED(status) ? "exited with status" : "died of signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return apparmor_unusable(l, name, skip, e, 0, why);
	}
	return 0;
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
