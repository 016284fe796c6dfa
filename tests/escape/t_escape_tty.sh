#!/bin/bash
# Escape probes: the caller's terminal (bubblewrap CVE-2017-5226 and its
# relatives), tried from inside under policies/default.pol and
# policies/hardened.pol, as root and as the unprivileged test user, with
# enforce started from a real terminal (script(1) gives it a pty) that the
# caller also holds on two extra fds (9 and 200), as a shell that opened
# its terminal would leak them (tests/bin/escape_tty.c):
#   - only fds 0 1 2 reach the command (the extra terminal fds are closed);
#   - they are a pty of the container's own (enforce relays it, as
#     `docker run -t` does), not the caller's terminal: another device
#     number; it is the command's controlling terminal (a new session);
#   - TIOCSTI on every terminal fd, also with the high bits of the request
#     set (0xffffffff00005412: the kernel reads 32 bits): default allows it
#     on the container's own pty (the keys go to the container itself;
#     t_escape_pty.sh shows the caller's terminal gets none); hardened's
#     filter kills it;
#   - TIOCSCTTY, also forced: stealing the terminal as controlling
#     terminal (then TIOCSTI would pass the kernel's check) is refused;
#   - TIOCCONS: redirecting the console into the terminal is refused;
#   - a pty of the container's own: the kernel allows TIOCSTI there, so
#     hardened's kill (plain and high bits) is its filter's doing;
#   - /dev/pts is a fresh instance: none of the host's terminals in it.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

command -v script >/dev/null || { fail "script(1) is installed" "util-linux script missing"; exit 1; }

for base in default hardened; do
	pol "et_$base" <<EOF || exit 1
policy et_$base
use $base
filesystem {
    root / readonly
}
EOF
done

legacy=$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)
HOST_PTS_DEV=$(stat -c '%Hd:%Ld' /dev/pts)

# Control: the same tries without enforce reach the terminal.
OUT=$(script -qec "$ET ttys sti" /dev/null </dev/null 2>&1)
if [ "$legacy" = 0 ]; then
	skip "control: TIOCSTI works without enforce" "dev.tty.legacy_tiocsti=0: the kernel refuses TIOCSTI to everyone"
else
	assert_contains "control: TIOCSTI works here without enforce" "$OUT" "try sti 0: ok"
fi
assert_contains "control: without enforce the terminal is the controlling one" "$OUT" "controlling tty: yes"

# in_pty RUNNER BLOB: enforce under a pty, the terminal also open on fds
# 9 and 200; $OUT and $ERR from the helper (script mixes both streams:
# enforce's own lines start with "enforce: ").
in_pty() {
	cmd="exec 9<>/dev/tty 200>/dev/tty; stat -Lc \"caller tty: %t:%T\" /proc/self/fd/0; exec $ENFORCE $2 -- $ET tag $T_TMP ttys sti sctty cons ownpty devpts"
	if [ "$1" = user ]; then
		all=$(cd / && as_user script -qec "bash -c '$cmd'" /dev/null </dev/null 2>&1)
	else
		all=$(script -qec "bash -c '$cmd'" /dev/null </dev/null 2>&1)
	fi
	RC=$?
	# script(1) may type a NUL into enforce's raw terminal when its own
	# stdin (/dev/null) ends; the container's pty echoes it as "^@"
	all=$(printf '%s\n' "$all" | tr -d '\r' | sed 's/^\^@//')
	OUT=$(printf '%s\n' "$all" | grep -v '^enforce: ')
	# shellcheck disable=SC2034 # read by expect (escape_lib.sh)
	ERR=$(printf '%s\n' "$all" | grep '^enforce: ')
}

tty_suite() {
	label=$1 base=$2 who=$3
	in_pty "$who" "$T_TMP/et_$base.polb"
	assert_eq "$label: enforce exited 0 under a pty" 0 "$RC"
	assert_eq "$label: only fds 0 1 2 are terminals inside (9 and 200 closed)" "0 1 2" \
		"$(val ttys | tr -s ' ')"
	caller=$(val 'caller tty')
	check "$label: fd 0 is another terminal than the caller's ($(val tty0) vs ${caller:-?})" \
		test -n "$caller" -a -n "$(val tty0)" -a "$(val tty0)" != "$caller"
	assert_eq "$label: the container's pty is its controlling terminal (a new session)" yes \
		"$(val 'controlling tty')"
	for fd in 0 1 2; do
		for t in sti sti_high; do
			if [ "$base" = default ]; then
				assert_contains "$label: $t $fd: allowed on the container's own pty" \
					"$OUT" "try $t $fd: ok"
			else
				expect "$label" "$t $fd" "KILL:ioctl (16)"
			fi
		done
		expect "$label" "sctty $fd" EPERM
		expect "$label" "sctty_force $fd" EPERM
		expect "$label" "cons $fd" EPERM
	done
	if [ "$base" = default ]; then
		# Docker allows TIOCSTI; into a terminal of the container's own it
		# harms no one. Shown so that the refusals above are known to come
		# from the new session, not from a filter.
		for t in ownpty_sti ownpty_sti_high; do
			assert_contains "$label: $t: allowed on its own pty (Docker allows TIOCSTI; the session protects the caller)" \
				"$OUT" "try $t: ok"
		done
	else
		expect "$label" ownpty_sti "KILL:ioctl (16)"
		expect "$label" ownpty_sti_high "KILL:ioctl (16)"
	fi
	devpts=$(val devpts)
	assert_eq "$label: /dev/pts shows none of the host's terminals" "0 entries" "${devpts%%,*}"
	dev=${devpts##* dev }
	check "$label: /dev/pts is another devpts instance than the host's (${dev:-?} vs $HOST_PTS_DEV)" \
		test -n "$dev" -a "$dev" != "$HOST_PTS_DEV"
}

tty_suite default default root
tty_suite hardened hardened root
tty_suite "default rootless" default user
tty_suite "hardened rootless" hardened user

nothing_left escape_tty
done_testing
