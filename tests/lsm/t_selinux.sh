#!/bin/sh
# SELinux on this machine, where it is not enabled: enforce refuses a policy
# that needs an exec label (exit 125, one line naming the label and why, the
# command never runs), and with `optional` prints exactly one warning and
# runs the command; strace shows no attr file is touched either way. The
# exact bytes enforce writes where SELinux is enabled ("LABEL\0" to
# attr/exec, the check through /sys/fs/selinux/context) are tested in
# tests/unit/test_lsm_attr.c with the interfaces pointed at temp files; the
# label's confinement runs in the VM lane (tests/lsm/vm/).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"
scratch
T=$T_TMP
chmod 777 "$T"
label=system_u:system_r:container_t:s0:c1,c2

if grep -q selinuxfs /proc/filesystems; then
	skip "selinux refusal" "SELinux is enabled in this kernel; the VM lane tests it enforcing"
	done_testing
	exit 0
fi
absent="SELinux is not enabled in this kernel (no selinuxfs in /proc/filesystems)"

pol label <<-POL
	policy label
	lsm {
	    selinux $label
	}
	POL
pol label_opt <<-POL
	policy label_opt
	lsm {
	    selinux $label optional
	}
	POL

for who in root rootless; do
	u=""
	[ $who = rootless ] && u=as_user
	rm -f "$T/ran"
	enf $u "$T/label.polb" -- touch "$T/ran"
	assert_eq "$who: required label, SELinux disabled: exit 125" 125 "$RC"
	assert_eq "$who: ... one line naming the label and why" \
		"enforce: selinux: label '$label': $absent" "$ERR"
	[ ! -e "$T/ran" ] && pass "$who: ... the command did not run" || fail "$who: ... the command did not run"

	enf $u "$T/label_opt.polb" -- touch "$T/ran"
	assert_eq "$who: optional label, SELinux disabled: the command runs" 0 "$RC"
	assert_eq "$who: ... exactly one warning naming what was skipped" \
		"enforce: warning: selinux: $absent; label '$label' skipped (optional)" "$ERR"
	[ -e "$T/ran" ] && pass "$who: ... the command ran" || fail "$who: ... the command ran"
done

if command -v strace >/dev/null 2>&1; then
	for b in label label_opt; do
		strace -f -qq -e trace=open,openat,openat2,write -o "$T/strace.$b" \
			"$ENFORCE" "$T/$b.polb" -- true >/dev/null 2>&1
		assert_contains "strace $b: the log is real (the blob was opened)" "$(cat "$T/strace.$b")" "$b.polb"
		assert_eq "strace $b: no /proc attr file touched, no selinuxfs write" "" \
			"$(grep -e '/attr' -e '/sys/fs/selinux' "$T/strace.$b")"
	done
else
	skip "strace checks" "strace is not installed (tools/packages.txt)"
fi

enf --dry-run "$T/label_opt.polb" -- true
assert_contains "dry-run says it would skip with a warning" "$OUT$ERR" \
	"selinux    exec label '$label' (optional): $absent: would be skipped with a warning"

# Both LSMs asked, both optional: one warning each, nothing more.
if pol both <<-POL
	policy both
	lsm {
	    apparmor web-confined optional
	    selinux $label optional
	}
	POL
then
	enf "$T/both.polb" -- true
	assert_eq "both optional: the command runs" 0 "$RC"
	assert_eq "both optional: exactly two warnings, one per LSM" 2 "$(printf '%s\n' "$ERR" | grep -c '^enforce: warning: ')"
	assert_eq "both optional: nothing else on stderr" 2 "$(printf '%s\n' "$ERR" | grep -c .)"
fi
done_testing
