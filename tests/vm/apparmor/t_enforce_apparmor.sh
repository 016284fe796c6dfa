#!/bin/sh
# enforce under `lsm { apparmor NAME }` on a kernel where AppArmor is the
# enforcing LSM: the command carries the profile in /proc/self/attr/current,
# a file the profile denies is denied inside enforce (and readable outside),
# a profile that is not loaded stops the run (125), and with `optional`
# enforce warns and runs the command unconfined.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch

if need_blob aa_named; then
	aa_load polvm-smoke || fail "polvm-smoke loads"
	echo secret >/etc/polvm-secret

	run_enforce aa_named cat /proc/self/attr/current
	expect_status "apparmor: the command ran" 0
	assert_eq "apparmor: the command's label is the profile" "polvm-smoke (enforce)" "$OUT"
	run_enforce aa_named sh -c 'cat /proc/self/attr/current; cat /etc/polvm-secret'
	case $STATUS:$OUT in
	[1-9]*:"polvm-smoke (enforce)"*) assert_contains "apparmor: a file the profile denies is denied inside enforce" "$ERR" "Permission denied" ;;
	*) fail "apparmor: a file the profile denies is denied inside enforce" "exit $STATUS, [$OUT] [$ERR]" ;;
	esac
	assert_eq "apparmor: the same file is readable outside enforce" secret "$(cat /etc/polvm-secret)"

	aa_remove polvm-smoke
	run_enforce aa_named true
	expect_status "apparmor: a profile that is not loaded stops the run" 125
	assert_contains "apparmor: ... and the error names the profile" "$ERR" polvm-smoke
	rm -f /etc/polvm-secret
fi

if need_blob aa_optional; then
	run_enforce aa_optional cat /proc/self/attr/current
	expect_status "apparmor optional: a missing profile does not stop the run" 0
	assert_eq "apparmor optional: the command runs unconfined" unconfined "$OUT"
	assert_contains "apparmor optional: enforce warns, naming the profile" "$ERR" polvm-never-loaded
fi
done_testing
