#!/bin/sh
# One exit-status scheme for every polc command (compiler/util/cli.h,
# docs/polc.1 EXIT STATUS): 0 done / the answer is yes; 1 the command
# answers a question and the answer is no (check errors, audit finding,
# diff widening, fmt --check unformatted, build --check differs); 2 usage
# or input error; 3 internal or system error (an output that cannot be
# written). Each command is run into each status it can give.
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

cat >ok.pol <<'POL'
policy ok
syscalls {
    default kill_process
    allow read write exit_group
}
POL
sed 's/allow read write exit_group/allow read write exit_group ptrace/' ok.pol >wider.pol
printf 'policy bad\nsyscalls {\n    allow opnat\n}\n' >bad.pol
printf 'policy   ok\nsyscalls {\n  default kill_process\n}\n' >messy.pol
printf 'not a blob' >bad.polb
printf 'policy x\nsyscalls {{{\n' >syntax.pol
REF=$TOP/tests/policies/ref/docker-default-seccomp.json
"$POLC" build ok.pol -o ok.polb 2>/dev/null

st() { want=$1; shift; assert_status "$* -> $want" "$want" "$POLC" "$@"; }

# unknown command, no command
st 2 nosuch
st 2
for cmd in build check fmt explain dump diff audit export import learn; do
	st 2 $cmd --no-such-option
	st 0 $cmd --help
done

st 0 build ok.pol -o out.polb
st 2 build bad.pol -o out.polb
st 2 build nosuch.pol
st 0 build --check ok.polb ok.pol
st 1 build --check ok.polb wider.pol
st 2 build --check nosuch.polb ok.pol
st 1 build --check bad.polb ok.pol
st 3 build ok.pol -o "$T_TMP/no/such/dir/out.polb"

st 0 check ok.pol
st 1 check bad.pol

st 0 fmt --check ok.pol
st 1 fmt --check messy.pol
st 2 fmt --check syntax.pol
st 2 fmt nosuch.pol

st 0 explain ok.pol
st 2 explain bad.pol

printf 'polc-trace 1\nrun cmd=x\nend status=exit:0 records=1 lost=0\n' >ok.trace
printf 'polc-trace 1\nrun cmd=x\n' >cut.trace
st 0 learn ok.trace -o learned.pol
st 2 learn cut.trace -o learned.pol
st 2 learn nosuch.trace
st 2 learn --from nosuch.pol ok.trace
st 3 learn ok.trace -o "$T_TMP/no/such/dir/learned.pol"

st 0 dump ok.polb
st 2 dump bad.polb
st 2 dump nosuch.polb
"$POLC" dump ok.polb >/dev/full 2>/dev/null
assert_eq "dump ok.polb >/dev/full -> 3" 3 $?

st 0 diff ok.pol ok.pol
st 1 diff ok.pol wider.pol
st 0 diff wider.pol ok.pol
st 2 diff ok.pol bad.pol
st 2 diff ok.pol

st 2 audit bad.pol
st 2 audit --fail-on nosuch ok.pol

st 0 export oci ok.pol
st 2 export oci bad.pol
st 2 export nomad ok.pol
"$POLC" export oci ok.pol >/dev/full 2>/dev/null
assert_eq "export oci ok.pol >/dev/full -> 3" 3 $?

st 0 import docker-seccomp "$REF"
st 2 import docker-seccomp ok.pol
st 2 import apparmor "$REF"

# the report formats (--format/--sarif/--json) follow the same scheme
for cmd in check audit; do
	st 2 $cmd --format nosuch ok.pol
	"$POLC" $cmd --sarif ok.pol >/dev/full 2>/dev/null
	assert_eq "$cmd --sarif ok.pol >/dev/full -> 3" 3 $?
done
st 0 check --format github ok.pol
st 1 check --sarif bad.pol
st 2 audit --sarif bad.pol
st 2 diff --format nosuch ok.pol ok.pol
st 1 diff --format github ok.pol wider.pol
"$POLC" diff --sarif ok.pol wider.pol >/dev/full 2>/dev/null
assert_eq "diff --sarif ok.pol wider.pol >/dev/full -> 3" 3 $?
st 2 explain --json bad.pol
"$POLC" explain --json ok.pol >/dev/full 2>/dev/null
assert_eq "explain --json ok.pol >/dev/full -> 3" 3 $?
"$POLC" import docker-seccomp "$REF" >/dev/full 2>/dev/null
assert_eq "import >/dev/full -> 3" 3 $?
done_testing
