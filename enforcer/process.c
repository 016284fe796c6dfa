/* Process settings applied in the child before credentials change: the
 * command's environment (built in the parent: only what the policy sets or
 * passes, nothing else of the caller's), hostname, rlimits, umask, and the
 * working directory, checked to be inside the root once entered. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforce.h"
#include "names.h"


static char *env_pair(const char *name, const char *value)
{
	size_t size = strlen(name) + strlen(value) + 2;
	char *s = malloc(size);
	if (s)
		snprintf(s, size, "%s=%s", name, value);
	return s;
}

int env_build(struct enforce_ctx *c, struct err *e)
{
	const struct polb_view *v = c->v;
	char **envp = calloc(v->nenv + 1, sizeof(*envp));
	if (!envp)
		return err_set(e, errno, "env", "environment");
	size_t n = 0;
	for (size_t i = 0; i < v->nenv; i++) {
		const char *name = polb_str(v, v->env[i].name);
		const char *value = v->env[i].kind == POLB_ENV_SET ? polb_str(v, v->env[i].value)
								  : getenv(name);
		if (!value)
			continue; /* env_pass of a variable the caller does not have */
		if (!(envp[n++] = env_pair(name, value))) {
			c->envp = envp; /* env_free releases what was built */
			return err_set(e, errno, "env", "%s", name);
		}
	}
	c->envp = envp;
	return 0;
}

/* Parent: NAME=VALUE replaces what the policy set or passed for NAME. */
int env_set(struct enforce_ctx *c, const char *name, const char *value, struct err *e)
{
	size_t n = 0, len = strlen(name);
	while (c->envp[n])
		n++;
	char **envp = realloc(c->envp, (n + 2) * sizeof(*envp));
	if (!envp)
		return err_set(e, errno, "env", "%s", name);
	c->envp = envp;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(envp[i], name, len) && envp[i][len] == '=')
			free(envp[i]);
		else
			envp[k++] = envp[i];
	}
	envp[k + 1] = NULL;
	if (!(envp[k] = env_pair(name, value)))
		return err_set(e, errno, "env", "%s", name);
	return 0;
}

void env_free(struct enforce_ctx *c)
{
	if (!c->envp)
		return;
	for (char **p = c->envp; *p; p++)
		free(*p);
	free(c->envp);
	c->envp = NULL;
}

int hostname_apply(const struct polb_view *v, struct err *e)
{
	const char *name = polb_str(v, v->process->hostname);
	if (!name[0])
		return 0;
	if (sethostname(name, strlen(name)) < 0)
		return err_set(e, errno, "hostname", "%s", name);
	vlog("hostname", "%s", name);
	return 0;
}

int rlimits_apply(const struct polb_view *v, struct err *e)
{
	for (size_t i = 0; i < v->nrlimits; i++) {
		const struct polb_rlimit *l = &v->rlimits[i];
		struct rlimit rl = { .rlim_cur = l->soft == UINT64_MAX ? RLIM_INFINITY : l->soft,
				     .rlim_max = l->hard == UINT64_MAX ? RLIM_INFINITY : l->hard };
		if (setrlimit((int)l->resource, &rl) < 0)
			return err_set(e, errno, "rlimit", "%s %llu %llu",
				       polb_rlimit_name(l->resource),
				       (unsigned long long)l->soft, (unsigned long long)l->hard);
		vlog("rlimit", "%s %llu %llu", polb_rlimit_name(l->resource),
		     (unsigned long long)l->soft, (unsigned long long)l->hard);
	}
	return 0;
}

void umask_apply(const struct polb_view *v)
{
	if (!(v->process->flags & POLB_PROC_UMASK))
		return;
	umask((mode_t)(v->process->umask & 0777));
	vlog("umask", "%04o", v->process->umask & 0777);
}

/* runc CVE-2024-21626: a working directory left outside the root (through
 * an inherited fd such as /proc/self/fd/7, or a path resolved before
 * pivot_root) lets the command walk the host. So the directory is resolved
 * inside the root without magic links (resolve.c), and then checked: the
 * path getcwd() reports must lead, from "/", to the very same directory on
 * the very same mount. */
static int cwd_check(const char *cwd, struct err *e)
{
	char now[4096];
	if (!getcwd(now, sizeof(now)) || now[0] != '/')
		return err_set(e, errno ? errno : EXDEV, "cwd", "%s: outside the root", cwd);
	struct statx here, there;
	if (statx(AT_FDCWD, ".", 0, STATX_INO | STATX_MNT_ID, &here) < 0 ||
	    statx(AT_FDCWD, now, AT_SYMLINK_NOFOLLOW, STATX_INO | STATX_MNT_ID, &there) < 0)
		return err_set(e, errno, "cwd", "%s: check", cwd);
	if (here.stx_ino != there.stx_ino || here.stx_dev_major != there.stx_dev_major ||
	    here.stx_dev_minor != there.stx_dev_minor || here.stx_mnt_id != there.stx_mnt_id)
		return err_set(e, EXDEV, "cwd", "%s: outside the root", cwd);
	vlog("cwd", "%s", now);
	return 0;
}

int cwd_apply(const struct polb_view *v, struct err *e)
{
	const char *cwd = polb_str(v, v->process->cwd);
	if (!cwd[0])
		cwd = "/";
	int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return err_set(e, errno, "cwd", "open /");
	int fd = root_open(root, cwd, O_PATH | O_DIRECTORY, e, "cwd");
	close(root);
	if (fd < 0) {
		snprintf(e->detail, sizeof(e->detail), "%.400s", cwd);
		return -1;
	}
	int r = fchdir(fd);
	int saved = errno;
	close(fd);
	if (r < 0)
		return err_set(e, saved, "cwd", "%s", cwd);
	return cwd_check(cwd, e);
}

void process_plan(const struct enforce_ctx *c, FILE *out)
{
	const struct polb_view *v = c->v;
	const char *host = polb_str(v, v->process->hostname);
	if (host[0])
		plan_line(out, "hostname", "%s", host);
	for (size_t i = 0; i < v->nrlimits; i++)
		plan_line(out, "rlimit", "%s %llu %llu", polb_rlimit_name(v->rlimits[i].resource),
			  (unsigned long long)v->rlimits[i].soft,
			  (unsigned long long)v->rlimits[i].hard);
	if (v->process->flags & POLB_PROC_UMASK)
		plan_line(out, "umask", "%04o", v->process->umask & 0777);
	const char *cwd = polb_str(v, v->process->cwd);
	plan_line(out, "cwd", "%s (checked inside the root)", cwd[0] ? cwd : "/");
	plan_line(out, "env", "clean environment:");
	for (size_t i = 0; i < v->nenv; i++)
		plan_line(out, "env", "  %s %s%s%s", v->env[i].kind == POLB_ENV_SET ? "set " : "pass",
			  polb_str(v, v->env[i].name), v->env[i].kind == POLB_ENV_SET ? "=" : "",
			  v->env[i].kind == POLB_ENV_SET ? polb_str(v, v->env[i].value) : "");
}
