#!/bin/bash
# export oci then import oci: for every shipped policy (policies/,
# examples/) and tests/interop/all_sections.pol, for each --runtime, the
# imported policy compiles and `polc diff` against the original lists only
# settings the export warned about: each difference is matched to the
# warning that announced it, and a difference without one fails. The
# other way: each warning that names a setting the import can see again
# shows up in the diff (the rest change nothing the IR holds: a bind's
# symlink rule, the rootless cgroup behaviour, the /sys fallback, a
# 32-bit argument compared on 64 bits, a syscall name libseccomp 2.5.4
# does not know: the import reads the same rule).
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1

# the warning that announces a diff line ("" when none does)
warning_for() {
	case $1 in
	*"terminal inherit (was pty)"*) echo "warning: terminal:" ;;
	*"init off (was on)"*) echo "warning: init:" ;;
	*"stdio relay (was strict)"*) echo "warning: stdio strict:" ;;
	*"time namespace shared"*) echo "warning: namespaces: time:" ;;
	*"Landlock ruleset"*) echo "warning: landlock:" ;;
	*"egress rules dropped"*) echo "not expressible in the OCI runtime spec" ;;
	*"mounts: "*": now follows symlinks"*) t=${1#*mounts: }; echo " ${t%%:*}: the runtime follows symlinks" ;;
	*"mounts: symlink "*" removed"*) t=${1#*symlink }; echo "warning: symlink ${t%% *} ->" ;;
	*"env "*" no longer set"*) t=${1#*env }; echo "warning: env_pass ${t%% *}:" ;;
	*"inherited root / (rw): read-only -> writable"*) echo "warning: root /: runc and crun cannot pivot_root" ;;
	*"now optional"*|*"cgroup: optional"*) echo "warning: cgroup: a rootless runtime" ;;
	*) echo "" ;;
	esac
}

roundtrip() { # POLICY RUNTIME
	n=$(basename "$1" .pol).$2
	"$POLC" export oci --runtime "$2" -I policies "$1" -o "$T_TMP/$n.json" 2>"$T_TMP/$n.warn"
	if ! "$POLC" import oci "$T_TMP/$n.json" -o "$T_TMP/$n.pol" 2>"$T_TMP/$n.err"; then
		fail "$n: import oci of the export" "$(head -c 300 "$T_TMP/$n.err")"
		return
	fi
	check "$n: the imported policy compiles" sh -c "'$POLC' check '$T_TMP/$n.pol' >/dev/null 2>&1"
	"$POLC" diff -I policies "$1" "$T_TMP/$n.pol" 2>&1 | grep '^[-+~] ' >"$T_TMP/$n.diff"
	unwarned="" seen=""
	while IFS= read -r l; do
		w=$(warning_for "$l")
		if [ -n "$w" ] && grep -qF -- "$w" "$T_TMP/$n.warn"; then
			seen="$seen$w|"
		else
			unwarned="$unwarned [$l]"
		fi
	done <"$T_TMP/$n.diff"
	if [ -z "$unwarned" ]; then
		pass "$n: every one of $(wc -l <"$T_TMP/$n.diff") differences was warned about"
	else
		fail "$n: every difference was warned about" "not warned:$unwarned"
	fi
	# each warning about a setting the IR keeps appears in the diff
	missing=""
	while IFS= read -r w; do
		case $w in
		*"rootless"*|*"stdio relay:"*|*"sysfs"*|*"no root:"*|*"overlay /"*|*"root: nosuid"*|*"notify_kill"*|*"compared on 64 bits"*|*"libseccomp 2.5.4"*) continue ;;
		esac
		covered=""
		IFS='|' read -ra pats <<<"$seen"
		for pat in "${pats[@]}"; do
			case $w in *"$pat"*) covered=1 ;; esac
		done
		[ -n "$covered" ] || missing="$missing [$(printf '%s' "${w#polc: export oci: warning: }" | cut -c1-60)]"
	done <"$T_TMP/$n.warn"
	if [ -z "$missing" ]; then
		pass "$n: every warned setting shows in the diff"
	else
		fail "$n: every warned setting shows in the diff" "missing:$missing"
	fi
}

for p in policies/default.pol policies/hardened.pol policies/host-ro.pol examples/*.pol tests/interop/all_sections.pol; do
	for rt in runc-1.1 runc crun; do
		roundtrip "$p" "$rt"
	done
done

# What comes back unchanged, said positively for the policy with every
# section: no difference in user, groups, caps, cgroup limits, seccomp,
# SELinux, mounts other than the warned ones.
assert_eq "all_sections: user, groups, caps, limits, syscalls, selinux, binds, tmpfs the same" "" \
	"$(grep -E 'user|groups|capab|syscall|selinux|memory|pids|cpu|io\.|devices|tmpfs|bind /srv' "$T_TMP/all_sections.crun.diff")"
assert_contains "runc (1.2+) keeps the time namespace" "$(cat "$T_TMP/all_sections.runc.json")" '"type": "time"'
assert_eq "runc-1.1 leaves it out" "" "$(grep '"type": "time"' "$T_TMP/all_sections.runc-1.1.json")"
assert_contains "ociVersion for runc 1.1" "$(cat "$T_TMP/all_sections.runc-1.1.json")" '"ociVersion": "1.0.2"'
assert_contains "ociVersion for crun 1.8 (1.0.x only)" "$(cat "$T_TMP/all_sections.crun.json")" '"ociVersion": "1.0.0"'
# A limit given twice (memory.swap then linux.resources.unified's
# memory.swap.max, which runc writes after it): one line, the later value,
# so the imported policy compiles (it held both lines before the imports
# shared one builder, import_add_limit).
cat >"$T_TMP/twice.json" <<'JSON'
{"ociVersion": "1.0.2", "process": {"args": ["/bin/sh"], "cwd": "/"}, "root": {"path": "rootfs"},
 "linux": {"namespaces": [{"type": "mount"}],
  "resources": {"memory": {"limit": 1048576, "swap": 2097152}, "unified": {"memory.swap.max": "4096"}}}}
JSON
"$POLC" import oci "$T_TMP/twice.json" -o "$T_TMP/twice.pol" 2>/dev/null
assert_eq "a limit given twice: one memory.swap.max, the unified one" "    memory.swap.max 4K" "$(grep memory.swap.max "$T_TMP/twice.pol")"
check "... and the imported policy compiles" sh -c "'$POLC' check '$T_TMP/twice.pol' 2>/dev/null"
done_testing
