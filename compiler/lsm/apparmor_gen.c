/* `apparmor generate`: derive an AppArmor profile from the policy's
 * filesystem, capability and network rules.
 *
 * The profile says in AppArmor's words what the rest of the policy already
 * says, so a second, independent mechanism holds the same line:
 *  - files: each mount's target gets what the mount allows (read-only or
 *    read-write, exec unless noexec); masked paths are denied everything,
 *    read-only paths every write; no root statement means the host's view,
 *    where the policy restricts nothing and neither does the profile;
 *  - capabilities: exactly the kept ones;
 *  - network: unix and netlink always; inet/inet6 stream only when the
 *    Landlock section names TCP ports (Landlock holds the ports), any inet
 *    type otherwise;
 *  - always: no mount, remount, umount or pivot_root; signals only within
 *    the profile and from unconfined (enforce forwarding them); no ptrace.
 * Paths are quoted; a path holding an AppArmor glob or escape character is
 * refused rather than escaped, so no policy path can widen a rule. */
#include "lsm/apparmor_gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"

/* Characters AppArmor reads as glob, alternation, variable or escape. */
static const char aa_special[] = "*?[]{}^\\\"";

char *apparmor_profile_name(const char *policy_name)
{
	const char *n = policy_name && *policy_name ? policy_name : "policy";
	for (const char *p = n; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("._-", *p))
			return NULL;
	size_t len = strlen(n) + sizeof("polc-");
	char *name = malloc(len);
	if (name)
		snprintf(name, len, "polc-%s", n);
	return name;
}

static int check_path(const char *path, struct err *e)
{
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr(aa_special, *p) ||
		    (p[0] == '@' && p[1] == '{'))
			return err_set(e, 0, "apparmor",
				       "generate: the path '%s' holds '%c', which AppArmor reads as a "
				       "pattern; write the profile by hand and name it instead",
				       path, *p >= 0x20 && *p != 0x7f ? *p : '?');
	return 0;
}

/* The path itself and everything below it: PATH{,/ **} ("/" alone: /{,**}),
 * written here with a space so the comment stays one. */
static void tree(FILE *f, const char *path, const char *prefix, const char *perms)
{
	if (!strcmp(path, "/"))
		fprintf(f, "  %s\"/{,**}\" %s,\n", prefix, perms);
	else
		fprintf(f, "  %s\"%s{,/**}\" %s,\n", prefix, path, perms);
}

const char *const apparmor_dev_rw[] = { "null", "zero", "full", "random", "urandom", "tty",
					 "ptmx", "pts/*", "shm/**" };
const size_t apparmor_ndev_rw = sizeof(apparmor_dev_rw) / sizeof(apparmor_dev_rw[0]);

static void dev_rules(FILE *f, const char *t)
{
	const char *root = strcmp(t, "/") ? t : "";
	fprintf(f, "  \"%s/\" r,\n  \"%s/pts/\" r,\n  \"%s/shm/\" r,\n", root, root, root);
	for (size_t i = 0; i < apparmor_ndev_rw; i++)
		fprintf(f, "  \"%s/%s\" rw%s,\n", root, apparmor_dev_rw[i],
			!strcmp(apparmor_dev_rw[i], "shm/**") ? "lk" : "");
}

static void mount_rules(FILE *f, const struct ir_mount *m)
{
	bool rw = m->flags & IR_MNT_RW, noexec = m->flags & IR_MNT_NOEXEC;
	fprintf(f, "  # %s %s%s%s\n", ir_mount_kind_name(m->kind), m->target, rw ? " rw" : "",
		noexec ? " noexec" : "");
	switch (m->kind) {
	case IR_MOUNT_ROOT:
	case IR_MOUNT_OVERLAY:
	case IR_MOUNT_BIND:
	case IR_MOUNT_TMPFS:
		tree(f, m->target, "", rw ? "rwlk" : "r");
		tree(f, m->target, noexec ? "deny " : "", noexec ? "x" : "mix");
		break;
	case IR_MOUNT_PROC:
	case IR_MOUNT_SYSFS:
		tree(f, m->target, "", "r");
		break;
	case IR_MOUNT_MQUEUE:
		tree(f, m->target, "", "rw");
		break;
	case IR_MOUNT_DEV:
		dev_rules(f, m->target);
		break;
	case IR_MOUNT_MASK:
		tree(f, m->target, "deny ", "rwlkmx");
		break;
	case IR_MOUNT_READONLY:
		tree(f, m->target, "deny ", "wl");
		break;
	default: /* symlink: resolved to its target, which has its own rules */
		break;
	}
}

bool apparmor_has_root(const struct ir_filesystem *fs)
{
	for (size_t i = 0; i < fs->nmounts; i++)
		if (!strcmp(fs->mounts[i].target, "/") &&
		    (fs->mounts[i].kind == IR_MOUNT_ROOT || fs->mounts[i].kind == IR_MOUNT_OVERLAY))
			return true;
	return false;
}

static int file_rules(FILE *f, const struct pol_ir *ir, struct err *e)
{
	const struct ir_filesystem *fs = &ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++)
		if (check_path(fs->mounts[i].target, e) < 0)
			return -1;
	fprintf(f, "  # files\n");
	if (!apparmor_has_root(fs)) {
		fprintf(f, "  # no root statement: the host's own view, not restricted here\n");
		tree(f, "/", "", "rwlkmix");
	}
	for (size_t i = 0; i < fs->nmounts; i++)
		mount_rules(f, &fs->mounts[i]);
	return 0;
}

static void cap_rules(FILE *f, const struct ir_caps *caps)
{
	fprintf(f, "\n  # capabilities: only those the policy keeps\n");
	for (int cap = 0; cap < 64; cap++) {
		if (!(caps->keep & (UINT64_C(1) << cap)))
			continue;
		const char *name = vocab_capability_name(cap);
		if (name)
			fprintf(f, "  capability %s,\n", name);
	}
}

static void net_rules(FILE *f, const struct ir_landlock *ll)
{
	fprintf(f, "\n  # network\n  network unix,\n  network netlink raw,\n  network netlink dgram,\n");
	if (ll->set && ll->nports) {
		fprintf(f, "  # TCP only: Landlock holds the ports\n");
		fprintf(f, "  network inet stream,\n  network inet6 stream,\n");
	} else {
		fprintf(f, "  network inet,\n  network inet6,\n");
	}
	fprintf(f, "  unix,\n");
}

static void fixed_rules(FILE *f, const char *name)
{
	fprintf(f, "\n  # always\n");
	fprintf(f, "  signal (send, receive) peer=%s,\n", name);
	fprintf(f, "  signal (receive) peer=unconfined,\n");
	/* audit: a confined service trying to change its mounts is worth a
	 * log line (a plain deny is silent), and it names this profile */
	fprintf(f, "  audit deny mount,\n  audit deny remount,\n  audit deny umount,\n"
		   "  audit deny pivot_root,\n");
}

static int write_profile(FILE *f, const struct pol_ir *ir, const char *name, struct err *e)
{
	fprintf(f, "# AppArmor profile generated by polc from policy '%s'.\n",
		ir->name ? ir->name : "");
	fprintf(f, "# Derived from the policy's filesystem, capabilities and network rules\n"
		   "# (docs/lsm.md); polc build compiles it, enforce loads the compiled policy.\n"
		   "# Change the policy, not this text.\n");
	fprintf(f, "abi <abi/3.0>,\n\nprofile %s flags=(attach_disconnected,mediate_deleted) {\n",
		name);
	if (file_rules(f, ir, e) < 0)
		return -1;
	cap_rules(f, &ir->caps);
	net_rules(f, &ir->lsm.landlock);
	fixed_rules(f, name);
	fprintf(f, "}\n");
	return 0;
}

int apparmor_generate(struct pol_ir *ir, struct err *e)
{
	struct ir_lsm_label *aa = &ir->lsm.apparmor;
	if (!aa->generate)
		return 0;
	char *name = apparmor_profile_name(ir->name);
	if (!name)
		return err_set(e, 0, "apparmor",
			       "generate: the policy name '%s' is not usable in a profile name "
			       "(letters, digits, '.', '_', '-')", ir->name);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		free(name);
		return err_set(e, errno, "apparmor", "generate: memory");
	}
	int r = write_profile(f, ir, name, e);
	if (fclose(f) != 0 && r == 0)
		r = err_set(e, errno, "apparmor", "generate: memory");
	if (r < 0) {
		free(text);
		free(name);
		return -1;
	}
	free(aa->name);
	free(aa->profile);
	aa->name = name;
	aa->profile = text;
	return 0;
}
