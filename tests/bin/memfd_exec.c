/* memfd_exec: run a binary that no path names, as fileless malware does
 * (tests/escape/t_escape_memfd.sh). Static: runs in any container root.
 *
 *   memfd_exec tag ANY...      a no-op pair, so tests can find the process
 *   memfd_exec try FLAGS HOW   memfd_create("x", FLAGS) (FLAGS: a number,
 *                              0x... works), copy /proc/self/exe into it,
 *                              execute it by HOW: `execveat` (AT_EMPTY_PATH,
 *                              what fexecve does) or `procfd` (execve of
 *                              /proc/self/fd/N)
 *   memfd_exec ran LABEL       what the copy runs: prints "try LABEL: ok"
 *
 * Prints "try memfd FLAGS HOW: ok" (from the copy), or "...: blocked:
 * STRERROR" naming the call that failed (create or exec). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int copy_self(int to)
{
	int from = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (from < 0)
		return -1;
	char buf[65536];
	ssize_t n;
	int r = 0;
	while (r == 0 && (n = read(from, buf, sizeof(buf))) != 0)
		if (n < 0 || write(to, buf, (size_t)n) != n)
			r = -1;
	close(from);
	return r;
}

static int try_memfd(const char *flags, const char *how)
{
	char label[96];
	snprintf(label, sizeof(label), "memfd %s %s", flags, how);
	unsigned int f = (unsigned int)strtoul(flags, NULL, 0);
	int fd = (int)syscall(SYS_memfd_create, "x", f);
	if (fd < 0) {
		printf("try %s: blocked: %s (memfd_create)\n", label, strerror(errno));
		return 0;
	}
	if (copy_self(fd) < 0) {
		printf("try %s: error: copy: %s\n", label, strerror(errno));
		return 1;
	}
	char *argv[] = { "memfd_exec", "ran", label, NULL };
	fflush(stdout);
	if (!strcmp(how, "execveat")) {
		syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
	} else {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		execve(path, argv, environ);
	}
	printf("try %s: blocked: %s (exec)\n", label, strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "tag") && i + 1 < argc) {
			i++;
		} else if (!strcmp(argv[i], "ran") && i + 1 < argc) {
			printf("try %s: ok\n", argv[++i]);
		} else if (!strcmp(argv[i], "try") && i + 2 < argc) {
			rc |= try_memfd(argv[i + 1], argv[i + 2]);
			i += 2;
		} else {
			fprintf(stderr, "memfd_exec: usage: [tag X] [try FLAGS execveat|procfd]...\n");
			return 2;
		}
	}
	return rc;
}
