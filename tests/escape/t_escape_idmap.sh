#!/bin/bash
# Escape probes: idmapped binds (docs/language.md, "Idmapped binds"), tried
# as an attacker in the container would, with every capability that could
# help kept (chown, dac_override, fowner, fsetid, sys_admin) and a control
# each showing the action works where the wall is absent:
#   - write a host-root file through the idmapped bind (dac_override works
#     on the service's own files there: the control);
#   - chown a file to an id outside the map (0, 1000), and make a setuid
#     file: on the host it is the service's uid's, never root's;
#   - an idmapped mount of the container's own, of the bind or of a path
#     the policy did not name (the same call succeeds for root on the host);
#   - an idmapped tree's fd left open for the command to attach elsewhere;
#   - the bind source a symlink, or swapped for one while runs start
#     (`follow`, the control, shows what the swap would hand over);
#   - hostile blobs: the idmap bit on a tmpfs, a uid of 0 under an idmap
#     (the unedited blob runs: the control).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup
is_root || { skip "idmap escapes" "needs root (makes a host dir owned by 999)"; exit 0; }

D=$T_TMP/data
mkdir "$D" "$T_TMP/secret"
echo root >"$D/rootfile"
echo own >"$D/own"
chmod 0400 "$D/own"
chown 999:999 "$D" "$D/own"
chmod 755 "$D"
echo secret >"$T_TMP/secret/marker"
chmod 755 "$T_TMP/secret" # readable: what matters is that it is not the bind's

# ipol NAME SRC OPTS: the attacker's policy, caps kept
ipol() {
	pol "$1" <<EOF
policy $1
process { user 999 999 }
namespaces { unshare user mount pid }
filesystem {
    root / readonly
    proc /proc
    tmpfs /srv size=1M
    bind $2 /srv/d $3
}
capabilities {
    keep chown dac_override fowner fsetid sys_admin
    ambient chown dac_override fowner fsetid sys_admin
}
EOF
}
ipol atk "$D" "rw idmap"

# ---- the host root's files and ids outside the map ---------------------------
enf "$T_TMP/atk.polb" -- /bin/sh -c '
	echo pwn 2>/dev/null >>/srv/d/own && echo own-written || echo own-refused
	echo pwn 2>/dev/null >>/srv/d/rootfile && echo root-written || echo root-refused
	chown 0:0 /srv/d/own 2>/dev/null && echo chown0 || echo chown0-refused
	chown 1000 /srv/d/own 2>/dev/null && echo chown1000 || echo chown1000-refused
	chown 999:999 /srv/d/own 2>/dev/null && echo chown999 || echo chown999-refused
	cp /bin/true /srv/d/suid && chmod 6755 /srv/d/suid && echo suid-made
	chown 0 /srv/d/suid 2>/dev/null && echo suid-chown0 || echo suid-chown0-refused
	ls /proc/self/fd | tr "\n" " "'
assert_eq "the attacker's policy runs" 0 "$RC"
line() { sed -n "$1p" <<<"$OUT"; }
assert_eq "control: dac_override writes the service's own 0400 file" own-written "$(line 1)"
assert_eq "a host-root file: not written, dac_override or not" root-refused "$(line 2)"
assert_eq "chown to 0 (outside the map): refused" chown0-refused "$(line 3)"
assert_eq "chown to 1000 (in the container's map, not the bind's): refused" chown1000-refused "$(line 4)"
assert_eq "control: chown to 999 itself works" chown999 "$(line 5)"
assert_eq "a setuid file can be made" suid-made "$(line 6)"
assert_eq "... but not given to root" suid-chown0-refused "$(line 7)"
assert_eq "on the host, the setuid file is 999's, not root's" "999 999" "$(stat -c '%u %g' "$D/suid")"
assert_eq "on the host, the root file is unchanged" root "$(cat "$D/rootfile")"
assert_eq "no idmapped tree's fd reaches the command (only 0-2 and ls's own)" "0 1 2 3 " "$(line 8)"
rm -f "$D/suid"

# ---- an idmapped mount of the container's own --------------------------------
enf "$T_TMP/atk.polb" -- "$EK" tag "$T_TMP" idmap_mount /srv/d idmap_mount /etc
assert_eq "inside, sys_admin kept: an idmapped mount of the bind refused" \
	"try idmap_mount /srv/d: blocked: $(errno_text EPERM)" "$(sed -n 1p <<<"$OUT")"
assert_eq "inside: of a path the policy did not name (/etc), refused" \
	"try idmap_mount /etc: blocked: $(errno_text EPERM)" "$(sed -n 2p <<<"$OUT")"
unshare -U -r sleep 30 &
sleeper=$!
for _ in $(seq 50); do
	[ "$(readlink /proc/$sleeper/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break
	sleep 0.1
done
OUT=$("$EK" idmap_mount "$D,/proc/$sleeper/ns/user")
assert_eq "control: root on the host makes the same idmapped mount" \
	"try idmap_mount $D,/proc/$sleeper/ns/user: ok" "$OUT"
kill "$sleeper"
wait "$sleeper" 2>/dev/null

# ---- the source: a symlink, or swapped for one --------------------------------
ln -s "$T_TMP/secret" "$T_TMP/link"
ipol viaLink "$T_TMP/link" "idmap"
ipol viaLinkF "$T_TMP/link" "idmap follow"
enf "$T_TMP/viaLink.polb" -- /bin/cat /srv/d/marker
assert_eq "a symlink source: refused (125)" 125 "$RC"
assert_contains "... naming it" "$ERR" "has a symlink in its path"
enf "$T_TMP/viaLinkF.polb" -- /bin/cat /srv/d/marker
assert_eq "control: with follow the link's target is bound (what a swap would hand over)" \
	"0 secret" "$RC $OUT"

# swapped while runs start: a rename flips the path between the 999
# directory and a link to the secret, as fast as it can
mkdir "$T_TMP/flipdir"
echo data >"$T_TMP/flipdir/marker"
chown 999:999 "$T_TMP/flipdir"
ln -s "$T_TMP/flipdir" "$T_TMP/flip.dir"
ln -s "$T_TMP/secret" "$T_TMP/flip.link"
mv "$T_TMP/flipdir" "$T_TMP/flip"
ipol flip "$T_TMP/flip" "idmap"
(
	for _ in $(seq 4000); do
		mv -T "$T_TMP/flip" "$T_TMP/flip.real" 2>/dev/null
		cp -P "$T_TMP/flip.link" "$T_TMP/flip" 2>/dev/null
		rm -f "$T_TMP/flip"
		mv -T "$T_TMP/flip.real" "$T_TMP/flip" 2>/dev/null
	done
) &
flipper=$!
leaked=0 bound=0 refused=0
for _ in $(seq 40); do
	enf "$T_TMP/flip.polb" -- /bin/cat /srv/d/marker
	case "$RC:$OUT" in
	*secret*) leaked=$((leaked + 1)) ;;
	0:data) bound=$((bound + 1)) ;;
	*) refused=$((refused + 1)) ;;
	esac
done
kill "$flipper" 2>/dev/null
wait "$flipper" 2>/dev/null
assert_eq "40 runs while the source flips: the secret never bound ($bound bound, $refused refused)" \
	0 "$leaked"
[ -d "$T_TMP/flip.real" ] && mv -T "$T_TMP/flip.real" "$T_TMP/flip" 2>/dev/null

# ---- hostile blobs -----------------------------------------------------------
# edit IN OUT MODE: "tmpfs" sets the idmap bit (10) on the tmpfs record;
# "uid0" makes the process record's uid 0
edit() {
	PYTHONPATH=$TOP/tests/lib python3 - "$@" <<'PY'
import struct, sys
from polb_edit import reseal
b = bytearray(open(sys.argv[1], "rb").read())
n = struct.unpack_from("<I", b, 28)[0]
for i in range(n):
    t, f, off, size, rs, count = struct.unpack_from("<IIQQII", b, 128 + 32 * i)
    if t == 9 and sys.argv[3] == "tmpfs":
        for r in range(count):
            kind, flags = struct.unpack_from("<II", b, off + r * rs)
            if kind == 3:
                struct.pack_into("<I", b, off + r * rs + 4, flags | 1 << 10)
    if t == 3 and sys.argv[3] == "uid0":
        struct.pack_into("<I", b, off + 4, 0)
reseal(b)
open(sys.argv[2], "wb").write(b)
PY
	chmod 644 "$2"
}
edit "$T_TMP/atk.polb" "$T_TMP/h_tmpfs.polb" tmpfs
edit "$T_TMP/atk.polb" "$T_TMP/h_uid0.polb" uid0
enf "$T_TMP/atk.polb" -- /bin/true
assert_eq "control: the unedited blob runs" 0 "$RC"
enf "$T_TMP/h_tmpfs.polb" -- /bin/true
assert_eq "the idmap bit on a tmpfs: refused (125)" 125 "$RC"
assert_contains "... by the reader" "$ERR" "idmap on a mount that is not a bind"
enf "$T_TMP/h_uid0.polb" -- /bin/true
assert_eq "an idmap bind with uid 0: refused (125)" 125 "$RC"
assert_contains "... by the reader" "$ERR" "an idmapped bind with user 0:999"

# the unprivileged caller, with the same policy
enf_user "$T_TMP/atk.polb" -- /bin/true
assert_eq "as $T_USER: refused (125), no idmap without root" 125 "$RC"

nothing_left "idmap escapes"
done_testing
