/* polc import docker-seccomp FILE.json [--caps LIST] [--arch GOARCH]
 *                                      [--kernel X.Y] [--name NAME] [-o OUT]
 *
 * Turns a Docker/OCI seccomp profile into a .pol policy with one syscalls
 * section, resolved the way the Docker engine resolves it for one
 * architecture and capability set. By default that is amd64 with Docker's
 * default capabilities, which is what `docker run` applies. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "err.h"
#include "interop/import.h"
#include "interop/import_scmp.h"
#include "text/pol_print.h"
#include "util/cli.h"
#include "util/outfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

static void import_usage(FILE *out)
{
	fputs("usage: polc import docker-seccomp FILE.json [options]\n"
	      "       polc import k8s FILE.yaml [--container NAME] [--name NAME] [-o FILE]\n"
	      "       polc import oci config.json [--name NAME] [-o FILE]\n"
	      "       polc import compose docker-compose.yml [--service NAME] [--name NAME] [-o FILE]\n"
	      "\n"
	      "Writes the profile as a .pol policy (a syscalls section) on stdout.\n"
	      "\n"
	      "  --caps LIST    capabilities the profile's includes/excludes are resolved\n"
	      "                 for: names separated by commas or blanks (chown,net_raw or\n"
	      "                 CAP_CHOWN), 'default' for Docker's default set (the\n"
	      "                 default), 'none', or 'all'\n"
	      "  --arch GOARCH  the engine's architecture (amd64, arm64, ...; default amd64)\n"
	      "  --kernel X.Y   compare includes.minKernel with this version (default: every\n"
	      "                 entry's minimum is met)\n"
	      "  --name NAME    the policy's name (default: the file's base name)\n"
	      "  -o FILE        write to FILE instead of stdout\n"
	      "  --container N  k8s: the container to import (default: the only one)\n"
	      "  --service N    compose: the service to import (default: the only one)\n",
	      out);
}

/* "chown,net_raw CAP_KILL" / "default" / "none" / "all" -> mask. */
static int parse_caps(const char *list, uint64_t *caps, struct err *e)
{
	if (!strcmp(list, "default")) {
		*caps = scmp_docker_default_caps();
		return 0;
	}
	*caps = 0;
	if (!strcmp(list, "none"))
		return 0;
	if (!strcmp(list, "all")) {
		int n = vocab_capability_count();
		*caps = n >= 64 ? UINT64_MAX : (1ull << n) - 1;
		return 0;
	}
	char *copy = xstrdup(list), *save = NULL;
	int r = 0;
	for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		int c = vocab_capability(tok);
		if (c < 0 || c > 63) {
			r = err_set(e, 0, "import", "--caps: unknown capability '%s'", tok);
			break;
		}
		*caps |= 1ull << c;
	}
	free(copy);
	return r;
}

/* A policy name from a path: base name without extension, letters, digits,
 * '-' and '_' kept, anything else turned into '-'. */
static char *name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char *name = xstrdup(*base ? base : "imported");
	char *dot = strchr(name, '.');
	if (dot && dot != name)
		*dot = '\0';
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '-';
	return name;
}

/* "resolved for capabilities: ..." wrapped into comment lines. */
static void caps_note(struct import_notes *notes, uint64_t caps)
{
	struct strbuf line = STRBUF_INIT;
	sb_puts(&line, "and for the capabilities:");
	bool any = false;
	for (int c = 0; c < 64; c++) {
		const char *n = (caps & (1ull << c)) ? vocab_capability_name(c) : NULL;
		if (!n)
			continue;
		any = true;
		if (line.len + 1 + strlen(n) > 74) {
			import_note(notes, "%s", sb_str(&line));
			sb_reset(&line);
			sb_puts(&line, "  ");
		}
		sb_printf(&line, " %s", n);
	}
	import_note(notes, "%s%s", sb_str(&line), any ? "." : " none.");
	sb_free(&line);
}

struct import_args {
	const char *format, *path, *out_path, *name, *container, *service;
	struct import_opts opts;
};

static int parse_args(int argc, char **argv, struct import_args *a, struct err *e)
{
	static const struct option longopts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "name", required_argument, NULL, 'n' },
		{ "container", required_argument, NULL, 'C' },
		{ "service", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, arch;
	memset(a, 0, sizeof(*a));
	a->opts.caps = scmp_docker_default_caps();
	a->opts.engine = IR_ARCH_X86_64;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (parse_caps(optarg, &a->opts.caps, e) < 0)
				return -1;
			break;
		case 'a':
			if ((arch = scmp_go_arch_to_ir(optarg)) < 0)
				return err_set(e, 0, "import", "--arch: unknown architecture '%s'", optarg);
			a->opts.engine = (enum ir_arch)arch;
			break;
		case 'k':
			if (import_parse_kernel(optarg, &a->opts.kernel_major, &a->opts.kernel_minor) != 2)
				return err_set(e, 0, "import", "--kernel: expected X.Y, got '%s'", optarg);
			break;
		case 'n': a->name = optarg; break;
		case 'C': a->container = optarg; break;
		case 'S': a->service = optarg; break;
		case 'o': a->out_path = optarg; break;
		case 'h': import_usage(stdout); exit(POLC_EXIT_OK);
		default: return err_set_status(e, POLC_EXIT_INPUT, 0, "import", "bad option (see 'polc import --help')");
		}
	}
	if (argc - optind != 2)
		return err_set_status(e, POLC_EXIT_INPUT, 0, "import", "expected FORMAT and FILE (see 'polc import --help')");
	a->format = argv[optind];
	a->path = argv[optind + 1];
	if (strcmp(a->format, "docker-seccomp") && strcmp(a->format, "k8s") && strcmp(a->format, "oci") &&
	    strcmp(a->format, "compose"))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "import", "unknown format '%s' (known: docker-seccomp, k8s, oci, compose)", a->format);
	if (a->container && strcmp(a->format, "k8s"))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "import", "--container is for k8s only");
	if (a->service && strcmp(a->format, "compose"))
		return err_set_status(e, POLC_EXIT_INPUT, 0, "import", "--service is for compose only");
	return 0;
}

/* polc import k8s|oci|compose: the container's settings as a whole
 * policy, written by the one IR-to-.pol printer (text/pol_print.h), the
 * notes as comments first. */
static int run_import_policy(const struct import_args *a, struct err *e)
{
	struct pol_ir ir;
	struct import_notes notes = { 0 };
	bool oci = !strcmp(a->format, "oci");
	ir_init(&ir);
	if (a->name)
		ir.name = xstrdup(a->name);
	int r = oci ? import_oci(a->path, &ir, &notes, e)
		: !strcmp(a->format, "compose") ? import_compose(a->path, a->service, &ir, &notes, e)
						: import_k8s(a->path, a->container, &ir, &notes, e);
	if (r == 0 && oci && !ir.name)
		ir.name = name_from_path(a->path);
	if (r == 0) {
		const char *base = strrchr(a->path, '/');
		char *text = pol_print_text(&ir);
		struct outfile out;
		r = outfile_open(&out, a->out_path, "import", e);
		if (r == 0) {
			fprintf(out.f, "# Imported by `polc import %s` from %s.\n", a->format, base ? base + 1 : a->path);
			for (size_t i = 0; i < notes.n; i++)
				fprintf(out.f, "# %s\n", notes.lines[i]);
			fputs(text, out.f);
			r = outfile_commit(&out, e);
		}
		free(text);
	}
	import_notes_free(&notes);
	ir_free(&ir);
	return r;
}

static int run_import(const struct import_args *a, struct err *e)
{
	if (!strcmp(a->format, "k8s") || !strcmp(a->format, "oci") || !strcmp(a->format, "compose"))
		return run_import_policy(a, e);
	struct pol_ir ir;
	struct import_notes header = { 0 }, notes = { 0 };
	ir_init(&ir);
	int r = import_docker_seccomp(a->path, &a->opts, &ir, &notes, e);
	if (r == 0) {
		ir.name = a->name ? xstrdup(a->name) : name_from_path(a->path);
		const char *base = strrchr(a->path, '/');
		import_note(&header, "Imported by `polc import docker-seccomp` from %s.", base ? base + 1 : a->path);
		import_note(&header, "Resolved as the Docker engine on %s does (archMap, includes, excludes);",
			    scmp_go_arch_name(a->opts.engine));
		caps_note(&header, a->opts.caps);
		for (size_t i = 0; i < notes.n; i++)
			import_note(&header, "%s", notes.lines[i]);
		struct outfile out;
		r = outfile_open(&out, a->out_path, "import", e);
		if (r == 0)
			r = import_emit_syscalls(out.f, &ir, &header, e);
		if (r == 0)
			r = outfile_commit(&out, e);
		else if (out.f)
			outfile_abort(&out);
	}
	import_notes_free(&header);
	import_notes_free(&notes);
	ir_free(&ir);
	return r;
}

int cmd_import(int argc, char **argv)
{
	struct import_args a;
	struct err e = { 0 };
	int r = parse_args(argc, argv, &a, &e);
	if (r == 0)
		r = run_import(&a, &e);
	return cli_status(r, &e); /* a profile that does not convert is an input error */
}
