#!/bin/sh
# polc import k8s: export k8s then import k8s gives a policy whose polc diff
# against the original names only settings export warned about; the
# workload kinds; --container; hostile YAML (aliases, depth, huge scalars,
# wrong types) as one error line with line:col, exit 2, no crash.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1


# The AppArmorProfile (spec.abstract): polc's own comes back as `apparmor
# generate`, which rebuilds it from the rules imported beside it. Attacks: a
# foreign object under polc's profile name, a hostile abstract, an old
# spec.policy carrying rules, a path the operator's CRD refuses.
aa_pod() { # NAME LABEL SPEC: a Pod naming profile NAME and its object
	cat <<YAML
apiVersion: security-profiles-operator.x-k8s.io/v1
kind: AppArmorProfile
metadata: {name: $1, labels: {app.kubernetes.io/managed-by: $2}}
spec: $3
---
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
  - name: a
    image: x
    securityContext:
      appArmorProfile: {type: Localhost, localhostProfile: $1}
YAML
}
aa_pod polc-x polc '{abstract: {filesystem: {readOnlyPaths: [/]}}}' >"$T_TMP/aa1.yaml"
assert_contains "polc's AppArmorProfile: apparmor generate" "$("$POLC" import k8s "$T_TMP/aa1.yaml" 2>&1)" "apparmor generate"
aa_pod polc-x someone-else '{abstract: {filesystem: {readWritePaths: ["/**"]}}}' >"$T_TMP/aa2.yaml"
out=$("$POLC" import k8s "$T_TMP/aa2.yaml" 2>&1)
assert_contains "another tool's object under polc's name: only named, its rules never taken" "$out" "apparmor polc-x"
assert_eq "... and not regenerated as polc's" 0 "$(printf '%s\n' "$out" | grep -c 'apparmor generate')"
aa_pod polc-x polc '{abstract: [/etc, "/** rwx,"]}' >"$T_TMP/aa3.yaml"
out=$("$POLC" import k8s "$T_TMP/aa3.yaml" 2>&1); rc=$?
assert_eq "an abstract that is a list (rules smuggled as paths): exit 2" 2 "$rc"
assert_contains "... one line naming the field" "$out" "abstract"
assert_eq "... one line" 1 "$(printf '%s\n' "$out" | wc -l)"
aa_pod polc-x polc '{policy: "profile polc-x { /** rwx, }"}' >"$T_TMP/aa4.yaml"
out=$("$POLC" import k8s "$T_TMP/aa4.yaml" 2>&1)
assert_contains "spec.policy (SPO before 0.9): said, never read" "$out" "spec.policy (the operator before 0.9)"
assert_eq "... and no profile of its text is generated" 0 "$(printf '%s\n' "$out" | grep -c 'apparmor generate')"
printf 'policy colon\nnamespaces { unshare mount }\nfilesystem {\n    root / readonly\n    tmpfs /a:b size=1M\n}\nlsm { apparmor generate }\n' >"$T_TMP/colon.pol"
out=$("$POLC" export k8s "$T_TMP/colon.pol" 2>&1 >/dev/null); rc=$?
assert_eq "export: a path the CRD's pattern refuses stops the export (2), no object without its rules" 2 "$rc"
assert_contains "... naming the path" "$out" "the path '/a:b' holds ':'"
check "... and --no-operator exports it (the profile text loads it)" sh -c "'$POLC' export k8s --no-operator '$T_TMP/colon.pol' >/dev/null 2>&1"

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
	*"mounts: "*" loses no"*) t=${l#*mounts: }; w="filesystem: ${t%% *}: nosuid/nodev/noexec" ;;
	*"mounts: tmpfs "*": mode "* | *"mounts: tmpfs "*": nr_inodes "*) t=${l#*mounts: }; t=${t%%:*}; w="filesystem: $t: mode and nr_inodes" ;; *Landlock*) w="landlock:" ;; *"no longer optional"*) w="cgroup: optional" ;;
	*) w="NO WARNING FOR: $l" ;;
	esac
	grep -qF "$w" "$T_TMP/warn" || { unwarned=$((unwarned + 1)); echo "# not warned: $l"; }
done <"$T_TMP/lines"
check "round trip: every difference is a warned setting ($(wc -l <"$T_TMP/lines") differences)" \
	test "$unwarned" = 0 -a "$(wc -l <"$T_TMP/lines")" -gt 0
assert_eq "round trip: the user, groups, caps, seccomp, SELinux, AppArmor, volumes, limits are the same" "" \
	"$(grep -E 'user|groups|capab|syscall|selinux|AppArmor|bind|tmpfs|memory.max|cpu.max' "$T_TMP/lines" |
	grep -vE 'tmpfs [^:]*: (mode|nr_inodes) ')"
for p in policies/default.pol policies/hardened.pol examples/web.pol; do
	"$POLC" export k8s "$p" -o "$T_TMP/p.yaml" 2>/dev/null
	check "round trip of $p: the import compiles" sh -c "'$POLC' import k8s '$T_TMP/p.yaml' -o '$T_TMP/p.pol' && '$POLC' check '$T_TMP/p.pol' 2>/dev/null"
done

# 1b. The network section: ports with a hostPort and an egress NetworkPolicy
# come back as publish and connect rules; the round trip adds no network
# difference and every other difference is warned.
cat >"$T_TMP/net.pol" <<'POL'
policy net_rt
use hardened
namespaces {
    unshare net
}
network {
    publish tcp 127.0.0.1:8080 80
    publish udp 5353 53
    publish tcp [::1]:8443 443
    connect tcp 10.0.0.0/8 5432
    connect udp 192.0.2.0/24 any
    connect tcp 2001:db8::/32 443
}
POL
"$POLC" export k8s -I policies "$T_TMP/net.pol" -o "$T_TMP/net.yaml" 2>"$T_TMP/netwarn"
check "import k8s of ports and a NetworkPolicy" "$POLC" import k8s "$T_TMP/net.yaml" -o "$T_TMP/netback.pol"
n=$(sed -n '/^network {/,/^}/p' "$T_TMP/netback.pol")
for rule in "publish tcp 127.0.0.1:8080 80" "publish udp 5353 53" "publish tcp [::1]:8443 443" \
	"connect tcp 10.0.0.0/8 5432" "connect udp 192.0.2.0/24 any" "connect tcp 2001:db8::/32 443"; do
	assert_contains "network round trip: $rule" "$n" "$rule"
done
"$POLC" diff -I policies "$T_TMP/net.pol" "$T_TMP/netback.pol" >"$T_TMP/netdiff" 2>&1
assert_eq "network round trip: polc diff names no network difference" "" "$(grep -iE 'network|publish|connect|egress' "$T_TMP/netdiff")"
grep '^[-+~] ' "$T_TMP/netdiff" >"$T_TMP/netlines"
unwarned=0
while IFS= read -r l; do
	case $l in
	*"rlimit core"*) w="rlimit core" ;; *"time namespace"*) w="namespaces: time" ;;
	*"user namespace"*) w="namespaces: user" ;; *"root / "*) w="filesystem: root" ;;
	*memory.swap.max*) w="cgroup: memory.swap.max" ;; *pids.max*) w="cgroup: pids.max" ;;
	*Landlock*) w="landlock:" ;; *"no longer optional"*) w="cgroup: optional" ;;
	*"mounts: "*" loses no"*) t=${l#*mounts: }; w="filesystem: ${t%% *}: nosuid/nodev/noexec" ;;
	*"mounts: tmpfs "*": mode "* | *"mounts: tmpfs "*": nr_inodes "*) t=${l#*mounts: }; t=${t%%:*}; w="filesystem: $t: mode and nr_inodes" ;;
	*) w="NO WARNING FOR: $l" ;;
	esac
	grep -qF "$w" "$T_TMP/netwarn" || { unwarned=$((unwarned + 1)); echo "# not warned: $l"; }
done <"$T_TMP/netlines"
check "network round trip: every other difference is a warned setting ($(wc -l <"$T_TMP/netlines"))" test "$unwarned" = 0
np='kind: Pod
metadata: {name: p, labels: {app: a}}
spec:
  containers:
  - name: a
    ports: [{containerPort: 80}, {containerPort: 81, hostPort: 8081, protocol: SCTP}]
---
kind: NetworkPolicy
metadata: {name: other}
spec: {podSelector: {matchLabels: {app: b}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}]}]}
---
kind: NetworkPolicy
metadata: {name: mine}
spec:
  podSelector: {matchLabels: {app: a}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 53, protocol: UDP}]
  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {namespaceSelector: {}}]
    ports: [{port: dns}]'
printf '%s\n' "$np" >"$T_TMP/np.yaml"
out=$("$POLC" import k8s "$T_TMP/np.yaml" 2>&1)
assert_contains "a port without hostPort: a note, no publish" "$out" "# port 80: no hostPort"
assert_contains "an SCTP port: a note" "$out" "# port 81/SCTP: polc publishes tcp and udp"
assert_contains "an egress rule without to: every address" "$out" "connect udp 0.0.0.0/0 53"
assert_contains "... IPv6 too" "$out" "connect udp ::/0 53"
assert_contains "ipBlock except: a note" "$out" "# NetworkPolicy ipBlock 10.0.0.0/8 except"
assert_contains "a selector peer: a note" "$out" "# NetworkPolicy egress to pods or namespaces by selector"
assert_contains "a named port: a note" "$out" "# NetworkPolicy port dns: a named port"
case $out in *203.0.113*) fail "a NetworkPolicy selecting other pods is not read" ;; *) pass "a NetworkPolicy selecting other pods is not read" ;; esac

# 1c. A SeccompProfile of the operator's older v1beta1 (same spec) is read too.
"$POLC" export k8s examples/web.pol 2>/dev/null | sed 's#security-profiles-operator.x-k8s.io/v1$#security-profiles-operator.x-k8s.io/v1beta1#' >"$T_TMP/beta.yaml"
assert_contains "v1beta1 SeccompProfile: imported as the v1 one" "$("$POLC" import k8s "$T_TMP/beta.yaml" 2>&1)" "syscalls {"

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

# 2b. An emptyDir is world-writable (the kubelet makes it 0777, in memory
# or on disk): the import says so rather than enforce's narrower 0755 default,
# and export warns about any other mode, so a policy narrowing it to 0700
# cannot pass for what the pod gets.
printf 'kind: Pod\nspec:\n  containers:\n  - name: a\n    volumeMounts: [{name: m, mountPath: /m}, {name: d, mountPath: /d}]\n  volumes: [{name: m, emptyDir: {medium: Memory, sizeLimit: 8Mi}}, {name: d, emptyDir: {}}]\n' >"$T_TMP/ed.yaml"
out=$("$POLC" import k8s "$T_TMP/ed.yaml" 2>&1)
assert_contains "emptyDir in memory: a tmpfs of mode 0777" "$out" "tmpfs /m size=8M mode=0777"
assert_contains "emptyDir on disk: a tmpfs of mode 0777" "$out" "tmpfs /d mode=0777"
printf 'policy t\nnamespaces {\n    unshare mount\n}\nfilesystem {\n    tmpfs /w mode=0777\n    tmpfs /n mode=0700\n    tmpfs /u\n    tmpfs /o mode=0777 uid=33 gid=34\n}\n' >"$T_TMP/modes.pol"
warn=$("$POLC" export k8s "$T_TMP/modes.pol" 2>&1 >"$T_TMP/modes.yaml")
case $warn in *"tmpfs /w: mode"*) fail "a tmpfs of mode 0777 (an emptyDir's): no mode warning" ;; *) pass "a tmpfs of mode 0777 (an emptyDir's): no mode warning" ;; esac
assert_contains "a tmpfs narrowed to 0700: warned, naming the kubelet's 0777" "$warn" "tmpfs /n: mode and nr_inodes have no emptyDir field (the kubelet makes it 0777)"
assert_contains "a tmpfs of enforce's default 0755: warned too" "$warn" "tmpfs /u: mode and nr_inodes"
assert_contains "a tmpfs owner: warned, naming uid= and gid=" "$warn" \
	"filesystem: tmpfs /o: uid=33 and gid=34 (the owner) have no emptyDir field (root owns it)"
case $warn in *"tmpfs /o: mode"*) fail "... its 0777 mode is not warned" ;; *) pass "... its 0777 mode is not warned" ;; esac
"$POLC" import k8s "$T_TMP/modes.yaml" -o "$T_TMP/modes_back.pol"
d=$("$POLC" diff "$T_TMP/modes.pol" "$T_TMP/modes_back.pol" 2>&1)
assert_contains "round trip: the 0700 tmpfs shows as widened to 0777" "$d" "tmpfs /n"
assert_contains "round trip: the owner is lost, as warned" "$d" "tmpfs /o: uid"
case $d in *"tmpfs /w"*) fail "round trip: the 0777 tmpfs comes back the same" "$d" ;; *) pass "round trip: the 0777 tmpfs comes back the same" ;; esac

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
printf 'kind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: ~\n  containers: [{name: a}]\n' >"$T_TMP/ynull.yaml"
hostile ynull "ynull.yaml:4:16: hostNetwork: expected true or false"
printf 'kind: Pod\nspec:\n  containers:\n  - name: a\n    resources: {limits: {memory: lots}}\n' >"$T_TMP/qty.yaml"
hostile qty "qty.yaml:5:34: memory: expected a quantity"
printf 'kind: Pod\nspec: {containers: [{name: a, securityContext: {runAsUser: -1}}]}\n' >"$T_TMP/neg.yaml"
hostile neg "runAsUser: out of range"
printf 'kind: Pod\nspec: [\n' >"$T_TMP/broken.yaml"
hostile broken "broken.yaml:3:1: YAML:"
printf 'kind: Pod\nkind: Pod\n' >"$T_TMP/dup.yaml"
hostile dup "dup.yaml:2:1: a key given twice"
printf 'kind: Pod\nspec:\n  containers:\n  - name: a\n    ports: [{containerPort: 80, hostPort: 8080, hostIP: "example.com"}]\n' >"$T_TMP/hostip.yaml"
hostile hostip "hostip.yaml:5:13: hostIP: expected an IPv4 or IPv6 address"
printf 'kind: Pod\nspec:\n  containers:\n  - name: a\n    ports: [{containerPort: 70000}]\n' >"$T_TMP/cport.yaml"
hostile cport "cport.yaml:5:29: containerPort: out of range"
printf 'kind: Pod\nspec: {containers: [{name: a}]}\n---\nkind: NetworkPolicy\nspec: {podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0}}]}]}\n' >"$T_TMP/cidr.yaml"
hostile cidr "cidr.yaml:5:50: ipBlock: expected cidr: ADDRESS/PREFIX"
printf 'kind: Pod\nspec:\n  containers:\n  - name: a\n    volumeMounts: [{name: v, mountPath: "/d\\n}\\ncapabilities {\\n keep sys_admin"}]\n  volumes: [{name: v, emptyDir: {}}]\n' >"$T_TMP/inject.yaml"
hostile inject "inject.yaml:5:20: mountPath: holds a character a policy word cannot"
# a NetworkPolicy whose matchLabels is a scalar (found by fuzz_import_k8s:
# json-c walked it as a mapping, a NULL dereference)
printf 'kind: Pod\nmetadata: {name: p, labels: {app: a}}\nspec: {containers: [{name: a}]}\n---\nkind: NetworkPolicy\nspec:\n  podSelector: {matchLabels: profile }\n  egress: [{}]\n' >"$T_TMP/selscalar.yaml"
hostile selscalar "selscalar.yaml:7:30: matchLabels: expected a mapping"
printf 'kind: Pod\nspec: {containers: [{name: a}]}\n---\nkind: NetworkPolicy\nspec: {podSelector: [app], egress: [{}]}\n' >"$T_TMP/selist.yaml"
hostile selist "selist.yaml:5:21: podSelector: expected a mapping"
printf 'kind: ConfigMap\n' >"$T_TMP/none.yaml"
hostile none "no Pod, Deployment"
done_testing
