/* Several learning runs merged into one set (see learn.h): a record is
 * keyed as the trace format keys it (every field but `n` and `exe`), so
 * one trace's duplicates and another trace's same events add their
 * counts, and the first occurrence (its trace, line and executable) is
 * the one a draft's comment names. An open-addressing index keeps a 64
 * MiB trace linear. */
#include <stdlib.h>
#include <string.h>

#include "learn/learn.h"
#include "util/cli.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void learn_set_init(struct learn_set *s)
{
	memset(s, 0, sizeof *s);
}

void learn_set_free(struct learn_set *s)
{
	for (size_t i = 0; i < s->nstrings; i++)
		free(s->strings[i]);
	free(s->strings);
	free(s->recs);
	free(s->slots);
	free(s->traces);
	memset(s, 0, sizeof *s);
}

const char *learn_strdup(struct learn_set *s, const char *text, size_t len)
{
	if (s->nstrings == s->capstrings) {
		s->capstrings = s->capstrings ? 2 * s->capstrings : 256;
		s->strings = xreallocarray(s->strings, s->capstrings, sizeof *s->strings);
	}
	char *copy = xstrndup(text, len);
	s->strings[s->nstrings++] = copy;
	return copy;
}

static const char *or_empty(const char *v)
{
	return v ? v : "";
}

/* Fields joined with a byte no field holds (values are unescaped, but a
 * NUL is refused by the reader and 0x01 separates). */
static char *key_of(const struct learn_rec *r)
{
	struct strbuf b = STRBUF_INIT;
	sb_printf(&b, "%d\x01%d\x01%d\x01%u", (int)r->kind, (int)r->arch, r->nr, r->argmask);
	for (int i = 0; i < 6; i++)
		sb_printf(&b, "\x01%llx", (unsigned long long)r->a[i]);
	sb_printf(&b, "\x01%s\x01%s\x01%u\x01%s\x01%s\x01%s\x01%u\x01%d\x01%s", or_empty(r->op),
		  or_empty(r->path), r->acc, or_empty(r->fam), or_empty(r->type), or_empty(r->addr),
		  r->port, r->cap, or_empty(r->why));
	return sb_steal(&b);
}

static size_t hash_of(const char *k)
{
	size_t h = 1469598103934665603ull;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

/* slots hold index + 1; 0 is empty. Grown at half full. */
static void reindex(struct learn_set *s)
{
	free(s->slots);
	s->nslots = s->nslots ? 2 * s->nslots : 1024;
	s->slots = xcalloc(s->nslots, sizeof *s->slots);
	for (size_t i = 0; i < s->n; i++) {
		size_t h = hash_of(s->recs[i].key) & (s->nslots - 1);
		while (s->slots[h])
			h = (h + 1) & (s->nslots - 1);
		s->slots[h] = i + 1;
	}
}

int learn_merge(struct learn_set *s, const struct learn_rec *r, struct err *e)
{
	char *key = key_of(r);
	if (2 * (s->n + 1) > s->nslots)
		reindex(s);
	size_t h = hash_of(key) & (s->nslots - 1);
	for (; s->slots[h]; h = (h + 1) & (s->nslots - 1)) {
		struct learn_rec *old = &s->recs[s->slots[h] - 1];
		if (strcmp(old->key, key))
			continue;
		free(key);
		if (old->n > LEARN_MAX_COUNT - r->n)
			return err_set_status(e, POLC_EXIT_INPUT, 0, "learn",
					      "the merged count passes %llu (no run makes that many)",
					      (unsigned long long)LEARN_MAX_COUNT);
		old->n += r->n;
		if (!old->exe)
			old->exe = r->exe;
		return 0;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->recs = xreallocarray(s->recs, s->cap, sizeof *s->recs);
	}
	s->recs[s->n] = *r;
	s->recs[s->n].key = learn_strdup(s, key, strlen(key));
	free(key);
	s->slots[h] = ++s->n;
	return 0;
}
