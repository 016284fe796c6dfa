#!/bin/sh
# Fetches, through apt, what the VM lane boots and what goes into its
# initramfs, into a cache that later runs reuse:
#   CACHE/debs/       the .deb files as apt downloaded them
#   CACHE/root/       their files, unpacked (dpkg-deb -x, nothing installed)
#   CACHE/vmlinuz     the kernel that the VMs boot
# The kernel is whatever linux-image-amd64 (Debian's metapackage) points at
# today; the run log names its version. Usage: fetch.sh CACHE
set -eu
cache=$1
mkdir -p "$cache/debs" "$cache/root"
cd "$cache/debs"

say() { echo "# vm fetch: $*"; }

# The concrete kernel package behind the metapackage, e.g. linux-image-6.1.0-56-amd64.
kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -1
}

# (No apparmor: the guest runs no parser; profiles are compiled on the host.)
# secilc + libsepol2: compile the SELinux CIL policy on the host.
# busybox-static: the guest's userland.
download_all() {
	kpkg=$(kernel_package)
	[ -n "$kpkg" ] || { say "apt knows no linux-image-amd64"; return 1; }
	for pkg in $kpkg secilc libsepol2 busybox-static; do
		ls "${pkg}"_*.deb >/dev/null 2>&1 && continue
		say "downloading $pkg"
		apt-get download -q "$pkg" >/dev/null 2>&1 || { say "apt-get download $pkg failed"; return 1; }
	done
}

# Stale package lists (a fresh machine, or a kernel the mirror replaced)
# get one apt-get update and a second try.
if ! download_all; then
	say "running apt-get update"
	apt-get update -qq >/dev/null 2>&1 || true
	download_all || { echo "vm fetch: cannot download the packages through apt" >&2; exit 1; }
fi

stamp=$cache/root/.unpacked-$kpkg
if [ ! -e "$stamp" ]; then
	rm -rf "$cache/root" && mkdir -p "$cache/root"
	for pkg in secilc libsepol2 busybox-static; do
		dpkg-deb -x "$(ls "${pkg}"_*.deb | tail -1)" "$cache/root"
	done
	# Only the kernel image itself, not 400 MB of modules: everything the
	# lane needs (AppArmor, SELinux, Landlock, cgroup v2, 8250 serial,
	# /dev/port) is built into Debian's kernel.
	dpkg-deb --fsys-tarfile "$(ls "${kpkg}"_*.deb | tail -1)" |
		tar -x -C "$cache/root" --wildcards './boot/vmlinuz-*' './boot/config-*'
	cp "$cache/root"/boot/vmlinuz-* "$cache/vmlinuz"
	touch "$stamp"
fi
say "kernel $kpkg ($(ls "${kpkg}"_*.deb | sed 's/.*_\(.*\)_amd64.deb/\1/'))"
