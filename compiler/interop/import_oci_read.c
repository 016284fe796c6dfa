/* Checked reads of a config.json's fields (import_oci_read.h). */
#include "interop/import_oci_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int oci_bad(struct oci_in *k, const char *where, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return err_set(k->e, 0, "import", "%s: %s: %s", k->path, where, what);
}

const char *oci_at(char *buf, size_t size, const char *list, size_t i)
{
	snprintf(buf, size, "%s[%zu]", list, i);
	return buf;
}

int oci_get(struct oci_in *k, json_object *o, const char *key, json_type t, const char *where, json_object **out)
{
	if (import_field_of(o, key, t, out) < 0 && *out) /* a null is absent in config.json */
		return oci_bad(k, where, "%s: expected %s", key, import_type_name(t, false));
	return 0;
}

int oci_list(struct oci_in *k, json_object *o, const char *key, const char *where, json_object **out, size_t *n)
{
	*n = 0;
	if (oci_get(k, o, key, json_type_array, where, out) < 0)
		return -1;
	*n = *out ? json_object_array_length(*out) : 0;
	if (*n > OCI_MAX_LIST)
		return oci_bad(k, where, "%s: %zu entries, more than %d (the list limit)", key, *n, OCI_MAX_LIST);
	return 0;
}

int oci_str_value(struct oci_in *k, json_object *v, const char *where, const char **out)
{
	*out = NULL;
	if (!json_object_is_type(v, json_type_string))
		return oci_bad(k, where, "expected a string");
	const char *s = json_object_get_string(v);
	size_t len = (size_t)json_object_get_string_len(v);
	if (strlen(s) != len)
		return oci_bad(k, where, "a string holding a NUL byte");
	if (len > OCI_MAX_STRING)
		return oci_bad(k, where, "a string of %zu bytes, longer than %d", len, OCI_MAX_STRING);
	*out = s;
	return 0;
}

int oci_str(struct oci_in *k, json_object *o, const char *key, const char *where, const char **out)
{
	json_object *v;
	char at[128];
	*out = NULL;
	if (oci_get(k, o, key, json_type_string, where, &v) < 0)
		return -1;
	snprintf(at, sizeof(at), "%s.%s", where, key);
	return v ? oci_str_value(k, v, at, out) : 0;
}

int oci_uint(struct oci_in *k, json_object *o, const char *key, uint64_t max, const char *where, bool *has,
	     uint64_t *out)
{
	json_object *v;
	*has = false;
	if (oci_get(k, o, key, json_type_int, where, &v) < 0)
		return -1;
	if (!v)
		return 0;
	if (import_uint_of(v, max, out) < 0)
		return oci_bad(k, where, "%s: out of range (0 to %llu)", key, (unsigned long long)max);
	*has = true;
	return 0;
}

int oci_bool(struct oci_in *k, json_object *o, const char *key, const char *where, int *out)
{
	json_object *v;
	*out = -1;
	if (oci_get(k, o, key, json_type_boolean, where, &v) < 0)
		return -1;
	if (v)
		*out = json_object_get_boolean(v);
	return 0;
}

int oci_check_word(struct oci_in *k, const char *s, const char *where)
{
	const char *c = import_not_word(s);
	if (!*s)
		return oci_bad(k, where, "empty");
	if (c)
		return oci_bad(k, where, "'%.64s': character 0x%02x is not one a policy word can hold", s,
			       (unsigned char)*c);
	return 0;
}

int oci_check_path(struct oci_in *k, const char *s, const char *where)
{
	if (s[0] != '/')
		return oci_bad(k, where, "'%.64s' is not an absolute path", s);
	if (oci_check_word(k, s, where) < 0)
		return -1;
	for (const char *c = s; *c; c++) {
		if (c[0] != '/')
			continue;
		const char *next = c + 1;
		size_t n = strcspn(next, "/");
		if ((n == 0 && c != s) || (n == 0 && c == s && *next) || (n == 1 && next[0] == '.') ||
		    (n == 2 && next[0] == '.' && next[1] == '.'))
			return oci_bad(k, where, "'%.64s': '.', '..', '//' or a trailing '/' (a path must be "
				       "normalised)", s);
	}
	return 0;
}
