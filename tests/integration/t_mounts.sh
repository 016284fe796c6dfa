#!/bin/bash
# The filesystem step for real: root read-only, binds read-only by default
# with their flags read back, tmpfs size and mode, fresh proc, read-only
# sysfs, the minimal /dev, masks, read-only paths, symlinks, overlay,
# pivot_root with the old root gone, and a hostile root whose symlinks try
# to send a mount outside it. From outside: nothing left mounted.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/helpers.sh"
enforce_test_setup
make_rootfs
mkdir -p "$T_TMP/data" "$T_TMP/rw" && echo hello >"$T_TMP/data/file"
chmod -R a+rwX "$T_TMP/rw"
# enforce makes no link in a read-only root (the host's tree): the image has it
ln -s /proc/self/mounts "$R/etc/mtab"

pol m <<EOF
policy m
namespaces { unshare user mount pid net ipc uts }
filesystem {
    root $R
    bind $T_TMP/data /data
    bind $T_TMP/rw /mnt rw nosuid nodev noexec
    tmpfs /tmp size=2M mode=1770
    proc /proc
    sysfs /sys
    dev /dev
    mask /proc/cpuinfo /sys/kernel
    readonly /proc/sys
    symlink /proc/self/mounts /etc/mtab
}
EOF
enf "$T_TMP/m.polb" -- /bin/probe mounts cwd create /rootfile create /data/new create /mnt/new \
	create /tmp/new read /proc/cpuinfo read /data/file write /proc/sys/kernel/hostname \
	read /etc/mtab exec /mnt/probe
assert_eq "runs (exit 0)" 0 "$RC"
M=$(printf '%s\n' "$OUT" | grep '^mount: ')
mnt_of() { printf '%s\n' "$M" | awk -v t="$1" '$6 == t' | tail -1; }
assert_contains "root is read-only (mountinfo)" "$(mnt_of /)" " / ro,"
assert_contains "root: writing fails" "$OUT" "try create: blocked: Read-only file system"
assert_contains "bind without rw is read-only" "$(mnt_of /data)" " /data ro,"
assert_contains "bind rw nosuid nodev noexec" "$(mnt_of /mnt)" " /mnt rw,nosuid,nodev,noexec"
check "rw bind: a file written inside appears outside" test -e "$T_TMP/rw/new"
check "ro bind: nothing written" test ! -e "$T_TMP/data/new"
assert_contains "tmpfs: size and mode" "$(mnt_of /tmp)" "size=2048k,nr_inodes=1024,mode=1770"
assert_contains "tmpfs: nosuid nodev" "$(mnt_of /tmp)" "rw,nosuid,nodev"
assert_contains "proc: a fresh one" "$(mnt_of /proc)" "- proc "
assert_contains "sysfs: read-only" "$(mnt_of /sys)" " /sys ro,nosuid,nodev,noexec"
# /dev is nodev: a node made in it (CAP_MKNOD) cannot be opened. The
# nodes bound into it and devpts are mounts of their own, not nodev.
assert_contains "dev: a tmpfs of its own, nosuid nodev noexec" "$(mnt_of /dev)" " /dev rw,nosuid,nodev,noexec"
assert_contains "dev: devpts instance" "$(mnt_of /dev/pts)" "- devpts "
assert_contains "dev: devpts nosuid noexec, not nodev (ptys open)" "$(mnt_of /dev/pts)" " /dev/pts rw,nosuid,noexec,"
assert_contains "dev: /dev/null a read-only bind of its own, not nodev" "$(mnt_of /dev/null)" " /dev/null ro,nosuid,noexec,"
assert_contains "dev: shm" "$(mnt_of /dev/shm)" " /dev/shm rw,nosuid,nodev,noexec"
assert_contains "mask (file): /dev/null (nodev) over it, cannot be read" "$OUT" "try read: blocked: Permission denied"
assert_contains "mask (file): mounted from /dev/null" "$(mnt_of /proc/cpuinfo)" " /null /proc/cpuinfo ro,nosuid,nodev,noexec"
assert_contains "readonly /proc/sys" "$(mnt_of /proc/sys)" " /proc/sys ro,"
assert_contains "readonly /proc/sys: write refused" "$OUT" "try write: blocked"
assert_contains "cwd defaults to /" "$OUT" "cwd: /"
assert_eq "old root gone: none of the host's mounts inside" "" \
	"$(printf '%s\n' "$M" | awk '$6 ~ "^/sys/fs/cgroup" || $6 ~ "^/tmp/" || $6 == "/run"')"
cp "$PROBE" "$T_TMP/rw/probe"
enf "$T_TMP/m.polb" -- /bin/probe exec /mnt/probe
assert_contains "noexec bind: exec refused" "$OUT" "try exec: blocked: Permission denied"

enf "$T_TMP/m.polb" -- /bin/sh -c 'true'
assert_eq "the host's /bin/sh is not in this root" 127 "$RC"

enf "$T_TMP/m.polb" -- /bin/probe read /sys/kernel/notes
assert_contains "mask (dir): empty" "$OUT" "try read: blocked: No such file or directory"

# /dev holds exactly the minimal set.
enf "$T_TMP/m.polb" -- /bin/probe read /dev/null read /dev/zero write /dev/full \
	read /dev/urandom read /dev/sda read /dev/mem
assert_contains "dev: null readable (empty)" "$OUT" "try read: blocked: No data available"
assert_eq "dev: zero, urandom readable; full writable" 3 "$(printf '%s\n' "$OUT" | grep -c 'try .*: ok')"
assert_eq "dev: no disks, no /dev/mem" 2 "$(printf '%s\n' "$OUT" | grep -c 'No such file or directory')"

# A hostile root: its /mnt is a symlink that climbs out of it. The bind
# must land inside the root (RESOLVE_IN_ROOT), never on the host path.
H=$T_TMP/hostile && mkdir -p "$H/bin" "$H/proc" "$T_TMP/victim"
cp "$PROBE" "$H/bin/probe" && chmod -R a+rX "$H"
ln -s "../../../../../../../../$T_TMP/victim" "$H/mnt"
ln -s "/$T_TMP/victim" "$H/abs"
pol hostile <<EOF
policy hostile
namespaces { unshare user mount pid }
filesystem {
    root $H
    bind $T_TMP/data /mnt
    bind $T_TMP/data /abs
    proc /proc
}
EOF
enf "$T_TMP/hostile.polb" -- /bin/probe read /mnt/file
# Whether it refused or mounted inside, the host's victim dir got nothing.
check "hostile symlink: nothing mounted on the host path" sh -c "! grep -q ' $T_TMP/victim ' /proc/self/mountinfo"
check "hostile symlink: no file appeared on the host" test -z "$(ls -A "$T_TMP/victim")"
case "$RC" in
0) assert_contains "hostile symlink: the bind is visible inside the root" "$OUT" "try read: ok" ;;
*) assert_contains "hostile symlink: refused with one line" "$ERR" "enforce: mount" ;;
esac

# Overlay: a writable layer over a read-only lower one.
mkdir -p "$T_TMP/lower" "$T_TMP/upper" "$T_TMP/work" && echo base >"$T_TMP/lower/base"
chown "$USERNS_ROOT:$USERNS_ROOT" "$T_TMP/upper" "$T_TMP/work"
pol ov <<EOF
policy ov
namespaces { unshare user mount pid }
filesystem {
    root $R
    overlay /data lower $T_TMP/lower upper $T_TMP/upper work $T_TMP/work
    proc /proc
}
EOF
enf "$T_TMP/ov.polb" -- /bin/probe read /data/base create /data/added mounts
assert_eq "overlay: runs" 0 "$RC"
assert_contains "overlay: lower visible" "$OUT" "try read: ok"
assert_contains "overlay: writable" "$OUT" "try create: ok"
check "overlay: the write went to the upper layer" test -e "$T_TMP/upper/added"
check "overlay: the lower layer untouched" test ! -e "$T_TMP/lower/added"

# An overlay as the root: a writable layer over the image; the mount point
# the image lacks (/tmp) is made in the upper layer, inside the container.
mkdir -p "$T_TMP/olow/bin" "$T_TMP/olow/proc" "$T_TMP/oup" "$T_TMP/owork"
cp "$PROBE" "$T_TMP/olow/bin/probe" && chmod -R a+rX "$T_TMP/olow"
chown "$USERNS_ROOT:$USERNS_ROOT" "$T_TMP/oup" "$T_TMP/owork"
pol ovroot <<EOF
policy ovroot
namespaces { unshare user mount pid }
filesystem {
    overlay / lower $T_TMP/olow upper $T_TMP/oup work $T_TMP/owork
    proc /proc
    tmpfs /tmp
}
EOF
enf "$T_TMP/ovroot.polb" -- /bin/probe create /newfile mounts
assert_eq "overlay root: runs" 0 "$RC"
assert_contains "overlay root: / is the overlay" "$OUT" " / rw,relatime - overlay "
check "overlay root: a write lands in the upper layer" test -e "$T_TMP/oup/newfile"
check "overlay root: the image is untouched" test ! -e "$T_TMP/olow/newfile" -a ! -e "$T_TMP/olow/tmp"

# A mount point missing from a read-only root is not made in the host's
# tree (it used to be, and stayed there): the run is refused before any
# change, with one line naming it, and --dry-run says the same.
rmdir "$R/tmp"
enf "$T_TMP/m.polb" -- /bin/probe exit 0
assert_eq "missing mount point in a read-only root: refused" 125 "$RC"
assert_contains "refusal names the mount point" "$ERR" "enforce: mount: /tmp: no such mount point in the read-only root"
check "nothing made in the root dir" test ! -e "$R/tmp"
enf --dry-run "$T_TMP/m.polb" -- /bin/probe exit 0
assert_eq "dry-run: the same refusal, 125" 125 "$RC"
assert_contains "dry-run: names the mount point" "$ERR" "/tmp: no such mount point"
# Under a root the policy binds rw, it is made there (inside what the
# container may write anyway), and the dry run says so first.
sed 's|^    root \(.*\)$|    root \1 rw|' "$T_TMP/m.pol" | pol mrw
enf --dry-run "$T_TMP/mrw.polb" -- /bin/probe exit 0
assert_contains "dry-run, rw root: says it would create /tmp" "$OUT" "would create mount point /tmp in the writable root"
check "dry-run made nothing" test ! -e "$R/tmp"
enf "$T_TMP/mrw.polb" -- /bin/probe exit 0
assert_eq "rw root: missing mount point made, runs" 0 "$RC"
check "rw root: the mount point exists in the root dir" test -d "$R/tmp"

nothing_left mounts
done_testing
