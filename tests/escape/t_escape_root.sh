#!/bin/bash
# Escape probes: leaving a root of its own (a directory on the host's file
# system), from inside under policies/default.pol and policies/hardened.pol,
# as root and as the unprivileged test user:
#   - "shocker" (Docker 0.11): open_by_handle_at with the file handle of a
#     host directory outside the root, on the container's "/" (the same
#     file system) as mount fd: refused (EPERM: no CAP_DAC_READ_SEARCH, and
#     both filters refuse the call);
#   - the chroot breakout (chroot into a subdirectory, climb "..", chroot
#     ".") under default.pol, which keeps CAP_SYS_CHROOT: it climbs no
#     higher than the container's root, the old root being detached;
#   - hostile images whose /proc, /dev, /sys or /tmp is a symlink
#     climbing out of it (relative) or pointing at a host path (absolute):
#     the bases' own mounts (proc, the minimal /dev and its mqueue, sysfs,
#     tmpfs, the masks) land inside the root or enforce refuses (125);
#     nothing is made or mounted on the host paths.
# (tests/integration/t_mounts.sh tries a hostile symlink under a bind.)
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

make_rootfs
cp "$EK" "$R/bin/escape_kernel"
chmod 755 "$R/bin/escape_kernel"
OUTSIDE=$T_TMP/outside
mkdir -p "$OUTSIDE"
echo secret >"$OUTSIDE/secret"
chmod -R a+rX "$OUTSIDE"

# Hostile images, one per directory the bases mount on: in image
# hostile_D, D is a symlink out of the root (relative and climbing for
# proc, dev and sys; absolute for tmp), every other directory is real.
for d in proc dev sys tmp; do
	H=$T_TMP/hostile_$d
	mkdir -p "$H/bin" "$H/etc" "$H/proc" "$H/dev" "$H/sys" "$H/tmp" "$T_TMP/victim_$d"
	cp "$PROBE" "$H/bin/probe"
	rmdir "$H/$d"
	if [ "$d" = tmp ]; then
		ln -s "$T_TMP/victim_$d" "$H/$d"
	else
		ln -s "../../../../../../../..$T_TMP/victim_$d" "$H/$d"
	fi
	chmod -R a+rX "$H"
	chown -hR "$USERNS_ROOT:$USERNS_ROOT" "$H"
done

for base in default hardened; do
	pol "er_$base" <<EOF || exit 1
policy er_$base
use $base
filesystem {
    root $R readonly
}
EOF
	for d in proc dev sys tmp; do
		pol "er_hostile_${d}_$base" <<EOF || exit 1
policy er_hostile_${d}_$base
use $base
filesystem {
    root $T_TMP/hostile_$d
    tmpfs /tmp size=1M
}
EOF
	done
done

# Control: on the host, the handle opens the directory from anywhere on
# the file system, and the helper reports it.
HANDLE=$("$EK" handle "$OUTSIDE" | sed -n 's/^handle: //p')
OUT=$(cd "$R" && "$EK" shocker "$HANDLE" 2>&1)
assert_contains "control: open_by_handle_at reaches $OUTSIDE on the host" "$OUT" "shocker: opened $OUTSIDE"

root_suite() {
	label=$1 base=$2 runner=$3
	$runner "$T_TMP/er_$base.polb" -- /bin/escape_kernel tag "$T_TMP" shocker "$HANDLE" \
		chroot_break "$OUTSIDE/secret"
	assert_eq "$label: the helper ran to the end" 0 "$RC"
	if [ "$base" = default ]; then
		expect "$label" "shocker $HANDLE" EPERM
	else
		expect "$label" "shocker $HANDLE" EPERM "KILL:open_by_handle_at"
	fi
	if [ "$base" = default ]; then
		# CAP_SYS_CHROOT (in its user namespace, rootless): the chroot
		# works, the climb ends at the container's root
		expect "$label" "chroot_break $OUTSIDE/secret" ENOENT
	else
		expect "$label" "chroot_break $OUTSIDE/secret" EPERM "KILL:chroot"
	fi

	for d in proc dev sys tmp; do
		$runner "$T_TMP/er_hostile_${d}_$base.polb" -- /bin/probe read /proc/self/status
		case $RC in
		0) assert_contains "$label: hostile /$d: ran, and a proc is mounted inside the root" \
			"$OUT" "try read: ok" ;;
		125) assert_contains "$label: hostile /$d: refused with one line (${ERR##*enforce: })" \
			"$ERR" "enforce: " ;;
		*) fail "$label: hostile /$d: ran or refused (125)" "exit $RC: $ERR" ;;
		esac
		check "$label: hostile /$d: nothing made in the host's victim_$d" \
			test -z "$(ls -A "$T_TMP/victim_$d")"
	done
	check "$label: hostile images: nothing mounted on a host victim path" \
		sh -c "! grep -q ' $T_TMP/victim_' /proc/self/mountinfo"
}

root_suite default default enf
root_suite hardened hardened enf
root_suite "default rootless" default enf_user
root_suite "hardened rootless" hardened enf_user

check "the secret is intact" test "$(cat "$OUTSIDE/secret")" = secret
nothing_left escape_root
done_testing
