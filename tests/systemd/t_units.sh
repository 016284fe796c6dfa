#!/bin/bash
# The units in examples/systemd/ pass `systemd-analyze verify` (systemd
# 252) with ExecStart= pointing at this build's enforce, as `make install`
# puts it at /usr/local/bin/enforce; a broken unit is refused (the check
# can fail); each service's ExecStart policy builds, and its command line
# is the one its policy's header gives.
. "$(dirname "$0")/lib.sh"
command -v systemd-analyze >/dev/null || { fail "systemd-analyze installed"; exit 1; }
U=$T_TMP/units
mkdir -p "$U"
cp "$TOP"/examples/systemd/*.service "$TOP"/examples/systemd/*.socket "$TOP"/examples/systemd/*.timer "$U/"
sed -i "s|/usr/local/bin/enforce|$ENFORCE|" "$U"/*
for f in "$U"/*; do
	out=$(systemd-analyze verify "$f" 2>&1)
	rc=$?
	if [ $rc = 0 ] && [ -z "$out" ]; then pass "systemd-analyze verify $(basename "$f")"
	else fail "systemd-analyze verify $(basename "$f")" "$out"; fi
done
# the control: a unit with an unknown kill mode and a missing binary
sed 's|^ExecStart=.*|ExecStart=/nonexistent/enforce x.polb -- true|; s/^KillMode=.*/KillMode=sideways/' \
	"$U/node.service" >"$U/broken.service"
out=$(systemd-analyze verify "$U/broken.service" 2>&1)
assert_eq "a broken unit is refused by systemd-analyze verify" 1 "$?"
assert_contains "it names the missing binary" "$out" "is not executable"
rm "$U/broken.service"

# Each ExecStart's blob comes from a shipped policy, and builds.
for f in "$TOP"/examples/systemd/*.service; do
	blob=$(sed -n 's|^ExecStart=[^ ]* /etc/polc/\([^ ]*\)\.polb .*|\1|p' "$f")
	[ -n "$blob" ] || { fail "$(basename "$f"): ExecStart runs enforce with a blob of /etc/polc"; continue; }
	src=$TOP/examples/systemd/$blob.pol
	[ -e "$src" ] || src=$TOP/examples/services/$blob.pol
	check "$(basename "$f"): $blob.pol builds" "$POLC" build -I "$TOP/policies" -I "$TOP/examples/services" \
		"$src" -o "$T_TMP/$blob.polb"
	cmd=$(sed -n 's|^ExecStart=[^ ]* [^ ]* -- \(.*\)|\1|p' "$f")
	assert_contains "$(basename "$f"): the command is the one $blob.pol's header gives" \
		"$(sed 's/^# *//' "$src" | tr -d '\\' | tr -s ' \n' '  ')" "$cmd"
done
out=$("$POLC" export systemd -I "$TOP/policies" -I "$TOP/examples/services" "$TOP/examples/systemd/gunicorn-sd.pol" 2>/dev/null)
assert_contains "polc export systemd of a notify relay policy: Type=notify, NotifyAccess=main" "$out" "Type=notify
NotifyAccess=main"
out=$("$POLC" export systemd -I "$TOP/policies" "$TOP/examples/services/node.pol" 2>/dev/null)
case $out in *Type=notify*) fail "no Type=notify without notify relay" ;; *) pass "no Type=notify without notify relay" ;; esac
# The two statements through the review commands: diff calls turning them
# on a widening (CI's gate), dump and explain show them.
printf 'policy a\nuse hardened\n' >"$T_TMP/a.pol"
printf 'policy a\nuse hardened\nprocess {\n    notify relay\n    listen_fds pass\n}\n' >"$T_TMP/b.pol"
out=$("$POLC" diff -I "$TOP/policies" "$T_TMP/a.pol" "$T_TMP/b.pol" 2>&1)
assert_eq "polc diff: turning on notify relay and listen_fds pass widens (exit 1)" 1 "$?"
assert_contains "diff names notify relay as added" "$out" "+ process: notify relay (was off)"
assert_contains "diff names listen_fds pass as added" "$out" "+ process: listen_fds pass (was close)"
"$POLC" diff -I "$TOP/policies" "$T_TMP/b.pol" "$T_TMP/a.pol" >/dev/null 2>&1
assert_eq "polc diff: turning them off narrows (exit 0)" 0 "$?"
"$POLC" build -I "$TOP/policies" "$T_TMP/b.pol" -o "$T_TMP/b.polb" >/dev/null 2>&1
out=$("$POLC" dump "$T_TMP/b.polb" 2>&1)
assert_contains "polc dump shows notify relay" "$out" "notify: relay"
assert_contains "polc dump shows listen_fds pass" "$out" "listen_fds: pass"
out=$("$POLC" explain -I "$TOP/policies" "$T_TMP/b.pol" 2>&1)
assert_contains "polc explain shows where notify relay comes from" "$out" "notify relay"
case $("$POLC" explain -I "$TOP/policies" "$T_TMP/a.pol" 2>&1) in
*"notify relay"*|*"notify off"*|*listen_fds*) fail "polc explain is silent about them where a policy does not say them" ;;
*) pass "polc explain is silent about them where a policy does not say them" ;; esac
sink_start dryrun
out=$(NOTIFY_SOCKET=$NOTIFY "$ENFORCE" --dry-run "$T_TMP/b.polb" -- /bin/true 2>&1)
assert_eq "enforce --dry-run with a NOTIFY_SOCKET: 0" 0 "$?"
assert_contains "the plan names the relay" "$out" "NOTIFY_SOCKET=@enforce-notify inside"
out=$(NOTIFY_SOCKET=$T_TMP/none.sock "$ENFORCE" --dry-run "$T_TMP/b.polb" -- /bin/true 2>&1)
assert_eq "enforce --dry-run with a NOTIFY_SOCKET nobody listens on: 125, as the run" 125 "$?"
assert_contains "gunicorn.service is Type=notify" "$(cat "$TOP/examples/systemd/gunicorn.service")" "Type=notify"
assert_contains "gunicorn.service needs its socket" "$(cat "$TOP/examples/systemd/gunicorn.service")" "Requires=gunicorn.socket"
done_testing
