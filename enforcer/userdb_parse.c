/* The lines of /etc/passwd and /etc/group, as nss's "files" reads them
 * (see userdb_parse.h; the rules are in userdb.c's comment). */
#include "userdb_parse.h"

#include <stdbool.h>
#include <string.h>

/* A plain decimal id: digits only, no sign, below UINT32_MAX ("no id"). */
static bool userdb_id(const char *s, size_t len, uint32_t *out)
{
	if (!len || len > 10)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v >= UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Split LINE (len bytes) at ':' into at most nf fields; the field count. */
static size_t userdb_fields(const char *line, size_t len, const char **f, size_t *flen, size_t nf)
{
	size_t n = 0;
	const char *start = line;
	for (const char *p = line; n < nf; p++) {
		if (p == line + len || *p == ':') {
			f[n] = start;
			flen[n++] = (size_t)(p - start);
			if (p == line + len)
				break;
			start = p + 1;
		}
	}
	return n;
}

int userdb_find(const char *db, const char *name, size_t want, uint32_t *id1,
		       uint32_t *id2, size_t *lineno)
{
	size_t nlen = strlen(name);
	*lineno = 0;
	for (const char *line = db; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		++*lineno;
		if (len > nlen && !strncmp(line, name, nlen) && line[nlen] == ':') {
			/* zeroed: with a want below 4 the unused ids are empty fields, refused */
			const char *f[8] = { 0 };
			size_t fl[8] = { 0 };
			if (userdb_fields(line, len, f, fl, 8) != want || !userdb_id(f[2], fl[2], id1) ||
			    (id2 && !userdb_id(f[3], fl[3], id2)))
				return -1;
			return 1;
		}
		line += len + (nl ? 1 : 0);
	}
	return 0;
}
