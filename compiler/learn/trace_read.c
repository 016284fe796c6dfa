/* The learning trace reader (docs/learn-trace.md, version 1). A trace is
 * written by a supervisor watching a workload that may be hostile, and
 * may be cut short or edited by hand: every line is checked (length,
 * bytes, escapes, numbers, the fields each kind needs) and the first
 * fault ends the read with "TRACE:LINE: what". Records go to the merger
 * as they are read; a trace without its `end` record is refused whole. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "pol_limits.h"
#include "util/cli.h"
#include "util/xalloc.h"
#include "vocab/vocab.h"

#define MAX_FIELDS 32

struct field {
	char key[16];
	const char *val; /* unescaped, owned by the set */
	size_t len;
	bool used;
};

struct reader {
	struct learn_set *s;
	const char *name;
	unsigned line;
	struct err *e;
	struct field f[MAX_FIELDS];
	size_t nf;
	size_t records;  /* before `end` */
	bool saw_run, saw_end;
};

static int fault(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fault(struct reader *r, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return err_set_status(r->e, POLC_EXIT_INPUT, 0, "learn", "%s:%u: %s", r->name, r->line, what);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lower case is not the format's: one spelling per byte */
}

/* `-` is the empty value; %XX an escaped byte; a NUL (%00) in a value is
 * refused: no path, name or address holds one. */
static int unescape(struct reader *r, const char *key, const char *v, size_t len, struct field *out)
{
	if (len == 1 && v[0] == '-') {
		out->val = learn_strdup(r->s, "", 0);
		out->len = 0;
		return 0;
	}
	if (len == 0)
		return fault(r, "field '%s' has no value (an empty value is written '-')", key);
	char *buf = xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (v[i] != '%') {
			buf[n++] = v[i];
			continue;
		}
		int hi = i + 1 < len ? hexval(v[i + 1]) : -1;
		int lo = i + 2 < len ? hexval(v[i + 2]) : -1;
		if (hi < 0 || lo < 0) {
			free(buf);
			return fault(r, "field '%s': bad escape at byte %zu (want %%XX, upper-case hex)", key, i);
		}
		if (hi == 0 && lo == 0) {
			free(buf);
			return fault(r, "field '%s': a NUL byte (%%00) in a value", key);
		}
		buf[n++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out->val = learn_strdup(r->s, buf, n);
	out->len = n;
	free(buf);
	return 0;
}

static bool key_ok(const char *k, size_t len)
{
	if (!len || len >= sizeof(((struct field *)0)->key))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return false;
	return true;
}

/* Split "key=value key=value" (after the kind word) into r->f. */
static int split_fields(struct reader *r, const char *p, const char *end)
{
	r->nf = 0;
	while (p < end) {
		if (*p != ' ' || p + 1 == end || p[1] == ' ')
			return fault(r, "fields are separated by one space");
		p++;
		const char *tok = p;
		while (p < end && *p != ' ')
			p++;
		const char *eq = memchr(tok, '=', (size_t)(p - tok));
		if (!eq)
			return fault(r, "'%.*s' is not key=value", (int)((p - tok) > 40 ? 40 : p - tok), tok);
		if (!key_ok(tok, (size_t)(eq - tok)))
			return fault(r, "bad field name '%.*s'", (int)((eq - tok) > 40 ? 40 : eq - tok), tok);
		if (r->nf == MAX_FIELDS)
			return fault(r, "more than %d fields", MAX_FIELDS);
		struct field *f = &r->f[r->nf];
		memcpy(f->key, tok, (size_t)(eq - tok));
		f->key[eq - tok] = '\0';
		f->used = false;
		for (size_t i = 0; i < r->nf; i++)
			if (!strcmp(r->f[i].key, f->key))
				return fault(r, "field '%s' given twice", f->key);
		if (unescape(r, f->key, eq + 1, (size_t)(p - eq - 1), f) < 0)
			return -1;
		r->nf++;
	}
	return 0;
}

static const struct field *get(struct reader *r, const char *key)
{
	for (size_t i = 0; i < r->nf; i++)
		if (!strcmp(r->f[i].key, key)) {
			r->f[i].used = true;
			return &r->f[i];
		}
	return NULL;
}

static int need(struct reader *r, const char *kind, const char *key, const struct field **out)
{
	*out = get(r, key);
	return *out ? 0 : fault(r, "a '%s' record needs the field '%s'", kind, key);
}

/* Decimal, no sign, no leading zero, at most max. */
static int number(struct reader *r, const struct field *f, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	*out = 0;
	if (!f->len || f->len > 20 || (f->len > 1 && f->val[0] == '0'))
		goto bad;
	for (size_t i = 0; i < f->len; i++) {
		if (f->val[i] < '0' || f->val[i] > '9')
			goto bad;
		if (v > (UINT64_MAX - 9) / 10)
			goto big;
		v = v * 10 + (uint64_t)(f->val[i] - '0');
	}
	if (v > max)
		goto big;
	*out = v;
	return 0;
big:
	return fault(r, "field '%s': %.24s%s is larger than %llu", f->key, f->val, f->len > 24 ? "..." : "",
		     (unsigned long long)max);
bad:
	return fault(r, "field '%s': '%.24s' is not a decimal number", f->key, f->val);
}

/* 0x followed by 1..16 hex digits (either case: a number, not an escape). */
static int hexnum(struct reader *r, const struct field *f, uint64_t *out)
{
	uint64_t v = 0;
	*out = 0;
	if (f->len < 3 || f->len > 18 || f->val[0] != '0' || f->val[1] != 'x')
		return fault(r, "field '%s': '%.24s' is not 0x and hex digits", f->key, f->val);
	for (size_t i = 2; i < f->len; i++) {
		char c = f->val[i];
		int d = c >= 'a' && c <= 'f' ? c - 'a' + 10 : hexval(c);
		if (d < 0)
			return fault(r, "field '%s': '%.24s' is not 0x and hex digits", f->key, f->val);
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

static int common_fields(struct reader *r, const char *kind, struct learn_rec *rec)
{
	const struct field *f;
	if (need(r, kind, "n", &f) < 0 || number(r, f, LEARN_MAX_COUNT, &rec->n) < 0)
		return -1;
	if (!rec->n)
		return fault(r, "field 'n': a record counts at least one event");
	f = get(r, "exe");
	rec->exe = f && f->len ? f->val : NULL;
	return 0;
}

static bool one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(v, *set))
			return true;
	return false;
}

static int blob_action_ok(struct reader *r, const char *v)
{
	static const char *const words[] = { "allow", "kill", "trap", "log", "notify", NULL };
	if (one_of(v, words))
		return 0;
	if (!strncmp(v, "errno:", 6) && v[6]) {
		char *end;
		unsigned long n = strtoul(v + 6, &end, 10);
		if (!*end && v[6] >= '0' && v[6] <= '9' && n <= 4095)
			return 0;
	}
	return fault(r, "field 'blob': '%.24s' is not allow, errno:N, kill, trap, log or notify", v);
}

static int read_sc(struct reader *r, struct learn_rec *rec)
{
	const struct field *f;
	uint64_t nr = 0;
	if (need(r, "sc", "arch", &f) < 0)
		return -1;
	int arch = vocab_arch_from_name(f->val);
	if (arch < 0 || !strcmp(f->val, "native"))
		return fault(r, "unknown architecture '%.24s'", f->val);
	rec->arch = (enum ir_arch)arch;
	if (need(r, "sc", "nr", &f) < 0 || number(r, f, 0x7fffffff, &nr) < 0)
		return -1;
	rec->nr = (int)nr;
	if (rec->arch == IR_ARCH_X32)
		rec->nr |= (int)ARCH_X32_SYSCALL_BIT;
	if (need(r, "sc", "name", &f) < 0)
		return -1;
	const char *known = vocab_syscall_name(rec->arch, rec->nr);
	if (f->len && (!known || strcmp(known, f->val)))
		return fault(r, "syscall %d on %s is %s, not '%.40s'", (int)nr, arch_name(rec->arch),
			     known ? known : "unknown", f->val);
	rec->name = known;
	if (need(r, "sc", "blob", &f) < 0 || blob_action_ok(r, f->val) < 0)
		return -1;
	for (unsigned i = 0; i < 6; i++) {
		char key[4] = { 'a', (char)('0' + i), 0, 0 };
		f = get(r, key);
		if (f && hexnum(r, f, &rec->a[i]) < 0)
			return -1;
		if (f)
			rec->argmask |= (uint8_t)(1u << i);
	}
	if (rec->name && !strcmp(rec->name, "io_uring_setup"))
		r->s->io_uring = true;
	return common_fields(r, "sc", rec);
}

static int read_file_rec(struct reader *r, struct learn_rec *rec)
{
	const struct field *f;
	if (need(r, "file", "op", &f) < 0)
		return -1;
	rec->op = f->val;
	if (need(r, "file", "path", &f) < 0)
		return -1;
	if (f->val[0] != '/')
		return fault(r, "field 'path': '%.40s' is not absolute", f->val);
	if (f->len > 4095)
		return fault(r, "field 'path': longer than PATH_MAX");
	rec->path = f->val;
	if (need(r, "file", "acc", &f) < 0)
		return -1;
	static const char *const accs[] = { "r", "w", "x", "rw", "rx", "wx", "rwx", NULL };
	if (!one_of(f->val, accs))
		return fault(r, "field 'acc': '%.8s' is not r, w, x or a combination in that order", f->val);
	rec->acc = (strchr(f->val, 'r') ? IR_LL_READ : 0) | (strchr(f->val, 'w') ? IR_LL_WRITE : 0) |
		   (strchr(f->val, 'x') ? IR_LL_EXECUTE : 0);
	return common_fields(r, "file", rec);
}

static int read_net(struct reader *r, struct learn_rec *rec)
{
	static const char *const ops[] = { "bind", "connect", NULL };
	static const char *const fams[] = { "inet", "inet6", "unix", NULL };
	static const char *const types[] = { "stream", "dgram", "raw", "seqpacket", "", NULL };
	const struct field *f;
	uint64_t port = 0;
	if (need(r, "net", "op", &f) < 0)
		return -1;
	if (!one_of(f->val, ops))
		return fault(r, "field 'op': '%.16s' is not bind or connect", f->val);
	rec->op = f->val;
	if (need(r, "net", "fam", &f) < 0)
		return -1;
	if (!one_of(f->val, fams))
		return fault(r, "field 'fam': '%.16s' is not inet, inet6 or unix", f->val);
	rec->fam = f->val;
	if (need(r, "net", "type", &f) < 0)
		return -1;
	if (!one_of(f->val, types))
		return fault(r, "field 'type': '%.16s' is not stream, dgram, raw, seqpacket or -", f->val);
	rec->type = f->val;
	if (need(r, "net", "addr", &f) < 0)
		return -1;
	rec->addr = f->val;
	if (need(r, "net", "port", &f) < 0 || number(r, f, 65535, &port) < 0)
		return -1;
	rec->port = (unsigned)port;
	return common_fields(r, "net", rec);
}

static int read_cap(struct reader *r, struct learn_rec *rec)
{
	const struct field *f;
	if (need(r, "cap", "cap", &f) < 0)
		return -1;
	rec->cap = vocab_capability(f->val);
	if (rec->cap < 0 || strncmp(f->val, "cap_", 4) == 0 || strncmp(f->val, "CAP_", 4) == 0)
		return fault(r, "unknown capability '%.32s' (lower case, without CAP_)", f->val);
	if (need(r, "cap", "why", &f) < 0)
		return -1;
	rec->why = f->val;
	return common_fields(r, "cap", rec);
}

static int read_run(struct reader *r)
{
	const struct field *f;
	if (r->saw_run)
		return fault(r, "a second 'run' record");
	if (r->records)
		return fault(r, "the 'run' record comes first");
	r->saw_run = true;
	if (need(r, "run", "cmd", &f) < 0)
		return -1;
	if (!r->s->first_cmd)
		r->s->first_cmd = (char *)f->val;
	r->s->runs++;
	return 0;
}

static int read_end(struct reader *r)
{
	const struct field *f;
	uint64_t records = 0, lost = 0;
	if (need(r, "end", "status", &f) < 0)
		return -1;
	if (need(r, "end", "records", &f) < 0 || number(r, f, UINT32_MAX, &records) < 0)
		return -1;
	if (records != r->records)
		return fault(r, "the end record counts %llu records, the trace has %zu above it",
			     (unsigned long long)records, r->records);
	if (need(r, "end", "lost", &f) < 0 || number(r, f, LEARN_MAX_COUNT, &lost) < 0)
		return -1;
	r->s->lost += lost;
	r->saw_end = true;
	return 0;
}

static int read_record(struct reader *r, const char *p, const char *end)
{
	static const char *const kinds[] = { "run", "sc", "file", "net", "cap", "end" };
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	size_t klen = (size_t)((sp ? sp : end) - p);
	int kind = -1;
	for (int k = 0; k < 6; k++)
		if (strlen(kinds[k]) == klen && !memcmp(kinds[k], p, klen))
			kind = k;
	if (kind < 0)
		return fault(r, "unknown record kind '%.*s'", (int)(klen > 24 ? 24 : klen), p);
	if (r->saw_end)
		return fault(r, "a record after the 'end' record");
	if (kind != LEARN_RUN && !r->saw_run)
		return fault(r, "the first record is not 'run'");
	if (split_fields(r, p + klen, end) < 0)
		return -1;
	struct learn_rec rec = { .kind = (enum learn_kind)kind, .first = { r->name, r->line } };
	int ok;
	switch (rec.kind) {
	case LEARN_RUN: ok = read_run(r); break;
	case LEARN_SC: ok = read_sc(r, &rec); break;
	case LEARN_FILE: ok = read_file_rec(r, &rec); break;
	case LEARN_NET: ok = read_net(r, &rec); break;
	case LEARN_CAP: ok = read_cap(r, &rec); break;
	default: return read_end(r);
	}
	r->records++;
	if (ok < 0 || rec.kind == LEARN_RUN)
		return ok;
	return learn_merge(r->s, &rec, r->e) < 0 ? fault(r, "%s", r->e->detail) : 0;
}

/* A line's bytes: printable ASCII only, every other byte is escaped. */
static int check_bytes(struct reader *r, const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c >= 0x7f)
			return fault(r, "byte 0x%02x at column %zu (a value escapes it as %%%02X)", c, i + 1, c);
	}
	return 0;
}

int learn_read_buffer(struct learn_set *s, const char *name, const char *text, size_t len,
		      struct err *e)
{
	struct reader r = { .s = s, .name = learn_strdup(s, name, strlen(name)), .e = e };
	const char *p = text, *end = text + len;
	if (len > LEARN_MAX_FILE)
		return err_set_status(e, POLC_EXIT_INPUT, 0, "learn", "%s: larger than 64 MiB", name);
	while (p < end) {
		r.line++;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n + 1 > LEARN_MAX_LINE)
			return fault(&r, "line longer than %d bytes", LEARN_MAX_LINE);
		if (!nl)
			return fault(&r, "the last line has no newline: the trace was cut short");
		if (check_bytes(&r, p, n) < 0)
			return -1;
		if (r.line == 1) {
			if (n > 11 && !memcmp(p, "polc-trace ", 11) && (n != 12 || p[11] != '1'))
				return fault(&r, "trace version '%.*s' (this polc reads version 1)",
					     (int)(n - 11 > 16 ? 16 : n - 11), p + 11);
			if (n != 12 || memcmp(p, "polc-trace 1", 12))
				return fault(&r, "not a learning trace (the first line is not 'polc-trace 1')");
		} else if (n && p[0] != '#' && read_record(&r, p, p + n) < 0) {
			return -1;
		}
		p = nl + 1;
	}
	if (!r.line)
		return err_set_status(e, POLC_EXIT_INPUT, 0, "learn", "%s:1: empty: not a learning trace", name);
	if (!r.saw_end) {
		r.line++;
		return fault(&r, "no 'end' record: the trace was cut short (the run did not finish)");
	}
	s->traces = xreallocarray(s->traces, s->ntraces + 1, sizeof *s->traces);
	s->traces[s->ntraces++] = r.name;
	return 0;
}

int learn_read_trace(struct learn_set *s, const char *path, struct err *e)
{
	char *text;
	size_t len;
	if (pol_read_file_limit(path, LEARN_MAX_FILE, "64 MiB", &text, &len, e) < 0) {
		e->status = POLC_EXIT_INPUT;
		return -1;
	}
	int r = learn_read_buffer(s, path, text, len, e);
	free(text);
	return r;
}
