/* The compiled AppArmor policy of a blob's APPARMOR section, checked
 * before it can reach the kernel. The kernel unpacks and verifies the
 * policy itself (security/apparmor/policy_unpack.c); what the reader adds
 * is the promise the blob makes: this data loads exactly one profile, the
 * one the LSM record names, into the caller's policy namespace. Without it
 * a blob could replace any other profile on the host (sshd's, say) or load
 * into another namespace, and the enforcer's `--replace` would do it.
 *
 * The format is the kernel's "aa_ext" stream: a sequence of elements, each
 * an optional name (AA_NAME, u16 length, NUL-terminated bytes) then a type
 * code and its value: u8/u16/u32/u64 little-endian; AA_STRING (u16 length,
 * NUL-terminated) and AA_BLOB (u32 length); AA_STRUCT/AA_LIST/AA_ARRAY
 * (u16 count) open a nesting closed by the matching *END code. At the top
 * level the kernel reads, per profile, an optional header ("version" u32,
 * "namespace" string) and a "profile" struct whose first element is the
 * profile's name as an unnamed string. The checks: every element well
 * formed and inside the data, nesting balanced and at most 32 deep, the
 * data starts with a version of ABI 5..9, no "namespace", exactly one
 * "profile", and nothing else at the top level. DFA blobs and the rest of
 * the profile are the kernel's to verify. */
#include <stdbool.h>
#include <string.h>

#include "polb_reader.h"

enum aa_code { AA_U8, AA_U16, AA_U32, AA_U64, AA_NAME, AA_STRING, AA_BLOB, AA_STRUCT,
	       AA_STRUCTEND, AA_LIST, AA_LISTEND, AA_ARRAY, AA_ARRAYEND };
#define AA_MAX_DEPTH 32

struct aa_walk {
	const uint8_t *p;
	size_t n, pos;
	struct err *e;
};

static int aa_bad(struct aa_walk *w, const char *what)
{
	return err_set(w->e, 0, "blob", "compiled policy: byte %zu: %s", w->pos, what);
}

static int take(struct aa_walk *w, size_t len, const uint8_t **out)
{
	if (len > w->n - w->pos)
		return aa_bad(w, "element runs past the end (truncated)");
	*out = w->p + w->pos;
	w->pos += len;
	return 0;
}

static int take_le(struct aa_walk *w, size_t len, uint64_t *v)
{
	const uint8_t *b;
	if (take(w, len, &b) < 0)
		return -1;
	*v = 0;
	for (size_t i = len; i-- > 0;)
		*v = *v << 8 | b[i];
	return 0;
}

/* A u16-sized chunk that must be a NUL-terminated string with no NUL
 * inside (names and AA_STRING values). */
static int take_cstr(struct aa_walk *w, const char **s, size_t *len)
{
	uint64_t size;
	const uint8_t *b;
	if (take_le(w, 2, &size) < 0 || take(w, (size_t)size, &b) < 0)
		return -1;
	if (size == 0 || b[size - 1] != '\0' || memchr(b, '\0', (size_t)size - 1))
		return aa_bad(w, "string not NUL-terminated, or with a NUL inside");
	*s = (const char *)b;
	*len = (size_t)size - 1;
	return 0;
}

struct aa_elem {
	const char *name; /* NULL: unnamed */
	uint8_t code;
	uint64_t num;     /* integers, array count */
	const char *str;  /* AA_STRING */
	size_t strlen;
};

static int next_elem(struct aa_walk *w, struct aa_elem *el)
{
	memset(el, 0, sizeof(*el));
	uint64_t code;
	size_t len;
	if (take_le(w, 1, &code) < 0)
		return -1;
	if (code == AA_NAME) {
		if (take_cstr(w, &el->name, &len) < 0 || take_le(w, 1, &code) < 0)
			return -1;
		if (code == AA_NAME)
			return aa_bad(w, "a name followed by a name");
	}
	el->code = (uint8_t)code;
	static const uint8_t width[] = { [AA_U8] = 1, [AA_U16] = 2, [AA_U32] = 4, [AA_U64] = 8 };
	const uint8_t *b;
	switch (code) {
	case AA_U8: case AA_U16: case AA_U32: case AA_U64:
		return take_le(w, width[code], &el->num);
	case AA_STRING:
		return take_cstr(w, &el->str, &el->strlen);
	case AA_BLOB:
		if (take_le(w, 4, &el->num) < 0)
			return -1;
		return take(w, (size_t)el->num, &b);
	case AA_ARRAY:
		return take_le(w, 2, &el->num);
	case AA_STRUCT: case AA_STRUCTEND: case AA_LIST: case AA_LISTEND: case AA_ARRAYEND:
		return 0;
	default:
		return aa_bad(w, "unknown element type");
	}
}

static bool named(const struct aa_elem *el, const char *name)
{
	return el->name && !strcmp(el->name, name);
}

/* One top-level element: the version header, or a profile struct (whose
 * name is recorded). */
static int top_level(struct aa_walk *w, const struct aa_elem *el, size_t index,
		     const char **name, size_t *name_len, size_t *nprofiles)
{
	if (index == 0) {
		if (!named(el, "version") || el->code != AA_U32)
			return aa_bad(w, "does not start with the policy version");
		uint64_t abi = el->num & 0x3ff;
		if (abi < 5 || abi > 9)
			return aa_bad(w, "policy ABI version outside 5..9");
		return 0;
	}
	if (named(el, "namespace"))
		return aa_bad(w, "loads into a policy namespace (a blob loads into its caller's)");
	if (named(el, "version") && el->code == AA_U32)
		return aa_bad(w, "a second policy header (more than one profile)");
	if (!named(el, "profile") || el->code != AA_STRUCT)
		return aa_bad(w, "an element other than a profile at the top level");
	if (++*nprofiles > 1)
		return aa_bad(w, "more than one profile (a blob loads exactly its own)");
	struct aa_elem pn;
	if (next_elem(w, &pn) < 0)
		return -1;
	if (pn.name || pn.code != AA_STRING || pn.strlen == 0)
		return aa_bad(w, "a profile without its name");
	*name = pn.str;
	*name_len = pn.strlen;
	return 0;
}

int polb_check_aa_policy(const uint8_t *p, size_t n, const char **name, size_t *name_len,
			 struct err *e)
{
	struct aa_walk w = { .p = p, .n = n, .e = e };
	uint8_t open[AA_MAX_DEPTH];
	size_t depth = 0, index = 0, nprofiles = 0;
	*name = NULL;
	*name_len = 0;
	while (w.pos < n) {
		struct aa_elem el;
		if (next_elem(&w, &el) < 0)
			return -1;
		if (depth == 0 &&
		    top_level(&w, &el, index++, name, name_len, &nprofiles) < 0)
			return -1;
		if (el.code == AA_STRUCT || el.code == AA_LIST || el.code == AA_ARRAY) {
			if (depth == AA_MAX_DEPTH)
				return aa_bad(&w, "nested more than 32 deep");
			open[depth++] = el.code;
		} else if (el.code == AA_STRUCTEND || el.code == AA_LISTEND ||
			   el.code == AA_ARRAYEND) {
			if (!depth || open[depth - 1] != el.code - 1)
				return aa_bad(&w, "an end without its start");
			depth--;
		}
	}
	if (depth)
		return aa_bad(&w, "a struct, list or array never closed (truncated)");
	if (!nprofiles)
		return aa_bad(&w, "no profile");
	return 0;
}
