#!/bin/sh
# The cost of a learning run (enforce --learn, docs/enforce.md): the same
# syscall loop (bench/syscall_loop.c) with no filter, under the blob's own
# filter, and under the learning filter, for
#   getppid      allowed by the blob, not one the recorder watches: decided
#                by the learning program's prefix and the blob's part from
#                nr and arch alone, so the kernel's action cache applies
#   personality  allowed only for one argument value: the program runs
#   stat         newfstatat, which the recorder watches on every call: a
#                notification, the supervisor reads the path, CONTINUE
# Prints a markdown table (ns per call, and the ratio to no filter).
# Usage: bench/learn.sh [BUILD]   (as root; needs polc, enforce built)
set -eu
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
POLC=$TOP/$BUILD/polc ENFORCE=$TOP/$BUILD/enforce
tmp=$(mktemp -d /tmp/bench-learn.XXXXXX)
chmod 755 "$tmp" # the container's mapped root runs the loop from here
trap 'rm -rf "$tmp"' EXIT
cc -O2 -static -o "$tmp/loop" "$TOP/bench/syscall_loop.c"
cat >"$tmp/b.pol" <<'POL'
policy benchlearn
namespaces {
    unshare user pid
}
syscalls {
    default kill_process
    allow @system-service
    allow execve
    allow personality if persona == 0xffffffff
}
POL
"$POLC" build "$tmp/b.pol" -o "$tmp/b.polb" >/dev/null
best() { # CMD...: the lowest of 5 runs (ns per call)
	b=
	for _ in 1 2 3 4 5; do
		v=$("$@" 2>/dev/null | tail -n 1)
		b=$(echo "$v ${b:-$v}" | awk '{print ($1 < $2) ? $1 : $2}')
	done
	echo "$b"
}
echo "| loop | no filter | blob's filter | learning | learning / none | learning / blob |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for which in getppid personality stat; do
	n=2000000
	[ "$which" = stat ] && n=1000000
	bare=$(best "$tmp/loop" "$which" "$n")
	blob=$(best "$ENFORCE" "$tmp/b.polb" -- "$tmp/loop" "$which" "$n")
	ln=$n
	[ "$which" = stat ] && ln=20000
	learn=$(rm -f "$tmp/t"; best sh -c 'rm -f "$1"; exec "$2" --learn "$1" "$3" -- "$4" "$5" "$6"' sh \
		"$tmp/t" "$ENFORCE" "$tmp/b.polb" "$tmp/loop" "$which" "$ln")
	echo "$which $bare $blob $learn" | awk '{printf "| %s | %.1f ns | %.1f ns | %.1f ns | %.1fx | %.1fx |\n", $1, $2, $3, $4, $4 / $2, $4 / $3}'
done
