/* `polc explain --json` (explain_json.c). */
#ifndef POL_REVIEW_EXPLAIN_JSON_H
#define POL_REVIEW_EXPLAIN_JSON_H

#include <json-c/json.h>
#include <stdio.h>

#include "err.h"
#include "ir.h"

/* The effective policy ir as one JSON document on out. 0, or -1 with e. */
int explain_json(const struct pol_ir *ir, FILE *out, struct err *e);

#endif
