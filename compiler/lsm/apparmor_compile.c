/* `apparmor generate`, compiled at build time: apparmor_parser turns the
 * generated profile's text into AppArmor binary policy for one kernel
 * feature ABI, so that enforce hands the kernel bytes a reviewer's build
 * produced and runs no parser at deployment (docs/lsm.md).
 *
 * apparmor_parser is a build-time tool of polc, like flex: found at
 * /usr/sbin or /sbin (else on PATH), run with a fixed environment, no
 * configuration file (--config-file=/dev/null: a host's parser.conf must
 * not change what a blob holds) and no cache (-K), skipping the kernel
 * (-Q), with the profile on stdin and the binary on stdout (-S). The
 * features it compiles for (-M) are read and written by libapparmor's
 * aa_features API: the build host's kernel's by default, or a file
 * (--apparmor-features FILE); their text goes into the blob beside the
 * binary. Deterministic: the same text, features and parser give the same
 * bytes. */
#include "lsm/apparmor_gen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/apparmor.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "polb.h"

#define KERNEL_FEATURES "/sys/kernel/security/apparmor/features"

/* A memfd holding `text` (profile or features: text, no NUL inside). */
static int memfd_with(const char *name, const char *text)
{
	int fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (dprintf(fd, "%s", text) != (int)strlen(text)) {
		int saved = errno ? errno : EIO;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* The whole of fd (a memfd) in a fresh buffer with a NUL after it. */
static int slurp(int fd, char **out, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	size_t size = (size_t)st.st_size, done = 0;
	char *buf = malloc(size + 1);
	if (!buf)
		return -1;
	while (done < size) {
		ssize_t n = read(fd, buf + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return -1;
		}
		done += (size_t)n;
	}
	buf[size] = '\0';
	*out = buf;
	*len = size;
	return 0;
}

int apparmor_features_text(const char *file, char **text, struct err *e)
{
	aa_features *f = NULL;
	int r = file ? aa_features_new(&f, AT_FDCWD, file) : aa_features_new_from_kernel(&f);
	if (r < 0) {
		int errnum = errno;
		if (!file)
			return err_set(e, 0, "apparmor",
				       "generate: this host's kernel offers no AppArmor features to "
				       "compile the profile for (%s: %s); name the target kernel's "
				       "with --apparmor-features FILE", KERNEL_FEATURES,
				       strerror(errnum));
		return err_set(e, errnum, "apparmor", "generate: --apparmor-features %s", file);
	}
	int fd = memfd_create("polc-aa-features", MFD_CLOEXEC);
	size_t len = 0;
	r = fd < 0 || aa_features_write_to_fd(f, fd) < 0 || slurp(fd, text, &len) < 0 ? -1 : 0;
	int errnum = errno;
	aa_features_unref(f);
	if (fd >= 0)
		close(fd);
	if (r < 0)
		return err_set(e, errnum, "apparmor", "generate: writing the features text");
	if (len == 0 || strlen(*text) != len) {
		free(*text);
		*text = NULL;
		return err_set(e, 0, "apparmor", "generate: %s: empty or not text",
			       file ? file : KERNEL_FEATURES);
	}
	return 0;
}

static const char *parser_path(void)
{
	static const char *const paths[] = { "/usr/sbin/apparmor_parser", "/sbin/apparmor_parser" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return "apparmor_parser"; /* PATH */
}

/* Run the parser: fds[0] the profile (stdin), fds[1] the binary (stdout),
 * fds[2] its messages (stderr), fds[3] the features file. Returns the wait
 * status, or -1 with errno. */
static int run_parser(const char *parser, const int fds[4])
{
	char features_arg[64];
	snprintf(features_arg, sizeof(features_arg), "/proc/self/fd/%d", fds[3]);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *argv[] = { (char *)"apparmor_parser", (char *)"--config-file=/dev/null",
				 (char *)"-Q", (char *)"-K", (char *)"-M", features_arg,
				 (char *)"-S", NULL };
		char *envp[] = { (char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin", (char *)"LC_ALL=C",
				 NULL };
		if (dup2(fds[0], 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[2], 2) < 0 ||
		    fcntl(fds[3], F_SETFD, 0) < 0)
			_exit(127);
		execvpe(parser, argv, envp);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* The parser's first message line, for one error line of ours. */
static void first_line(int fd, char *out, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	out[0] = '\0';
	if (slurp(fd, &text, &len) < 0)
		return;
	text[strcspn(text, "\n")] = '\0';
	snprintf(out, size, "%s", text);
	free(text);
}

static int compile(struct ir_lsm_label *aa, const char *features, struct err *e)
{
	int fds[4] = { memfd_with("polc-aa-profile", aa->profile),
		       memfd_create("polc-aa-binary", MFD_CLOEXEC),
		       memfd_create("polc-aa-messages", MFD_CLOEXEC),
		       memfd_with("polc-aa-features", features) };
	int r = 0;
	for (int i = 0; i < 4 && r == 0; i++)
		if (fds[i] < 0 || lseek(fds[i], 0, SEEK_SET) < 0)
			r = err_set(e, errno, "apparmor", "generate: memfd");
	const char *parser = parser_path();
	int status = r < 0 ? 0 : run_parser(parser, fds);
	if (r == 0 && status < 0)
		r = err_set(e, errno, "apparmor", "generate: running %s", parser);
	if (r == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		char msg[300];
		first_line(fds[2], msg, sizeof(msg));
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !msg[0])
			r = err_set(e, 0, "apparmor", "generate: apparmor_parser not found (not at "
				    "/usr/sbin or /sbin, nor on PATH): it compiles the profile at "
				    "build time (Debian package apparmor)");
		else
			r = err_set(e, 0, "apparmor", "generate: %s refused profile '%s' (%s %d): %s",
				    parser, aa->name, WIFEXITED(status) ? "exit status" : "signal",
				    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				    msg[0] ? msg : "no message");
	}
	char *bin = NULL;
	size_t len = 0;
	if (r == 0 && slurp(fds[1], &bin, &len) < 0)
		r = err_set(e, errno, "apparmor", "generate: reading the compiled policy");
	if (r == 0 && (len == 0 || len > POLB_MAX_AA_POLICY)) {
		free(bin);
		r = err_set(e, 0, "apparmor", "generate: the compiled policy is %zu bytes "
			    "(1..%u allowed)", len, POLB_MAX_AA_POLICY);
	}
	for (int i = 0; i < 4; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (r < 0)
		return -1;
	aa->compiled = (uint8_t *)bin;
	aa->compiled_size = len;
	return 0;
}

int apparmor_compile(struct pol_ir *ir, const char *features_file, struct err *e)
{
	struct ir_lsm_label *aa = &ir->lsm.apparmor;
	if (!aa->generate || !aa->profile)
		return 0;
	char *features = NULL;
	if (apparmor_features_text(features_file, &features, e) < 0)
		return -1;
	if (compile(aa, features, e) < 0) {
		free(features);
		return -1;
	}
	free(aa->features);
	aa->features = features;
	return 0;
}
