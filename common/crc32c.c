/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as iSCSI, ext4 and
 * btrfs use it: initial value ~0, final XOR ~0. The blob header's integrity
 * check (docs/polb.md). Table-driven, one byte at a time: blobs are small
 * and this keeps the enforcer free of CPU-specific code. */
#include <stddef.h>
#include <stdint.h>

#include "polb_reader.h"
#include "polb_reader_int.h"

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
