/* compiler/host_paths.c, the one judgement of host paths that polc check
 * and polc audit share: component boundaries, magic links, and a bind
 * inside another writable bind; and the front end's `follow` and
 * `nr_inodes=` as they reach the IR. */
#include <string.h>

#include "util/diag.h"
#include "frontend/frontend.h"
#include "host_paths.h"
#include "polb.h"
#include "tap.h"

static void test_within(void)
{
	OK(host_path_within("/srv/vol/cfg", "/srv/vol"), "/srv/vol holds /srv/vol/cfg");
	OK(host_path_within("/srv/vol", "/srv/vol"), "a path holds itself");
	OK(!host_path_within("/srv/volume", "/srv/vol"), "/srv/vol does not hold /srv/volume");
	OK(host_path_within("/anything", "/"), "/ holds every path");
}

static void test_magic(void)
{
	static const char *const magic[] = { "/proc/self/root", "/proc/1/root", "/proc/thread-self/cwd",
					     "/proc/42/exe", "/proc/self/fd/3", "/proc/1/task/1/root",
					     "/proc/self/root/etc", "/proc/7/map_files/1-2", "/proc/1/ns/net", NULL };
	static const char *const plain[] = { "/proc", "/proc/self", "/proc/self/status", "/proc/sys",
					     "/proc/self/fd", "/procx/1/root", "/srv/proc/1/root",
					     "/proc/abc/root", NULL };
	for (size_t i = 0; magic[i]; i++)
		OK(host_path_magic(magic[i]), "magic link: %s", magic[i]);
	for (size_t i = 0; plain[i]; i++)
		OK(!host_path_magic(plain[i]), "not a magic link: %s", plain[i]);
	OK(host_path_sensitive("/proc/self/root") && host_path_sensitive("/etc") &&
	   !host_path_sensitive("/etc/ssl") && host_path_runtime_socket("/var/run/docker.sock"),
	   "sensitive and runtime-socket lists (audit's)");
}

static struct pol_ir ir;
static struct diag d;

static int load(const char *text)
{
	ir_free(&ir);
	diag_free(&d);
	diag_init(&d);
	return frontend_load_buffer("t.pol", text, strlen(text), NULL, &ir, &d);
}

static const struct ir_mount *at(const char *target)
{
	for (size_t i = 0; i < ir.filesystem.nmounts; i++)
		if (!strcmp(ir.filesystem.mounts[i].target, target))
			return &ir.filesystem.mounts[i];
	return NULL;
}

static void test_nested_and_flags(void)
{
	int r = load("policy p\nnamespaces { unshare mount }\nfilesystem {\n"
		     "  bind /srv/vol /data rw\n  bind /srv/vol/cfg /cfg follow\n"
		     "  bind /srv/volume /v\n  bind / /host rw\n  bind /etc/ssl /ssl\n"
		     "  tmpfs /t size=1M nr_inodes=77\n  tmpfs /u size=64M\n  tmpfs /w\n}\n");
	OK(r == 0, "loads");
	const struct ir_mount *cfg = at("/cfg"), *v = at("/v"), *ssl = at("/ssl");
	const struct ir_mount *outer = cfg ? host_path_inside_rw(&ir.filesystem, cfg) : NULL;
	OK(outer && !strcmp(outer->target, "/data"), "/srv/vol/cfg lies inside the rw bind at /data");
	OK(v && !host_path_inside_rw(&ir.filesystem, v), "/srv/volume is not inside /srv/vol");
	OK(ssl && !host_path_inside_rw(&ir.filesystem, ssl),
	   "a writable host / is its own finding, not one per bind");
	OK(cfg && (cfg->flags & IR_MNT_FOLLOW), "follow reaches the IR");
	const struct ir_mount *t = at("/t"), *u = at("/u"), *w = at("/w");
	OK(t && (t->flags & IR_MNT_HAS_INODES) && t->nr_inodes == 77, "nr_inodes=77 reaches the IR");
	OK(t && polb_tmpfs_inodes(t->flags, t->size, t->nr_inodes) == 77, "an explicit bound is kept");
	OK(u && polb_tmpfs_inodes(u->flags, u->size, u->nr_inodes) == 16384, "64M: 16384 inodes");
	OK(w && polb_tmpfs_inodes(w->flags, w->size, w->nr_inodes) == POLB_TMPFS_UNSIZED_INODES,
	   "no size: 65536 inodes");
	OK(polb_tmpfs_inodes(POLB_MNT_HAS_SIZE, 4096, 0) == POLB_TMPFS_MIN_INODES &&
	   polb_tmpfs_inodes(POLB_MNT_HAS_SIZE, 1ull << 40, 0) == POLB_TMPFS_MAX_INODES,
	   "the default is clamped to [1024, 4Mi]");
	OK(load("policy p\nnamespaces { unshare mount }\nfilesystem {\n  tmpfs /t follow\n}\n") != 0,
	   "follow on a tmpfs: an error");
	OK(load("policy p\nnamespaces { unshare mount }\nfilesystem {\n  bind /a /b nr_inodes=3\n}\n") != 0,
	   "nr_inodes on a bind: an error");
}

int main(void)
{
	diag_init(&d);
	test_within();
	test_magic();
	test_nested_and_flags();
	ir_free(&ir);
	diag_free(&d);
	return TAP_DONE();
}
