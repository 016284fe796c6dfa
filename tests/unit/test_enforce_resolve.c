/* Paths inside a container root (enforcer/resolve.c) never leave it, with
 * whatever symlinks the root holds; and the command lookup (exec.c) gives
 * 127 for not found and 126 for not executable. Runs in a scratch
 * directory, as any user. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforce.h"
#include "tap.h"

static char top[64], root[128], outside[160];

static void path_in(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", root, rel);
}

static void make_tree(void)
{
	char p[256];
	snprintf(top, sizeof(top), "/tmp/test_enforce.XXXXXX");
	if (!mkdtemp(top))
		exit(2);
	snprintf(root, sizeof(root), "%s/root", top);
	snprintf(outside, sizeof(outside), "%s/outside", top);
	mkdir(root, 0755);
	mkdir(outside, 0755);
	path_in(p, sizeof(p), "etc");
	mkdir(p, 0755);
	path_in(p, sizeof(p), "etc/inside-marker");
	close(open(p, O_CREAT | O_WRONLY, 0644));
	/* hostile links: climbing out, absolute, through /proc */
	path_in(p, sizeof(p), "up");
	symlink("../../../../../../..", p);
	path_in(p, sizeof(p), "abs");
	symlink("/etc", p);
	path_in(p, sizeof(p), "toout");
	symlink("../outside", p);
	path_in(p, sizeof(p), "magic");
	symlink("/proc/self/root", p);
}

static bool exists(const char *dir, const char *rel)
{
	char p[256];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return lstat(p, &st) == 0;
}

static void test_resolve(void)
{
	struct err e;
	int rootfd = open(root, O_PATH | O_DIRECTORY);

	int fd = root_open(rootfd, "/abs/inside-marker", O_PATH, &e, "t");
	OK(fd >= 0, "an absolute symlink resolves inside the root (/etc -> root's etc)");
	if (fd >= 0)
		close(fd);
	fd = root_open(rootfd, "/up/etc/inside-marker", O_PATH, &e, "t");
	OK(fd >= 0, "'..' past the top stays at the root");
	if (fd >= 0)
		close(fd);
	fd = root_open(rootfd, "/up/etc/passwd", O_PATH, &e, "t");
	OK(fd < 0 && e.errnum == ENOENT, "the host's /etc/passwd is not reachable through ..");
	fd = root_open(rootfd, "/magic/etc/passwd", O_PATH, &e, "t");
	OK(fd < 0, "/proc/self/root does not lead to the host");

	/* made inside the root or refused: either way, never outside */
	root_make_mountpoint(rootfd, "/toout/made", false, &e);
	OK(!exists(outside, "made"), "a mount point through ../outside is never made outside the root");
	OK(root_make_mountpoint(rootfd, "/abs/newdir", false, &e) == 0, "mount point via /abs");
	OK(exists(root, "etc/newdir"), "...made in the root's etc");
	OK(root_make_mountpoint(rootfd, "/up/deep/er/dir", false, &e) == 0, "nested mount point via ..");
	OK(exists(root, "deep/er/dir"), "...made inside the root, parents too");
	OK(root_make_mountpoint(rootfd, "/file", true, &e) == 0, "a file mount point");
	struct stat st;
	char p[256];
	path_in(p, sizeof(p), "file");
	OK(stat(p, &st) == 0 && S_ISREG(st.st_mode), "...is a regular file");
	OK(root_make_mountpoint(rootfd, "/etc", false, &e) == 0, "an existing mount point is fine");

	const char *leaf = NULL;
	fd = root_open_parent(rootfd, "/etc/x", &leaf, false, &e);
	OK(fd >= 0 && leaf && !strcmp(leaf, "x"), "parent and leaf of /etc/x");
	if (fd >= 0)
		close(fd);
	close(rootfd);
}

static void test_exec_lookup(void)
{
	char dir1[256], dir2[256], p[300], pathvar[600], found[4096];
	snprintf(dir1, sizeof(dir1), "%s/bin1", top);
	snprintf(dir2, sizeof(dir2), "%s/bin2", top);
	mkdir(dir1, 0755);
	mkdir(dir2, 0755);
	snprintf(p, sizeof(p), "%s/tool", dir1);
	close(open(p, O_CREAT | O_WRONLY, 0644)); /* not executable */
	snprintf(p, sizeof(p), "%s/tool", dir2);
	close(open(p, O_CREAT | O_WRONLY, 0755));
	snprintf(p, sizeof(p), "%s/only-plain", dir1);
	close(open(p, O_CREAT | O_WRONLY, 0644));
	snprintf(pathvar, sizeof(pathvar), "PATH=%s:%s", dir1, dir2);

	char *envp[] = { pathvar, NULL };
	char *argv_tool[] = { "tool", NULL }, *argv_plain[] = { "only-plain", NULL },
	     *argv_none[] = { "no-such-tool", NULL };
	struct enforce_ctx c = { .envp = envp };
	struct err e;

	c.argv = argv_tool;
	OK(exec_resolve(&c, found, sizeof(found), &e) == 0, "found on the policy's PATH");
	snprintf(p, sizeof(p), "%s/tool", dir2);
	OK(!strcmp(found, p), "...the executable one, not the first plain file");
	c.argv = argv_plain;
	OK(exec_resolve(&c, found, sizeof(found), &e) < 0 && e.status == 126,
	   "only a non-executable match: 126");
	c.argv = argv_none;
	OK(exec_resolve(&c, found, sizeof(found), &e) < 0 && e.status == 127 &&
	   e.errnum == ENOENT, "no match: 127");
	char abs_missing[300];
	snprintf(abs_missing, sizeof(abs_missing), "%s/missing", dir2);
	char *argv_abs[] = { abs_missing, NULL };
	c.argv = argv_abs;
	OK(exec_resolve(&c, found, sizeof(found), &e) < 0 && e.status == 127,
	   "an absolute path that does not exist: 127");
	char *argv_dir[] = { dir1, NULL };
	c.argv = argv_dir;
	OK(exec_resolve(&c, found, sizeof(found), &e) < 0 && e.status == 126,
	   "a directory: 126");
}

int main(void)
{
	make_tree();
	test_resolve();
	test_exec_lookup();
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		printf("not ok - cleanup of %s\n", top);
	return TAP_DONE();
}
