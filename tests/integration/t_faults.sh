#!/bin/bash
# Fault injection, one per step: each failure stops enforce with status 125
# and one line naming the step, and the command never runs (it would
# create $T_TMP/out/ran through a writable bind).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup
mkdir -p "$T_TMP/out" "$T_TMP/lower" && chmod 777 "$T_TMP/out"
RAN=$T_TMP/out/ran

# fault NAME POLICY-BODY EXPECTED-LINE: build, run, check 125 + line + not run.
fault() {
	name=$1 body=$2 line=$3
	pol "$name" <<EOF || return
policy $name
namespaces { unshare mount pid }
filesystem {
    root / readonly
    bind $T_TMP/out rw
$body
EOF
	rm -f "$RAN"
	enf "$T_TMP/$name.polb" -- "$PROBE" create "$RAN"
	assert_eq "$name: status 125" 125 "$RC"
	assert_contains "$name: one line naming the step" "$ERR" "$line"
	check "$name: the command never ran" test ! -e "$RAN"
}

# Control: the same policy without a fault runs the command.
fault_free() {
	pol control <<EOF
policy control
namespaces { unshare mount pid }
filesystem {
    root / readonly
    bind $T_TMP/out rw
}
EOF
	enf "$T_TMP/control.polb" -- "$PROBE" create "$RAN"
	assert_eq "control: runs" 0 "$RC"
	check "control: the command ran" test -e "$RAN"
}
fault_free

fault missing_bind "    bind /nonexistent/src /mnt
}" "enforce: mount: /nonexistent/src on /mnt: No such file or directory"

pol missing_root <<EOF
policy missing_root
namespaces { unshare mount pid }
filesystem {
    root /nonexistent/rootfs
}
EOF
rm -f "$RAN"
enf "$T_TMP/missing_root.polb" -- "$PROBE" create "$RAN"
assert_eq "missing_root: status 125" 125 "$RC"
assert_contains "missing_root: one line" "$ERR" "enforce: mount: root /nonexistent/rootfs: No such file or directory"
check "missing_root: the command never ran" test ! -e "$RAN"

# Refused: an overlay whose lower layer is missing (enforce opens each
# layer first, as a bind's source), and an rlimit above what the kernel
# allows (fs.nr_open).
fault overlay_refused "    overlay /mnt lower /nonexistent/lower
}" "enforce: mount: overlay /mnt: layer /nonexistent/lower: No such file or directory"
pol rlimit_refused <<EOF
policy rlimit_refused
process { rlimit nofile 4000000000 4000000000 }
namespaces { unshare mount pid }
filesystem {
    root / readonly
    bind $T_TMP/out rw
}
EOF
rm -f "$RAN"
enf "$T_TMP/rlimit_refused.polb" -- "$PROBE" create "$RAN"
assert_eq "rlimit_refused: status 125" 125 "$RC"
assert_contains "rlimit_refused: one line" "$ERR" "enforce: rlimit: nofile 4000000000 4000000000: Operation not permitted"
check "rlimit_refused: the command never ran" test ! -e "$RAN"

# An optional bind whose source is missing is skipped with a warning.
pol optional <<EOF
policy optional
namespaces { unshare mount pid }
filesystem {
    root / readonly
    bind $T_TMP/out rw
    bind /nonexistent/src /mnt optional
}
EOF
rm -f "$RAN"
enf "$T_TMP/optional.polb" -- "$PROBE" create "$RAN"
assert_eq "optional missing bind: runs" 0 "$RC"
assert_contains "optional missing bind: a warning names it" "$ERR" "enforce: warning: bind /nonexistent/src on /mnt: source missing, skipped (optional)"

# The blob itself: unreadable, missing, corrupted.
cp "$T_TMP/control.polb" "$T_TMP/unreadable.polb" && chmod 000 "$T_TMP/unreadable.polb"
rm -f "$RAN"
enf_user "$T_TMP/unreadable.polb" -- "$PROBE" create "$RAN"
assert_eq "unreadable blob: status 125" 125 "$RC"
assert_contains "unreadable blob: one line" "$ERR" "Permission denied"
check "unreadable blob: the command never ran" test ! -e "$RAN"
enf "$T_TMP/nonexistent.polb" -- "$PROBE" create "$RAN"
assert_eq "missing blob: status 125" 125 "$RC"
assert_contains "missing blob: one line" "$ERR" "No such file or directory"
cp "$T_TMP/control.polb" "$T_TMP/corrupt.polb"
size=$(stat -c %s "$T_TMP/corrupt.polb")
printf '\377' | dd of="$T_TMP/corrupt.polb" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
enf "$T_TMP/corrupt.polb" -- "$PROBE" create "$RAN"
assert_eq "corrupted blob: status 125" 125 "$RC"
assert_contains "corrupted blob: the check that caught it" "$ERR" "CRC-32C mismatch"
check "corrupted blob: the command never ran" test ! -e "$RAN"

nothing_left faults
done_testing
