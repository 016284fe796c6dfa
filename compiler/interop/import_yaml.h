/* YAML in, json-c trees out, for `polc import k8s`: libyaml's parser with
 * limits, since the input is whatever a user (or an attacker) hands over.
 *
 *   - aliases (and so anchor bombs) are refused altogether: manifests do
 *     not need them, and a refused alias cannot expand;
 *   - nesting deeper than YAML_MAX_DEPTH, a scalar longer than
 *     YAML_MAX_SCALAR bytes, more than YAML_MAX_NODES nodes, more than
 *     YAML_MAX_DOCS documents or a file over YAML_MAX_FILE bytes: refused;
 *   - a plain scalar that reads as an integer, true/false or null becomes
 *     that json-c type, every other scalar a string (quoted ones always).
 *
 * Every node remembers its line:col (yaml_mark) so a wrong type is one
 * error line naming the place. */
#ifndef POL_INTEROP_IMPORT_YAML_H
#define POL_INTEROP_IMPORT_YAML_H

#include <json-c/json.h>
#include <stdbool.h>

#include "err.h"

#define YAML_MAX_DEPTH 64
#define YAML_MAX_SCALAR ((size_t)64 << 10)
#define YAML_MAX_NODES 200000
#define YAML_MAX_DOCS 256
#define YAML_MAX_FILE ((size_t)8 << 20)

/* The documents of the file at path, as a json-c array (NULL documents
 * left out); NULL with e set ("import", "FILE:LINE:COL: what"). */
json_object *yaml_load_file(const char *path, struct err *e);
/* The same from memory (the fuzz target); name is used in messages. */
json_object *yaml_load_buffer(const char *name, const unsigned char *buf, size_t len, struct err *e);

/* A plain null scalar (~, null, nothing), which the tree holds as "":
 * Compose's `environment: {NAME: }` (pass NAME from the caller) differs
 * from `NAME: ""`. */
bool yaml_node_is_null(json_object *node);

/* Where a node came from: 1-based line and column, 0 when unknown. */
void yaml_node_mark(json_object *node, int *line, int *col);

#endif
