#!/bin/sh
# A whole container (se_container.pol: mount, pid, ipc, uts namespaces,
# read-only root, fresh /proc /dev /tmp, uid 1000, no capabilities) with the
# SELinux label test_t: the label survives pivot_root and the credential
# change, and test_t is refused a secret_t file that the container's user
# may read by its mode (so the refusal is SELinux's, not the mode's).
# Then the same under the shipped base host-ro (hardened.pol's user
# namespace, seccomp allow-list and empty capability sets).
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch
label=system_u:system_r:test_t:s0:c1,c2
secret=/srv/polvm-secret   # host-ro mounts its own /run

mkdir -p "$secret"
mount -t tmpfs -o context=system_u:object_r:secret_t:s0,mode=755 tmpfs "$secret"
echo secret >"$secret/file"
chmod 644 "$secret/file"

if need_blob se_container; then
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
fi

# The shipped base host-ro (hardened: user namespace, seccomp, no caps).
if need_blob se_hardened; then
	run_enforce se_hardened sh -c "tr -d '\\000' </proc/self/attr/current; echo
		grep -E '^(Seccomp|NoNewPrivs|CapEff):' /proc/self/status; cat $secret/file"
	case $STATUS:$OUT in
	1:"$label"*) assert_contains "hardened: test_t is refused the secret_t file inside" "$ERR" "Permission denied" ;;
	*) fail "hardened: test_t is refused the secret_t file inside" "exit $STATUS, [$OUT] [$ERR]" ;;
	esac
	assert_contains "hardened: a seccomp filter is on" "$OUT" "Seccomp:	2"
	assert_contains "hardened: no_new_privs is on" "$OUT" "NoNewPrivs:	1"
	assert_contains "hardened: no capability is left" "$OUT" "CapEff:	0000000000000000"
fi
mountpoint -q "$secret" && umount "$secret"
rmdir "$secret" 2>/dev/null
done_testing
