/* The caller's fds 0-2, checked and, where passing them would hand the
 * container something of the host's, replaced (docs/enforce.md, "Stdio
 * and the terminal"):
 *
 *   anonymous pipe   passed as it is
 *   socket           passed, but where the container's network is narrower
 *                    than the host's (hostsock.c): a TCP connection relayed
 *                    as a file is, a connected or listening unix stream
 *                    passed, any other refused
 *   /dev/null zero full random urandom, a named FIFO   relayed as a file
 *                    is: /proc/self/fd/N is the host's inode on the host's
 *                    writable mount (chmod, chown from inside)
 *   regular file     relayed through a pipe of the supervisor's (or refused:
 *                    `stdio strict`): /proc/self/fd/N of a host file reopens
 *                    the host's file, writable through a read-only root
 *   terminal         a pty of the container's own, relayed (relay.c), so the
 *                    caller's terminal is never an fd inside (TIOCSTI,
 *                    TIOCSETD, termios); `terminal inherit` passes it
 *   anything else    refused: a directory (/proc/self/fd/0/.. climbs to the
 *                    host's /, runc CVE-2024-21626), an O_PATH fd, a block
 *                    device, any other character device (its driver's whole
 *                    ioctl and mmap surface, /dev/mem, /dev/kmsg, ...)
 *
 * Cost where nothing needs replacing (an anonymous pipe): one fstat and one
 * fstatfs per fd;
 * F_GETFL (to see O_PATH) and isatty only for the other kinds. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <linux/magic.h>
#include <unistd.h>

#include "enforce.h"

static const char *const fd_names[3] = { "stdin", "stdout", "stderr" };

/* The memory devices that hold no state and reach nothing: major 1. */
static bool harmless_chardev(dev_t rdev)
{
	unsigned int mi = minor(rdev);
	return major(rdev) == 1 && (mi == 3 || mi == 5 || mi == 7 || mi == 8 || mi == 9);
}

static const char *type_name(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISLNK(m))
		return "a symlink";
	if (S_ISREG(m))
		return "a regular file";
	return "not a pipe, socket, terminal or file";
}

static int refuse(int fd, const char *what, const struct stat *st, const char *why,
		  struct err *e)
{
	char fdlink[64], target[256];
	snprintf(fdlink, sizeof(fdlink), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(fdlink, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	char dev[32] = "";
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(dev, sizeof(dev), " %u:%u", major(st->st_rdev), minor(st->st_rdev));
	return err_set(e, 0, "stdio", "fd %d (%s) is %s%s%s%s: refused (%s)", fd, fd_names[fd],
		       what, dev, target[0] ? " " : "", target, why);
}

/* A socket of the caller's reaches the caller's network (hostsock.c): in a
 * container with a narrower one, a connected stream (inetd's, systemd's
 * Accept=yes) is relayed as a file is, since connect(AF_UNSPEC) would free
 * it to connect anew; only a unix stream that can connect nowhere else
 * passes, and every other kind is refused. */
static int classify_socket(struct enforce_ctx *c, int fd, const struct stat *st, struct err *e)
{
	if (!net_narrower_than_host(c->v))
		return 0;
	struct hostsock hs;
	if (hostsock_classify(fd, &hs) < 0)
		return err_set(e, errno, "stdio", "fd %d (%s): the socket's kind", fd, fd_names[fd]);
	if (hs.kind == HOSTSOCK_STREAM) {
		vlog("stdio", "fd %d (%s) is %s: relayed through a pipe (connect(AF_UNSPEC) would "
		     "free it to connect in the host's network)", fd, fd_names[fd], hs.what);
		c->io.kind[fd] = STDIO_FILE;
	}
	if (hs.kind == HOSTSOCK_FIXED || hs.kind == HOSTSOCK_STREAM)
		return 0;
	return refuse(fd, hs.what, st, "the container's network is narrower than the host's, "
		      "and this socket reaches the host's", e);
}

/* One fd: what it is, and whether it may be passed, relayed or must go. */
static int classify(struct enforce_ctx *c, int fd, struct err *e)
{
	uint32_t flags = c->v->process->flags;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return err_set(e, errno, "stdio", "fd %d (%s)", fd, fd_names[fd]);
	c->io.dev[fd] = st.st_dev;
	c->io.ino[fd] = st.st_ino;
	/* the common case, an anonymous pipe: nothing of the host's behind
	 * /proc/self/fd/N */
	struct statfs sf;
	if (S_ISFIFO(st.st_mode) && fstatfs(fd, &sf) == 0 && sf.f_type == PIPEFS_MAGIC)
		return 0;
	/* a named FIFO or the caller's /dev/null: /proc/self/fd/N leads to
	 * the host's own inode on the host's writable mount, which a root
	 * inside could chmod or chown (FINDINGS.md 6): relayed as a file is,
	 * `stdio strict` or not (their data is nobody's) */
	if (S_ISFIFO(st.st_mode) || (S_ISCHR(st.st_mode) && harmless_chardev(st.st_rdev))) {
		c->io.kind[fd] = STDIO_FILE;
		return 0;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_PATH))
		return refuse(fd, "an O_PATH fd", &st, "it reopens any file it names", e);
	if (S_ISSOCK(st.st_mode))
		return classify_socket(c, fd, &st, e);
	if (S_ISCHR(st.st_mode) && isatty(fd)) {
		if (!(flags & POLB_PROC_TERMINAL_INHERIT))
			c->io.kind[fd] = STDIO_TTY;
		return 0;
	}
	if (S_ISCHR(st.st_mode))
		return refuse(fd, "a character device", &st, "only /dev/null, zero, full, random, "
			      "urandom and terminals are passed: a device fd is its driver's "
			      "whole surface", e);
	if (!S_ISREG(st.st_mode))
		return refuse(fd, type_name(st.st_mode), &st,
			      "only a pipe, socket, terminal, null-like device or file", e);
	if (flags & POLB_PROC_STDIO_STRICT)
		return refuse(fd, "a regular file", &st, "the policy says `stdio strict`", e);
	c->io.kind[fd] = STDIO_FILE;
	return 0;
}

void stdio_state_init(struct stdio_state *io)
{
	for (int fd = 0; fd < 3; fd++) {
		io->kind[fd] = STDIO_PASS;
		io->inner[fd] = io->outer[fd] = -1;
	}
	io->master = io->slave = io->tty = -1;
	io->raw = false;
}

int stdio_check(struct enforce_ctx *c, struct err *e)
{
	for (int fd = 0; fd < 3; fd++)
		if (classify(c, fd, e) < 0)
			return -1;
	return 0;
}

/* A pipe the container's user can reopen (/dev/stdout, /proc/self/fd/1,
 * as nginx's access_log does): mode bits on a pipe guard nothing, as the
 * only path to it is /proc/PID/fd of a holder, which needs ptrace access
 * to that process already. */
static int relay_pipe(struct enforce_ctx *c, int fd, struct err *e)
{
	int p[2];
	if (fd == 2 && c->io.kind[1] == STDIO_FILE && c->io.dev[1] == c->io.dev[2] &&
	    c->io.ino[1] == c->io.ino[2]) {
		/* 2>&1 into one file: one pipe keeps the two streams' order */
		c->io.inner[2] = c->io.inner[1];
		return 0;
	}
	if (pipe2(p, O_CLOEXEC) < 0 || fchmod(p[0], 0666) < 0)
		return err_set(e, errno, "stdio", "a pipe to relay fd %d (%s)", fd, fd_names[fd]);
	c->io.inner[fd] = p[fd == 0 ? 0 : 1];
	c->io.outer[fd] = p[fd == 0 ? 1 : 0];
	if (fcntl(c->io.outer[fd], F_SETFL, O_NONBLOCK) < 0)
		return err_set(e, errno, "stdio", "relay of fd %d", fd);
	return 0;
}

/* The caller's terminal settings and size copied to a new pty; the slave
 * is taken from the master (TIOCGPTPEER), never by a path. */
static int open_pty(struct enforce_ctx *c, int from, struct err *e)
{
	struct termios t;
	struct winsize ws;
	c->io.master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->io.master < 0 || unlockpt(c->io.master) < 0)
		return err_set(e, errno, "stdio", "a pty for the container (/dev/ptmx)");
	c->io.slave = ioctl(c->io.master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->io.slave < 0)
		return err_set(e, errno, "stdio", "the pty's slave (TIOCGPTPEER)");
	if (tcgetattr(from, &t) == 0)
		tcsetattr(c->io.slave, TCSANOW, &t);
	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(c->io.master, TIOCSWINSZ, &ws);
	if (fcntl(c->io.master, F_SETFL, O_NONBLOCK) < 0)
		return err_set(e, errno, "stdio", "the pty's master");
	return 0;
}

/* Raw mode while relaying: every key goes to the container's pty, whose
 * own line discipline echoes, edits and sends ^C as SIGINT. */
static int caller_raw(struct enforce_ctx *c, struct err *e)
{
	struct termios raw;
	if (tcgetattr(0, &c->io.saved) < 0)
		return err_set(e, errno, "stdio", "the terminal's settings (fd 0)");
	raw = c->io.saved;
	cfmakeraw(&raw);
	/* enforce's own lines still end in \r\n; the pty's output already
	 * did, and one more \r draws nothing */
	raw.c_oflag = c->io.saved.c_oflag;
	if (tcsetattr(0, TCSADRAIN, &raw) < 0)
		return err_set(e, errno, "stdio", "raw mode on the terminal (fd 0)");
	c->io.raw = true;
	return 0;
}

static int setup_tty(struct enforce_ctx *c, struct err *e)
{
	int from = -1;
	for (int fd = 0; fd < 3 && from < 0; fd++)
		if (c->io.kind[fd] == STDIO_TTY)
			from = fd;
	if (from < 0)
		return 0;
	/* output to the first terminal among 1, 2, then 0 */
	c->io.tty = c->io.kind[1] == STDIO_TTY ? 1 : c->io.kind[2] == STDIO_TTY ? 2 : 0;
	if (open_pty(c, from, e) < 0)
		return -1;
	for (int fd = 0; fd < 3; fd++)
		if (c->io.kind[fd] == STDIO_TTY)
			c->io.inner[fd] = c->io.slave;
	return c->io.kind[0] == STDIO_TTY ? caller_raw(c, e) : 0;
}

int stdio_prepare(struct enforce_ctx *c, struct err *e)
{
	for (int fd = 0; fd < 3; fd++)
		if (c->io.kind[fd] == STDIO_FILE && relay_pipe(c, fd, e) < 0)
			return -1;
	return setup_tty(c, e);
}

/* Child: the replacements onto 0-2 (close_range then closes the
 * originals); after setsid, the pty becomes the controlling terminal, as
 * `docker run -t` makes it, so ^C and job control work inside. */
int stdio_child_apply(const struct enforce_ctx *c, struct err *e)
{
	for (int fd = 0; fd < 3; fd++)
		if (c->io.inner[fd] >= 0 && dup2(c->io.inner[fd], fd) < 0)
			return err_set(e, errno, "stdio", "fd %d", fd);
	return 0;
}

int stdio_child_ctty(const struct enforce_ctx *c, struct err *e)
{
	for (int fd = 0; fd < 3; fd++)
		if (c->io.kind[fd] == STDIO_TTY) {
			if (ioctl(fd, TIOCSCTTY, 0) < 0)
				return err_set(e, errno, "stdio", "the pty as controlling terminal");
			return 0;
		}
	return 0;
}

/* Parent after clone: the container's ends are the child's alone. */
void stdio_after_clone(struct enforce_ctx *c)
{
	for (int fd = 0; fd < 3; fd++) {
		if (c->io.inner[fd] >= 0 && c->io.inner[fd] != c->io.slave &&
		    !(fd == 2 && c->io.inner[2] == c->io.inner[1]))
			close(c->io.inner[fd]);
		c->io.inner[fd] = -1;
	}
	if (c->io.slave >= 0)
		close(c->io.slave);
	c->io.slave = -1;
}

void stdio_close(struct enforce_ctx *c)
{
	stdio_after_clone(c);
	for (int fd = 0; fd < 3; fd++)
		if (c->io.outer[fd] >= 0) {
			close(c->io.outer[fd]);
			c->io.outer[fd] = -1;
		}
	if (c->io.master >= 0)
		close(c->io.master);
	c->io.master = -1;
	if (c->io.raw)
		tcsetattr(0, TCSADRAIN, &c->io.saved);
	c->io.raw = false;
}

void stdio_plan(const struct enforce_ctx *c, FILE *out)
{
	static const char *const how[] = { "passed", "relayed through a pipe",
					   "a terminal: a pty of the container's own, relayed" };
	for (int fd = 0; fd < 3; fd++)
		plan_line(out, "stdio", "fd %d (%s): %s", fd, fd_names[fd], how[c->io.kind[fd]]);
}
