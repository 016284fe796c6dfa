#!/bin/sh
# enforce builds a container on pure cgroup v2 (cg_container.pol): born in
# its cgroup, its cgroup namespace rooted there (/proc/self/cgroup is
# "0::/"), the memory limit holding inside, and nothing left afterwards.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch

if need_blob cg_container; then
	before=$(find /sys/fs/cgroup -mindepth 1 -type d | sort)
	run_enforce cg_container sh -c 'cat /proc/self/cgroup; echo "pid $$"'
	expect_status "container: the command ran" 0
	assert_eq "container: its cgroup namespace is rooted at its own cgroup" "0::/
pid 2" "$OUT"
	# pure v2: the cgroup is made once, before the clone, and the child is
	# born in it; settling after the clone must not make a second one
	ENFORCE_FLAGS=-v
	run_enforce cg_container true
	ENFORCE_FLAGS=
	assert_eq "container: one cgroup made, before the clone" "1 0" \
		"$(grep -c 'limits written' "$T_TMP/err") $(sed -n '/clone: child/,$p' "$T_TMP/err" | grep -c 'limits written')"
	run_enforce cg_container sh /tests/vm/cgroup2/hold.sh 4194304
	assert_contains "container: 4 MiB fit under memory.max" "$OUT" "held 4194304"
	run_enforce cg_container sh /tests/vm/cgroup2/hold.sh 50331648
	case $OUT in
	*"held 50331648"*) fail "container: 48 MiB do not fit under memory.max 32M" "they were held" ;;
	*"cgroup "*) pass "container: 48 MiB do not fit under memory.max 32M" ;;
	*) fail "container: 48 MiB do not fit under memory.max 32M" "the command did not run: [$ERR]" ;;
	esac
	assert_contains "container: enforce reports the OOM kill" "$(echo "$ERR" | tr A-Z a-z)" oom
	after=$(find /sys/fs/cgroup -mindepth 1 -type d | sort)
	# The parent (polc) may be created by the first run and stays; no leaf may.
	assert_eq "container: no cgroup left behind" "" \
		"$(printf '%s\n' "$after" | grep -vxF -e "$before" -e /sys/fs/cgroup/polc | grep .)"
fi
done_testing
