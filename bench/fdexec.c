/* fdexec FD FILE CMD [ARGS...]: open FILE on descriptor FD, then exec CMD.
 * bubblewrap takes its seccomp program on an fd, and hyperfine -N runs
 * commands without a shell (whose start-up would drown a few-ms figure),
 * so every start-up command is run through this one extra exec alike. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: fdexec FD FILE CMD [ARGS...]\n");
		return 125;
	}
	int want = atoi(argv[1]);
	int fd = open(argv[2], O_RDONLY);
	if (fd < 0 || (fd != want && (dup2(fd, want) < 0 || close(fd) < 0))) {
		perror("fdexec");
		return 125;
	}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
