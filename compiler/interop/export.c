/* polc export oci|k8s|docker-seccomp|systemd app.pol [-I DIR] [-o OUT] [-- CMD ARGS...]
 *
 * Loads the policy through the front end (so `use` and groups are resolved
 * and everything is checked) and writes the effective policy for another
 * runtime. Warnings on stderr name every setting the target cannot express. */
#include "interop/export.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util/diag.h"
#include "frontend/frontend.h"
#include "util/cli.h"
#include "util/outfile.h"
#include "util/xalloc.h"
#include "lsm/apparmor_gen.h"
#include "interop/systemd_versions.h"
#include "vocab/vocab.h"

static const struct {
	const char *name;
	int (*write)(struct export_ctx *x, FILE *out, struct err *e);
	const char *summary;
} formats[] = {
	{ "oci", export_oci, "OCI runtime config.json (process, namespaces, mounts, resources, seccomp)" },
	{ "k8s", export_k8s, "Kubernetes Pod/Deployment YAML with its seccomp/AppArmor profiles" },
	{ "docker-seccomp", export_docker_seccomp, "Docker/OCI seccomp profile JSON" },
	{ "systemd", export_systemd, "systemd [Service] sandboxing directives" },
	{ "compose", export_compose, "a Compose file with one service (docker compose)" },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

void export_warn(struct export_ctx *x, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		msg = NULL;
	fprintf(stderr, "polc: export %s: warning: %s\n", x->format, msg ? msg : fmt);
	x->warnings = xreallocarray(x->warnings, x->nwarnings + 1, sizeof(*x->warnings));
	x->warnings[x->nwarnings++] = msg;
}

void export_warn_user_name(struct export_ctx *x)
{
	const struct ir_process *p = &x->ir->process;
	if (p->user_name)
		export_warn(x, "user %s: a name enforce resolves in the container's /etc/passwd; "
			    "%s takes numbers here: left out (give the uid)", p->user_name, x->format);
}

void export_warn_tmpfs_owner(struct export_ctx *x, const struct ir_mount *m, const char *lacks)
{
	if (m->kind == IR_MOUNT_TMPFS && m->has_owner)
		export_warn(x, "filesystem: tmpfs %s: uid=%u and gid=%u (the owner) have %s (root owns it)", m->target,
			    m->uid, m->gid, lacks);
}

json_object *export_str(const char *s)
{
	return json_object_new_string(s ? s : "");
}

char *export_cap_name(int cap, char *buf, size_t size)
{
	const char *n = vocab_capability_name(cap);
	size_t len = (size_t)snprintf(buf, size, "CAP_%s", n ? n : "UNKNOWN");
	for (size_t i = 4; i < len && i < size; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	return buf;
}

const struct ir_mount *export_root(const struct pol_ir *ir)
{
	for (size_t i = 0; i < ir->filesystem.nmounts; i++) {
		const struct ir_mount *m = &ir->filesystem.mounts[i];
		if (m->kind == IR_MOUNT_ROOT || (m->kind == IR_MOUNT_OVERLAY && !strcmp(m->target, "/")))
			return m;
	}
	return NULL;
}

const struct ir_cg_limit *export_cg(const struct pol_ir *ir, enum ir_cg_key key)
{
	for (size_t i = 0; i < ir->cgroup.nlimits; i++)
		if (ir->cgroup.limits[i].key == key)
			return &ir->cgroup.limits[i];
	return NULL;
}

int export_write_json(json_object *obj, FILE *out, struct err *e)
{
	const char *text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_SPACED |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		xalloc_die(); /* json-c returns NULL only when it cannot allocate */
	if (fprintf(out, "%s\n", text) < 0)
		return err_set(e, errno, "export", "writing");
	return 0;
}

static void export_usage(FILE *out)
{
	fputs("usage: polc export FORMAT app.pol [-I DIR] [-o FILE] [-- CMD ARGS...]\n\nformats:\n", out);
	for (size_t i = 0; i < NFORMATS; i++)
		fprintf(out, "  %-15s %s\n", formats[i].name, formats[i].summary);
	fputs("\n  -I DIR    search DIR first for `use NAME`\n"
	      "  -o FILE   write to FILE instead of stdout\n"
	      "  -- CMD    the command (OCI process.args, systemd ExecStart=, k8s command)\n"
	      "\nk8s only:\n"
	      "  --name N              object names (default: the policy's name)\n"
	      "  --namespace NS        metadata.namespace (default: default)\n"
	      "  --image IMG           the container's image (default: busybox:stable)\n"
	      "  --kind pod|deployment the workload object (default: pod)\n"
	      "  --operator            Security Profiles Operator objects for the profiles (default)\n"
	      "  --no-operator         a ConfigMap with the profiles and where they go on each node\n"
	      "\noci only:\n"
	      "  --runtime NAME        the runtime release: runc-1.1 (default), runc (1.2+), crun\n"
	      "\ncompose: --name N (the service's name), --image IMG\n"
	      "\nsystemd only:\n"
	      "  --systemd-version N   write only what systemd N understands (Debian 12: 252);\n"
	      "                        each setting left out is a warning\n",
	      out);
}

struct export_args {
	const char *format, *path, *out_path;
	const char *name, *ns, *image, *kind, *runtime;
	bool no_operator, k8s_option, operator_given;
	unsigned systemd_version;
	const char **includes;
	size_t nincludes;
	char *const *command;
	size_t ncommand;
};

/* "252": a release the version table describes (SYSTEMD_OLDEST or newer). */
static int parse_systemd_version(const char *s, unsigned *out, struct err *e)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v > 100000)
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--systemd-version: expected a release number (252), not '%s'", s);
	if (v < SYSTEMD_OLDEST)
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--systemd-version: %lu: polc describes systemd %d and newer",
				      v, SYSTEMD_OLDEST);
	*out = (unsigned)v;
	return 0;
}

static int parse_args(int argc, char **argv, struct export_args *a, struct err *e)
{
	int ch;
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			a->command = argv + i + 1;
			a->ncommand = (size_t)(argc - i - 1);
			argc = i;
			break;
		}
	}
	a->includes = xcalloc((size_t)argc, sizeof(*a->includes));
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'N' },      { "namespace", required_argument, NULL, 'S' },
		{ "image", required_argument, NULL, 'M' },     { "kind", required_argument, NULL, 'K' },
		{ "operator", no_argument, NULL, 'P' },        { "no-operator", no_argument, NULL, 'Q' },
		{ "runtime", required_argument, NULL, 'R' },   { "systemd-version", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },            { NULL, 0, NULL, 0 },
	};
	optind = 1;
	while ((ch = getopt_long(argc, argv, "I:o:h", longopts, NULL)) != -1) {
		a->k8s_option |= strchr("NSMKPQ", ch) != NULL;
		switch (ch) {
		case 'I': a->includes[a->nincludes++] = optarg; break;
		case 'o': a->out_path = optarg; break;
		case 'N': a->name = optarg; break;
		case 'S': a->ns = optarg; break;
		case 'M': a->image = optarg; break;
		case 'K': a->kind = optarg; break;
		case 'P': a->no_operator = false; a->operator_given = true; break;
		case 'Q': a->no_operator = true; a->operator_given = true; break;
		case 'R': a->runtime = optarg; break;
		case 'V':
			if (parse_systemd_version(optarg, &a->systemd_version, e) < 0)
				return -1;
			break;
		case 'h': export_usage(stdout); exit(POLC_EXIT_OK);
		default: return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "bad option (see 'polc export --help')");
		}
	}
	if (argc - optind != 2)
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "expected FORMAT and a policy (see 'polc export --help')");
	a->format = argv[optind];
	a->path = argv[optind + 1];
	if (a->k8s_option && strcmp(a->format, "k8s") &&
	    !(!strcmp(a->format, "compose") && !a->ns && !a->kind && !a->operator_given))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--name, --namespace, --image, --kind and --operator are for k8s only (--name and --image for compose too)");
	if (a->runtime && strcmp(a->format, "oci"))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--runtime is for oci only");
	if (a->systemd_version && strcmp(a->format, "systemd"))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--systemd-version is for systemd only");
	if (a->kind && strcmp(a->kind, "pod") && strcmp(a->kind, "deployment"))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "--kind: expected pod or deployment, not '%s'", a->kind);
	return 0;
}

static int run_export(const struct export_args *a, int (*write)(struct export_ctx *, FILE *, struct err *),
		      struct err *e)
{
	struct fe_options opts = { .include_dirs = a->includes, .ninclude_dirs = a->nincludes };
	struct pol_ir ir;
	int r = frontend_load_report(a->path, &opts, &ir);
	if (r < 0) {
		ir_free(&ir);
		return err_set_status(e, POLC_EXIT_INPUT, 0, "export", "%s has errors", a->path);
	}
	/* `apparmor generate` names and writes the profile the exports refer to */
	if (apparmor_generate(&ir, e) < 0) {
		ir_free(&ir);
		return -1;
	}
	struct export_ctx x = { .ir = &ir, .format = a->format, .command = a->command, .ncommand = a->ncommand,
				.k8s_name = a->name, .k8s_namespace = a->ns, .k8s_image = a->image,
				.k8s_deployment = a->kind && !strcmp(a->kind, "deployment"),
				.k8s_no_operator = a->no_operator, .oci_runtime = a->runtime,
				.systemd_version = a->systemd_version };
	struct outfile out;
	r = outfile_open(&out, a->out_path, "export", e);
	if (r == 0)
		r = write(&x, out.f, e);
	if (r == 0)
		r = outfile_commit(&out, e);
	else if (out.f)
		outfile_abort(&out);
	for (size_t i = 0; i < x.nwarnings; i++)
		free(x.warnings[i]);
	free(x.warnings);
	ir_free(&ir);
	return r;
}

int cmd_export(int argc, char **argv)
{
	struct export_args a;
	struct err e = { 0 };
	int r = parse_args(argc, argv, &a, &e);
	if (r == 0) {
		size_t i = 0;
		while (i < NFORMATS && strcmp(formats[i].name, a.format))
			i++;
		if (i == NFORMATS)
			r = err_set_status(&e, POLC_EXIT_INPUT, 0, "export", "unknown format '%s' (see 'polc export --help')", a.format);
		else
			r = run_export(&a, formats[i].write, &e);
	}
	free(a.includes);
	return cli_status(r, &e); /* what cannot be expressed is an input error */
}
