/* Checked reads of an OCI config.json (json-c tree) for import_oci*.c:
 * every field's type, range and spelling is checked before it reaches the
 * IR, and a refusal is one line naming the file and the field
 * ("config.json: mounts[2].destination: ..."). Strings that become policy
 * text must be words the language reads back as the same word (no blank,
 * quote, comment or brace), so a hostile config cannot write statements of
 * its own into the imported policy. */
#ifndef POL_INTEROP_IMPORT_OCI_READ_H
#define POL_INTEROP_IMPORT_OCI_READ_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "interop/import.h"
#include "interop/import_tree.h" /* the builders, the word and range checks */
#include "ir.h"

/* Entries in one array (mounts, env, masked paths, devices, ...). */
#define OCI_MAX_LIST 4096
/* Bytes in one string the import keeps (a path, an env entry, a label). */
#define OCI_MAX_STRING 4096

struct oci_in {
	const char *path; /* the file, for messages */
	struct pol_ir *ir;
	struct import_notes *notes;
	struct err *e;
};

/* One line "PATH: WHERE: WHAT", returns -1. */
int oci_bad(struct oci_in *k, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* o[key] of type t into *out (NULL when absent); a wrong type is refused. */
int oci_get(struct oci_in *k, json_object *o, const char *key, json_type t, const char *where, json_object **out);
/* An array of at most OCI_MAX_LIST entries; *n its length (0 when absent). */
int oci_list(struct oci_in *k, json_object *o, const char *key, const char *where, json_object **out, size_t *n);
/* A string without NUL bytes, at most OCI_MAX_STRING bytes; NULL when absent. */
int oci_str(struct oci_in *k, json_object *o, const char *key, const char *where, const char **out);
/* A string value (an array entry) checked the same way. */
int oci_str_value(struct oci_in *k, json_object *v, const char *where, const char **out);
/* An integer 0..max; *has false when absent. */
int oci_uint(struct oci_in *k, json_object *o, const char *key, uint64_t max, const char *where, bool *has,
	     uint64_t *out);
/* A boolean; -1 when absent. */
int oci_bool(struct oci_in *k, json_object *o, const char *key, const char *where, int *out);

/* An absolute path the policy can hold: normalised (no "//", ".", "..",
 * trailing '/'), made of the language's word characters. */
int oci_check_path(struct oci_in *k, const char *s, const char *where);
/* A word of the language (a label, a hostname, a cgroup parent). */
int oci_check_word(struct oci_in *k, const char *s, const char *where);

/* "mounts[3]" into buf. */
const char *oci_at(char *buf, size_t size, const char *list, size_t i);

/* import_oci_mounts.c: root, mounts (with maskedPaths, readonlyPaths). */
int oci_import_filesystem(struct oci_in *k, json_object *cfg);
/* import_oci_linux.c: linux.namespaces, id maps, resources, seccomp. */
int oci_import_linux(struct oci_in *k, json_object *cfg);

#endif
