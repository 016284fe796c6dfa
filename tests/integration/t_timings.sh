#!/bin/bash
# enforce --timings (and -v): one line per start-up step on stderr, in the
# documented form, and nothing else changed: the command's status and
# output are the same, and nothing is printed once the seccomp filter is
# loaded (a policy that kills write(2) still runs its command). The
# figures themselves are not checked: a test never asserts a timing.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup

pol timed <<EOF2
policy timed
namespaces { unshare mount pid ipc uts net }
filesystem {
    root / readonly
    proc /proc
    dev /dev
    tmpfs /tmp
}
capabilities { }
EOF2

enf --timings "$T_TMP/timed.polb" -- "$PROBE" exit 7
assert_eq "--timings: the command's status is unchanged" 7 "$RC"
for step in "blob" "prepare" "clone" "idmap" "go" "child: clone, wait for go" "child: mounts" \
	"child: credentials" "exec: the child's steps after go, seccomp, execve" \
	"supervise (the command runs)" "clean up"; do
	if printf '%s\n' "$ERR" | grep -qxE "enforce: time: $(printf '%s' "$step" | sed 's/[().]/\\&/g') [0-9]+ us"; then
		pass "--timings: '$step' timed"
	else
		fail "--timings: '$step' timed" "$(printf '%s' "$ERR" | tr '\n' '|' | head -c 300)"
	fi
done
others=$(printf '%s\n' "$ERR" | grep -vxE 'enforce: time: .+ [0-9]+ us' | grep -c .)
assert_eq "--timings alone prints only time lines" 0 "$others"

enf "$T_TMP/timed.polb" -- "$PROBE" exit 7
assert_eq "without it: the same status" 7 "$RC"
assert_eq "without it: nothing on stderr" "" "$ERR"

enf -v "$T_TMP/timed.polb" -- "$PROBE" exit 0
assert_eq "-v: status 0" 0 "$RC"
assert_contains "-v: the steps" "$ERR" "enforce: mount: proc on /proc"
assert_contains "-v: and their times" "$ERR" "enforce: time: child: mounts "

# write(2) killed (kill_process: named through the listener, then killed):
# a line printed after the filter is loaded would kill the child.
pol timed_nowrite <<EOF2
policy timed_nowrite
namespaces { unshare mount pid ipc uts net }
filesystem {
    root / readonly
    proc /proc
    dev /dev
}
capabilities { }
syscalls {
    default allow
    kill_process write writev pwrite64
}
EOF2
for opt in --timings -v; do
	enf "$opt" "$T_TMP/timed_nowrite.polb" -- /bin/true
	assert_eq "$opt under a filter that kills write: the command runs (status 0)" 0 "$RC"
	assert_contains "$opt under a filter that kills write: the exec is timed by the parent" "$ERR" \
		"enforce: time: exec: "
done
enf "$T_TMP/timed_nowrite.polb" -- /bin/echo hi
if [ "$RC" -gt 128 ]; then
	pass "the filter does kill a command that writes (status $RC): the test can fail"
else
	fail "the filter does kill a command that writes" "status $RC"
fi

nothing_left timings
done_testing
