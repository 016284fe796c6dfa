#!/usr/bin/env python3
"""Write the raw BPF program (struct sock_filter array) of a .polb blob's
seccomp section for one host arch, as bubblewrap's --seccomp FD expects.

Usage: extract_bpf.py BLOB.polb [AUDIT_ARCH] > prog.bpf
Reads the layout of docs/polb.md: a 128-byte header, then 32-byte directory
entries (type u32, flags u32, offset u64, size u64, record_size u32,
count u32); a SECCOMP (type 18) body is a 16-byte header (host_arch u32,
flags u32, ninsns u32, reserved u32) and then ninsns 8-byte instructions."""
import struct
import sys

AUDIT_ARCH_X86_64 = 0xC000003E
SEC_SECCOMP = 18
SECCOMP_NOTIFY = 1


def main():
    blob = open(sys.argv[1], "rb").read()
    want = int(sys.argv[2], 0) if len(sys.argv) > 2 else AUDIT_ARCH_X86_64
    (count,) = struct.unpack_from("<I", blob, 28)
    for i in range(count):
        stype, _flags, off, size, _rs, _n = struct.unpack_from("<IIQQII", blob, 128 + 32 * i)
        if stype != SEC_SECCOMP:
            continue
        arch, flags, ninsns, _ = struct.unpack_from("<IIII", blob, off)
        if arch != want:
            continue
        if flags & SECCOMP_NOTIFY:
            sys.exit("extract_bpf: program needs enforce's notify supervisor")
        sys.stdout.buffer.write(blob[off + 16: off + 16 + 8 * ninsns])
        return
    sys.exit("extract_bpf: no seccomp program for that arch")


if __name__ == "__main__":
    main()
