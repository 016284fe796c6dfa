/* The only code of the cgroup step that changes cgroupfs. With fs->plan set
 * (--dry-run) each change is printed instead of made, so the plan and the
 * run share one code path and cannot drift apart. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_impl.h"
#include "enforce.h"

int cg_path(struct err *e, char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, ENAMETOOLONG, "cgroup", "path too long: %.80s...", buf);
	return 0;
}

/* Without root, a refused change means no delegation: say what to do. */
static const char *perm_hint(int errnum, char *buf, size_t size)
{
	buf[0] = '\0';
	if (geteuid() != 0 && (errnum == EACCES || errnum == EPERM || errnum == EROFS))
		snprintf(buf, size, " (no delegated cgroup writable by uid %u; run as root, "
			 "or mark the cgroup section optional)", (unsigned)geteuid());
	return buf;
}

int cg_mkdir(struct cg_fs *fs, const char *dir, bool may_exist)
{
	if (fs->plan) {
		plan_line(fs->plan, "cgroup", "mkdir %s", dir);
		return 0;
	}
	if (mkdir(dir, 0755) == 0 || (may_exist && errno == EEXIST))
		return 0;
	int saved = errno;
	char hint[128];
	return err_set(fs->e, saved, "cgroup", "mkdir %s%s", dir, perm_hint(saved, hint, sizeof(hint)));
}

int cg_write(struct cg_fs *fs, const char *dir, const char *file, const char *value,
	     const char *why)
{
	if (fs->check)
		return fs->check(fs, dir, file, value, why);
	if (fs->plan) {
		plan_line(fs->plan, "cgroup", "write %s/%s = %s%s%s%s", dir, file, value,
			  why ? "  (" : "", why ? why : "", why ? ")" : "");
		return 0;
	}
	char path[CG_PATH_MAX + 64];
	if (cg_path(fs->e, path, sizeof(path), "%s/%s", dir, file) < 0)
		return -1;
	char hint[128];
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		int saved = errno;
		return err_set(fs->e, saved, "cgroup", "%s%s%s: open %s%s", why ? why : "",
			       why ? ": " : "", value, path, perm_hint(saved, hint, sizeof(hint)));
	}
	size_t len = strlen(value);
	ssize_t n = write(fd, value, len);
	int saved = n < 0 ? errno : EIO;
	close(fd);
	if (n != (ssize_t)len)
		return err_set(fs->e, saved, "cgroup", "%s%swrite %s to %s%s",
			       why ? why : "", why ? ": " : "", value, path,
			       perm_hint(saved, hint, sizeof(hint)));
	return 0;
}

ssize_t cg_read(const char *dir, const char *file, char *buf, size_t size)
{
	char path[CG_PATH_MAX + 64];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return (ssize_t)len;
}

int cg_read_key(const char *dir, const char *file, const char *key, unsigned long long *val)
{
	char buf[4096];
	if (cg_read(dir, file, buf, sizeof(buf)) < 0)
		return -1;
	size_t klen = strlen(key);
	for (char *line = buf; line && *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			*val = strtoull(line + klen + 1, NULL, 10);
			return 0;
		}
		line = end ? end + 1 : NULL;
	}
	errno = ENOENT;
	return -1;
}

bool cg_file_exists(const char *dir, const char *file)
{
	char path[CG_PATH_MAX + 64];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

void cg_fmt_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "KMGT";
	if (bytes == POLB_CG_UNLIMITED) {
		snprintf(buf, size, "max");
		return;
	}
	int u = -1;
	uint64_t n = bytes;
	while (u < 3 && n >= 1024 && n % 1024 == 0) {
		n /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, size, "%llu", (unsigned long long)bytes);
	else
		snprintf(buf, size, "%llu%c", (unsigned long long)n, units[u]);
}
