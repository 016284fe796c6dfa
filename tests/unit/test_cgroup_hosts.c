/* The other kinds of host, driven on this machine: pure v2 on its v2
 * hierarchy and v1 only on its v1 hierarchies (cg_prepare_on with the host
 * described), and rootless (as the user poltest): refused clearly, or
 * excused by `optional`. Needs root to set up; otherwise SKIP. */
#include "cgroup_test.h"

/* The pure-v2 path, driven on this machine's v2 hierarchy by describing the
 * host as v2-only (it offers no controller here, so: devices as the BPF
 * program being the only rule, and the child born in its cgroup by
 * clone3(CLONE_INTO_CGROUP)). A real v2 host is tested in the VM lane. */
static void test_pure_v2(const struct cg_host *real)
{
	if (real->v2 < 0) {
		OK(1, "pure v2 # SKIP no v2 hierarchy");
		return;
	}
	struct cg_host *v2 = calloc(1, sizeof(*v2));
	v2->kind = CG_HOST_V2;
	v2->nhier = 1;
	v2->v2 = 0;
	v2->hier[0] = real->hier[real->v2];
	v2->hier[0].ctrls = CG_BIT(CG_DEVICES);
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		v2->ctrl_hier[c] = c == CG_DEVICES ? 0 : -1;

	struct tview t;
	struct cgroup_handle h;
	struct err e;
	tv_init(&t);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	int pr = cg_prepare_on(&t.v, v2, &h, &e);
	OK(pr == 0, "pure v2: prepare: %s", pr ? e.detail : "");
	int fd = cgroup_clone_fd(&h);
	OK(h.npaths == 1 && fd >= 0, "pure v2: one cgroup, its fd offered for CLONE_INTO_CGROUP");
	int res[2];
	if (fd >= 0 && pipe2(res, O_CLOEXEC) == 0) {
		struct clone_args a;
		memset(&a, 0, sizeof(a));
		a.flags = CLONE_INTO_CGROUP;
		a.exit_signal = SIGCHLD;
		a.cgroup = (uint64_t)fd;
		pid_t pid = (pid_t)syscall(SYS_clone3, &a, sizeof(a));
		if (pid == 0) {
			char cg[512] = "";
			FILE *f = fopen("/proc/self/cgroup", "r");
			while (f && fgets(cg, sizeof(cg), f) && strncmp(cg, "0::", 3) != 0)
				;
			if (f)
				fclose(f);
			struct dev_try d = { 'c', 1, 2, O_RDONLY };
			say(res[1], "born-in %d ", strstr(cg, h.name) != NULL);
			work_dev(res[1], &d);
			_exit(0);
		}
		close(res[1]);
		char out[256] = "";
		size_t len = 0;
		ssize_t n;
		while ((n = read(res[0], out + len, sizeof(out) - 1 - len)) > 0)
			len += (size_t)n;
		out[len] = '\0';
		close(res[0]);
		waitpid(pid, NULL, 0);
		OK(strstr(out, "born-in 1 ") != NULL, "pure v2: the child is born in its cgroup (%s)", out);
		OK(strstr(out, "mknod 0 open 1 ") != NULL, "pure v2: the BPF program alone denies c 1:2 (%s)", out);
	}
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy), "pure v2: cgroup removed");

	/* a controller this "v2 host" does not offer: refused, or excused by optional */
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 16, 0, NULL);
	pr = cg_prepare_on(&t.v, v2, &h, &e);
	OK(pr < 0 && e.errnum == EOPNOTSUPP && strstr(e.detail, "no pids controller offered"),
	   "pure v2: a controller not offered is refused: %s", pr ? e.detail : "");
	t.cg.flags |= POLB_CG_OPTIONAL;
	fflush(stderr);
	pr = cg_prepare_on(&t.v, v2, &h, &e);
	OK(pr == 0 && !h.active, "pure v2: optional goes on without the cgroup");
	free(v2);
}

/* A v1-only host (this machine's hierarchies without the v2 one): no
 * cgroup.kill, so what a command leaves running is killed pid by pid. */
static void test_v1_only(const struct cg_host *real)
{
	struct cg_host *v1 = calloc(1, sizeof(*v1));
	*v1 = *real;
	v1->kind = CG_HOST_V1;
	if (real->v2 >= 0) {
		for (int i = real->v2; i + 1 < v1->nhier; i++)
			v1->hier[i] = v1->hier[i + 1];
		v1->nhier--;
		for (int c = 0; c < CG_CTRL_COUNT; c++)
			if (v1->ctrl_hier[c] > real->v2)
				v1->ctrl_hier[c]--;
			else if (v1->ctrl_hier[c] == real->v2)
				v1->ctrl_hier[c] = -1;
		v1->v2 = -1;
	}
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	struct run r;
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	tv_limit(&t, POLB_CG_MEMORY_MAX, 64u << 20, 0, NULL);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	int pr = cg_prepare_on(&t.v, v1, &h, &e);
	OK(pr == 0 && h.npaths == 3 && cgroup_clone_fd(&h) < 0,
	   "v1 only: pids, memory and devices cgroups, no v2 one (%d), no clone fd", h.npaths);
	bool no_kill_file = true;
	for (int i = 0; i < h.npaths; i++)
		no_kill_file &= !cg_file_exists(h.paths[i], "cgroup.kill");
	OK(no_kill_file, "v1 only: no cgroup.kill to use");
	run_in(&h, work_sleep_tree, NULL, &r);
	char procs[256] = "";
	cg_read(leaf_in(&h, "pids.max"), "cgroup.procs", procs, sizeof(procs));
	int daemons = 0;
	for (char *p = procs; *p; p++)
		daemons += *p == '\n';
	OK(procs[0] && daemons + 1 == 3, "v1 only: the command left 3 daemons in its cgroup");
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy), "v1 only: killed one by one and removed");

	/* a SIGKILLed run's leaf, removed by the next run on the same host */
	pid_t orphan = killed_run(&t); /* detects the real host: leaves v1 and v2 leaves */
	pr = cg_prepare_on(&t.v, v1, &h, &e);
	usleep(100000);
	OK(pr == 0 && !alive(orphan), "v1 only: a killed run's task killed by the next run");
	cgroup_destroy(&h);
	/* the killed run's v2 leaf is outside this synthetic host: a real run sweeps it */
	pr = cg_probe_prepare(&t.v, &h, &e);
	cgroup_destroy(&h);
	free(v1);
}

static void test_rootless(const struct cg_host *host)
{
	struct passwd *pw = getpwnam("poltest");
	if (!pw) {
		OK(1, "rootless # SKIP no user poltest");
		return;
	}
	for (int optional = 0; optional < 2; optional++) {
		int p[2];
		if (pipe(p) < 0)
			return;
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			dup2(p[1], 2);
			if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
				_exit(90);
			struct tview t;
			struct cgroup_handle h;
			struct err e;
			tv_init(&t);
			tv_limit(&t, POLB_CG_PIDS_MAX, 16, 0, NULL);
			if (optional)
				t.cg.flags |= POLB_CG_OPTIONAL;
			int r = cg_probe_prepare(&t.v, &h, &e);
			if (r < 0)
				err_print("enforce", &e);
			_exit(r == 0 ? (h.active ? 2 : 0) : 1);
		}
		close(p[1]);
		char msg[1024];
		ssize_t n = read(p[0], msg, sizeof(msg) - 1);
		msg[n > 0 ? n : 0] = '\0';
		close(p[0]);
		int st;
		waitpid(pid, &st, 0);
		if (!optional)
			OK(WIFEXITED(st) && WEXITSTATUS(st) == 1 && strstr(msg, "no delegated cgroup"),
			   "rootless: refused clearly: %s", msg);
		else
			OK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && strstr(msg, "warning") &&
			   strstr(msg, "optional"), "rootless: optional warns and goes on: %s", msg);
	}
	OK(leftovers(host) == 0, "rootless: nothing left");
}

int main(void)
{
	struct cg_host host;
	if (cgtest_start(&host, "cgroup hosts") < 0)
		return 0;
	test_pure_v2(&host);
	test_v1_only(&host);
	test_rootless(&host);
	cgtest_end(&host);
	return TAP_DONE();
}
