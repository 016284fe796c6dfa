#!/bin/bash
# Escape probes: the caller's fds 0-2 (issue 12). /proc/self/fd/N of a host
# file reopens the host's own file, so a file on stdin was writable through
# a read-only root, and a directory on stdin climbed to the host's /
# (runc CVE-2024-21626 through stdio). Under policies/default.pol and
# policies/hardened.pol, as root and as the unprivileged test user:
#   - a host file on stdin: `echo pwned >/proc/self/fd/0` leaves it as it
#     was (it is relayed through a pipe), and reading it still works;
#   - a host file on stdout opened for append: `: >/proc/self/fd/1`
#     (O_TRUNC through /proc) truncates nothing, the output still arrives,
#     2>&1 into the same file keeps both streams, in order;
#   - a host directory, an O_PATH fd, /dev/kmsg (root) and /dev/net/tun
#     (a device any user may open) on stdin: refused (125) with one line naming the fd and what it is;
#     /dev/null passes;
#   - `stdio strict`: a file on stdin refused, a pipe passed;
# and, from the same issue: a program named with terminal escape bytes
# killed by seccomp is named escaped on enforce's stderr; `no_new_privs off`
# with `user 1000` over hardened names the child's EACCES; /dev/stdout and
# /proc/self/fd/1 open for writing as a non-root user of the container.
# Each attack has a host control: the same action without enforce succeeds.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

escape_host_view es
for base in default hardened; do
	pol "es_${base}_strict" <<EOF || exit 1
policy es_${base}_strict
use $base
process { stdio strict }
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
EOF
done
F=$T_TMP/hostfile
D=$T_TMP/a/b/c
mkdir -p "$D"
chmod -R a+rx "$T_TMP/a"

reset_file() { printf 'orig\n' >"$F"; chmod 666 "$F"; }

# direct ARGS...: enforce (as $who) with the caller's stdio as the caller
# of direct set it up, nothing captured; $RC.
direct() {
	if [ "$who" = user ]; then as_user "$ENFORCE" "$@"; else "$ENFORCE" "$@"; fi
	RC=$?
}
# Controls (as root; the user's are the same kernel rules).
reset_file
sh -c 'echo pwned >/proc/self/fd/0' <"$F"
assert_eq "control: a file on stdin is overwritten through /proc/self/fd/0 outside" pwned "$(cat "$F")"
reset_file
sh -c ': >/proc/self/fd/1' >>"$F"
assert_eq "control: a file on stdout is truncated through /proc/self/fd/1 outside" "" "$(cat "$F")"
got=$(cd -P /proc/self/fd/0 0<"$D" && cd -P ../../.. && pwd)
assert_eq "control: a directory on stdin climbs upward outside" "$T_TMP" "$got"
reset_file
got=$(python3 -c 'import os,sys; fd=os.open(sys.argv[1], os.O_PATH); os.dup2(fd, 0); print(open("/proc/self/fd/0").read().strip())' "$F")
assert_eq "control: an O_PATH fd on stdin reopens its file outside" orig "$got"
check "control: /dev/kmsg on stdin is read outside" sh -c 'dd bs=4096 count=1 status=none </dev/kmsg | grep -q .'
check "control: /dev/net/tun opens for the test user outside" as_user sh -c ': </dev/net/tun'

suite() {
	label=$1 base=$2 runner=$3
	B=$T_TMP/es_$base.polb
	reset_file
	$runner "$B" -- /bin/sh -c 'echo pwned >/proc/self/fd/0; echo pwned2 >/dev/stdin; cat' <"$F"
	assert_eq "$label: file on stdin: exit 0" 0 "$RC"
	assert_eq "$label: file on stdin: the host file is unchanged" orig "$(cat "$F")"
	assert_contains "$label: file on stdin: still read (relayed)" "$OUT" orig

	reset_file
	direct "$B" -- /bin/sh -c ': >/proc/self/fd/1; echo out; echo err >&2' >>"$F" 2>&1
	assert_eq "$label: file on stdout: O_TRUNC through /proc truncates nothing; output and 2>&1 arrive in order" \
		"orig|out|err" "$(grep -v '^enforce: ' "$F" | paste -sd'|')"
	reset_file
	direct "$B" -- /bin/sh -c 'echo err >&2' 2>"$F"
	assert_eq "$label: stderr to a file still gets the output" err "$(grep -v '^enforce: ' "$F")"

	$runner "$B" -- /bin/sh -c 'cd -P /proc/self/fd/0 && cd -P ../../.. && pwd' <"$D"
	assert_eq "$label: directory on stdin: refused (125)" 125 "$RC"
	assert_contains "$label: directory on stdin: one line naming it" "$ERR" \
		"enforce: stdio: fd 0 (stdin) is a directory $D: refused"
	assert_eq "$label: directory on stdin: one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
	OUT=$(python3 -c 'import os,sys; fd=os.open(sys.argv[1], os.O_PATH); os.dup2(fd, 0); os.execv(sys.argv[2], sys.argv[2:])' \
		"$F" "$ENFORCE" "$B" -- /bin/cat /proc/self/fd/0 2>"$T_TMP/stderr")
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
	assert_eq "$label: O_PATH fd on stdin: refused (125)" 125 "$RC"
	assert_contains "$label: O_PATH fd on stdin: named" "$ERR" "enforce: stdio: fd 0 (stdin) is an O_PATH fd"
	if [ "$runner" = enf ]; then
		$runner "$B" -- /bin/sh -c 'head -c 64 <&0' </dev/kmsg
		assert_eq "$label: /dev/kmsg on stdin: refused (125)" 125 "$RC"
		assert_contains "$label: /dev/kmsg on stdin: named with its device number" "$ERR" \
			"fd 0 (stdin) is a character device 1:11 /dev/kmsg: refused"
	fi
	$runner "$B" -- /bin/sh -c 'head -c 1 <&0' </dev/net/tun
	assert_eq "$label: /dev/net/tun on stdin: refused (125)" 125 "$RC"
	assert_contains "$label: /dev/net/tun on stdin: named" "$ERR" "is a character device 10:200 /dev/net/tun"
	$runner "$B" -- /bin/cat </dev/null
	assert_eq "$label: /dev/null on stdin passes" 0 "$RC"

	reset_file
	$runner "$T_TMP/es_${base}_strict.polb" -- /bin/cat <"$F"
	assert_eq "$label: stdio strict: a file on stdin refused (125)" 125 "$RC"
	assert_contains "$label: stdio strict: the line says why" "$ERR" "the policy says \`stdio strict\`"
	OUT=$(printf 'piped\n' | direct "$T_TMP/es_${base}_strict.polb" -- /bin/cat 2>/dev/null)
	assert_eq "$label: stdio strict: a pipe on stdin passes" piped "$OUT"
}

who=root
suite default default enf
suite hardened hardened enf
who=user
suite "default rootless" default enf_user
suite "hardened rootless" hardened enf_user

# The relay neither hangs nor loses output: a background process (no pid
# namespace) still holding the stdout pipe when the command exits; a large
# output written right before the exit.
pol es_nopid <<EOF || exit 1
policy es_nopid
use default
namespaces { share pid }
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
EOF
timeout 120 "$ENFORCE" "$T_TMP/es_nopid.polb" -- /bin/sh -c 'sleep 1000 & echo "done $!"' >"$F"
RC=$?
assert_eq "a background process keeps the stdout pipe: enforce still returns with the command's status" 0 "$RC"
read -r word bg <"$F"
assert_eq "... and the output is there" done "$word"
# the host's pid too (no pid namespace); the cgroup's removal may have ended it
[ -n "$bg" ] && kill -KILL "$bg" 2>/dev/null
direct_big() { "$ENFORCE" "$T_TMP/es_default.polb" -- /bin/sh -c 'seq 1 200000; echo LAST >&2' >"$F" 2>&1; }
direct_big
assert_eq "200000 lines and a last one on stderr through the relay: all arrive" 200001 "$(grep -cE '^([0-9]+|LAST)$' "$F")"
assert_eq "... LAST is the last line" LAST "$(tail -n 1 "$F")"

# A program named with escape bytes, killed by hardened's filter: its name
# reaches enforce's stderr escaped, never as raw control bytes.
mkdir -p "$T_TMP/evil"
pol es_name <<EOF || exit 1
policy es_name
use hardened
filesystem {
    root / readonly
    tmpfs /opt size=64K
    bind $T_TMP/evil /opt/evil
}
EOF
EVIL="$T_TMP/evil/$(printf 'x\033]0;pwned\007\033[2J')"
cp "$ET" "$EVIL"
chmod -R a+rx "$T_TMP/evil"
enf "$T_TMP/es_name.polb" -- "/opt/evil/${EVIL##*/}" tag "$T_TMP" ownpty
assert_contains "escape bytes: the blocked syscall line names the program, escaped" "$ERR" \
	'enforce: blocked syscall ioctl (16) in /opt/evil/x\x1b]0;pwned\x07\x1b[2J'
check "escape bytes: no raw ESC or BEL on enforce's stderr" sh -c "! LC_ALL=C grep -q \"\$(printf '[\\033\\007]')\" '$T_TMP/stderr'"
rm -f "$EVIL"

# no_new_privs off and a non-root user over hardened: the filter cannot be
# loaded (EACCES without CAP_SYS_ADMIN); the line says so.
pol es_nnp <<EOF || exit 1
policy es_nnp
use hardened
process {
    user 1000
    no_new_privs off
}
filesystem {
    root / readonly
}
EOF
enf "$T_TMP/es_nnp.polb" -- /bin/true
assert_eq "no_new_privs off, user 1000: refused (125)" 125 "$RC"
assert_contains "no_new_privs off, user 1000: the cause is the child's EACCES" "$ERR" \
	"enforce: seccomp: loading the"
assert_contains "no_new_privs off, user 1000: ... Permission denied" "$ERR" "Permission denied"
check "no_new_privs off, user 1000: not the supervisor's ESRCH" sh -c "! grep -q 'No such process' '$T_TMP/stderr'"

# The relayed pipes are the container user's to reopen (nginx's
# `access_log /dev/stdout`).
for base in default hardened; do
	pol "es_user_$base" <<EOF || exit 1
policy es_user_$base
use $base
process { user 1000 1000 }
filesystem {
    root / readonly
    tmpfs /tmp size=8M mode=1777
}
EOF
	reset_file
	: >"$F"
	who=root direct "$T_TMP/es_user_$base.polb" -- /bin/sh -c 'echo a >/dev/stdout && echo b >/proc/self/fd/1 && echo c >/dev/stderr' >"$F" 2>&1
	assert_eq "$base, user 1000: /dev/stdout, /proc/self/fd/1, /dev/stderr open for writing (relayed)" \
		"a|b|c" "$(paste -sd'|' "$F")"
done

# The two process keywords through the review commands.
pol es_inherit <<EOF || exit 1
policy es_inherit
use default
process { terminal inherit }
filesystem {
    root / readonly
}
EOF
assert_contains "polc dump: stdio strict in the blob" "$("$POLC" dump "$T_TMP/es_default_strict.polb")" "stdio: strict"
assert_contains "polc dump: terminal inherit in the blob" "$("$POLC" dump "$T_TMP/es_inherit.polb")" "terminal: inherit"
assert_contains "polc explain: stdio strict and where" "$("$POLC" explain -I "$TOP/policies" "$T_TMP/es_default_strict.pol")" "stdio strict"
got=$("$POLC" diff -I "$TOP/policies" "$T_TMP/es_default.pol" "$T_TMP/es_inherit.pol" 2>&1)
assert_contains "polc diff: terminal inherit is privilege added" "$got" "+ process: terminal inherit (was pty)"
got=$("$POLC" diff -I "$TOP/policies" "$T_TMP/es_default.pol" "$T_TMP/es_default_strict.pol" 2>&1)
assert_contains "polc diff: stdio strict is privilege removed" "$got" "- process: stdio strict (was relay)"
assert_contains "polc audit: terminal inherit is a finding" "$("$POLC" audit -I "$TOP/policies" "$T_TMP/es_inherit.pol" 2>&1)" "terminal_inherit: terminal inherit"
assert_contains "polc check: terminal inherit warns" "$("$POLC" check -I "$TOP/policies" "$T_TMP/es_inherit.pol" 2>&1)" "warning: terminal inherit"

nothing_left escape_stdio
done_testing
