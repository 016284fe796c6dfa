/* learnprobe: does known things, one per argument word, for the learning
 * tests (tests/learn/): the trace must show exactly these. Static, so it
 * runs in any root; x86_64 only for the i386/x32 entries.
 *
 *   open P | write P | cd D | openat D NAME | bind PORT | udpbind PORT |
 *   unixbind P | abstract NAME | i386open P | i386kcmp | x32getpid |
 *   x32open P | x32kcmp |
 *   kcmp | unshare | fork P | thread P | badptr | hugepath | evil DIR |
 *   many N | chown P UID GID | mknod P | rawsock | sleep S | swap A B |
 *   setuid UID | killother UID | mount DIR | chroot DIR
 *
 * Failures of the calls themselves are ignored: the learning run records
 * the attempt, which is the point. Prints "done" at the end. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static char low_path[4096]; /* .bss of a static binary: below 4 GiB, as int 0x80 needs */

#if defined(__x86_64__)
static long int80(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}
#endif

static void do_bind(int type, int port)
{
	int s = socket(AF_INET, type, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	(void)bind(s, (struct sockaddr *)&a, sizeof a);
	close(s);
}

static void unix_bind(const char *name, int abstract)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t n = strlen(name);
	if (n > sizeof a.sun_path - 2)
		n = sizeof a.sun_path - 2;
	memcpy(a.sun_path + abstract, name, n);
	(void)bind(s, (struct sockaddr *)&a, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + abstract + n + !abstract));
	close(s);
}

static void *thread_open(void *path)
{
	close(open(path, O_RDONLY));
	return NULL;
}

/* Pointers that fault, a string with no end before an unmapped page, a
 * socket address past the end of memory, a clone3 struct nowhere. */
static void bad_pointers(void)
{
	syscall(SYS_openat, AT_FDCWD, 1L, O_RDONLY);     /* pointers that fault */
	syscall(SYS_openat, AT_FDCWD, -4096L, O_RDONLY);
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + page, (size_t)page);
	memset(m, 'a', (size_t)page); /* no NUL before the hole */
	syscall(SYS_openat, AT_FDCWD, m, O_RDONLY);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	syscall(SYS_bind, s, m + page - 4, 16);
	syscall(SYS_connect, s, 8L, 0x7fffffff);
	close(s);
	/* unix addresses: longer than sockaddr_un, and a full sun_path with no NUL */
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_storage big;
	memset(&big, 'c', sizeof big);
	big.ss_family = AF_UNIX;
	syscall(SYS_bind, u, &big, sizeof big);
	struct sockaddr_un full = { .sun_family = AF_UNIX };
	memset(full.sun_path, 'd', sizeof full.sun_path);
	syscall(SYS_connect, u, &full, sizeof full);
	full.sun_path[0] = '\0'; /* abstract, 107 bytes of name */
	syscall(SYS_connect, u, &full, sizeof full);
	close(u);
	syscall(SYS_openat, 1 << 30, "relative", O_RDONLY); /* no such dirfd */
	syscall(SYS_openat, 0, "relative", O_RDONLY);       /* a dirfd that is not a dir */
	munmap(m, (size_t)page);
}

/* A path of 4095 bytes (the longest the kernel takes) and one of 5000. */
static void huge_paths(void)
{
	static char p[6000];
	memset(p, 'b', sizeof p - 1);
	p[0] = '/';
	p[4095] = '\0';
	close(open(p, O_RDONLY));
	p[4095] = 'b';
	p[5000] = '\0';
	close(open(p, O_RDONLY));
}

/* Names that would break a naive line format. */
static void evil_names(const char *dir)
{
	static const char *const names[] = {
		"new\nline", "eq=ual", "sp ace", "per%cent", "ha#sh", "-", "tab\there",
		"x\nfile op=open path=/injected acc=rw n=1 exe=/evil", "\xff\xfe", "ctl\x1b[2J",
	};
	char p[512];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		close(open(p, O_WRONLY | O_CREAT, 0600));
	}
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		const char *a = i + 1 < argc ? argv[i + 1] : "";
		if (!strcmp(w, "open")) {
			close(open(a, O_RDONLY)), i++;
		} else if (!strcmp(w, "write")) {
			close(open(a, O_WRONLY | O_CREAT, 0600)), i++;
		} else if (!strcmp(w, "cd")) {
			if (chdir(a) < 0)
				perror(a);
			i++;
		} else if (!strcmp(w, "openat") && i + 2 < argc) {
			int d = open(a, O_RDONLY | O_DIRECTORY);
			close(openat(d, argv[i + 2], O_RDONLY));
			close(d);
			i += 2;
		} else if (!strcmp(w, "bind")) {
			do_bind(SOCK_STREAM, atoi(a)), i++;
		} else if (!strcmp(w, "udpbind")) {
			do_bind(SOCK_DGRAM, atoi(a)), i++;
		} else if (!strcmp(w, "unixbind")) {
			unix_bind(a, 0), i++;
		} else if (!strcmp(w, "abstract")) {
			unix_bind(a, 1), i++;
#if defined(__x86_64__)
		} else if (!strcmp(w, "i386open")) {
			snprintf(low_path, sizeof low_path, "%s", a);
			long fd = int80(5 /* i386 open */, (long)(uintptr_t)low_path, O_RDONLY, 0);
			if (fd >= 0)
				close((int)fd);
			i++;
		} else if (!strcmp(w, "i386kcmp")) {
			int80(349 /* i386 kcmp */, getpid(), getpid(), 0);
		} else if (!strcmp(w, "x32getpid")) {
			syscall(39 | 0x40000000L);
		} else if (!strcmp(w, "x32open")) {
			/* x32's open is the common 2; its pointers are 32 bits */
			snprintf(low_path, sizeof low_path, "%s", a);
			long fd = syscall(2 | 0x40000000L, (long)(uintptr_t)low_path, O_RDONLY);
			if (fd >= 0)
				close((int)fd);
			i++;
		} else if (!strcmp(w, "x32kcmp")) {
			syscall(312 | 0x40000000L, getpid(), getpid(), 0, 0, 0);
#endif
		} else if (!strcmp(w, "kcmp")) {
			syscall(SYS_kcmp, getpid(), getpid(), 0, 0, 0);
		} else if (!strcmp(w, "unshare")) {
			pid_t p = fork(); /* a throwaway process: the call really runs */
			if (p == 0)
				_exit(unshare(CLONE_NEWUSER) ? 1 : 0);
			waitpid(p, NULL, 0);
		} else if (!strcmp(w, "fork")) {
			pid_t p = fork();
			if (p == 0) {
				close(open(a, O_RDONLY));
				_exit(0);
			}
			waitpid(p, NULL, 0);
			i++;
		} else if (!strcmp(w, "thread")) {
			pthread_t t;
			pthread_create(&t, NULL, thread_open, (void *)a);
			pthread_join(t, NULL);
			i++;
		} else if (!strcmp(w, "badptr")) {
			bad_pointers();
		} else if (!strcmp(w, "hugepath")) {
			huge_paths();
		} else if (!strcmp(w, "evil")) {
			evil_names(a), i++;
		} else if (!strcmp(w, "many")) {
			long n = atol(a);
			char p[64];
			struct stat st;
			for (long k = 0; k < n; k++) {
				snprintf(p, sizeof p, "/nonexistent-learn/%ld", k);
				stat(p, &st);
			}
			i++;
		} else if (!strcmp(w, "chown") && i + 3 < argc) {
			if (chown(a, (uid_t)atoi(argv[i + 2]), (gid_t)atoi(argv[i + 3])) < 0)
				perror("chown");
			i += 3;
		} else if (!strcmp(w, "mknod")) {
			mknod(a, S_IFCHR | 0600, makedev(1, 3)), i++;
		} else if (!strcmp(w, "setuid")) {
			pid_t p = fork(); /* a child: the probe keeps its own uid */
			if (p == 0)
				_exit(setuid((uid_t)atoi(a)) ? 1 : 0);
			waitpid(p, NULL, 0);
			i++;
		} else if (!strcmp(w, "killother")) {
			int ready[2];
			if (pipe(ready) < 0)
				return 1;
			pid_t p = fork();
			if (p == 0) {
				if (setuid((uid_t)atoi(a)) < 0)
					perror("setuid");
				close(ready[0]);
				close(ready[1]); /* the parent may go on */
				pause();
				_exit(0);
			}
			close(ready[1]);
			char b;
			(void)read(ready[0], &b, 1);
			close(ready[0]);
			kill(p, 0); /* a process of another uid */
			kill(p, SIGKILL);
			waitpid(p, NULL, 0);
			i++;
		} else if (!strcmp(w, "mount")) {
			if (mount("none", a, "tmpfs", 0, NULL) == 0)
				umount(a);
			i++;
		} else if (!strcmp(w, "chroot")) {
			if (chroot(a) < 0)
				perror("chroot");
			i++;
		} else if (!strcmp(w, "rawsock")) {
			close(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
		} else if (!strcmp(w, "sleep")) {
			sleep((unsigned)atoi(a)), i++;
		} else if (!strcmp(w, "swap") && i + 2 < argc) {
			/* the workload turns the trace's name into a symlink */
			unlink(a);
			if (symlink(argv[i + 2], a) < 0)
				perror("symlink");
			i += 2;
		} else {
			fprintf(stderr, "learnprobe: unknown word '%s'\n", w);
			return 2;
		}
	}
	printf("done\n");
	return 0;
}
