/* llprobe: tries what Landlock restricts and prints one line per try,
 * "OP ARG: ok" or "OP ARG: <strerror>", for tests/lsm/t_landlock.sh.
 * Static, so it runs where only its own directory may be executed.
 *
 *   read PATH | write PATH | create PATH | truncate PATH | list DIR
 *   exec PATH          fork, execve PATH noop, report the execve's errno
 *   bind PORT          bind 127.0.0.1:PORT and listen (kept open)
 *   connect PORT       connect to 127.0.0.1:PORT
 *   ulisten NAME       listen on abstract unix socket NAME, then sleep
 *   uconnect NAME      connect to abstract unix socket NAME
 *   kill PID           kill(PID, 0)
 *   pause              print "pause: ready", then wait for a signal
 *   noop               nothing (exit 0)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

static int result(int r)
{
	return r < 0 ? errno : 0;
}

static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	if ((flags & O_ACCMODE) != O_RDONLY && write(fd, "x\n", 2) != 2) {
		int e = errno;
		close(fd);
		return e;
	}
	close(fd);
	return 0;
}

static int try_list(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return errno;
	closedir(d);
	return 0;
}

static int try_exec(const char *path)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return errno;
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, (char *)"noop", NULL };
		execve(path, argv, (char *[]){ NULL });
		int e = errno;
		if (write(pipefd[1], &e, sizeof(e)) < 0)
			_exit(2);
		_exit(127);
	}
	close(pipefd[1]);
	int e = 0;
	if (read(pipefd[0], &e, sizeof(e)) != sizeof(e))
		e = 0; /* EOF: the execve succeeded */
	close(pipefd[0]);
	int status;
	waitpid(pid, &status, 0);
	if (!e && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		e = ECHILD;
	return e;
}

static int tcp(int port, int do_bind)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return errno;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int r = do_bind ? bind(s, (struct sockaddr *)&a, sizeof(a))
			: connect(s, (struct sockaddr *)&a, sizeof(a));
	if (r == 0 && do_bind)
		r = listen(s, 8); /* kept open for a later connect */
	else
		close(s);
	return result(r);
}

static int unix_abstract(const char *name, int do_listen)
{
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t n = strnlen(name, sizeof(a.sun_path) - 2);
	memcpy(a.sun_path + 1, name, n);
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	if (!do_listen) {
		int r = result(connect(s, (struct sockaddr *)&a, len));
		close(s);
		return r;
	}
	if (bind(s, (struct sockaddr *)&a, len) < 0 || listen(s, 8) < 0)
		return errno;
	printf("ulisten %s: ok\n", name);
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: llprobe OP ARG [OP ARG]...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		const char *op = argv[i], *arg = i + 1 < argc ? argv[i + 1] : "";
		int e;
		if (!strcmp(op, "noop"))
			continue;
		if (!strcmp(op, "pause")) {
			printf("pause: ready\n");
			fflush(stdout);
			for (;;)
				pause();
		}
		i++;
		if (!strcmp(op, "read"))
			e = try_open(arg, O_RDONLY);
		else if (!strcmp(op, "write"))
			e = try_open(arg, O_WRONLY | O_TRUNC);
		else if (!strcmp(op, "create"))
			e = try_open(arg, O_WRONLY | O_CREAT | O_EXCL);
		else if (!strcmp(op, "truncate"))
			e = result(truncate(arg, 0));
		else if (!strcmp(op, "list"))
			e = try_list(arg);
		else if (!strcmp(op, "exec"))
			e = try_exec(arg);
		else if (!strcmp(op, "bind"))
			e = tcp(atoi(arg), 1);
		else if (!strcmp(op, "connect"))
			e = tcp(atoi(arg), 0);
		else if (!strcmp(op, "ulisten"))
			e = unix_abstract(arg, 1);
		else if (!strcmp(op, "uconnect"))
			e = unix_abstract(arg, 0);
		else if (!strcmp(op, "kill"))
			e = result(kill(atoi(arg), 0));
		else {
			fprintf(stderr, "llprobe: unknown op %s\n", op);
			return 2;
		}
		printf("%s %s: %s\n", op, arg, e ? strerror(e) : "ok");
	}
	return 0;
}
