#!/bin/sh
# Static analysis of the C sources: prints each finding as one line
#   path:line: TOOL: message [check]
# (paths relative to the top of the tree) and exits 1 when there is any.
# Usage: tests/lint/lint.sh cppcheck|clang-tidy|clang [DIR...]
# A tool that could not run says so on stderr (tests/lint/t_lint.sh fails
# on any stderr), so a broken run never passes as "no findings".
#   DIR defaults to common compiler enforcer tests/bin.
# Generated code is left out: the flex/bison output ($BUILD/gen, only its
# headers are read) and the vocabulary tables (compiler/vocab/*_gen.c).
# `make lint` (mk/lint.mk) and tests/lint/t_lint.sh both run this.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 2
: "${BUILD:=build}"
tool=$1; shift
dirs=${*:-common compiler enforcer tests/bin}
GEN=$BUILD/gen
JOBS=$(nproc 2>/dev/null || echo 2)
RAW=$(mktemp /tmp/lint.XXXXXX)
trap 'rm -f "$RAW"' EXIT

sources() {
	# shellcheck disable=SC2086
	find $dirs -name '*.c' ! -name '*_gen.c' | sort
}

need_gen() {
	[ -f "$GEN/parser.h" ] && [ -f "$GEN/lexer.h" ] && return 0
	make -s BUILD="$BUILD" "$GEN/parser.h" "$GEN/lexer.h" >&2 || exit 2
}

# The compiler's view of a file: the Makefile's defines and include paths.
# (quoted for the `sh -c` that runs clang-tidy: the macros are C strings)
DEFS="-D_GNU_SOURCE -DPOL_VERSION='\"0\"' -DPOL_DATADIR='\"/usr/share/polc\"'"
INCS="-Icommon -Icompiler -I. -I$GEN -Itests/unit"

run_cppcheck() {
	need_gen
	# One run over every directory: the whole-program checks (ctu*) follow
	# calls from one file into another. -j would turn them off.
	# shellcheck disable=SC2086
	cppcheck --enable=warning,style,performance,portability --std=c11 \
		-D_GNU_SOURCE -D__x86_64__ -DPOL_VERSION='"0"' -DPOL_DATADIR='"/usr/share/polc"' \
		--inline-suppr --error-exitcode=1 -q $INCS \
		--suppress='*:'"$GEN"'/*' \
		-i compiler/vocab/syscalls_gen.c -i compiler/vocab/constants_gen.c \
		--template='{file}:{line}: cppcheck: {message} [{id}]' \
		$(sources) >"$RAW" 2>&1
	grep -E '^[^ :]+:[0-9]+: ' "$RAW"
	# Anything else cppcheck says (it could not run, a bad option) is an error.
	if grep -vqE '^[^ :]+:[0-9]+: |^$' "$RAW"; then
		grep -vE '^[^ :]+:[0-9]+: |^$' "$RAW" | head -5 >&2
	fi
}

run_clang_tidy() {
	need_gen
	# shellcheck disable=SC2086
	sources | xargs -P "$JOBS" -I{} sh -c \
		'clang-tidy --quiet "$1" -- -std=gnu11 '"$DEFS $INCS"' 2>/dev/null' _ {} >"$RAW"
	status=$?
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$RAW" |
		sed -E "s#^$TOP/##; s#^([^:]+):([0-9]+):[0-9]+: (warning|error): #\\1:\\2: clang-tidy: #" |
		sort -u
	# 123: a file had errors (they are listed); anything else: did not run
	if [ "$status" != 0 ] && { [ "$status" != 123 ] || ! grep -q ' error: ' "$RAW"; }; then
		echo "clang-tidy: xargs exited $status" >&2
	fi
}

run_clang() {
	# The whole tree built by clang with the Makefile's -Wall -Wextra -Werror,
	# in a build directory of its own (incremental after the first run).
	# Every warning is an error, so each one shows as "file:line:col: error:".
	log=$TOP/$BUILD-clang/lint.log
	mkdir -p "$TOP/$BUILD-clang"
	make -k -j"$JOBS" BUILD="$BUILD-clang" CC=clang all tests >"$log" 2>&1
	status=$?
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$log" |
		sed -E "s#^$TOP/##; s#^([^:]+):([0-9]+):[0-9]+: (warning|error): #\\1:\\2: clang: #" |
		sort -u
	# A failure no file is named in (a link error): one line for the tree.
	if [ "$status" != 0 ] && ! grep -qE '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$log"; then
		echo "Makefile:1: clang: make exited $status, see $BUILD-clang/lint.log"
	fi
}

case $tool in
cppcheck) out=$(run_cppcheck) ;;
clang-tidy) out=$(run_clang_tidy) ;;
clang) out=$(run_clang) ;;
*) echo "usage: $0 cppcheck|clang-tidy|clang [DIR...]" >&2; exit 2 ;;
esac
# Findings in a directory not asked for (a header included from elsewhere)
# still count: they are in the tree.
[ -z "$out" ] && exit 0
printf '%s\n' "$out"
exit 1
