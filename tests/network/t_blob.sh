#!/bin/bash
# The reader refuses a network section whose records are not what polc
# writes: each field set to a value the format forbids, the CRC fixed up
# so the reader gets to the record, is one line from `polc dump` and from
# `enforce` (status 125; polc dump 2, "blob: section network: entry N: ..."), and the
# command never runs.
. "$(dirname "$0")/lib.sh"

npol good <<'EOF2' || exit 1
policy good
namespaces { unshare net }
network {
    connect tcp 10.0.0.0/8 5432
    listen tcp 127.0.0.1:18701 name web
    publish tcp 127.0.0.1:18702 80
}
EOF2

# mutate IN OUT ENTRY OFFSET VALUE [SIZE]: write VALUE (little-endian) at
# OFFSET of network record ENTRY, then recompute the CRC-32C
mutate() {
	"$PY" - "$@" <<'PY'
import os, struct, sys
sys.path.insert(0, os.path.join(os.environ["TOP"], "tests", "lib"))
from polb_edit import reseal
src, dst, entry, off, val = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
size = int(sys.argv[6]) if len(sys.argv) > 6 else 4
b = bytearray(open(src, "rb").read())
count = struct.unpack_from("<I", b, 28)[0]
for i in range(count):
    t, fl, o, sz, rs, n = struct.unpack_from("<IIQQII", b, 128 + 32 * i)
    if t == 21:
        b[o + rs * entry + off:o + rs * entry + off + size] = val.to_bytes(size, "little")
reseal(b)
open(dst, "wb").write(b)
PY
}

assert_status "the intact blob is read" 0 "$POLC" dump "$T_TMP/good.polb"
mutate "$T_TMP/good.polb" "$T_TMP/same.polb" 0 0 3
assert_status "the CRC fix-up alone keeps the blob valid (kind 3 is what it was)" 0 "$POLC" dump "$T_TMP/same.polb"

# entry offset value [size] expected-text
while read -r entry off val size want; do
	mutate "$T_TMP/good.polb" "$T_TMP/bad.polb" "$entry" "$off" "$val" "$size"
	OUT=$("$POLC" dump "$T_TMP/bad.polb" 2>&1 >/dev/null)
	RC=$?
	assert_eq "dump: $want: refused (status 2)" 2 "$RC"
	assert_contains "dump: $want: named" "$OUT" "section network: entry $entry: $want"
	OUT=$("$ENFORCE" "$T_TMP/bad.polb" -- /bin/echo RAN 2>&1)
	RC=$?
	assert_eq "enforce: $want: 125, one line, never ran" "125 1" "$RC $(printf '%s\n' "$OUT" | wc -l)"
done <<'EOF2'
0 0 9 4 unknown kind 9
0 4 1 4 protocol 1 is neither tcp
0 8 8 4 unknown flags 0x8
0 12 33 4 prefix /33 longer than the address
0 17 1 1 address has bits set past its /8 prefix
0 36 70000 4 connect port 70000 above 65535
1 36 5 4 listen port 18701 not in 1..65535
1 40 0 4 name
2 32 0 4 publish ports 0 -> 80 not in 1..65535
2 8 4 4 optional flag on a rule that is not connect
0 20 1 1 IPv4 address with bytes past the fourth
EOF2

done_testing
