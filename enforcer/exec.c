/* Finding and running the command. The command is looked up on the PATH
 * of the command's own environment (not the caller's), inside the new
 * root, before seccomp is loaded, so "not found" (127) and "not
 * executable" (126) are reported as one clear line like any other step. */
#include <errno.h>
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

static int exec_check(const char *path, const char *name, struct err *e)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return err_set_status(e, errno == ENOENT || errno == ENOTDIR ? EXIT_CMD_NOT_FOUND
									    : EXIT_CMD_NOT_EXECUTABLE,
				      errno, "exec", "%s", name);
	if (S_ISDIR(st.st_mode))
		return err_set_status(e, EXIT_CMD_NOT_EXECUTABLE, EISDIR, "exec", "%s", name);
	if (access(path, X_OK) < 0)
		return err_set_status(e, EXIT_CMD_NOT_EXECUTABLE, errno, "exec", "%s", name);
	return 0;
}

int exec_resolve(const struct enforce_ctx *c, char *out, size_t size, struct err *e)
{
	const char *name = c->argv[0];
	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, size, "%s", name) >= size)
			return err_set_status(e, EXIT_CMD_NOT_FOUND, ENAMETOOLONG, "exec", "%s", name);
		return exec_check(out, name, e);
	}
	const char *p = env_path(c->envp);
	bool denied = false;
	while (*p) {
		size_t n = strcspn(p, ":");
		if ((size_t)snprintf(out, size, "%.*s/%s", (int)(n ? n : 1), n ? p : ".", name) < size) {
			struct err tmp;
			if (exec_check(out, name, &tmp) == 0) {
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

int exec_command(const struct enforce_ctx *c, const char *path, struct err *e)
{
	execve(path, c->argv, c->envp);
	int saved = errno;
	return err_set_status(e, saved == ENOENT ? EXIT_CMD_NOT_FOUND : EXIT_CMD_NOT_EXECUTABLE,
			      saved, "exec", "%s", c->argv[0]);
}
