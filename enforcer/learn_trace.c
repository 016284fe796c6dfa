/* The trace file and the table behind it (learn.h, docs/learn-trace.md).
 *
 * The file is the supervisor's, made on the host before anything runs:
 * O_CREAT|O_EXCL|O_NOFOLLOW, so neither a file that is there (the caller's
 * or one the container reached through a shared mount) nor a symlink
 * planted at the name is ever written through. The header and the run
 * record go in at once, so a run killed before its end leaves a trace
 * without `end`, which polc learn refuses; at the end the file is
 * rewritten from the start through the same fd.
 *
 * The table keeps one entry per distinct record key in the order first
 * seen. It is bounded (LEARN_MAX_RECORDS entries, LEARN_MAX_BYTES of keys
 * and names, which also keeps the file under the format's 64 MiB): an
 * event that does not fit is counted in `lost`, never dropped silently. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enforce.h"
#include "learn.h"
#include "polb_sig.h"

#define LEARN_MAX_RECORDS 100000u
#define LEARN_MAX_BYTES (48u << 20)
#define LINE_MAX_BYTES 8192 /* with its newline */
#define HASH_SLOTS (1u << 18) /* > 2 x LEARN_MAX_RECORDS: short probes */

struct entry {
	char *key;      /* "kind k=v ..." */
	char *exe;      /* escaped, of the first event */
	uint64_t n;
	uint64_t hash;
};

struct learn {
	int fd;
	char run[LINE_MAX_BYTES];
	struct entry *entries;
	size_t nentries, cap;
	uint32_t *slots; /* index + 1 into entries; 0 free */
	size_t bytes;
	uint64_t lost;
};

/* ---- escaping and record building ------------------------------------ */

static bool must_escape(unsigned char c)
{
	return c < 0x21 || c >= 0x7f || c == '%' || c == '=' || c == '#';
}

size_t trace_escape(char *out, size_t size, const void *in, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = in;
	size_t o = 0;
	if (len == 0 || (len == 1 && p[0] == '-')) {
		/* "-" is the empty value; a value that is "-" is written %2D */
		const char *w = len == 0 ? "-" : "%2D";
		size_t wl = strlen(w);
		if (wl + 1 > size)
			return (size_t)-1;
		memcpy(out, w, wl + 1);
		return wl;
	}
	for (size_t i = 0; i < len; i++) {
		if (must_escape(p[i])) {
			if (o + 4 > size)
				return (size_t)-1;
			out[o++] = '%';
			out[o++] = hex[p[i] >> 4];
			out[o++] = hex[p[i] & 15];
		} else {
			if (o + 2 > size)
				return (size_t)-1;
			out[o++] = (char)p[i];
		}
	}
	out[o] = '\0';
	return o;
}

static void rec_append(struct learn_rec *r, const char *text, size_t len)
{
	if (r->too_long || r->len + len + 1 > sizeof r->buf) {
		r->too_long = true;
		return;
	}
	memcpy(r->buf + r->len, text, len);
	r->len += len;
	r->buf[r->len] = '\0';
}

void rec_start(struct learn_rec *r, const char *kind)
{
	r->len = 0;
	r->too_long = false;
	r->buf[0] = '\0';
	rec_append(r, kind, strlen(kind));
}

void rec_bytes(struct learn_rec *r, const char *key, const void *value, size_t len)
{
	char head[32];
	int hl = snprintf(head, sizeof head, " %s=", key);
	rec_append(r, head, (size_t)hl);
	if (r->too_long)
		return;
	size_t w = trace_escape(r->buf + r->len, sizeof r->buf - r->len, value, len);
	if (w == (size_t)-1) {
		r->too_long = true;
		return;
	}
	r->len += w;
}

void rec_str(struct learn_rec *r, const char *key, const char *value)
{
	rec_bytes(r, key, value, strlen(value));
}

void rec_num(struct learn_rec *r, const char *key, uint64_t value)
{
	char t[48];
	int n = snprintf(t, sizeof t, " %s=%llu", key, (unsigned long long)value);
	rec_append(r, t, (size_t)n);
}

void rec_hex(struct learn_rec *r, const char *key, uint64_t value)
{
	char t[48];
	int n = snprintf(t, sizeof t, " %s=0x%llx", key, (unsigned long long)value);
	rec_append(r, t, (size_t)n);
}

/* ---- the table ------------------------------------------------------- */

static uint64_t fnv1a(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h;
}

void learn_lost(struct learn *l, uint64_t n)
{
	l->lost = l->lost + n < l->lost ? UINT64_MAX : l->lost + n;
}

/* The longest line is key + " n=" 20 digits + " exe=" + exe + "\n". */
#define LINE_SLACK 32

void learn_add(struct learn *l, const struct learn_rec *r, const char *exe)
{
	if (r->too_long || r->len + LINE_SLACK >= LINE_MAX_BYTES) {
		learn_lost(l, 1);
		return;
	}
	uint64_t h = fnv1a(r->buf, r->len);
	size_t slot = h & (HASH_SLOTS - 1);
	for (; l->slots[slot]; slot = (slot + 1) & (HASH_SLOTS - 1)) {
		struct entry *en = &l->entries[l->slots[slot] - 1];
		if (en->hash == h && strcmp(en->key, r->buf) == 0) {
			if (en->n < UINT64_MAX)
				en->n++;
			return;
		}
	}
	char safe_exe[LINE_MAX_BYTES];
	size_t room = LINE_MAX_BYTES - LINE_SLACK - r->len;
	size_t el = trace_escape(safe_exe, room, exe, strlen(exe));
	if (el == (size_t)-1) /* a name too long for the line: the key still counts */
		el = trace_escape(safe_exe, room, "", 0);
	if (l->nentries >= LEARN_MAX_RECORDS || l->bytes + r->len + el > LEARN_MAX_BYTES) {
		learn_lost(l, 1);
		return;
	}
	if (l->nentries == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 1024;
		struct entry *grown = realloc(l->entries, cap * sizeof *grown);
		if (!grown) {
			learn_lost(l, 1);
			return;
		}
		l->entries = grown;
		l->cap = cap;
	}
	struct entry *en = &l->entries[l->nentries];
	en->key = strndup(r->buf, r->len);
	en->exe = strndup(safe_exe, el);
	if (!en->key || !en->exe) {
		free(en->key);
		free(en->exe);
		learn_lost(l, 1);
		return;
	}
	en->n = 1;
	en->hash = h;
	l->slots[slot] = (uint32_t)++l->nentries;
	l->bytes += r->len + el;
}

/* ---- the file ---------------------------------------------------------- */

static void hex32(const uint8_t d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + (size_t)2 * (size_t)i, 3, "%02x", d[i]);
}

static int build_run(struct learn *l, const struct learn_run *run, const struct polb_view *v,
		     struct err *e)
{
	uint8_t digest[32];
	char sha[65], arches[128];
	struct utsname u;
	struct err why = { 0 };
	if (crypto_sha256(run->blob_file, run->blob_file_size, digest, &why) < 0) {
		/* the digest names the blob for a reader; the run's confinement
		 * does not depend on it (a static enforce cannot dlopen) */
		warnx_line("learn: the trace names its blob without a digest: %s", why.detail);
		snprintf(sha, sizeof sha, "%s", "");
	} else {
		hex32(digest, sha);
	}
	if (uname(&u) < 0)
		snprintf(u.release, sizeof u.release, "-");
	learn_admitted(v, arches, sizeof arches);
	struct learn_rec r;
	rec_start(&r, "run");
	rec_str(&r, "blob", run->blob_path);
	rec_str(&r, "sha256", sha);
	rec_num(&r, "uid", getuid());
	rec_num(&r, "rootless", run->rootless);
	rec_str(&r, "cmd", run->cmd);
	rec_str(&r, "arches", arches);
	rec_str(&r, "kernel", u.release);
	if (r.too_long)
		return err_set(e, 0, "learn", "the run record is longer than a trace line");
	memcpy(l->run, r.buf, r.len + 1);
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

struct learn *learn_open(const char *path, const struct learn_run *run,
			 const struct polb_view *v, struct err *e)
{
	struct learn *l = calloc(1, sizeof *l);
	if (l)
		l->slots = calloc(HASH_SLOTS, sizeof *l->slots);
	if (!l || !l->slots) {
		free(l);
		err_set(e, ENOMEM, "learn", "the record table");
		return NULL;
	}
	l->fd = -1;
	if (build_run(l, run, v, e) < 0) {
		learn_close(l);
		return NULL;
	}
	l->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	if (l->fd < 0) {
		err_set(e, errno, "learn", "%.200s: creating the trace%s", path,
			errno == EEXIST ? " (it exists: a trace is never overwritten)" : "");
		learn_close(l);
		return NULL;
	}
	char head[LINE_MAX_BYTES + 32];
	int hl = snprintf(head, sizeof head, "polc-trace 1\n%s\n", l->run);
	if (write_all(l->fd, head, (size_t)hl) < 0) {
		err_set(e, errno, "learn", "%.200s: writing the trace", path);
		learn_close(l);
		return NULL;
	}
	return l;
}

static void status_text(int wstatus, bool failed, int exit_status, char *out, size_t size)
{
	if (failed || (!WIFEXITED(wstatus) && !WIFSIGNALED(wstatus))) {
		snprintf(out, size, "exit:%d", exit_status);
	} else if (WIFEXITED(wstatus)) {
		snprintf(out, size, "exit:%d", WEXITSTATUS(wstatus));
	} else {
		const char *name = sigabbrev_np(WTERMSIG(wstatus));
		if (name)
			snprintf(out, size, "signal:%s", name);
		else
			snprintf(out, size, "signal:%d", WTERMSIG(wstatus));
	}
}

int learn_finish(struct learn *l, int wstatus, bool failed, int exit_status)
{
	if (!l || l->fd < 0)
		return -1;
	/* from the start: whatever the file holds now is replaced */
	FILE *out = NULL;
	int fd = dup(l->fd);
	if (fd >= 0 && ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0)
		out = fdopen(fd, "w");
	if (!out) {
		if (fd >= 0)
			close(fd);
		enforce_line("learn: cannot rewrite the trace: %s", strerror(errno));
		return -1;
	}
	fprintf(out, "polc-trace 1\n%s\n", l->run);
	for (size_t i = 0; i < l->nentries; i++)
		fprintf(out, "%s n=%llu exe=%s\n", l->entries[i].key,
			(unsigned long long)l->entries[i].n, l->entries[i].exe);
	char status[64];
	status_text(wstatus, failed, exit_status, status, sizeof status);
	fprintf(out, "end status=%s records=%zu lost=%llu\n", status, l->nentries + 1,
		(unsigned long long)l->lost);
	int r = 0;
	if (fflush(out) != 0 || fsync(fd) != 0)
		r = -1;
	if (fclose(out) != 0)
		r = -1;
	if (r < 0)
		enforce_line("learn: writing the trace failed: %s", strerror(errno));
	else
		enforce_line("learn: trace written: %zu records, %llu events lost", l->nentries + 1,
			     (unsigned long long)l->lost);
	return r;
}

void learn_discard(struct learn *l, const char *path)
{
	struct stat mine, named;
	if (!l || l->fd < 0 || fstat(l->fd, &mine) < 0 || lstat(path, &named) < 0)
		return;
	if (mine.st_dev == named.st_dev && mine.st_ino == named.st_ino)
		unlink(path);
}

void learn_close(struct learn *l)
{
	if (!l)
		return;
	if (l->fd >= 0)
		close(l->fd);
	for (size_t i = 0; i < l->nentries; i++) {
		free(l->entries[i].key);
		free(l->entries[i].exe);
	}
	free(l->entries);
	free(l->slots);
	free(l);
}
