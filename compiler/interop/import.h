/* `polc import`: foreign policy formats in, .pol text out.
 *
 * import_docker_seccomp() reads a Docker/OCI seccomp profile and resolves
 * it the way the Docker engine does for one architecture and one capability
 * set (its includes/excludes), into the syscalls part of a struct pol_ir.
 * import_emit_syscalls() writes that as a .pol file. */
#ifndef POL_INTEROP_IMPORT_H
#define POL_INTEROP_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "ir.h"

struct import_opts {
	uint64_t caps;          /* CAP_* bit mask the profile is resolved for */
	enum ir_arch engine;    /* the engine's architecture (archMap, includes.arches) */
	unsigned kernel_major;  /* includes.minKernel is compared with this; */
	unsigned kernel_minor;  /* 0.0 means "new enough for every entry" */
};

/* Free-text remarks about what the import left out or changed, emitted as
 * comments at the top of the .pol text. */
struct import_notes {
	char **lines;
	size_t n;
};
void import_note(struct import_notes *notes, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void import_notes_free(struct import_notes *notes);

/* Fill ir->syscalls from the profile at `path`. ir must be ir_init'ed. */
int import_docker_seccomp(const char *path, const struct import_opts *opts,
			  struct pol_ir *ir, struct import_notes *notes, struct err *e);

/* Same, from the profile's text (`path` names it in messages; fuzzing). */
int import_docker_seccomp_text(const char *path, const char *text, size_t len,
			       const struct import_opts *opts, struct pol_ir *ir,
			       struct import_notes *notes, struct err *e);

/* The same from a profile object already parsed (a Security Profiles
 * Operator SeccompProfile's spec has the profile's shape). */
struct json_object;
int import_seccomp_object(struct json_object *prof, const struct import_opts *opts, struct pol_ir *ir,
			  struct import_notes *notes, struct err *e);

/* JSON text (at most POL_MAX_FILE_SIZE, nested at most 32 deep, nothing
 * after the value) to a tree, or NULL with e set: one line naming `name`. */
struct json_object *import_parse_json(const char *name, const char *text, size_t len, struct err *e);

/* polc import oci: an OCI runtime config.json at path into ir. */
int import_oci(const char *path, struct pol_ir *ir, struct import_notes *notes, struct err *e);
/* The same from memory (the fuzz target); name is used in messages. */
int import_oci_buffer(const char *name, const char *text, size_t len, struct pol_ir *ir,
		      struct import_notes *notes, struct err *e);

/* polc import k8s: the workload's container (opts->container, or the only
 * one) and the SPO profiles it names, from the YAML at path, into ir. */
int import_k8s(const char *path, const char *container, struct pol_ir *ir, struct import_notes *notes,
	       struct err *e);
/* The same from memory (the fuzz target); name is used in messages. */
int import_k8s_buffer(const char *name, const unsigned char *buf, size_t len, const char *container,
		      struct pol_ir *ir, struct import_notes *notes, struct err *e);

/* polc import compose: the service (or the only one) of the Compose file
 * at path into ir; relative sources are the file's directory's. */
int import_compose(const char *path, const char *service, struct pol_ir *ir, struct import_notes *notes,
		   struct err *e);
/* The same from memory (the fuzz target): no other file is read (a
 * seccomp=FILE is a note). */
int import_compose_buffer(const char *name, const unsigned char *buf, size_t len, const char *service,
			  struct pol_ir *ir, struct import_notes *notes, struct err *e);

/* Write ir->syscalls (and ir->name) as .pol text. `header` lines are
 * written first as comments. */
int import_emit_syscalls(FILE *out, const struct pol_ir *ir,
			 const struct import_notes *header, struct err *e);

/* One rule's condition in .pol syntax (`domain in { 1 2 }`, `a < 3 or ...`),
 * argument names from the syscall's signature. Also used by export for
 * comments about conditions a target format cannot express. */
void import_put_cond(FILE *out, const char *syscall, const struct ir_cond *c);

/* "X.Y" or "X" (a kernel version) -> the parts read: 0, 1 or 2. Digits
 * only, each part at most UINT_MAX; anything after the parts read stops it. */
int import_parse_kernel(const char *s, unsigned *major, unsigned *minor);

#endif
