/* The one reader of input files for polc (see pol_limits.h): the front
 * end, fmt and import read through it, so the size limit is the same for
 * every command. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "pol_limits.h"
#include "util/xalloc.h"

int pol_read_file(const char *path, char **text, size_t *len, struct err *e)
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
		if (want > POL_MAX_FILE_SIZE + 1 - n)
			want = POL_MAX_FILE_SIZE + 1 - n;
		size_t got = fread(buf + n, 1, want, fp);
		n += got;
		if (got == 0 || n > POL_MAX_FILE_SIZE)
			break;
	}
	bool failed = ferror(fp);
	int saved = errno;
	fclose(fp);
	if (failed || n > POL_MAX_FILE_SIZE) {
		free(buf);
		return failed ? err_set(e, saved, "read", "cannot read '%s'", path)
			      : err_set(e, 0, "read", "'%s' is larger than %s (the file size limit)",
					path, POL_MAX_FILE_SIZE_TEXT);
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}
