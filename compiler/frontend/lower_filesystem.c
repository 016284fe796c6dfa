/* filesystem { root, overlay, bind, tmpfs, proc, sysfs, dev, mqueue, mask,
 * readonly, symlink }.
 *
 * A mount is keyed by its target: a later statement for the same target
 * replaces the earlier one in place (two in one file is a contradiction);
 * `mask` and `readonly` are keyed by kind and target, since they apply on
 * top of mounts. The IR's order: the root first, then mounts in policy
 * order, then symlinks, masks and read-only remounts (fe_filesystem_finish). */
#include "frontend/fe.h"
#include "names.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


static const char *const flag_words[] = { "rw", "readonly", "nosuid", "nodev", "noexec",
					  "optional", "norecursive", "follow", "idmap" };
enum { F_RW, F_RO, F_NOSUID, F_NODEV, F_NOEXEC, F_OPTIONAL, F_NORECURSIVE, F_FOLLOW, F_IDMAP,
       F_COUNT };

static bool keyed_by_kind(enum ir_mount_kind k)
{
	return k == IR_MOUNT_MASK || k == IR_MOUNT_READONLY;
}

static void free_mount(struct ir_mount *m)
{
	free(m->source);
	free(m->target);
	free(m->lower);
	free(m->upper);
	free(m->work);
}

/* A replacing statement keeps nothing of the one it replaces, flags
 * included: a service's `tmpfs /tmp size=8M` over hardened.pol's noexec
 * /tmp gave the container an executable /tmp without a word. */
static void warn_dropped(struct fe_ctx *c, const struct pol_loc *loc, const struct ir_mount *old,
			 const struct ir_mount *m)
{
	uint32_t lost = old->flags & ~m->flags & (IR_MNT_NOSUID | IR_MNT_NODEV | IR_MNT_NOEXEC);
	if (!lost)
		return;
	diag_warning(c->d, fe_loc(loc), "replaces the earlier mount on %s and drops its%s%s%s: "
		     "a replacing statement keeps none of its flags (write them again)", m->target,
		     lost & IR_MNT_NOSUID ? " nosuid" : "", lost & IR_MNT_NODEV ? " nodev" : "",
		     lost & IR_MNT_NOEXEC ? " noexec" : "");
	diag_note(c->d, (struct diag_loc){ old->at.file, old->at.line, old->at.col, 0 },
		  "the replaced mount is here");
}

/* Store m, replacing an earlier mount of the same target. Takes m's strings. */
static void put_mount(struct fe_ctx *c, const struct pol_loc *loc, struct ir_mount *m)
{
	struct ir_filesystem *fs = &c->ir->filesystem;
	for (size_t i = 0; i < fs->nmounts; i++) {
		struct ir_mount *old = &fs->mounts[i];
		if (strcmp(old->target, m->target) ||
		    keyed_by_kind(old->kind) != keyed_by_kind(m->kind) ||
		    (keyed_by_kind(m->kind) && old->kind != m->kind))
			continue;
		if (fe_same_file(&old->at, &m->at)) {
			if (keyed_by_kind(m->kind)) { /* the same mask twice: harmless */
				free_mount(m);
				return;
			}
			fe_conflict(c, loc, &old->at, "%s is mounted twice in this file", m->target);
			free_mount(m);
			return;
		}
		warn_dropped(c, loc, old, m);
		free_mount(old);
		*old = *m;
		return;
	}
	fs->mounts = fe_grow(fs->mounts, &fs->nmounts, sizeof(*fs->mounts));
	fs->mounts[fs->nmounts - 1] = *m;
}

/* nr_inodes=N: a count from 1 to 2^32-1 (the kernel's field is an
 * unsigned long; the blob's is 32 bits, and more would bound nothing). */
static int tmpfs_inodes(struct fe_ctx *c, const struct ast_word *w, struct ir_mount *m)
{
	uint64_t n = 0;
	if (w->text[10] == '-' || !fe_parse_number(w->text + 10, &n) || n == 0 || n > UINT32_MAX) {
		diag_error(c->d, fe_word_loc(w), "nr_inodes needs a count from 1 to %u",
			   (unsigned)UINT32_MAX);
		return -1;
	}
	m->nr_inodes = (uint32_t)n;
	m->flags |= IR_MNT_HAS_INODES;
	return 0;
}

/* The words after the paths: flags (and tmpfs size=/mode=/nr_inodes=). */
static int mount_flags(struct fe_ctx *c, const struct ast_stmt *s, size_t from,
		       enum ir_mount_kind kind, struct ir_mount *m)
{
	int r = 0;
	for (size_t i = from; i < s->args.n; i++) {
		const struct ast_word *w = s->args.v[i];
		if (kind == IR_MOUNT_TMPFS && !strncmp(w->text, "size=", 5)) {
			struct ast_word v = *w;
			v.text = w->text + 5;
			if (fe_size(c, &v, &m->size) < 0)
				r = -1;
			m->flags |= IR_MNT_HAS_SIZE;
			continue;
		}
		if (kind == IR_MOUNT_TMPFS && !strncmp(w->text, "mode=", 5)) {
			struct ast_word v = *w;
			v.text = w->text + 5;
			if (fe_mode(c, &v, 07777, &m->mode) < 0)
				r = -1;
			m->flags |= IR_MNT_HAS_MODE;
			continue;
		}
		if (kind == IR_MOUNT_TMPFS &&
		    (!strncmp(w->text, "uid=", 4) || !strncmp(w->text, "gid=", 4))) {
			struct ast_word v = *w;
			v.text = w->text + 4;
			uint32_t *id = w->text[0] == 'u' ? &m->uid : &m->gid;
			if (fe_u32(c, &v, id) < 0 || *id == UINT32_MAX) {
				if (*id == UINT32_MAX)
					diag_error(c->d, fe_word_loc(w), "4294967295 means 'no id'");
				r = -1;
			}
			m->has_owner = true;
			continue;
		}
		if (kind == IR_MOUNT_TMPFS && !strncmp(w->text, "nr_inodes=", 10)) {
			if (tmpfs_inodes(c, w, m) < 0)
				r = -1;
			continue;
		}
		int f = fe_keyword(c, w, "mount flag", flag_words, F_COUNT);
		bool bind_like = kind == IR_MOUNT_BIND || kind == IR_MOUNT_ROOT;
		if (f < 0) {
			r = -1;
			continue;
		}
		if (f == F_FOLLOW && !bind_like && kind != IR_MOUNT_OVERLAY) {
			diag_error(c->d, fe_word_loc(w), "'follow' is only for bind, root and overlay");
			r = -1;
			continue;
		}
		if ((f == F_OPTIONAL || f == F_NORECURSIVE || f == F_IDMAP) && kind != IR_MOUNT_BIND) {
			diag_error(c->d, fe_word_loc(w), "'%s' is only for bind", w->text);
			r = -1;
			continue;
		}
		if ((f == F_RW || f == F_RO) && !bind_like && kind != IR_MOUNT_OVERLAY &&
		    kind != IR_MOUNT_TMPFS) {
			diag_error(c->d, fe_word_loc(w), "'%s' does not apply to %s", w->text,
				   ir_mount_kind_name(kind));
			r = -1;
			continue;
		}
		switch (f) {
		case F_RW: m->flags |= IR_MNT_RW; break;
		case F_RO: m->flags &= ~(uint32_t)IR_MNT_RW; break;
		case F_NOSUID: m->flags |= IR_MNT_NOSUID; break;
		case F_NODEV: m->flags |= IR_MNT_NODEV; break;
		case F_NOEXEC: m->flags |= IR_MNT_NOEXEC; break;
		case F_OPTIONAL: m->flags |= IR_MNT_OPTIONAL; break;
		case F_NORECURSIVE: m->flags &= ~(uint32_t)IR_MNT_RECURSIVE; break;
		case F_FOLLOW: m->flags |= IR_MNT_FOLLOW; break;
		case F_IDMAP: m->flags |= IR_MNT_IDMAP; break;
		}
	}
	return r;
}

/* overlay TARGET lower A:B [upper U work W] [flags] */
static int overlay_parts(struct fe_ctx *c, const struct ast_stmt *s, struct ir_mount *m,
			 size_t *flags_from)
{
	size_t i = 1;
	for (; i + 1 < s->args.n; i += 2) {
		const char *k = s->args.v[i]->text;
		const struct ast_word *v = s->args.v[i + 1];
		char **slot = !strcmp(k, "lower") ? &m->lower : !strcmp(k, "upper") ? &m->upper
			    : !strcmp(k, "work") ? &m->work : NULL;
		if (!slot)
			break;
		if (slot == &m->lower) {
			/* a colon list of absolute paths */
			char *list = fe_strdup(v->text), *save = NULL;
			struct strbuf out = STRBUF_INIT;
			for (char *part = strtok_r(list, ":", &save); part;
			     part = strtok_r(NULL, ":", &save)) {
				struct ast_word pw = *v;
				pw.text = part;
				char *p = fe_path(c, &pw);
				if (!p) {
					free(list);
					sb_free(&out);
					return -1;
				}
				sb_printf(&out, "%s%s", out.len ? ":" : "", p);
				free(p);
			}
			free(list);
			free(m->lower);
			m->lower = sb_steal(&out);
		} else {
			free(*slot);
			*slot = fe_path(c, v);
			if (!*slot)
				return -1;
		}
	}
	*flags_from = i;
	if (!m->lower || !*m->lower) {
		diag_error(c->d, fe_loc(&s->loc), "overlay needs 'lower DIR[:DIR...]'");
		return -1;
	}
	if (!m->upper != !m->work) {
		diag_error(c->d, fe_loc(&s->loc), "overlay needs both 'upper' and 'work', or neither");
		return -1;
	}
	if (m->upper)
		m->flags |= IR_MNT_RW;
	return 0;
}

static void fs_stmt(struct fe_ctx *c, const struct ast_stmt *s)
{
	int k = fe_keyword(c, s->head, "statement in filesystem", polb_mount_kind_names,
			   IR_MOUNT_KIND_COUNT);
	if (k < 0)
		return;
	fe_no_cond(c, s);
	fe_no_body(c, s);
	struct ir_origin at = fe_origin(c, &s->loc);
	if (k == IR_MOUNT_MASK || k == IR_MOUNT_READONLY) {
		if (fe_arity(c, s, 1, SIZE_MAX, "PATH...") < 0)
			return;
		for (size_t i = 0; i < s->args.n; i++) {
			struct ir_mount m = { .kind = k, .at = fe_origin(c, &s->args.v[i]->loc) };
			if ((m.target = fe_path(c, s->args.v[i])))
				put_mount(c, &s->args.v[i]->loc, &m);
		}
		return;
	}
	if (!s->args.n) {
		diag_error(c->d, fe_loc(&s->loc), "'%s' needs a path", ast_head(s));
		return;
	}
	struct ir_mount m = { .kind = k, .at = at };
	size_t flags_from = 1;
	int r = 0;
	switch (k) {
	case IR_MOUNT_ROOT:
		m.source = fe_path(c, s->args.v[0]);
		m.target = fe_strdup("/");
		r = m.source ? 0 : -1;
		break;
	case IR_MOUNT_BIND:
		m.flags = IR_MNT_RECURSIVE;
		m.source = fe_path(c, s->args.v[0]);
		if (s->args.n > 1 && s->args.v[1]->text[0] == '/') {
			m.target = fe_path(c, s->args.v[1]);
			flags_from = 2;
		} else if (m.source) {
			m.target = fe_strdup(m.source);
		}
		r = m.source && m.target ? 0 : -1;
		break;
	case IR_MOUNT_SYMLINK:
		if (fe_arity(c, s, 2, 2, "LINK_TEXT PATH") < 0)
			return;
		if (!*s->args.v[0]->text) {
			diag_error(c->d, fe_word_loc(s->args.v[0]), "a symlink needs a target text");
			return;
		}
		m.source = fe_strdup(s->args.v[0]->text);
		m.target = fe_path(c, s->args.v[1]);
		flags_from = 2;
		r = m.target ? 0 : -1;
		break;
	case IR_MOUNT_OVERLAY:
		m.target = fe_path(c, s->args.v[0]);
		r = m.target ? overlay_parts(c, s, &m, &flags_from) : -1;
		break;
	case IR_MOUNT_TMPFS:
		m.flags = IR_MNT_RW;
		m.target = fe_path(c, s->args.v[0]);
		r = m.target ? 0 : -1;
		break;
	default: /* proc sysfs dev mqueue */
		m.target = fe_path(c, s->args.v[0]);
		r = m.target ? 0 : -1;
		if (s->args.n > 1) {
			diag_error(c->d, fe_word_loc(s->args.v[1]), "'%s' takes only a path", ast_head(s));
			r = -1;
		}
	}
	if (r == 0 && mount_flags(c, s, flags_from, k, &m) < 0)
		r = -1;
	if (r < 0) {
		free_mount(&m);
		return;
	}
	if (k == IR_MOUNT_ROOT || (k == IR_MOUNT_OVERLAY && !strcmp(m.target, "/"))) {
		/* one root: `root` and `overlay /` replace each other */
		struct ir_filesystem *fs = &c->ir->filesystem;
		for (size_t i = 0; i < fs->nmounts; i++)
			if (!strcmp(fs->mounts[i].target, "/") && !keyed_by_kind(fs->mounts[i].kind) &&
			    fs->mounts[i].kind != m.kind && !fe_same_file(&fs->mounts[i].at, &m.at)) {
				free_mount(&fs->mounts[i]);
				fs->mounts[i] = m;
				return;
			}
	}
	put_mount(c, &s->loc, &m);
}

void fe_lower_filesystem(struct fe_ctx *c, const struct ast_stmt *sec)
{
	for (size_t i = 0; i < sec->body->n; i++)
		fs_stmt(c, sec->body->v[i]);
}

static int mount_rank(const struct ir_mount *m)
{
	if (!strcmp(m->target, "/") && (m->kind == IR_MOUNT_ROOT || m->kind == IR_MOUNT_OVERLAY))
		return 0;
	if (m->kind == IR_MOUNT_SYMLINK)
		return 2;
	if (m->kind == IR_MOUNT_MASK || m->kind == IR_MOUNT_READONLY)
		return 3;
	return 1;
}

/* Stable reorder: root, mounts, symlinks, masks and read-only remounts. */
void fe_filesystem_finish(struct fe_ctx *c)
{
	struct ir_filesystem *fs = &c->ir->filesystem;
	if (!fs->nmounts)
		return;
	struct ir_mount *sorted = calloc(fs->nmounts, sizeof(*sorted));
	if (!sorted)
		return;
	size_t n = 0;
	for (int rank = 0; rank <= 3; rank++)
		for (size_t i = 0; i < fs->nmounts; i++)
			if (mount_rank(&fs->mounts[i]) == rank)
				sorted[n++] = fs->mounts[i];
	free(fs->mounts);
	fs->mounts = sorted;
}
