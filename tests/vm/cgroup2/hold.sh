#!/bin/sh
# Run inside enforce by t_enforce_limits.sh: holds one string of $1 bytes
# (awk builds it in one go, quick under TCG where a byte-wise tr of tens of
# MiB takes a minute) and prints "held N" once it exists.
echo "cgroup /sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)"
awk -v n="$1" 'BEGIN { s = sprintf("%" n "s", ""); print "held " length(s) }'
