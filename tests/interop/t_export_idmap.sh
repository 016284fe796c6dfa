#!/bin/bash
# An idmapped bind (docs/language.md, "Idmapped binds") in each export:
# OCI writes the runtime spec's mount uidMappings/gidMappings with the one
# uid and gid enforce maps, and "ridmap"; run by crun (1.8.1) the host's
# 999 shows as 999 inside, as under enforce; runc 1.1 makes the bind plain
# (nobody), which the export warns about for --runtime runc-1.1. k8s,
# Compose and systemd have no idmap and say so.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib_oci.sh"
scratch
trap oci_cleanup EXIT

ROOTFS=$T_TMP/rootfs
D=$T_TMP/data
mkdir -p "$D"
echo svc >"$D/own"
cat >"$T_TMP/p.pol" <<EOF
policy idx
process { user 999 999 }
namespaces { unshare user mount pid }
filesystem {
    root $ROOTFS readonly
    proc /proc
    bind $D /mnt rw idmap
}
EOF

out=$("$POLC" export oci --runtime crun "$T_TMP/p.pol" -o "$T_TMP/crun.json" -- /bin/stat -c '%u %g' /mnt/own 2>&1)
mnt=$(jq -c '.mounts[] | select(.destination == "/mnt")' "$T_TMP/crun.json")
assert_contains "oci: ridmap on the recursive bind" "$mnt" '"options":["rbind","rw","ridmap"]'
assert_contains "oci: the one uid, 999 on disk as the container's 999 (host 100999)" "$mnt" \
	'"uidMappings":[{"containerID":999,"hostID":100999,"size":1}]'
assert_contains "oci: the one gid" "$mnt" '"gidMappings":[{"containerID":999,"hostID":100999,"size":1}]'
case $out in *"idmap"*) fail "oci --runtime crun: no idmap warning" "$out" ;; *) pass "oci --runtime crun: no idmap warning" ;; esac
out=$("$POLC" export oci --runtime runc-1.1 "$T_TMP/p.pol" -o "$T_TMP/runc.json" -- /bin/stat -c '%u %g' /mnt/own 2>&1)
assert_contains "oci --runtime runc-1.1: warns the bind is made plain" "$out" \
	"bind /mnt: idmap: runc-1.1 ignores a mount's uidMappings and makes the bind plain"
out=$("$POLC" import oci "$T_TMP/crun.json" -o "$T_TMP/back.pol" 2>&1)
assert_contains "import oci: the ridmap bind comes back as idmap" "$(cat "$T_TMP/back.pol")" \
	"bind $D /mnt rw follow idmap"
assert_contains "import oci: with a note that the mount's own mappings are not read" \
	"$(cat "$T_TMP/back.pol")" "the mount's uidMappings/gidMappings are not read"
for f in k8s compose systemd; do
	out=$("$POLC" export $f "$T_TMP/p.pol" -o "$T_TMP/out.$f" 2>&1)
	assert_contains "$f: warns it has no idmap" "$out" "bind /mnt: idmap"
done

if ! is_root; then
	skip "the OCI export run by crun and runc" "needs root"
	done_testing
	exit
fi
for t in runc crun jq; do
	command -v $t >/dev/null || { fail "$t installed" "tools/packages.txt"; exit 1; }
done
oci_rootfs "$ROOTFS"
mkdir -p "$ROOTFS/mnt" "$(oci_state runc)" "$(oci_state crun)"
chown -R 100000:100000 "$ROOTFS" # the container's root makes its /dev nodes there
chown 999:999 "$D" "$D/own"
: >"$T_TMP/stdin"
oci_bundle "$T_TMP/b-crun" "$T_TMP/crun.json" "$ROOTFS"
oci_bundle "$T_TMP/b-runc" "$T_TMP/runc.json" "$ROOTFS"
got=$(cd "$T_TMP/b-crun" && oci_exec crun run "idx-crun-$$" <"$T_TMP/stdin" 2>&1)
assert_eq "crun: the host's 999 shows as 999 inside" "999 999" "$got"
got=$(cd "$T_TMP/b-runc" && oci_exec runc run "idx-runc-$$" <"$T_TMP/stdin" 2>&1)
assert_eq "runc 1.1: plain, as the export warned (nobody)" "65534 65534" "$got"
done_testing
