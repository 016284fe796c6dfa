#!/bin/sh
# Static analysis as part of the suite: cppcheck, clang-tidy (.clang-tidy)
# and a clang build with -Wall -Wextra -Werror (tests/lint/lint.sh runs
# each), one line per tool per directory. A directory passes when no file
# in it has a finding. Files of areas still being written are listed in
# tests/lint/pending.txt ("path owner" per line): their findings show as one
# skip line per file, naming it, until the owner clears them.
. "$(dirname "$0")/../lib/common.sh"
DIRS="common compiler enforcer tests/bin"
PENDING=$TOP/tests/lint/pending.txt

case $BUILD in
*san*)	# tests/run.sh's sanitizer phase: the sources are the same ones the
	# shell phase linted; a second 5-minute run would only repeat it.
	skip "lint" "sources already linted in the shell phase"
	exit 0 ;;
esac

owner_of() { # path -> owner when pending, empty otherwise
	[ -f "$PENDING" ] && awk -v f="$1" '$1 == f { print $2 }' "$PENDING"
}

lint_tool() {
	tool=$1
	case $tool in
	clang) exe=clang ;;
	*) exe=$tool ;;
	esac
	if ! command -v "$exe" >/dev/null 2>&1; then
		fail "$tool: installed" "$exe not found (tools/packages.txt)"
		return
	fi
	out=$("$TOP/tests/lint/lint.sh" "$tool" 2>"$T_TMP/$tool.err"); st=$?
	if [ "$st" -ge 2 ] || [ -s "$T_TMP/$tool.err" ]; then
		fail "$tool: runs" "exit $st: $(head -c 300 "$T_TMP/$tool.err" | tr '\n' ' ')"
		return
	fi
	printf '%s\n' "$out" | sed '/^$/d' >"$T_TMP/$tool.all"
	: >"$T_TMP/$tool.mine"
	: >"$T_TMP/$tool.pending"
	while IFS= read -r line; do
		file=${line%%:*}
		if [ -n "$(owner_of "$file")" ]; then
			echo "$line" >>"$T_TMP/$tool.pending"
		else
			echo "$line" >>"$T_TMP/$tool.mine"
		fi
	done <"$T_TMP/$tool.all"
	for d in $DIRS; do
		n=$(grep -c "^$d/[^/]*\(/[^/]*\)*:" "$T_TMP/$tool.mine")
		if [ "$n" = 0 ]; then
			pass "$tool $d/"
		else
			fail "$tool $d/" "$n findings, first: $(grep -m1 "^$d/" "$T_TMP/$tool.mine")"
			grep "^$d/" "$T_TMP/$tool.mine" | sed 's/^/# /'
		fi
	done
	# Findings outside the linted directories (a header of grammar/, the build)
	other=$(grep -v -e '^common/' -e '^compiler/' -e '^enforcer/' -e '^tests/bin/' "$T_TMP/$tool.mine")
	if [ -n "$other" ]; then
		fail "$tool: other files" "$(echo "$other" | head -1)"
		echo "$other" | sed 's/^/# /'
	fi
	for file in $(cut -d: -f1 "$T_TMP/$tool.pending" | sort -u); do
		n=$(grep -c "^$file:" "$T_TMP/$tool.pending")
		skip "$tool $file" "$n findings left to $(owner_of "$file"), first: $(grep -m1 "^$file:" "$T_TMP/$tool.pending" | cut -d: -f2-)"
	done
}

scratch
for tool in cppcheck clang-tidy clang; do
	lint_tool "$tool"
done
[ "$T_FAILED" = 0 ]
