#!/bin/sh
# AppArmor on this machine, whose kernel has no AppArmor: enforce refuses a
# policy that needs a profile (exit 125, one line naming the profile and
# why, the command never runs), and with `optional` prints exactly one
# warning and runs the command. strace shows that neither run opens an
# attr file: nothing is half-applied. The exact bytes enforce writes where
# AppArmor exists ("exec PROFILE" to attr/apparmor/exec) are tested in
# tests/unit/test_lsm_attr.c with the interfaces pointed at temp files; the
# confinement itself runs in the VM lane (tests/lsm/vm/).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"
scratch
T=$T_TMP
chmod 777 "$T"

if [ -e /sys/module/apparmor/parameters/enabled ]; then
	skip "apparmor refusal" "this kernel has AppArmor; the VM lane tests it enforcing"
	done_testing
	exit 0
fi
absent="AppArmor is not built into this kernel (no /sys/module/apparmor/parameters/enabled)"

pol named <<-POL
	policy named
	lsm {
	    apparmor web-confined
	}
	POL
pol named_opt <<-POL
	policy named_opt
	lsm {
	    apparmor web-confined optional
	}
	POL

for who in root rootless; do
	u=""
	[ $who = rootless ] && u=as_user
	rm -f "$T/ran"
	enf $u "$T/named.polb" -- touch "$T/ran"
	assert_eq "$who: required profile, no AppArmor: exit 125" 125 "$RC"
	assert_eq "$who: ... one line naming the profile and why" \
		"enforce: apparmor: profile 'web-confined': $absent" "$ERR"
	[ ! -e "$T/ran" ] && pass "$who: ... the command did not run" || fail "$who: ... the command did not run"

	enf $u "$T/named_opt.polb" -- touch "$T/ran"
	assert_eq "$who: optional profile, no AppArmor: the command runs" 0 "$RC"
	assert_eq "$who: ... exactly one warning naming what was skipped" \
		"enforce: warning: apparmor: $absent; profile 'web-confined' skipped (optional)" "$ERR"
	[ -e "$T/ran" ] && pass "$who: ... the command ran" || fail "$who: ... the command ran"
done

# strace: no attr file is opened, by the refused run nor by the optional one.
if command -v strace >/dev/null 2>&1; then
	for b in named named_opt; do
		strace -f -qq -e trace=open,openat,openat2,write -o "$T/strace.$b" \
			"$ENFORCE" "$T/$b.polb" -- true >/dev/null 2>&1
		assert_contains "strace $b: the log is real (the blob was opened)" "$(cat "$T/strace.$b")" "$b.polb"
		assert_eq "strace $b: no /proc attr file touched" "" "$(grep '/attr' "$T/strace.$b")"
	done
else
	skip "strace checks" "strace is not installed (tools/packages.txt)"
fi

enf --dry-run "$T/named.polb" -- true
assert_contains "dry-run says it would refuse" "$OUT$ERR" \
	"apparmor   exec profile 'web-confined': $absent: would refuse to run"

# apparmor generate: polc derives polc-NAME, compiles it for the lane
# kernel's features (this host's kernel has none) and ships text, binary
# and features in the blob; enforce refuses it here the same way, naming
# the generated profile, as root and rootless, and with `optional` warns
# once and runs the command. No parser is executed by enforce (strace).
features=$TOP/tests/vm/apparmor/kernel.features
gen_policy() {
	cat <<-POL
	policy $1
	namespaces {
	    unshare mount
	}
	filesystem {
	    root / readonly
	    tmpfs /tmp
	}
	capabilities {
	    keep net_bind_service
	}
	lsm {
	    apparmor generate $2
	}
	POL
}
if gen_policy gen "" | pol gen --apparmor-features "$features" &&
	gen_policy gen_opt optional | pol gen_opt --apparmor-features "$features"; then
	dump=$("$POLC" dump "$T/gen.polb" 2>&1)
	case $dump in
	*name=polc-gen*generated_profile_bytes=*compiled_policy_bytes=*) pass "generate: the blob carries profile polc-gen, its text and its compiled policy" ;;
	*name=generate*) fail "generate: the blob carries profile polc-gen, its text and its compiled policy" \
		"the blob names 'generate': polc build does not call apparmor_generate() (compiler/writer/compile.c)" ;;
	*) fail "generate: the blob carries profile polc-gen, its text and its compiled policy" "$(printf %s "$dump" | grep -A3 '^lsm')" ;;
	esac
	for who in root rootless; do
		u=""
		[ $who = rootless ] && u=as_user
		enf $u "$T/gen.polb" -- sh -c 'echo ran'
		assert_eq "$who: generate, no AppArmor: exit 125, the command did not run" "125 " "$RC $OUT"
		assert_eq "$who: generate, no AppArmor: the line names the generated profile" \
			"enforce: apparmor: profile 'polc-gen': $absent" "$ERR"
		enf $u "$T/gen_opt.polb" -- sh -c 'echo ran'
		assert_eq "$who: generate optional, no AppArmor: the command runs" "0 ran" "$RC $OUT"
		assert_eq "$who: ... exactly one warning" \
			"enforce: warning: apparmor: $absent; profile 'polc-gen_opt' skipped (optional)" "$ERR"
	done
	if command -v strace >/dev/null 2>&1; then
		strace -f -qq -e trace=execve -o "$T/strace.gen" "$ENFORCE" "$T/gen_opt.polb" -- true >/dev/null 2>&1
		assert_eq "strace generate: enforce executes the command and nothing else (no parser)" \
			"2" "$(grep -c 'execve(' "$T/strace.gen")"
		assert_eq "strace generate: no apparmor_parser" "" "$(grep apparmor_parser "$T/strace.gen")"
	fi
fi

# Optional AppArmor skipped, Landlock still applied: one does not undo the other.
mkdir -p "$T/bin" && cp "$LLPROBE" "$T/bin/llprobe" && chmod -R a+rX "$T/bin"
if pol mixed <<-POL
	policy mixed
	lsm {
	    apparmor web-confined optional
	    landlock {
	        execute $T/bin
	    }
	}
	POL
then
	enf "$T/mixed.polb" -- "$T/bin/llprobe" read /etc/hostname
	assert_eq "optional apparmor skipped: the command runs" 0 "$RC"
	assert_eq "optional apparmor skipped: Landlock still denies" "read /etc/hostname: Permission denied" "$OUT"
fi
done_testing
