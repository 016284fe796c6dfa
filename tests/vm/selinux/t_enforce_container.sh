#!/bin/sh
# A whole container (se_container.pol: mount, pid, ipc, uts namespaces,
# read-only root, fresh /proc /dev /tmp, uid 1000, no capabilities) with the
# SELinux label test_t: the label survives pivot_root and the credential
# change, and test_t is refused a secret_t file that the container's user
# may read by its mode (so the refusal is SELinux's, not the mode's).
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch
label=system_u:system_r:test_t:s0:c1,c2
secret=/run/polvm-secret

if need_blob se_container; then
	mkdir -p "$secret"
	mount -t tmpfs -o context=system_u:object_r:secret_t:s0,mode=755 tmpfs "$secret"
	echo secret >"$secret/file"
	chmod 644 "$secret/file"
	assert_eq "container: uid 1000 reads the file outside enforce" secret \
		"$(su -s /bin/sh polvm -c "cat $secret/file")"

	run_enforce se_container sh -c 'tr -d "\000" </proc/self/attr/current; echo; id -u; echo "pid $$"'
	expect_status "container: the command ran" 0
	assert_contains "container: the label is the one asked for" "$OUT" "$label"
	assert_contains "container: the command runs as uid 1000" "$OUT" "
1000"
	assert_contains "container: the command is in its own pid namespace" "$OUT" "pid 2"
	run_enforce se_container sh -c "tr -d '\\000' </proc/self/attr/current; echo; cat $secret/file"
	case $STATUS:$OUT in
	[1-9]*:"$label"*) assert_contains "container: test_t is refused the secret_t file inside" "$ERR" "Permission denied" ;;
	*) fail "container: test_t is refused the secret_t file inside" "exit $STATUS, [$OUT] [$ERR]" ;;
	esac
	umount "$secret"
	rmdir "$secret"
fi
done_testing
