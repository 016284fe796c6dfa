/* `apparmor generate`: the profile derived from a policy's IR. Checks the
 * rules each policy statement becomes, determinism, the refusals, and that
 * apparmor_parser (when installed; this machine has it, without AppArmor
 * in the kernel) compiles the text: `--skip-kernel-load` parses and
 * compiles the whole profile to the kernel's format without loading it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ir.h"
#include "lsm/apparmor_gen.h"
#include "tap.h"
#include "vocab/vocab.h"

static void add_mount(struct pol_ir *ir, enum ir_mount_kind kind, const char *target, uint32_t flags)
{
	struct ir_filesystem *fs = &ir->filesystem;
	fs->mounts = realloc(fs->mounts, (fs->nmounts + 1) * sizeof(*fs->mounts));
	fs->mounts[fs->nmounts++] = (struct ir_mount){
		.kind = kind, .flags = flags, .target = strdup(target),
		.source = kind == IR_MOUNT_ROOT || kind == IR_MOUNT_BIND ? strdup("/srv/x") : NULL,
	};
}

static void web_policy(struct pol_ir *ir)
{
	ir_init(ir);
	ir->name = strdup("web");
	ir->lsm.apparmor.name = strdup("generate");
	ir->lsm.apparmor.generate = true;
	add_mount(ir, IR_MOUNT_ROOT, "/", 0);
	add_mount(ir, IR_MOUNT_BIND, "/data", IR_MNT_RW | IR_MNT_NOEXEC);
	add_mount(ir, IR_MOUNT_TMPFS, "/tmp", IR_MNT_RW);
	add_mount(ir, IR_MOUNT_PROC, "/proc", 0);
	add_mount(ir, IR_MOUNT_DEV, "/dev", 0);
	add_mount(ir, IR_MOUNT_MASK, "/proc/kcore", 0);
	add_mount(ir, IR_MOUNT_READONLY, "/proc/sys", 0);
	ir->caps.set = true;
	ir->caps.keep = UINT64_C(1) << vocab_capability("net_bind_service");
	ir->lsm.landlock.set = true;
	ir->lsm.landlock.ports = calloc(1, sizeof(*ir->lsm.landlock.ports));
	ir->lsm.landlock.ports[0] = (struct ir_landlock_port){ .bind = false, .port = 443 };
	ir->lsm.landlock.nports = 1;
}

/* 1 when apparmor_parser compiles the text, 0 when it refuses, -1 absent. */
static int parser_accepts(const char *text)
{
	const char *parser = access("/usr/sbin/apparmor_parser", X_OK) == 0 ? "/usr/sbin/apparmor_parser"
			     : access("/sbin/apparmor_parser", X_OK) == 0 ? "/sbin/apparmor_parser" : NULL;
	if (!parser)
		return -1;
	char path[] = "/tmp/lsm-gen.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "%s --skip-kernel-load --skip-cache --quiet < %s 2>/dev/null", parser, path);
	int status = system(cmd);
	unlink(path);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool has(const char *text, const char *line)
{
	return strstr(text, line) != NULL;
}

int main(void)
{
	struct pol_ir ir;
	struct err e = { 0 };
	web_policy(&ir);
	OK(apparmor_generate(&ir, &e) == 0, "generate for policy web (%s)", e.detail);
	const char *t = ir.lsm.apparmor.profile ? ir.lsm.apparmor.profile : "";
	OK(ir.lsm.apparmor.name && !strcmp(ir.lsm.apparmor.name, "polc-web"),
	   "the profile is named polc-web, replacing the word 'generate'");
	OK(has(t, "profile polc-web flags=(attach_disconnected,mediate_deleted) {\n"), "profile header");
	OK(has(t, "abi <abi/3.0>,\n"), "pinned to abi 3.0, so the same text means the same on every kernel");
	OK(has(t, "  \"/{,**}\" r,\n") && has(t, "  \"/{,**}\" mix,\n") && !has(t, "\"/{,**}\" rwlk"),
	   "a read-only root: read and exec everywhere, no write");
	OK(has(t, "  \"/data{,/**}\" rwlk,\n") && has(t, "  deny \"/data{,/**}\" x,\n"),
	   "bind /data rw noexec: write, and exec denied");
	OK(has(t, "  \"/tmp{,/**}\" rwlk,\n") && has(t, "  \"/tmp{,/**}\" mix,\n"), "tmpfs /tmp: write and exec");
	OK(has(t, "  \"/proc{,/**}\" r,\n"), "proc: read");
	OK(has(t, "  \"/dev/null\" rw,\n") && has(t, "  \"/dev/shm/**\" rwlk,\n"), "dev: the minimal nodes");
	OK(has(t, "  deny \"/proc/kcore{,/**}\" rwlkmx,\n"), "mask: everything denied");
	OK(has(t, "  deny \"/proc/sys{,/**}\" wl,\n"), "readonly: writes denied");
	OK(has(t, "  capability net_bind_service,\n"), "the kept capability");
	{
		int caps = 0;
		for (const char *p = t; (p = strstr(p, "capability ")); p++)
			caps++;
		OK(caps == 1, "no other capability (%d capability rules)", caps);
	}
	OK(has(t, "  network inet stream,\n") && !has(t, "  network inet,\n"),
	   "Landlock ports: inet limited to TCP");
	OK(has(t, "  audit deny mount,\n") && has(t, "  audit deny pivot_root,\n") && has(t, "  audit deny umount,\n"),
	   "mount, umount and pivot_root denied");
	OK(has(t, "  signal (send, receive) peer=polc-web,\n"), "signals within the profile");
	int accepted = parser_accepts(t);
	if (accepted < 0)
		printf("ok - apparmor_parser compiles the profile # SKIP apparmor_parser not installed\n");
	else
		OK(accepted == 1, "apparmor_parser --skip-kernel-load compiles the generated profile");
	OK(parser_accepts("profile x {\n  \"/a\" rwq,\n}\n") != 1,
	   "(control) apparmor_parser refuses a broken profile, so the check above can fail");

	struct pol_ir again;
	struct err e2 = { 0 };
	web_policy(&again);
	apparmor_generate(&again, &e2);
	OK(again.lsm.apparmor.profile && !strcmp(again.lsm.apparmor.profile, t),
	   "deterministic: the same IR gives the same bytes");
	ir_free(&again);
	ir_free(&ir);

	/* No root: the host's view; no ports: any inet. */
	ir_init(&ir);
	ir.name = strdup("host");
	ir.lsm.apparmor.generate = true;
	OK(apparmor_generate(&ir, &e) == 0 && has(ir.lsm.apparmor.profile, "  \"/{,**}\" rwlkmix,\n") &&
	   has(ir.lsm.apparmor.profile, "  network inet,\n") && !has(ir.lsm.apparmor.profile, "capability"),
	   "no root statement: files unrestricted, any inet, no capability");
	if (accepted >= 0)
		OK(parser_accepts(ir.lsm.apparmor.profile) == 1, "apparmor_parser compiles it");
	ir_free(&ir);

	/* Refusals: glob characters in a path, a policy name unfit for a profile. */
	web_policy(&ir);
	add_mount(&ir, IR_MOUNT_BIND, "/srv/a*b", 0);
	OK(apparmor_generate(&ir, &e) == -1 && e.status == 125 && strstr(e.detail, "'/srv/a*b' holds '*'"),
	   "a path with a glob character is refused [%s]", e.detail);
	ir_free(&ir);
	web_policy(&ir);
	add_mount(&ir, IR_MOUNT_BIND, "/srv/@{HOME}", 0);
	OK(apparmor_generate(&ir, &e) == -1 && strstr(e.detail, "holds '@'"),
	   "a path with an AppArmor variable is refused [%s]", e.detail);
	ir_free(&ir);
	web_policy(&ir);
	free(ir.name);
	ir.name = strdup("we b");
	OK(apparmor_generate(&ir, &e) == -1 && strstr(e.detail, "not usable in a profile name"),
	   "a policy name with a space is refused [%s]", e.detail);
	ir_free(&ir);

	ir_init(&ir);
	ir.lsm.apparmor.name = strdup("web-confined");
	OK(apparmor_generate(&ir, &e) == 0 && !ir.lsm.apparmor.profile &&
	   !strcmp(ir.lsm.apparmor.name, "web-confined"),
	   "a named profile is left alone");
	ir_free(&ir);
	return TAP_DONE();
}
