#!/bin/bash
# The caller's terminal (issue 12): enforce gives the container a pty of
# its own and relays it, so what the command does to its terminal stays
# on that pty. tests/bin/ptyrun plays the caller at a terminal: it runs
# enforce on a pty whose state it records before and compares after.
# Under policies/default.pol and policies/hardened.pol, as root and as the
# unprivileged test user:
#   - TIOCSTI (plain, high bits, and after setsid + TIOCSCTTY), termios
#     changed (no echo, no canonical mode, no ^C), TIOCEXCL and
#     TIOCSETD(N_NULL) from inside: the caller's terminal has the same
#     termios and line discipline, no exclusive mode, no typed-in input;
#     the control (the same tries without enforce) changes every one;
#   - an interactive sh inside: typed input reaches it, `stty size`
#     follows a resize of the caller's terminal (SIGWINCH -> TIOCSWINSZ on
#     the pty), ^C interrupts the foreground job inside (not enforce), the exit
#     status comes back, and the terminal is left as it was (raw mode
#     undone);
#   - output written just before the command exits is all relayed.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

PR=$TESTBIN/ptyrun
[ -x "$PR" ] || { fail "ptyrun is built" "$PR missing"; exit 1; }
escape_host_view ep

# run WHO ARGS...: ptyrun as root or the test user; $OUT its output, $RC.
run() {
	who=$1
	shift
	if [ "$who" = user ]; then
		OUT=$(cd / && as_user "$PR" "$@" 2>&1)
	else
		OUT=$("$PR" "$@" 2>&1)
	fi
	RC=$?
	OUT=$(printf '%s\n' "$OUT" | tr -d '\r')
}
pv() { printf '%s\n' "$OUT" | sed -n "s/^ptyrun: $1 //p" | tail -n 1; }

# Controls: the tries without enforce reach the terminal.
if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 0 ]; then
	skip "control: TIOCSTI" "dev.tty.legacy_tiocsti=0"
else
	run root -- "$ET" sti
	check "control: TIOCSTI without enforce types into the terminal ($(pv 'pending input') bytes)" \
		test "$(pv 'pending input')" -gt 0
fi
run root -- "$ET" harm
assert_eq "control: termios changed without enforce" changed "$(pv termios)"
assert_eq "control: TIOCSETD changed the line discipline without enforce" changed "$(pv ldisc)"
assert_eq "control: TIOCEXCL set without enforce" on "$(pv excl)"

harm_suite() {
	label=$1 base=$2 who=$3
	run "$who" -- "$ENFORCE" "$T_TMP/ep_$base.polb" -- "$ET" tag "$T_TMP" ttys sti harm
	assert_eq "$label: ptyrun ran to the end" 0 "$RC"
	assert_eq "$label: enforce exited 0" 0 "$(pv exit)"
	assert_eq "$label: the caller's termios as it was" same "$(pv termios)"
	assert_eq "$label: the caller's line discipline as it was (TIOCSETD N_NULL stayed inside)" same "$(pv ldisc)"
	assert_eq "$label: the caller's terminal not exclusive (TIOCEXCL stayed inside)" off "$(pv excl)"
	assert_eq "$label: nothing typed into the caller's terminal (TIOCSTI stayed inside)" 0 "$(pv 'pending input')"
	assert_eq "$label: the command's fds 0-2 are terminals (the pty)" "0 1 2" "$(val ttys)"
}

sh_suite() {
	label=$1 base=$2 who=$3
	run "$who" -s 'echo A$((1+2))B\n' -e A3B -s 'stty size\n' -e '24 80' -w 40 100 \
		-s 'stty size\n' -e '40 100' -s "sh -c 'echo R\$((1)); exec sleep 1000'\n" -e R1 -s '\c' \
		-s 'echo C$((2+5))D\n' -e C7D -s 'exit 3\n' -- \
		"$ENFORCE" "$T_TMP/ep_$base.polb" -- /bin/sh -i
	assert_eq "$label: sh: every expected output came (typed input reached it)" 0 "$RC"
	check "$label: sh: the typed line ran (A3B)" grep -q A3B <<<"$OUT"
	check "$label: sh: stty size 24 80 at the start" grep -q '24 80' <<<"$OUT"
	check "$label: sh: stty size 40 100 after the resize" grep -q '40 100' <<<"$OUT"
	# the sleep prints R1 once it is the terminal's foreground job; C7D can
	# only come once it ended, long before its 1000 s: ^C reached it
	check "$label: sh: ^C ended the sleep inside, not enforce (C7D after it)" grep -q C7D <<<"$OUT"
	assert_eq "$label: sh: exit status 3 came back" 3 "$(pv exit)"
	assert_eq "$label: sh: the caller's termios restored (raw mode undone)" same "$(pv termios)"
	run "$who" -- "$ENFORCE" "$T_TMP/ep_$base.polb" -- /bin/sh -c 'seq 1 30000; echo LAST'
	check "$label: output written just before the exit is relayed: the last line" grep -qx LAST <<<"$OUT"
	assert_eq "$label: ... and all 30001 lines" 30001 "$(printf '%s\n' "$OUT" | grep -cE '^([0-9]+|LAST)$')"
}

for base in default hardened; do
	harm_suite "$base" "$base" root
	harm_suite "$base rootless" "$base" user
	sh_suite "$base" "$base" root
	sh_suite "$base rootless" "$base" user
done

nothing_left escape_pty
done_testing
