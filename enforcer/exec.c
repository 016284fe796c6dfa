/* Finding and running the command. The command is looked up on the PATH
 * of the command's own environment (not the caller's), inside the new
 * root, before seccomp is loaded, so "not found" (127) and "not
 * executable" (126) are reported as one clear line like any other step. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforce.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *env_path(char *const *envp)
{
	for (size_t i = 0; envp && envp[i]; i++)
		if (!strncmp(envp[i], "PATH=", 5))
			return envp[i] + 5;
	return DEFAULT_PATH;
}

/* A found file must be a file and executable: `st` as stat(2) gave it
 * (or the dry run's lookup), `access_ok` its X_OK answer. */
static int exec_judge(int rc, int errnum, const struct stat *st, bool access_ok, const char *name,
		      struct err *e)
{
	if (rc < 0)
		return err_set_status(e, errnum == ENOENT || errnum == ENOTDIR ? EXIT_CMD_NOT_FOUND
									      : EXIT_CMD_NOT_EXECUTABLE,
				      errnum, "exec", "%s", name);
	if (S_ISDIR(st->st_mode))
		return err_set_status(e, EXIT_CMD_NOT_EXECUTABLE, EISDIR, "exec", "%s", name);
	if (!access_ok)
		return err_set_status(e, EXIT_CMD_NOT_EXECUTABLE, EACCES, "exec", "%s", name);
	return 0;
}

static int exec_check(const struct enforce_ctx *c, const char *path, const char *name,
		      struct err *e)
{
	struct stat st;
	int rc = stat(path, &st), saved = errno;
	bool ok = rc == 0 && access(path, X_OK) == 0;
	return exec_judge(rc, saved, &st, ok, name, e);
}

/* --dry-run: the file the path would be, by the policy's mounts
 * (mounts_plan_lookup); one enforce cannot tell about (an overlay, a fresh
 * proc) passes, and the run itself decides. Executable: any x bit. */
static int exec_plan_check(const struct enforce_ctx *c, const char *path, const char *name,
			   struct err *e)
{
	struct stat st = { .st_mode = S_IFREG | 0755 };
	int fd = mounts_plan_lookup(c->v, path), saved = errno;
	if (fd == -2)
		return 0;
	int rc = fd < 0 ? -1 : fstat(fd, &st);
	if (fd >= 0) {
		saved = errno;
		close(fd);
	}
	return exec_judge(rc, saved, &st, (st.st_mode & 0111) != 0, name, e);
}

static int resolve_with(const struct enforce_ctx *c, char *out, size_t size, struct err *e,
			int (*check)(const struct enforce_ctx *, const char *, const char *,
				     struct err *))
{
	const char *name = c->argv[0];
	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, size, "%s", name) >= size)
			return err_set_status(e, EXIT_CMD_NOT_FOUND, ENAMETOOLONG, "exec", "%s", name);
		return check(c, out, name, e);
	}
	const char *p = env_path(c->envp);
	bool denied = false;
	while (*p) {
		size_t n = strcspn(p, ":");
		if ((size_t)snprintf(out, size, "%.*s/%s", (int)(n ? n : 1), n ? p : ".", name) < size) {
			struct err tmp;
			if (check(c, out, name, &tmp) == 0) {
				vlog("exec", "%s is %s", name, out);
				return 0;
			}
			if (tmp.status == EXIT_CMD_NOT_EXECUTABLE)
				denied = true;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	if (denied)
		return err_set_status(e, EXIT_CMD_NOT_EXECUTABLE, EACCES, "exec", "%s", name);
	return err_set_status(e, EXIT_CMD_NOT_FOUND, ENOENT, "exec", "%s", name);
}

int exec_resolve(const struct enforce_ctx *c, char *out, size_t size, struct err *e)
{
	return resolve_with(c, out, size, e, exec_check);
}

int exec_plan_resolve(const struct enforce_ctx *c, char *out, size_t size, struct err *e)
{
	return resolve_with(c, out, size, e, exec_plan_check);
}

int exec_command(const struct enforce_ctx *c, const char *path, struct err *e)
{
	execve(path, c->argv, c->envp);
	int saved = errno;
	return err_set_status(e, saved == ENOENT ? EXIT_CMD_NOT_FOUND : EXIT_CMD_NOT_EXECUTABLE,
			      saved, "exec", "%s", c->argv[0]);
}
