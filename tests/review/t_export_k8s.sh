#!/bin/sh
# polc export k8s: every manifest validated against the Kubernetes schemas
# (npm kubernetes-models, installed once into $BUILD/npm-k8s, never
# globally), the Security Profiles Operator objects field by field
# (tests/review/k8s_validate.js), each kind of setting mapped to its field,
# every unmappable setting as exactly one stderr warning and one comment.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1

NPM_DIR=$TOP/$BUILD/npm-k8s
if [ ! -d "$NPM_DIR/node_modules/kubernetes-models" ] || [ ! -d "$NPM_DIR/node_modules/js-yaml" ] ||
	[ ! -d "$NPM_DIR/node_modules/ajv" ]; then
	mkdir -p "$NPM_DIR"
	(cd "$NPM_DIR" && npm install --no-audit --no-fund --silent kubernetes-models@4 js-yaml@4 ajv@8) >"$T_TMP/npm.log" 2>&1 ||
		{ fail "npm install kubernetes-models js-yaml ajv" "$(tail -1 "$T_TMP/npm.log")"; exit 1; }
fi
validate() { NODE_PATH=$NPM_DIR/node_modules node tests/review/k8s_validate.js "$@"; }
vq() { validate "$@" >"$T_TMP/v.out" 2>&1; }
# py EXPR FILE: EXPR over docs (the YAML documents) and w (the workload)
py() {
	python3 -c '
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[2])) if d]
w = [d for d in docs if d["kind"] in ("Pod", "Deployment")][0]
ps = w["spec"]["template"]["spec"] if w["kind"] == "Deployment" else w["spec"]
c = ps["containers"][0]; sc = c["securityContext"]
print(eval(sys.argv[1]))' "$1" "$2"
}

# 1. The shipped policies and the examples, each kind, with and without the operator.
n=0
for pol in policies/*.pol examples/*.pol tests/policies/fixtures/web.pol; do
	b=$(echo "$pol" | tr / _)
	for kind in pod deployment; do
		for op in --operator --no-operator; do
			n=$((n + 1))
			"$POLC" export k8s "$pol" --kind "$kind" "$op" -o "$T_TMP/$b-$kind$op.yaml" 2>/dev/null ||
				fail "export k8s $pol --kind $kind $op" "exit $?"
		done
	done
done
out=$(validate "$T_TMP"/*.yaml 2>&1)
bad=$(printf '%s\n' "$out" | grep -v ' ok ')
check "kubernetes-models validates all $n exported manifests (policies, examples)" \
	test "$(printf '%s\n' "$out" | grep -c ' ok ')" = "$n" -a -z "$bad"
[ -z "$bad" ] || printf '%s\n' "$bad" | sed 's/^/# /'
assert_contains "default.pol: a SeccompProfile then the Pod" "$(printf '%s\n' "$out" | grep 'policies_default.pol-pod--operator')" \
	"ok SeccompProfile,Pod"
assert_contains "default.pol without the operator: a ConfigMap then the Pod" \
	"$(printf '%s\n' "$out" | grep 'policies_default.pol-deployment--no-operator')" "ok ConfigMap,Deployment"

# 2. A policy with every section: each setting's field.
cat >"$T_TMP/all.pol" <<'POL'
policy all_sections
use hardened
process {
    user 1000 1001
    groups 1001 27
    cwd /srv
    hostname allh
    env LANG=C.UTF-8
    no_new_privs false
}
namespaces {
    unshare user
}
filesystem {
    root /srv/rootfs readonly
    bind /srv/data /data rw
    bind /etc/ssl
    tmpfs /run size=16M
}
capabilities {
    keep net_bind_service
}
cgroup {
    memory.max 512M
    cpu.max 0.25
    pids.max 64
    memory.swap.max 0
}
lsm {
    apparmor generate
    selinux system_u:system_r:container_t:s0:c1,c2
    landlock {
        read /usr
    }
}
syscalls {
    allow sendfile
    errno EACCES chmod
    allow personality if arg0 == 8
    allow clone if arg0 & 0x10000000 == 0
}
POL
"$POLC" export k8s "$T_TMP/all.pol" --name app --namespace web --image nginx:1 -o "$T_TMP/all.yaml" 2>"$T_TMP/all.err"
check "export k8s of a policy with every section" test -s "$T_TMP/all.yaml"
check "kubernetes-models and the SPO checks accept it" vq "$T_TMP/all.yaml"
f=$T_TMP/all.yaml
assert_eq "objects: SeccompProfile, AppArmorProfile, Pod" "['SeccompProfile', 'AppArmorProfile', 'Pod']" \
	"$(py '[d["kind"] for d in docs]' "$f")"
assert_eq "metadata: --name, --namespace; --image" "app web nginx:1 app" \
	"$(py 'w["metadata"]["name"], w["metadata"]["namespace"], c["image"], c["name"]' "$f" | tr -d "(),'")"
assert_eq "user: runAsUser, runAsGroup, runAsNonRoot; groups: supplementalGroups" "1000 1001 True [1001, 27]" \
	"$(py 'str(sc["runAsUser"]) + " " + str(sc["runAsGroup"]) + " " + str(sc["runAsNonRoot"]) + " " + str(ps["securityContext"]["supplementalGroups"])' "$f")"
assert_eq "no_new_privs false: allowPrivilegeEscalation true; privileged false" "True False" \
	"$(py 'sc["allowPrivilegeEscalation"], sc["privileged"]' "$f" | tr -d '(),')"
assert_eq "read-only root: readOnlyRootFilesystem" "True" "$(py 'sc.get("readOnlyRootFilesystem")' "$f")"
assert_eq "capabilities: drop ALL, add the kept set" "{'drop': ['ALL'], 'add': ['NET_BIND_SERVICE']}" \
	"$(py 'sc["capabilities"]' "$f")"
assert_eq "seccompProfile names the operator's profile" "{'type': 'Localhost', 'localhostProfile': 'operator/web/app.json'}" \
	"$(py 'sc["seccompProfile"]' "$f")"
assert_eq "appArmorProfile is the field, naming the AppArmorProfile object (the operator loads it under that name)" \
	"{'type': 'Localhost', 'localhostProfile': 'polc-all-sections'} polc-all-sections" \
	"$(py 'str(sc["appArmorProfile"]) + " " + docs[1]["metadata"]["name"]' "$f")"
# The AppArmorProfile: spec.abstract (SPO 0.9 and later), not spec.policy
# (pruned by the CRD); cluster-scoped; the lists from the policy's rules.
aa='docs[1]["spec"]["abstract"]'
assert_eq "AppArmorProfile: only spec.abstract, no namespace" "['abstract'] None" \
	"$(py 'str(list(docs[1]["spec"])) + " " + str(docs[1]["metadata"].get("namespace"))' "$f")"
assert_eq "the read-only root: read and exec (ixr + mr), never writable" "True True False" \
	"$(py "str('/**' in $aa['executable']['allowedExecutables']) + ' ' + str('/**' in $aa['executable']['allowedLibraries']) + ' ' + str('/**' in $aa['filesystem'].get('readWritePaths', []))" "$f")"
assert_eq "bind /data rw and tmpfs /run: read-write" "True True" \
	"$(py "str('/data/**' in $aa['filesystem']['readWritePaths']) + ' ' + str('/run/**' in $aa['filesystem']['readWritePaths'])" "$f")"
assert_eq "hardened's readonly /proc/sys: readOnlyPaths (r, deny wlk)" "True" \
	"$(py "str('/proc/sys/**' in $aa['filesystem']['readOnlyPaths'])" "$f")"
assert_eq "capabilities: the kept one only" "['net_bind_service']" \
	"$(py "$aa['capability']['allowedCapabilities']" "$f")"
assert_eq "network: TCP; UDP too (no Landlock TCP ports here)" "{'allowTcp': True, 'allowUdp': True}" \
	"$(py "$aa['network']['allowedProtocols']" "$f")"
assert_eq "no list repeats an item (listType=set)" "True" \
	"$(py "str(all(len(v) == len(set(v)) for s in $aa.values() for v in s.values() if isinstance(v, list)))" "$f")"
assert_contains "what the abstract cannot say is one warning" "$(cat "$T_TMP/all.err")" \
	"apparmor: the operator renders its own template (abstractions/base included)"
assert_eq "no AppArmor annotation" "None" "$(py 'w["metadata"].get("annotations")' "$f")"
assert_eq "seLinuxOptions: user, role, type, level (with colons)" \
	"{'user': 'system_u', 'role': 'system_r', 'type': 'container_t', 'level': 's0:c1,c2'}" "$(py 'sc["seLinuxOptions"]' "$f")"
assert_eq "user namespace: hostUsers false; procMount Default" "False False False False Default" \
	"$(py 'ps["hostUsers"], ps["hostNetwork"], ps["hostPID"], ps["hostIPC"], sc["procMount"]' "$f" | tr -d "(),'")"
assert_eq "resources: memory and cpu limits (and requests)" "{'memory': '512Mi', 'cpu': '250m'} True" \
	"$(py 'str(c["resources"]["limits"]) + " " + str(c["resources"]["requests"] == c["resources"]["limits"])' "$f")"
assert_eq "volumes: bind rw, bind ro as hostPath; tmpfs as emptyDir Memory with sizeLimit" \
	"[{'path': '/srv/data'}, {'path': '/etc/ssl'}, {'medium': 'Memory', 'sizeLimit': '16Mi'}] [('/data', False), ('/etc/ssl', True), ('/run', None)]" \
	"$(py 'str([v.get("hostPath", v.get("emptyDir")) for v in ps["volumes"]][-3:]) + " " + str([(m["mountPath"], m.get("readOnly")) for m in c["volumeMounts"]][-3:])' "$f")"
assert_eq "process: workingDir, env, hostname" "/srv [{'name': 'LANG', 'value': 'C.UTF-8'}] allh" \
	"$(py 'c["workingDir"] + " " + str(c["env"]) + " " + ps["hostname"]' "$f")"
assert_eq "SPO seccomp: errno rule keeps errnoRet, arg rules keep index/op/value/valueTwo" \
	"['chmod'] 13 [{'index': 0, 'value': 8, 'valueTwo': 0, 'op': 'SCMP_CMP_EQ'}] [{'index': 0, 'value': 268435456, 'valueTwo': 0, 'op': 'SCMP_CMP_MASKED_EQ'}]" \
	"$(python3 -c '
import sys, yaml
d = [x for x in yaml.safe_load_all(open(sys.argv[1])) if x][0]["spec"]["syscalls"]
e = [r for r in d if r["names"] == ["chmod"]][0]
a = [r["args"] for r in d if r["names"] == ["personality"] and r["args"][0]["value"] == 8][0]
m = [r["args"] for r in d if r["names"] == ["clone"]][0]
print(e["names"], e["errnoRet"], a, m)' "$f")"

# 3. What Kubernetes cannot express: one warning line each, the same text
# as a comment on the workload object.
nwarn=$(grep -c '^polc: export k8s: warning: ' "$T_TMP/all.err")
ncomm=$(grep -c '^# polc: not enforced: ' "$f")
check "one comment per warning ($nwarn)" test "$nwarn" -gt 0 -a "$nwarn" = "$ncomm"
sed -n 's/^polc: export k8s: warning: //p' "$T_TMP/all.err" >"$T_TMP/w1"
sed -n 's/^# polc: not enforced: //p' "$f" >"$T_TMP/w2"
check "warnings and comments say the same" cmp -s "$T_TMP/w1" "$T_TMP/w2"
for w in "cgroup: pids.max" "cgroup: memory.swap.max" "landlock:" "process: rlimit core" "namespaces: time" \
	"filesystem: root /srv/rootfs"; do
	assert_contains "warned and commented: $w" "$(grep '^# polc' "$f")" "$w"
done
check "the comments sit before the workload's document" \
	sh -c "awk '/^# polc: not enforced/{c=1} /^kind: /{if(c){print \$2; exit}}' '$f' | grep -qx Pod"
check "no warning about what the runtime keeps (masks of procMount Default)" \
	sh -c "! grep -q 'mask /proc/kcore\\|readonly /proc/sys\\|mqueue' '$T_TMP/all.err'"

# 4. Each setting on its own, against a base without them.
one() { # NAME BODY: export a one-section policy, echo the YAML path
	printf 'policy %s\n%b\n' "$1" "$2" >"$T_TMP/$1.pol"
	"$POLC" export k8s "$T_TMP/$1.pol" -o "$T_TMP/$1.yaml" 2>"$T_TMP/$1.err"
	echo "$T_TMP/$1.yaml"
}
f=$(one shared 'namespaces {\n    unshare mount uts\n}')
assert_eq "shared net/pid/ipc: hostNetwork/hostPID/hostIPC true, no hostUsers" "True True True None" \
	"$(py 'ps["hostNetwork"], ps["hostPID"], ps["hostIPC"], ps.get("hostUsers")' "$f" | tr -d '(),')"
assert_eq "no syscalls section: Unconfined, no SeccompProfile" "{'type': 'Unconfined'} ['Pod']" \
	"$(py 'str(sc["seccompProfile"]) + " " + str([d["kind"] for d in docs])' "$f")"
f=$(one rwroot 'namespaces {\n    unshare mount\n}\nfilesystem {\n    root /srv/r rw\n}')
assert_eq "writable root: no readOnlyRootFilesystem" "None" "$(py 'sc.get("readOnlyRootFilesystem")' "$f")"
f=$(one userns 'namespaces {\n    unshare user net pid ipc\n}')
assert_eq "user namespace and own net/pid/ipc: hostUsers false" "False" "$(py 'ps["hostUsers"]' "$f")"
f=$(one userhost 'namespaces {\n    unshare user\n}\nprocess {\n    user 0 0\n}')
assert_contains "user namespace next to hostNetwork: warned, not hostUsers false" "$(cat "$T_TMP/userhost.err")" \
	"Kubernetes refuses hostUsers: false"
assert_eq "... and runAsNonRoot false for uid 0" "None False" "$(py 'ps.get("hostUsers"), sc["runAsNonRoot"]' "$f" | tr -d '(),')"
f=$(one noop 'syscalls {\n    default errno EPERM\n    allow read write\n}')
"$POLC" export k8s "$T_TMP/noop.pol" --no-operator -o "$T_TMP/noop2.yaml" 2>"$T_TMP/noop2.err"
f=$T_TMP/noop2.yaml
assert_eq "--no-operator: the Pod names profiles/NAME.json" "profiles/noop.json" "$(py 'sc["seccompProfile"]["localhostProfile"]' "$f")"
assert_eq "--no-operator: the ConfigMap holds the seccomp JSON" "SCMP_ACT_ERRNO ['read', 'write']" \
	"$(python3 -c 'import sys,yaml,json; d=[x for x in yaml.safe_load_all(open(sys.argv[1])) if x][0]; p=json.loads(d["data"]["noop.json"]); print(p["defaultAction"], p["syscalls"][0]["names"])' "$f")"
assert_contains "--no-operator: where the profile goes on the node (comment)" "$(cat "$f")" \
	"# polc: copy data.noop.json to /var/lib/kubelet/seccomp/profiles/noop.json on every node"
assert_contains "--no-operator: where the profile goes on the node (warning)" "$(cat "$T_TMP/noop2.err")" \
	"/var/lib/kubelet/seccomp/profiles/noop.json"
f=$(one errno5 'syscalls {\n    default errno EIO\n    allow read\n}')
assert_contains "operator: a default errno other than EPERM is warned" "$(cat "$T_TMP/errno5.err")" "default errno 5"
assert_eq "operator: no defaultErrnoRet in the SPO spec" "None" "$(py 'docs[0]["spec"].get("defaultErrnoRet")' "$f")"
f=$(one quoting 'process {\n    env A=true B=0x10 C=yes D= E=1e3 F="a: b"\n}')
assert_eq "env values that look like other types stay strings" "['true', '0x10', 'yes', '', '1e3', 'a: b']" \
	"$(py '[e["value"] for e in c["env"]]' "$f")"
check "quoted env manifest validates" vq "$f"

# The network section (export_net.c's mapping): ports on the container, an
# egress NetworkPolicy after the workload, selecting its pods.
printf 'policy netp\nnamespaces {\n    unshare net\n}\nnetwork {\n    publish tcp 127.0.0.1:18080 80\n    connect tcp 10.0.0.0/8 5432\n}\n' >"$T_TMP/netp.pol"
"$POLC" export k8s "$T_TMP/netp.pol" --namespace shop -o "$T_TMP/netp.yaml" 2>/dev/null
check "network section: kubernetes-models accepts the Pod and the NetworkPolicy" vq "$T_TMP/netp.yaml"
assert_eq "network section: objects, ports, the policy's namespace, selector and egress" \
	"['Pod', 'NetworkPolicy'] [80] shop netp ['Egress'] 10.0.0.0/8 5432" \
	"$(py '" ".join(str(v) for v in ([d["kind"] for d in docs], [p["containerPort"] for p in c["ports"]], docs[1]["metadata"]["namespace"], docs[1]["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"], docs[1]["spec"]["policyTypes"], docs[1]["spec"]["egress"][0]["to"][0]["ipBlock"]["cidr"], docs[1]["spec"]["egress"][0]["ports"][0]["port"]))' "$T_TMP/netp.yaml")"

# 5. Bad options: one line, exit 2.
for args in "--kind job" "--name Bad_Name" "--namespace -x"; do
	# shellcheck disable=SC2086
	"$POLC" export k8s policies/default.pol $args -o "$T_TMP/x.yaml" 2>"$T_TMP/bad.err"
	st=$?
	check "export k8s $args: exit 2, one line" test "$st" = 2 -a "$(wc -l <"$T_TMP/bad.err")" = 1
done
"$POLC" export oci policies/default.pol --name x -o "$T_TMP/x.json" 2>"$T_TMP/bad.err"
assert_eq "export oci --name: refused (k8s only)" "2" "$?"

done_testing
