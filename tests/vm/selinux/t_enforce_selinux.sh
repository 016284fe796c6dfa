#!/bin/sh
# enforce under `lsm { selinux LABEL }` on an enforcing SELinux kernel: the
# exec label is exactly the one asked for, the label's denials hold inside
# enforce (test_t cannot read secret_t), a label the policy does not know
# stops the run (125), and `optional` warns and runs.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch
label=system_u:system_r:test_t:s0:c1,c2
current='tr -d "\000" </proc/self/attr/current'

if need_blob se_label; then
	run_enforce se_label sh -c "$current"
	expect_status "selinux: the command ran" 0
	assert_eq "selinux: the exec label is the one asked for" "$label" "$OUT"

	mkdir "$T_TMP/secret"
	mount -t tmpfs -o context=system_u:object_r:secret_t:s0 tmpfs "$T_TMP/secret"
	echo secret >"$T_TMP/secret/file"
	run_enforce se_label sh -c "$current; echo; cat $T_TMP/secret/file"
	case $STATUS:$OUT in
	[1-9]*:"$label"*) assert_contains "selinux: test_t is denied a secret_t file inside enforce" "$ERR" "Permission denied" ;;
	*) fail "selinux: test_t is denied a secret_t file inside enforce" "exit $STATUS, [$OUT] [$ERR]" ;;
	esac
	assert_eq "selinux: the same file is readable outside enforce" secret "$(cat "$T_TMP/secret/file")"
	umount "$T_TMP/secret"
fi

if need_blob se_unknown; then
	run_enforce se_unknown true
	expect_status "selinux: a label the policy does not know stops the run" 125
	assert_contains "selinux: ... and the error names the label" "$ERR" no_such_t
fi

if need_blob se_optional; then
	run_enforce se_optional sh -c "$current"
	expect_status "selinux optional: an unknown label does not stop the run" 0
	assert_eq "selinux optional: the command keeps the caller's label" system_u:system_r:kernel_t:s0 "$OUT"
	assert_contains "selinux optional: enforce warns, naming the label" "$ERR" no_such_t
fi
done_testing
