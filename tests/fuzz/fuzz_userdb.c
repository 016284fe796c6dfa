/* libFuzzer target: the container's /etc/passwd and /etc/group as enforce
 * reads them for `user NAME [GROUP]` (enforcer/userdb_parse.c): the image
 * maker writes these files, the enforcer parses them as root before the
 * command runs. The first byte picks the file (passwd: 7 fields, uid and
 * gid; group: 4 fields, gid) and the name looked up, from names the
 * compiler and the blob reader accept; the rest, NUL-terminated as
 * userdb.c's reader gives it, is the file. Whatever the file: no read out
 * of bounds, and an entry found or refused is on a line that starts with
 * NAME: (the first such line: nss's rule), its ids below 2^32-1.
 * Seeds: tests/fuzz/corpus/userdb/. */
#include <stdbool.h>

#include "../../enforcer/userdb_parse.h"
#include "fuzz_input.h"

static const char *const names[] = { "postgres", "nobody", "a", "www-data", "_apt", "app.user-1" };
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* The start of line lineno (1-based) of db, NULL past its end. */
static const char *line_at(const char *db, size_t lineno)
{
	const char *p = db;
	for (size_t i = 1; p && i < lineno; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return p;
}

/* The first line of db that starts with "name:", as a line number (0: none). */
static size_t first_entry(const char *db, const char *name)
{
	size_t nlen = strlen(name), lineno = 1;
	for (const char *p = db; p; lineno++) {
		if (!strncmp(p, name, nlen) && p[nlen] == ':')
			return lineno;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool group = data[0] & 1;
	const char *name = names[(data[0] >> 1) % NNAMES];
	char *db = fuzz_text(data + 1, size - 1);
	if (!db)
		return 0;
	uint32_t id1 = UINT32_MAX, id2 = UINT32_MAX;
	size_t lineno = 0;
	int r = userdb_find(db, name, group ? 4 : 7, &id1, group ? NULL : &id2, &lineno);
	size_t want_line = first_entry(db, name);
	if (r == 0 && want_line)
		abort(); /* an entry it did not see */
	if (r != 0) {
		const char *l = line_at(db, lineno);
		if (!lineno || lineno != want_line || !l || strncmp(l, name, strlen(name)))
			abort(); /* not the first line of NAME */
	}
	if (r == 1 && (id1 == UINT32_MAX || (!group && id2 == UINT32_MAX)))
		abort();
	free(db);
	return 0;
}
