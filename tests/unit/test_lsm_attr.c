/* AppArmor and SELinux exec labels, tested at the nearest honest level on a
 * machine without either: the kernel interfaces (attr files, the sysfs and
 * selinuxfs files, apparmorfs: features, .replace, policy/profiles) are
 * pointed at files in a temp tree
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
#include <sys/apparmor.h>
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

/* The features the fixture's kernel offers (aa_features text; set_load, so
 * libapparmor writes a policy to .replace in one write). */
#define KERNEL_FEATURES "policy {set_load {yes\n}\nversions {v8 {yes\n}\n}\n}\n"

/* A machine with AppArmor and SELinux both enabled and enforcing, and an
 * apparmorfs whose .replace records what is loaded. */
static void fixture(void)
{
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf %s/* && mkdir -p %s/attr/apparmor %s/aafs/policy/profiles",
		 top, top, top);
	if (system(cmd) != 0)
		exit(2);
	put("attr/apparmor/exec", "", 0);
	put("attr/exec", "", 0);
	put("aa_enabled", "Y\n", 2);
	put("aa_profiles", "web (enforce)\nlax (complain)\n", 29);
	put("filesystems", "nodev\tsysfs\nnodev\tselinuxfs\n\text4\n", 34);
	put("se_enforce", "1", 1);
	put("se_context", "", 0);
	put("aafs/features", KERNEL_FEATURES, strlen(KERNEL_FEATURES));
	put("aafs/.replace", "", 0);
	struct lsm_paths p = {
		.attr_dir = P(0, "attr"),
		.apparmor_enabled = P(1, "aa_enabled"),
		.apparmor_profiles = P(2, "aa_profiles"),
		.filesystems = P(3, "filesystems"),
		.selinux_enforce = P(4, "se_enforce"),
		.selinux_context = P(5, "se_context"),
		.apparmor_fs = P(6, "aafs"),
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

/* libapparmor's aa_change_onexec(), its write caught (this binary links
 * with --wrap=write, mk/lsm.mk): which attr file, which bytes. Nothing is
 * written to the real file while catching. */
ssize_t __real_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
static int catching;
static char caught[256], caught_path[256];
static size_t caught_len;
ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	if (!catching)
		return __real_write(fd, buf, n);
	char link[64];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t l = readlink(link, caught_path, sizeof(caught_path) - 1);
	caught_path[l < 0 ? 0 : l] = '\0';
	caught_len = n < sizeof(caught) ? n : sizeof(caught);
	memcpy(caught, buf, caught_len);
	return (ssize_t)n;
}

/* Why enforce writes the attr file itself instead of calling
 * aa_change_onexec (docs/lsm.md): the bytes are the same, byte for byte,
 * and so is the file (attr/apparmor/exec, else attr/exec); what differs is
 * when the file is found (enforce opens the attr directory before
 * pivot_root, libapparmor opens /proc/TID/attr/... at call time, which a
 * container without /proc does not have). */
static void test_apparmor_same_as_libapparmor(void)
{
	catching = 1;
	int r = aa_change_onexec("web");
	catching = 0;
	size_t pl = strlen(caught_path);
	int attr_exec = pl >= 10 && (!strcmp(caught_path + pl - 10, "/attr/exec") ||
				     (pl >= 19 && !strcmp(caught_path + pl - 19, "/attr/apparmor/exec")));
	OK(r == 0 && attr_exec, "libapparmor: aa_change_onexec writes to attr/exec [%s]", caught_path);

	struct lsm_view b;
	struct err e;
	char got[256], err[1024];
	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, 0, "web", NULL); /* listed in the fixture */
	with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	with_stderr(lsm_set_exec_labels, &b.v, &e, err, sizeof(err));
	ssize_t n = get("attr/apparmor/exec", got, sizeof(got));
	OK(n == (ssize_t)caught_len && caught_len == 8 && !memcmp(got, caught, caught_len),
	   "enforce writes exactly what aa_change_onexec writes ('exec web', 8 bytes, one write)");
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

/* A loaded profile as apparmorfs shows it: policy/profiles/DIR/{name,mode,raw_data}. */
static void loaded(const char *dir, const char *name, const char *mode, const void *raw,
		   size_t len)
{
	char cmd[700], rel[300];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/aafs/policy/profiles/%s", top, dir);
	if (system(cmd) != 0)
		exit(2);
	snprintf(rel, sizeof(rel), "aafs/policy/profiles/%s/name", dir);
	put(rel, name, strlen(name));
	snprintf(rel, sizeof(rel), "aafs/policy/profiles/%s/mode", dir);
	put(rel, mode, strlen(mode));
	snprintf(rel, sizeof(rel), "aafs/policy/profiles/%s/raw_data", dir);
	put(rel, raw, len);
}

/* What the fixture's .replace received: 1 exactly `policy`, 0 nothing, -1 else. */
static int replaced(const void *policy, size_t len)
{
	char got[1024];
	ssize_t n = get("aafs/.replace", got, sizeof(got));
	if (n == 0)
		return 0;
	return n == (ssize_t)len && !memcmp(got, policy, len) ? 1 : -1;
}

/* libapparmor is dlopened when a generated profile is loaded: without it,
 * refused with one line naming the library, or one warning with
 * `optional`. Runs before any load succeeds (a loaded library is kept). */
static void test_apparmor_lib_missing(void)
{
	struct lsm_view b;
	struct err e;
	char err[1024];
	static const uint8_t policy[] = "\x04\x08\x00version\x00";
	fixture();
	struct lsm_paths p = { .apparmor_lib = "libpolc-test-no-such-apparmor.so.1" };
	lsm_paths_override(&p);
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, POLB_LSM_GENERATED, "polc-web", "profile polc-web {}\n");
	lv_apparmor(&b, KERNEL_FEATURES, policy, sizeof(policy) - 1);
	int r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && e.status == EXIT_CMD_FAILED_TO_START &&
	   strstr(e.detail, "profile 'polc-web': cannot load libpolc-test-no-such-apparmor.so.1 "
			    "for the compiled profile (install libapparmor1)") &&
	   !strchr(e.detail, '\n'),
	   "generated, no libapparmor: refused, one line naming the library (%s)", e.detail);
	OK(get("aafs/.replace", err, sizeof(err)) == 0, "generated, no libapparmor: nothing loaded");

	fixture();
	lsm_paths_override(&p);
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, POLB_LSM_GENERATED | POLB_LSM_OPTIONAL, "polc-web",
	       "profile polc-web {}\n");
	lv_apparmor(&b, KERNEL_FEATURES, policy, sizeof(policy) - 1);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && strstr(err, "enforce: warning: apparmor: cannot load libpolc-test-no-such-") &&
	   strstr(err, "profile 'polc-web' skipped (optional)"),
	   "generated, no libapparmor, optional: one warning, skipped [%s]", flat(err));
	p.apparmor_lib = "libapparmor.so.1";
	lsm_paths_override(&p);
}

static void test_apparmor_generated(void)
{
	struct lsm_view b;
	struct err e;
	char err[1024];
	const char *profile = "abi <abi/3.0>,\nprofile polc-web {\n  /** r,\n}\n";
	/* binary policy as the reader passes it: the fixture's bytes only
	 * need to reach .replace unchanged (the kernel is the fixture) */
	static const uint8_t policy[] = "\x04\x08\x00version\x00\x02\x07\x20\x20\x00"
		"\x04\x08\x00profile\x00\x07\x05\x09\x00polc-web\x00\x08";
	const size_t plen = sizeof(policy) - 1;

	fixture();
	lv_init(&b);
	lv_lsm(&b, POLB_LSM_APPARMOR, POLB_LSM_GENERATED, "polc-web", profile);
	lv_apparmor(&b, KERNEL_FEATURES, policy, plen);
	int r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0, "generated: lsm_prepare loads it (%s)", r ? e.detail : "ok");
	OK(replaced(policy, plen) == 1,
	   "generated: the compiled policy reached apparmorfs/.replace byte for byte, in one load");

	/* Already loaded, same bytes, enforce mode: not loaded again. A decoy
	 * whose directory shares the prefix does not count. */
	fixture();
	loaded("polc-web.x.2", "polc-web.x\n", "enforce\n", "other", 5);
	loaded("polc-web.7", "polc-web\n", "enforce\n", policy, plen);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && replaced(policy, plen) == 0,
	   "generated: the kernel holds the same policy: nothing is loaded (%s)",
	   r ? e.detail : "ok");

	fixture();
	loaded("polc-web.7", "polc-web\n", "enforce\n", policy, plen - 1);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && replaced(policy, plen) == 1,
	   "generated: a loaded profile of that name from other bytes is replaced");

	fixture();
	loaded("polc-web.7", "polc-web\n", "complain\n", policy, plen);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && replaced(policy, plen) == 1,
	   "generated: the same bytes in complain mode are loaded again (enforcing)");

	/* Compiled for other features: refused, or one warning with optional. */
	fixture();
	put("aafs/features", "policy {set_load {yes\n}\n}\n", 26);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && e.status == 125 && replaced(policy, plen) == 0 &&
	   strstr(e.detail, "profile 'polc-web': compiled for other AppArmor features than this "
			    "kernel's; rebuild the blob for this kernel: polc build "
			    "--apparmor-features FILE"),
	   "generated, other features: refused before loading (%s)", e.detail);
	b.lsm[0].flags |= POLB_LSM_OPTIONAL;
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == 0 && count_lines(err) == 1 && replaced(policy, plen) == 0 &&
	   strstr(err, "compiled for other AppArmor features") &&
	   strstr(err, "profile 'polc-web' skipped (optional)"),
	   "generated, other features, optional: one warning, nothing loaded [%s]", flat(err));
	b.lsm[0].flags &= ~POLB_LSM_OPTIONAL;

	/* The kernel refuses the load (here: no .replace to write). */
	fixture();
	char path[600];
	snprintf(path, sizeof(path), "%s/aafs/.replace", top);
	unlink(path);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && e.status == 125 && strstr(e.detail, "the kernel refused the compiled profile"),
	   "generated: a failed load refuses (%s)", e.detail);

	/* No features to compare: refused. */
	fixture();
	snprintf(path, sizeof(path), "%s/aafs/features", top);
	unlink(path);
	r = with_stderr(lsm_prepare, &b.v, &e, err, sizeof(err));
	OK(r == -1 && strstr(e.detail, "cannot read this kernel's AppArmor features"),
	   "generated: unreadable kernel features refuse (%s)", e.detail);
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
	test_apparmor_lib_missing();
	test_apparmor_generated();
	test_apparmor_same_as_libapparmor();
	test_selinux();
	test_both();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	if (system(cmd) != 0)
		return 2;
	return TAP_DONE();
}
