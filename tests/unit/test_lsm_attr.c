/* AppArmor and SELinux exec labels, tested at the nearest honest level on a
 * machine without either: the kernel interfaces (attr files, the sysfs and
 * selinuxfs files, apparmor_parser) are pointed at files in a temp tree
 * through lsm_paths_override(), a hook only tests can reach (it is not on
 * the command line nor in the environment). What this proves: the exact
 * bytes written and to which attr file, the fallback from
 * attr/apparmor/exec to attr/exec, the read-back check, every refusal
 * (status 125, one clear line) and the one `optional` warning. What it
 * cannot prove: that a kernel confines the command; the VM lane does that
 * (tests/lsm/vm/). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lsm.h"
#include "lsm_internal.h"
#include "lsm_view.h"
#include "tap.h"

static char top[64];
static char pbuf[8][512];

static const char *P(int slot, const char *rel)
{
	snprintf(pbuf[slot], sizeof(pbuf[slot]), "%s/%s", top, rel);
	return pbuf[slot];
}

static void put(const char *rel, const char *text, size_t len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", top, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		perror(path);
		exit(2);
	}
	close(fd);
}

/* Whole file into buf; returns its length, -1 when missing. */
static ssize_t get(const char *rel, char *buf, size_t size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", top, rel);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

/* A machine with AppArmor and SELinux both enabled and enforcing, and a
 * parser that records its arguments and stdin. */
static void fixture(void)
{
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s/* && mkdir -p %s/attr/apparmor", top, top);
	if (system(cmd) != 0)
		exit(2);
	put("attr/apparmor/exec", "", 0);
	put("attr/exec", "", 0);
	put("aa_enabled", "Y\n", 2);
	put("aa_profiles", "web (enforce)\nlax (complain)\n", 29);
	put("filesystems", "nodev\tsysfs\nnodev\tselinuxfs\n\text4\n", 34);
	put("se_enforce", "1", 1);
	put("se_context", "", 0);
	const char *parser = "#!/bin/sh\nd=$(dirname \"$0\")\necho \"$@\" > \"$d/parser.args\"\n"
			     "env > \"$d/parser.env\"\ncat > \"$d/parser.stdin\"\n"
			     "[ ! -e \"$d/parser.fail\" ]\n";
	put("apparmor_parser", parser, strlen(parser));
	struct lsm_paths p = {
		.attr_dir = P(0, "attr"),
		.apparmor_enabled = P(1, "aa_enabled"),
		.apparmor_profiles = P(2, "aa_profiles"),
		.filesystems = P(3, "filesystems"),
		.selinux_enforce = P(4, "se_enforce"),
		.selinux_context = P(5, "se_context"),
		.parser = { P(6, "apparmor_parser"), NULL, NULL },
	};
	lsm_paths_override(&p);
}

/* stderr into a file while f runs; the text comes back in out. */
static int with_stderr(int (*f)(const struct polb_view *, struct err *), const struct polb_view *v,
		       struct err *e, char *out, size_t size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/stderr", top);
	fflush(stderr);
	int saved = dup(2), fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	memset(e, 0, sizeof(*e));
	int r = f(v, e);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	get("stderr", out, size);
	return r;
}

/* For TAP messages: the text on one line, newlines shown as '|'. */
static const char *flat(const char *s)
{
	static char buf[1024];
	size_t i = 0;
	for (; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = s[i] == '\n' ? '|' : s[i];
	buf[i] = '\0';
	return buf;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_apparmor_bytes(void)
{
	struct lsm_view b;
	struct err e;
	char got[256], err[1024];
	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, 0, "web", NULL);
	OK(with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err)) == 0 && !err[0],
	   "apparmor: a loaded profile passes lsm_prepare silently");
	int r = with_stderr(lsm_set_exec_labels, &b.v, &e, err, sizeof(err));
	ssize_t n = get("attr/apparmor/exec", got, sizeof(got));
	OK(n == 8 && !memcmp(got, "exec web", 8),
	   "apparmor: writes exactly 'exec web' (8 bytes, no NUL, no newline) to attr/apparmor/exec");
	OK(get("attr/exec", got, sizeof(got)) == 0, "apparmor: attr/exec untouched when attr/apparmor exists");
	/* A file reads back what was written, not the kernel's "web (enforce)":
	 * the read-back check must catch that. */
	OK(r == -1 && e.status == 125 && strstr(e.detail, "reads back 'exec web'"),
	   "apparmor: a read-back that is not the kernel's answer refuses (%s)", e.detail);

	fixture();
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf %s/attr/apparmor", top);
	if (system(cmd) != 0)
		exit(2);
	with_stderr(lsm_set_exec_labels, &b.v, &e, err, sizeof(err));
	n = get("attr/exec", got, sizeof(got));
	OK(n == 8 && !memcmp(got, "exec web", 8),
	   "apparmor: falls back to attr/exec when attr/apparmor/ does not exist");
}

static void test_apparmor_refusals(void)
{
	struct lsm_view b;
	struct err e;
	char err[1024], got[64];

	fixture();
	unlink(P(7, "aa_enabled"));
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, 0, "web", NULL);
	int r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && e.status == 125 && !strcmp(e.step, "apparmor") &&
	   strstr(e.detail, "profile 'web': AppArmor is not built into this kernel"),
	   "apparmor absent: refused with status 125 (%s)", e.detail);

	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, POLB_LSM_OPTIONAL, "web", NULL);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && count_lines(err) == 1 &&
	   strstr(err, "enforce: warning: apparmor: AppArmor is not built into this kernel") &&
	   strstr(err, "profile 'web' skipped (optional)"),
	   "apparmor absent, optional: one warning naming what was skipped [%s]", flat(err));
	r = with_stderr(lsm_set_exec_labels, &b.v, &e, err, sizeof(err));
	OK(r == 0 && !err[0] && get("attr/apparmor/exec", got, sizeof(got)) == 0,
	   "apparmor absent, optional: the child writes nothing and warns no second time");

	fixture();
	put("aa_enabled", "N\n", 2);
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, 0, "web", NULL);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && strstr(e.detail, "built in but not enabled"),
	   "apparmor disabled at boot: refused (%s)", e.detail);

	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, 0, "missing", NULL);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && strstr(e.detail, "profile 'missing': not loaded"),
	   "apparmor: a profile not loaded is refused (%s)", e.detail);

	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, 0, "web", NULL);
	lv_lsm(&b, POLB_LSM_APPARMOR, 0, "lax", NULL);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && strstr(e.detail, "two apparmor records"), "two apparmor records: refused");
}

static void test_apparmor_readback(void)
{
	bool complain;
	OK(apparmor_readback_ok("web (enforce)\n", "web", &complain) == 1 && !complain,
	   "read-back 'web (enforce)' names web in enforce mode");
	OK(apparmor_readback_ok("web (complain)\n", "web", &complain) == 1 && complain,
	   "read-back 'web (complain)' is flagged complain");
	OK(apparmor_readback_ok("web (kill)\n", "web", &complain) == 1 && !complain,
	   "read-back 'web (kill)' confines");
	OK(apparmor_readback_ok("webx (enforce)\n", "web", &complain) == 0,
	   "read-back of another profile with the same prefix is refused");
	OK(apparmor_readback_ok("unconfined\n", "web", &complain) == 0, "read-back 'unconfined' is refused");
	OK(apparmor_readback_ok("web (unconfined)\n", "web", &complain) == 0,
	   "read-back of a profile in unconfined mode is refused");
	OK(apparmor_readback_ok("", "web", &complain) == 0, "empty read-back is refused");
}

static void test_apparmor_generated(void)
{
	struct lsm_view b;
	struct err e;
	char err[1024], got[1024];
	const char *profile = "abi <abi/3.0>,\nprofile polc-web {\n  /** r,\n}\n";

	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, POLB_LSM_GENERATED, "polc-web", profile);
	int r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0, "generated: lsm_prepare loads it (%s)", r ? e.detail : "ok");
	OK(get("parser.stdin", got, sizeof(got)) == (ssize_t)strlen(profile) && !strcmp(got, profile),
	   "generated: apparmor_parser got the blob's profile text on stdin, byte for byte");
	OK(get("parser.args", got, sizeof(got)) > 0 && !strcmp(got, "--replace\n"),
	   "generated: apparmor_parser ran with --replace [%s]", flat(got));

	OK(get("parser.env", got, sizeof(got)) > 0 && !strstr(got, "LSM_TEST_SECRET") &&
	   strstr(got, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"),
	   "generated: apparmor_parser runs with a fixed environment, not enforce's");

	fixture();
	put("parser.fail", "", 0);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && e.status == 125 && strstr(e.detail, "exited with status 1"),
	   "generated: a parser failure refuses (%s)", e.detail);
	b.lsm[0].flags |= POLB_LSM_OPTIONAL;
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && count_lines(err) == 1 && strstr(err, "profile 'polc-web' skipped (optional)"),
	   "generated, optional: a parser failure is one warning [%s]", flat(err));

	fixture();
	struct lsm_paths nop = { .parser = { P(7, "no/such/parser"), NULL, NULL } };
	lsm_paths_override(&nop);
	b.lsm[0].flags &= ~POLB_LSM_OPTIONAL;
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && strstr(e.detail, "needs apparmor_parser"),
	   "generated: no apparmor_parser refuses (%s)", e.detail);
}

static void test_selinux(void)
{
	struct lsm_view b;
	struct err e;
	char err[1024], got[256];
	const char *label = "system_u:system_r:container_t:s0:c1,c2";
	size_t len = strlen(label);

	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_SELINUX, 0, label, NULL);
	int r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && get("se_context", got, sizeof(got)) == (ssize_t)len + 1 && !strcmp(got, label),
	   "selinux: lsm_prepare checks the label against the policy (context file)");
	r = with_stderr(lsm_set_exec_labels, &b.v, &e, err, sizeof(err));
	OK(r == 0, "selinux: exec label set and read back (%s)", r ? e.detail : "ok");
	OK(get("attr/exec", got, sizeof(got)) == (ssize_t)len + 1 && !memcmp(got, label, len + 1),
	   "selinux: writes exactly the label and its NUL to attr/exec, as setexeccon does");

	fixture();
	put("filesystems", "nodev\tsysfs\n", 12);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && e.status == 125 && !strcmp(e.step, "selinux") &&
	   strstr(e.detail, "SELinux is not enabled in this kernel"),
	   "selinux disabled: refused with status 125 (%s)", e.detail);
	b.lsm[0].flags |= POLB_LSM_OPTIONAL;
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && count_lines(err) == 1 && strstr(err, "enforce: warning: selinux: SELinux is not enabled") &&
	   strstr(err, "skipped (optional)"),
	   "selinux disabled, optional: one warning [%s]", flat(err));
	r = with_stderr(lsm_set_exec_labels, &b.v, &e, err, sizeof(err));
	OK(r == 0 && !err[0] && get("attr/exec", got, sizeof(got)) == 0,
	   "selinux disabled, optional: nothing written, no second warning");

	fixture();
	put("se_enforce", "0", 1);
	b.lsm[0].flags &= ~POLB_LSM_OPTIONAL;
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && strstr(e.detail, "permissive"), "selinux permissive: refused (%s)", e.detail);

	fixture();
	unlink(P(7, "se_context"));
	if (mkdir(P(7, "se_context"), 0755) < 0)
		exit(2);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && strstr(e.detail, "cannot check the label"),
	   "selinux: a label that cannot be checked is refused (%s)", e.detail);

	if (geteuid() == 0) {
		fixture();
		chmod(P(7, "se_context"), 0);
		/* root passes file modes: show EACCES with a process that cannot. */
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			if (setresuid(65534, 65534, 65534) < 0)
				_exit(2);
			_exit(lsm_prepare(&b.v, &e) == 0 ? 0 : 1);
		}
		int status;
		waitpid(pid, &status, 0);
		OK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		   "selinux: a domain not allowed to check labels leaves the check to the attr write");
	}
}

static void test_both(void)
{
	struct lsm_view b;
	struct err e;
	char err[1024], got[256];
	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_SELINUX, 0, "u:r:t:s0", NULL);
	lv_lsm(&b, POLB_LSM_APPARMOR, POLB_LSM_OPTIONAL, "lax", NULL);
	int r = with_stderr(lsm_set_exec_labels, &b.v, &e, err, sizeof(err));
	OK(get("attr/apparmor/exec", got, sizeof(got)) == 8 && !strcmp(got, "exec lax") &&
	   get("attr/exec", got, sizeof(got)) == 0 && r == -1,
	   "apparmor first; a failed read-back stops before the selinux label is written");
	FILE *plan = tmpfile();
	lsm_plan(&b.v, plan);
	rewind(plan);
	size_t n = fread(got, 1, sizeof(got) - 1, plan);
	got[n] = '\0';
	fclose(plan);
	OK(strstr(got, "selinux    exec label 'u:r:t:s0'\n") &&
	   strstr(got, "apparmor   exec profile 'lax' (optional)\n"),
	   "lsm_plan names both labels [%s]", flat(got));
}

int main(void)
{
	setenv("LSM_TEST_SECRET", "1", 1);
	snprintf(top, sizeof(top), "/tmp/lsm-attr.XXXXXX");
	if (!mkdtemp(top) || chmod(top, 0755) < 0)
		return 2;
	test_apparmor_bytes();
	test_apparmor_refusals();
	test_apparmor_readback();
	test_apparmor_generated();
	test_selinux();
	test_both();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	if (system(cmd) != 0)
		return 2;
	return TAP_DONE();
}
