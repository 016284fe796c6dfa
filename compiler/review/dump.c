/* polc dump: what a blob holds, decoded, for a person or (--json) a
 * machine. The blob goes through the same validating reader enforce uses,
 * so a blob dump refuses is one enforce refuses, with the same line (and
 * polc's input-error status, 2; enforce exits 125).
 *
 *   polc dump app.polb [--json]
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "dump.h"
#include "dump_bpf.h"
#include "dump_emit.h"
#include "err.h"
#include "names.h"
#include "polb_reader.h"
#include "util/cli.h"
#include "vocab/vocab.h"

static void em_s(struct emit *m, const struct polb_view *v, const char *key, struct polb_str s)
{
	em_str(m, key, polb_str(v, s));
}

/* A set of flag bits as a list of names. */
static void em_flags(struct emit *m, const char *key, uint32_t flags,
		     const char *const *names, unsigned nnames)
{
	em_list_begin(m, key);
	for (unsigned i = 0; i < nnames; i++)
		if (flags & (1u << i))
			em_str(m, NULL, names[i]);
	em_list_end(m);
}

static void dump_header(struct emit *m, const char *path, const struct polb_view *v,
			size_t size)
{
	const struct polb_header *h = v->header;
	char digest[65];
	for (size_t i = 0; i < 32; i++)
		sprintf(digest + 2 * i, "%02x", h->source_sha256[i]);
	char version[24];
	snprintf(version, sizeof(version), "%u.%u", h->version_major, h->version_minor);
	em_str(m, "file", path);
	em_str(m, "format", version);
	em_u64(m, "size", size);
	em_hex(m, "crc32c", h->crc32c);
	em_str(m, "compiler", h->compiler_version);
	em_str(m, "source_sha256", digest);
	if (v->meta) {
		em_s(m, v, "policy", v->meta->policy_name);
		em_list_begin(m, "sources");
		const char *f = polb_str(v, v->meta->source_files);
		while (*f) {
			size_t n = strcspn(f, "\n");
			char name[POLB_MAX_STRING + 1];
			snprintf(name, sizeof(name), "%.*s", (int)n, f);
			em_str(m, NULL, name);
			f += n + (f[n] == '\n');
		}
		em_list_end(m);
		const char *an = arch_audit_name(v->meta->native_arch);
		em_str(m, "built_on", an ? an : "unknown");
	}
}

static void dump_directory(struct emit *m, const struct polb_view *v)
{
	const struct polb_header *h = v->header;
	const struct polb_section_entry *d = (const void *)(h + 1);
	em_list_begin(m, "sections");
	for (uint32_t i = 0; i < h->section_count; i++) {
		em_obj_begin(m, NULL);
		em_str(m, "name", polb_section_name(d[i].type));
		em_u64(m, "type", d[i].type);
		em_bool(m, "critical", d[i].flags & POLB_SECF_CRITICAL);
		em_u64(m, "offset", d[i].offset);
		em_u64(m, "size", d[i].size);
		em_u64(m, "count", d[i].count);
		em_obj_end(m);
	}
	em_list_end(m);
	em_u64(m, "skipped_optional_sections", v->nskipped);
}

static void dump_process(struct emit *m, const struct polb_view *v)
{
	static const char *const flag_names[] = { "user", "umask", "no_new_privs", "init",
						  "groups", "stdio_strict", "terminal_inherit",
						  "notify_relay", "listen_fds_pass" };
	const struct polb_process *p = v->process;
	em_obj_begin(m, "process");
	em_flags(m, "set", p->flags, flag_names, sizeof(flag_names) / sizeof(flag_names[0]));
	if (p->flags & POLB_PROC_USER) {
		em_u64(m, "uid", p->uid);
		em_u64(m, "gid", p->gid);
	}
	if (v->user_name) {
		em_s(m, v, "user_name", v->user_name->user);
		if (v->user_name->group.len)
			em_s(m, v, "group_name", v->user_name->group);
	}
	if (p->flags & POLB_PROC_GROUPS) {
		em_list_begin(m, "groups");
		for (size_t i = 0; i < v->ngroups; i++)
			em_u64(m, NULL, v->groups[i]);
		em_list_end(m);
	}
	if (p->flags & POLB_PROC_UMASK)
		em_oct(m, "umask", p->umask);
	em_bool(m, "no_new_privs", p->flags & POLB_PROC_NO_NEW_PRIVS);
	em_bool(m, "init", p->flags & POLB_PROC_INIT);
	em_str(m, "stdio", p->flags & POLB_PROC_STDIO_STRICT ? "strict" : "relay");
	em_str(m, "terminal", p->flags & POLB_PROC_TERMINAL_INHERIT ? "inherit" : "pty");
	em_str(m, "notify", p->flags & POLB_PROC_NOTIFY_RELAY ? "relay" : "off");
	em_str(m, "listen_fds", p->flags & POLB_PROC_LISTEN_FDS_PASS ? "pass" : "close");
	em_str(m, "cwd", p->cwd.len ? polb_str(v, p->cwd) : "/");
	if (p->hostname.len)
		em_s(m, v, "hostname", p->hostname);
	em_list_begin(m, "env");
	for (size_t i = 0; i < v->nenv; i++) {
		em_obj_begin(m, NULL);
		em_s(m, v, "name", v->env[i].name);
		if (v->env[i].kind == POLB_ENV_SET)
			em_s(m, v, "value", v->env[i].value);
		else
			em_bool(m, "pass", true);
		em_obj_end(m);
	}
	em_list_end(m);
	em_list_begin(m, "rlimits");
	for (size_t i = 0; i < v->nrlimits; i++) {
		const struct polb_rlimit *r = &v->rlimits[i];
		const char *rn = vocab_rlimit_name((int)r->resource);
		em_obj_begin(m, NULL);
		if (rn)
			em_str(m, "resource", rn);
		else
			em_u64(m, "resource", r->resource);
		if (r->soft == UINT64_MAX)
			em_str(m, "soft", "unlimited");
		else
			em_u64(m, "soft", r->soft);
		if (r->hard == UINT64_MAX)
			em_str(m, "hard", "unlimited");
		else
			em_u64(m, "hard", r->hard);
		em_obj_end(m);
	}
	em_list_end(m);
	em_obj_end(m);
}

static void dump_namespaces(struct emit *m, const struct polb_view *v)
{
	em_list_begin(m, "namespaces");
	for (size_t i = 0; i < v->nns; i++) {
		em_obj_begin(m, NULL);
		em_str(m, "kind", polb_ns_name(v->ns[i].kind));
		em_str(m, "mode", v->ns[i].mode == POLB_NS_JOIN ? "join" : "unshare");
		if (v->ns[i].mode == POLB_NS_JOIN)
			em_s(m, v, "path", v->ns[i].path);
		em_obj_end(m);
	}
	em_list_end(m);
	em_list_begin(m, "idmaps");
	for (size_t i = 0; i < v->nidmaps; i++) {
		em_obj_begin(m, NULL);
		em_str(m, "map", v->idmaps[i].which == POLB_IDMAP_UID ? "uid" : "gid");
		em_u64(m, "inside", v->idmaps[i].inside);
		em_u64(m, "outside", v->idmaps[i].outside);
		em_u64(m, "count", v->idmaps[i].count);
		em_obj_end(m);
	}
	em_list_end(m);
}

static void dump_mounts(struct emit *m, const struct polb_view *v)
{
	static const char *const flag_names[] = { "rw", "nosuid", "nodev", "noexec",
						  "optional", "recursive", "size", "mode", "follow",
						  "nr_inodes", "idmap" };
	em_list_begin(m, "mounts");
	for (size_t i = 0; i < v->nmounts; i++) {
		const struct polb_mount *mt = &v->mounts[i];
		em_obj_begin(m, NULL);
		em_str(m, "kind", polb_mount_kind_name(mt->kind));
		if (mt->source.len)
			em_s(m, v, "source", mt->source);
		em_s(m, v, "target", mt->target);
		if (mt->lower.len)
			em_s(m, v, "lower", mt->lower);
		if (mt->upper.len) {
			em_s(m, v, "upper", mt->upper);
			em_s(m, v, "work", mt->work);
		}
		em_flags(m, "flags", mt->flags & ~(uint32_t)(POLB_MNT_HAS_SIZE | POLB_MNT_HAS_MODE |
							      POLB_MNT_HAS_INODES),
			 flag_names, sizeof(flag_names) / sizeof(flag_names[0]));
		if (mt->flags & POLB_MNT_HAS_SIZE)
			em_u64(m, "size", mt->size);
		if (mt->flags & POLB_MNT_HAS_MODE)
			em_oct(m, "mode", mt->mode);
		if (mt->kind == POLB_MOUNT_TMPFS) /* what enforce applies, the default included */
			em_u64(m, "nr_inodes", polb_tmpfs_inodes(mt->flags, mt->size, mt->nr_inodes));
		const struct polb_tmpfs_owner *own = polb_tmpfs_owner_of(v, i);
		if (own) {
			em_u64(m, "uid", own->uid);
			em_u64(m, "gid", own->gid);
		}
		em_obj_end(m);
	}
	em_list_end(m);
}

static void em_caps(struct emit *m, const char *key, uint64_t set)
{
	em_list_begin(m, key);
	for (int c = 0; c < 64; c++) {
		if (!(set & (1ull << c)))
			continue;
		const char *name = vocab_capability_name(c);
		char fallback[16];
		if (!name) {
			snprintf(fallback, sizeof(fallback), "cap_%d", c);
			name = fallback;
		}
		em_str(m, NULL, name);
	}
	em_list_end(m);
}

static void dump_caps(struct emit *m, const struct polb_view *v)
{
	if (!v->caps)
		return;
	em_obj_begin(m, "capabilities");
	em_caps(m, "keep", v->caps->keep);
	em_caps(m, "ambient", v->caps->ambient);
	em_obj_end(m);
}

static void dump_cgroup(struct emit *m, const struct polb_view *v)
{
	if (!v->cgroup)
		return;
	em_obj_begin(m, "cgroup");
	em_str(m, "parent", v->cgroup->parent.len ? polb_str(v, v->cgroup->parent) : "polc");
	em_bool(m, "optional", v->cgroup->flags & POLB_CG_OPTIONAL);
	em_list_begin(m, "limits");
	for (size_t i = 0; i < v->ncg_limits; i++) {
		const struct polb_cg_limit *l = &v->cg_limits[i];
		em_obj_begin(m, NULL);
		em_str(m, "key", polb_cg_key_name(l->key));
		if (l->text.len)
			em_s(m, v, "value", l->text);
		else if (l->num == POLB_CG_UNLIMITED)
			em_str(m, "value", "max");
		else
			em_u64(m, "value", l->num);
		if (l->key == POLB_CG_CPU_MAX)
			em_u64(m, "period", l->num2);
		em_obj_end(m);
	}
	em_list_end(m);
	if (v->cgroup->flags & POLB_CG_DEVICES) {
		em_list_begin(m, "devices");
		for (size_t i = 0; i < v->ncg_devices; i++) {
			const struct polb_dev_rule *r = &v->cg_devices[i];
			char t[2] = { (char)r->type, 0 }, acc[4];
			snprintf(acc, sizeof(acc), "%s%s%s", r->access & 1 ? "r" : "",
				 r->access & 2 ? "w" : "", r->access & 4 ? "m" : "");
			em_obj_begin(m, NULL);
			em_str(m, "rule", r->allow ? "allow" : "deny");
			em_str(m, "type", t);
			if (r->major == UINT32_MAX)
				em_str(m, "major", "*");
			else
				em_u64(m, "major", r->major);
			if (r->minor == UINT32_MAX)
				em_str(m, "minor", "*");
			else
				em_u64(m, "minor", r->minor);
			em_str(m, "access", acc);
			em_obj_end(m);
		}
		em_list_end(m);
	}
	em_obj_end(m);
}

/* Outline only: a block of text (a generated AppArmor profile as it was
 * compiled, the features it was compiled for), one line of text each,
 * under its heading after the lsm list (whose entries are one-line
 * objects). JSON carries each as a string. */
static void dump_text_block(struct emit *m, const char *head, const char *text)
{
	em_text_line(m, head);
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *line = malloc(n + 3);
		if (!line)
			return;
		/* blank lines stay blank, without trailing spaces */
		snprintf(line, n + 3, "%s%.*s", n ? "  " : "", (int)n, text);
		em_text_line(m, line);
		free(line);
		text += n + (text[n] == '\n');
	}
}

/* The compiled policy's SHA-256, for a reviewer comparing two builds or
 * the bytes a kernel holds (policy/profiles/NAME.N/raw_data). */
static void aa_policy_digest(const struct polb_view *v, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	out[0] = '\0';
	if (!EVP_Digest(v->aa_policy, v->aa_policy_size, md, &n, EVP_sha256(), NULL) || n != 32)
		return;
	for (int i = 0; i < 32; i++)
		snprintf(out + (size_t)2 * (size_t)i, 3, "%02x", md[i]);
}

static void dump_generated(struct emit *m, const struct polb_view *v, const struct polb_lsm *l)
{
	em_u64(m, "generated_profile_bytes", l->profile.len);
	if (m->json)
		em_s(m, v, "generated_profile", l->profile);
	if (!v->apparmor)
		return;
	char digest[65];
	aa_policy_digest(v, digest);
	em_u64(m, "compiled_policy_bytes", v->aa_policy_size);
	em_str(m, "compiled_policy_sha256", digest);
	if (m->json)
		em_s(m, v, "compiled_for_features", v->apparmor->features);
}

static void dump_lsm(struct emit *m, const struct polb_view *v)
{
	em_list_begin(m, "lsm");
	for (size_t i = 0; i < v->nlsm; i++) {
		const struct polb_lsm *l = &v->lsm[i];
		em_obj_begin(m, NULL);
		em_str(m, "kind", l->kind == POLB_LSM_APPARMOR ? "apparmor" : "selinux");
		em_s(m, v, "name", l->name);
		em_bool(m, "optional", l->flags & POLB_LSM_OPTIONAL);
		if (l->flags & POLB_LSM_GENERATED)
			dump_generated(m, v, l);
		em_obj_end(m);
	}
	em_list_end(m);
	for (size_t i = 0; !m->json && i < v->nlsm; i++) {
		if (!(v->lsm[i].flags & POLB_LSM_GENERATED))
			continue;
		char head[300];
		snprintf(head, sizeof(head), "apparmor_profile %s:", polb_str(v, v->lsm[i].name));
		dump_text_block(m, head, polb_str(v, v->lsm[i].profile));
		if (v->apparmor)
			dump_text_block(m, "apparmor_features (compiled for):",
					polb_str(v, v->apparmor->features));
	}
	if (!v->landlock)
		return;
	static const char *const ll_flags[] = { "optional", "scope_abstract_unix",
						"scope_signal" };
	static const char *const rights[] = { "read", "write", "execute" };
	em_obj_begin(m, "landlock");
	em_flags(m, "flags", v->landlock->flags, ll_flags, 3);
	em_list_begin(m, "paths");
	for (size_t i = 0; i < v->nll_paths; i++) {
		em_obj_begin(m, NULL);
		em_s(m, v, "path", v->ll_paths[i].path);
		em_flags(m, "access", v->ll_paths[i].access, rights, 3);
		em_obj_end(m);
	}
	em_list_end(m);
	em_list_begin(m, "ports");
	for (size_t i = 0; i < v->nll_ports; i++) {
		em_obj_begin(m, NULL);
		em_str(m, "rule", v->ll_ports[i].bind ? "bind" : "connect");
		em_u64(m, "port", v->ll_ports[i].port);
		em_obj_end(m);
	}
	em_list_end(m);
	em_obj_end(m);
}

static void dump_network(struct emit *m, const struct polb_view *v)
{
	if (!v->nnet)
		return;
	em_list_begin(m, "network");
	for (size_t i = 0; i < v->nnet; i++) {
		char line[160];
		const struct polb_net_rule *r = &v->net[i];
		em_str(m, NULL, polb_net_format(r, polb_str(v, r->name), line, sizeof(line)));
	}
	em_list_end(m);
}

static void dump_program(struct emit *m, const struct polb_view *v,
			 const struct polb_view_seccomp *s)
{
	static const char *const flag_names[] = { "notify", "log" };
	const char *an = arch_audit_name(s->hdr->host_arch);
	em_obj_begin(m, an ? an : "unknown_arch");
	em_hex(m, "audit_arch", s->hdr->host_arch);
	em_flags(m, "flags", s->hdr->flags, flag_names, 2);
	em_u64(m, "instructions", s->hdr->ninsns);
	struct bpf_dis d;
	bpf_dis_init(&d, v, s->hdr->host_arch);
	char line[200];
	if (m->json) {
		em_list_begin(m, "program");
		for (size_t pc = 0; pc < s->hdr->ninsns; pc++) {
			const struct polb_bpf_insn *in = &s->insns[pc];
			bpf_dis_insn(&d, s->insns, pc, line, sizeof(line));
			em_obj_begin(m, NULL);
			em_u64(m, "code", in->code);
			em_u64(m, "jt", in->jt);
			em_u64(m, "jf", in->jf);
			em_u64(m, "k", in->k);
			em_str(m, "text", line + 6); /* without "NNNN: " */
			em_obj_end(m);
		}
		em_list_end(m);
	} else {
		em_text_line(m, "program:");
		for (size_t pc = 0; pc < s->hdr->ninsns; pc++) {
			bpf_dis_insn(&d, s->insns, pc, line, sizeof(line));
			char indented[sizeof(line) + 2];
			snprintf(indented, sizeof(indented), "  %s", line);
			em_text_line(m, indented);
		}
	}
	em_obj_end(m);
}

/* SYSCALL_NAMES and SYSCALL_ORIGINS: (arch, nr, text) records. */
static void dump_name_list(struct emit *m, const struct polb_view *v, const char *list,
			   const char *field, const struct polb_syscall_name *s, size_t n)
{
	em_list_begin(m, list);
	for (size_t i = 0; i < n; i++) {
		const char *an = arch_audit_name(s[i].audit_arch);
		em_obj_begin(m, NULL);
		em_str(m, "arch", an ? an : "unknown");
		em_u64(m, "nr", s[i].nr);
		em_s(m, v, field, s[i].name);
		em_obj_end(m);
	}
	em_list_end(m);
}

static void dump_seccomp(struct emit *m, const struct polb_view *v)
{
	if (v->nseccomp) {
		em_obj_begin(m, "seccomp");
		for (size_t i = 0; i < v->nseccomp; i++)
			dump_program(m, v, &v->seccomp[i]);
		em_obj_end(m);
	}
	dump_name_list(m, v, "syscall_names", "name", v->syscall_names, v->nsyscall_names);
	dump_name_list(m, v, "syscall_origins", "origin", v->syscall_origins, v->nsyscall_origins);
	dump_name_list(m, v, "syscall_args", "args", v->syscall_args, v->nsyscall_args);
}

void dump_view(FILE *out, const char *name, const struct polb_view *v, size_t size,
	       bool json)
{
	struct emit m;
	em_init(&m, out, json);
	dump_header(&m, name, v, size);
	dump_directory(&m, v);
	dump_process(&m, v);
	dump_namespaces(&m, v);
	dump_mounts(&m, v);
	dump_caps(&m, v);
	dump_cgroup(&m, v);
	dump_lsm(&m, v);
	dump_network(&m, v);
	dump_seccomp(&m, v);
	em_finish(&m);
}

static void dump_usage(FILE *out)
{
	fprintf(out, "usage: polc dump BLOB.polb [--json]\n\n"
		     "Validates BLOB.polb as enforce does and prints what it holds;\n"
		     "seccomp programs are disassembled. Exit status 2 for a bad blob.\n");
}

int cmd_dump(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	const struct cli c = { "dump", dump_usage, "", longopts, cli_flag, &json, 1, 1,
			       "expected one blob" };
	int status;
	if (cli_parse(&c, argc, argv, NULL, &status) < 0)
		return status;
	const char *path = argv[optind];
	void *buf;
	size_t size;
	struct polb_view v;
	struct err e;
	if (polb_read_file(path, &buf, &size, &v, &e) < 0) {
		err_print("polc dump", &e);
		return POLC_EXIT_INPUT;
	}
	dump_view(stdout, path, &v, size, json);
	free(buf);
	return fflush(stdout) == 0 && !ferror(stdout) ? POLC_EXIT_OK : POLC_EXIT_INTERNAL;
}
