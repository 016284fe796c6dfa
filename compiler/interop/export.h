/* `polc export`: the effective policy (the IR) written in the formats other
 * runtimes read. Each format lives in its own file; what a format cannot
 * express is said on stderr as a warning naming the setting, never dropped
 * silently. */
#ifndef POL_INTEROP_EXPORT_H
#define POL_INTEROP_EXPORT_H

#include <json-c/json.h>
#include <stdio.h>

#include "err.h"
#include "ir.h"

struct export_ctx {
	const struct pol_ir *ir;
	const char *format;   /* for warnings: "oci", "k8s", ... */
	char *const *command; /* argv after `--` (OCI process.args), or NULL */
	size_t ncommand;
	size_t nwarnings;
	char **warnings; /* each warning's text, for formats that also write
			    them into the output (k8s: YAML comments) */
	/* k8s only (polc export k8s --name ... --no-operator) */
	const char *k8s_name, *k8s_namespace, *k8s_image;
	bool k8s_deployment, k8s_no_operator;
	const char *oci_runtime; /* oci only (--runtime); NULL: the default */
	/* systemd only (--systemd-version N): 0 is the newest, everything written */
	unsigned systemd_version;
};

/* systemd: whether the target release takes `directive` (systemd_versions.c);
 * when not, one warning: "DIRECTIVE needs systemd V: <lost>". */
bool export_systemd_has(struct export_ctx *x, const char *directive, const char *lost);

/* "polc: export oci: warning: <message>" on stderr, kept in x->warnings. */
/* The warning for `user NAME`, which no target resolves as enforce does. */
void export_warn_user_name(struct export_ctx *x);
void export_warn(struct export_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The warning for a tmpfs's uid=/gid= owner where the format (`lacks`:
 * "no Compose key", "no emptyDir field") cannot set one; nothing without
 * an owner. One text for every format, which the round trip tests match. */
void export_warn_tmpfs_owner(struct export_ctx *x, const struct ir_mount *m, const char *lacks);

/* The syscalls section as an OCI/Docker seccomp profile object, or NULL
 * when the policy has no syscalls section. */
json_object *export_seccomp_json(struct export_ctx *x);

int export_oci(struct export_ctx *x, FILE *out, struct err *e);
int export_k8s(struct export_ctx *x, FILE *out, struct err *e);
int export_docker_seccomp(struct export_ctx *x, FILE *out, struct err *e);
int export_systemd(struct export_ctx *x, FILE *out, struct err *e);
int export_compose(struct export_ctx *x, FILE *out, struct err *e);

/* export_net.c: the network section in each format. */
void export_net_oci(struct export_ctx *x);
void export_net_k8s(struct export_ctx *x, json_object *doc, json_object *container);
void export_net_systemd(struct export_ctx *x, FILE *out);

/* Shared helpers. */
json_object *export_str(const char *s);               /* NULL-safe */
char *export_cap_name(int cap, char *buf, size_t size); /* "CAP_NET_RAW" */
const struct ir_mount *export_root(const struct pol_ir *ir); /* ROOT or "/" overlay */
const struct ir_cg_limit *export_cg(const struct pol_ir *ir, enum ir_cg_key key);
int export_write_json(json_object *obj, FILE *out, struct err *e); /* pretty, newline */

#endif
