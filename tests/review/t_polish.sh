#!/bin/bash
# What a reviewer expects around the commands (issue 20): polc explain
# --json; diff and audit coloured on a terminal as check is (never into a
# pipe, never with NO_COLOR); make install puts bash completion for polc
# and enforce, polc.pol(5) generated from docs/language.md, and the docs
# the SARIF rules link to; the completion works (complete -p after
# sourcing, and a few COMP_WORDS cases).
# shellcheck source=tests/lib/common.sh disable=SC2016
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

# ---- explain --json ----
"$POLC" explain --json -I "$TOP/policies" "$TOP/examples/web.pol" >web.json 2>err
assert_eq "explain --json: exit 0" 0 "$?"
check "explain --json: one JSON document" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' web.json
got=$(python3 - web.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sock = [r for r in d["syscalls"]["rules"] if r["syscall"] == "socket"][0]
print(d["policy"]["value"], d["namespaces"]["user"]["mode"],
      sock["action"], len(sock["cases"]), sock["cases"][0][0]["name"], sock["cases"][0][0]["op"],
      sock["at"]["file"].endswith("hardened.pol"), sock["at"]["line"] > 0)
PY
)
assert_eq "explain --json: name, namespaces, a rule's cases and origin" "web unshare allow 3 domain == True True" "$got"
vals="0x1000 0x1001 0x1002 0x1003 0x1004 0x1005 0x1006 0x1007 0x1008 0x1009 0x100a 0x100b 0x100c 0x100d 0x100e 0x100f"
printf 'policy e\nsyscalls {\n    allow ioctl if fd in { %s } and cmd in { %s }\n}\n' "$vals" "$vals" >e.pol
assert_eq "explain --json: a 256-case condition keeps its 256 cases" 256 \
	"$("$POLC" explain --json e.pol 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["syscalls"]["rules"][0]["cases"]))')"
assert_status "explain --json of a missing policy: exit 2 (input error)" 2 "$POLC" explain --json /nonexistent.pol

# ---- colour ----
esc=$(printf '\033')
printf 'policy a\nuse default\ncapabilities {\n    keep sys_admin\n}\n' >a.pol
for cmd in "diff $TOP/policies/default.pol a.pol" "audit a.pol"; do
	name=${cmd%% *}
	out=$("$POLC" $cmd -I "$TOP/policies" 2>&1)
	case "$out" in *"$esc"*) fail "$name: no colour into a pipe" ;; *) pass "$name: no colour into a pipe" ;; esac
	out=$(script -qec "$POLC $cmd -I $TOP/policies" /dev/null 2>&1)
	case "$out" in *"${esc}[1;31m"*) pass "$name: colour on a terminal" ;; *) fail "$name: colour on a terminal" "$(printf %s "$out" | head -c 200)" ;; esac
	out=$(NO_COLOR=1 script -qec "$POLC $cmd -I $TOP/policies" /dev/null 2>&1)
	case "$out" in *"$esc"*) fail "$name: NO_COLOR: no colour on a terminal" ;; *) pass "$name: NO_COLOR: no colour on a terminal" ;; esac
done
out=$(script -qec "$POLC diff -I $TOP/policies $TOP/policies/default.pol a.pol" /dev/null 2>&1)
assert_contains "diff: an added capability in red" "$out" "${esc}[1;31m+ capabilities:${esc}[0m"

# ---- make install: completion, polc.pol(5), docs ----
DEST=$T_TMP/dest
# the same build as the binaries under test (the sanitizer lane's has SAN=1)
san=; [ "$BUILD" = build-san ] && san=SAN=1
if make -C "$TOP" -s BUILD="$BUILD" $san DESTDIR="$DEST" install >install.log 2>&1; then
	pass "make install into DESTDIR"
else
	fail "make install into DESTDIR" "$(tail -5 install.log)"
fi
for f in usr/local/share/bash-completion/completions/polc usr/local/share/bash-completion/completions/enforce \
	usr/local/share/man/man5/polc.pol.5 usr/local/share/man/man1/polc.1 usr/local/share/polc/doc/review.md usr/local/share/polc/doc/language.md; do
	check "installed: /$f" test -s "$DEST/$f"
done
# the man page is the language reference (one copy: generated, not kept)
if man -l "$DEST/usr/local/share/man/man5/polc.pol.5" 2>/dev/null | grep -q 'polc explain FILE shows the effective'; then
	pass "polc.pol(5) renders the language reference"
else
	fail "polc.pol(5) renders the language reference"
fi
check "polc.pol(5) is not kept in the tree (generated)" test ! -e "$TOP/docs/polc.pol.5"

# completion: complete -p after sourcing, then COMP_WORDS cases
comp() { # WORDS...: the candidates for the last word
	bash -c '
		PATH='"$(dirname "$POLC")"':$PATH
		. "$1"; . "$2"; shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		"$(complete -p "${COMP_WORDS[0]}" | sed -n "s/.*-F \([^ ]*\).*/\1/p")"
		printf "%s\n" "${COMPREPLY[@]}"' _ \
		"$DEST/usr/local/share/bash-completion/completions/polc" "$DEST/usr/local/share/bash-completion/completions/enforce" "$@"
}
out=$(bash -c '. "$1"; . "$2"; complete -p polc; complete -p enforce' _ \
	"$DEST/usr/local/share/bash-completion/completions/polc" "$DEST/usr/local/share/bash-completion/completions/enforce")
assert_eq "complete -p after sourcing" "complete -F _polc polc
complete -F _enforce enforce" "$out"
assert_eq "polc <TAB>: every command" "audit build check diff dump explain export fmt import keygen learn verify verify-blob" \
	"$(comp polc '' | grep -v '^--' | sort | tr '\n' ' ' | sed 's/ $//')"
assert_eq "polc ex<TAB>" "explain export" "$(comp polc ex | sort | tr '\n' ' ' | sed 's/ $//')"
assert_eq "polc export <TAB>: the formats" "compose docker-seccomp k8s oci systemd" "$(comp polc export '' | sort | tr '\n' ' ' | sed 's/ $//')"
assert_contains "polc import <TAB>: the formats, read from its --help" "$(comp polc import '' | sort | tr '\n' ' ')" "compose docker-seccomp k8s"
assert_contains "polc audit --<TAB>: its options" "$(comp polc audit --)" "--fail-on"
assert_contains "polc check --format <TAB>" "$(comp polc check --format '' | tr '\n' ' ')" "sarif github"
touch x.pol y.polb
assert_eq "polc check <TAB>: .pol files" "x.pol" "$(comp polc check x | tr '\n' ' ' | sed 's/ $//')"
assert_eq "enforce <TAB>: .polb files" "y.polb" "$(comp enforce y | tr '\n' ' ' | sed 's/ $//')"
assert_contains "enforce --<TAB>: its options" "$(comp enforce -- | tr '\n' ' ')" "--dry-run"
assert_contains "enforce app.polb -- <TAB>: a command" "$(comp enforce y.polb -- tru)" "true"
done_testing
