/* Reading the json-c trees that import_yaml.c builds (polc import k8s,
 * polc import compose): one typed field at a time, each wrong type or
 * value one error line naming the file, line and column of the node
 * ("app.yaml:4:16: hostNetwork: expected true or false").
 *
 * And the IR builders both imports share: a mount, a cgroup limit, a
 * network rule appended to a struct pol_ir, and what every container a
 * runtime starts has (proc, dev, sysfs and the runtime's default masks). */
#ifndef POL_INTEROP_IMPORT_TREE_H
#define POL_INTEROP_IMPORT_TREE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "ir.h"

struct tree_in {
	const char *path; /* the file, for messages */
	struct err *e;
};

/* "PATH:LINE:COL: field: what" into t->e; returns -1. */
int tree_bad(const struct tree_in *t, json_object *at, const char *field, const char *what);
/* The value of key in o, checked to be of type type; *out NULL when absent
 * (or o NULL). */
int tree_field(const struct tree_in *t, json_object *o, const char *key, json_type type, json_object **out);
/* The string at key, NULL when absent or not a string. */
const char *tree_str(json_object *o, const char *key);
/* An integer 0..max at key: *has false when absent. */
int tree_uint(const struct tree_in *t, json_object *o, const char *key, uint64_t max, bool *has, uint64_t *out);
/* true/false at key: *out 1/0, -1 when absent. */
int tree_bool(const struct tree_in *t, json_object *o, const char *key, int *out);

/* What the imports copy into .pol text must read back as itself: a path,
 * a name or a label is one word of the language (letters, digits and
 * _./:,+*@%~^[]-), a value (env) has no control character but a tab or a
 * newline (the printer quotes and escapes those). Anything else is refused
 * here with one line: an attacker's YAML must not add a line (a `keep
 * sys_admin`) to the policy a reviewer is handed. */
int tree_word(const struct tree_in *t, json_object *at, const char *field, const char *s);
int tree_text(const struct tree_in *t, json_object *at, const char *field, const char *s);
/* The one typed lookup of tree_field and oci_get: o[key] into *out (NULL
 * when absent, o not a mapping, or a null value); -1 when of another type
 * than type (*out the value, NULL for a null). */
int import_field_of(json_object *o, const char *key, json_type type, json_object **out);
/* A json type in the words of the file's format: YAML's "a mapping", "a
 * list", JSON's "an object", "an array". */
const char *import_type_name(json_type type, bool yaml);
/* The first character of s no policy word can hold, NULL when none: the
 * one word check of tree_word and oci_check_word. */
const char *import_not_word(const char *s);
/* A json-c integer 0..max into *out; -1 when out of range (the one range
 * check of tree_uint and oci_uint). */
int import_uint_of(json_object *v, uint64_t max, uint64_t *out);

/* Appended to ir (zeroed, strings copied); never NULL. Every import's
 * builders (k8s, compose, oci). A limit is one per key: a later one of the
 * same key replaces the earlier (as runc applies linux.resources.unified
 * after memory.swap, as compose's deploy limits win). text: cpuset, io.max,
 * or NULL. */
struct ir_mount *import_add_mount(struct pol_ir *ir, enum ir_mount_kind kind, const char *source, const char *target,
				  uint32_t flags);
void import_add_limit(struct pol_ir *ir, enum ir_cg_key key, uint64_t num, uint64_t num2, const char *text);
/* A network rule (addr: IPv4 or IPv6 text, NULL: every address); -1 when
 * addr is not an address. ir->network.set is set. */
int import_add_net(struct pol_ir *ir, enum ir_net_kind kind, uint8_t proto, const char *addr, uint8_t prefix,
		   uint16_t host_port, uint16_t port);
/* proc, dev, sysfs and, unless unmasked, the default masked and read-only
 * paths every CRI and Docker runtime gives a container (export_k8s_pod.c's
 * k8s_runtime_masked, one list). */
void import_runtime_mounts(struct pol_ir *ir, bool unmasked);

#endif
