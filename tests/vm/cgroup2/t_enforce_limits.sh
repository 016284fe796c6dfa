#!/bin/sh
# enforce on a pure cgroup v2 hierarchy: the limits of cg_limits.pol are
# written to the container's own cgroup and they hold (an allocation past
# memory.max is OOM-killed, forks past pids.max fail, a busy loop past
# cpu.max is throttled); after each run the cgroup is gone with every
# process that was left in it.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch

# cg_of: the cgroup path a command printed as its first line "cgroup PATH".
cg_of() { printf '%s\n' "$OUT" | sed -n 's/^cgroup //p' | head -1; }
# gone NAME CG: the run's cgroup was removed.
gone() {
	if [ -n "$2" ] && [ ! -e "$2" ]; then pass "$1"; else fail "$1" "cgroup [$2] still there or unknown"; fi
}

if need_blob cg_limits; then
	show='cg=/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup); echo "cgroup $cg"
		for f in memory.max memory.swap.max pids.max cpu.max; do echo "$f $(cat $cg/$f)"; done'
	run_enforce cg_limits sh -c "$show"
	expect_status "cgroup: the command ran" 0
	cg=$(cg_of)
	case $cg in
	/sys/fs/cgroup/?*) pass "cgroup: the command runs in a cgroup of its own ($cg)" ;;
	*) fail "cgroup: the command runs in a cgroup of its own" "[$OUT]" ;;
	esac
	assert_contains "cgroup: memory.max is 32M" "$OUT" "memory.max 33554432"
	assert_contains "cgroup: memory.swap.max is 0" "$OUT" "memory.swap.max 0"
	assert_contains "cgroup: pids.max is 16" "$OUT" "pids.max 16"
	assert_contains "cgroup: cpu.max is half a core" "$OUT" "cpu.max 50000 100000"
	gone "cgroup: removed after the run" "$cg"

	# memory.max: 4 MiB fit, 48 MiB do not.
	run_enforce cg_limits sh /tests/vm/cgroup2/hold.sh 4194304
	expect_status "memory.max: an allocation under the limit succeeds" 0
	assert_contains "memory.max: ... and is held" "$OUT" "held 4194304"
	run_enforce cg_limits sh /tests/vm/cgroup2/hold.sh 50331648
	cg=$(cg_of)
	# The kernel kills awk (the shell may go on): either way the 48 MiB
	# never exist in the cgroup.
	case $OUT in
	*"held 50331648"*) fail "memory.max: an allocation past the limit is killed" "48 MiB were held" ;;
	*) if [ -n "$cg" ]; then pass "memory.max: an allocation past the limit is killed (exit $STATUS)"
	   else fail "memory.max: an allocation past the limit is killed" "the command did not run: [$ERR]"; fi ;;
	esac
	assert_contains "memory.max: enforce reports the OOM kill" "$(echo "$ERR" | tr A-Z a-z)" oom
	gone "memory.max: cgroup removed after the OOM kill" "$cg"

	# pids.max: 40 sleepers asked, at most 16 tasks in the cgroup.
	run_enforce cg_limits sh /tests/vm/cgroup2/pids-hog.sh
	cg=$(cg_of)
	started=$(printf '%s\n' "$OUT" | sed -n 's/^started //p')
	if [ -n "$started" ] && [ "$started" -lt 16 ] && [ "$started" -gt 0 ]; then
		pass "pids.max: forks past the limit fail ($started of 40 sleepers started)"
	else
		fail "pids.max: forks past the limit fail" "started [$started], [$OUT]"
	fi
	events=$(printf '%s\n' "$OUT" | sed -n 's/^pids.events max //p')
	if [ -n "$events" ] && [ "$events" -gt 0 ]; then pass "pids.max: the kernel counted $events refused forks"
	else fail "pids.max: the kernel counted refused forks" "[$OUT]"; fi
	gone "pids.max: cgroup removed after the run" "$cg"
	left=$(pidof sleep)
	assert_eq "cleanup: no sleeper is left running" "" "$left"
	[ -n "$left" ] && kill $left

	# cpu.max: two seconds of busy loop at half a core are throttled.
	run_enforce cg_limits sh -c 'cg=/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup); echo "cgroup $cg"
		timeout 2 sh -c "while :; do :; done"; cat $cg/cpu.stat'
	cg=$(cg_of)
	throttled=$(printf '%s\n' "$OUT" | sed -n 's/^nr_throttled //p')
	if [ -n "$throttled" ] && [ "$throttled" -gt 0 ]; then pass "cpu.max: a busy loop is throttled ($throttled periods)"
	else fail "cpu.max: a busy loop is throttled" "[$OUT]"; fi
	gone "cpu.max: cgroup removed after the run" "$cg"

	# enforce killed with SIGKILL cannot clean up: the command dies with it,
	# and the next run removes the leaf left behind (docs/cgroups.md).
	parent=${cg%/*}
	"$ENFORCE" "$BLOBS/cg_limits.polb" -- sleep 300 >/dev/null 2>&1 &
	epid=$!
	leaf="" i=0
	while [ -z "$leaf" ] && [ $i -lt 100 ]; do
		leaf=$(find "$parent" -mindepth 1 -maxdepth 1 -type d -name "enforce-$epid-*" 2>/dev/null | head -1)
		[ -n "$leaf" ] && grep -q . "$leaf/cgroup.procs" 2>/dev/null || { leaf=""; sleep 0.1; }
		i=$((i + 1))
	done
	if [ -z "$leaf" ]; then
		fail "SIGKILL: the command started in its cgroup" "no populated enforce-$epid-* under $parent"
		kill -9 "$epid" 2>/dev/null
		wait "$epid" 2>/dev/null
	else
		kill -9 "$epid"
		wait "$epid" 2>/dev/null
		i=0
		while [ -n "$(pidof sleep)" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		assert_eq "SIGKILL: the command dies with enforce" "" "$(pidof sleep)"
		run_enforce cg_limits true
		expect_status "SIGKILL: the next run works" 0
		if [ ! -e "$leaf" ]; then pass "SIGKILL: the next run removes the stale leaf"
		else fail "SIGKILL: the next run removes the stale leaf" "$leaf still there"; fi
	fi

	if [ -d "$parent" ]; then
		assert_eq "cleanup: no cgroup left under $parent" "" "$(find "$parent" -mindepth 1 -type d)"
	else
		pass "cleanup: no cgroup left (parent removed too)"
	fi
fi
done_testing
