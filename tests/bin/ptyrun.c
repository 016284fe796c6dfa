/* ptyrun: runs a command on a terminal of its own, as a user at a
 * terminal would, for tests/escape/t_escape_pty.sh. The terminal plays the
 * caller's: afterwards it must be as it was, whatever the command did.
 *
 *   ptyrun STEP... -- CMD [ARG...]
 *
 * STEPs, in order, after CMD was started on the pty's slave (its
 * controlling terminal, 24x80):
 *   -e TEXT      wait until TEXT appears in the output (60 s at most)
 *   -s TEXT      type TEXT ("\n", "\r" and "\c" for ^C understood)
 *   -w ROWS COLS resize the terminal (the kernel signals SIGWINCH)
 * All output is copied to stdout. At the end:
 *   "ptyrun: exit N" (or "signal N"), "ptyrun: termios same|changed",
 *   "ptyrun: ldisc same|changed", "ptyrun: excl off|on",
 *   "ptyrun: pending input N" (bytes pushed into the caller's terminal's
 *   input, as TIOCSTI from inside would), "ptyrun: timeout TEXT" on a wait
 *   that never ended (exit 2). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static char out[1 << 20];
static size_t outlen;
static int master;

/* Read what the command wrote for at most ms; false once it is all gone. */
static int pump(int ms)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	if (poll(&p, 1, ms) <= 0)
		return 1;
	char buf[4096];
	ssize_t n = read(master, buf, sizeof buf);
	if (n <= 0)
		return 0;
	fwrite(buf, 1, (size_t)n, stdout);
	fflush(stdout);
	size_t room = sizeof out - 1 - outlen;
	size_t k = (size_t)n < room ? (size_t)n : room;
	memcpy(out + outlen, buf, k);
	outlen += k;
	out[outlen] = '\0';
	return 1;
}

static int wait_for(const char *text, size_t from)
{
	time_t end = time(NULL) + 60;
	while (!strstr(out + from, text)) {
		if (time(NULL) > end || !pump(200)) {
			printf("\nptyrun: timeout %s\n", text);
			return -1;
		}
	}
	return 0;
}

static void type(const char *s)
{
	for (; *s; s++) {
		char c = *s;
		if (c == '\\' && s[1] == 'n')
			c = '\n', s++;
		else if (c == '\\' && s[1] == 'r')
			c = '\r', s++;
		else if (c == '\\' && s[1] == 'c')
			c = 3, s++;
		while (write(master, &c, 1) < 0 && errno == EINTR)
			;
	}
}

static int same_termios(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
	       a->c_cflag == b->c_cflag && a->c_lflag == b->c_lflag &&
	       !memcmp(a->c_cc, b->c_cc, sizeof a->c_cc);
}

static pid_t start(int slave, char **cmd)
{
	pid_t p = fork();
	if (p == 0) {
		setsid();
		ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		close(master);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	return p;
}

/* After the command: how the terminal it was given is now. */
static void report(int slave, const struct termios *t0, int ld0, int st)
{
	struct termios t1, raw;
	int ld1 = -1, excl = 0, pending = 0;
	tcgetattr(slave, &t1);
	ioctl(slave, TIOCGETD, &ld1);
	ioctl(slave, TIOCGEXCL, &excl);
	/* non-canonical, so a partial line pushed by TIOCSTI is counted */
	raw = t1;
	cfmakeraw(&raw);
	tcsetattr(slave, TCSANOW, &raw);
	ioctl(slave, FIONREAD, &pending);
	if (WIFEXITED(st))
		printf("\nptyrun: exit %d\n", WEXITSTATUS(st));
	else
		printf("\nptyrun: signal %d\n", WTERMSIG(st));
	printf("ptyrun: termios %s\n", same_termios(t0, &t1) ? "same" : "changed");
	printf("ptyrun: ldisc %s\n", ld0 == ld1 ? "same" : "changed");
	printf("ptyrun: excl %s\n", excl ? "on" : "off");
	printf("ptyrun: pending input %d\n", pending);
}

int main(int argc, char **argv)
{
	int i = 1;
	while (i < argc && strcmp(argv[i], "--"))
		i++;
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: ptyrun STEP... -- CMD [ARG...]\n");
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		return perror("ptmx"), 2;
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0)
		return perror("slave"), 2;
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	ioctl(master, TIOCSWINSZ, &ws);
	struct termios t0;
	int ld0 = -1;
	tcgetattr(slave, &t0);
	ioctl(slave, TIOCGETD, &ld0);
	signal(SIGPIPE, SIG_IGN);
	pid_t pid = start(slave, &argv[i + 1]);
	int rc = 0;
	size_t mark = 0;
	for (int k = 1; k < i && rc == 0; k++) {
		if (!strcmp(argv[k], "-e") && k + 1 < i) {
			rc = wait_for(argv[++k], mark);
			mark = outlen;
		} else if (!strcmp(argv[k], "-s") && k + 1 < i) {
			type(argv[++k]);
		} else if (!strcmp(argv[k], "-w") && k + 2 < i) {
			ws.ws_row = (unsigned short)atoi(argv[++k]);
			ws.ws_col = (unsigned short)atoi(argv[++k]);
			ioctl(master, TIOCSWINSZ, &ws);
		}
	}
	int st = 0;
	if (rc < 0)
		kill(pid, SIGKILL);
	/* output until the command is gone; the slave is still ours, so the
	 * master never reports the end: stop once the command was reaped */
	while (waitpid(pid, &st, WNOHANG) == 0)
		pump(100);
	while (pump(0) && outlen < sizeof out - 1) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		if (poll(&p, 1, 0) <= 0)
			break;
	}
	report(slave, &t0, ld0, st);
	return rc < 0 ? 2 : 0;
}
