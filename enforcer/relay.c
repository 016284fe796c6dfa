/* The supervisor's half of stdio.c: bytes between the caller's fds and the
 * container's pipes or pty, in supervise()'s poll loop beside the signals
 * and the channel.
 *
 *   caller fd 0 (file or terminal)  ->  stdin pipe or pty master
 *   stdout / stderr pipe            ->  caller fd 1 / 2 (files)
 *   pty master                      ->  the caller's terminal
 *
 * Our ends are non-blocking; the caller's are not ours to change (their
 * open file descriptions are shared with the caller's shell), so a write
 * to them blocks, and a read from them happens only after poll said so.
 * When the command has been reaped, relay_finish() reads what is left in
 * our ends until they are empty (never until EOF: a process outside the
 * pid namespace may still hold the other end) and closes them, so output
 * written just before the exit is not lost and nothing hangs. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "enforce.h"

struct relay {
	int from, to;
	bool from_ours; /* drained at the end */
	int *close_at_end; /* the container's stdin pipe: closed at the input's end (EOF) */
	bool done;
	size_t len, off;
	char buf[4096];
};

#define RELAY_MAX 4
struct relay_set {
	struct relay r[RELAY_MAX];
	size_t n;
	size_t map[RELAY_MAX]; /* pollfd i -> relay */
};

static struct relay *add(struct relay_set *s, int from, int to, bool from_ours)
{
	struct relay *r = &s->r[s->n++];
	*r = (struct relay){ .from = from, .to = to, .from_ours = from_ours };
	return r;
}

struct relay_set *relay_start(struct enforce_ctx *c)
{
	struct stdio_state *io = &c->io;
	if (io->master < 0 && io->outer[0] < 0 && io->outer[1] < 0 && io->outer[2] < 0)
		return NULL;
	struct relay_set *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL; /* then the container's output waits in its pipes, and is dropped */
	/* a container that closes its stdin must not kill us with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	if (io->outer[0] >= 0)
		add(s, 0, io->outer[0], false)->close_at_end = &io->outer[0];
	else if (io->kind[0] == STDIO_TTY)
		add(s, 0, io->master, false);
	for (int fd = 1; fd < 3; fd++)
		if (io->outer[fd] >= 0)
			add(s, io->outer[fd], fd, true);
	if (io->master >= 0)
		add(s, io->master, io->tty, true);
	return s;
}

static void finish_one(struct relay *r)
{
	r->done = true;
	r->len = r->off = 0;
	if (r->close_at_end && *r->close_at_end >= 0) {
		close(*r->close_at_end);
		*r->close_at_end = -1;
	}
}

/* Write what is buffered; false when the rest must wait for POLLOUT. */
static bool flush(struct relay *r)
{
	while (r->off < r->len) {
		ssize_t w = write(r->to, r->buf + r->off, r->len - r->off);
		if (w > 0) {
			r->off += (size_t)w;
		} else if (w < 0 && errno == EINTR) {
			continue;
		} else if (w < 0 && errno == EAGAIN) {
			return false;
		} else {
			finish_one(r); /* the reader is gone (EPIPE, EIO): nothing to deliver */
			return true;
		}
	}
	r->len = r->off = 0;
	return true;
}

/* One read; false at the end of the input (EOF, EIO of a pty without
 * slave) or when nothing is there now (EAGAIN). */
static bool fill(struct relay *r)
{
	ssize_t n;
	do
		n = read(r->from, r->buf, sizeof(r->buf));
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		r->len = (size_t)n;
		r->off = 0;
		return true;
	}
	if (n == 0 || errno != EAGAIN)
		finish_one(r);
	return false;
}

size_t relay_pollfds(struct relay_set *s, struct pollfd *pfd, size_t room)
{
	size_t k = 0;
	for (size_t i = 0; s && i < s->n && k < room; i++) {
		struct relay *r = &s->r[i];
		if (r->done)
			continue;
		pfd[k] = r->len ? (struct pollfd){ .fd = r->to, .events = POLLOUT }
				: (struct pollfd){ .fd = r->from, .events = POLLIN };
		s->map[k++] = i;
	}
	return k;
}

void relay_handle(struct relay_set *s, const struct pollfd *pfd, size_t n)
{
	for (size_t k = 0; s && k < n; k++) {
		struct relay *r = &s->r[s->map[k]];
		if (!pfd[k].revents || r->done)
			continue;
		if (r->len || fill(r))
			flush(r);
	}
}

void relay_winch(const struct enforce_ctx *c)
{
	struct winsize ws;
	/* the kernel then sends SIGWINCH to the pty's foreground group */
	if (c->io.master >= 0 && ioctl(c->io.tty, TIOCGWINSZ, &ws) == 0)
		ioctl(c->io.master, TIOCSWINSZ, &ws);
}

/* At the end a caller's fd that is non-blocking (its choice) must not
 * lose the tail of the output: wait until it takes it. */
static bool flush_wait(struct relay *r)
{
	while (!flush(r)) {
		struct pollfd p = { .fd = r->to, .events = POLLOUT };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return false;
	}
	return !r->done;
}

void relay_finish(struct relay_set *s)
{
	for (size_t i = 0; s && i < s->n; i++) {
		struct relay *r = &s->r[i];
		/* what is buffered, then what is in the pipe or pty now */
		while (r->from_ours && (!r->len || flush_wait(r)) && !r->done && fill(r))
			;
	}
	free(s);
}
