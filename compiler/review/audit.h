/* polc audit: an exposure score and findings tied to known container
 * escapes. One table of weighted checks (audit_checks.c), each with why it
 * matters and how to fix it; audit.c runs them and prints. */
#ifndef POL_REVIEW_AUDIT_H
#define POL_REVIEW_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"
#include "review_sc.h"

enum audit_severity { AUDIT_INFO, AUDIT_LOW, AUDIT_MEDIUM, AUDIT_HIGH, AUDIT_CRITICAL };

/* What a check sees: the policy and its filter compiled for the native host. */
struct audit_ctx {
	const struct pol_ir *ir;
	struct review_sc sc;
};

/* A failed check fills what (one line naming the setting) and at. */
struct audit_result {
	char what[512];
	struct ir_origin at;
};

struct audit_check {
	const char *id;
	enum audit_severity severity;
	unsigned weight;  /* share of the exposure score */
	const char *why;  /* the escape or CVE the setting opens */
	const char *fix;  /* what to write instead */
	bool (*fails)(const struct audit_ctx *c, struct audit_result *res);
};

/* The table, ended by an entry with id NULL. */
extern const struct audit_check audit_checks[];

const char *audit_severity_name(enum audit_severity s);
int audit_severity_from_name(const char *name); /* -1 unknown */

#endif
