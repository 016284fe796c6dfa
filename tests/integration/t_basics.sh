#!/bin/bash
# enforce's contract at the edges: exit statuses (the command's, 128+N,
# 125, 126, 127), the one-line error, --dry-run runs nothing, -v logs each
# step, usage errors.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup

pol basic <<EOF
policy basic
namespaces { unshare mount pid ipc uts }
filesystem {
    root / readonly
    proc /proc
    dev /dev
    bind $T_TMP /mnt rw
}
capabilities { }
EOF

enf "$T_TMP/basic.polb" -- "$PROBE" exit 0
assert_eq "exit 0 from the command" 0 "$RC"
enf "$T_TMP/basic.polb" -- "$PROBE" exit 42
assert_eq "the command's exit status" 42 "$RC"
enf "$T_TMP/basic.polb" -- "$PROBE" kill_self 15
assert_eq "128+N when the command dies of signal N" 143 "$RC"
enf "$T_TMP/basic.polb" -- /nonexistent/cmd
assert_eq "127 when the command is not found" 127 "$RC"
assert_contains "not found: one line naming it" "$ERR" "enforce: exec: /nonexistent/cmd: No such file or directory"
enf "$T_TMP/basic.polb" -- no-such-command-anywhere
assert_eq "127 when not found on PATH" 127 "$RC"
printf 'not a program\n' >"$T_TMP/notexec"
chmod 644 "$T_TMP/notexec"
enf "$T_TMP/basic.polb" -- /mnt/notexec
assert_eq "126 when not executable" 126 "$RC"
assert_contains "not executable: one line" "$ERR" "enforce: exec: /mnt/notexec: Permission denied"
enf "$T_TMP/basic.polb" -- /mnt
assert_eq "126 for a directory" 126 "$RC"

# A blob that is not one: 125, one line, nothing run.
printf 'garbage' >"$T_TMP/bad.polb"
enf "$T_TMP/bad.polb" -- "$PROBE" create /mnt/ran
assert_eq "125 for a bad blob" 125 "$RC"
assert_contains "bad blob: one line from the reader" "$ERR" "enforce: blob:"
check "bad blob: the command never ran" test ! -e "$T_TMP/ran"
assert_eq "bad blob: exactly one line on stderr" 1 "$(printf '%s\n' "$ERR" | wc -l)"

# Usage errors are enforce failing: 125.
assert_status "no command: 125" 125 "$ENFORCE" "$T_TMP/basic.polb"
assert_status "no --: 125" 125 "$ENFORCE" "$T_TMP/basic.polb" "$PROBE"
assert_status "unknown option: 125" 125 "$ENFORCE" --bogus "$T_TMP/basic.polb" -- "$PROBE"
assert_status "--help: 0" 0 "$ENFORCE" --help

# --dry-run prints the plan and runs nothing.
enf --dry-run "$T_TMP/basic.polb" -- "$PROBE" create /mnt/dry
assert_eq "dry-run exits 0" 0 "$RC"
check "dry-run: the command did not run" test ! -e "$T_TMP/dry"
assert_contains "dry-run: names the root" "$OUT" "root / (ro, recursive)"
assert_contains "dry-run: names the bind and its flags" "$OUT" "bind $T_TMP on /mnt (rw)"
assert_contains "dry-run: pivot_root" "$OUT" "pivot_root"
assert_contains "dry-run: new pid namespace" "$OUT" "new pid"
assert_contains "dry-run: exec" "$OUT" "exec       $PROBE"

# -v logs each step as it is taken.
enf -v "$T_TMP/basic.polb" -- "$PROBE" exit 0
assert_eq "-v: still exit 0" 0 "$RC"
for step in "mount: propagation private" "mount: root /" "verify: /mnt:" "pivot_root: done" \
	"caps: bounding set" "no_new_privs" "fds: closed" "session: new session" "exec: $PROBE"; do
	assert_contains "-v logs '$step'" "$ERR" "enforce: $step"
done

nothing_left basics
done_testing
