#!/bin/sh
# LSM engineer's checks for the AppArmor VM (run inside the guest, where
# AppArmor is the enforcing LSM; blobs built on the host from
# tests/lsm/vm/*.pol). Called by tests/vm/apparmor/t_*.sh, or by hand:
#   /tests/lsm/vm/guest_apparmor.sh
# Expected results: tests/lsm/vm/README.md.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch
smoke=/tests/vm/apparmor/polvm-smoke.profile

# 1. apparmor generate: loaded by enforce itself, the command under it.
if need_blob lsm_aa_gen; then
	echo secret >/etc/polvm-lsm-secret
	run_enforce lsm_aa_gen cat /proc/self/attr/current
	expect_status "aa generate: the command ran" 0
	assert_eq "aa generate: the command's label is the generated profile" "polc-lsm_aa_gen (enforce)" "$OUT"
	assert_contains "aa generate: enforce loaded it (kernel profile list)" \
		"$(cat /sys/kernel/security/apparmor/profiles)" "polc-lsm_aa_gen (enforce)"
	run_enforce lsm_aa_gen cat /etc/polvm-lsm-secret
	case $STATUS in
	0) fail "aa generate: a masked path stays unreadable under the profile" "exit 0, [$OUT]" ;;
	*) pass "aa generate: a masked path stays unreadable under the profile" ;;
	esac
	# The mount mask alone already hides the file; mount is what only the
	# profile forbids (root in its own mount namespace could mount): the
	# same mount succeeds under the same policy without the profile. (The
	# profile grants no capability either, so the kernel may refuse it as
	# a missing CAP_SYS_ADMIN before the mount rule: both are the profile's.)
	run_enforce lsm_aa_gen sh -c 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m'
	case $STATUS in
	0) fail "aa generate: mount is denied (deny mount)" "exit 0" ;;
	*) assert_contains "aa generate: mount is denied (deny mount)" "$ERR" "denied" ;;
	esac
	if need_blob lsm_aa_gen_control; then
		run_enforce lsm_aa_gen_control sh -c 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m'
		expect_status "aa generate: without the profile the same mount succeeds (control)" 0
	fi
	umount /tmp/m 2>/dev/null
	rm -f /etc/polvm-lsm-secret
fi

# 2. Checked from outside: /proc/PID/attr/apparmor/current of the running command.
if need_blob lsm_aa_landlock; then
	apparmor_parser -r "$smoke" || fail "apparmor_parser loads polvm-smoke"
	"$ENFORCE" "$BLOBS/lsm_aa_landlock.polb" -- sh -c "echo \$\$ >$T_TMP/pid; exec sleep 30" \
		>/dev/null 2>"$T_TMP/bg.err" &
	bg=$!
	i=0
	while [ ! -s "$T_TMP/pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	pid=$(cat "$T_TMP/pid" 2>/dev/null)
	if [ -n "$pid" ]; then
		assert_eq "aa outside: /proc/PID/attr/apparmor/current of the command" \
			"polvm-smoke (enforce)" "$(cat /proc/"$pid"/attr/apparmor/current 2>&1)"
		assert_eq "aa outside: /proc/PID/attr/current agrees" \
			"polvm-smoke (enforce)" "$(cat /proc/"$pid"/attr/current 2>&1)"
		kill "$pid" 2>/dev/null
	else
		fail "aa outside: the command started" "$(cat "$T_TMP/bg.err")"
	fi
	wait "$bg" 2>/dev/null

	# 3. AppArmor and Landlock at once: each denies what it alone denies.
	echo secret >/etc/polvm-secret
	run_enforce lsm_aa_landlock sh -c 'cat /etc/polvm-secret'
	case $STATUS in
	0) fail "aa+landlock: the profile's denial holds" "exit 0" ;;
	*) assert_contains "aa+landlock: the profile's denial holds" "$ERR" "Permission denied" ;;
	esac
	run_enforce lsm_aa_landlock sh -c 'echo x >/etc/polvm-lsm-written'
	case $STATUS in
	0) fail "aa+landlock: Landlock's denial holds (write outside /tmp)" "exit 0" ;;
	*) assert_contains "aa+landlock: Landlock's denial holds (write outside /tmp)" "$ERR" "denied" ;;
	esac
	[ ! -e /etc/polvm-lsm-written ] && pass "aa+landlock: nothing was written" || fail "aa+landlock: nothing was written"
	run_enforce lsm_aa_landlock sh -c "echo x >$T_TMP/ok && cat $T_TMP/ok"
	expect_status "aa+landlock: writing under /tmp works" 0
	rm -f /etc/polvm-secret /etc/polvm-lsm-written
	apparmor_parser -R "$smoke" 2>/dev/null
fi

# 4. Landlock on the guest's kernel, per its ABI: required refuses what the
# ABI lacks, naming it; optional warns once and still confines.
if need_blob lsm_ll_required; then
	abi=$("$ENFORCE" --dry-run "$BLOBS/lsm_ll_required.polb" -- true 2>&1 |
		sed -n 's/^landlock *ABI \([0-9]*\).*/\1/p' | head -1)
	echo "# guest Landlock ABI ${abi:-none}"
	run_enforce lsm_ll_required true
	if [ -z "$abi" ]; then
		expect_status "landlock absent: required refuses" 125
	elif [ "$abi" -lt 6 ]; then
		expect_status "landlock ABI $abi: required refuses what the ABI lacks" 125
		assert_contains "landlock ABI $abi: the line names the ABI" "$ERR" "the kernel offers ABI $abi, without"
		if need_blob lsm_aa_landlock; then
			apparmor_parser -r "$smoke"
			run_enforce lsm_aa_landlock true
			expect_status "landlock ABI $abi optional: runs" 0
			assert_eq "landlock ABI $abi optional: exactly one warning" 1 \
				"$(printf '%s\n' "$ERR" | grep -c '^enforce: warning: landlock: the kernel offers ABI')"
			apparmor_parser -R "$smoke" 2>/dev/null
		fi
	else
		expect_status "landlock ABI $abi: required runs" 0
	fi
fi

# 5. A profile in complain mode is refused (not optional).
if need_blob lsm_aa_complain; then
	printf 'abi <abi/3.0>,\nprofile polvm-lsm-complain flags=(complain) {\n  /** rwmix,\n}\n' |
		apparmor_parser -r || fail "apparmor_parser loads polvm-lsm-complain"
	run_enforce lsm_aa_complain true
	expect_status "aa complain: refused" 125
	assert_contains "aa complain: the line says why" "$ERR" "complain mode"
	printf 'profile polvm-lsm-complain {}\n' | apparmor_parser -R 2>/dev/null
fi
done_testing
