#!/bin/sh
# A whole container (aa_container.pol: mount, pid, ipc, uts namespaces,
# read-only root, fresh /proc /dev /tmp, uid 1000, no capabilities) under
# the profile polvm-smoke: the label survives pivot_root and the credential
# change, and the profile's denial holds for a file the container's user
# may read by its mode (so the refusal is AppArmor's, not the mode's).
# Then the same under the shipped base host-ro (hardened.pol's user
# namespace, seccomp allow-list and empty capability sets).
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch

if need_blob aa_container; then
	aa_load polvm-smoke || fail "polvm-smoke loads"
	echo secret >/etc/polvm-secret
	chmod 644 /etc/polvm-secret
	assert_eq "container: uid 1000 reads the file outside enforce" secret \
		"$(su -s /bin/sh polvm -c "cat /etc/polvm-secret")"

	run_enforce aa_container sh -c 'cat /proc/self/attr/current; id -u; echo "pid $$"'
	expect_status "container: the command ran" 0
	assert_contains "container: the label is the profile" "$OUT" "polvm-smoke (enforce)"
	assert_contains "container: the command runs as uid 1000" "$OUT" "
1000"
	assert_contains "container: the command is in its own pid namespace" "$OUT" "pid 2"
	run_enforce aa_container sh -c 'cat /proc/self/attr/current; cat /etc/polvm-secret'
	case $STATUS:$OUT in
	[1-9]*:"polvm-smoke (enforce)"*) assert_contains "container: the profile denies the file inside" "$ERR" "Permission denied" ;;
	*) fail "container: the profile denies the file inside" "exit $STATUS, [$OUT] [$ERR]" ;;
	esac
fi

# The shipped base host-ro (hardened: user namespace, seccomp, no caps).
# Each check reads one line of the command's report.
if need_blob aa_hardened; then
	aa_load polvm-smoke || fail "polvm-smoke loads"
	echo secret >/etc/polvm-secret
	chmod 644 /etc/polvm-secret
	run_enforce aa_hardened sh -c 'cat /proc/self/attr/current
		grep -E "^(Seccomp|NoNewPrivs|CapEff):" /proc/self/status; cat /etc/polvm-secret'
	case $STATUS:$OUT in
	1:"polvm-smoke (enforce)"*) assert_contains "hardened: the profile denies the file inside" "$ERR" "Permission denied" ;;
	*) fail "hardened: the profile denies the file inside" "exit $STATUS, [$OUT] [$ERR]" ;;
	esac
	assert_contains "hardened: a seccomp filter is on" "$OUT" "Seccomp:	2"
	assert_contains "hardened: no_new_privs is on" "$OUT" "NoNewPrivs:	1"
	assert_contains "hardened: no capability is left" "$OUT" "CapEff:	0000000000000000"
fi
aa_remove polvm-smoke 2>/dev/null
rm -f /etc/polvm-secret
done_testing
