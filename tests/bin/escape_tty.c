/* escape_tty: tries on terminals from inside a container, for
 * tests/escape/t_escape_tty.sh (static: runs inside any container root).
 * The caller's terminal may reach the command as fd 0/1/2 (or a leaked fd,
 * if enforce failed to close one); bubblewrap CVE-2017-5226 pushed input
 * into it with TIOCSTI. Here every terminal fd the command holds is tried.
 *
 *   escape_tty TRY [TRY...]
 *
 * TRYs:
 *   ttys      report "ttys: N N..." (open fds that are terminals), "sid:",
 *             whether the process has a controlling terminal, and
 *             "tty0: MAJ:MIN" (hex, as stat %t:%T) of the terminal on fd 0
 *   sti       TIOCSTI on every terminal fd, plain and with the high bits
 *             of the request set (0xffffffff00005412)
 *   sctty     TIOCSCTTY on every terminal fd (steal it as controlling
 *             terminal), arg 0 and arg 1 (force), then TIOCSTI again
 *   cons      TIOCCONS on every terminal fd (redirect the console)
 *   ownpty    a pty of the container's own, made the controlling terminal
 *             of a new session, then TIOCSTI into it, plain and high: the
 *             kernel allows this, so only a seccomp filter refuses it
 *   devpts    "devpts: N entries, dev MAJ:MIN" for /dev/pts (a fresh
 *             instance shows none of the host's terminals)
 *   harm      on every terminal fd, what would break the caller's terminal
 *             if it were the caller's (issue 12): a new session taking it
 *             as controlling terminal then TIOCSTI (setsid_sti), termios
 *             changed (no echo, no canonical mode, no ^C), TIOCEXCL, and
 *             TIOCSETD N_NULL (every later key dropped); last, so the
 *             other tries still see a working terminal
 *   tag WORD  nothing: marks the command line (the tests' scratch dir)
 * Lines: "try NAME FD: ok|blocked: <strerror>|killed: signal N" as probe's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define HIGH_BITS 0xffffffff00000000ul
#ifndef N_NULL
#define N_NULL 27 /* linux/tty.h: the line discipline that drops everything */
#endif
#define MAX_FD 1024

static int sti(int fd, int high)
{
	char c = '#';
	unsigned long req = TIOCSTI | (high ? HIGH_BITS : 0);
	return syscall(SYS_ioctl, fd, req, &c) < 0 ? errno : 0;
}

/* " FD" after a try's name, nothing for a try on no fd (fd < 0). */
static const char *fdtag(int fd)
{
	static char tag[16];
	if (fd < 0)
		return "";
	snprintf(tag, sizeof tag, " %d", fd);
	return tag;
}

/* Run fn(fd, arg) in a child; print the try line. */
static void attempt(const char *name, int fd, int (*fn)(int, int), int arg)
{
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		int err = fn(fd, arg);
		if (err)
			printf("try %s%s: blocked: %s\n", name, fdtag(fd), strerror(err));
		else
			printf("try %s%s: ok\n", name, fdtag(fd));
		fflush(stdout);
		_exit(0);
	}
	int st = 0;
	if (p < 0 || waitpid(p, &st, 0) < 0)
		printf("try %s%s: could not fork: %s\n", name, fdtag(fd), strerror(errno));
	else if (WIFSIGNALED(st))
		printf("try %s%s: killed: signal %d\n", name, fdtag(fd), WTERMSIG(st));
}

static int tty_fds(int *fds)
{
	int n = 0;
	for (int fd = 0; fd < MAX_FD; fd++)
		if (isatty(fd))
			fds[n++] = fd;
	return n;
}

static void r_ttys(void)
{
	int fds[MAX_FD], n = tty_fds(fds);
	printf("ttys:");
	for (int i = 0; i < n; i++)
		printf(" %d", fds[i]);
	printf("\nsid: %d pid: %d\n", getsid(0), getpid());
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY);
	printf("controlling tty: %s\n", fd >= 0 ? "yes" : strerror(errno));
	if (fd >= 0)
		close(fd);
	struct stat st;
	if (fstat(0, &st) == 0)
		printf("tty0: %x:%x\n", major(st.st_rdev), minor(st.st_rdev));
}

static int do_sti(int fd, int high) { return sti(fd, high); }
static int do_sctty(int fd, int force)
{
	if (ioctl(fd, TIOCSCTTY, force) < 0)
		return errno;
	/* it worked: the terminal is ours now, so TIOCSTI would pass the
	 * kernel's check; say whether it does */
	printf("sctty: took fd %d as controlling terminal; TIOCSTI then: %s\n", fd,
	       sti(fd, 0) ? strerror(errno) : "ok");
	return 0;
}
static int do_cons(int fd, int unused)
{
	/* Success redirects console output to this pty until it hangs up:
	 * a try for inside a container only (the tests never run it outside) */
	return ioctl(fd, TIOCCONS) < 0 ? errno : 0;
}

static int do_setsid_sti(int fd, int unused)
{
	if (setsid() < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
		return errno;
	return sti(fd, 0);
}
static int do_termios(int fd, int unused)
{
	struct termios t;
	if (tcgetattr(fd, &t) < 0)
		return errno;
	t.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG);
	t.c_cc[VINTR] = 0;
	return tcsetattr(fd, TCSANOW, &t) < 0 ? errno : 0;
}
static int do_excl(int fd, int unused) { return ioctl(fd, TIOCEXCL) < 0 ? errno : 0; }
static int do_ldisc(int fd, int unused)
{
	int nul = N_NULL;
	return ioctl(fd, TIOCSETD, &nul) < 0 ? errno : 0;
}

static void each_tty(const char *name, int (*fn)(int, int), int arg)
{
	int fds[MAX_FD], n = tty_fds(fds);
	if (n == 0)
		printf("%s: no terminal fd\n", name);
	for (int i = 0; i < n; i++)
		attempt(name, fds[i], fn, arg);
}

/* In a new session of its own, a pty made the controlling terminal: the
 * kernel allows TIOCSTI on it, so a refusal is the filter's. */
static int own_pty_sti(int unused, int high)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		return errno;
	char *name = ptsname(master);
	if (!name || setsid() < 0)
		return errno;
	int slave = open(name, O_RDWR);
	if (slave < 0)
		return errno;
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return errno;
	return sti(slave, high);
}

static void r_devpts(void)
{
	DIR *d = opendir("/dev/pts");
	struct stat st;
	int n = 0;
	if (!d || stat("/dev/pts", &st) < 0) {
		printf("devpts: %s\n", strerror(errno));
		return;
	}
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, "ptmx"))
			n++;
	closedir(d);
	printf("devpts: %d entries, dev %u:%u\n", n, major(st.st_dev), minor(st.st_dev));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *t = argv[i];
		if (!strcmp(t, "tag") && i + 1 < argc) {
			i++; /* marks the command line only, as in escape_kernel */
		} else if (!strcmp(t, "ttys")) {
			r_ttys();
		} else if (!strcmp(t, "sti")) {
			each_tty("sti", do_sti, 0);
			each_tty("sti_high", do_sti, 1);
		} else if (!strcmp(t, "sctty")) {
			each_tty("sctty", do_sctty, 0);
			each_tty("sctty_force", do_sctty, 1);
		} else if (!strcmp(t, "cons")) {
			each_tty("cons", do_cons, 0);
		} else if (!strcmp(t, "ownpty")) {
			attempt("ownpty_sti", -1, own_pty_sti, 0);
			attempt("ownpty_sti_high", -1, own_pty_sti, 1);
		} else if (!strcmp(t, "harm")) {
			each_tty("setsid_sti", do_setsid_sti, 0);
			each_tty("termios", do_termios, 0);
			each_tty("excl", do_excl, 0);
			each_tty("ldisc", do_ldisc, 0);
		} else if (!strcmp(t, "devpts")) {
			r_devpts();
		} else {
			fprintf(stderr, "escape_tty: unknown try '%s'\n", t);
			return 2;
		}
	}
	return 0;
}
