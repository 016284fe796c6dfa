#!/bin/sh
# polc import k8s: export k8s then import k8s gives a policy whose polc diff
# against the original names only settings export warned about; the
# workload kinds; --container; hostile YAML (aliases, depth, huge scalars,
# wrong types) as one error line with line:col, exit 2, no crash.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1

# 1. Round trip of a policy with every section the two sides share.
sed -n "/^cat >\"\$T_TMP\/all.pol\" <<'POL'/,/^POL/p" tests/review/t_export_k8s.sh | sed '1d;$d' >"$T_TMP/all.pol"
"$POLC" export k8s "$T_TMP/all.pol" -o "$T_TMP/all.yaml" 2>"$T_TMP/warn"
check "import k8s of the export" "$POLC" import k8s "$T_TMP/all.yaml" -o "$T_TMP/back.pol"
check "the imported policy compiles" sh -c "'$POLC' check '$T_TMP/back.pol' 2>/dev/null"
"$POLC" diff -I policies "$T_TMP/all.pol" "$T_TMP/back.pol" >"$T_TMP/diff" 2>&1
grep '^[-+~] ' "$T_TMP/diff" >"$T_TMP/lines"
# each diff line, the warning that announced it
unwarned=0
while IFS= read -r l; do
	case $l in
	*"rlimit core"*) w="rlimit core" ;; *"time namespace"*) w="namespaces: time" ;;
	*"root / "*) w="filesystem: root /srv/rootfs" ;; *memory.swap.max*) w="cgroup: memory.swap.max" ;;
	*pids.max*) w="cgroup: pids.max" ;;
	*"mounts: "*" loses no"*) t=${l#*mounts: }; w="filesystem: ${t%% *}: nosuid/nodev/noexec" ;; *Landlock*) w="landlock:" ;; *"no longer optional"*) w="cgroup: optional" ;;
	*) w="NO WARNING FOR: $l" ;;
	esac
	grep -qF "$w" "$T_TMP/warn" || { unwarned=$((unwarned + 1)); echo "# not warned: $l"; }
done <"$T_TMP/lines"
check "round trip: every difference is a warned setting ($(wc -l <"$T_TMP/lines") differences)" \
	test "$unwarned" = 0 -a "$(wc -l <"$T_TMP/lines")" -gt 0
assert_eq "round trip: the user, groups, caps, seccomp, SELinux, AppArmor, volumes, limits are the same" "" \
	"$(grep -E 'user|groups|capab|syscall|selinux|AppArmor|bind|tmpfs|memory.max|cpu.max' "$T_TMP/lines")"
for p in policies/default.pol policies/hardened.pol examples/web.pol; do
	"$POLC" export k8s "$p" -o "$T_TMP/p.yaml" 2>/dev/null
	check "round trip of $p: the import compiles" sh -c "'$POLC' import k8s '$T_TMP/p.yaml' -o '$T_TMP/p.pol' && '$POLC' check '$T_TMP/p.pol' 2>/dev/null"
done

# 2. The workload kinds and --container.
pod='containers:
      - name: a
        image: x
        securityContext: {runAsUser: 7, runAsGroup: 8, allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_RAW]}}
      - name: b
        image: y'
for kind in Deployment StatefulSet DaemonSet Job ReplicaSet; do
	printf 'apiVersion: apps/v1\nkind: %s\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      %s\n' "$kind" "$pod" >"$T_TMP/$kind.yaml"
	out=$("$POLC" import k8s "$T_TMP/$kind.yaml" --container a 2>&1)
	assert_contains "$kind: the container's user and caps" "$out" "user 7 8"
done
assert_contains "... keep net_raw, no_new_privs on" "$out" "keep net_raw"
assert_contains "... no_new_privs on" "$out" "no_new_privs on"
assert_status "two containers without --container: refused" 2 "$POLC" import k8s "$T_TMP/Job.yaml"
assert_status "--container missing: refused" 2 "$POLC" import k8s "$T_TMP/Job.yaml" --container zz
printf 'kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    securityContext: {privileged: true}\n' >"$T_TMP/priv.yaml"
err=$("$POLC" import k8s "$T_TMP/priv.yaml" 2>&1)
assert_contains "privileged: true refused with line:col" "$err" "priv.yaml:6:35: privileged: a privileged container"

# 3. Hostile YAML: one line, exit 2.
hostile() { # NAME EXPECTED-TEXT: the file $T_TMP/NAME.yaml
	"$POLC" import k8s "$T_TMP/$1.yaml" >/dev/null 2>"$T_TMP/err"
	st=$?
	check "$1: exit 2 (input error), one line" test "$st" = 2 -a "$(wc -l <"$T_TMP/err")" = 1
	assert_contains "$1: says what and where" "$(cat "$T_TMP/err")" "$2"
}
printf 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nkind: Pod\n' >"$T_TMP/bomb.yaml"
hostile bomb "bomb.yaml:2:8: YAML aliases are refused"
python3 -c 'print("kind: Pod\nspec: " + "[" * 200 + "]" * 200)' >"$T_TMP/deep.yaml"
hostile deep "YAML nested deeper than 64 levels"
python3 -c 'print("kind: Pod\nx: " + "a" * 100000)' >"$T_TMP/huge.yaml"
hostile huge "huge.yaml:2:4: scalar longer than 64 KiB"
printf 'kind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: "yes"\n  containers: [{name: a}]\n' >"$T_TMP/type.yaml"
hostile type "type.yaml:4:16: hostNetwork: expected true or false"
printf 'kind: Pod\nspec:\n  containers:\n  - name: a\n    resources: {limits: {memory: lots}}\n' >"$T_TMP/qty.yaml"
hostile qty "qty.yaml:5:34: memory: expected a quantity"
printf 'kind: Pod\nspec: {containers: [{name: a, securityContext: {runAsUser: -1}}]}\n' >"$T_TMP/neg.yaml"
hostile neg "runAsUser: out of range"
printf 'kind: Pod\nspec: [\n' >"$T_TMP/broken.yaml"
hostile broken "broken.yaml:3:1: YAML:"
printf 'kind: Pod\nkind: Pod\n' >"$T_TMP/dup.yaml"
hostile dup "dup.yaml:2:1: a key given twice"
printf 'kind: ConfigMap\n' >"$T_TMP/none.yaml"
hostile none "no Pod, Deployment"
done_testing
