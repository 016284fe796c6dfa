/* `user NAME [GROUP]`: the ids, from the container's own /etc/passwd and
 * /etc/group, read after pivot_root as nss's "files" would read them and
 * nothing else (no NSS modules: they would load host code into the
 * enforcer, and their answers would not be the container's).
 *
 * The files belong to whoever made the root, so they are hostile input:
 * only a regular file is read (a FIFO or a device would hang or never
 * end), at most USERDB_MAX bytes; a line is used only if it has its fields
 * and a plain decimal id below 2^32-1. NIS lines (+ and -) are skipped, as
 * "files" does. The first line with the name counts (nss's rule). A name
 * that resolves to uid 0 or gid 0 is refused: a policy that means root
 * says `user 0`, and a root image must not turn `user postgres` into
 * root. Anything else that cannot be resolved exactly stops the run. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce.h"
#include "userdb_parse.h"

#define USERDB_MAX (4u << 20)

/* The whole file, NUL-terminated, or NULL with e set. */
static char *userdb_read(const char *path, struct err *e)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY,
				.resolve = RESOLVE_NO_MAGICLINKS };
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd < 0) {
		err_set(e, errno, "user", "%s in the container", path);
		return NULL;
	}
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) < 0) {
		err_set(e, errno, "user", "%s: stat", path);
	} else if (!S_ISREG(st.st_mode)) {
		err_set(e, 0, "user", "%s in the container is not a regular file", path);
	} else if ((uint64_t)st.st_size > USERDB_MAX) {
		err_set(e, 0, "user", "%s in the container is larger than %u bytes", path, USERDB_MAX);
	} else if (!(buf = malloc((size_t)st.st_size + 1))) {
		err_set(e, ENOMEM, "user", "%s", path);
	} else {
		size_t got = 0;
		ssize_t n = 1;
		while (got < (size_t)st.st_size && (n = read(fd, buf + got, st.st_size - got)) > 0)
			got += (size_t)n;
		if (n < 0) {
			err_set(e, errno, "user", "%s: read", path);
			free(buf);
			buf = NULL;
		} else {
			buf[got] = '\0';
			if (strlen(buf) != got) { /* a NUL inside: not a text file */
				err_set(e, 0, "user", "%s in the container holds a NUL byte", path);
				free(buf);
				buf = NULL;
			}
		}
	}
	close(fd);
	return buf;
}

static int userdb_lookup(const char *path, const char *name, const char *what, size_t want,
			 uint32_t *id1, uint32_t *id2, struct err *e)
{
	char *db = userdb_read(path, e);
	if (!db)
		return -1;
	size_t lineno;
	int r = userdb_find(db, name, want, id1, id2, &lineno);
	free(db);
	if (r == 0)
		return err_set(e, 0, "user", "%s %s: not in the container's %s", what, name, path);
	if (r < 0)
		return err_set(e, 0, "user", "%s %s: %s line %zu: not %zu fields with decimal ids",
			       what, name, path, lineno, want);
	return 0;
}

int userdb_resolve(const struct polb_view *v, uint32_t *uid, uint32_t *gid, struct err *e)
{
	const char *user = polb_str(v, v->user_name->user);
	if (userdb_lookup("/etc/passwd", user, "user", 7, uid, gid, e) < 0)
		return -1;
	if (v->user_name->group.len) {
		const char *group = polb_str(v, v->user_name->group);
		if (userdb_lookup("/etc/group", group, "group", 4, gid, NULL, e) < 0)
			return -1;
	}
	if (*uid == 0 || *gid == 0)
		return err_set(e, 0, "user", "%s resolves to %s 0 in the container: refused "
			       "(a policy that means root says `user 0`)", user,
			       *uid == 0 ? "uid" : "gid");
	vlog("user", "%s: uid %u gid %u (the container's /etc/passwd%s)", user, *uid, *gid,
	     v->user_name->group.len ? " and /etc/group" : "");
	return 0;
}
