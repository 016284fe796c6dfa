#!/bin/sh
# Installs the Debian packages the build and the tests need, when missing.
# Used by `make demo` and `make check` (the README's two commands), so a
# fresh machine needs nothing else. Set POL_NO_APT=1 to only report.
set -eu
here=$(dirname "$0")
missing=""
lists=${*:-$here/packages.txt}
# shellcheck disable=SC2086
for pkg in $(cat $lists | grep -v "^#"); do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "${POL_NO_APT:-0}" = 1 ] || [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
