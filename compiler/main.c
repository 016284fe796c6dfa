/* polc: the policy compiler and reviewer's tool. Dispatches to one
 * function per subcommand; each command parses its own options. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "util/cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* Rows are added as each command lands; keep them in this order. */
static const struct command commands[] = {
	{ "build", cmd_build, "compile a policy into a blob (--check: does a blob match its source?)" },
	{ "check", cmd_check, "parse, resolve and check policies; warnings name the risks" },
	{ "fmt", cmd_fmt, "the canonical layout of a policy (-w to rewrite, --check for CI)" },
	{ "explain", cmd_explain, "the effective policy, each setting with where it came from" },
	{ "dump", cmd_dump, "what a blob holds, decoded, BPF disassembled" },
	{ "diff", cmd_diff, "the privilege a policy change adds and removes (exit 1 when it widens)" },
	{ "audit", cmd_audit, "an exposure score and findings tied to known container escapes" },
	{ "export", cmd_export, "the policy as OCI, Kubernetes, Docker seccomp or systemd settings" },
	{ "import", cmd_import, "a Docker/OCI seccomp profile as .pol text" },
	{ "learn", cmd_learn, "a draft policy from learning traces (enforce --learn)" },
	{ "keygen", cmd_keygen, "a new Ed25519 key pair for signing blobs" },
	{ "verify-blob", cmd_verify_blob, "is a blob signed, by which key, and unaltered?" },
	{ "verify", cmd_verify, "a running process's confinement compared with a blob" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: polc COMMAND [ARGS...]\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fprintf(out, "\n'polc COMMAND --help' describes one command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? POLC_EXIT_INPUT : POLC_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("polc %s\n", POL_VERSION);
		return 0;
	}
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "polc: unknown command '%s' (see 'polc --help')\n", argv[1]);
	return POLC_EXIT_INPUT;
}
