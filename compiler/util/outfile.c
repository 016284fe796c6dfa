/* Safe output files (see outfile.h). */
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cli.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The mode the target gets, or -1 with e set when it must not be written. */
static int target_mode(const char *path, const char *step, struct err *e)
{
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return err_set_status(e, POLC_EXIT_INPUT, 0, step,
					      "%s: is a symbolic link; not written", path);
		if (!S_ISREG(st.st_mode))
			return err_set_status(e, POLC_EXIT_INPUT, 0, step,
					      "%s: not a regular file; not written", path);
		return (int)(st.st_mode & 07777);
	}
	if (errno != ENOENT)
		return err_set_status(e, POLC_EXIT_INTERNAL, errno, step, "%s", path);
	mode_t mask = umask(0);
	umask(mask);
	return (int)(0666 & ~mask);
}

int outfile_open(struct outfile *o, const char *path, const char *step, struct err *e)
{
	*o = (struct outfile){ .step = step };
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	int mode = target_mode(path, step, e);
	if (mode < 0)
		return -1;
	char *copy = xstrdup(path);
	struct strbuf tmp = STRBUF_INIT;
	sb_printf(&tmp, "%s/.%s.XXXXXX", dirname(copy), strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	free(copy);
	o->tmp = sb_steal(&tmp);
	int fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		err_set_status(e, POLC_EXIT_INTERNAL, errno, step,
			       "%s: cannot create a temporary file beside it", path);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		err_set_status(e, POLC_EXIT_INTERNAL, errno, step, "%s", o->tmp);
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->path = path;
	o->mode = mode;
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
	}
	*o = (struct outfile){ 0 };
}

int outfile_commit(struct outfile *o, struct err *e)
{
	if (o->f == stdout) {
		int r = 0;
		if (fflush(stdout) != 0 || ferror(stdout))
			r = err_set_status(e, POLC_EXIT_INTERNAL, errno, o->step, "standard output");
		*o = (struct outfile){ 0 };
		return r;
	}
	int r = 0;
	if (fflush(o->f) != 0 || ferror(o->f) || fchmod(fileno(o->f), (mode_t)o->mode) < 0 ||
	    fsync(fileno(o->f)) < 0)
		r = err_set_status(e, POLC_EXIT_INTERNAL, errno ? errno : EIO, o->step, "%s: write", o->path);
	if (fclose(o->f) != 0 && r == 0)
		r = err_set_status(e, POLC_EXIT_INTERNAL, errno, o->step, "%s: close", o->path);
	o->f = NULL;
	if (r == 0 && rename(o->tmp, o->path) < 0)
		r = err_set_status(e, POLC_EXIT_INTERNAL, errno, o->step, "%s: rename over it", o->path);
	if (r < 0)
		unlink(o->tmp);
	free(o->tmp);
	*o = (struct outfile){ 0 };
	return r;
}

int outfile_write(const char *path, const void *buf, size_t size, const char *step, struct err *e)
{
	struct outfile o;
	if (outfile_open(&o, path, step, e) < 0)
		return -1;
	if (size && fwrite(buf, 1, size, o.f) != size) {
		int saved = errno;
		outfile_abort(&o);
		return err_set_status(e, POLC_EXIT_INTERNAL, saved, step, "%s: write", path);
	}
	return outfile_commit(&o, e);
}
