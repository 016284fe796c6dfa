/* polc build: compile a policy into a .polb blob, and `polc build --check`
 * to tell a reviewer whether a deployed blob came from a given source.
 *
 *   polc build app.pol [-o app.polb] [-I dir]... [--apparmor-features FILE]
 *   polc build --check app.polb app.pol [-I dir]... [--apparmor-features FILE]
 *
 * Exit status (util/cli.h): 0 built (or: the blob matches), 1 the blob
 * differs (--check), 2 usage or input error (the policy does not build, the
 * blob cannot be read), 3 the output cannot be written. The blob is written as every polc output
 * is (util/outfile.h: a temporary beside it, fsync, rename; a symlink at
 * the target refused), so a failed build never leaves a half-written blob
 * where enforce would find it. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "writer/build.h"
#include "commands.h"
#include "err.h"
#include "polb_reader.h"
#include "util/cli.h"
#include "util/outfile.h"
#include "util/xalloc.h"

struct build_args {
	const char *source;
	const char *output;
	const char *check_blob; /* --check BLOB */
	const char *aa_features; /* --apparmor-features FILE; NULL: this kernel's */
	struct cli_dirs includes;
};

static void build_usage(FILE *out)
{
	fprintf(out,
		"usage: polc build POLICY.pol [-o OUT.polb] [-I DIR]... [--apparmor-features FILE]\n"
		"       polc build --check BLOB.polb POLICY.pol [-I DIR]... [--apparmor-features FILE]\n"
		"\n"
		"Compiles POLICY.pol into a blob for enforce (default output: the same\n"
		"name with .polb). Building the same sources twice gives the same bytes;\n"
		"--check rebuilds POLICY.pol in memory and says whether BLOB.polb is\n"
		"exactly that build (exit 0) or not (exit 1, naming the first section\n"
		"that differs).\n"
		"  -o FILE   write the blob to FILE\n"
		"  -I DIR    look for `use NAME` policies in DIR first (repeatable)\n"
		"  --apparmor-features FILE\n"
		"            compile `apparmor generate` for the kernel whose AppArmor\n"
		"            features FILE holds (its /sys/kernel/security/apparmor/features,\n"
		"            as a directory or as aa_features writes it); default: this\n"
		"            host's kernel, an error where it has no AppArmor\n");
}

static int build_option(int opt, const char *arg, void *ctx)
{
	struct build_args *a = ctx;
	if (opt == 'o')
		a->output = arg;
	else if (opt == 'a')
		a->aa_features = arg;
	else
		a->check_blob = arg;
	return 0;
}

/* Returns -1 when polc must exit with *status. */
static int parse_args(int argc, char **argv, struct build_args *a, int *status)
{
	static const struct option longopts[] = {
		{ "check", required_argument, NULL, 'c' },
		{ "apparmor-features", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	memset(a, 0, sizeof(*a));
	const struct cli c = { "build", build_usage, "o:", longopts, build_option, a, 1, 1,
			       "expected one policy" };
	if (cli_parse(&c, argc, argv, &a->includes, status) < 0)
		return -1;
	a->source = argv[optind];
	if (a->check_blob && a->output) {
		cli_dirs_free(&a->includes);
		*status = cli_usage_error("build", build_usage, "--check writes nothing; -o makes no sense with it");
		return -1;
	}
	return 0;
}

/* app.pol -> app.polb; anything else gets .polb appended. */
static char *default_output(const char *source)
{
	size_t n = strlen(source);
	char *out = xmalloc(n + 6);
	memcpy(out, source, n + 1);
	if (n > 4 && !strcmp(source + n - 4, ".pol"))
		out[n - 4] = '\0';
	memcpy(out + strlen(out), ".polb", sizeof(".polb"));
	return out;
}

static int load_file(const char *path, uint8_t **buf, size_t *size, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, errno, "check", "%s", path);
	size_t cap = 1 << 16, len = 0;
	uint8_t *b = xmalloc(cap);
	bool whole = false; /* read up to end of file, no error */
	while (len <= POLB_MAX_SIZE) {
		if (len == cap) {
			b = xreallocarray(b, cap, 2);
			cap *= 2;
		}
		size_t got = fread(b + len, 1, cap - len, f);
		len += got;
		if (got == 0) {
			whole = !ferror(f);
			break;
		}
	}
	fclose(f);
	if (!whole || len > POLB_MAX_SIZE) {
		free(b);
		return err_set(e, 0, "check", "%s: cannot read it whole (or larger than %u bytes)",
			       path, POLB_MAX_SIZE);
	}
	*buf = b;
	*size = len;
	return 0;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static int run_check(const struct build_args *a, const uint8_t *built, size_t built_size)
{
	struct err e;
	uint8_t *deployed = NULL;
	size_t size = 0;
	if (load_file(a->check_blob, &deployed, &size, &e) < 0) {
		err_print("polc", &e);
		return POLC_EXIT_INPUT;
	}
	char where[128];
	int same = build_compare(deployed, size, built, built_size, where, sizeof(where));
	char digest[65];
	hex(built + offsetof(struct polb_header, source_sha256), 32, digest);
	if (same)
		printf("%s: matches %s (source sha256 %s)\n", a->check_blob, a->source, digest);
	else
		printf("%s: differs from a build of %s: first difference in %s\n",
		       a->check_blob, a->source, where);
	free(deployed);
	return same ? POLC_EXIT_OK : POLC_EXIT_FINDING;
}

int cmd_build(int argc, char **argv)
{
	struct build_args a;
	int status;
	if (parse_args(argc, argv, &a, &status) < 0)
		return status;
	uint8_t *blob = NULL;
	size_t size = 0;
	int built = build_compile(a.source, a.includes.dirs, a.includes.n, a.aa_features, &blob, &size);
	cli_dirs_free(&a.includes);
	if (built < 0)
		return POLC_EXIT_INPUT;
	if (a.check_blob) {
		int r = run_check(&a, blob, size);
		free(blob);
		return r;
	}
	char *owned = NULL;
	const char *out = a.output;
	if (!out)
		out = owned = default_output(a.source);
	struct err e;
	int r = outfile_write(out, blob, size, "build", &e);
	free(blob);
	free(owned);
	if (r < 0) {
		err_print("polc", &e);
		return cli_exit_for(e.status, POLC_EXIT_INTERNAL);
	}
	return POLC_EXIT_OK;
}
