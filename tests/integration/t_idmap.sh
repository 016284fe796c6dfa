#!/bin/bash
# Idmapped binds (docs/language.md, "Idmapped binds"): a host directory
# owned by uid 999 bound with `idmap` under `user 999 999`, in a user
# namespace mapping root to 100000, shows as 999 inside, and what the
# service creates there is 999's on the host; with no chown to 100999.
# The control is the same bind without `idmap` (the owner shows as nobody
# and the service cannot write). A filesystem that cannot be idmapped
# (sysfs) and a caller without root stop the run with one line (125);
# `optional` leaves the bind out with a warning, never plain. polc check
# refuses an idmap that has no user namespace or would map root.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup
is_root || { skip "idmapped binds" "needs root (makes a host dir owned by 999)"; exit 0; }

D=$T_TMP/data
mkdir "$D"
echo svc >"$D/own"
echo root >"$D/rootfile"
chown 999:999 "$D" "$D/own"
chmod 755 "$D"

# bindpol NAME SRC BINDOPTS [USER]: tmpfs /srv, SRC bound on /srv/d
bindpol() {
	pol "$1" <<EOF
policy $1
process { user ${4:-999 999} }
namespaces { unshare user mount pid }
filesystem {
    root / readonly
    tmpfs /srv size=1M
    bind $2 /srv/d $3
}
EOF
}
bindpol idm "$D" "rw idmap"
bindpol plain "$D" "rw"
bindpol sys /sys/kernel "idmap"
bindpol sysopt /sys/kernel "idmap optional"
bindpol missing "$T_TMP/nothere" "idmap optional"

fmt=$("$POLC" fmt "$T_TMP/idm.pol" 2>&1)
assert_contains "polc fmt keeps idmap" "$fmt" "bind $D /srv/d rw idmap"
dump=$("$POLC" dump "$T_TMP/idm.polb" 2>&1)
assert_contains "polc dump names the idmap flag" "$dump" 'flags=[rw recursive idmap]'

enf "$T_TMP/idm.polb" -- /bin/sh -c 'id -u; stat -c "%u %g" /srv/d /srv/d/own /srv/d/rootfile
	echo made >/srv/d/new && echo created; echo x 2>/dev/null >>/srv/d/rootfile || echo root-file-refused'
assert_eq "idmap: runs" 0 "$RC"
assert_eq "inside, the service is uid 999" 999 "$(sed -n 1p <<<"$OUT")"
assert_eq "the host's 999:999 directory shows as 999:999 inside" "999 999" "$(sed -n 2p <<<"$OUT")"
assert_eq "... and its file" "999 999" "$(sed -n 3p <<<"$OUT")"
assert_eq "a host-root file shows as nobody (root is not mapped)" "65534 65534" "$(sed -n 4p <<<"$OUT")"
assert_eq "the service creates a file in it" created "$(sed -n 5p <<<"$OUT")"
assert_eq "... and cannot write the host root's" root-file-refused "$(sed -n 6p <<<"$OUT")"
assert_eq "the new file is 999:999 on the host (not 100999)" "999 999" "$(stat -c '%u %g' "$D/new")"
rm -f "$D/new"

# control: without idmap the same directory is another uid's inside
enf "$T_TMP/plain.polb" -- /bin/sh -c 'stat -c "%u" /srv/d; echo x 2>/dev/null >/srv/d/new && echo created || echo refused'
assert_eq "control, plain bind: the 999 directory shows as nobody" 65534 "$(sed -n 1p <<<"$OUT")"
assert_eq "control, plain bind: the service cannot write it" refused "$(sed -n 2p <<<"$OUT")"

# a tmpfs source (tmpfs idmaps from kernel 6.3)
TM=$T_TMP/tmpfs
mkdir "$TM"
if mount -t tmpfs -o size=1M,mode=0755 polc-idmap-test "$TM"; then
	trap 'umount "$TM" 2>/dev/null; rm -rf "$T_TMP"' EXIT
	chown 999:999 "$TM"
	bindpol tmp "$TM" "rw idmap"
	enf "$T_TMP/tmp.polb" -- /bin/sh -c 'stat -c "%u %g" /srv/d; echo x >/srv/d/t && echo created'
	if [ "$RC" = 125 ] && [[ $ERR == *"idmap refused"* ]]; then
		skip "tmpfs source" "this kernel ($(uname -r)) cannot idmap tmpfs (6.3+)"
	else
		assert_eq "tmpfs source: 999:999 inside, a file created" "999 999
created" "$OUT"
		assert_eq "tmpfs source: the file is 999 on the host" 999 "$(stat -c %u "$TM/t")"
	fi
	umount "$TM"
else
	fail "a tmpfs for the tmpfs-source case" "mount -t tmpfs failed"
fi

# a filesystem that cannot be idmapped: one line, 125
enf "$T_TMP/sys.polb" -- /bin/true
assert_eq "sysfs source: refused (125)" 125 "$RC"
assert_eq "... with one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
assert_contains "... naming the bind" "$ERR" "bind /sys/kernel on /srv/d: idmap refused"
enf "$T_TMP/sysopt.polb" -- /bin/sh -c 'test -e /srv/d/mm && echo sysfs-visible || echo left-out'
assert_eq "sysfs source, optional: runs" 0 "$RC"
assert_eq "... the bind is left out, not made plain" left-out "$OUT"
assert_contains "... with a warning naming it" "$ERR" "warning: mount: bind /sys/kernel on /srv/d: idmap refused"
enf "$T_TMP/missing.polb" -- /bin/true
assert_eq "missing source, optional: runs" 0 "$RC"
assert_contains "... with a warning" "$ERR" "warning: mount: bind $T_TMP/nothere on /srv/d"

# the unprivileged caller: an idmapped mount needs root over the filesystem
bindpol usr "$D" "rw idmap"
bindpol usropt "$D" "rw idmap optional"
enf_user "$T_TMP/usr.polb" -- /bin/true
assert_eq "as $T_USER: refused (125)" 125 "$RC"
assert_contains "... with the reason" "$ERR" "rootless: an idmapped mount needs root"
enf_user "$T_TMP/usropt.polb" -- /bin/sh -c 'test -e /srv/d/own && echo bound || echo left-out'
assert_eq "as $T_USER, optional: runs, the bind left out" "0 left-out" "$RC $OUT"

out=$("$ENFORCE" --dry-run "$T_TMP/idm.polb" -- /bin/true 2>&1)
assert_contains "--dry-run names the idmap's one uid and gid" "$out" \
	"mapping only uid 999 -> $((USERNS_ROOT + 999)), gid 999 -> $((USERNS_ROOT + 999))"

# polc verify of the live process: the bind must be idmapped (mountinfo)
# live BLOB: $LIVE is the pid of a sleep under it, $LIVE_E enforce's
live() {
	"$ENFORCE" "$1" -- /bin/sleep 60 >/dev/null 2>&1 &
	LIVE_E=$!
	LIVE=""
	for _ in $(seq 100); do
		LIVE=$(pgrep -P "$(pgrep -P "$LIVE_E" | head -1)" -x sleep 2>/dev/null | head -1)
		[ -z "$LIVE" ] && LIVE=$(pgrep -P "$LIVE_E" -x sleep | head -1)
		[ -n "$LIVE" ] && grep -q " /srv/d " "/proc/$LIVE/mountinfo" 2>/dev/null && break
		sleep 0.1
	done
}
live "$T_TMP/idm.polb"
out=$("$POLC" verify "$LIVE" "$T_TMP/idm.polb" 2>&1)
assert_contains "verify: the idmapped run is ok against its blob" "$out" "ok"
case $out in *differs*) fail "verify: no setting differs" "$out" ;; *) pass "verify: no setting differs" ;; esac
kill "$LIVE_E"; wait "$LIVE_E" 2>/dev/null
live "$T_TMP/plain.polb"
out=$("$POLC" verify "$LIVE" "$T_TMP/idm.polb" 2>&1)
assert_contains "verify: a plain bind where the blob says idmap differs" "$out" "idmapped"
kill "$LIVE_E"; wait "$LIVE_E" 2>/dev/null

# polc check: the settings an idmap cannot work with
# chk NAME BODY: the policy's check output
chk() {
	printf 'policy %s\n%s\n' "$1" "$2" >"$T_TMP/$1.pol"
	"$POLC" check "$T_TMP/$1.pol" 2>&1
}
FS='filesystem { root / readonly
    bind /srv /srv idmap }'
out=$(chk nouser "process { user 999 999 }
namespaces { unshare mount }
$FS")
assert_contains "check: idmap without unshare user, at its line:col" "$out" \
	"nouser.pol:5:5: error: bind /srv idmap needs a user namespace"
out=$(chk root "process { user 0 0 }
namespaces { unshare user mount }
$FS")
assert_contains "check: idmap with user 0" "$out" "error: bind /srv idmap with user 0:0"
out=$(chk noid "namespaces { unshare user mount }
$FS")
assert_contains "check: idmap without a user" "$out" "error: bind /srv idmap needs a numeric"
out=$(chk name "process { user svc }
namespaces { unshare user mount }
$FS")
assert_contains "check: idmap with a user name" "$out" "a user name is resolved only after the mounts"
out=$(chk ontmpfs "process { user 9 9 }
namespaces { unshare user mount }
filesystem { root / readonly
    tmpfs /srv idmap }")
assert_contains "check: idmap on a tmpfs" "$out" "'idmap' is only for bind"

if pgrep -f "$T_TMP" >/dev/null; then
	fail "no helper process left"
else
	pass "no helper process left"
fi
nothing_left "idmap"
done_testing
