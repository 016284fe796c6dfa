/* The one reader of input files for polc (see pol_limits.h): the front
 * end, fmt and import read through it, so the size limit is the same for
 * every command. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "pol_limits.h"
#include "util/xalloc.h"

int pol_read_file_limit(const char *path, size_t limit, const char *limit_text, char **text,
			size_t *len, struct err *e)
{
	FILE *fp = fopen(path, "re");
	if (!fp)
		return err_set(e, errno, "read", "cannot open '%s'", path);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (cap - n < 2) { /* room for one more byte and the NUL */
			cap = cap ? 2 * cap : 8192;
			buf = xreallocarray(buf, cap, 1);
		}
		/* one byte past the limit is enough to know the file is too large */
		size_t want = cap - n - 1;
		if (want > limit + 1 - n)
			want = limit + 1 - n;
		size_t got = fread(buf + n, 1, want, fp);
		n += got;
		if (got == 0 || n > limit)
			break;
	}
	bool failed = ferror(fp);
	int saved = errno;
	fclose(fp);
	if (failed || n > limit) {
		free(buf);
		return failed ? err_set(e, saved, "read", "cannot read '%s'", path)
			      : err_set(e, 0, "read", "'%s' is larger than %s (the file size limit)",
					path, limit_text);
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int pol_read_file(const char *path, char **text, size_t *len, struct err *e)
{
	return pol_read_file_limit(path, POL_MAX_FILE_SIZE, POL_MAX_FILE_SIZE_TEXT, text, len, e);
}
