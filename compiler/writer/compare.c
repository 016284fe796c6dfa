/* polc build --check: is a deployed blob exactly the build of a source,
 * and if not, where is the first difference? Both blobs are validated by
 * the reader first; the comparison then walks the header fields a
 * reviewer cares about and the sections in directory order. */
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "polb_reader.h"

static int header_diff(const struct polb_header *a, const struct polb_header *b,
		       char *where, size_t size)
{
	if (a->version_major != b->version_major || a->version_minor != b->version_minor)
		snprintf(where, size, "the header: format version %u.%u, a build gives %u.%u",
			 a->version_major, a->version_minor, b->version_major, b->version_minor);
	else if (strncmp(a->compiler_version, b->compiler_version, sizeof(a->compiler_version)))
		snprintf(where, size, "the header: compiler '%.32s', this polc is '%.32s'",
			 a->compiler_version, b->compiler_version);
	else if (memcmp(a->source_sha256, b->source_sha256, sizeof(a->source_sha256)))
		snprintf(where, size, "the header: source digest (the policy text differs)");
	else if (a->section_count != b->section_count)
		snprintf(where, size, "the section list: %u sections, a build gives %u",
			 a->section_count, b->section_count);
	else
		return 0;
	return 1;
}

/* The string table is compared last: a changed path shows in the string
 * table and in the section that uses it, and the reviewer wants the latter. */
static int section_diff(const uint8_t *a, const uint8_t *b, uint32_t n,
			char *where, size_t size)
{
	const struct polb_section_entry *da = (const void *)(a + sizeof(struct polb_header));
	const struct polb_section_entry *db = (const void *)(b + sizeof(struct polb_header));
	for (uint32_t j = 0; j < n; j++) {
		uint32_t i = (j + 1) % n; /* 1, 2, ..., n-1, then 0 (the string table) */
		if (da[i].type != db[i].type) {
			snprintf(where, size, "the section list: entry %u is %s, a build has %s",
				 i, polb_section_name(da[i].type), polb_section_name(db[i].type));
			return 1;
		}
		if (da[i].size != db[i].size || da[i].count != db[i].count ||
		    da[i].flags != db[i].flags || da[i].record_size != db[i].record_size ||
		    memcmp(a + da[i].offset, b + db[i].offset, da[i].size)) {
			snprintf(where, size, "section %s", polb_section_name(da[i].type));
			return 1;
		}
	}
	return 0;
}

int build_compare(const uint8_t *have, size_t have_size, const uint8_t *want,
		  size_t want_size, char *where, size_t where_size)
{
	if (have_size == want_size && !memcmp(have, want, have_size))
		return 1;
	struct polb_view va, vb;
	struct err e;
	if (polb_read(have, have_size, &va, &e) < 0) {
		snprintf(where, where_size, "validation: %.200s", e.detail);
		return 0;
	}
	if (polb_read(want, want_size, &vb, &e) < 0) {
		snprintf(where, where_size, "the build itself: %.200s", e.detail);
		return 0;
	}
	if (header_diff(va.header, vb.header, where, where_size) ||
	    section_diff(have, want, va.header->section_count, where, where_size))
		return 0;
	/* same sections, same bodies: only the CRC or padding could differ,
	 * which the reader refuses, so this is not reached in practice */
	snprintf(where, where_size, "the header");
	return 0;
}
