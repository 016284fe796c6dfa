#!/bin/bash
# tmpfs uid= gid=: the root of a tmpfs belongs to ids of the container's
# user namespace (given to the kernel from inside it, so it maps them), for
# a service that runs as a non-root uid and must own its /run. Then the
# attacker's side: an id the namespace does not map is refused (125), not
# mounted as root's or nobody's; another uid of the container cannot write
# a mode=0700 one; rootless, only the caller's own id (0 inside) is mapped.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup

# own NAME OPTS [USER]: a policy with `tmpfs /srv OPTS`, run as USER (ids)
own() {
	proc=""
	[ -n "${3:-}" ] && proc="process { user $3 }"
	pol "$1" <<EOF
policy $1
$proc
namespaces { unshare user mount pid }
filesystem {
    root / readonly
    tmpfs /srv size=1M $2
}
EOF
}
own o33 "uid=33 gid=34 mode=0700" "33 34"
own o33_other "uid=33 gid=33 mode=0700" "35 35"
own unmapped "uid=70000 gid=70000"
own nogid "uid=33"

enf "$T_TMP/o33.polb" -- /bin/sh -c 'stat -c "%u %g %a" /srv; echo x >/srv/f && stat -c "%u" /srv/f'
assert_eq "uid=33 gid=34 mode=0700: runs" 0 "$RC"
assert_eq "the tmpfs root is 33:34, mode 700, inside" "33 34 700" "$(printf '%s\n' "$OUT" | head -1)"
assert_eq "uid 33 writes into it" "33" "$(printf '%s\n' "$OUT" | sed -n 2p)"

enf "$T_TMP/nogid.polb" -- /bin/sh -c 'stat -c "%u %g" /srv'
assert_eq "uid=33 alone: gid 0 (the container's root)" "33 0" "$OUT"

# from the host: the ids are the container's, shifted by its map
"$ENFORCE" "$T_TMP/o33.polb" -- /bin/sleep 30 >/dev/null 2>&1 &
epid=$!
host=""
for i in $(seq 100); do
	for p in $(pgrep -f -x "/bin/sleep 30"); do
		h=$(stat -c '%u %g' "/proc/$p/root/srv" 2>/dev/null) && [ "$h" != "0 0" ] && host=$h
	done
	[ -n "$host" ] && break
	sleep 0.1
done
assert_eq "from the host, its root is $((USERNS_ROOT + 33)):$((USERNS_ROOT + 34))" \
	"$((USERNS_ROOT + 33)) $((USERNS_ROOT + 34))" "$host"
kill -TERM "$epid"
wait "$epid" 2>/dev/null

# ---- attacks -----------------------------------------------------------------
enf "$T_TMP/o33_other.polb" -- /bin/sh -c 'echo x >/srv/f 2>/dev/null && echo wrote || echo refused'
assert_eq "another uid of the container cannot write a mode=0700 tmpfs of uid 33" refused "$OUT"
enf "$T_TMP/unmapped.polb" -- /bin/true
assert_eq "uid=70000, beyond the 65536 ids mapped: refused (125)" 125 "$RC"
assert_contains "... with one line naming the tmpfs option" "$ERR" "new tmpfs: option uid"
assert_eq "... one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
# rootless: only 0 inside (the caller) is mapped
pol ru <<EOF
policy ru
namespaces { unshare user mount pid }
filesystem {
    root / readonly
    tmpfs /srv size=1M uid=33 gid=33
}
EOF
enf_user "$T_TMP/ru.polb" -- /bin/true
assert_eq "rootless: uid=33 is not mapped: refused (125)" 125 "$RC"
pol ru0 <<EOF
policy ru0
namespaces { unshare user mount pid }
filesystem {
    root / readonly
    tmpfs /srv size=1M uid=0 gid=0 mode=0700
}
EOF
enf_user "$T_TMP/ru0.polb" -- /bin/sh -c 'stat -c "%u %g %a" /srv'
assert_eq "rootless: uid=0 gid=0 (the caller): mounted" "0 0 700" "$OUT"

# the text round trip and the blob
assert_contains "enforce --dry-run shows the owner" "$("$ENFORCE" --dry-run "$T_TMP/o33.polb" -- /bin/true 2>&1)" "uid 33 gid 34"
assert_contains "polc explain prints uid= gid=" "$("$POLC" explain "$T_TMP/o33.pol")" "uid=33 gid=34"
assert_contains "polc dump names the section" "$("$POLC" dump "$T_TMP/o33.polb")" "tmpfs_owner"
assert_contains "polc dump shows the owner on the mount" "$("$POLC" dump "$T_TMP/o33.polb")" \
	"target=/srv flags=[rw] size=1048576 mode=0700 nr_inodes=1024 uid=33 gid=34"
assert_contains "polc dump --json too" "$("$POLC" dump --json "$T_TMP/o33.polb")" '"uid":33,"gid":34'
assert_contains "uid=33 alone: dump shows gid=0, what enforce mounts" "$("$POLC" dump "$T_TMP/nogid.polb")" "uid=33 gid=0"
own plain "mode=0700"
assert_eq "a tmpfs without uid=/gid= shows no owner" 0 "$("$POLC" dump "$T_TMP/plain.polb" | grep -c 'kind=tmpfs.*uid=')"

nothing_left tmpfs_owner
done_testing
