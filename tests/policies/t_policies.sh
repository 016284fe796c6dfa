#!/bin/sh
# The standard library through the real polc: every shipped policy passes
# `polc check`, is in `polc fmt`'s layout, explains and compiles; docs/policies.md documents every group with the
# members groups.pol gives it; `polc import docker-seccomp` of the Docker
# reference checks and builds, and its --caps/--arch options change what it
# resolves; `polc export` writes what each format needs.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1
REF=tests/policies/ref/docker-default-seccomp.json

# ---- every shipped policy checks and compiles --------------------------
for p in policies/*.pol; do
	pol=$(basename "$p" .pol)
	assert_status "polc check $pol" 0 "$POLC" check "$p"
	# silent (nothing to say, as host-ro) or a summary that counts 0 errors
	if ! "$POLC" check "$p" 2>&1 | grep -q ' error' || "$POLC" check "$p" 2>&1 | grep -q '^0 errors'; then
		pass "polc check $pol: 0 errors"
	else fail "polc check $pol: 0 errors" "$("$POLC" check "$p" 2>&1 | tail -3)"; fi
	assert_status "polc fmt --check $pol: canonical layout" 0 "$POLC" fmt --check "$p"
	[ "$pol" = groups ] && continue # a library of groups, no policy of its own
	assert_status "polc explain $pol" 0 "$POLC" explain "$p"
	assert_status "polc build $pol" 0 "$POLC" build "$p" -o "$T_TMP/$pol.polb"
	[ -s "$T_TMP/$pol.polb" ] && pass "$pol.polb written" || fail "$pol.polb written"
done

# ---- docs/policies.md documents every group, with its members ----------
# groups.pol: "@name member member ..." per group, comments dropped.
awk '/^#/ { next }
     /^group @/ { name = $2; members = ""; in_group = 1; next }
     in_group && /^}/ { print name members; in_group = 0; next }
     in_group { sub(/#.*/, ""); for (i = 1; i <= NF; i++) members = members " " $i }' \
	policies/groups.pol | sort >"$T_TMP/groups.txt"
# docs: "### `@name`" ... "Members: `a b c`"
awk '/^### `@/ { gsub(/[#` ]/, ""); name = $0; next }
     name && /^Members: `/ { sub(/^Members: `/, ""); sub(/`$/, ""); print name " " $0; name = "" }' \
	docs/policies.md | sort >"$T_TMP/docs.txt"
ngroups=$(wc -l <"$T_TMP/groups.txt" | tr -d ' ')
[ "$ngroups" -ge 25 ] && pass "groups.pol defines $ngroups groups" || fail "groups.pol defines groups" "$ngroups"
if diff "$T_TMP/groups.txt" "$T_TMP/docs.txt" >"$T_TMP/groups.diff"; then
	pass "docs/policies.md documents all $ngroups groups with groups.pol's members"
else
	fail "docs/policies.md documents every group with its members" "$(head -c 300 "$T_TMP/groups.diff")"
fi

# ---- import -> check -> build ------------------------------------------
assert_status "import docker-seccomp of the reference" 0 \
	"$POLC" import docker-seccomp "$REF" -o "$T_TMP/imported.pol"
imported=$(cat "$T_TMP/imported.pol")
assert_contains "import: default errno EPERM" "$imported" "default errno EPERM"
assert_contains "import: amd64 archMap" "$imported" "arch x86_64 x86 x32"
assert_contains "import: clone without namespace flags" "$imported" "allow clone if flags & 0x7e020000 == 0"
assert_contains "import: socket families" "$imported" "allow socket if domain < 38 or domain == 39 or domain > 40"
assert_contains "import: personality values" "$imported" "allow personality if persona in { 0 8 0x20000 0x20008 0xffffffff }"
assert_contains "import: clone3 ENOSYS" "$imported" "errno ENOSYS clone3"
assert_status "imported policy checks" 0 "$POLC" check "$T_TMP/imported.pol"
assert_status "imported policy builds" 0 "$POLC" build "$T_TMP/imported.pol" -o "$T_TMP/imported.polb"

all=$("$POLC" import docker-seccomp --caps all "$REF")
# allowed without a condition: on an `allow` line that has no `if`
allowed() { printf '%s\n' "$1" | grep '^    allow ' | grep -v ' if ' | grep -qw -- "$2"; }
allowed "$all" mount && pass "import --caps all: mount allowed" || fail "import --caps all: mount allowed"
allowed "$all" clone3 && pass "import --caps all: clone3 allowed" || fail "import --caps all: clone3 allowed"
case "$all" in *"clone if"*|*"ENOSYS clone3"*) fail "import --caps all: no clone condition, no clone3 ENOSYS" ;;
*) pass "import --caps all: no clone condition, no clone3 ENOSYS" ;; esac
none=$("$POLC" import docker-seccomp --caps none "$REF")
allowed "$none" chroot && fail "import --caps none: chroot refused" || pass "import --caps none: chroot refused"
allowed "$(cat "$T_TMP/imported.pol")" chroot && pass "import (default caps): chroot allowed" ||
	fail "import (default caps): chroot allowed"
arm=$("$POLC" import docker-seccomp --arch arm64 "$REF")
assert_contains "import --arch arm64: aarch64 and arm" "$arm" "arch aarch64 arm"
assert_contains "import --arch arm64: the arm entries apply" "$arm" "cacheflush"
case "$arm" in *arch_prctl*) fail "import --arch arm64: no arch_prctl" ;; *) pass "import --arch arm64: no arch_prctl" ;; esac
old=$("$POLC" import docker-seccomp --kernel 4.4 "$REF")
allowed "$old" ptrace && fail "import --kernel 4.4: ptrace refused (minKernel 4.8)" ||
	pass "import --kernel 4.4: ptrace refused (minKernel 4.8)"

# an OCI config.json: its linux.seccomp (here, what export oci wrote for default.pol)
"$POLC" export oci policies/default.pol -o "$T_TMP/default-config.json" 2>/dev/null
oci=$("$POLC" import docker-seccomp "$T_TMP/default-config.json")
assert_contains "import of an OCI config.json reads linux.seccomp" "$oci" "arch x86_64 x86 x32"
assert_contains "import of an OCI config.json: socket families" "$oci" "allow socket if domain != 38 and domain != 40"
printf '{"defaultAction":"SCMP_ACT_NOTIFY"}' >"$T_TMP/notify.json"
err=$("$POLC" import docker-seccomp "$T_TMP/notify.json" 2>&1)
assert_contains "import refuses SCMP_ACT_NOTIFY" "$err" "SCMP_ACT_NOTIFY has no equivalent"
assert_status "import of a broken file exits 2" 2 "$POLC" import docker-seccomp "$T_TMP/imported.pol"
# hostile profiles: nulls and wrong types everywhere; an answer, never a crash
n=0
for j in '[]' 'null' '{}' '{"defaultAction":null}' '{"defaultAction":"SCMP_ACT_ALLOW","archMap":[null,{"architecture":null},{"architecture":"SCMP_ARCH_X86_64","subArchitectures":[null,7,"SCMP_ARCH_X32"]}]}' \
	'{"defaultAction":"SCMP_ACT_ALLOW","architectures":[null,1,{}]}' \
	'{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":-5}' \
	'{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[null,7,{"names":[null,1,{},"read"],"action":"SCMP_ACT_ERRNO","errnoRet":"x"}]}' \
	'{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[null,{"index":null,"op":null}]}]}' \
	'{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":9,"op":"SCMP_CMP_EQ"}]}]}' \
	'{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","includes":{"caps":[null,3],"arches":[null]},"excludes":{"caps":[null],"arches":[1],"minKernel":null}}]}' \
	'{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"name":null,"action":"SCMP_ACT_ALLOW"}]}'; do
	n=$((n + 1))
	printf '%s' "$j" >"$T_TMP/hostile$n.json"
	"$POLC" import docker-seccomp "$T_TMP/hostile$n.json" >/dev/null 2>&1
	st=$?
	{ [ "$st" = 0 ] || [ "$st" = 2 ]; } && pass "import of hostile profile $n: exit $st" ||
		fail "import of hostile profile $n" "exit $st: $j"
done
assert_status "import of an unknown format exits 2" 2 "$POLC" import apparmor "$REF"

# ---- export ------------------------------------------------------------
have_python=false
command -v python3 >/dev/null 2>&1 && have_python=true
json_ok() { $have_python && python3 -m json.tool "$1" >/dev/null 2>&1; }

"$POLC" export oci policies/default.pol -o "$T_TMP/config.json" -- /bin/sh 2>/dev/null
if $have_python; then
	json_ok "$T_TMP/config.json" && pass "export oci: valid JSON" || fail "export oci: valid JSON"
	got=$(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
l = c["linux"]
print(len(c["process"]["capabilities"]["bounding"]), len(l["maskedPaths"]), len(l["readonlyPaths"]),
      ",".join(n["type"] for n in l["namespaces"]), l["seccomp"]["defaultAction"],
      l["seccomp"]["defaultErrnoRet"], c["process"]["args"][0], c["process"]["noNewPrivileges"])' "$T_TMP/config.json")
	assert_eq "export oci of default.pol: caps, masks, read-only, namespaces, seccomp, args" \
		"14 12 5 mount,pid,network,uts,ipc,cgroup SCMP_ACT_ERRNO 1 /bin/sh True" "$got"

	"$POLC" export k8s policies/default.pol -o "$T_TMP/k8s.yaml" 2>/dev/null
	got=$(python3 -c '
import yaml, sys
prof, pod = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
sc = pod["spec"]["containers"][0]["securityContext"]
print(sc["capabilities"]["drop"], len(sc["capabilities"]["add"]), sc["seccompProfile"]["localhostProfile"],
      pod["spec"]["hostNetwork"], pod["spec"].get("hostUsers"), prof["spec"]["defaultAction"])' "$T_TMP/k8s.yaml")
	assert_eq "export k8s of default.pol" "['ALL'] 14 operator/default/default.json False None SCMP_ACT_ERRNO" "$got"

	"$POLC" export docker-seccomp policies/hardened.pol -o "$T_TMP/hardened.json" 2>/dev/null
	json_ok "$T_TMP/hardened.json" && pass "export docker-seccomp: valid JSON" || fail "export docker-seccomp: valid JSON"
else
	skip "export JSON checks" "python3 not installed"
fi

# Every section of a service policy, through each format.
WEB=tests/policies/fixtures/web.pol
if $have_python; then
	"$POLC" export oci "$WEB" -o "$T_TMP/web.json" -- /usr/sbin/nginx -g 'daemon off;' 2>/dev/null
	got=$(python3 -c '
import json, sys
c = json.load(open(sys.argv[1])); p = c["process"]; l = c["linux"]; r = l["resources"]
binds = {m["destination"]: m["options"] for m in c["mounts"] if m["type"] == "bind"}
print(p["args"], p["user"], p["capabilities"]["ambient"], [x for x in p["rlimits"] if x["type"] == "RLIMIT_NOFILE"],
      p["apparmorProfile"], c["root"], c["hostname"], binds["/data"], binds["/etc/ssl"], l["uidMappings"],
      r["memory"], r["pids"], r["cpu"], r["unified"], l["cgroupsPath"])' "$T_TMP/web.json")
	assert_eq "export oci: every section of a service policy" "$(printf '%s' \
"['/usr/sbin/nginx', '-g', 'daemon off;'] {'uid': 1000, 'gid': 1000, 'additionalGids': [1000, 27], 'umask': 23} " \
"['CAP_NET_BIND_SERVICE'] [{'type': 'RLIMIT_NOFILE', 'hard': 4096, 'soft': 1024}] web-confined " \
"{'path': '/srv/web/rootfs', 'readonly': True} web ['rbind', 'rw', 'nosuid', 'nodev', 'noexec'] ['rbind', 'ro', 'rro'] " \
"[{'containerID': 0, 'hostID': 100000, 'size': 65536}] {'limit': 536870912, 'swap': 536870912} {'limit': 256} " \
"{'quota': 50000, 'period': 100000, 'cpus': '0-1'} {'cpu.weight': '100', 'io.weight': '100'} /polc/web")" "$got"
	"$POLC" export k8s "$WEB" -o "$T_TMP/web-k8s.yaml" 2>/dev/null
	got=$(python3 -c '
import yaml, sys
pod = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d][-1]["spec"]; c = pod["containers"][0]; sc = c["securityContext"]
print(sc["runAsUser"], sc["runAsNonRoot"], sc["capabilities"]["add"], sc["seLinuxOptions"]["level"],
      c["resources"]["limits"], pod["hostNetwork"], pod["securityContext"])' "$T_TMP/web-k8s.yaml")
	assert_eq "export k8s: user, caps, SELinux level, limits, host network, groups" \
		"1000 True ['NET_BIND_SERVICE'] s0:c1,c2 {'memory': '512Mi', 'cpu': '500m'} True {'supplementalGroups': [1000, 27]}" "$got"
fi
warn=$("$POLC" export oci "$WEB" 2>&1 >/dev/null)
assert_contains "export oci warns about env_pass" "$warn" "env_pass TERM: OCI has no pass-through"
assert_contains "export oci warns about the symlink" "$warn" "symlink /dev/fd -> /proc/self/fd"
unit=$("$POLC" export systemd "$WEB" -- /usr/sbin/nginx -g 'daemon off;' '100%' 2>/dev/null)
for line in 'ExecStart=/usr/sbin/nginx -g "daemon off;" "100%%"' User=1000 'SupplementaryGroups=1000 27' \
	UMask=0027 LimitNOFILE=1024:4096 CapabilityBoundingSet=CAP_NET_BIND_SERVICE \
	RootDirectory=/srv/web/rootfs BindPaths=/srv/web/data:/data NoExecPaths=/data \
	BindReadOnlyPaths=/etc/ssl MemoryMax=536870912 MemorySwapMax=0 TasksMax=256 CPUQuota=50% \
	AllowedCPUs=0-1 AppArmorProfile=-web-confined; do
	assert_contains "export systemd: $line" "$unit" "
$line
"
done
case "$unit" in *PrivateNetwork=*) fail "export systemd: share net gives no PrivateNetwork=" ;;
*) pass "export systemd: share net gives no PrivateNetwork=" ;; esac

unit=$("$POLC" export systemd policies/hardened.pol 2>"$T_TMP/systemd.err")
assert_contains "export systemd: no capabilities" "$unit" "
CapabilityBoundingSet=
"
assert_contains "export systemd: user namespace" "$unit" "PrivateUsers=yes"
assert_contains "export systemd: native only" "$unit" "SystemCallArchitectures=x86-64
"
assert_contains "export systemd: socket families" "$unit" "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"
assert_contains "export systemd: no nested namespaces" "$unit" "RestrictNamespaces=yes"
assert_contains "export systemd: masks" "$unit" "InaccessiblePaths=-/proc/asound"
assert_contains "export systemd: dropped conditions are warned about" "$(cat "$T_TMP/systemd.err")" \
	"ioctl: its argument condition has no systemd equivalent"
unit=$("$POLC" export systemd policies/default.pol 2>/dev/null)
assert_contains "export systemd of default.pol: errno default" "$unit" "SystemCallErrorNumber=EPERM"
assert_contains "export systemd of default.pol: AF_ALG and AF_VSOCK refused" "$unit" \
	"RestrictAddressFamilies=~AF_ALG AF_VSOCK"
assert_status "export of an unknown format exits 2" 2 "$POLC" export nomad policies/default.pol

done_testing
