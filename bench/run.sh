#!/bin/bash
# `make bench`: enforce against bubblewrap, runc, unshare and firejail on this
# machine, side by side, and the result page docs/BENCHMARKS.md with a chart.
# Not part of `make check`: nothing here is a pass/fail test, a missed target
# is a finding written into the page.
#
# Needs root (runc, cgroups, firejail's setuid paths); the rootless case runs
# its commands as the unprivileged user poltest.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
BUILD=${BUILD:-build}
POLC=$TOP/$BUILD/polc
ENFORCE=$TOP/$BUILD/enforce
OUT=$TOP/$BUILD/bench
PAGE=$TOP/docs/BENCHMARKS.md
CHART=$TOP/docs/bench-startup.png
RUNS=${BENCH_RUNS:-200}
WARMUP=${BENCH_WARMUP:-20}
T_USER=poltest
mkdir -p "$OUT"
exec 3>&1

log() { echo "bench: $*" >&3; }

# ---- fixtures -------------------------------------------------------------

build_blobs() {
	"$POLC" import docker-seccomp --name docker "$TOP/tests/policies/ref/docker-default-seccomp.json" \
		-o "$OUT/docker.pol"
	for p in startup cgroup rootless use-hardened; do
		"$POLC" build -I bench/policies -I "$OUT" -I policies "bench/policies/$p.pol" -o "$OUT/$p.polb"
	done
	chmod 644 "$OUT"/*.polb
}

# runc wants a bundle: a read-only rootfs with a static /bin/true, and the
# same namespaces, capabilities and Docker seccomp profile (exported by polc).
make_runc_bundle() {
	local b=$OUT/runc-bundle
	rm -rf "$b"
	mkdir -p "$b/rootfs/bin" "$b/rootfs/proc" "$b/rootfs/dev" "$b/rootfs/tmp" "$b/rootfs/sys"
	cp /bin/busybox "$b/rootfs/bin/busybox"
	ln -s busybox "$b/rootfs/bin/true"
	(cd "$b" && runc spec)
	local seccomp='null'
	if "$POLC" export oci -I bench/policies -I "$OUT" bench/policies/startup.pol >"$OUT/oci.json" 2>/dev/null; then
		seccomp=$(jq '.linux.seccomp // null' "$OUT/oci.json")
	fi
	jq --argjson sc "$seccomp" '
	  .process.terminal = false | .process.args = ["/bin/true"] |
	  .root.readonly = true |
	  .process.capabilities = {bounding: [], effective: [], permitted: [], inheritable: [], ambient: []} |
	  .linux.namespaces += [{type: "cgroup"}] |
	  (if $sc != null then .linux.seccomp = $sc else . end)' \
		"$b/config.json" >"$b/config.tmp" && mv "$b/config.tmp" "$b/config.json"
	RUNC_SECCOMP=$([ "$seccomp" != null ] && echo yes || echo no)
}

# bubblewrap takes a compiled BPF program on an fd: give it enforce's own
# (the x86_64 program of the same blob, taken out by bench/extract_bpf.py).
make_bwrap_bpf() {
	BWRAP_SECCOMP=no
	if python3 bench/extract_bpf.py "$OUT/startup.polb" >"$OUT/startup.bpf" 2>/dev/null &&
		[ -s "$OUT/startup.bpf" ]; then
		BWRAP_SECCOMP=yes
	fi
}

bwrap_cmd() {
	local sc=""
	[ "$BWRAP_SECCOMP" = yes ] && sc="--seccomp 9"
	echo "bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --cap-drop ALL $sc /bin/true"
}

# ---- start-up ---------------------------------------------------------------

# compare SCENARIO TITLE NAME CMD [NAME CMD...]: one hyperfine run, every
# command side by side, without a shell (-N); each goes through the same
# fdexec, which puts bubblewrap's BPF program on fd 9 (the others ignore it).
compare() {
	local scenario=$1 title=$2 args=()
	shift 2
	while [ $# -gt 0 ]; do
		printf '%s\t%s\t%s\n' "$title" "$1" "$2" >>"$OUT/commands.tsv"
		args+=(-n "$1" "$FDEXEC 9 $OUT/startup.bpf $2")
		shift 2
	done
	hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$OUT/$scenario.json" \
		"${args[@]}" >"$OUT/$scenario.txt" 2>&1 || true
}

startup_root() {
	log "start-up as root ($RUNS runs each)"
	compare startup "As root" \
		enforce "$ENFORCE $OUT/startup.polb -- /bin/true" \
		bubblewrap "$(bwrap_cmd)" \
		runc "runc run --bundle $OUT/runc-bundle bench-run" \
		unshare "unshare --mount --pid --ipc --uts --net --cgroup --fork --mount-proc /bin/true" \
		firejail "firejail --quiet --noprofile --private-tmp --private-dev --read-only=/ --caps.drop=all --seccomp --net=none /bin/true"
}

startup_cgroup() {
	log "start-up with cgroup limits"
	compare cgroup "As root, with cgroup limits (memory, pids, cpu)" \
		enforce "$ENFORCE $OUT/cgroup.polb -- /bin/true" \
		runc "runc run --bundle $OUT/runc-bundle-cg bench-run"
}

startup_rootless() {
	log "start-up as an unprivileged user, in a user namespace"
	local su="setpriv --reuid $T_USER --regid $T_USER --clear-groups --"
	compare rootless "As an unprivileged user, in a user namespace" \
		enforce "$su $ENFORCE $OUT/rootless.polb -- /bin/true" \
		bubblewrap "$su bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --cap-drop ALL /bin/true" \
		unshare "$su unshare --user --map-root-user --mount --pid --ipc --uts --net --cgroup --fork --mount-proc /bin/true"
}

# The hardened base against bubblewrap as the issue names it (no filter),
# and the like-for-like pair again (the same BPF on both sides). On a
# shared machine the load moves during a run, and hyperfine measures one
# command after the other: so HARDENED_ROUNDS hyperfine runs of RUNS/ROUNDS
# each, the order of the commands turned by one every round, and
# report.py pools every round's times (hardened-N.json).
startup_hardened() {
	local rounds=${HARDENED_ROUNDS:-4} bw names cmds i j k args
	log "start-up: the hardened base against bubblewrap ($RUNS runs each, $rounds rounds)"
	bw="bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --cap-drop ALL"
	names=("enforce, use hardened" bubblewrap "enforce, like-for-like" "bubblewrap, same filter")
	cmds=("$ENFORCE $OUT/use-hardened.polb -- /bin/true" "$bw /bin/true"
	      "$ENFORCE $OUT/startup.polb -- /bin/true" "$(bwrap_cmd)")
	for i in 0 1 2 3; do
		printf '%s\t%s\t%s\n' "As root: the hardened base against bubblewrap" "${names[i]}" \
			"${cmds[i]}" >>"$OUT/commands.tsv"
	done
	rm -f "$OUT"/hardened-*.json
	for ((k = 0; k < rounds; k++)); do
		args=()
		for i in 0 1 2 3; do
			j=$(((i + k) % 4))
			args+=(-n "${names[j]}" "$FDEXEC 9 $OUT/startup.bpf ${cmds[j]}")
		done
		hyperfine -N --runs $((RUNS / rounds)) --warmup "$WARMUP" \
			--export-json "$OUT/hardened-$k.json" "${args[@]}" >"$OUT/hardened-$k.txt" 2>&1 || true
	done
}

# CPU of a start, every process counted: perf stat's task-clock follows
# every descendant (inherited counters), where the rusage hyperfine reports
# counts only the children someone waited for: bubblewrap's pid 1 and the
# command are not, so its user + system times leave them out.
cpu_cost() {
	local i names cmds
	log "CPU per start (perf stat task-clock, 100 runs each)"
	: >"$OUT/cpu.tsv"
	command -v perf >/dev/null || return 0
	names=("enforce, use hardened" bubblewrap "enforce, like-for-like" "bubblewrap, same filter")
	cmds=("$ENFORCE $OUT/use-hardened.polb -- /bin/true"
	      "bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --cap-drop ALL /bin/true"
	      "$ENFORCE $OUT/startup.polb -- /bin/true" "$(bwrap_cmd)")
	for i in 0 1 2 3; do
		# shellcheck disable=SC2086 # a command line, split as hyperfine -N splits it
		perf stat -x, -e task-clock -r 100 -o "$OUT/cpu-$i.txt" $FDEXEC 9 "$OUT/startup.bpf" ${cmds[i]} >/dev/null 2>&1 || true
		printf '%s\t%s\n' "${names[i]}" "$(awk -F, '/task-clock/ {print $1}' "$OUT/cpu-$i.txt")" >>"$OUT/cpu.tsv"
	done
}

# Where the time goes: enforce --timings, the median of each step over
# STEP_RUNS runs (bench/steps.py), and the syscalls of one start (strace -f -c).
startup_steps() {
	log "start-up steps (enforce --timings, ${STEP_RUNS:-100} runs each), syscall counts"
	local p
	for p in startup use-hardened; do
		python3 bench/steps.py "${STEP_RUNS:-100}" "$ENFORCE" "$OUT/$p.polb" /bin/true >"$OUT/steps-$p.tsv"
		strace -f -c -o "$OUT/strace-$p.txt" "$ENFORCE" "$OUT/$p.polb" -- /bin/true
	done
	strace -f -c -o "$OUT/strace-bwrap.txt" \
		bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --cap-drop ALL /bin/true
}

make_runc_cgroup_bundle() {
	local b=$OUT/runc-bundle-cg
	rm -rf "$b"
	cp -a "$OUT/runc-bundle" "$b"
	jq '.linux.resources.memory = {limit: 268435456} | .linux.resources.pids = {limit: 128} |
	    .linux.resources.cpu = {quota: 100000, period: 100000}' \
		"$b/config.json" >"$b/c.tmp" && mv "$b/c.tmp" "$b/config.json"
}

# ---- throughput and leftovers -------------------------------------------------

leftovers() {
	local mounts cg procs
	mounts=$(wc -l </proc/self/mountinfo)
	cg=$(find /sys/fs/cgroup -maxdepth 3 -type d -path '*polc*' 2>/dev/null | wc -l)
	procs=$(pgrep -c -x enforce || true)
	echo "$mounts $cg $procs"
}

throughput() {
	log "throughput: 1000 in a row, 100 at once"
	local before after t0 t1
	before=$(leftovers)
	t0=$(date +%s.%N)
	for _ in $(seq 1000); do "$ENFORCE" "$OUT/cgroup.polb" -- /bin/true; done
	t1=$(date +%s.%N)
	SEQ_SECONDS=$(echo "$t1 - $t0" | bc)
	t0=$(date +%s.%N)
	seq 100 | xargs -P 100 -I{} "$ENFORCE" "$OUT/cgroup.polb" -- /bin/true
	t1=$(date +%s.%N)
	PAR_SECONDS=$(echo "$t1 - $t0" | bc)
	after=$(leftovers)
	LEFT_BEFORE=$before LEFT_AFTER=$after
}

# ---- footprint ----------------------------------------------------------------

peak_rss_kb() { # command... -> peak RSS of the whole run in KiB
	/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1
}

supervisor_rss_kb() { # how much the supervisor keeps resident while the command runs
	local pid rss=""
	"$@" &
	pid=$!
	sleep 0.5
	rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")
	wait "$pid" || true
	echo "$rss"
}

footprint() {
	log "footprint"
	cp "$ENFORCE" "$OUT/enforce.stripped" && strip "$OUT/enforce.stripped"
	ENFORCE_SIZE=$(stat -c %s "$OUT/enforce.stripped")
	BWRAP_SIZE=$(stat -c %s "$(command -v bwrap)")
	RUNC_SIZE=$(stat -c %s "$(command -v runc)")
	ENFORCE_PEAK=$(peak_rss_kb "$ENFORCE" "$OUT/startup.polb" -- /bin/true)
	HARDENED_PEAK=$(peak_rss_kb "$ENFORCE" "$OUT/use-hardened.polb" -- /bin/true)
	BWRAP_PEAK=$(peak_rss_kb bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --cap-drop ALL /bin/true)
	RUNC_PEAK=$(peak_rss_kb runc run --bundle "$OUT/runc-bundle" bench-rss)
	ENFORCE_SUP=$(supervisor_rss_kb "$ENFORCE" "$OUT/startup.polb" -- /bin/sleep 1)
	BWRAP_SUP=$(supervisor_rss_kb bwrap --unshare-all --ro-bind / / --proc /proc --dev /dev --tmpfs /tmp --cap-drop ALL /bin/sleep 1)
	local b=$OUT/runc-bundle-sleep
	rm -rf "$b"; cp -a "$OUT/runc-bundle" "$b"
	ln -sf busybox "$b/rootfs/bin/sleep"
	jq '.process.args = ["/bin/sleep", "1"]' "$b/config.json" >"$b/c.tmp" && mv "$b/c.tmp" "$b/config.json"
	RUNC_SUP=$(supervisor_rss_kb runc run --bundle "$b" bench-sup)
}

# ---- seccomp ------------------------------------------------------------------

seccomp_cost() {
	log "seccomp: instructions per decision, per-syscall overhead"
	local cost=$TOP/$BUILD/bench/bpf_cost
	: >"$OUT/bpf-cost.txt"
	for p in policies/default.pol policies/hardened.pol; do
		echo "== $p" >>"$OUT/bpf-cost.txt"
		"$cost" "$p" >>"$OUT/bpf-cost.txt" 2>&1 || echo "(bpf_cost failed)" >>"$OUT/bpf-cost.txt"
	done
	echo "== docker-default (libseccomp, imported)" >>"$OUT/bpf-cost.txt"
	"$TOP/$BUILD/bench/docker_bpf_cost" "$TOP/tests/policies/ref/docker-default-seccomp.json" >>"$OUT/bpf-cost.txt" 2>&1 ||
		echo "(docker profile not measured)" >>"$OUT/bpf-cost.txt"
	# Outside the checkout: the policy's tmpfs on /tmp would hide a clone there.
	local stage
	stage=$(mktemp -d /var/lib/polc-bench.XXXXXX)
	chmod 755 "$stage"
	cc -O2 -o "$stage/syscall_loop" bench/syscall_loop.c
	LOOP_BARE_PPID=$("$stage/syscall_loop" getppid)
	LOOP_BARE_PERS=$("$stage/syscall_loop" personality)
	LOOP_FILT_PPID=$("$ENFORCE" "$OUT/startup.polb" -- "$stage/syscall_loop" getppid)
	LOOP_FILT_PERS=$("$ENFORCE" "$OUT/startup.polb" -- "$stage/syscall_loop" personality)
	rm -rf "$stage"
}

# ---- polc ---------------------------------------------------------------------

polc_speed() {
	log "polc compile times"
	local big=$OUT/big.pol
	{
		echo "policy big"
		echo "syscalls {"
		echo "    default kill_process"
		local i=0
		while read -r s; do
			[ $i -ge 1000 ] && break
			echo "    allow $s if arg0 == $i"
			i=$((i + 1))
		done < <(for r in 1 2 3; do
			sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' /usr/include/x86_64-linux-gnu/asm/unistd_64.h
		done)
		echo "}"
	} >"$big"
	local args=()
	for p in policies/default.pol policies/hardened.pol; do
		args+=(-n "$(basename "$p")" "$POLC build $p -o $OUT/tmp.polb")
	done
	args+=(-n "1000-rule" "$POLC build $big -o $OUT/tmp.polb")
	hyperfine -N --runs 30 --warmup 3 --export-json "$OUT/polc.json" "${args[@]}" >"$OUT/polc.txt" 2>&1 || true
	printf 'polc\t%s\t%s\n' "1000-rule policy" "$big (generated)" >>"$OUT/commands.tsv"
}

# ---- report -------------------------------------------------------------------

report() {
	log "writing $PAGE and $CHART"
	python3 bench/report.py "$OUT" "$PAGE" "$CHART" <<EOF
{
 "runc_seccomp": "${RUNC_SECCOMP:-no}", "bwrap_seccomp": "${BWRAP_SECCOMP:-no}",
 "seq_seconds": "${SEQ_SECONDS:-}", "par_seconds": "${PAR_SECONDS:-}",
 "left_before": "${LEFT_BEFORE:-}", "left_after": "${LEFT_AFTER:-}",
 "enforce_size": "${ENFORCE_SIZE:-}", "bwrap_size": "${BWRAP_SIZE:-}", "runc_size": "${RUNC_SIZE:-}",
 "enforce_peak": "${ENFORCE_PEAK:-}", "hardened_peak": "${HARDENED_PEAK:-}", "bwrap_peak": "${BWRAP_PEAK:-}", "runc_peak": "${RUNC_PEAK:-}",
 "enforce_sup": "${ENFORCE_SUP:-}", "bwrap_sup": "${BWRAP_SUP:-}", "runc_sup": "${RUNC_SUP:-}",
 "loop_bare_ppid": "${LOOP_BARE_PPID:-}", "loop_bare_pers": "${LOOP_BARE_PERS:-}",
 "loop_filt_ppid": "${LOOP_FILT_PPID:-}", "loop_filt_pers": "${LOOP_FILT_PERS:-}"
}
EOF
}

main() {
	[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 1; }
	id "$T_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$T_USER"
	: >"$OUT/commands.tsv"
	FDEXEC=$OUT/fdexec
	cc -O2 -o "$FDEXEC" bench/fdexec.c
	build_blobs
	make_runc_bundle
	make_runc_cgroup_bundle
	make_bwrap_bpf
	startup_root
	startup_cgroup
	startup_rootless
	startup_hardened
	cpu_cost
	startup_steps
	throughput
	footprint
	seccomp_cost
	polc_speed
	report
	bench/net.sh >&3 # its block, after report.py rewrote the page
}
main "$@"
