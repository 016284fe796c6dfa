#!/bin/sh
# Assembles the VM lane's initramfs (one for every configuration: the
# kernel command line picks the configuration).
# Usage: build-guest.sh CACHE OUT STATIC_DIR BLOB_DIR
#   CACHE       tests/vm/fetch.sh's cache (busybox, secilc)
#   OUT         work dir; OUT/initrd.gz is the result
#   STATIC_DIR  static build dir: STATIC_DIR/enforce, STATIC_DIR/tests/bin/*
#               (either may be absent; the tests that need them say so)
#   BLOB_DIR    polc-built blobs and compiled AppArmor profiles (*.aabin),
#               copied to /blobs
set -eu
cache=$1 out=$2 static=$3 blobs=$4
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$out/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/testbin" "$root/blobs" \
	"$root/tests/lib" "$root/tests/vm" "$root/etc/selinux/polvm" "$root/usr/share" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run" "$root/root"

install -m 755 "$top/tests/vm/guest/init" "$root/init"
install -m 755 "$cache/root/bin/busybox" "$root/bin/busybox"

# The tests: every configuration's scripts, the shared TAP helpers, and
# the LSM area's VM policies when present.
cp -r "$top/tests/vm/apparmor" "$top/tests/vm/selinux" "$top/tests/vm/cgroup2" "$root/tests/vm/"
cp "$top/tests/lib/common.sh" "$root/tests/lib/"
cp "$top/tests/vm/lib.sh" "$root/tests/vm/"
if [ -d "$top/tests/lsm/vm" ]; then
	mkdir -p "$root/tests/lsm" && cp -r "$top/tests/lsm/vm" "$root/tests/lsm/"
fi

# enforce and the test helpers, static: the guest has no libc of its own.
[ -x "$static/enforce" ] && install -m 755 "$static/enforce" "$root/bin/enforce"
for b in "$static"/tests/bin/*; do
	[ -f "$b" ] && [ -x "$b" ] && install -m 755 "$b" "$root/testbin/"
done
for b in "$blobs"/*.polb "$blobs"/*.aabin "$blobs/UNAVAILABLE"; do
	[ -f "$b" ] && install -m 644 "$b" "$root/blobs/"
done

# No apparmor_parser: the guest is a deployment host. Generated profiles
# arrive compiled in their blobs, hand-written ones compiled on the host
# (/blobs/*.aabin), and the tests load those by writing them to
# apparmorfs/.replace (tests/vm/lib.sh: aa_load).

# The SELinux policy: the CIL source plus its MLS categories c0..c1023,
# compiled by secilc from the cache (with the cache's libsepol).
{
	cat "$top/tests/vm/selinux/policy.cil"
	i=0
	while [ $i -lt 1024 ]; do echo "(category c$i)"; i=$((i + 1)); done
	printf '(categoryorder ('
	i=0
	while [ $i -lt 1024 ]; do printf 'c%d ' $i; i=$((i + 1)); done
	echo '))'
	echo '(sensitivitycategory s0 (range c0 c1023))'
	echo '(userrange system_u (low (s0 (range c0 c1023))))'
} >"$out/policy.cil"
LD_LIBRARY_PATH=$cache/root/lib/x86_64-linux-gnu:$cache/root/usr/lib/x86_64-linux-gnu \
	"$cache/root/usr/bin/secilc" -o "$root/etc/selinux/polvm/policy.bin" -f /dev/null "$out/policy.cil"

printf 'root:x:0:0:root:/root:/bin/sh\npoltest:x:999:999:poltest:/:/bin/false\npolvm:x:1000:1000:polvm:/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\npoltest:x:999:\npolvm:x:1000:\n' >"$root/etc/group"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out/initrd.gz"
