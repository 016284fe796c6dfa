#!/bin/sh
# Copies the AppArmor feature ABI of the VM lane's kernel out of the last
# run's console into tests/vm/apparmor/kernel.features, the features the
# lane's blobs (and the host tests' compiled profiles) are built for.
# Run it after a lane run whose t_smoke.sh reported that the shipped file
# differs (Debian moved linux-image-amd64 to a kernel with other features):
#   VM_CONFIGS=apparmor tests/vm/run.sh; tests/vm/apparmor/update-features.sh
# The guest prints the features (tests/bin/aa_features, libapparmor's
# aa_features_write_to_fd) between two marker lines on its console.
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
console=$top/build-vm/$(echo "${BUILD:-build}" | tr '/' '_')/apparmor.console
[ -f "$console" ] || { echo "update-features: no $console: run the lane first" >&2; exit 1; }
tmp=$(mktemp)
tr -d '\r' <"$console" |
	sed -n '/^polvm: apparmor features begin$/,/^polvm: apparmor features end$/p' |
	sed '1d;$d' >"$tmp"
if [ ! -s "$tmp" ]; then
	rm -f "$tmp"
	echo "update-features: $console holds no features (an older guest, or AppArmor off)" >&2
	exit 1
fi
mv "$tmp" "$top/tests/vm/apparmor/kernel.features"
echo "tests/vm/apparmor/kernel.features: $(wc -c <"$top/tests/vm/apparmor/kernel.features") bytes from $console"
