/* cgload: loads for the cgroup tests (tests/cgroup/), run inside a
 * container by enforce. Static, libc only.
 *
 *   cgload hog MIB              allocate and touch MIB MiB; "hog: survived N MiB"
 *   cgload bomb MAX             fork sleepers until fork fails or MAX;
 *                               "bomb: forked N, then errno E (NAME)"
 *   cgload busy MS              spin MS ms of wall time; "busy: cpu_us=C wall_us=W
 *                               throttled=T" (T from the cpu controller's cpu.stat
 *                               of our own cgroup, -1 when unreadable)
 *   cgload dev b|c MAJ MIN r|w  mknod ./cgload-dev-PID, open it; "dev: mknod=R open=R"
 *                               with R "ok" or an errno name
 *   cgload spawn N SECONDS      leave N daemonised sleepers (setsid) behind, then
 *                               sleep SECONDS; "spawn: N"
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case 0: return "ok";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EAGAIN: return "EAGAIN";
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case ENOMEM: return "ENOMEM";
	default: return "other";
	}
}

static int hog(long mib)
{
	/* each MiB is kept on purpose (charged to the cgroup until exit), not leaked */
	for (long i = 0; i < mib; i++) { /* NOLINT(clang-analyzer-unix.Malloc) */
		char *p = malloc(1 << 20);
		if (!p) {
			printf("hog: malloc failed at %ld MiB\n", i);
			return 1;
		}
		memset(p, (int)i | 1, 1 << 20);
	}
	printf("hog: survived %ld MiB\n", mib);
	return 0;
}

static int bomb(long max)
{
	long n = 0;
	int err = 0;
	pid_t *kids = calloc((size_t)max + 1, sizeof(*kids));
	if (!kids)
		return 1;
	while (n < max) {
		pid_t p = fork();
		if (p == 0) {
			pause();
			_exit(0);
		}
		if (p < 0) {
			err = errno;
			break;
		}
		kids[n++] = p;
	}
	printf("bomb: forked %ld, then errno %d (%s)\n", n, err, errname(err));
	fflush(stdout);
	for (long i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	free(kids);
	return 0;
}

static long long now_us(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* nr_throttled of our own cgroup: the v1 "cpu" hierarchy, else v2's. */
static long long own_throttled(void)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[512], path[768] = "";
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c2 = '\0';
		char *ctrls = c1 + 1;
		char list[256];
		snprintf(list, sizeof(list), ",%s,", ctrls);
		if (strstr(list, ",cpu,"))
			snprintf(path, sizeof(path), "/sys/fs/cgroup/%s%s/cpu.stat",
				 strchr(ctrls, ',') ? ctrls : "cpu", c2 + 1);
		else if (!*ctrls && !path[0])
			snprintf(path, sizeof(path), "/sys/fs/cgroup%s/cpu.stat", c2 + 1);
	}
	fclose(f);
	f = fopen(path, "r");
	if (!f)
		return -1;
	long long v = -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "nr_throttled %lld", &v) == 1)
			break;
	fclose(f);
	return v;
}

static int busy(long ms)
{
	long long t0 = now_us(CLOCK_MONOTONIC), c0 = now_us(CLOCK_PROCESS_CPUTIME_ID);
	volatile unsigned long spin = 0;
	while (now_us(CLOCK_MONOTONIC) - t0 < ms * 1000LL)
		for (int i = 0; i < 100000; i++)
			spin++;
	printf("busy: cpu_us=%lld wall_us=%lld throttled=%lld\n",
	       now_us(CLOCK_PROCESS_CPUTIME_ID) - c0, now_us(CLOCK_MONOTONIC) - t0, own_throttled());
	return 0;
}

static int dev(const char *type, long maj, long min, const char *mode)
{
	char path[64];
	snprintf(path, sizeof(path), "cgload-dev-%d", (int)getpid());
	int mk = mknod(path, (type[0] == 'b' ? S_IFBLK : S_IFCHR) | 0600,
		       makedev((unsigned)maj, (unsigned)min)) < 0 ? errno : 0;
	int op = ENOENT;
	if (!mk) {
		int fd = open(path, (mode[0] == 'w' ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
		op = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
		unlink(path);
	}
	printf("dev: mknod=%s open=%s\n", errname(mk), mk ? "-" : errname(op));
	return 0;
}

static int spawn(long n, long seconds)
{
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			setsid();
			int null = open("/dev/null", O_RDWR);
			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
			}
			sleep(300);
			_exit(0);
		}
	}
	printf("spawn: %ld\n", n);
	fflush(stdout);
	sleep((unsigned)seconds);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "hog"))
		return hog(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "bomb"))
		return bomb(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "busy"))
		return busy(atol(argv[2]));
	if (argc == 6 && !strcmp(argv[1], "dev"))
		return dev(argv[2], atol(argv[3]), atol(argv[4]), argv[5]);
	if (argc >= 4 && !strcmp(argv[1], "spawn"))
		return spawn(atol(argv[2]), atol(argv[3]));
	fprintf(stderr, "usage: cgload hog MIB | bomb MAX | busy MS | dev b|c MAJ MIN r|w | spawn N SECONDS\n");
	return 2;
}
