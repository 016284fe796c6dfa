#!/bin/sh
# LSM engineer's checks for the AppArmor VM (run inside the guest, where
# AppArmor is the enforcing LSM; blobs built on the host from
# tests/lsm/vm/*.pol). Called by tests/vm/apparmor/t_*.sh, or by hand:
#   /tests/lsm/vm/guest_apparmor.sh
# Expected results: tests/lsm/vm/README.md.
. /tests/lib/common.sh
. /tests/vm/lib.sh
scratch

# 1. apparmor generate, compiled by polc for this kernel's features: enforce
# loads the compiled policy itself (no parser here) and the command runs
# under it.
profiles_of() { ls /sys/kernel/security/apparmor/policy/profiles | grep "^$1\." ; }
if need_blob lsm_aa_gen; then
	echo secret >/etc/polvm-lsm-secret
	run_enforce lsm_aa_gen cat /proc/self/attr/current
	expect_status "aa generate: the command ran" 0
	assert_eq "aa generate: the command's label is the generated profile" "polc-lsm_aa_gen (enforce)" "$OUT"
	assert_contains "aa generate: enforce loaded it (kernel profile list)" \
		"$(cat /sys/kernel/security/apparmor/profiles)" "polc-lsm_aa_gen (enforce)"
	loaded=$(profiles_of polc-lsm_aa_gen)
	check "aa generate: the kernel keeps the bytes enforce loaded (raw_data = the blob's)" \
		test -n "$loaded" -a -r "/sys/kernel/security/apparmor/policy/profiles/$loaded/raw_data"

	# A second start finds the same policy loaded and does not load it
	# again: the kernel's profile entry (NAME.N, N counts loads) is the same.
	run_enforce lsm_aa_gen true
	expect_status "aa generate: a second start runs" 0
	assert_eq "aa generate: ... and does not load the policy again" "$loaded" "$(profiles_of polc-lsm_aa_gen)"

	# A masked path stays unreadable under the profile (the mount mask
	# hides it too), and outside enforce it reads as it is.
	run_enforce lsm_aa_gen cat /etc/polvm-lsm-secret
	case $STATUS in
	0) fail "aa generate: a masked path stays unreadable under the profile" "exit 0, [$OUT]" ;;
	*) pass "aa generate: a masked path stays unreadable under the profile" ;;
	esac
	assert_eq "aa generate: outside enforce the file reads as it is" secret "$(cat /etc/polvm-lsm-secret)"
	# The profile's own denial: /tmp/polvm-lsm-late is masked by the policy
	# but absent at set-up, so no mount hides it; only the profile's deny
	# rule stands between the command and the path. Under the profile,
	# writing and reading it are denied (EACCES); the control (the same
	# policy without the profile) writes and reads it.
	rm -f /tmp/polvm-lsm-late
	run_enforce lsm_aa_gen sh -c 'echo secret >/tmp/polvm-lsm-late; cat /tmp/polvm-lsm-late'
	case $STATUS in
	0) fail "aa generate: the profile denies the path" "exit 0, [$OUT]" ;;
	*) assert_contains "aa generate: the profile denies the path" "$ERR" "Permission denied" ;;
	esac
	assert_eq "aa generate: ... nothing was written" no "$([ -e /tmp/polvm-lsm-late ] && echo yes || echo no)"
	if need_blob lsm_aa_gen_control; then
		run_enforce lsm_aa_gen_control sh -c 'echo secret >/tmp/polvm-lsm-late; cat /tmp/polvm-lsm-late'
		assert_eq "aa generate: without the profile the same path is written and read (control)" \
			"0 secret" "$STATUS $OUT"
	fi
	rm -f /tmp/polvm-lsm-late

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

	# Compiled for other features (Debian's pinned 5.4 set): refused, with
	# the line that says how to rebuild, and nothing loaded or run.
	if need_blob aa_other_features; then
		aa_remove polc-lsm_aa_gen
		run_enforce aa_other_features sh -c 'echo ran'
		assert_eq "aa other features: refused (125), the command not run" "125 " "$STATUS $OUT"
		assert_contains "aa other features: the line says how to rebuild" "$ERR" \
			"enforce: apparmor: profile 'polc-lsm_aa_gen': compiled for other AppArmor features than this kernel's; rebuild the blob for this kernel: polc build --apparmor-features FILE, FILE a copy of this kernel's /sys/kernel/security/apparmor/features"
		assert_eq "aa other features: nothing was loaded" "" "$(profiles_of polc-lsm_aa_gen)"
	fi
	rm -f /etc/polvm-lsm-secret
fi

# 2. Checked from outside: /proc/PID/attr/apparmor/current of the running command.
if need_blob lsm_aa_landlock; then
	aa_load polvm-smoke || fail "polvm-smoke loads"
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
	aa_remove polvm-smoke 2>/dev/null
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
			aa_load polvm-smoke
			run_enforce lsm_aa_landlock true
			expect_status "landlock ABI $abi optional: runs" 0
			assert_eq "landlock ABI $abi optional: exactly one warning" 1 \
				"$(printf '%s\n' "$ERR" | grep -c '^enforce: warning: landlock: the kernel offers ABI')"
			aa_remove polvm-smoke 2>/dev/null
		fi
	else
		expect_status "landlock ABI $abi: required runs" 0
	fi
fi

# 5. A profile in complain mode is refused (not optional).
if need_blob lsm_aa_complain; then
	aa_load polvm-lsm-complain || fail "polvm-lsm-complain loads"
	run_enforce lsm_aa_complain true
	expect_status "aa complain: refused" 125
	assert_contains "aa complain: the line says why" "$ERR" "complain mode"
	aa_remove polvm-lsm-complain 2>/dev/null
fi
# 6. Start-up cost of a generated profile, for docs/BENCHMARKS.md (printed,
# never asserted: TCG timings say how the cases compare, not how fast a
# real machine is): the same policy without a profile, with the profile
# already loaded (compared, not loaded), and loaded on every start.
if need_blob lsm_aa_gen && need_blob lsm_aa_gen_control; then
	runs=10
	per_run() { # CASE: mean ms per enforce run of $runs
		t0=$(cut -d' ' -f1 /proc/uptime)
		i=0
		while [ $i -lt $runs ]; do
			[ "$1" = load ] && aa_remove polc-lsm_aa_gen 2>/dev/null
			"$ENFORCE" "$BLOBS/$2.polb" -- true >/dev/null 2>&1
			i=$((i + 1))
		done
		awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" -v n=$runs 'BEGIN { printf "%.0f", (b - a) * 1000 / n }'
	}
	"$ENFORCE" "$BLOBS/lsm_aa_gen.polb" -- true >/dev/null 2>&1
	echo "# bench: enforce start-up under TCG, ms per run of $runs: no profile $(per_run none lsm_aa_gen_control), compiled profile already loaded $(per_run loaded lsm_aa_gen), loaded every start $(per_run load lsm_aa_gen)"
fi
done_testing
