/* See host_paths.h. The lists are audit's table of host paths, moved here
 * so that check warns about exactly what audit rates. */
#include "host_paths.h"

#include <ctype.h>
#include <string.h>

bool host_path_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (!strcmp(dir, "/"))
		return path[0] == '/';
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* One component at *p (after its '/'): copied into buf, *p moved past it. */
static bool next_component(const char **p, char *buf, size_t size)
{
	if (**p != '/')
		return false;
	const char *s = *p + 1;
	size_t n = strcspn(s, "/");
	if (!n || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*p = s + n;
	return true;
}

static bool is_pid(const char *c)
{
	if (!strcmp(c, "self") || !strcmp(c, "thread-self"))
		return true;
	for (const char *p = c; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return *c != '\0';
}

bool host_path_magic(const char *path)
{
	static const char *const links[] = { "root", "cwd", "exe", NULL };
	static const char *const dirs[] = { "fd", "map_files", "ns", NULL };
	char c[256];
	const char *p = path;
	if (!next_component(&p, c, sizeof c) || strcmp(c, "proc") ||
	    !next_component(&p, c, sizeof c) || !is_pid(c) || !next_component(&p, c, sizeof c))
		return false;
	if (!strcmp(c, "task") && (!next_component(&p, c, sizeof c) || !is_pid(c) ||
				   !next_component(&p, c, sizeof c)))
		return false;
	for (size_t i = 0; links[i]; i++)
		if (!strcmp(c, links[i]))
			return true;
	for (size_t i = 0; dirs[i]; i++)
		if (!strcmp(c, dirs[i]) && *p == '/')
			return true;
	return false;
}

bool host_path_runtime_socket(const char *path)
{
	static const char *const sockets[] = {
		"/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock",
		"/var/run/containerd/containerd.sock", "/run/crio/crio.sock", "/var/run/crio/crio.sock",
		"/run/podman/podman.sock", "/run/docker", "/run/containerd", NULL,
	};
	for (size_t i = 0; sockets[i]; i++)
		if (!strcmp(path, sockets[i]))
			return true;
	return false;
}

bool host_path_sensitive(const char *path)
{
	static const char *const exact[] = {
		"/", "/etc", "/usr", "/run", "/var/run", "/var", "/var/lib", "/home", NULL,
	};
	static const char *const trees[] = {
		"/proc", "/sys", "/dev", "/boot", "/root", "/lib/modules", "/var/lib/docker",
		"/var/lib/kubelet", "/var/lib/containerd", "/etc/kubernetes", NULL,
	};
	for (size_t i = 0; exact[i]; i++)
		if (!strcmp(path, exact[i]))
			return true;
	for (size_t i = 0; trees[i]; i++)
		if (host_path_within(path, trees[i]))
			return true;
	return false;
}

static bool host_sourced(const struct ir_mount *m)
{
	return (m->kind == IR_MOUNT_BIND || m->kind == IR_MOUNT_ROOT) && m->source;
}

const struct ir_mount *host_path_under_rw(const struct ir_filesystem *fs,
					  const struct ir_mount *m, const char *path)
{
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *o = &fs->mounts[i];
		/* a writable host / is a finding of its own, not one per bind */
		if (o != m && host_sourced(o) && (o->flags & IR_MNT_RW) && strcmp(o->source, "/") &&
		    strcmp(o->source, path) && host_path_within(path, o->source))
			return o;
	}
	return NULL;
}

const struct ir_mount *host_path_inside_rw(const struct ir_filesystem *fs,
					   const struct ir_mount *m)
{
	return host_sourced(m) ? host_path_under_rw(fs, m, m->source) : NULL;
}
