/* `listen` rules and `listen_fds pass`: systemd's socket-activation
 * protocol (sd_listen_fds(3)).
 *
 * The parent creates, binds and listens on each socket in the host's
 * network namespace before anything else is built, so a port in use or an
 * address that does not exist stops the run before a container exists. The
 * child moves them to fds 3.. in policy order, right before the command
 * runs, and the command's environment gets LISTEN_FDS, LISTEN_FDNAMES and
 * LISTEN_PID (its pid as seen in its own pid namespace: with init on, the
 * command is not pid 1). Every other fd above 2 is still closed.
 *
 * With `listen_fds pass` the caller's own sockets come first: the fds
 * 3..3+N-1 that LISTEN_FDS=N and LISTEN_PID (this process) say are ours,
 * each checked to be an open socket, with the caller's LISTEN_FDNAMES.
 * Without it they are closed as every other inherited fd: no policy gets a
 * caller's socket it did not ask for. */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce.h"

static socklen_t sockaddr_of(const struct polb_net_rule *r, uint16_t port,
			     struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (r->flags & POLB_NET_V6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		memcpy(&a->sin6_addr, r->addr, 16);
		return sizeof(*a);
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	memcpy(&a->sin_addr, r->addr, 4);
	return sizeof(*a);
}

static int open_one(const struct polb_view *v, const struct polb_net_rule *r, size_t idx,
		    struct err *e)
{
	char what[160];
	polb_net_format(r, polb_str(v, r->name), what, sizeof(what));
	bool tcp = r->proto == 6;
	int family = (r->flags & POLB_NET_V6) ? AF_INET6 : AF_INET;
	int fd = socket(family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return err_set(e, errno, "network", "%s: socket", what);
	int one = 1;
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_of(r, (uint16_t)r->host_port, &ss);
	if ((tcp && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0) ||
	    (family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&ss, len) < 0 || (tcp && listen(fd, SOMAXCONN) < 0)) {
		int saved = errno;
		close(fd);
		return err_set(e, saved, "network", "%s", what);
	}
	vlog("network", "%s: bound on the host, passed in as fd %zu", what, 3 + idx);
	return fd;
}

int sockact_open(struct enforce_ctx *c, struct err *e)
{
	const struct polb_view *v = c->v;
	for (size_t i = 0; i < v->nnet; i++) {
		if (v->net[i].kind != POLB_NET_LISTEN)
			continue;
		if (c->net.nlisten >= POLB_MAX_LISTEN)
			return err_set(e, 0, "network", "the caller's sockets and the policy's listen "
				       "rules are more than %u", POLB_MAX_LISTEN);
		int fd = open_one(v, &v->net[i], c->net.nlisten, e);
		if (fd < 0)
			return -1;
		c->net.listen_name[c->net.nlisten] = polb_str(v, v->net[i].name);
		c->net.listen_fd[c->net.nlisten++] = fd;
	}
	return 0;
}

/* A decimal number and nothing else, at most max. */
static bool parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && !*end && *out <= max;
}

/* LISTEN_FDNAMES split in place: n names, each as systemd allows one
 * (1..255 bytes of printable ASCII or space, no ':'); without the variable, "unknown". */
static int inherit_names(struct enforce_ctx *c, size_t n, struct err *e)
{
	const char *names = getenv("LISTEN_FDNAMES");
	if (!names) {
		for (size_t i = 0; i < n; i++)
			c->net.listen_name[i] = "unknown";
		return 0;
	}
	if (!(c->net.inherited_names = strdup(names)))
		return err_set(e, errno, "listen_fds", "LISTEN_FDNAMES");
	char *at = c->net.inherited_names;
	for (size_t i = 0; i < n; i++) {
		char *colon = strchr(at, ':');
		if (colon)
			*colon = '\0';
		size_t len = strlen(at);
		bool printable = len && len <= 255;
		for (size_t k = 0; k < len && printable; k++)
			printable = (unsigned char)at[k] >= 0x20 && (unsigned char)at[k] < 0x7f;
		if (!printable || (!colon) != (i + 1 == n))
			return err_set(e, 0, "listen_fds", "LISTEN_FDNAMES=%.200s: not %zu names of 1..255 "
				       "printable bytes separated by ':'", names, n);
		c->net.listen_name[i] = at;
		at = colon ? colon + 1 : at + len;
	}
	return 0;
}

/* Where the container's network is narrower than the host's, only what a
 * `listen` rule would hand in (a listening socket, a UDP one) or a unix
 * stream that can connect nowhere else: a TCP connection (systemd's
 * Accept=yes) would connect anew where the host reaches after
 * connect(AF_UNSPEC), and cannot be relayed as stdio is, past fd 2. */
static int inherit_refused(const struct enforce_ctx *c, int fd, unsigned long n, struct err *e)
{
	struct hostsock hs;
	if (!net_narrower_than_host(c->v))
		return 0;
	if (hostsock_classify(fd, &hs) < 0)
		return err_set(e, errno, "listen_fds", "fd %d of LISTEN_FDS=%lu", fd, n);
	if (hs.kind == HOSTSOCK_STREAM || hs.kind == HOSTSOCK_OPEN)
		return err_set(e, 0, "listen_fds", "fd %d of LISTEN_FDS=%lu is %s: refused (the "
			       "container's network is narrower than the host's, and this socket "
			       "reaches the host's; pass listening sockets: systemd's Accept=no)", fd, n,
			       hs.what);
	return 0;
}

int sockact_inherit(struct enforce_ctx *c, struct err *e)
{
	if (!(c->v->process->flags & POLB_PROC_LISTEN_FDS_PASS))
		return 0;
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	unsigned long want_pid, n;
	if (!pid || !fds) {
		vlog("listen_fds", "no LISTEN_FDS and LISTEN_PID from the caller: no socket passed");
		return 0;
	}
	if (!parse_count(pid, (unsigned long)INT32_MAX, &want_pid) || (pid_t)want_pid != getpid()) {
		vlog("listen_fds", "LISTEN_PID=%.40s is not enforce (pid %d): the sockets are not for "
		     "this process, none passed", pid, (int)getpid());
		return 0;
	}
	if (!parse_count(fds, POLB_MAX_LISTEN, &n) || !n)
		return err_set(e, 0, "listen_fds", "LISTEN_FDS=%.40s: not a count of 1..%u", fds,
			       POLB_MAX_LISTEN);
	if (inherit_names(c, n, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int fd = 3 + (int)i;
		struct stat st;
		if (fstat(fd, &st) < 0)
			return err_set(e, errno, "listen_fds", "fd %d of LISTEN_FDS=%lu", fd, n);
		if (!S_ISSOCK(st.st_mode))
			return err_set(e, 0, "listen_fds", "fd %d of LISTEN_FDS=%lu is not a socket", fd, n);
		if (inherit_refused(c, fd, n, e) < 0)
			return -1;
		/* ours from here: no helper enforce starts inherits it */
		if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
			return err_set(e, errno, "listen_fds", "fd %d: close-on-exec", fd);
		c->net.listen_fd[i] = fd;
		vlog("listen_fds", "fd %d (%s) from the caller, passed in as fd %d", fd,
		     c->net.listen_name[i], fd);
	}
	c->net.nlisten = c->net.ninherited = n;
	return 0;
}

void sockact_close(struct enforce_ctx *c)
{
	for (size_t i = 0; i < c->net.nlisten; i++)
		close(c->net.listen_fd[i]);
	c->net.nlisten = c->net.ninherited = 0;
	free(c->net.inherited_names);
	c->net.inherited_names = NULL;
}

/* Child, in place of fds_close_above: the sockets at 3..3+n-1 (inherited
 * across exec), the channel right after them (close-on-exec), nothing else. */
int sockact_place(struct enforce_ctx *c, struct err *e)
{
	size_t n = c->net.nlisten;
	int base = 3 + (int)n + 1, moved[POLB_MAX_LISTEN + 1];
	/* first out of the way of 3..3+n, then into place */
	for (size_t i = 0; i <= n; i++) {
		int from = i < n ? c->net.listen_fd[i] : c->chan_fd;
		if ((moved[i] = fcntl(from, F_DUPFD_CLOEXEC, base + 64)) < 0)
			return err_set(e, errno, "fds", "move the listening sockets");
	}
	for (size_t i = 0; i <= n; i++) {
		int to = 3 + (int)i;
		if (dup3(moved[i], to, i < n ? 0 : O_CLOEXEC) < 0)
			return err_set(e, errno, "fds", "socket to fd %d", to);
	}
	c->chan_fd = 3 + (int)n;
	for (size_t i = 0; i < n; i++)
		c->net.listen_fd[i] = 3 + (int)i;
	if (syscall(SYS_close_range, (unsigned)(3 + n + 1), ~0u, 0) < 0)
		return err_set(e, errno, "fds", "close every fd above %zu", 3 + n);
	vlog("fds", "listening sockets at fds 3..%zu, every other fd above 2 closed", 2 + n);
	return 0;
}

static char *env_entry(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *env_entry(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* Child, after init forked the command: the three variables, replacing any
 * the caller passed through. */
int sockact_env(struct enforce_ctx *c, struct err *e)
{
	if (!c->net.nlisten)
		return 0;
	size_t n = 0;
	while (c->envp && c->envp[n])
		n++;
	char **env = calloc(n + 4, sizeof(*env));
	char names[POLB_MAX_LISTEN * 256] = ""; /* names of 1..255 bytes and their ':' */
	if (!env)
		return err_set(e, ENOMEM, "network", "environment");
	size_t k = 0, used = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(c->envp[i], "LISTEN_", 7))
			env[k++] = c->envp[i];
	for (size_t i = 0; i < c->net.nlisten; i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", i ? ":" : "",
					 c->net.listen_name[i]);
	env[k++] = env_entry("LISTEN_FDS=%zu", c->net.nlisten);
	env[k++] = env_entry("LISTEN_PID=%d", (int)getpid());
	env[k++] = env_entry("LISTEN_FDNAMES=%s", names);
	/* the child execs or exits: the old array and this one are not freed */
	c->envp = env;
	if (!env[k - 1] || !env[k - 2] || !env[k - 3])
		return err_set(e, ENOMEM, "network", "environment");
	vlog("network", "LISTEN_FDS=%zu LISTEN_PID=%d LISTEN_FDNAMES=%s", c->net.nlisten,
	     (int)getpid(), names);
	return 0;
}
