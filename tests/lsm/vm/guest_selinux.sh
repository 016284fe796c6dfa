#!/bin/sh
# LSM engineer's checks for the SELinux VM (inside the guest, after
# tests/vm/selinux/setup.sh loaded the lane's policy and set enforcing).
# Called by tests/vm/selinux/t_*.sh, or by hand. Expected: README.md.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch
label=system_u:system_r:test_t:s0:c1,c2

# 1. Checked from outside: /proc/PID/attr/current of the running command.
if need_blob lsm_se_outside; then
	"$ENFORCE" "$BLOBS/lsm_se_outside.polb" -- sh -c "echo \$\$ >$T_TMP/pid; exec sleep 30" \
		>/dev/null 2>"$T_TMP/bg.err" &
	bg=$!
	i=0
	while [ ! -s "$T_TMP/pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	pid=$(cat "$T_TMP/pid" 2>/dev/null)
	if [ -n "$pid" ]; then
		assert_eq "se outside: /proc/PID/attr/current of the command" "$label" \
			"$(tr -d '\000' </proc/"$pid"/attr/current)"
		kill "$pid" 2>/dev/null
	else
		fail "se outside: the command started" "$(cat "$T_TMP/bg.err")"
	fi
	wait "$bg" 2>/dev/null
fi

# 2. Permissive: refused, or one warning when optional.
if need_blob lsm_se_permissive && need_blob lsm_se_permissive_opt; then
	echo 0 >/sys/fs/selinux/enforce
	run_enforce lsm_se_permissive true
	expect_status "se permissive: refused" 125
	assert_contains "se permissive: the line says why" "$ERR" "permissive"
	run_enforce lsm_se_permissive_opt true
	expect_status "se permissive, optional: the command runs" 0
	assert_eq "se permissive, optional: exactly one warning" 1 "$(printf '%s\n' "$ERR" | grep -c 'enforce: warning: selinux:')"
	echo 1 >/sys/fs/selinux/enforce
fi
done_testing
