/* enforce [-v] [--dry-run] app.polb -- cmd [args...]
 *
 * Reads and validates the whole blob before touching anything, then hands
 * over to enforce_run() (enforcer/run.c), the one sequence from blob to
 * execve. Exit status: the command's; 128+N when it died of signal N; 125
 * when enforce itself failed; 126 not executable; 127 not found. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enforce.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: enforce [-v] [--dry-run] app.polb -- cmd [args...]\n"
		"  -v, --verbose  log each step as it is taken\n"
		"  -n, --dry-run  print each step it would take and run nothing\n"
		"  -h, --help     this text\n"
		"      --version  print the version\n"
		"Exit status: the command's; 128+N if it died of signal N; 125 enforce\n"
		"failed (nothing was run); 126 not executable; 127 not found.\n");
}

/* Options come before the blob; "--" separates the command. */
static int parse_args(int argc, char **argv, struct enforce_ctx *c)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
			c->verbose++;
		else if (!strcmp(a, "-n") || !strcmp(a, "--dry-run"))
			c->dry_run = true;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--version")) {
			printf("enforce %s\n", POL_VERSION);
			exit(0);
		} else {
			fprintf(stderr, "enforce: unknown option '%s'\n", a);
			return -1;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "enforce: missing the policy blob\n");
		return -1;
	}
	c->blob_path = argv[i++];
	if (i >= argc || strcmp(argv[i], "--") != 0) {
		fprintf(stderr, "enforce: expected '--' and a command after %s\n", c->blob_path);
		return -1;
	}
	i++;
	if (i >= argc || argv[i][0] == '\0') {
		fprintf(stderr, "enforce: missing the command after '--'\n");
		return -1;
	}
	c->argv = &argv[i];
	return 0;
}

/* A caller that closed stdin, stdout or stderr would otherwise see the
 * channel or a namespace fd land on 0-2, and the command would inherit it
 * (and our messages would go into it). */
static void std_fds_open(void)
{
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
			if (n >= 0 && n != fd)
				close(n); /* cannot happen: open takes the lowest free fd */
		}
}

int main(int argc, char **argv)
{
	std_fds_open();
	struct enforce_ctx c = { .chan_fd = -1, .pid = -1, .pidfd = -1, .cg.v2_dir_fd = -1 };
	if (parse_args(argc, argv, &c) < 0) {
		usage(stderr);
		return EXIT_CMD_FAILED_TO_START;
	}
	enforce_verbose = c.verbose;
	ns_state_init(&c.ns);
	stdio_state_init(&c.io);

	struct err e = { 0 };
	struct polb_view view;
	void *buf = NULL;
	size_t size = 0;
	if (polb_read_file(c.blob_path, &buf, &size, &view, &e) < 0) {
		err_print("enforce", &e);
		return EXIT_CMD_FAILED_TO_START;
	}
	c.v = &view;
	vlog("blob", "%s: %zu bytes, valid", c.blob_path, size);

	int status = c.dry_run ? enforce_plan(&c) : enforce_run(&c);
	free(buf);
	return status;
}
