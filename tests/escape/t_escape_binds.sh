#!/bin/bash
# Escape probes: the filesystem holes of issue 12, tried as an attacker
# would, under policies/default.pol and policies/hardened.pol, as root and
# as the unprivileged test user, each with a host control first (the same
# action works outside, so a refusal inside is enforce's doing):
#   - bind sources that follow symlinks (the Kubernetes subPath escape,
#     CVE-2017-1002101): with `bind VOL /tmp/data rw` and `bind VOL/cfg
#     /tmp/cfg rw`, one run replaces /tmp/data/cfg by a symlink to a host
#     directory; the next run is refused (125), never handed that
#     directory. `follow` lets a trusted symlink through;
#   - magic links as bind sources (/proc/self/root, /proc/1/root): polc
#     check warns, enforce refuses (125), `follow` or not;
#   - tmpfs as a memory bound: /dev, /dev/shm and /tmp filled with empty
#     files stop at their inode bound (ENOSPC), /dev/shm is 64M;
#   - side effects on the host: a mount point missing under `root /` is
#     refused (125, one line naming it) and nothing is made on the host;
#     under a tmpfs of the policy it is made there; --dry-run makes the
#     same checks with the same statuses (125, 127).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

V=$T_TMP/srv/vol           # the volume a writable bind hands the container
HOSTDIR=$T_TMP/hostdir     # any host directory the attacker wants
MP=/srv/polc-escape-$$     # a mount point the host does not have
mkdir -p "$V/cfg" "$HOSTDIR" "$T_TMP/real" "$T_TMP/data"
echo secret >"$HOSTDIR/secret"
echo real >"$T_TMP/real/file"
ln -s "$T_TMP/real" "$T_TMP/link"
chmod 777 "$V"
chmod -R a+rX "$T_TMP/srv" "$HOSTDIR" "$T_TMP/real" "$T_TMP/data"

reset_volume() {
	rm -rf "$V/cfg"
	mkdir "$V/cfg"
	chmod 755 "$V/cfg"
}

escape_host_view eb_sub "bind $V /tmp/data rw" "bind $V/cfg /tmp/cfg rw" || exit 1
escape_host_view eb_magic_nofollow "bind /proc/self/root /tmp/host rw" || exit 1
escape_host_view eb_magic_follow "bind /proc/self/root /tmp/host rw follow" || exit 1
escape_host_view eb_pid1 "bind /proc/1/root /tmp/host" || exit 1
escape_host_view eb_link_nofollow "bind $T_TMP/link /tmp/f" || exit 1
escape_host_view eb_link_follow "bind $T_TMP/link /tmp/f follow" || exit 1
escape_host_view eb_mp "bind $T_TMP/data $MP" || exit 1
escape_host_view eb_mptmp "bind $T_TMP/data /tmp/srv/www" || exit 1
escape_host_view eb_nosrc "bind $T_TMP/absent /tmp/absent" || exit 1
# the base's own /tmp (hardened: 64M; default has none)
for base in default hardened; do
	printf 'policy eb_fill_%s\nuse %s\nfilesystem {\n    root / readonly\n}\n' "$base" "$base" |
		pol "eb_fill_$base" || exit 1
done

# ---- host controls ---------------------------------------------------------
# A path walk follows what a writer of the volume put there: after the
# swap, VOL/cfg is the host directory.
"$EK" swap "$HOSTDIR,$V/cfg" >/dev/null
check "control: a path walk through $V/cfg reaches $HOSTDIR once it is a symlink" \
	test "$(cat "$V/cfg/secret" 2>/dev/null)" = secret
reset_volume
check "control: /proc/self/root on the host is the host's /" \
	test "$(cat "/proc/self/root$HOSTDIR/secret")" = secret
mkdir -p "$T_TMP/ctl" && mount -t tmpfs -o size=64k none "$T_TMP/ctl"
OUT=$("$EK" fill "$T_TMP/ctl,5000")
assert_contains "control: a 64 KiB tmpfs without nr_inodes takes 5000 empty files" "$OUT" "try fill $T_TMP/ctl,5000: ok"
umount "$T_TMP/ctl"
if mkdir "$MP" 2>/dev/null && rmdir "$MP"; then
	pass "control: $MP can be made on the host (a refusal inside is enforce's)"
else
	fail "control: $MP can be made on the host"
fi

# polc_warns POLICY NAME CHECK NEEDLE: polc check's warning from audit
# check CHECK (the one risk model: check warns with audit's table) names NEEDLE
polc_warns() {
	W=$("$POLC" check -I "$TOP/policies" "$T_TMP/$1.pol" 2>&1 | grep -F "warning: " | grep -F "[$3]")
	assert_contains "$2" "$W" "$4"
}
polc_warns eb_magic_nofollow_default "check: bind /proc/self/root warned" bind_magic_link \
	"/proc/self/root at "
polc_warns eb_pid1_hardened "check: bind /proc/1/root warned" bind_magic_link "/proc/1/root at "
polc_warns eb_sub_default "check: a bind inside a writable bind warned" bind_inside_rw \
	"$V/cfg at /tmp/cfg lies inside $V, bound writable at /tmp/data"
A=$("$POLC" audit -I "$TOP/policies" "$T_TMP/eb_sub_default.pol" 2>&1)
assert_contains "audit: bind_inside_rw found" "$A" "bind_inside_rw: $V/cfg at /tmp/cfg lies inside $V"
A=$("$POLC" audit -I "$TOP/policies" "$T_TMP/eb_sub_hardened.pol" 2>&1)
case $A in *tmpfs_no_size*) fail "audit: every tmpfs has a size, no tmpfs_no_size" ;;
	*) pass "audit: every tmpfs has a size, no tmpfs_no_size" ;; esac

# ---- inside ------------------------------------------------------------------
binds_suite() {
	who=$1 base=$2 runner=$3
	# subPath: the first run swaps a path of its writable volume ...
	reset_volume
	$runner "$T_TMP/eb_sub_$base.polb" -- "$EK" tag "$T_TMP" swap "$HOSTDIR,/tmp/data/cfg"
	assert_contains "$who: subpath: run 1 replaces /tmp/data/cfg by a symlink (its own volume)" \
		"$OUT" "try swap $HOSTDIR,/tmp/data/cfg: ok"
	# ... the second is refused, not handed the host directory
	$runner "$T_TMP/eb_sub_$base.polb" -- "$EK" tag "$T_TMP" listdir /tmp/cfg
	assert_eq "$who: subpath: run 2 refused (125)" 125 "$RC"
	assert_contains "$who: subpath: the line names the symlinked source" "$ERR" \
		"enforce: mount: $V/cfg on /tmp/cfg: source $V/cfg has a symlink in its path"
	case $OUT in *"try listdir"*) fail "$who: subpath: the command never ran" "$OUT" ;;
		*) pass "$who: subpath: the command never ran" ;; esac
	reset_volume

	for how in nofollow follow; do
		$runner "$T_TMP/eb_magic_${how}_$base.polb" -- "$EK" tag "$T_TMP" listdir /tmp/host
		assert_eq "$who: bind /proc/self/root ($how): refused (125)" 125 "$RC"
		assert_contains "$who: bind /proc/self/root ($how): a magic link, said so" "$ERR" \
			"goes through a magic link"
	done
	$runner "$T_TMP/eb_pid1_$base.polb" -- "$EK" tag "$T_TMP" listdir /tmp/host
	assert_eq "$who: bind /proc/1/root: refused (125)" 125 "$RC"

	$runner "$T_TMP/eb_link_nofollow_$base.polb" -- "$EK" tag "$T_TMP" listdir /tmp/f
	assert_eq "$who: a symlink source without follow: refused (125)" 125 "$RC"
	$runner "$T_TMP/eb_link_follow_$base.polb" -- "$EK" tag "$T_TMP" listdir /tmp/f
	assert_eq "$who: a symlink source with follow: runs" 0 "$RC"
	expect_ok=$(printf '%s\n' "$OUT" | grep -c "try listdir /tmp/f: ok")
	assert_eq "$who: with follow the link's target is bound" 1 "$expect_ok"

	# tmpfs bounds: empty files stop at the inode bound
	$runner "$T_TMP/eb_sub_$base.polb" -- "$EK" tag "$T_TMP" fill /dev,5000 fill /dev/shm,20000 \
		fill /tmp,20000
	printf "%s\n" "$OUT" | grep "^fill: " | sed "s/^/# $who: /"
	expect "$who" "fill /dev,5000" ENOSPC
	expect "$who" "fill /dev/shm,20000" ENOSPC
	expect "$who" "fill /tmp,20000" ENOSPC
	if [ "$base" = hardened ]; then
		$runner "$T_TMP/eb_fill_$base.polb" -- "$EK" tag "$T_TMP" fill /tmp,20000
		expect "$who: hardened's own /tmp (64M)" "fill /tmp,20000" ENOSPC
	fi
	$runner "$T_TMP/eb_fill_$base.polb" -- /bin/sh -c 'grep " /dev/shm " /proc/self/mountinfo'
	assert_contains "$who: /dev/shm is 64M, inode-bounded" "$OUT" "size=65536k,nr_inodes=16384"

	# no mount point made on the host
	$runner "$T_TMP/eb_mp_$base.polb" -- "$EK" tag "$T_TMP" listdir /
	assert_eq "$who: missing mount point under root /: refused (125)" 125 "$RC"
	assert_contains "$who: the line names it" "$ERR" "enforce: mount: $MP: no such mount point in the read-only root"
	check "$who: nothing made on the host at $MP" test ! -e "$MP"
	$runner --dry-run "$T_TMP/eb_mp_$base.polb" -- "$EK" listdir /
	assert_eq "$who: dry-run: the same refusal (125)" 125 "$RC"
	$runner "$T_TMP/eb_mptmp_$base.polb" -- "$EK" tag "$T_TMP" listdir /tmp/srv/www
	assert_eq "$who: a mount point under the policy's tmpfs: made there, runs" 0 "$RC"
	check "$who: nothing made on the host's /tmp/srv" test ! -e /tmp/srv/www
	$runner --dry-run "$T_TMP/eb_mptmp_$base.polb" -- "$EK" listdir /
	assert_contains "$who: dry-run says where it is made" "$OUT" \
		"mount point /tmp/srv/www, if missing, made inside the policy's own mount"
	$runner --dry-run "$T_TMP/eb_nosrc_$base.polb" -- "$EK" listdir /
	dry=$RC
	$runner "$T_TMP/eb_nosrc_$base.polb" -- "$EK" listdir /
	assert_eq "$who: missing bind source: dry-run and run both 125" "125 125" "$dry $RC"
	$runner --dry-run "$T_TMP/eb_mptmp_$base.polb" -- /no/such/command
	dry=$RC
	$runner "$T_TMP/eb_mptmp_$base.polb" -- /no/such/command
	assert_eq "$who: missing command: dry-run and run both 127" "127 127" "$dry $RC"
	$runner --dry-run "$T_TMP/eb_mptmp_$base.polb" -- no-such-command-anywhere
	assert_eq "$who: command not on PATH: dry-run 127" 127 "$RC"
}

binds_suite default default enf
binds_suite hardened hardened enf
binds_suite "default rootless" default enf_user
binds_suite "hardened rootless" hardened enf_user

check "the host directory is intact" test "$(cat "$HOSTDIR/secret")" = secret
check "nothing left at $MP" test ! -e "$MP"
nothing_left escape_binds
done_testing
