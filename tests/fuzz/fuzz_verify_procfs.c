/* libFuzzer target: the /proc parsers of polc verify on arbitrary bytes.
 * The process polc verify reads is the attacker, and these files are what
 * it can shape (its mount names, its cgroup paths, its maps). The first
 * byte picks the parser; the rest, NUL-terminated, is the file. Each
 * parser must fill its result or refuse with a message, inside bounds. */
#include "fuzz_input.h"
#include "verify/procfs.h"

static volatile size_t sink;

static void mountinfo(const char *text)
{
	struct proc_mountinfo mi;
	struct err e = { 0 };
	if (proc_parse_mountinfo(text, &mi, &e) < 0) {
		fuzz_refusal_named(&e);
		return;
	}
	for (size_t i = 0; i < mi.n; i++)
		sink += strlen(mi.m[i].root) + strlen(mi.m[i].target) + strlen(mi.m[i].fstype) +
			strlen(mi.m[i].source) + strlen(mi.m[i].super) + mi.m[i].flags;
	if (mi.n)
		sink += proc_mount_at(&mi, mi.m[0].target) != NULL;
	proc_mountinfo_free(&mi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *text = fuzz_text(data + 1, size - 1);
	if (!text)
		return 0;
	struct err e = { 0 };
	int r = 0;
	switch (data[0] % 5) {
	case 0: {
		struct proc_status st;
		r = proc_parse_status(text, &st, &e);
		if (r == 0) {
			for (size_t i = 0; i < st.ngroups; i++)
				sink += st.groups[i];
			proc_status_free(&st);
		}
		break;
	}
	case 1: {
		struct proc_map_line l[PROC_MAX_MAP];
		size_t n;
		r = proc_parse_idmap(text, l, PROC_MAX_MAP, &n, &e);
		break;
	}
	case 2:
		mountinfo(text);
		break;
	case 3: {
		static struct proc_cgroup_line l[PROC_MAX_CGROUPS];
		size_t n;
		r = proc_parse_cgroup(text, l, PROC_MAX_CGROUPS, &n, &e);
		for (size_t i = 0; r == 0 && i < n; i++)
			sink += strlen(l[i].path) + strlen(l[i].controllers);
		break;
	}
	case 4: {
		uint64_t s[PROC_NLIMITS], h[PROC_NLIMITS];
		r = proc_parse_limits(text, s, h, &e);
		break;
	}
	}
	if (r < 0)
		fuzz_refusal_named(&e);
	free(text);
	return 0;
}
