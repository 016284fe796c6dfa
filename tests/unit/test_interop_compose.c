/* The small parsers of polc import compose, each case an input a Compose
 * file may hold: compose_path (relative sources against the file's
 * directory, normalised as the IR wants: no //, ., .., never above /)
 * and compose_uint (digits only, bounded). Whole files are
 * tests/review/t_import_compose.sh. */
#include <stdlib.h>
#include <string.h>

#include "interop/import_compose.h"
#include "tap.h"

static int path_is(const char *dir, const char *rel, const char *want)
{
	char *got = compose_path(dir, rel);
	int same = !strcmp(got, want);
	if (!same)
		printf("# compose_path(%s, %s) = %s\n", dir ? dir : "NULL", rel, got);
	free(got);
	return same;
}

int main(void)
{
	OK(path_is("/srv/app", "./data", "/srv/app/data"), "./data is the file's directory's");
	OK(path_is("/srv/app", "../shared", "/srv/shared"), "../ goes up one");
	OK(path_is("/srv/app", "/abs//x/./y/", "/abs/x/y"), "an absolute source ignores the directory, normalised");
	OK(path_is("/srv", "../../../../etc", "/etc"), "never above /");
	OK(path_is("/", ".", "/"), "the root stays /");
	OK(path_is(NULL, "a/b", "/a/b"), "no directory (fuzzing): from /");
	OK(path_is("/srv/app", "x/../../y", "/srv/y"), ".. inside a relative path");

	uint64_t v;
	char *end;
	OK(compose_uint("8080:80", 65535, &v, &end) == 0 && v == 8080 && *end == ':', "a number and where it stops");
	OK(compose_uint("70000", 65535, &v, &end) < 0, "above the bound: refused");
	OK(compose_uint("-1", 65535, &v, &end) < 0, "a sign: refused");
	OK(compose_uint("", 65535, &v, &end) < 0, "empty: refused");
	OK(compose_uint("99999999999999999999999", UINT64_MAX, &v, &end) < 0, "overflow: refused");
	return TAP_DONE();
}
