#!/bin/sh
# Run inside enforce by t_enforce_limits.sh under a pids.max of 16. An inner
# shell starts up to 40 sleepers, writing the count after each one; busybox
# sh exits at its first failed fork, so the count left in the file is how
# many started. This shell then reports with builtins only (no fork works
# while the sleepers hold the limit). The sleepers are left running on
# purpose: enforce must kill them when the command ends.
cg=/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)
count=/tmp/pids-hog.$$
echo 0 >"$count"
sh -c 'i=0; while [ $i -lt 40 ]; do sleep 300 & i=$((i + 1)); echo $i >"$0"; done' "$count" 2>/dev/null
echo "cgroup $cg"
read -r started <"$count"
echo "started $started"
while read -r key value; do echo "pids.events $key $value"; done <"$cg/pids.events"
