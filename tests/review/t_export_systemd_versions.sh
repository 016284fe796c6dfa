#!/bin/sh
# polc export systemd --systemd-version N: what systemd N does not take is
# not written, each left-out directive or syscall name one warning naming
# what the unit will not enforce. Checked against the systemd installed
# here (Debian 12: 252, with libseccomp 2.5.4-1+deb12u1): for every shipped
# policy, the unit for 252 verifies with no unknown key, value or system
# call (systemd-analyze verify), and what the newest unit has that 252
# ignores is exactly what the 252 export warned about, one warning each.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1
if ! command -v systemd-analyze >/dev/null 2>&1; then
	fail "systemd-analyze is installed (package systemd)"
	exit 1
fi
HOSTV=$(systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p')

# unit POLICY [OPTIONS]: a whole unit around the exported [Service] section
unit() {
	pol=$1; shift
	{ printf '[Unit]\nDescription=polc test\n'; "$POLC" export systemd -I examples/services "$pol" "$@" -- /bin/true; } 2>"$T_TMP/warn" >"$T_TMP/t.service"
}
# ignored: what systemd-analyze verify says this machine's systemd ignores
ignored() {
	systemd-analyze verify "$T_TMP/t.service" 2>&1 | sed -n \
		-e "s/.*Unknown key '\([^']*\)'.*/\1/p" \
		-e 's/.*Failed to parse boolean value, ignoring: private/ProtectControlGroups=private/p' \
		-e 's/.*Failed to parse system call, ignoring: //p' | sort
}
warned() {
	sed -n -e 's/^polc: export systemd: warning: \([A-Za-z=]*\) needs systemd.*/\1/p' \
		-e 's/^polc: export systemd: warning: syscalls: [a-z_]* \([a-z0-9_]*\): systemd .* does not know.*/\1/p' "$T_TMP/warn" | sort
}

sed -n "/^cat >\"\$T_TMP\/all.pol\" <<'POL'/,/^POL/p" tests/review/t_export_k8s.sh | sed '1d;$d' >"$T_TMP/all.pol"
cat >"$T_TMP/deny.pol" <<'POL'
policy deny
namespaces {
    unshare mount pid ipc net cgroup
}
filesystem {
    bind /srv /srv noexec
}
network {
    publish tcp 8080 80
}
syscalls {
    default allow
    errno EPERM statmount listmount mseal ptrace
}
POL
for pol in policies/default.pol policies/hardened.pol policies/host-ro.pol examples/*.pol examples/services/*.pol examples/systemd/*.pol "$T_TMP/all.pol" "$T_TMP/deny.pol"; do
	b=$(basename "$pol" .pol)
	unit "$pol" --systemd-version "$HOSTV"
	assert_eq "$b: the unit for systemd $HOSTV verifies with nothing ignored" "" "$(ignored)"
	warned >"$T_TMP/w.$b"
	unit "$pol"
	ignored >"$T_TMP/i.$b"
	assert_eq "$b: what systemd $HOSTV ignores in the newest unit ($(wc -l <"$T_TMP/i.$b") items) is what the $HOSTV export warned about" \
		"$(cat "$T_TMP/i.$b")" "$(cat "$T_TMP/w.$b")"
done
check "the newest unit of the default policy has what 252 ignores" test -s "$T_TMP/i.default"

# 252 specifically (whatever this machine's systemd is): the directives of 257.
unit "$T_TMP/deny.pol" --systemd-version 252
u=$(cat "$T_TMP/t.service") w=$(cat "$T_TMP/warn")
case $u in *PrivatePIDs=*) fail "252: no PrivatePIDs=" ;; *) pass "252: no PrivatePIDs=" ;; esac
assert_contains "252: PrivatePIDs= warned, with what is lost" "$w" "PrivatePIDs needs systemd 257, not written for 252: the service sees and signals the host's processes"
assert_contains "252: ProtectControlGroups=yes instead of =private" "$u" "ProtectControlGroups=yes"
assert_contains "252: ... warned" "$w" "ProtectControlGroups=private needs systemd 257, not written for 252"
assert_contains "252: a deny rule for a name 252 does not know: warned, not refused" "$w" \
	"syscalls: errno statmount: systemd 252 does not know the name (needs systemd 257, libseccomp 2.6.0): not written, the unit does not refuse it"
assert_contains "252: the deny rule 252 knows is written" "$u" "SystemCallFilter=~ptrace:EPERM"
case $u in *"~statmount"*) fail "252: no SystemCallFilter=~statmount" ;; *) pass "252: no SystemCallFilter=~statmount" ;; esac
assert_contains "252: PrivateIPC=, SocketBindAllow=, NoExecPaths= are 252's" "$u" "PrivateIPC=yes"
assert_contains "... SocketBindAllow=" "$u" "SocketBindAllow=tcp:80"
assert_contains "... NoExecPaths=" "$u" "NoExecPaths=/srv"

# 257: its directives are written, names of a later libseccomp are not.
unit "$T_TMP/deny.pol" --systemd-version 257
assert_contains "257: PrivatePIDs=" "$(cat "$T_TMP/t.service")" "PrivatePIDs=yes"
assert_contains "257: ProtectControlGroups=private" "$(cat "$T_TMP/t.service")" "ProtectControlGroups=private"
assert_contains "257: the names of libseccomp 2.6.0" "$(cat "$T_TMP/t.service")" "SystemCallFilter=~statmount:EPERM"
unit policies/hardened.pol --systemd-version 257
assert_contains "257: a name only libseccomp 2.6.1 knows is not written, warned" "$(cat "$T_TMP/warn")" \
	"syscalls: allow uprobe: systemd 257 does not know the name (needs no systemd yet, libseccomp 2.6.1): not written, the unit refuses it"
assert_contains "257: the header names the target" "$(cat "$T_TMP/t.service")" "for systemd 257."

# 247 (Debian 11): PrivateIPC=, SocketBindAllow=, NoExecPaths= are newer.
unit "$T_TMP/deny.pol" --systemd-version 247
u=$(cat "$T_TMP/t.service") w=$(cat "$T_TMP/warn")
for d in PrivateIPC SocketBindAllow NoExecPaths; do
	case $u in *"$d="*) fail "247: no $d=" ;; *) pass "247: no $d=" ;; esac
	assert_contains "247: $d warned" "$w" "$d needs systemd"
done
unit policies/default.pol --systemd-version 247
assert_contains "247: a name of libseccomp 2.5.4 is not written" "$(cat "$T_TMP/warn")" \
	"syscalls: allow close_range: systemd 247 does not know the name (needs systemd 252, libseccomp 2.5.4)"

# Without the option: as before, everything written.
unit "$T_TMP/deny.pol"
assert_contains "no --systemd-version: the newest directives" "$(cat "$T_TMP/t.service")" "PrivatePIDs=yes"
assert_eq "... no version warnings" "" "$(grep 'needs systemd\|does not know the name' "$T_TMP/warn")"

# Usage errors: one line, exit 2.
for bad in 246 abc 252x ""; do
	"$POLC" export systemd policies/default.pol --systemd-version "$bad" >/dev/null 2>"$T_TMP/err"
	st=$?
	check "--systemd-version '$bad': exit 2, one line" test "$st" = 2 -a "$(wc -l <"$T_TMP/err")" = 1
done
assert_contains "--systemd-version 246: says which are described" "$(cat "$T_TMP/err" 2>/dev/null; "$POLC" export systemd policies/default.pol --systemd-version 246 2>&1)" \
	"polc describes systemd 247 and newer"
assert_status "--systemd-version with another format: usage error" 2 "$POLC" export oci policies/default.pol --systemd-version 252
done_testing
