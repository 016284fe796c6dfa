/* Byte buffer and deduplicating string table for the blob writer. */
#include "bytes.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void bytes_put(struct bytes *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		b->data = xreallocarray(b->data, cap, 1);
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void bytes_pad8(struct bytes *b)
{
	static const uint8_t zero[8];
	bytes_put(b, zero, (8 - b->len % 8) % 8);
}

void bytes_free(struct bytes *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
	return h;
}

void strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof(*t));
	bytes_put(&t->bytes, "", 1); /* offset 0: the empty string */
}

static void strtab_grow(struct strtab *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 256;
	uint32_t *slots = xcalloc(n, sizeof(*slots));
	for (size_t i = 0; i < t->nslots; i++) {
		uint32_t v = t->slots[i];
		if (!v)
			continue;
		const char *s = (const char *)t->bytes.data + v - 1;
		size_t j = fnv1a(s, strlen(s)) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = v;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
}

struct polb_str strtab_add(struct strtab *t, const char *s)
{
	struct polb_str none = { 0, 0 };
	if (!s || !*s)
		return none;
	size_t len = strlen(s);
	if (len > POLB_MAX_TEXT) {
		t->too_long++;
		return none;
	}
	if ((t->nused + 1) * 2 > t->nslots)
		strtab_grow(t);
	size_t j = fnv1a(s, len) & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
		const char *have = (const char *)t->bytes.data + t->slots[j] - 1;
		if (!strcmp(have, s))
			return (struct polb_str){ t->slots[j] - 1, (uint32_t)len };
	}
	uint32_t off = (uint32_t)t->bytes.len;
	bytes_put(&t->bytes, s, len + 1);
	t->slots[j] = off + 1;
	t->nused++;
	return (struct polb_str){ off, (uint32_t)len };
}

void strtab_free(struct strtab *t)
{
	bytes_free(&t->bytes);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}
