#!/bin/bash
# The network section's costs (docs/network.md), not part of `make check`:
#   start-up  enforce -- /bin/true with `publish` (pasta started, ready, and
#             stopped) against the same policy without it, as root and
#             rootless: the difference is pasta's share of the start-up
#   transfer  one HTTP download of BENCH_NET_MB from busybox httpd inside
#             the container, by curl on the host: through pasta (private
#             namespace, `publish`) against the host's own namespace
#             (`share net`), loopback only
# Writes its block into docs/BENCHMARKS.md between the network markers
# (bench/run.sh calls it last, so `make bench` keeps the block).
# Needs root; ports 18900-18901 on 127.0.0.1.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
POLC=$TOP/$BUILD/polc
ENFORCE=$TOP/$BUILD/enforce
PAGE=$TOP/docs/BENCHMARKS.md
RUNS=${BENCH_NET_RUNS:-50}
MB=${BENCH_NET_MB:-512}
T_USER=poltest
W=$(mktemp -d /tmp/polc-bench-net.XXXXXX)
# the served file lives outside /tmp: host-ro mounts a tmpfs there
DATA=$(mktemp -d /var/tmp/polc-bench-net.XXXXXX)
chmod 755 "$W" "$DATA"
trap 'rm -rf "$W" "$DATA"' EXIT
[ -c /dev/net/tun ] && chmod 0666 /dev/net/tun

pol() { cat >"$W/$1.pol"; "$POLC" build "$W/$1.pol" -o "$W/$1.polb"; chmod 644 "$W/$1.polb"; }
pol plain <<'EOF2'
policy plain
use host-ro
namespaces { unshare net }
EOF2
pol pub <<'EOF2'
policy pub
use host-ro
namespaces { unshare net }
network { publish tcp 127.0.0.1:18900 8080 }
EOF2
pol shared <<'EOF2'
policy shared
use host-ro
namespaces { share net }
EOF2

# median milliseconds of RUNS runs of "$@"
median_ms() {
	python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
t = []
for _ in range(runs + 3):
    s = time.perf_counter(); subprocess.run(cmd, check=True); t.append(time.perf_counter() - s)
t = sorted(t[3:])
print("%.1f" % (t[len(t) // 2] * 1000))
PY
}
as_user() { setpriv --reuid "$T_USER" --regid "$T_USER" --clear-groups -- "$@"; }

root_plain=$(median_ms "$ENFORCE" "$W/plain.polb" -- /bin/true)
root_pub=$(median_ms "$ENFORCE" "$W/pub.polb" -- /bin/true)
user_plain=$(median_ms setpriv --reuid $T_USER --regid $T_USER --clear-groups -- "$ENFORCE" "$W/plain.polb" -- /bin/true 2>/dev/null)
user_pub=$(median_ms setpriv --reuid $T_USER --regid $T_USER --clear-groups -- "$ENFORCE" "$W/pub.polb" -- /bin/true 2>/dev/null)

truncate -s "${MB}M" "$DATA/blob"
chmod 644 "$DATA/blob"
# speed in MB/s of one download of the blob from PORT
transfer() {
	for _ in $(seq 200); do curl -s -o /dev/null -m 1 "http://127.0.0.1:$1/" && break; sleep 0.05; done
	curl -s -o /dev/null -w '%{speed_download}\n' "http://127.0.0.1:$1/blob" |
		awk '{ printf "%.0f\n", $1 / 1048576 }'
}
best_of3() { a=$(transfer "$1"); b=$(transfer "$1"); c=$(transfer "$1"); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | tail -1; }
"$ENFORCE" "$W/pub.polb" -- busybox httpd -f -p 8080 -h "$DATA" &
p=$!
through_pasta=$(best_of3 18900)
kill "$p"; wait "$p" || true
"$ENFORCE" "$W/shared.polb" -- busybox httpd -f -p 127.0.0.1:18901 -h "$DATA" &
p=$!
shared_ns=$(best_of3 18901)
kill "$p"; wait "$p" || true

block=$(cat <<EOF2
<!-- network:begin (bench/net.sh) -->
## Network (bench/net.sh)

pasta $(dpkg-query -W -f '${Version}' passt 2>/dev/null || echo unknown), median of $RUNS runs of \`enforce -- /bin/true\` over \`host-ro\` with
\`unshare net\`, with and without \`publish tcp 127.0.0.1:18900 8080\`; the difference is what starting,
waiting for and stopping pasta costs (podman starts the same pasta for the same job).

| start-up | without publish | with publish | pasta's share |
| --- | ---: | ---: | ---: |
| root | ${root_plain} ms | ${root_pub} ms | $(echo "$root_pub - $root_plain" | bc) ms |
| rootless | ${user_plain} ms | ${user_pub} ms | $(echo "$user_pub - $user_plain" | bc) ms |

One HTTP download of ${MB} MB from busybox httpd in the container by curl on the host (best of 3):

| path | throughput |
| --- | ---: |
| through pasta (\`publish\`, private namespace) | ${through_pasta} MB/s |
| the host's namespace (\`share net\`) | ${shared_ns} MB/s |
<!-- network:end -->
EOF2
)
echo "$block"
if grep -q '<!-- network:begin' "$PAGE"; then
	python3 - "$PAGE" "$block" <<'PY'
import re, sys
page, block = sys.argv[1], sys.argv[2]
s = open(page).read()
s = re.sub(r"<!-- network:begin.*?<!-- network:end -->", lambda m: block, s, flags=re.S)
open(page, "w").write(s)
PY
else
	printf '\n%s\n' "$block" >>"$PAGE"
fi
