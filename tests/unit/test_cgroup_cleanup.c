/* Nothing left behind: cgroups the container made inside its own, the
 * leaves of a run whose enforce was SIGKILLed (removed by the next run, the
 * task it left killed), 200 runs with kills. Needs root; otherwise SKIP. */
#include "cgroup_test.h"

/* The container may make cgroups inside its own (with a writable cgroupfs):
 * destroy removes them too, and kills what runs there. */
static void test_nested(void)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	int pr = cg_probe_prepare(&t.v, &h, &e);
	pid_t sleeper = fork();
	if (sleeper == 0) {
		sleep(60);
		_exit(0);
	}
	int made = 0;
	for (int i = 0; pr == 0 && i < h.npaths; i++) {
		char inner[CG_PATH_MAX + 16], deeper[CG_PATH_MAX + 32];
		snprintf(inner, sizeof(inner), "%s/inner", h.paths[i]);
		snprintf(deeper, sizeof(deeper), "%s/inner/deeper", h.paths[i]);
		if (mkdir(inner, 0755) == 0 && mkdir(deeper, 0755) == 0) {
			struct cg_fs fs = { .plan = NULL, .e = &e };
			char spid[16];
			snprintf(spid, sizeof(spid), "%d", (int)sleeper);
			made += cg_write(&fs, deeper, "cgroup.procs", spid, NULL) == 0;
		}
	}
	OK(pr == 0 && made == h.npaths, "nested: a task in LEAF/inner/deeper of each hierarchy (%d)", made);
	struct cgroup_handle copy = h;
	cgroup_destroy(&h);
	OK(all_gone(&copy), "nested: the leaf and the cgroups inside it removed");
	int st = 0;
	pid_t got = 0;
	for (int i = 0; i < 50 && got == 0; i++) {
		got = waitpid(sleeper, &st, WNOHANG);
		if (got == 0)
			usleep(10000);
	}
	OK(got == sleeper && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "nested: the task inside was killed (status %#x)", st);
	if (got == 0) {
		kill(sleeper, SIGKILL);
		waitpid(sleeper, NULL, 0);
	}
}

static void test_stale(const struct cg_host *host)
{
	struct tview t;
	struct cgroup_handle h;
	struct err e;
	int pr;
	tv_init(&t);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	pid_t orphan = killed_run(&t);
	int left = leftovers(host);
	OK(orphan > 0 && left > 0, "stale: a SIGKILLed run left %d cgroups", left);
	pr = cg_probe_prepare(&t.v, &h, &e);
	OK(pr == 0, "stale: the next run prepares");
	left = leftovers(host);
	OK(left == h.npaths, "stale: only the new run's cgroups remain (%d of %d)", left, h.npaths);
	usleep(100000);
	OK(!alive(orphan), "stale: the task it left was killed");
	cgroup_destroy(&h);
	OK(leftovers(host) == 0, "stale: nothing left");
}

static void test_many_runs(const struct cg_host *host)
{
	struct tview t;
	tv_init(&t);
	tv_limit(&t, POLB_CG_MEMORY_MAX, 64u << 20, 0, NULL);
	tv_limit(&t, POLB_CG_PIDS_MAX, 64, 0, NULL);
	tv_dev(&t, 1, 'c', 1, 11, CG_DEV_R);
	int failed = 0, killed = 0;
	pid_t last_orphan = -1;
	for (int i = 0; i < 200; i++) {
		struct cgroup_handle h;
		struct err e;
		struct run r;
		if (i % 10 == 9) {
			last_orphan = killed_run(&t); /* enforce itself SIGKILLed */
			killed++;
			continue;
		}
		if (cg_probe_prepare(&t.v, &h, &e) < 0) {
			printf("# run %d: %s\n", i, e.detail);
			failed++;
			continue;
		}
		if (i % 10 == 3 || i % 10 == 6) {
			/* the command killed mid-run (SIGKILL), or asked to stop (SIGTERM) */
			int go[2];
			if (pipe(go) < 0)
				break;
			pid_t pid = fork();
			if (pid == 0) {
				char c;
				close(go[1]);
				if (read(go[0], &c, 1) < 0)
					_exit(1);
				work_sleep_tree(-1, (void *)1);
				_exit(0);
			}
			close(go[0]);
			cgroup_attach(&h, pid, &e);
			if (write(go[1], "g", 1) < 0)
				failed++;
			close(go[1]);
			usleep(2000);
			kill(pid, i % 10 == 3 ? SIGKILL : SIGTERM);
			waitpid(pid, NULL, 0);
			killed++;
		} else {
			run_in(&h, i % 2 ? work_quick : work_sleep_tree, NULL, &r);
		}
		cgroup_report(&h);
		cgroup_destroy(&h);
	}
	/* one more run cleans what the last killed enforce left */
	struct cgroup_handle h;
	struct err e;
	if (cg_probe_prepare(&t.v, &h, &e) == 0)
		cgroup_destroy(&h);
	OK(failed == 0, "200 runs: all prepared (%d failed)", failed);
	OK(leftovers(host) == 0, "200 runs, %d killed: nothing left under the parent", killed);
	usleep(100000);
	OK(last_orphan > 0 && !alive(last_orphan), "200 runs: the last orphan is gone");
}

int main(void)
{
	struct cg_host host;
	if (cgtest_start(&host, "cgroup cleanup") < 0)
		return 0;
	test_nested();
	test_stale(&host);
	test_many_runs(&host);
	cgtest_end(&host);
	return TAP_DONE();
}
