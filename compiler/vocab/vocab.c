/* Lookups over the generated tables (syscalls_gen.c, constants_gen.c).
 * The tables are sorted by name, so every name lookup is a binary search;
 * number-to-name lookups scan (they serve messages and the blob's name
 * table, never a hot path). */
#include <ctype.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vocab/vocab.h"
#include "vocab/vocab_gen.h"

/* ---- syscalls --------------------------------------------------------- */

/* Each architecture's generated syscall table, indexed by enum ir_arch
 * (the architecture's other facts: common/arch.c). */
static const struct {
	const struct vocab_sc *sc;
	const size_t *count;
} arch_tables[IR_ARCH_COUNT] = {
	[IR_ARCH_X86_64] = { vocab_sc_x86_64, &vocab_sc_x86_64_count },
	[IR_ARCH_X86] = { vocab_sc_x86, &vocab_sc_x86_count },
	[IR_ARCH_X32] = { vocab_sc_x32, &vocab_sc_x32_count },
	[IR_ARCH_AARCH64] = { vocab_sc_aarch64, &vocab_sc_aarch64_count },
	[IR_ARCH_ARM] = { vocab_sc_arm, &vocab_sc_arm_count },
	[IR_ARCH_RISCV64] = { vocab_sc_riscv64, &vocab_sc_riscv64_count },
	[IR_ARCH_PPC64LE] = { vocab_sc_ppc64le, &vocab_sc_ppc64le_count },
	[IR_ARCH_S390X] = { vocab_sc_s390x, &vocab_sc_s390x_count },
};

static bool arch_ok(enum ir_arch arch)
{
	return (unsigned)arch < IR_ARCH_COUNT;
}

static int cmp_sc(const void *key, const void *elem)
{
	return strcmp(key, ((const struct vocab_sc *)elem)->name);
}

int vocab_syscall_nr(enum ir_arch arch, const char *name)
{
	if (!arch_ok(arch) || !name)
		return -1;
	const __typeof__(arch_tables[0]) *t = &arch_tables[arch];
	const struct vocab_sc *hit = bsearch(name, t->sc, *t->count, sizeof *t->sc, cmp_sc);
	return hit ? hit->nr : -1;
}

const char *vocab_syscall_name(enum ir_arch arch, int nr)
{
	if (!arch_ok(arch))
		return NULL;
	const __typeof__(arch_tables[0]) *t = &arch_tables[arch];
	for (size_t i = 0; i < *t->count; i++)
		if (t->sc[i].nr == nr)
			return t->sc[i].name;
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The union of every arch's names, sorted and unique; built once. */
static const char **all_names;
static size_t all_count;

static void build_all_names(void)
{
	size_t total = 0;
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		total += *arch_tables[a].count;
	const char **v = malloc(total * sizeof *v);
	if (!v)
		abort(); /* a few KiB at start-up: nothing sensible to do without it */
	size_t n = 0;
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		for (size_t i = 0; i < *arch_tables[a].count; i++)
			v[n++] = arch_tables[a].sc[i].name;
	qsort(v, n, sizeof *v, cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || strcmp(v[u - 1], v[i]) != 0)
			v[u++] = v[i];
	all_names = v;
	all_count = u;
}

const char *const *vocab_syscall_names(size_t *count)
{
	if (!all_names)
		build_all_names();
	*count = all_count;
	return all_names;
}

bool vocab_syscall_known(const char *name)
{
	size_t n;
	const char *const *v = vocab_syscall_names(&n);
	return name && bsearch(&name, v, n, sizeof *v, cmp_str) != NULL;
}

int vocab_syscall_limit(enum ir_arch arch)
{
	if (!arch_ok(arch))
		return 0;
	const __typeof__(arch_tables[0]) *t = &arch_tables[arch];
	int max = -1;
	for (size_t i = 0; i < *t->count; i++)
		if (t->sc[i].nr > max)
			max = t->sc[i].nr;
	return max + 1;
}

int vocab_syscall_base(enum ir_arch arch)
{
	return arch_ok(arch) ? (int)arch_table[arch].nr_bit : 0;
}

int vocab_arch_from_name(const char *name)
{
	static const struct { const char *alias; enum ir_arch arch; } aliases[] = {
		{"amd64", IR_ARCH_X86_64}, {"i386", IR_ARCH_X86}, {"i686", IR_ARCH_X86},
		{"arm64", IR_ARCH_AARCH64}, {"riscv", IR_ARCH_RISCV64},
	};
	if (!name)
		return -1;
	if (strcmp(name, "native") == 0)
		return ARCH_NATIVE;
	for (int a = 0; a < IR_ARCH_COUNT; a++)
		if (strcmp(name, arch_table[a].name) == 0)
			return a;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].alias) == 0)
			return aliases[i].arch;
	return -1;
}

/* ---- syscall arguments ----------------------------------------------- */

static int cmp_args(const void *key, const void *elem)
{
	return strcmp(key, ((const struct vocab_sc_args *)elem)->name);
}

static const struct vocab_sc_args *find_args(const char *syscall)
{
	if (!syscall)
		return NULL;
	return bsearch(syscall, vocab_sc_args, vocab_sc_args_count, sizeof *vocab_sc_args,
		       cmp_args);
}

int vocab_syscall_arg(const char *syscall, const char *argname, bool *is_32bit)
{
	const struct vocab_sc_args *a = find_args(syscall);
	int idx = -1;
	if (argname && strncmp(argname, "arg", 3) == 0 && argname[3] >= '0' &&
	    argname[3] <= '5' && argname[4] == '\0')
		idx = argname[3] - '0';
	for (int i = 0; a && argname && idx < 0 && i < a->count; i++)
		if (strcmp(argname, a->names[i]) == 0 || strcmp(argname, a->knames[i]) == 0)
			idx = i;
	if (is_32bit)
		*is_32bit = idx >= 0 && a && idx < a->count && (a->mask32 >> idx & 1);
	return idx;
}

const char *const *vocab_syscall_arg_names(const char *syscall, size_t *count)
{
	const struct vocab_sc_args *a = find_args(syscall);
	*count = a ? (size_t)a->count : 0;
	return a ? a->names : NULL;
}

/* ---- named values ----------------------------------------------------- */

static int cmp_named(const void *key, const void *elem)
{
	return strcmp(key, ((const struct vocab_named *)elem)->name);
}

static const struct vocab_named *find_named(const struct vocab_named *t, size_t n,
					    const char *name)
{
	return name ? bsearch(name, t, n, sizeof *t, cmp_named) : NULL;
}

static const char *const *names_of(const struct vocab_named *t, size_t n,
				   const char ***cache)
{
	if (!*cache) {
		const char **v = malloc((n ? n : 1) * sizeof *v);
		if (!v)
			abort();
		for (size_t i = 0; i < n; i++)
			v[i] = t[i].name;
		*cache = v;
	}
	return *cache;
}

bool vocab_constant(const char *name, uint64_t *value)
{
	const struct vocab_named *c = find_named(vocab_constants, vocab_constants_count, name);
	if (c && value)
		*value = c->value;
	return c != NULL;
}

const char *const *vocab_constant_names(size_t *count)
{
	static const char **cache;
	*count = vocab_constants_count;
	return names_of(vocab_constants, vocab_constants_count, &cache);
}

/* "net_bind_service" or "CAP_NET_BIND_SERVICE" -> "CAP_NET_BIND_SERVICE" */
static bool upper_with_prefix(const char *name, const char *prefix, char *out, size_t size)
{
	size_t plen = strlen(prefix);
	if (!name || strlen(name) + plen + 1 > size)
		return false;
	if (strncasecmp(name, prefix, plen) == 0)
		name += plen;
	memcpy(out, prefix, plen);
	size_t i = plen;
	for (; *name; name++)
		out[i++] = (char)toupper((unsigned char)*name);
	out[i] = '\0';
	return true;
}

/* "CAP_NET_BIND_SERVICE" -> "net_bind_service", into a per-table cache. */
static const char *lower_without_prefix(const struct vocab_named *t, size_t n, size_t plen,
					uint64_t value, char (*cache)[40], size_t ncache)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].value != value || value >= ncache)
			continue;
		char *out = cache[value];
		if (!out[0]) {
			size_t j = 0;
			for (const char *s = t[i].name + plen; *s && j + 1 < sizeof cache[0]; s++)
				out[j++] = (char)tolower((unsigned char)*s);
			out[j] = '\0';
		}
		return out;
	}
	return NULL;
}

int vocab_capability(const char *name)
{
	char buf[64];
	if (!upper_with_prefix(name, "CAP_", buf, sizeof buf))
		return -1;
	const struct vocab_named *c = find_named(vocab_caps, vocab_caps_count, buf);
	return c ? (int)c->value : -1;
}

const char *vocab_capability_name(int cap)
{
	static char cache[64][40];
	if (cap < 0)
		return NULL;
	return lower_without_prefix(vocab_caps, vocab_caps_count, 4, (uint64_t)cap, cache, 64);
}

int vocab_capability_count(void)
{
	int max = -1;
	for (size_t i = 0; i < vocab_caps_count; i++)
		if ((int)vocab_caps[i].value > max)
			max = (int)vocab_caps[i].value;
	return max + 1;
}

int vocab_rlimit(const char *name)
{
	char buf[64];
	if (!upper_with_prefix(name, "RLIMIT_", buf, sizeof buf))
		return -1;
	const struct vocab_named *r = find_named(vocab_rlimits, vocab_rlimits_count, buf);
	return r ? (int)r->value : -1;
}

const char *vocab_rlimit_name(int resource)
{
	static char cache[IR_RLIMIT_COUNT][40];
	if (resource < 0)
		return NULL;
	return lower_without_prefix(vocab_rlimits, vocab_rlimits_count, 7, (uint64_t)resource,
				    cache, IR_RLIMIT_COUNT);
}

int vocab_errno(const char *name)
{
	const struct vocab_named *e = find_named(vocab_errnos, vocab_errnos_count, name);
	return e ? (int)e->value : -1;
}

const char *vocab_errno_name(int value)
{
	/* Several names share a value (EWOULDBLOCK = EAGAIN, EDEADLOCK =
	 * EDEADLK, ENOTSUP = EOPNOTSUPP): name the canonical one. */
	static const char *const aliases[] = {"EWOULDBLOCK", "EDEADLOCK", "ENOTSUP"};
	const char *best = NULL;
	for (size_t i = 0; i < vocab_errnos_count; i++) {
		if ((int)vocab_errnos[i].value != value)
			continue;
		bool alias = false;
		for (size_t j = 0; j < sizeof aliases / sizeof aliases[0]; j++)
			alias |= strcmp(vocab_errnos[i].name, aliases[j]) == 0;
		if (!alias)
			return vocab_errnos[i].name;
		if (!best)
			best = vocab_errnos[i].name;
	}
	return best;
}

/* ---- suggestions ------------------------------------------------------ */

/* Optimal string alignment distance (Levenshtein plus adjacent
 * transposition: "opnat" -> "openat" is 1, "clsoe" -> "close" is 1).
 * Names longer than 63 bytes are never suggested. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return SIZE_MAX;
	size_t d[64][64];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *vocab_nearest(const char *word, const char *const *names, size_t count)
{
	if (!word || !names)
		return NULL;
	/* Plausible typo: up to a third of the word, at least 1, at most 3. */
	size_t len = strlen(word);
	size_t limit = len / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < count; i++) {
		if (!names[i])
			continue;
		size_t dist = edit_distance(word, names[i]);
		if (dist < best_d) {
			best_d = dist;
			best = names[i];
		}
	}
	return best_d <= limit ? best : NULL;
}
