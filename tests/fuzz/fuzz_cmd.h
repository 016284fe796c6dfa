/* Shared by the command fuzz targets (fuzz_build.c, fuzz_check.c, ...):
 * each runs one polc command, as polc's main() would, on the fuzzer's
 * bytes. The input goes into a memfd and the command gets its
 * /proc/self/fd path, so the command's own reader, options and printers
 * are what is fuzzed, not a shortcut around them. run_fuzz.sh starts the
 * targets with -close_fd_mask=3: what the command prints goes nowhere,
 * while libFuzzer keeps the sanitizers' reports on the real stderr. */
#ifndef POL_TESTS_FUZZ_CMD_H
#define POL_TESTS_FUZZ_CMD_H

#include <getopt.h>
#include <sys/mman.h>
#include <unistd.h>

#include "commands.h"
#include "fuzz_input.h"

/* A memfd holding exactly data[0..size), named by its /proc path. */
struct fuzz_file {
	int fd;
	char path[64];
};

static inline void fuzz_file_set(struct fuzz_file *f, const uint8_t *data, size_t size)
{
	if (!f->fd) {
		f->fd = memfd_create("fuzz.pol", MFD_CLOEXEC);
		if (f->fd < 0)
			abort();
		snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
	}
	if (ftruncate(f->fd, 0) < 0 || pwrite(f->fd, data, size, 0) != (ssize_t)size)
		abort();
}

/* Run cmd(argc, argv) as main() would: getopt starts afresh, and stdout
 * is flushed so no output of one input is left for the next. A status
 * outside the documented ones (0-3, 125) means a command lost track. */
static inline int fuzz_run(int (*cmd)(int, char **), char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	optind = 0; /* glibc: 0 re-initialises getopt entirely */
	int status = cmd(argc, argv);
	fflush(stdout);
	if (status < 0 || (status > 3 && status != 125)) {
		fprintf(stderr, "%s exited %d\n", argv[0], status);
		abort();
	}
	return status;
}

/* A whole target: `FUZZ_COMMAND(cmd_check, "check", in.path)` runs the
 * command with those arguments, `in.path` naming the input. */
#define FUZZ_COMMAND(cmd, ...)                                          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)    \
	{                                                               \
		static struct fuzz_file in;                             \
		fuzz_file_set(&in, data, size);                         \
		char *argv[] = { __VA_ARGS__, NULL };                   \
		fuzz_run(cmd, argv);                                    \
		return 0;                                               \
	}

#endif
