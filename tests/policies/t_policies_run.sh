#!/bin/bash
# The shipped bases run for real: a service policy that only adds a root to
# `use default` or `use hardened` is built with polc and run by enforce,
# and the probe reports from inside what the base promises (capabilities,
# no_new_privs, the seccomp filter and what it refuses, the user namespace),
# as root and, for hardened, rootless.
. "$(dirname "$0")/../lib/common.sh"
. "$TOP/tests/integration/helpers.sh"
enforce_test_setup
if ! is_root; then
	skip "shipped bases under enforce" "needs root to prepare the roots"
	exit 0
fi
DOCKER_CAPS=00000000a80425fb # chown dac_override fowner fsetid kill setgid setuid setpcap
                             # net_bind_service net_raw sys_chroot mknod audit_write setfcap

# ---- default.pol: Docker's default ------------------------------------
make_rootfs 0
pol docker <<EOF || exit 1
policy docker-like
use default
filesystem {
    root $R
}
EOF
enf "$T_TMP/docker.polb" -- /bin/probe caps seccomp ns userns nested_ns chroot int80 packet
assert_eq "default: runs" 0 "$RC"
assert_eq "default: Docker's effective capabilities" "$DOCKER_CAPS" "$(val CapEff)"
assert_eq "default: Docker's bounding set" "$DOCKER_CAPS" "$(val CapBnd)"
assert_eq "default: a seccomp filter" 2 "$(val Seccomp)"
assert_eq "default: no_new_privs" 1 "$(val NoNewPrivs)"
for ns in net pid ipc uts mnt cgroup; do
	[ "$(val "ns $ns")" != "$(stat -L -c %i /proc/self/ns/$ns)" ] && pass "default: own $ns namespace" ||
		fail "default: own $ns namespace"
done
assert_eq "default: the host's user namespace (as Docker)" "$(stat -L -c %i /proc/self/ns/user)" "$(val 'ns user')"
assert_eq "default: no user namespace (CLONE_NEWUSER refused)" "blocked: Operation not permitted" "$(val 'try userns')"
assert_eq "default: no nested namespaces" "blocked: Operation not permitted" "$(val 'try nested_ns')"
assert_eq "default: chroot (CAP_SYS_CHROOT)" "ok" "$(val 'try chroot')"
assert_eq "default: i386 unshare(CLONE_NEWUSER) refused" "blocked: Operation not permitted" "$(val 'try int80')"
assert_eq "default: AF_PACKET with CAP_NET_RAW" "ok" "$(val 'try packet')"
nothing_left "default"

# ---- hardened.pol as root ----------------------------------------------
make_rootfs
pol hard <<EOF || exit 1
policy hardened-like
use hardened
filesystem {
    root $R
}
EOF
check_hardened() {
	who=$1
	assert_eq "hardened ($who): runs" 0 "$RC"
	assert_eq "hardened ($who): no capabilities" 0000000000000000 "$(val CapEff)"
	assert_eq "hardened ($who): empty bounding set" 0000000000000000 "$(val CapBnd)"
	assert_eq "hardened ($who): no_new_privs" 1 "$(val NoNewPrivs)"
	assert_eq "hardened ($who): a seccomp filter" 2 "$(val Seccomp)"
	assert_eq "hardened ($who): root inside" "0 0" "$(val uid)"
	for t in userns nested_ns tiocsti int80; do
		case "$(val "try $t")" in
		killed:*) pass "hardened ($who): $t is killed" ;;
		*) fail "hardened ($who): $t is killed" "$(val "try $t")" ;;
		esac
	done
	assert_eq "hardened ($who): AF_PACKET refused" "blocked: Address family not supported by protocol" "$(val 'try packet')"
	assert_eq "hardened ($who): mount refused" "blocked: Operation not permitted" "$(val 'try mount')"
	assert_eq "hardened ($who): chroot refused" "blocked: Operation not permitted" "$(val 'try chroot')"
	assert_contains "hardened ($who): enforce names the blocked syscall" "$ERR" "blocked syscall"
}
enf "$T_TMP/hard.polb" -- /bin/probe caps seccomp ids userns nested_ns tiocsti int80 packet mount chroot
check_hardened root
nothing_left "hardened as root"

# ---- hardened.pol rootless ---------------------------------------------
make_rootfs "$(id -u "$T_USER")"
pol hard-user <<EOF || exit 1
policy hardened-rootless
use hardened
filesystem {
    root $R
}
EOF
enf_user "$T_TMP/hard-user.polb" -- /bin/probe caps seccomp ids userns nested_ns tiocsti int80 packet mount chroot
check_hardened rootless
nothing_left "hardened rootless"

# ---- host-ro.pol: the host's root, read-only -------------------------
pol hostro <<EOF || exit 1
policy host-view
use host-ro
EOF
host_net=$(stat -L -c %i /proc/self/ns/net)
# (/tmp is the container's own tmpfs: try writing elsewhere on the host)
host_file=/var/tmp/polc-host-ro-test.$$
enf "$T_TMP/hostro.polb" -- "$PROBE" caps seccomp ns create "$host_file" read /etc/hostname
assert_eq "host-ro: runs" 0 "$RC"
assert_eq "host-ro: no capabilities" 0000000000000000 "$(val CapEff)"
assert_eq "host-ro: a seccomp filter" 2 "$(val Seccomp)"
got_net=$(val "ns net")
if [ -n "$got_net" ] && [ "$got_net" != "$host_net" ]; then
	pass "host-ro: a network namespace of its own (not the host's)"
else
	fail "host-ro: a network namespace of its own (not the host's)" "host $host_net, inside [$got_net]"
fi
assert_eq "host-ro: the host's files are read-only" "blocked: Read-only file system" "$(val 'try create')"
assert_eq "host-ro: the host's files are readable" "ok" "$(val 'try read')"
if [ -e "$host_file" ]; then
	fail "host-ro: nothing written on the host" "$host_file exists"
	rm -f "$host_file"
else
	pass "host-ro: nothing written on the host"
fi
nothing_left "host-ro"

# ---- hardened.pol with no root of its own -----------------------------
# The container's /dev is then the host's until the minimal /dev's tmpfs
# covers it: the host's nodes must be taken before (a bare `use hardened`
# once failed with "mount: /dev/null on /dev/null: No such file").
pol bare <<EOF || exit 1
policy bare-hardened
use hardened
EOF
chmod 644 "$T_TMP/bare.polb"
devnull_before=$(stat -c '%u:%g %a' /dev/null)
enf "$T_TMP/bare.polb" -- "$PROBE" caps seccomp
assert_eq "hardened, no root (root): runs" 0 "$RC"
assert_eq "hardened, no root (root): a seccomp filter" 2 "$(val Seccomp)"
out=$(as_user "$ENFORCE" "$T_TMP/bare.polb" -- /bin/sh -c 'echo x >/dev/null && test -c /dev/zero && echo fine' 2>/dev/null)
assert_eq "hardened, no root (rootless): runs with the minimal /dev" "fine" "$out"
assert_eq "hardened, no root: the host's /dev/null untouched" "$devnull_before" "$(stat -c '%u:%g %a' /dev/null)"
nothing_left "hardened, no root"

done_testing
