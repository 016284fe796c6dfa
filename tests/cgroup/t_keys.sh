#!/bin/bash
# Every key of the cgroup section, from the .pol text through polc and the
# blob to the file enforce wrote, read back from inside the container (its
# own cgroup, found in /proc/self/cgroup). On this hybrid host the files are
# v1's, so this checks the v2 -> v1 conversions end to end (docs/cgroups.md);
# on a pure v2 host (VM lane) the v2 files.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

if ! is_root; then
	skip "cgroup keys" "needs root"
	exit 0
fi
cg_setup

# a disk of this machine for io.max (not a loop or ram device)
disk=""
for b in /sys/block/*; do
	case ${b##*/} in loop* | ram* | zram*) continue ;; esac
	disk=$(cat "$b/dev") && break
done

cg_pol keys <<EOF
policy keys
namespaces { unshare pid ipc uts }
cgroup {
    memory.max 256M
    memory.high 200M
    memory.swap.max 64M
    pids.max 100
    cpu.max 0.5
    cpu.weight 200
    cpuset.cpus 0
    ${disk:+io.max $disk rbps=1M wiops=100}
    parent $PARENT
}
EOF

# Inside: print "file=value" for each file of interest in our own cgroups.
cat >"$T_TMP/show.sh" <<'EOF'
#!/bin/sh
while IFS=: read -r _ ctrls path; do
	case ",$ctrls," in
	,,) v2=$path ;;
	*,memory,*) mem=$path ;;
	*,pids,*) pids=$path ;;
	*,cpu,*) cpu=$path ;;
	*,cpuset,*) cpuset=$path ;;
	*,blkio,*) blkio=$path ;;
	esac
done </proc/self/cgroup
show() { printf '%s=%s\n' "$2" "$(tr '\n' ' ' <"$1/$2" | sed 's/ $//')"; }
R=/sys/fs/cgroup
if [ -f $R/memory/memory.limit_in_bytes ]; then
	for f in memory.limit_in_bytes memory.soft_limit_in_bytes memory.memsw.limit_in_bytes; do show $R/memory$mem $f; done
	show $R/pids$pids pids.max
	for f in cpu.cfs_quota_us cpu.cfs_period_us cpu.shares; do show $R/cpu$cpu $f; done
	for f in cpuset.cpus cpuset.mems; do show $R/cpuset$cpuset $f; done
	for f in blkio.throttle.read_bps_device blkio.throttle.write_iops_device; do show $R/blkio$blkio $f; done
else
	for f in memory.max memory.high memory.swap.max pids.max cpu.max cpu.weight cpuset.cpus io.max; do
		show $R$v2 $f
	done
fi
EOF
chmod 755 "$T_TMP/show.sh"
cg_enf "$T_TMP/keys.polb" -- "$T_TMP/show.sh"
assert_eq "keys: the command ran" 0 "$RC"
v() { printf '%s\n' "$OUT" | sed -n "s/^$1=//p"; }

if [ -f "$CG_ROOT/memory/memory.limit_in_bytes" ]; then
	assert_eq "memory.max 256M -> memory.limit_in_bytes" 268435456 "$(v memory.limit_in_bytes)"
	assert_eq "memory.high 200M -> memory.soft_limit_in_bytes" 209715200 "$(v memory.soft_limit_in_bytes)"
	assert_eq "memory.swap.max 64M -> memory.memsw.limit_in_bytes = 256M + 64M" 335544320 "$(v memory.memsw.limit_in_bytes)"
	assert_eq "pids.max 100" 100 "$(v pids.max)"
	assert_eq "cpu.max 0.5 -> cpu.cfs_quota_us" 50000 "$(v cpu.cfs_quota_us)"
	assert_eq "cpu.max 0.5 -> cpu.cfs_period_us" 100000 "$(v cpu.cfs_period_us)"
	assert_eq "cpu.weight 200 -> cpu.shares 2048" 2048 "$(v cpu.shares)"
	assert_eq "cpuset.cpus 0" 0 "$(v cpuset.cpus)"
	assert_eq "cpuset.mems inherited from the parent" "$(cat "$CG_ROOT/cpuset/cpuset.mems")" "$(v cpuset.mems)"
	if [ -n "$disk" ]; then
		assert_eq "io.max rbps=1M -> blkio.throttle.read_bps_device" "$disk 1048576" "$(v blkio.throttle.read_bps_device)"
		assert_eq "io.max wiops=100 -> blkio.throttle.write_iops_device" "$disk 100" "$(v blkio.throttle.write_iops_device)"
	fi
else
	assert_eq "memory.max" 268435456 "$(v memory.max)"
	assert_eq "memory.high" 209715200 "$(v memory.high)"
	assert_eq "memory.swap.max" 67108864 "$(v memory.swap.max)"
	assert_eq "pids.max" 100 "$(v pids.max)"
	assert_eq "cpu.max 0.5" "50000 100000" "$(v cpu.max)"
	assert_eq "cpu.weight" 200 "$(v cpu.weight)"
	assert_eq "cpuset.cpus" 0 "$(v cpuset.cpus)"
	[ -n "$disk" ] && assert_contains "io.max" "$(v io.max)" "$disk rbps=1048576 wbps=max riops=max wiops=100"
fi
cg_left "keys"
done_testing
