/* polc diff: mounts, matched by target. A side without a mount at "/"
 * keeps the root its mount namespace inherits: the host's, writable, so
 * that is what it is compared as. Masks and read-only remounts are
 * compared on their own (removing one widens). */
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "polb.h"

enum mount_class { MC_MOUNT, MC_MASK, MC_READONLY };

static enum mount_class mount_class(const struct ir_mount *m)
{
	return m->kind == IR_MOUNT_MASK ? MC_MASK : m->kind == IR_MOUNT_READONLY ? MC_READONLY : MC_MOUNT;
}

static const struct ir_mount inherited_root = {
	.kind = IR_MOUNT_ROOT, .flags = IR_MNT_RW, .source = "/", .target = "/",
};

static const struct ir_mount *find_mount(const struct ir_filesystem *fs, const char *target,
					 enum mount_class mc)
{
	for (size_t i = 0; i < fs->nmounts; i++)
		if (mount_class(&fs->mounts[i]) == mc && !strcmp(fs->mounts[i].target, target))
			return &fs->mounts[i];
	if (mc == MC_MOUNT && !strcmp(target, "/"))
		return &inherited_root;
	return NULL;
}

/* Host paths the mount shows (bind, root, overlay lower). */
static const char *host_source(const struct ir_mount *m)
{
	if (m->kind == IR_MOUNT_BIND || m->kind == IR_MOUNT_ROOT)
		return m->source;
	if (m->kind == IR_MOUNT_OVERLAY)
		return m->lower;
	return NULL;
}

static bool writable(const struct ir_mount *m)
{
	switch (m->kind) {
	case IR_MOUNT_BIND: case IR_MOUNT_ROOT: return m->flags & IR_MNT_RW;
	case IR_MOUNT_OVERLAY: return m->upper != NULL;
	case IR_MOUNT_TMPFS: case IR_MOUNT_DEV: case IR_MOUNT_PROC: case IR_MOUNT_MQUEUE: return true;
	default: return false;
	}
}

static const char *describe(const struct ir_mount *m, char *buf, size_t size)
{
	const char *src = host_source(m);
	const char *kind = m == &inherited_root ? "inherited root" : ir_mount_kind_name(m->kind);
	if (src && strcmp(src, m->target))
		snprintf(buf, size, "%s %s at %s (%s)", kind, src, m->target, writable(m) ? "rw" : "ro");
	else if (src)
		snprintf(buf, size, "%s %s (%s)", kind, m->target, writable(m) ? "rw" : "ro");
	else
		snprintf(buf, size, "%s %s", kind, m->target);
	return buf;
}

static const struct ir_origin *origin(const struct ir_mount *m)
{
	return m == &inherited_root ? NULL : &m->at;
}

/* The new side's line, or the old one's when the new side has none (the
 * inherited root). */
static const struct ir_origin *where(const struct ir_mount *o, const struct ir_mount *n)
{
	return origin(n) ? origin(n) : origin(o);
}

static void diff_flag(struct diff_report *r, const struct ir_mount *o, const struct ir_mount *n,
		      uint32_t flag, const char *name)
{
	if ((o->flags & flag) && !(n->flags & flag))
		diff_add(r, DIFF_ADDED, "mounts", where(o, n), "%s loses %s", n->target, name);
	else if (!(o->flags & flag) && (n->flags & flag))
		diff_add(r, DIFF_REMOVED, "mounts", where(o, n), "%s gains %s", n->target, name);
}

/* ---- tmpfs attributes ------------------------------------------------
 * Each compared as the value enforce applies, its default included, so a
 * default written out is no change. */

/* Whether the process's own ids reach a tmpfs root's owner: its uid
 * (then it may chmod it and write whatever the mode) or one of its groups
 * (the group bits apply). A user name is not known before run time. */
static bool is_process_uid(const struct ir_process *p, uint64_t uid)
{
	return p->user_set && p->uid == uid;
}

static bool is_process_gid(const struct ir_process *p, uint64_t gid)
{
	if (!p->user_set)
		return false;
	if (p->gid == gid)
		return true;
	for (size_t i = 0; i < p->ngroups; i++)
		if (p->groups[i] == gid)
			return true;
	return false;
}

struct tmpfs_side {
	const struct ir_mount *m;
	const struct ir_process *p;
};

static uint64_t tmpfs_size(const struct ir_mount *m)
{
	return m->flags & IR_MNT_HAS_SIZE ? m->size : UINT64_MAX; /* the kernel's half of RAM */
}

static uint64_t tmpfs_mode(const struct ir_mount *m)
{
	return polb_tmpfs_mode(m->flags, m->mode);
}

static uint64_t tmpfs_inodes(const struct ir_mount *m)
{
	return polb_tmpfs_inodes(m->flags, m->size, m->nr_inodes);
}

static uint64_t tmpfs_uid(const struct ir_mount *m)
{
	return m->has_owner ? m->uid : 0;
}

static uint64_t tmpfs_gid(const struct ir_mount *m)
{
	return m->has_owner ? m->gid : 0;
}

static enum diff_dir bigger_widens(uint64_t o, uint64_t n, const struct tmpfs_side *so,
				   const struct tmpfs_side *sn)
{
	(void)so, (void)sn;
	return n > o ? DIFF_ADDED : DIFF_REMOVED;
}

/* Permission bits gained widen, and so does the sticky bit lost where
 * others may write (anyone may then delete what another wrote);
 * setuid/setgid alone only change the ownership of what is made. */
static enum diff_dir mode_widens(uint64_t o, uint64_t n, const struct tmpfs_side *so,
				 const struct tmpfs_side *sn)
{
	(void)so, (void)sn;
	if ((n & ~o & 0777) || ((o & ~n & 01000) && (n & 0022)))
		return DIFF_ADDED;
	if ((o & ~n & 0777) || ((n & ~o & 01000) && (o & 0022)))
		return DIFF_REMOVED;
	return DIFF_CHANGED;
}

static enum diff_dir reach_widens(bool was, bool now)
{
	if (now == was)
		return DIFF_CHANGED;
	return now ? DIFF_ADDED : DIFF_REMOVED;
}

static enum diff_dir uid_widens(uint64_t o, uint64_t n, const struct tmpfs_side *so,
				const struct tmpfs_side *sn)
{
	return reach_widens(is_process_uid(so->p, o), is_process_uid(sn->p, n));
}

static enum diff_dir gid_widens(uint64_t o, uint64_t n, const struct tmpfs_side *so,
				const struct tmpfs_side *sn)
{
	return reach_widens(is_process_gid(so->p, o), is_process_gid(sn->p, n));
}

static const char *size_text(uint64_t v, char *buf, size_t size)
{
	if (v == UINT64_MAX)
		snprintf(buf, size, "unbounded (half of RAM)");
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
	return buf;
}

static const char *octal_text(uint64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "%04llo", (unsigned long long)v);
	return buf;
}

static const char *count_text(uint64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "%llu", (unsigned long long)v);
	return buf;
}

/* Every tmpfs attribute the IR holds, by its policy word (docs/language.md). */
static const struct tmpfs_attr {
	const char *word;
	uint64_t (*value)(const struct ir_mount *m);
	const char *(*text)(uint64_t v, char *buf, size_t size);
	enum diff_dir (*widens)(uint64_t o, uint64_t n, const struct tmpfs_side *so,
				const struct tmpfs_side *sn);
} tmpfs_attrs[] = {
	{ "size", tmpfs_size, size_text, bigger_widens },
	{ "mode", tmpfs_mode, octal_text, mode_widens },
	{ "nr_inodes", tmpfs_inodes, count_text, bigger_widens },
	{ "uid", tmpfs_uid, count_text, uid_widens },
	{ "gid", tmpfs_gid, count_text, gid_widens },
};

static void diff_tmpfs(struct diff_report *r, const struct tmpfs_side *so, const struct tmpfs_side *sn)
{
	for (size_t i = 0; i < sizeof tmpfs_attrs / sizeof tmpfs_attrs[0]; i++) {
		const struct tmpfs_attr *a = &tmpfs_attrs[i];
		uint64_t o = a->value(so->m), n = a->value(sn->m);
		if (o == n)
			continue;
		char was[48], now[48];
		diff_add(r, a->widens(o, n, so, sn), "mounts", &sn->m->at, "tmpfs %s: %s %s (was %s)",
			 sn->m->target, a->word, a->text(n, now, sizeof now), a->text(o, was, sizeof was));
	}
}

/* The same target on both sides. */
static void diff_same_target(struct diff_report *r, const struct ir_mount *o, const struct ir_mount *n,
			     const struct pol_ir *old, const struct pol_ir *new)
{
	char a[600];
	const char *so = host_source(o), *sn = host_source(n);
	if (o == &inherited_root && n != &inherited_root) {
		diff_add(r, DIFF_REMOVED, "mounts", origin(n),
			 "%s replaces the inherited root (the host's, writable)", describe(n, a, sizeof a));
		return;
	}
	if (o->kind != n->kind || (so && sn && strcmp(so, sn)) || (!so) != (!sn)) {
		char b[600];
		enum diff_dir dir = sn && (!so || strcmp(so, sn)) ? DIFF_ADDED
				    : so && !sn ? DIFF_REMOVED : DIFF_CHANGED;
		diff_add(r, dir, "mounts", where(o, n), "%s%s (was %s)", describe(n, a, sizeof a),
			 dir == DIFF_ADDED ? ": host path exposed" : "", describe(o, b, sizeof b));
		return;
	}
	if (!writable(o) && writable(n))
		diff_add(r, DIFF_ADDED, "mounts", where(o, n), "%s: read-only -> writable", describe(n, a, sizeof a));
	else if (writable(o) && !writable(n))
		diff_add(r, DIFF_REMOVED, "mounts", where(o, n), "%s: writable -> read-only",
			 describe(n, a, sizeof a));
	diff_flag(r, o, n, IR_MNT_NOSUID, "nosuid");
	diff_flag(r, o, n, IR_MNT_NODEV, "nodev");
	diff_flag(r, o, n, IR_MNT_NOEXEC, "noexec");
	if ((o->flags & IR_MNT_FOLLOW) != (n->flags & IR_MNT_FOLLOW) && sn)
		diff_add(r, n->flags & IR_MNT_FOLLOW ? DIFF_ADDED : DIFF_REMOVED, "mounts", where(o, n),
			 "%s: %s", n->target, n->flags & IR_MNT_FOLLOW
			 ? "now follows symlinks in its source (follow)" : "no longer follows symlinks");
	if ((o->flags & IR_MNT_RECURSIVE) != (n->flags & IR_MNT_RECURSIVE) && sn)
		diff_add(r, n->flags & IR_MNT_RECURSIVE ? DIFF_ADDED : DIFF_REMOVED, "mounts", where(o, n),
			 "%s: %s", n->target, n->flags & IR_MNT_RECURSIVE
			 ? "now recursive (mounts below the source shown)" : "no longer recursive");
	if (n->kind == IR_MOUNT_TMPFS)
		diff_tmpfs(r, &(struct tmpfs_side){ o, &old->process }, &(struct tmpfs_side){ n, &new->process });
}

/* A mount only one side has. `added`: the new side has it. */
static void diff_lone(struct diff_report *r, const struct ir_mount *m, bool added)
{
	char a[600];
	enum mount_class mc = mount_class(m);
	if (mc != MC_MOUNT) {
		const char *what = mc == MC_MASK ? "masked" : "read-only";
		diff_add(r, added ? DIFF_REMOVED : DIFF_ADDED, "mounts", origin(m), "%s %s %s",
			 m->target, added ? "now" : "no longer", what);
		return;
	}
	const char *src = host_source(m);
	enum diff_dir dir = !src ? DIFF_CHANGED : added ? DIFF_ADDED : DIFF_REMOVED;
	if (added)
		diff_add(r, dir, "mounts", origin(m), "new %s%s", describe(m, a, sizeof a),
			 src && writable(m) ? ": writable host path" : src ? ": host path exposed" : "");
	else
		diff_add(r, dir, "mounts", origin(m), "%s removed", describe(m, a, sizeof a));
}

void diff_mounts(struct diff_report *r, const struct pol_ir *old, const struct pol_ir *new)
{
	const struct ir_filesystem *fo = &old->filesystem, *fn = &new->filesystem;
	const struct ir_mount *root_o = find_mount(fo, "/", MC_MOUNT), *root_n = find_mount(fn, "/", MC_MOUNT);
	if (root_o == &inherited_root || root_n == &inherited_root)
		diff_same_target(r, root_o, root_n, old, new);
	for (size_t i = 0; i < fn->nmounts; i++) {
		const struct ir_mount *n = &fn->mounts[i];
		const struct ir_mount *o = find_mount(fo, n->target, mount_class(n));
		if (o == &inherited_root && n == root_n)
			continue; /* compared above */
		if (o)
			diff_same_target(r, o, n, old, new);
		else
			diff_lone(r, n, true);
	}
	for (size_t i = 0; i < fo->nmounts; i++) {
		const struct ir_mount *o = &fo->mounts[i];
		if (o == root_o && root_n == &inherited_root)
			continue;
		if (!find_mount(fn, o->target, mount_class(o)))
			diff_lone(r, o, false);
	}
}
