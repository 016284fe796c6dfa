/* polc verify PID app.polb [--json] [--strict]: is this running process
 * confined as the blob says? Reads the live state of PID (and of nothing
 * it could have planted: see procfs.h) and compares it with the blob one
 * setting at a time, one line per setting:
 *
 *   namespaces.net: ok (new: net:[4026532301])
 *   capabilities.effective: differs: holds sys_admin, which the blob does not give
 *   seccomp: not checked: ... programs not compared: reading filters back needs CAP_SYS_ADMIN
 *
 * Exit 0 when nothing differs, 1 when something does (or, with --strict,
 * could not be checked), 2 on a usage error, an unreadable or invalid
 * blob, or a process that cannot be read at all. */
#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "verify/verify.h"

static void __attribute__((format(printf, 4, 0)))
report(struct vctx *c, const char *setting, const char *status, const char *fmt, va_list ap)
{
	char text[1024];
	vsnprintf(text, sizeof(text), fmt, ap);
	/* one line each, whatever the process named its paths */
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (c->json) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "setting", json_object_new_string(setting));
		json_object_object_add(o, "status", json_object_new_string(status));
		json_object_object_add(o, "detail", json_object_new_string(text));
		json_object_array_add(c->jarr, o);
		return;
	}
	if (!strcmp(status, "ok"))
		printf("%s: ok%s%s\n", setting, text[0] ? " " : "", text);
	else
		printf("%s: %s: %s\n", setting, status, text);
}

#define VR(name, status, counter)                                              \
	void name(struct vctx *c, const char *setting, const char *fmt, ...)  \
	{                                                                      \
		va_list ap;                                                    \
		va_start(ap, fmt);                                             \
		report(c, setting, status, fmt, ap);                           \
		va_end(ap);                                                    \
		c->counter++;                                                  \
	}
VR(vr_ok, "ok", nok)
VR(vr_differs, "differs", ndiffer)
VR(vr_unchecked, "not checked", nunchecked)

static int usage(FILE *out, int status)
{
	fprintf(out, "usage: polc verify PID BLOB.polb [--json] [--strict]\n"
		"Compares the live confinement of process PID (the command enforce ran,\n"
		"or any of its descendants) with the blob, one line per setting: ok,\n"
		"differs: WHAT, or not checked: WHY. Exit 0 nothing differs, 1 something\n"
		"does (--strict: or was not checked), 2 error.\n");
	return status;
}

static int load_process(struct vctx *c, struct err *e)
{
	char *text = NULL;
	int r = proc_read(c->pid, "status", &text, NULL, e);
	if (r == 0)
		r = proc_parse_status(text, &c->st, e);
	free(text);
	text = NULL;
	if (r == 0 && (r = proc_read(c->pid, "mountinfo", &text, NULL, e)) == 0)
		r = proc_parse_mountinfo(text, &c->mi, e);
	free(text);
	text = NULL;
	if (r == 0 && (r = proc_read(getpid(), "mountinfo", &text, NULL, e)) == 0)
		r = proc_parse_mountinfo(text, &c->host_mi, e);
	free(text);
	return r;
}

static void run_checks(struct vctx *c)
{
	verify_namespaces(c);
	verify_idmaps(c);   /* before user and caps: they translate ids through the maps */
	verify_user(c);
	verify_caps(c);
	verify_rlimits(c);
	verify_seccomp(c);
	verify_cgroup(c);
	verify_lsm(c);
	verify_root(c);
	verify_mounts(c);
}

static int parse_pid(const char *s, pid_t *pid)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v <= 0 || v > 4194304)
		return -1;
	*pid = (pid_t)v;
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	struct vctx c = { .pid = 0 };
	bool strict = false;
	const char *pos[2] = { NULL, NULL };
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(stdout, 0);
		if (!strcmp(argv[i], "--json"))
			c.json = true;
		else if (!strcmp(argv[i], "--strict"))
			strict = true;
		else if (argv[i][0] != '-' && npos < 2)
			pos[npos++] = argv[i];
		else
			return usage(stderr, 2);
	}
	if (npos != 2 || parse_pid(pos[0], &c.pid) < 0)
		return usage(stderr, 2);
	struct err e;
	struct polb_view v;
	void *buf = NULL;
	size_t size;
	if (polb_read_file(pos[1], &buf, &size, &v, &e) < 0) {
		err_print("polc", &e);
		return 2;
	}
	c.v = &v;
	if (load_process(&c, &e) < 0) {
		err_print("polc", &e);
		proc_status_free(&c.st);
		proc_mountinfo_free(&c.mi);
		free(buf);
		return 2;
	}
	if (c.json)
		c.jarr = json_object_new_array();
	run_checks(&c);
	if (c.json) {
		json_object *top = json_object_new_object();
		json_object_object_add(top, "pid", json_object_new_int(c.pid));
		json_object_object_add(top, "blob", json_object_new_string(pos[1]));
		json_object_object_add(top, "results", c.jarr);
		json_object_object_add(top, "ok", json_object_new_int(c.nok));
		json_object_object_add(top, "differ", json_object_new_int(c.ndiffer));
		json_object_object_add(top, "not_checked", json_object_new_int(c.nunchecked));
		puts(json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(top);
	} else {
		printf("%d ok, %d differ, %d not checked\n", c.nok, c.ndiffer, c.nunchecked);
	}
	proc_status_free(&c.st);
	proc_mountinfo_free(&c.mi);
	proc_mountinfo_free(&c.host_mi);
	free(buf);
	return c.ndiffer || (strict && c.nunchecked) ? 1 : 0;
}
