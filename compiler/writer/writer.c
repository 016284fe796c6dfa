/* IR to blob: one function per section, called in the fixed section order
 * (by type), then the assembly of header, directory and bodies. See
 * writer.h for the promises (determinism, self-check) and docs/polb.md for
 * the bytes. */
#include "writer.h"

#include <errno.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "polb_reader.h"
#include "util/xalloc.h"

struct section {
	uint32_t type, flags, record_size, count;
	struct bytes body;
};

struct wr {
	const struct writer_input *in;
	const struct pol_ir *ir;
	struct strtab strs;
	struct section secs[POLB_MAX_SECTIONS];
	size_t nsecs;
	int overflow; /* more sections than the format allows */
};

#define CRIT POLB_SECF_CRITICAL

/* Start a section of `type`; records are appended to the returned body. */
static struct section *sec_open(struct wr *w, uint32_t type, uint32_t flags,
				uint32_t record_size)
{
	if (w->nsecs == POLB_MAX_SECTIONS) {
		w->overflow = 1;
		return NULL;
	}
	struct section *s = &w->secs[w->nsecs++];
	memset(s, 0, sizeof(*s));
	s->type = type;
	s->flags = flags;
	s->record_size = record_size;
	return s;
}

static void rec_put(struct section *s, const void *rec, size_t n)
{
	if (!s)
		return;
	bytes_put(&s->body, rec, n);
	s->count++;
}

static struct polb_str S(struct wr *w, const char *s)
{
	return strtab_add(&w->strs, s);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Source file names without their directories: the blob must not depend on
 * where the sources were when polc ran (the digest covers their text). */
static void put_meta(struct wr *w)
{
	const struct pol_ir *ir = w->ir;
	struct bytes names = { 0 };
	for (size_t i = 0; i < ir->nsources; i++) {
		if (i)
			bytes_put(&names, "\n", 1);
		const char *b = base_name(ir->sources[i].path);
		bytes_put(&names, b, strlen(b));
	}
	bytes_put(&names, "", 1);
	struct polb_meta m = {
		.policy_name = S(w, ir->name),
		.source_files = S(w, (char *)names.data),
		.native_arch = arch_native_audit(),
	};
	bytes_free(&names);
	rec_put(sec_open(w, POLB_SEC_META, 0, sizeof(m)), &m, sizeof(m));
}

static void put_process(struct wr *w)
{
	const struct ir_process *p = &w->ir->process;
	struct polb_process rec = {
		.flags = (p->user_set ? POLB_PROC_USER : 0) |
			 (p->umask_set ? POLB_PROC_UMASK : 0) |
			 (p->no_new_privs ? POLB_PROC_NO_NEW_PRIVS : 0) |
			 (p->init ? POLB_PROC_INIT : 0) |
			 (p->groups_set ? POLB_PROC_GROUPS : 0) |
			 (p->stdio_strict ? POLB_PROC_STDIO_STRICT : 0) |
			 (p->terminal_inherit ? POLB_PROC_TERMINAL_INHERIT : 0) |
			 (p->notify_relay ? POLB_PROC_NOTIFY_RELAY : 0) |
			 (p->listen_fds_pass ? POLB_PROC_LISTEN_FDS_PASS : 0),
		.uid = p->user_set ? p->uid : 0,
		.gid = p->user_set ? p->gid : 0,
		.umask = p->umask_set ? p->umask : 0,
		.cwd = S(w, p->cwd),
		.hostname = S(w, p->hostname),
	};
	rec_put(sec_open(w, POLB_SEC_PROCESS, CRIT, sizeof(rec)), &rec, sizeof(rec));
}

static void put_user_name(struct wr *w)
{
	const struct ir_process *p = &w->ir->process;
	if (!p->user_name)
		return;
	struct polb_user_name rec = { .user = S(w, p->user_name), .group = S(w, p->group_name) };
	rec_put(sec_open(w, POLB_SEC_USER_NAME, CRIT, sizeof(rec)), &rec, sizeof(rec));
}

static void put_tmpfs_owners(struct wr *w)
{
	const struct ir_filesystem *fs = &w->ir->filesystem;
	struct section *s = NULL;
	for (size_t i = 0; i < fs->nmounts; i++) {
		if (!fs->mounts[i].has_owner)
			continue;
		if (!s)
			s = sec_open(w, POLB_SEC_TMPFS_OWNER, CRIT, sizeof(struct polb_tmpfs_owner));
		struct polb_tmpfs_owner rec = { .mount = (uint32_t)i, .uid = fs->mounts[i].uid,
						.gid = fs->mounts[i].gid };
		rec_put(s, &rec, sizeof(rec));
	}
}

static void put_groups(struct wr *w)
{
	const struct ir_process *p = &w->ir->process;
	if (!p->ngroups)
		return;
	struct section *s = sec_open(w, POLB_SEC_GROUPS, CRIT, sizeof(uint32_t));
	for (size_t i = 0; i < p->ngroups; i++)
		rec_put(s, &p->groups[i], sizeof(uint32_t));
}

static void put_env(struct wr *w)
{
	const struct ir_process *p = &w->ir->process;
	if (!p->nenv)
		return;
	struct section *s = sec_open(w, POLB_SEC_ENV, CRIT, sizeof(struct polb_env));
	for (size_t i = 0; i < p->nenv; i++) {
		struct polb_env rec = {
			.kind = p->env[i].value ? POLB_ENV_SET : POLB_ENV_PASS,
			.name = S(w, p->env[i].name),
			.value = S(w, p->env[i].value),
		};
		rec_put(s, &rec, sizeof(rec));
	}
}

static void put_rlimits(struct wr *w)
{
	const struct ir_process *p = &w->ir->process;
	struct section *s = NULL;
	for (uint32_t r = 0; r < IR_RLIMIT_COUNT; r++) {
		if (!p->rlimits[r].set)
			continue;
		if (!s)
			s = sec_open(w, POLB_SEC_RLIMITS, CRIT, sizeof(struct polb_rlimit));
		struct polb_rlimit rec = { .resource = r, .soft = p->rlimits[r].soft,
					   .hard = p->rlimits[r].hard };
		rec_put(s, &rec, sizeof(rec));
	}
}

static void put_namespaces(struct wr *w)
{
	const struct ir_namespaces *n = &w->ir->namespaces;
	struct section *s = NULL;
	for (uint32_t k = 0; k < IR_NS_COUNT; k++) {
		if (n->ns[k].mode == IR_NS_SHARE)
			continue;
		if (!s)
			s = sec_open(w, POLB_SEC_NAMESPACES, CRIT, sizeof(struct polb_ns));
		struct polb_ns rec = {
			.kind = k,
			.mode = n->ns[k].mode == IR_NS_JOIN ? POLB_NS_JOIN : POLB_NS_UNSHARE,
			.path = S(w, n->ns[k].mode == IR_NS_JOIN ? n->ns[k].join_path : NULL),
		};
		rec_put(s, &rec, sizeof(rec));
	}
}

static void put_idmaps(struct wr *w)
{
	const struct ir_namespaces *n = &w->ir->namespaces;
	if (!n->nuid_map && !n->ngid_map)
		return;
	struct section *s = sec_open(w, POLB_SEC_IDMAPS, CRIT, sizeof(struct polb_idmap));
	for (int which = 0; which < 2; which++) {
		const struct ir_idmap *m = which ? n->gid_map : n->uid_map;
		size_t nm = which ? n->ngid_map : n->nuid_map;
		for (size_t i = 0; i < nm; i++) {
			struct polb_idmap rec = { (uint32_t)which, m[i].inside, m[i].outside,
						  m[i].count };
			rec_put(s, &rec, sizeof(rec));
		}
	}
}

static void put_mounts(struct wr *w)
{
	const struct ir_filesystem *fs = &w->ir->filesystem;
	if (!fs->nmounts)
		return;
	struct section *s = sec_open(w, POLB_SEC_MOUNTS, CRIT, sizeof(struct polb_mount));
	for (size_t i = 0; i < fs->nmounts; i++) {
		const struct ir_mount *m = &fs->mounts[i];
		struct polb_mount rec = {
			.kind = (uint32_t)m->kind,
			.flags = m->flags,
			.source = S(w, m->source),
			.target = S(w, m->target),
			.lower = S(w, m->lower),
			.upper = S(w, m->upper),
			.work = S(w, m->work),
			.size = (m->flags & IR_MNT_HAS_SIZE) ? m->size : 0,
			.mode = (m->flags & IR_MNT_HAS_MODE) ? m->mode : 0,
			.nr_inodes = (m->flags & IR_MNT_HAS_INODES) ? m->nr_inodes : 0,
		};
		rec_put(s, &rec, sizeof(rec));
	}
}

static void put_caps(struct wr *w)
{
	const struct ir_caps *c = &w->ir->caps;
	if (!c->set)
		return;
	struct polb_caps rec = { .keep = c->keep, .ambient = c->ambient };
	rec_put(sec_open(w, POLB_SEC_CAPS, CRIT, sizeof(rec)), &rec, sizeof(rec));
}

static void put_cgroup(struct wr *w)
{
	const struct ir_cgroup *c = &w->ir->cgroup;
	if (!c->set)
		return;
	struct polb_cgroup rec = {
		.flags = (c->optional ? POLB_CG_OPTIONAL : 0) |
			 (c->devices_set ? POLB_CG_DEVICES : 0),
		.parent = S(w, c->parent),
	};
	rec_put(sec_open(w, POLB_SEC_CGROUP, CRIT, sizeof(rec)), &rec, sizeof(rec));
}

static void put_cg_limits(struct wr *w)
{
	const struct ir_cgroup *c = &w->ir->cgroup;
	if (!c->set || !c->nlimits)
		return;
	struct section *s = sec_open(w, POLB_SEC_CG_LIMITS, CRIT, sizeof(struct polb_cg_limit));
	for (size_t i = 0; i < c->nlimits; i++) {
		struct polb_cg_limit rec = {
			.key = (uint32_t)c->limits[i].key,
			.num = c->limits[i].num,
			.num2 = c->limits[i].num2,
			.text = S(w, c->limits[i].text),
		};
		rec_put(s, &rec, sizeof(rec));
	}
}

static void put_cg_devices(struct wr *w)
{
	const struct ir_cgroup *c = &w->ir->cgroup;
	if (!c->set || !c->ndevices)
		return;
	struct section *s = sec_open(w, POLB_SEC_CG_DEVICES, CRIT, sizeof(struct polb_dev_rule));
	for (size_t i = 0; i < c->ndevices; i++) {
		const struct ir_dev_rule *d = &c->devices[i];
		struct polb_dev_rule rec = { d->allow, (uint32_t)(unsigned char)d->type,
					     d->major, d->minor, d->access, 0 };
		rec_put(s, &rec, sizeof(rec));
	}
}

static void put_lsm_label(struct wr *w, struct section **s, uint32_t kind,
			  const struct ir_lsm_label *l)
{
	if (!l->name)
		return;
	if (!*s)
		*s = sec_open(w, POLB_SEC_LSM, CRIT, sizeof(struct polb_lsm));
	bool gen = l->generate && l->profile;
	struct polb_lsm rec = {
		.kind = kind,
		.flags = (l->optional ? POLB_LSM_OPTIONAL : 0) | (gen ? POLB_LSM_GENERATED : 0),
		.name = S(w, l->name),
		.profile = S(w, gen ? l->profile : NULL),
	};
	rec_put(*s, &rec, sizeof(rec));
}

static void put_lsm(struct wr *w)
{
	struct section *s = NULL;
	put_lsm_label(w, &s, POLB_LSM_APPARMOR, &w->ir->lsm.apparmor);
	put_lsm_label(w, &s, POLB_LSM_SELINUX, &w->ir->lsm.selinux);
}

static void put_landlock(struct wr *w)
{
	const struct ir_landlock *l = &w->ir->lsm.landlock;
	if (!l->set)
		return;
	struct polb_landlock rec = {
		.flags = (l->optional ? POLB_LL_OPTIONAL : 0) |
			 (l->scope_abstract_unix ? POLB_LL_SCOPE_ABSTRACT_UNIX : 0) |
			 (l->scope_signal ? POLB_LL_SCOPE_SIGNAL : 0),
	};
	rec_put(sec_open(w, POLB_SEC_LANDLOCK, CRIT, sizeof(rec)), &rec, sizeof(rec));
	if (l->npaths) {
		struct section *s = sec_open(w, POLB_SEC_LL_PATHS, CRIT, sizeof(struct polb_ll_path));
		for (size_t i = 0; i < l->npaths; i++) {
			struct polb_ll_path p = { .access = l->paths[i].access,
						  .path = S(w, l->paths[i].path) };
			rec_put(s, &p, sizeof(p));
		}
	}
	if (l->nports) {
		struct section *s = sec_open(w, POLB_SEC_LL_PORTS, CRIT, sizeof(struct polb_ll_port));
		for (size_t i = 0; i < l->nports; i++) {
			struct polb_ll_port p = { l->ports[i].bind ? 1u : 0u, l->ports[i].port };
			rec_put(s, &p, sizeof(p));
		}
	}
}

static void put_network(struct wr *w)
{
	const struct ir_network *n = &w->ir->network;
	if (!n->set || (!n->nrules && !n->dns_host))
		return;
	struct section *s = sec_open(w, POLB_SEC_NETWORK, CRIT, sizeof(struct polb_net_rule));
	for (size_t i = 0; i < n->nrules; i++) {
		const struct ir_net_rule *r = &n->rules[i];
		struct polb_net_rule rec;
		ir_net_record(r, &rec);
		rec.name = S(w, r->kind == IR_NET_LISTEN ? r->name : NULL);
		rec_put(s, &rec, sizeof(rec));
	}
	if (n->dns_host) {
		struct polb_net_rule rec = { .kind = POLB_NET_DNS };
		rec_put(s, &rec, sizeof(rec));
	}
}

static int cmp_prog(const void *a, const void *b)
{
	const struct writer_prog *x = *(const struct writer_prog *const *)a;
	const struct writer_prog *y = *(const struct writer_prog *const *)b;
	return x->host_arch < y->host_arch ? -1 : x->host_arch > y->host_arch;
}

/* Raw sections, one per program, sorted by host_arch for a stable order. */
static int put_seccomp(struct wr *w, struct err *e)
{
	size_t n = w->in->nprogs;
	if (!n)
		return 0;
	if (n > POLB_MAX_SECCOMP)
		return err_set(e, 0, "build", "%zu seccomp programs, the format holds %u",
			       n, POLB_MAX_SECCOMP);
	const struct writer_prog *sorted[POLB_MAX_SECCOMP];
	for (size_t i = 0; i < n; i++)
		sorted[i] = &w->in->progs[i];
	qsort(sorted, n, sizeof(sorted[0]), cmp_prog);
	for (size_t i = 0; i < n; i++) {
		const struct writer_prog *p = sorted[i];
		if (polb_check_bpf(p->insns, p->ninsns, e) < 0) {
			char detail[sizeof(e->detail)];
			memcpy(detail, e->detail, sizeof(detail));
			return err_set(e, 0, "build", "generated seccomp program for arch "
				       "0x%08x is invalid: %.400s", p->host_arch, detail);
		}
		struct section *s = sec_open(w, POLB_SEC_SECCOMP, CRIT, 0);
		if (!s)
			return 0;
		struct polb_seccomp h = { p->host_arch, p->flags, (uint32_t)p->ninsns, 0 };
		bytes_put(&s->body, &h, sizeof(h));
		bytes_put(&s->body, p->insns, p->ninsns * sizeof(*p->insns));
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	const struct writer_syscall_name *x = a, *y = b;
	if (x->audit_arch != y->audit_arch)
		return x->audit_arch < y->audit_arch ? -1 : 1;
	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sorted by (arch, nr) and without duplicates, whatever order they came
 * in: SYSCALL_NAMES, and SYSCALL_ORIGINS (the same record, an origin for
 * the name). */
static int put_name_list(struct wr *w, uint32_t type, const struct writer_syscall_name *in,
			 size_t n)
{
	if (!n)
		return 0;
	struct writer_syscall_name *v = xcalloc(n, sizeof(*v));
	memcpy(v, in, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_name);
	struct section *s = sec_open(w, type, 0, sizeof(struct polb_syscall_name));
	for (size_t i = 0; i < n; i++) {
		if (i && v[i].audit_arch == v[i - 1].audit_arch && v[i].nr == v[i - 1].nr)
			continue;
		struct polb_syscall_name rec = { v[i].audit_arch, v[i].nr, S(w, v[i].name) };
		rec_put(s, &rec, sizeof(rec));
	}
	free(v);
	return 0;
}

/* The generated profile, compiled (format 1.1): header, then the binary
 * policy as apparmor_parser wrote it. The reader checks it names the
 * profile the lsm record does. */
static void put_apparmor(struct wr *w)
{
	const struct ir_lsm_label *aa = &w->ir->lsm.apparmor;
	if (!aa->generate || !aa->compiled)
		return;
	struct section *s = sec_open(w, POLB_SEC_APPARMOR, CRIT, 0);
	if (!s)
		return;
	struct polb_apparmor h = { .features = S(w, aa->features),
				   .policy_size = (uint32_t)aa->compiled_size };
	bytes_put(&s->body, &h, sizeof(h));
	bytes_put(&s->body, aa->compiled, aa->compiled_size);
}

/* header, directory, STRTAB, then the other sections in order. */
static int assemble(struct wr *w, uint8_t **out, size_t *outsize, struct err *e)
{
	size_t nsec = w->nsecs + 1;
	struct bytes blob = { 0 };
	struct polb_header h = { .version_major = POLB_VERSION_MAJOR,
				 .version_minor = POLB_VERSION_MINOR,
				 .header_size = sizeof(h),
				 .section_count = (uint32_t)nsec };
	memcpy(h.magic, POLB_MAGIC, POLB_MAGIC_LEN);
	strncpy(h.compiler_version, writer_compiler_version(), sizeof(h.compiler_version) - 1);
	memcpy(h.source_sha256, w->ir->source_digest, sizeof(h.source_sha256));
	bytes_put(&blob, &h, sizeof(h));

	uint64_t at = sizeof(h) + nsec * sizeof(struct polb_section_entry);
	for (size_t i = 0; i < nsec; i++) {
		const struct bytes *body = i ? &w->secs[i - 1].body : &w->strs.bytes;
		struct polb_section_entry d = { .type = POLB_SEC_STRTAB, .flags = CRIT,
						.offset = at, .size = body->len };
		if (i) {
			d.type = w->secs[i - 1].type;
			d.flags = w->secs[i - 1].flags;
			d.record_size = w->secs[i - 1].record_size;
			d.count = d.record_size ? w->secs[i - 1].count : 0;
		}
		bytes_put(&blob, &d, sizeof(d));
		at = (at + body->len + 7) & ~(uint64_t)7;
	}
	for (size_t i = 0; i < nsec; i++) {
		const struct bytes *body = i ? &w->secs[i - 1].body : &w->strs.bytes;
		bytes_pad8(&blob);
		bytes_put(&blob, body->data, body->len);
	}
	bytes_pad8(&blob);
	struct polb_header *hp = (struct polb_header *)blob.data;
	hp->total_size = blob.len;
	hp->crc32c = polb_crc32c(blob.data, blob.len); /* over the field as 0 */
	*out = blob.data;
	*outsize = blob.len;
	return 0;
}

static void wr_free(struct wr *w)
{
	strtab_free(&w->strs);
	for (size_t i = 0; i < w->nsecs; i++)
		bytes_free(&w->secs[i].body);
}

static int sections(struct wr *w, struct err *e)
{
	put_meta(w);
	put_process(w);
	put_groups(w);
	put_env(w);
	put_rlimits(w);
	put_namespaces(w);
	put_idmaps(w);
	put_mounts(w);
	put_caps(w);
	put_cgroup(w);
	put_cg_limits(w);
	put_cg_devices(w);
	put_lsm(w);
	put_landlock(w);
	if (put_seccomp(w, e) < 0 ||
	    put_name_list(w, POLB_SEC_SYSCALL_NAMES, w->in->names, w->in->nnames) < 0)
		return -1;
	put_apparmor(w);
	put_network(w); /* sections go in type order */
	put_name_list(w, POLB_SEC_SYSCALL_ORIGINS, w->in->origins, w->in->norigins);
	put_name_list(w, POLB_SEC_SYSCALL_ARGS, w->in->args, w->in->nargs);
	put_user_name(w);
	put_tmpfs_owners(w);
	const struct ir_lsm_label *aa = &w->ir->lsm.apparmor;
	if (aa->generate && !aa->profile)
		return err_set(e, 0, "build", "`apparmor generate` but no profile was generated");
	if (aa->generate && (!aa->compiled || aa->compiled_size > POLB_MAX_AA_POLICY))
		return err_set(e, 0, "build", "`apparmor generate` but the profile was not compiled");
	if (w->overflow)
		return err_set(e, 0, "build", "more than %u sections", POLB_MAX_SECTIONS);
	if (w->strs.too_long)
		return err_set(e, 0, "build", "a string longer than %u bytes", POLB_MAX_TEXT);
	for (size_t i = 0; i < w->nsecs; i++)
		if (w->secs[i].count > POLB_MAX_RECORDS)
			return err_set(e, 0, "build", "section %s: more than %u records",
				       polb_section_name(w->secs[i].type), POLB_MAX_RECORDS);
	return 0;
}

int writer_build(const struct writer_input *in, uint8_t **out, size_t *outsize,
		 struct err *e)
{
	struct wr w = { .in = in, .ir = in->ir };
	*out = NULL;
	*outsize = 0;
	strtab_init(&w.strs);
	uint8_t *blob = NULL;
	size_t size = 0;
	int r = sections(&w, e);
	if (r == 0)
		r = assemble(&w, &blob, &size, e);
	wr_free(&w);
	if (r < 0)
		return r;
	/* What enforce will check, checked now: a policy the reader would
	 * refuse is a build error, not a surprise at deployment. */
	struct polb_view v;
	if (polb_read(blob, size, &v, e) < 0) {
		char detail[sizeof(e->detail)];
		memcpy(detail, e->detail, sizeof(detail));
		free(blob);
		return err_set(e, 0, "build", "the policy cannot be enforced as written: %.400s",
			       detail);
	}
	*out = blob;
	*outsize = size;
	return 0;
}

const char *writer_compiler_version(void)
{
	return "polc " POL_VERSION;
}
