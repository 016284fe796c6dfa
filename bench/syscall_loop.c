/* Per-syscall cost under a filter: N iterations of one syscall, reported
 * as nanoseconds per call. `getppid` is decided from the syscall number
 * alone; `personality` is argument-checked by default.pol (persona == ...);
 * `stat` (newfstatat of /) is one a learning run reports and records
 * whatever the blob says (bench/learn.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 2000000;
	const char *which = argc > 1 ? argv[1] : "getppid";
	double t0 = now_ns();
	if (!strcmp(which, "personality")) {
		for (long i = 0; i < n; i++)
			syscall(SYS_personality, 0xffffffffUL); /* query only */
	} else if (!strcmp(which, "stat")) {
		struct stat st;
		for (long i = 0; i < n; i++)
			syscall(SYS_newfstatat, AT_FDCWD, "/", &st, 0);
	} else {
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
	}
	printf("%.1f\n", (now_ns() - t0) / n);
	return 0;
}
