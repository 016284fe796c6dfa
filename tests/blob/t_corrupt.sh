#!/bin/sh
# A damaged blob is refused with one line (enforce: exit 125; polc dump: 2,
# an input error), and the
# command never runs: every truncation (each byte offset) and a single-bit
# flip in every byte of a real blob that fills every section, fed to
# `polc dump` and to `enforce` (whose command would leave a marker file);
# both must say "blob:" (refused by the reader, not failing later). A blob
# of another format major is refused naming both versions.
. "$(dirname "$0")/../lib/common.sh"
scratch
BLOB=$T_TMP/good.polb
MARK=$T_TMP/ran
"$POLC" build "$TOP/tests/blob/policies/every-section.pol" -o "$BLOB" ||
	{ fail "build the test blob"; exit 1; }
"$POLC" build "$TOP/tests/blob/policies/minimal.pol" -o "$T_TMP/minimal.polb" ||
	{ fail "build the minimal blob"; exit 1; }
SIZE=$(wc -c <"$BLOB")
HAVE_ENFORCE=no
[ -x "$ENFORCE" ] && HAVE_ENFORCE=yes

assert_status "dump: the intact blob is read" 0 "$POLC" dump "$BLOB"
if [ $HAVE_ENFORCE = yes ]; then
	"$ENFORCE" "$T_TMP/minimal.polb" -- /bin/sh -c ": >'$MARK'" >/dev/null 2>&1
	assert_eq "enforce: the intact blob runs the command" yes \
		"$([ -e "$MARK" ] && echo yes || echo no)"
	rm -f "$MARK"
fi

# try FILE: "dump:STATUS/LINES/BLOB enforce:STATUS/LINES/BLOB ran:yes|no"
# LINES: lines on stderr; BLOB: whether the line is the reader's ("blob:")
try() {
	"$POLC" dump "$1" >/dev/null 2>"$T_TMP/err"; d=$?
	d="$d/$(wc -l <"$T_TMP/err")/$(grep -c ': blob: ' "$T_TMP/err")"
	e=-
	if [ $HAVE_ENFORCE = yes ]; then
		"$ENFORCE" "$1" -- /bin/sh -c ": >'$MARK'" >/dev/null 2>"$T_TMP/err"; e=$?
		e="$e/$(wc -l <"$T_TMP/err")/$(grep -c ': blob: ' "$T_TMP/err")"
	fi
	ran=no
	[ -e "$MARK" ] && ran=yes && rm -f "$MARK"
	echo "dump:$d enforce:$e ran:$ran"
}
want="dump:2/1/1 enforce:$([ $HAVE_ENFORCE = yes ] && echo 125/1/1 || echo -) ran:no"

# damage BLOB STEP LABEL: truncate at, and flip one bit in, every STEP-th
# byte (STEP 1: every byte)
damage() {
	blob=$1 step=$2 label=$3
	size=$(wc -c <"$blob")
	tbad=0 fbad=0 first= n=0
	off=0
	while [ $off -lt "$size" ]; do
		head -c $off "$blob" >"$T_TMP/t.polb"
		got=$(try "$T_TMP/t.polb")
		[ "$got" = "$want" ] || { tbad=$((tbad + 1)); first=${first:-"cut at $off: $got"}; }
		bit=$((1 << (off % 8)))
		byte=$(od -An -tu1 -j $off -N1 "$blob" | tr -d ' ')
		cp "$blob" "$T_TMP/f.polb"
		printf "\\$(printf %o $((byte ^ bit)))" |
			dd of="$T_TMP/f.polb" bs=1 seek=$off conv=notrunc 2>/dev/null
		got=$(try "$T_TMP/f.polb")
		[ "$got" = "$want" ] || { fbad=$((fbad + 1)); first=${first:-"flip at $off: $got"}; }
		n=$((n + 1))
		off=$((off + step))
	done
	assert_eq "$label: $n truncations refused with one blob line (dump 2, enforce 125), command not run" \
		0 "$tbad${first:+ (first $first)}"
	assert_eq "$label: a bit flipped in $n bytes: all refused the same way" \
		0 "$fbad${first:+ (first $first)}"
}
# Every byte of the smallest blob; about 200 bytes spread over the one with
# every section (an odd step, so the flipped bit and the position in a
# record vary). The unit test test_blob_reject does every byte and every bit
# of a full blob in-process.
# Under the sanitizer build (tests/run.sh san sets ASAN_OPTIONS) each run
# is slower and the point is memory errors, not coverage: half as many.
if [ -n "${ASAN_OPTIONS:-}" ]; then
	damage "$T_TMP/minimal.polb" 3 "minimal blob, every 3rd byte"
	STEP=$(( SIZE / 100 | 1 ))
else
	damage "$T_TMP/minimal.polb" 1 "minimal blob, every byte"
	STEP=$(( SIZE / 200 | 1 ))
fi
damage "$BLOB" $STEP "every-section blob, every ${STEP}th byte"

# Format 2.0: bytes 8-9 are the major version, 10-11 the minor (little-endian).
cp "$BLOB" "$T_TMP/v2.polb"
printf '\002\000\000\000' | dd of="$T_TMP/v2.polb" bs=1 seek=8 conv=notrunc 2>/dev/null
"$POLC" dump "$T_TMP/v2.polb" >/dev/null 2>"$T_TMP/err"; st=$?
assert_eq "version bump: dump exits 2" 2 "$st"
assert_contains "version bump: the line names both versions" "$(cat "$T_TMP/err")" \
	"blob format version 2.0, this reader reads only 1.x"
if [ $HAVE_ENFORCE = yes ]; then
	"$ENFORCE" "$T_TMP/v2.polb" -- /bin/sh -c ": >'$MARK'" >/dev/null 2>"$T_TMP/err"; st=$?
	assert_eq "version bump: enforce exits 125 without running the command" "125 no" \
		"$st $([ -e "$MARK" ] && echo yes || echo no)"
	assert_contains "version bump: enforce names both versions" "$(cat "$T_TMP/err")" \
		"version 2.0"
else
	skip "version bump: enforce" "enforce not built"
fi

: >"$T_TMP/empty.polb"
assert_status "an empty file is refused (dump: 2)" 2 "$POLC" dump "$T_TMP/empty.polb"
assert_status "a missing file is refused (dump: 2)" 2 "$POLC" dump "$T_TMP/none.polb"
done_testing
