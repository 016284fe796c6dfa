/* The one way polc writes an output file (build, fmt -w, export, import):
 * a temporary file made with mkstemp in the target's own directory, the
 * text written, fsync'd, then renamed over the target. A reader (enforce,
 * a deploy script) sees the old file or the new one, never half of one; a
 * failure leaves the old file as it was and no temporary behind.
 *
 * A symbolic link at the target is refused ("is a symbolic link; not
 * written"): polc never writes through a link to a place the user did not
 * name, and never silently turns the link into a file. (rename() replaces
 * a name, never a link's target, so even a link planted after the check
 * is not written through.) A new file gets mode 0666 & ~umask, a replaced
 * one keeps its mode. */
#ifndef POL_COMPILER_OUTFILE_H
#define POL_COMPILER_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct outfile {
	FILE *f;         /* write here; stdout when the path was NULL or "-" */
	const char *path; /* the target; NULL for stdout */
	char *tmp;       /* the temporary beside it */
	int mode;        /* the mode the target gets */
	const char *step; /* the err step: "build", "fmt", ... */
};

/* Open the temporary for path (NULL or "-": stdout). 0, or -1 with e set. */
int outfile_open(struct outfile *o, const char *path, const char *step, struct err *e);
/* Flush, fsync, rename over the target. 0, or -1 with e set (the
 * temporary removed). Closes o either way. */
int outfile_commit(struct outfile *o, struct err *e);
/* Give up: close and remove the temporary. */
void outfile_abort(struct outfile *o);

/* The whole of buf as path, the same way. */
int outfile_write(const char *path, const void *buf, size_t size, const char *step, struct err *e);

#endif
