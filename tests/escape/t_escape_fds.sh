#!/bin/bash
# Escape probes: leaked fds and a working directory outside the root (runc
# CVE-2024-21626), with a root of its own so that the caller's directories
# really are outside it (tests/integration/t_fds_tty.sh tries the same with
# `root /`). Under policies/default.pol and policies/hardened.pol, as root
# and as the unprivileged test user, the caller
#   - works in a host directory outside the root, holding a secret file;
#   - holds fds 7 (that directory), 8 (/), 9 (the secret), 200 (/etc);
# and from inside the command tries to reach the secret through
#   - the fds (only 0 1 2 reach it), /proc/self/fd/N as a directory;
#   - /proc/self/cwd, the cwd itself (getcwd is "/"), chdir(..) upward;
#   - pid 1 (enforce's init): /proc/1/cwd, /proc/1/root, /proc/1/fd;
#   - the host path of the secret (absent from the root);
# and policies whose cwd is /proc/self/fd/7, /proc/1/cwd, or a symlink in
# the root climbing out of it: refused (125) or resolved inside the root,
# and the command never creates a file in the host directory.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../integration/helpers.sh"
. "$(dirname "$0")/escape_lib.sh"
escape_setup

make_rootfs
OUTSIDE=$T_TMP/outside
mkdir -p "$OUTSIDE"
echo secret >"$OUTSIDE/secret"
chmod 755 "$OUTSIDE"
chmod 644 "$OUTSIDE/secret"
ln -s ../../../../../../../.. "$R/up"
ln -s "$OUTSIDE" "$R/outside_abs"

for base in default hardened; do
	pol "ef_$base" <<EOF || exit 1
policy ef_$base
use $base
filesystem {
    root $R readonly
}
EOF
	for c in fd:/proc/self/fd/7 proc1:/proc/1/cwd up:/up abs:/outside_abs; do
		pol "ef_${base}_cwd_${c%%:*}" <<EOF || exit 1
policy ef_${base}_cwd_${c%%:*}
use $base
process { cwd ${c#*:} }
filesystem {
    root $R readonly
}
EOF
	done
done

# leaky RUNNER BLOB ARGS...: run from the host directory with the fds open.
leaky() {
	runner=$1
	shift
	cd "$OUTSIDE" || exit 1
	exec 7<"$OUTSIDE" 8</ 9<"$OUTSIDE/secret" 200</etc
	$runner "$@"
	exec 7<&- 8<&- 9<&- 200<&-
	cd / || exit 1
}

fds_suite() {
	label=$1 base=$2 runner=$3
	leaky "$runner" "$T_TMP/ef_$base.polb" -- /bin/probe fds cwd \
		read /proc/self/cwd/secret read secret read "$OUTSIDE/secret" \
		chdir /proc/self/fd/7 chdir /proc/self/fd/200 chdir ../../../../.. \
		read /proc/1/cwd/secret read /proc/1/root/secret read /proc/1/fd/7 \
		read /outside_abs/secret read /up/secret
	assert_eq "$label: the probe ran to the end" 0 "$RC"
	assert_eq "$label: only fds 0 1 2 reach the command (7 8 9 200 closed)" "0 1 2" "$(val fds)"
	assert_eq "$label: cwd is / of the root, not the caller's host directory" "/" "$(val cwd)"
	assert_eq "$label: chdir(..) five times stays at /" "/" "$(val chdir)"
	assert_eq "$label: the secret is read through no path (cwd, host path, symlinks out)" 0 \
		"$(printf '%s\n' "$OUT" | grep -c '^try read: ok')"
	# the eight reads: each refused with ENOENT (not in the root) or EACCES
	# (pid 1 is not dumpable: /proc/1/cwd, root and fd are closed to us)
	assert_eq "$label: all 8 reads refused with ENOENT or EACCES" 8 \
		"$(printf '%s\n' "$OUT" | grep -cE '^try read: blocked: (No such file or directory|Permission denied)$')"
	assert_eq "$label: both chdirs through /proc/self/fd refused (ENOENT)" 2 \
		"$(printf '%s\n' "$OUT" | grep -c '^try chdir: blocked: No such file or directory$')"

	for c in fd proc1 up abs; do
		rm -f "$OUTSIDE/ran"
		leaky "$runner" "$T_TMP/ef_${base}_cwd_$c.polb" -- /bin/probe cwd create ran
		case $RC in
		125) assert_contains "$label: cwd $c: refused (125) with one line" "$ERR" "enforce: cwd: " ;;
		0) assert_eq "$label: cwd $c: resolved inside the root" "/" "$(val cwd)" ;;
		*) fail "$label: cwd $c: refused or inside" "exit $RC: $ERR" ;;
		esac
		check "$label: cwd $c: the command wrote nothing in the host directory" \
			test ! -e "$OUTSIDE/ran"
	done
}

fds_suite default default enf
fds_suite hardened hardened enf
fds_suite "default rootless" default enf_user
fds_suite "hardened rootless" hardened enf_user

check "the secret is intact" test "$(cat "$OUTSIDE/secret")" = secret
nothing_left escape_fds
done_testing
