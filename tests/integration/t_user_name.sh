#!/bin/bash
# `user NAME [GROUP]`: enforce resolves the name in the container's own
# /etc/passwd and /etc/group, after pivot_root, with no NSS module. Then
# the attacker's side: the root's files are the image maker's, so a hostile
# /etc/passwd (the name mapped to uid 0, missing fields, signs and
# overflowing ids, a huge file, a FIFO, a magic link, a NUL byte) stops
# the run with one line and status 125; it never runs as root or as a
# guessed id. And an enforce from before format 1.2 refuses the blob.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup
make_rootfs

# user_pol NAME USER [GROUP]
user_pol() {
	pol "$1" <<EOF
policy $1
process { user $2 $3 }
namespaces { unshare user mount pid }
filesystem { root $R }
EOF
}
user_pol svc svc
user_pol svcg svc web
user_pol nosuch nosuch
user_pol grp0 svc rootgrp

passwd() { printf '%b' "$1" >"$R/etc/passwd"; chown "$USERNS_ROOT:$USERNS_ROOT" "$R/etc/passwd"; }
group() { printf '%b' "$1" >"$R/etc/group"; }
passwd 'root:x:0:0:root:/root:/bin/sh\nsvc:x:1234:2345::/:/bin/false\n'
group 'root:x:0:\nweb:x:3456:\nrootgrp:x:0:svc\n'

enf "$T_TMP/svc.polb" -- /bin/probe ids
assert_eq "user svc: runs" 0 "$RC"
assert_eq "user svc: uid 1234 from the container's /etc/passwd" "1234 1234" "$(val uid)"
assert_eq "user svc: its primary gid 2345" "2345 2345" "$(val gid)"
assert_eq "user svc: no supplementary groups" "" "$(val groups)"
enf "$T_TMP/svcg.polb" -- /bin/probe ids
assert_eq "user svc web: gid 3456 from the container's /etc/group" "3456 3456" "$(val gid)"
check "the host's /etc/passwd has no svc (the container's file was read)" \
	sh -c '! grep -q "^svc:" /etc/passwd'

# expect_refused LABEL POLB TEXT: status 125, one line naming TEXT, nothing run
expect_refused() {
	enf "$2" -- /bin/probe ids
	assert_eq "$1: refused (125)" 125 "$RC"
	assert_contains "$1: the line names it" "$ERR" "$3"
	assert_eq "$1: one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	check "$1: the command did not run" test -z "$OUT"
}
expect_refused "a missing name" "$T_TMP/nosuch.polb" "user nosuch: not in the container's /etc/passwd"
expect_refused "a group that is gid 0" "$T_TMP/grp0.polb" "svc resolves to gid 0"

# ---- a hostile /etc/passwd ------------------------------------------------
passwd 'svc:x:0:0::/:/bin/sh\n'
expect_refused "the name mapped to uid 0" "$T_TMP/svc.polb" "svc resolves to uid 0 in the container: refused"
passwd 'svc:x:1234:0::/:/bin/sh\n'
expect_refused "the name's primary group gid 0" "$T_TMP/svc.polb" "svc resolves to gid 0"
passwd 'svc:x:1234\n'
expect_refused "missing fields" "$T_TMP/svc.polb" "/etc/passwd line 1: not 7 fields"
passwd 'svc:x:1234:2345::/:/bin/sh:extra\n'
expect_refused "a field too many" "$T_TMP/svc.polb" "/etc/passwd line 1: not 7 fields"
passwd 'svc:x:-1:2345::/:/bin/sh\n'
expect_refused "a negative uid" "$T_TMP/svc.polb" "not 7 fields with decimal ids"
passwd 'svc:x:+5:2345::/:/bin/sh\n'
expect_refused "a signed uid" "$T_TMP/svc.polb" "not 7 fields with decimal ids"
passwd 'svc:x:4294967296:2345::/:/bin/sh\n'
expect_refused "a uid that wraps to 0 in 32 bits" "$T_TMP/svc.polb" "not 7 fields with decimal ids"
passwd 'svc:x:4294967295:2345::/:/bin/sh\n'
expect_refused "uid -1 (no id)" "$T_TMP/svc.polb" "not 7 fields with decimal ids"
passwd 'svc:x::2345::/:/bin/sh\n'
expect_refused "an empty uid" "$T_TMP/svc.polb" "not 7 fields with decimal ids"
passwd 'svc:x:0x10:2345::/:/bin/sh\n'
expect_refused "a hex uid" "$T_TMP/svc.polb" "not 7 fields with decimal ids"
# the first entry counts (nss's rule): a later root line changes nothing
passwd 'svc:x:1234:2345::/:/bin/false\nsvc:x:0:0::/:/bin/sh\n'
enf "$T_TMP/svc.polb" -- /bin/probe ids
assert_eq "a second svc line with uid 0: the first counts" "1234 1234" "$(val uid)"
# a prefix is not the name; NIS lines are not read
passwd '+svc:x:0:0::/:/bin/sh\nsvcx:x:0:0::/:/bin/sh\nsv:x:0:0::/:/bin/sh\n'
expect_refused "only +svc, svcx, sv" "$T_TMP/svc.polb" "user svc: not in the container's /etc/passwd"
# a huge line for another user, then svc: read (the file is under the cap)
{ printf 'big:x:1:1:'; head -c 1000000 /dev/zero | tr '\0' a; printf ':/:/bin/sh\nsvc:x:1234:2345::/:/bin/false\n'; } >"$R/etc/passwd"
enf "$T_TMP/svc.polb" -- /bin/probe ids
assert_eq "a 1 MB line before svc: svc still found" "1234 1234" "$(val uid)"
head -c 5000000 /dev/zero | tr '\0' a >"$R/etc/passwd"
expect_refused "a 5 MB /etc/passwd" "$T_TMP/svc.polb" "larger than 4194304 bytes"
passwd 'svc:x:1234:2345::/:/bin/false\0\n'
expect_refused "a NUL byte" "$T_TMP/svc.polb" "holds a NUL byte"
rm -f "$R/etc/passwd"
mkfifo "$R/etc/passwd"
expect_refused "a FIFO (it would hang)" "$T_TMP/svc.polb" "is not a regular file"
rm -f "$R/etc/passwd"
ln -s /proc/self/fd/0 "$R/etc/passwd"
echo 'svc:x:1234:2345::/:/bin/false' | { enf "$T_TMP/svc.polb" -- /bin/probe ids; }
assert_eq "a magic link to stdin: refused (125)" 125 "$RC"
assert_contains "a magic link: named" "$ERR" "/etc/passwd in the container"
rm -f "$R/etc/passwd"
expect_refused "no /etc/passwd" "$T_TMP/svc.polb" "/etc/passwd in the container"

# ---- the blob ----------------------------------------------------------------
passwd 'svc:x:1234:2345::/:/bin/false\n'
# A reader that does not know the USER_NAME section must refuse the blob,
# not run the command as the caller: the section is critical. Shown by
# giving it a type this reader does not know (99), and with a build from
# before format 1.2 when one is at hand (OLD_ENFORCE).
PYTHONPATH=$TOP/tests/lib python3 - "$T_TMP/svc.polb" "$T_TMP/svc99.polb" <<'PY'
import struct, sys
from polb_edit import reseal
b = bytearray(open(sys.argv[1], "rb").read())
n = struct.unpack_from("<I", b, 28)[0]
for i in range(n):
    off = 128 + 32 * i
    if struct.unpack_from("<I", b, off)[0] == 24:
        struct.pack_into("<I", b, off, 99)
reseal(b)
open(sys.argv[2], "wb").write(b)
PY
chmod 644 "$T_TMP/svc99.polb"
expect_refused "a reader without the section" "$T_TMP/svc99.polb" "section type 99 is critical and unknown"
# Hand-made blobs the compiler never writes: the reader refuses them.
# edit_blob IN OUT MODE: "digits" makes the name "svc" read "123";
# "both" sets the process record's USER flag beside the name.
edit_blob() {
	PYTHONPATH=$TOP/tests/lib python3 - "$@" <<'PY'
import struct, sys
from polb_edit import reseal
b = bytearray(open(sys.argv[1], "rb").read())
n = struct.unpack_from("<I", b, 28)[0]
sec = {}
for i in range(n):
    t, f, off, size = struct.unpack_from("<IIQQ", b, 128 + 32 * i)
    sec[t] = (off, size)
if sys.argv[3] == "digits":
    off, size = sec[1]
    i = b.index(b"\0svc\0", off, off + size)
    b[i + 1:i + 4] = b"123"
else:
    off, _ = sec[3]
    struct.pack_into("<I", b, off, struct.unpack_from("<I", b, off)[0] | 1)
reseal(b)
open(sys.argv[2], "wb").write(b)
PY
	chmod 644 "$2"
}
edit_blob "$T_TMP/svc.polb" "$T_TMP/digits.polb" digits
expect_refused "a blob whose user name is all digits" "$T_TMP/digits.polb" "user '123' is a number"
edit_blob "$T_TMP/svc.polb" "$T_TMP/both.polb" both
expect_refused "a blob with a user name and the USER flag" "$T_TMP/both.polb" "a user name and a numeric uid both"
if [ -n "${OLD_ENFORCE:-}" ]; then
	OUT=$("$OLD_ENFORCE" "$T_TMP/svc.polb" -- /bin/probe ids 2>&1)
	assert_contains "enforce before 1.2 ($OLD_ENFORCE) refuses the blob" "$OUT" \
		"section type 24 is critical and unknown"
fi
dump=$("$POLC" dump "$T_TMP/svcg.polb")
assert_contains "polc dump shows the user name" "$dump" "user_name: svc"
assert_contains "polc dump shows the group name" "$dump" "group_name: web"
plan=$("$ENFORCE" --dry-run "$T_TMP/svc.polb" -- /bin/probe ids 2>&1)
assert_contains "enforce --dry-run says where the ids come from" "$plan" "user svc: gid, uid from the container's /etc/passwd"

# rootless: only the caller's uid is mapped, as the container's root; a
# name resolves to another uid, which cannot be set: refused, not run
pol ru <<EOF
policy ru
process { user svc }
namespaces { unshare user mount }
filesystem { root $R }
EOF
chmod -R a+rX "$R"
enf_user "$T_TMP/ru.polb" -- /bin/probe ids
assert_eq "rootless: user svc refused (125)" 125 "$RC"
assert_contains "rootless: because its gid 2345 is not mapped" "$ERR" "gid 2345 (not mapped in the user namespace)"

nothing_left user_name
done_testing
