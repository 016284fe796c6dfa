"""Helpers for tests that edit a blob by hand: the blob's CRC-32C
(docs/polb.md, header offset 24) computed and written again, so that
the reader's later checks, not the CRC, meet the edit."""
import struct


def crc32c(data):
    crc = 0xffffffff
    for x in data:
        crc ^= x
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82f63b78 if crc & 1 else 0)
    return crc ^ 0xffffffff


def reseal(b):
    """b: a bytearray holding a whole blob; its CRC field made right."""
    struct.pack_into("<I", b, 24, 0)
    struct.pack_into("<I", b, 24, crc32c(bytes(b)))
