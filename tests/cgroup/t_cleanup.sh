#!/bin/bash
# Nothing is left behind: 200 enforce runs under one parent, as root, some
# leaving daemonised processes in their cgroup, some stopped with SIGTERM
# (enforce forwards it, then removes the cgroup), some with SIGKILL (enforce
# dies at once; the next run removes the cgroup it left and kills what was
# still in it). The policy keeps the host's pid namespace so that only the
# cgroup code can find and kill what the command left running.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

if ! is_root; then
	skip "cgroup cleanup" "needs root"
	exit 0
fi
cg_setup
MARK=poltest-cgmark-$$

cg_pol runs <<EOF
policy runs
namespaces { unshare ipc uts }
cgroup {
    memory.max 64M
    pids.max 64
    devices {
        allow c 1:11 r
    }
    parent $PARENT
}
EOF

# start_bg: enforce in the background running "cgload spawn 1 30"; returns
# once the command has started (its line arrived), so a kill hits a full run
start_bg() {
	: >"$T_TMP/bg.out"
	"$ENFORCE" "$T_TMP/runs.polb" -- "$CGLOAD" spawn 1 30 "$MARK" >"$T_TMP/bg.out" 2>&1 &
	BG=$!
	for _ in $(seq 1000); do # up to 20 s on a loaded machine
		grep -q '^spawn: 1' "$T_TMP/bg.out" && return 0
		sleep 0.02
	done
	return 1
}

bad=0 termed=0 killed=0 daemons=0
for i in $(seq 1 200); do
	case $((i % 5)) in
	0)	# the command leaves two daemons behind in the cgroup
		"$ENFORCE" "$T_TMP/runs.polb" -- "$CGLOAD" spawn 2 0 "$MARK" >/dev/null 2>&1 || bad=$((bad + 1))
		daemons=$((daemons + 2)) ;;
	1)	# enforce gets SIGTERM: forwards it, the command dies, the cgroup goes
		start_bg || bad=$((bad + 1))
		kill -TERM "$BG"
		wait "$BG"
		[ $? = 143 ] || bad=$((bad + 1))
		termed=$((termed + 1)) ;;
	2)	# enforce gets SIGKILL: its cgroup stays until the next run
		start_bg || bad=$((bad + 1))
		kill -KILL "$BG"
		wait "$BG" 2>/dev/null
		killed=$((killed + 1)) ;;
	*)	"$ENFORCE" "$T_TMP/runs.polb" -- "$CGLOAD" hog 1 >/dev/null 2>&1 || bad=$((bad + 1)) ;;
	esac
done
assert_eq "200 runs: every run went as expected" 0 "$bad"
# runs 197 (SIGKILL) left a cgroup; one more run under the parent removes it
"$ENFORCE" "$T_TMP/runs.polb" -- "$CGLOAD" hog 1 >/dev/null 2>&1
cg_left "200 runs ($termed SIGTERM, $killed SIGKILL, $daemons daemons left by commands)"
sleep 0.2
left=$(pgrep -f "$MARK" || true)
assert_eq "200 runs: no process of theirs still running" "" "$left"

# Runs at the same time under one parent: each one's sweep for stale leaves
# must leave the others' (live owners) alone.
pids=""
for i in $(seq 1 12); do
	"$ENFORCE" "$T_TMP/runs.polb" -- "$CGLOAD" spawn 0 1 >"$T_TMP/conc.$i" 2>&1 &
	pids="$pids $!"
done
bad=0
for p in $pids; do wait "$p" || bad=$((bad + 1)); done
assert_eq "12 concurrent runs: none disturbed by another's sweep" 0 "$bad"
cg_left "12 concurrent runs"

# A SIGKILLed run's leftovers are removed by the next run even when that run
# asks for other controllers (every hierarchy under the parent is swept).
# enforce's lifeline (enforcer/lifeline.c, t_escape_orphan.sh) cleans up
# after a killed enforce by itself; leftovers remain when both die at once
# (an OOM kill or a kill of everything), so both are killed here. The
# lifeline is enforce's child outside the run's cgroup.
start_bg
lifeline=
for child in $(pgrep -P "$BG"); do
	grep -q "$PARENT" "/proc/$child/cgroup" 2>/dev/null || lifeline=$child
done
check "stale: the run has a lifeline" test -n "$lifeline"
kill -KILL "$BG" "$lifeline"
wait "$BG" 2>/dev/null
before=$(cg_leaves | wc -l)
cg_pol other <<EOF
policy other
namespaces { unshare ipc uts }
cgroup {
    cpu.weight 100
    parent $PARENT
}
EOF
"$ENFORCE" "$T_TMP/other.polb" -- /bin/true
assert_eq "stale: a killed run left its cgroups ($before)" 1 "$([ "$before" -gt 0 ] && echo 1)"
cg_left "stale: removed by the next run with other controllers"
sleep 0.2
assert_eq "stale: what it left running was killed" "" "$(pgrep -f "$MARK" || true)"
done_testing
