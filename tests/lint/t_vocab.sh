#!/bin/sh
# The checked-in vocabulary (compiler/vocab/*_gen.c) is what
# tools/gen-vocab.py makes from the pinned headers today: a fresh generation
# into a scratch directory must give the same bytes. The pinned Debian
# packages (linux-libc-dev and linux-source at the script's
# LINUX_HEADERS_VERSION) are downloaded once with apt-get into a cache
# (POLC_VOCAB_CACHE, default /var/cache/polc-vocab) and kept for later runs.
. "$(dirname "$0")/../lib/common.sh"
scratch
case $BUILD in
*san*)	skip "vocab" "the generated sources were compared in the shell phase"
	exit 0 ;;
esac
CACHE=${POLC_VOCAB_CACHE:-/var/cache/polc-vocab}
if ! ls "$CACHE"/linux-libc-dev_*.deb "$CACHE"/linux-source-*.deb >/dev/null 2>&1; then
	mkdir -p "$CACHE" &&
		"$TOP/tools/gen-vocab.py" --fetch "$CACHE" 2>"$T_TMP/fetch.err" ||
		{ fail "the pinned headers are fetched" "$(tail -3 "$T_TMP/fetch.err")"; exit 1; }
fi
pass "the pinned headers are at hand ($CACHE)"
mkdir "$T_TMP/out"
if VOCAB_DEB_DIR=$CACHE "$TOP/tools/gen-vocab.py" "$T_TMP/out" 2>"$T_TMP/gen.err"; then
	pass "gen-vocab.py runs"
else
	fail "gen-vocab.py runs" "$(tail -3 "$T_TMP/gen.err")"
fi
for f in syscalls_gen.c constants_gen.c; do
	if cmp -s "$T_TMP/out/$f" "$TOP/compiler/vocab/$f"; then
		pass "compiler/vocab/$f is a fresh generation"
	else
		fail "compiler/vocab/$f is a fresh generation" \
			"$(diff "$T_TMP/out/$f" "$TOP/compiler/vocab/$f" | head -4 | tr '\n' ' ')(make vocab)"
	fi
done
done_testing
