/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as iSCSI, ext4 and
 * btrfs use it: initial value ~0, final XOR ~0. The blob header's integrity
 * check (docs/polb.md), computed over the whole blob at every start. Where
 * the CPU has SSE4.2 its crc32 instruction does it, 8 bytes a step (a 22 KB
 * blob: ~90 us by table, a few us by instruction, docs/BENCHMARKS.md);
 * elsewhere a table, one byte at a time. Both compute the same CRC
 * (tests/unit/test_blob_roundtrip.c compares each with a bitwise one). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "polb_reader.h"
#include "polb_reader_int.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>

/* CPUID leaf 1, ECX bit 20 (asked directly: __builtin_cpu_supports would
 * link libgcc's whole CPU model, 4 KB, for this one bit) */
static bool have_sse42(void)
{
	static int known; /* 0 not asked, 1 yes, -1 no */
	if (!known) {
		unsigned int a, b, c, d;
		known = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_2) ? 1 : -1;
	}
	return known > 0;
}

__attribute__((target("sse4.2")))
static uint32_t crc_sse42(uint32_t crc, const uint8_t *p, size_t size)
{
	uint64_t c = crc;
	for (; size >= 8; p += 8, size -= 8) {
		uint64_t word;
		memcpy(&word, p, sizeof(word));
		c = _mm_crc32_u64(c, word);
	}
	uint32_t c32 = (uint32_t)c;
	for (; size; p++, size--)
		c32 = _mm_crc32_u8(c32, *p);
	return c32;
}
#endif

static uint32_t crc_table[256];
static int crc_table_ready;

static void crc_table_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int bit = 0; bit < 8; bit++)
			c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
		crc_table[i] = c;
	}
	crc_table_ready = 1;
}

/* Continue a CRC over more bytes; start with 0 (the ~0 conditioning is
 * applied inside so that calls compose: update(update(0,a),b) == crc(ab)). */
uint32_t polb_crc32c_update(uint32_t crc, const void *buf, size_t size)
{
#if defined(__x86_64__)
	if (have_sse42())
		return ~crc_sse42(~crc, buf, size);
#endif
	return polb_crc32c_table_update(crc, buf, size);
}

uint32_t polb_crc32c_table_update(uint32_t crc, const void *buf, size_t size)
{
	const uint8_t *p = buf;
	if (!crc_table_ready)
		crc_table_init();
	crc = ~crc;
	while (size--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint32_t polb_crc32c(const void *buf, size_t size)
{
	return polb_crc32c_update(0, buf, size);
}
