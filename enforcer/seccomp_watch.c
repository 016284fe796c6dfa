/* The supervisor's side of a notify program (seccomp.h): take the child's
 * listener, then for every notification name the blocked syscall and kill
 * the process that made it, which is what kill_process would have done,
 * with a line that says why.
 *
 * Security argument (docs/seccomp.md): a notified call does not run until
 * the supervisor answers, and the only answer that lets one run is the
 * single CONTINUE for the child's own pre-exec wait, recognised by every
 * fact we can check: the first notification, from the process that loaded
 * the filter, a native read(), while that process still runs enforce's own
 * executable and before the channel's close-on-exec end has gone. Every other notification gets SIGKILL for its process, then
 * an error reply, so even a failed kill leaves the call refused. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "bpf_interp.h"
#include "channel.h"
#include "enforce.h"
#include "learn.h"
#include "seccomp.h"

/* The child loads right after announcing, so the listener is there within
 * microseconds: poll from 10 us, doubling up to 1 ms, for 5 s in all. A
 * fixed 1 ms sleep cost every notify start a millisecond (docs/BENCHMARKS.md). */
#define ATTACH_FIRST_NS 10000L
#define ATTACH_MAX_NS 1000000L
#define ATTACH_TOTAL_NS 5000000000LL

/* Is fd a seccomp listener? Its /proc link names the anon inode. */
static bool is_listener(int fd)
{
	char path[64], link[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	if (n < 0)
		return false;
	link[n] = '\0';
	return strcmp(link, "anon_inode:seccomp notify") == 0;
}

static int take_listener(int pidfd, uint32_t child_fd, struct err *e)
{
	long wait_ns = ATTACH_FIRST_NS;
	for (long long waited = 0; waited < ATTACH_TOTAL_NS; waited += wait_ns) {
		int fd = (int)syscall(SYS_pidfd_getfd, pidfd, (int)child_fd, 0);
		if (fd >= 0) {
			if (is_listener(fd))
				return fd;
			close(fd); /* announced but not yet loaded: fd N is something else */
		} else if (errno != EBADF) {
			return err_set(e, errno, "seccomp", "taking the child's listener (fd %u)",
				       child_fd);
		}
		if (waited)
			wait_ns = wait_ns * 2 > ATTACH_MAX_NS ? ATTACH_MAX_NS : wait_ns * 2;
		struct timespec ts = { 0, wait_ns };
		nanosleep(&ts, NULL);
	}
	return err_set(e, 0, "seccomp", "the child never loaded its filter (fd %u)", child_fd);
}

int seccomp_watch_attach(struct seccomp_watch *w, const struct polb_view *v, pid_t child,
			 int pidfd, uint32_t child_fd, int chan_fd, struct err *e)
{
	struct learn *learn = w->learn;
	*w = (struct seccomp_watch){ .listener = -1, .child = child, .view = v, .chan = -1,
				     .learn = learn };
	int fd = take_listener(pidfd, child_fd, e);
	if (fd < 0)
		return -1;
	w->chan = fcntl(chan_fd, F_DUPFD_CLOEXEC, 0);
	if (w->chan < 0) {
		close(fd);
		return err_set(e, errno, "seccomp", "keeping the channel");
	}
	w->listener = fd;
	w->pre_exec = 1;
	if (chan_send(chan_fd, CHAN_SECCOMP_ACK, NULL, 0) < 0) {
		seccomp_watch_close(w);
		return err_set(e, errno, "seccomp", "acknowledging the listener");
	}
	return 0;
}

int seccomp_watch_fd(const struct seccomp_watch *w)
{
	return w->listener;
}

void seccomp_watch_close(struct seccomp_watch *w)
{
	if (w->listener >= 0) {
		close(w->listener);
		close(w->chan);
	}
	w->listener = -1;
	w->chan = -1;
}

/* Does /proc/PID/exe name the same file as our own executable? */
static bool runs_enforce(pid_t pid)
{
	char path[64];
	struct stat mine, theirs;
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	return stat("/proc/self/exe", &mine) == 0 && stat(path, &theirs) == 0 &&
	       mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino;
}

/* Has the child's end of the channel gone (close-on-exec: the command was
 * executed)? Peeks, so the supervisor's own reads see every message. */
static bool channel_hung_up(const struct seccomp_watch *w)
{
	char byte;
	return recv(w->chan, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static bool is_pre_exec_wait(const struct seccomp_watch *w, const struct seccomp_notif *n)
{
	return w->pre_exec && (pid_t)n->pid == w->child &&
	       n->data.arch == arch_native_audit() && n->data.nr == SYS_read &&
	       runs_enforce((pid_t)n->pid) && !channel_hung_up(w);
}

static const char *syscall_name(const struct polb_view *v, uint32_t arch, uint32_t nr)
{
	for (size_t i = 0; v && i < v->nsyscall_names; i++)
		if (v->syscall_names[i].audit_arch == arch && v->syscall_names[i].nr == nr)
			return polb_str(v, v->syscall_names[i].name);
	/* the blob names only what it may kill; -v names errno refusals too */
	return sysname_of(sysname_arch_of(arch, nr), nr);
}

/* Argument i's name from the blob's SYSCALL_ARGS ("fd,request,argp"), or
 * "argI" (an older blob, or none given). */
static void arg_name(const struct polb_view *v, uint32_t arch, uint32_t nr, int i, char *out,
		     size_t size)
{
	snprintf(out, size, "arg%d", i);
	for (size_t k = 0; v && k < v->nsyscall_args; k++) {
		if (v->syscall_args[k].audit_arch != arch || v->syscall_args[k].nr != nr)
			continue;
		const char *p = polb_str(v, v->syscall_args[k].name);
		for (int at = 0; p && at < i; at++) {
			p = strchr(p, ',');
			p = p ? p + 1 : NULL;
		}
		size_t len = p ? strcspn(p, ",") : 0;
		if (len && len < size && !(len == 1 && p[0] == '-'))
			snprintf(out, size, "%.*s", (int)len, p);
		return;
	}
}

/* " by @namespaces": where the refusing rule came from (the blob's
 * SYSCALL_ORIGINS, absent from older blobs: then ""). */
static const char *origin_note(const struct polb_view *v, uint32_t arch, uint32_t nr, char *buf,
			       size_t size)
{
	for (size_t i = 0; v && i < v->nsyscall_origins; i++)
		if (v->syscall_origins[i].audit_arch == arch && v->syscall_origins[i].nr == nr) {
			snprintf(buf, size, " by %s", polb_str(v, v->syscall_origins[i].name));
			return buf;
		}
	return "";
}

/* ", i386 int 0x80", ", x32", ... : the entry a call came through, from
 * the architecture table; "" for the host's own. */
static const char *arch_note(uint32_t arch, uint32_t nr, char *buf, size_t size)
{
	for (int a = 0; a < IR_ARCH_COUNT; a++) {
		const struct arch_row *r = &arch_table[a];
		if (r->audit == arch && r->entry && (!r->nr_bit || (nr & r->nr_bit))) {
			snprintf(buf, size, ", %s", r->entry);
			return buf;
		}
	}
	return "";
}

/* The blob's own verdict on the call, by the one interpreter, and the
 * words of seccomp_data it read; a program the interpreter cannot run
 * counts as a kill. */
static uint32_t verdict_reads(const struct seccomp_watch *w, const struct seccomp_data *d,
			      uint32_t *words)
{
	const struct polb_view_seccomp *p = polb_seccomp_for(w->view, arch_native_audit());
	uint32_t ret = SECCOMP_RET_KILL_PROCESS;
	unsigned steps;
	*words = 0;
	if (!p || bpf_interp_reads(p->insns, p->hdr->ninsns, d, &ret, &steps, words) < 0)
		return SECCOMP_RET_KILL_PROCESS;
	return ret;
}

static uint32_t verdict(const struct seccomp_watch *w, const struct seccomp_data *d)
{
	uint32_t words;
	return verdict_reads(w, d, &words);
}

/* "personality(persona=0x1234)": the arguments the program tested on its
 * way to the verdict (those are the conditions the call failed); the bare
 * name when it tested none (refused whatever the arguments). Returns how
 * many arguments it names. */
static int call_text(const struct seccomp_watch *w, const struct seccomp_notif *n,
		     const char *name, char *out, size_t size)
{
	uint32_t words;
	verdict_reads(w, &n->data, &words);
	size_t used = (size_t)snprintf(out, size, "%s", name);
	int shown = 0;
	for (int i = 0; i < 6 && used < size; i++) {
		if (!(words & (3u << (4 + 2 * i))))
			continue;
		char an[64];
		arg_name(w->view, n->data.arch, (uint32_t)n->data.nr, i, an, sizeof an);
		used += (size_t)snprintf(out + used, size - used, "%s%s=0x%llx", shown++ ? ", " : "(",
					 an, (unsigned long long)n->data.args[i]);
	}
	if (shown && used < size)
		snprintf(out + used, size - used, ")");
	return shown;
}

static void report(const struct seccomp_watch *w, const struct seccomp_notif *n)
{
	char path[64], exe[4096];
	snprintf(path, sizeof path, "/proc/%u/exe", n->pid);
	ssize_t len = readlink(path, exe, sizeof exe - 1);
	if (len < 0)
		snprintf(exe, sizeof exe, "pid %u", n->pid);
	else
		exe[len] = '\0';
	const char *name = syscall_name(w->view, n->data.arch, (uint32_t)n->data.nr);
	uint32_t shown = (uint32_t)n->data.nr;
	if (n->data.arch == arch_table[IR_ARCH_X32].audit)
		shown &= ~arch_table[IR_ARCH_X32].nr_bit; /* x32's number without its bit */
	char note[32], call[256], origin[300];
	const char *by = origin_note(w->view, n->data.arch, (uint32_t)n->data.nr, origin, sizeof origin);
	if (!name)
		name = "unknown";
	int args = call_text(w, n, name, call, sizeof call);
	const char *entry = arch_note(n->data.arch, (uint32_t)n->data.nr, note, sizeof note);
	/* exe is the container's to name: enforce_line escapes it */
	uint32_t ret = verdict(w, &n->data);
	if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO) {
		const char *en = strerrorname_np((int)(ret & SECCOMP_RET_DATA));
		enforce_line("refused %s: %s%s (%u%s) in %s", call, en ? en : "errno", by, shown,
			     entry, exe);
		return;
	}
	/* the kill line keeps the form it always had; what the rule tested
	 * and where it came from follow it */
	enforce_line("blocked syscall %s (%u%s) in %s%s%s%s%s", name, shown, entry, exe,
		     args ? ": " : "", args ? call : "", by[0] ? "," : "", by);
}

static void respond_errno(int listener, const struct seccomp_notif *n, int err)
{
	struct seccomp_notif_resp r;
	memset(&r, 0, sizeof r);
	r.id = n->id;
	r.error = -err;
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &r);
}

static void respond(int listener, const struct seccomp_notif *n, bool go_on)
{
	struct seccomp_notif_resp r;
	memset(&r, 0, sizeof r);
	r.id = n->id;
	if (go_on)
		r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else
		r.error = -EPERM;
	/* ENOENT: the process is gone (killed just now): nothing to answer */
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &r);
}

void seccomp_watch_handle(struct seccomp_watch *w, short revents)
{
	struct seccomp_notif_sizes sizes;
	if (w->listener < 0)
		return;
	/* Only a waiting notification may be received: on a hang-up alone
	 * (no process uses the filter any more) NOTIF_RECV blocks on some
	 * kernels (6.1) instead of failing, and the supervisor would never
	 * reap its child. Stop watching instead. */
	if (!(revents & POLLIN)) {
		if (revents & (POLLHUP | POLLERR | POLLNVAL))
			seccomp_watch_close(w);
		return;
	}
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		return;
	size_t size = sizes.seccomp_notif > sizeof(struct seccomp_notif) ? sizes.seccomp_notif
									  : sizeof(struct seccomp_notif);
	struct seccomp_notif *n = calloc(1, size);
	if (!n)
		return;
	if (ioctl(w->listener, SECCOMP_IOCTL_NOTIF_RECV, n) < 0) {
		/* ENOENT: nothing pending (the caller died first, or the poll
		 * woke for a hang-up). Once no process uses the filter the
		 * listener reports POLLHUP for ever: stop watching it then,
		 * or the supervisor's poll loop would spin. */
		struct pollfd p = { .fd = w->listener, .events = POLLIN };
		if (errno != EINTR && (poll(&p, 1, 0) < 0 || (p.revents & (POLLHUP | POLLERR | POLLNVAL))))
			seccomp_watch_close(w);
		free(n);
		return;
	}
	if (is_pre_exec_wait(w, n)) {
		w->pre_exec = 0;
		vlog("seccomp", "let the child's pre-exec wait for the ack through, once");
		respond(w->listener, n, true);
		free(n);
		return;
	}
	w->pre_exec = 0;
	if (w->learn) {
		learn_record(w->learn, w->view, w->listener, n);
		respond(w->listener, n, true);
		free(n);
		return;
	}
	report(w, n);
	/* -v made the errno returns notifications (seccomp.c): answer as the
	 * blob would have, with that errno; anything else is a kill. */
	uint32_t ret = verdict(w, &n->data);
	if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO) {
		respond_errno(w->listener, n, (int)(ret & SECCOMP_RET_DATA));
		free(n);
		return;
	}
	/* Still the process that made the call (not a reused pid)? */
	if (ioctl(w->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &n->id) == 0)
		kill((pid_t)n->pid, SIGKILL);
	respond(w->listener, n, false);
	free(n);
}
