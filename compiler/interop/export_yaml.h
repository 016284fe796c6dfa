/* A json-c tree written as one YAML document with libyaml's emitter, for
 * the exports whose readers want YAML (Kubernetes manifests). json-c holds
 * the tree because the seccomp profile is already built there
 * (export_seccomp_json); libyaml writes it, so quoting and escaping are the
 * library's, not ours. */
#ifndef POL_INTEROP_EXPORT_YAML_H
#define POL_INTEROP_EXPORT_YAML_H

#include <json-c/json.h>
#include <stdio.h>

#include "err.h"

/* "---" then doc, preceded by one "# " comment line per entry of comments
 * (libyaml's emitter has no comment event, so they are written before the
 * document starts; newlines in a comment are replaced by spaces). */
int export_write_yaml(json_object *doc, char *const *comments, size_t ncomments, FILE *out, struct err *e);

#endif
