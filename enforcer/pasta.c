/* `publish` rules: pasta (the passt project's user-mode network stack, the
 * one podman uses) gives the container's own network namespace an
 * address, a default route and DNS, and forwards exactly the published
 * host ports into it. No NAT or proxy of our own.
 *
 * enforce starts it after the clone and before the child is let go, with:
 *   -f                    in the foreground: it stays enforce's child, so
 *                         enforce kills and reaps it, and its parent-death
 *                         signal (SIGKILL) ends it should enforce die
 *   --netns/--userns /proc/self/fd/N   the container's namespaces, opened by
 *                         enforce (pasta itself may not open /proc/PID/ns)
 *   --runas 0             as root only: pasta would become nobody, which
 *                         may not enter a namespace of root's
 *   --config-net          address, route, interface up in the namespace
 *   -t/-u SPEC|none       exactly the published ports, nothing else
 *   -T none -U none       nothing from the container to the host's ports
 *   --no-map-gw           the gateway address is not the host's loopback:
 *                         an unpublished host service stays out of reach
 *   -P /proc/self/fd/N    a pipe: pasta writes its pid there once it is
 *                         ready, so enforce waits for exactly that
 * A missing pasta, a port in use, an address the host lacks: pasta exits,
 * enforce stops with 125 and pasta's own line, before the command runs. */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "enforce.h"

#define PASTA_READY_MS 10000 /* pasta sets up in milliseconds; a hang is a failure */

bool net_publishes(const struct polb_view *v)
{
	for (size_t i = 0; i < v->nnet; i++)
		if (v->net[i].kind == POLB_NET_PUBLISH)
			return true;
	return false;
}

/* pasta on enforce's own PATH (the caller's choice of binary). */
static int find_pasta(char *out, size_t size, struct err *e)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	for (const char *p = path; *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len && snprintf(out, size, "%.*s/pasta", (int)len, p) < (int)size &&
		    access(out, X_OK) == 0)
			return 0;
		p += len + (end ? 1 : 0);
	}
	return err_set(e, 0, "network", "publish needs pasta, which is not on PATH "
		       "(install the Debian package passt)");
}

int pasta_prepare(struct enforce_ctx *c, struct err *e)
{
	if (!net_publishes(c->v))
		return 0;
	if (find_pasta(c->net.pasta_path, sizeof(c->net.pasta_path), e) < 0)
		return -1;
	if (c->rootless && access("/dev/net/tun", R_OK | W_OK) < 0)
		return err_set(e, errno, "network", "publish (rootless): pasta needs /dev/net/tun "
			       "readable and writable by uid %u (udev's usual mode is 0666)",
			       (unsigned)c->caller_uid);
	return 0;
}

/* "-t 127.0.0.1/8080:80,8081:81" style spec for one protocol, or "none". */
static void port_spec(const struct polb_view *v, uint32_t proto, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < v->nnet && used < size; i++) {
		const struct polb_net_rule *r = &v->net[i];
		if (r->kind != POLB_NET_PUBLISH || r->proto != proto)
			continue;
		char addr[INET6_ADDRSTRLEN] = "";
		if (!(r->flags & POLB_NET_ANY_ADDR))
			inet_ntop(r->flags & POLB_NET_V6 ? AF_INET6 : AF_INET, r->addr, addr, sizeof(addr));
		used += (size_t)snprintf(buf + used, size - used, "%s%s%s%u:%u", used ? "," : "", addr,
					 addr[0] ? "/" : "", r->host_port, r->port);
	}
	if (!buf[0])
		snprintf(buf, size, "none");
}

struct pasta_args {
	char *argv[32];
	char tcp[1024], udp[1024];
};

/* fds in pasta: 3 net ns, 4 user ns (rootless), 5 the ready pipe. */
static void build_args(const struct enforce_ctx *c, struct pasta_args *a)
{
	size_t n = 0;
	char **v = a->argv;
	port_spec(c->v, 6, a->tcp, sizeof(a->tcp));
	port_spec(c->v, 17, a->udp, sizeof(a->udp));
	v[n++] = "pasta";
	v[n++] = "-f";
	v[n++] = "-q";
	if (!c->rootless) {
		v[n++] = "--runas";
		v[n++] = "0";
	}
	v[n++] = "--config-net";
	v[n++] = "--no-map-gw";
	v[n++] = "-t";
	v[n++] = a->tcp;
	v[n++] = "-u";
	v[n++] = a->udp;
	v[n++] = "-T";
	v[n++] = "none";
	v[n++] = "-U";
	v[n++] = "none";
	v[n++] = "--netns";
	v[n++] = "/proc/self/fd/3";
	if (c->ns.clone_flags & CLONE_NEWUSER) {
		v[n++] = "--userns";
		v[n++] = "/proc/self/fd/4";
	}
	v[n++] = "-P";
	v[n++] = "/proc/self/fd/5";
	v[n] = NULL;
}

static const char *join_args(char *const *argv, char *line, size_t size)
{
	size_t used = 0;
	line[0] = '\0';
	for (size_t i = 0; argv[i] && used < size; i++)
		used += (size_t)snprintf(line + used, size - used, "%s%s", i ? " " : "", argv[i]);
	return line;
}

static void exec_pasta(const struct enforce_ctx *c, struct pasta_args *a, int netns, int userns,
		       int ready, int errw) __attribute__((noreturn));
static void exec_pasta(const struct enforce_ctx *c, struct pasta_args *a, int netns, int userns,
		       int ready, int errw)
{
	/* ends with enforce; pasta lowers its capabilities but keeps its
	 * uids, which keeps this signal */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != c->net.supervisor)
		_exit(127);
	supervise_restore_signals();
	int hi = 100;
	int n = fcntl(netns, F_DUPFD, hi), u = userns >= 0 ? fcntl(userns, F_DUPFD, hi) : -1,
	    r = fcntl(ready, F_DUPFD, hi), w = fcntl(errw, F_DUPFD, hi);
	if (n < 0 || r < 0 || w < 0 || dup2(w, 2) < 0 || dup2(n, 3) < 0 || dup2(r, 5) < 0 ||
	    (u >= 0 && dup2(u, 4) < 0))
		_exit(127);
	if (u < 0)
		close(4);
	/* pasta holds only what it is given: never the channel or a pidfd */
	if (syscall(SYS_close_range, 6u, ~0u, 0) < 0)
		_exit(127);
	int devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		if (devnull > 2)
			close(devnull);
	}
	execv(c->net.pasta_path, a->argv);
	dprintf(2, "cannot execute %s: %s\n", c->net.pasta_path, strerror(errno));
	_exit(127);
}

/* pasta's last line of its own (the syslog complaints left out). */
static void last_line(int fd, char *out, size_t size)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	out[0] = '\0';
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (strncmp(l, "Failed to send", 14) && *l)
			snprintf(out, size, "%s", l);
}

static int wait_ready(struct enforce_ctx *c, int ready, struct err *e)
{
	struct pollfd p = { .fd = ready, .events = POLLIN };
	int r;
	do
		r = poll(&p, 1, PASTA_READY_MS);
	while (r < 0 && errno == EINTR);
	char buf[32];
	ssize_t n = r > 0 ? read(ready, buf, sizeof(buf)) : -1;
	if (n > 0)
		return 0;
	char why[300];
	int status = 0;
	if (r == 0) {
		kill(c->net.pasta_pid, SIGKILL);
		waitpid(c->net.pasta_pid, &status, 0);
		c->net.pasta_pid = -1;
		return err_set(e, ETIMEDOUT, "network", "pasta did not come up within %d s",
			       PASTA_READY_MS / 1000);
	}
	waitpid(c->net.pasta_pid, &status, 0);
	c->net.pasta_pid = -1;
	last_line(c->net.pasta_err, why, sizeof(why));
	return err_set(e, 0, "network", "pasta failed (exit %d): %s", WIFEXITED(status)
		       ? WEXITSTATUS(status) : 128 + WTERMSIG(status), why[0] ? why : "no message");
}

static int open_ns(pid_t pid, const char *which, struct err *e)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, which);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err_set(e, errno, "network", "open %s for pasta", path);
	return fd;
}

/* Parent, after the clone, before GO. */
int pasta_start(struct enforce_ctx *c, struct err *e)
{
	if (!net_publishes(c->v))
		return 0;
	int netns = open_ns(c->pid, "net", e), ready[2] = { -1, -1 }, errp[2] = { -1, -1 };
	c->net.userns_fd = (c->ns.clone_flags & CLONE_NEWUSER) ? open_ns(c->pid, "user", e) : -1;
	int r = -1;
	if (netns < 0 || ((c->ns.clone_flags & CLONE_NEWUSER) && c->net.userns_fd < 0))
		goto out;
	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		err_set(e, errno, "network", "pipes for pasta");
		goto out;
	}
	/* pasta never blocks on a full stderr nobody reads after start-up */
	fcntl(errp[1], F_SETFL, O_NONBLOCK);
	struct pasta_args a = { 0 };
	build_args(c, &a);
	char line[2048];
	vlog("network", "%s", join_args(a.argv, line, sizeof(line)));
	c->net.supervisor = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		err_set(e, errno, "network", "fork pasta");
		goto out;
	}
	if (pid == 0)
		exec_pasta(c, &a, netns, c->net.userns_fd, ready[1], errp[1]);
	c->net.pasta_pid = pid;
	close(ready[1]);
	close(errp[1]);
	ready[1] = errp[1] = -1;
	c->net.pasta_err = errp[0];
	errp[0] = -1;
	r = wait_ready(c, ready[0], e);
	if (r == 0)
		vlog("network", "pasta %d ready", (int)pid);
out:
	for (int i = 0; i < 2; i++) {
		if (ready[i] >= 0)
			close(ready[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	if (netns >= 0)
		close(netns);
	if (c->net.userns_fd >= 0)
		close(c->net.userns_fd);
	c->net.userns_fd = -1;
	return r;
}

/* Every path out of enforce: no pasta outlives the run. */
void pasta_stop(struct enforce_ctx *c)
{
	if (c->net.pasta_pid > 0) {
		kill(c->net.pasta_pid, SIGKILL);
		waitpid(c->net.pasta_pid, NULL, 0);
		vlog("network", "pasta %d stopped", (int)c->net.pasta_pid);
	}
	c->net.pasta_pid = -1;
	if (c->net.pasta_err >= 0)
		close(c->net.pasta_err);
	c->net.pasta_err = -1;
}

void pasta_plan(const struct enforce_ctx *c, FILE *out)
{
	if (!net_publishes(c->v))
		return;
	struct pasta_args a = { 0 };
	build_args(c, &a);
	char line[2048];
	plan_line(out, "network", "after the clone: %s (%s)", join_args(a.argv, line, sizeof(line)),
		  c->net.pasta_path);
}
