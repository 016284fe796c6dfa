/* enforce [-v] [--timings] [--dry-run] [--trust KEY.pub]... [--learn TRACE] app.polb -- cmd [args...]
 *
 * Checks the blob's signature when trust is configured (enforcer/trust.c),
 * reads and validates the whole blob before touching anything, then hands
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
#include "trust.h"

struct args {
	const char *trust[TRUST_MAX_KEYS]; /* --trust files */
	size_t ntrust;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: enforce [-v] [--timings] [--dry-run] [--trust KEY.pub]... [--learn TRACE] app.polb -- cmd [args...]\n"
		"  -v, --verbose  log each step as it is taken (and its time, as --timings)\n"
		"      --timings  print the microseconds each start-up step took\n"
		"      --learn TRACE  a learning run: the container as the blob says, but its\n"
		"                 syscall filter replaced by a recorder that writes TRACE\n"
		"                 (a new file; docs/learn-trace.md): NOT confined by the filter\n"
		"  -n, --dry-run  print each step it would take and run nothing\n"
		"      --trust KEY.pub  run only blobs signed by this key (repeatable;\n"
		"                 without it, the keys in %s, if any)\n"
		"  -h, --help     this text\n"
		"      --version  print the version\n"
		"Exit status: the command's; 128+N if it died of signal N; 125 enforce\n"
		"failed (nothing was run); 126 not executable; 127 not found.\n", trust_dir);
}

/* Options come before the blob; "--" separates the command. */
static int parse_args(int argc, char **argv, struct enforce_ctx *c, struct args *ta)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
			c->verbose++;
		else if (!strcmp(a, "--timings"))
			enforce_timings = true;
		else if (!strcmp(a, "-n") || !strcmp(a, "--dry-run"))
			c->dry_run = true;
		else if (!strcmp(a, "--learn")) {
			if (i + 1 >= argc || c->learn_path) {
				fprintf(stderr, "enforce: --learn needs a trace file (once)\n");
				return -1;
			}
			c->learn_path = argv[++i];
		} else if (!strcmp(a, "--trust")) {
			if (i + 1 >= argc || ta->ntrust == TRUST_MAX_KEYS) {
				fprintf(stderr, "enforce: --trust needs a key file (at most %d)\n",
					TRUST_MAX_KEYS);
				return -1;
			}
			ta->trust[ta->ntrust++] = argv[++i];
		}
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

/* Trust first, then the reader: with keys configured, bytes that no
 * trusted key signed are never parsed. *sizep: the blob part's size. */
static int load_blob(const char *path, const struct args *a, void **bufp, size_t *sizep,
		     size_t *file_size, struct polb_view *v, struct err *e)
{
	static struct trust t; /* 2 KB of keys: not on the stack */
	if (trust_load(a->trust, a->ntrust, &t, e) < 0 || polb_load_file(path, bufp, sizep, e) < 0)
		return -1; /* these name their file themselves */
	const struct polb_sig_trailer *sig = NULL;
	size_t blob_size = *sizep;
	*file_size = *sizep;
	int r = t.nkeys ? polb_sig_check(*bufp, *sizep, (const uint8_t (*)[POLB_SIG_KEY_LEN])t.keys,
					 t.nkeys, &blob_size, e)
			: polb_sig_split(*bufp, *sizep, &blob_size, &sig, e);
	if (r == 0 && t.nkeys)
		vlog("trust", "%s: signature verified (keys from %s)", path, t.from);
	if (r == 0 && polb_read(*bufp, blob_size, v, e) < 0)
		r = -1;
	if (r < 0) {
		char detail[sizeof(e->detail)];
		memcpy(detail, e->detail, sizeof(detail));
		snprintf(e->detail, sizeof(e->detail), "%.200s: %.270s", path, detail);
	}
	*sizep = blob_size;
	return r;
}

int main(int argc, char **argv)
{
	step_clock_start();
	std_fds_open();
	struct enforce_ctx c = { .chan_fd = -1, .pid = -1, .pidfd = -1, .cg.v2_dir_fd = -1 };
	struct args a = { .ntrust = 0 };
	if (parse_args(argc, argv, &c, &a) < 0) {
		usage(stderr);
		return EXIT_CMD_FAILED_TO_START;
	}
	enforce_verbose = c.verbose;
	enforce_timings |= c.verbose > 0;
	ns_state_init(&c.ns);
	stdio_state_init(&c.io);
	net_state_init(&c.net);
	c.notify.out = c.notify.in = -1;

	struct err e = { 0 };
	struct polb_view view;
	void *buf = NULL;
	size_t size = 0;
	if (step_timed("blob", load_blob(c.blob_path, &a, &buf, &size, &c.blob_file_size, &view, &e)) < 0) {
		err_print("enforce", &e);
		free(buf);
		return EXIT_CMD_FAILED_TO_START;
	}
	c.v = &view;
	c.blob_file = buf;
	vlog("blob", "%s: %zu bytes, valid", c.blob_path, size);

	int status = c.dry_run ? enforce_plan(&c) : enforce_run(&c);
	free(buf);
	return status;
}
