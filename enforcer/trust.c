/* Signed-blob trust: loads the trusted keys and, when there are any,
 * refuses a blob that is not signed by one of them (before polb_read: a
 * host that trusts keys never parses bytes nobody it trusts signed).
 *
 * Costs nothing when no trust is configured: one failed open of the
 * directory (or an empty readdir); libcrypto is loaded only to verify
 * (common/ed25519_verify.c). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trust.h"

#ifndef POL_TRUST_DIR
#define POL_TRUST_DIR "/etc/polc/trusted.d"
#endif
const char trust_dir[] = POL_TRUST_DIR;

/* Root's files, or the caller's own, writable by nobody else: a key
 * another user could replace would be that user's key. */
static int owner_ok(const struct stat *st, const char *path, struct err *e)
{
	if ((st->st_uid != 0 && st->st_uid != geteuid()) || (st->st_mode & 022))
		return err_set(e, 0, "trust", "%.300s: owned by uid %u or writable by others:"
			       " not trusted", path, (unsigned)st->st_uid);
	return 0;
}

static int add_key(struct trust *t, const char *path, struct err *e)
{
	if (t->nkeys == TRUST_MAX_KEYS)
		return err_set(e, 0, "trust", "more than %d trusted keys", TRUST_MAX_KEYS);
	return polb_pubkey_load(path, t->keys[t->nkeys++], e);
}

static int is_pub(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && !strcmp(name + n - 4, ".pub");
}

static int dir_key(struct trust *t, int dfd, const char *name, struct err *e)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", POL_TRUST_DIR, name);
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return err_set(e, saved, "trust", "%.300s (a key must be a regular file, not a link)",
			       path);
	}
	close(fd);
	if (!S_ISREG(st.st_mode))
		return err_set(e, 0, "trust", "%.300s: not a regular file", path);
	if (owner_ok(&st, path, e) < 0)
		return -1;
	return add_key(t, path, e);
}

static int dir_load(struct trust *t, struct err *e)
{
	int dfd = open(POL_TRUST_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno == ENOENT)
		return 0;
	struct stat st;
	if (dfd < 0)
		return err_set(e, errno, "trust", "%s", POL_TRUST_DIR);
	if (fstat(dfd, &st) < 0) {
		int saved = errno;
		close(dfd);
		return err_set(e, saved, "trust", "%s", POL_TRUST_DIR);
	}
	if (owner_ok(&st, POL_TRUST_DIR, e) < 0) {
		close(dfd);
		return -1;
	}
	DIR *d = fdopendir(dfd);
	if (!d) {
		int saved = errno;
		close(dfd);
		return err_set(e, saved, "trust", "%s", POL_TRUST_DIR);
	}
	int r = 0;
	const struct dirent *de;
	errno = 0;
	while (r == 0 && (de = readdir(d)))
		if (is_pub(de->d_name))
			r = dir_key(t, dirfd(d), de->d_name, e);
	if (r == 0 && errno)
		r = err_set(e, errno, "trust", "%s: readdir", POL_TRUST_DIR);
	closedir(d);
	t->from = POL_TRUST_DIR;
	return r;
}

int trust_load(const char *const *files, size_t nfiles, struct trust *t, struct err *e)
{
	t->nkeys = 0;
	t->from = "--trust";
	for (size_t i = 0; i < nfiles; i++)
		if (add_key(t, files[i], e) < 0)
			return -1;
	return nfiles ? 0 : dir_load(t, e);
}
