#!/bin/sh
# How polc writes output files (compiler/util/outfile.c), for every command
# that writes one: build -o, fmt -w, export -o, import -o. The text goes to a
# temporary made with mkstemp beside the target, fsync'd and renamed over
# it; a symbolic link at the target is refused, never written through and
# never replaced. The attack: a user who can write the output's directory
# plants a link to a file of root's; root's build must not overwrite it
# (the control shows that a plain shell redirection does).
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

cat >app.pol <<'POL'
policy app
syscalls {
    default kill_process
    allow read write exit_group
}
POL
cp app.pol messy.pol
printf 'policy   messy\nsyscalls {\n  default kill_process\n     allow read\n}\n' >messy.pol
REF=$TOP/tests/policies/ref/docker-default-seccomp.json

# Normal writes: the file appears, no temporary is left beside it.
assert_status "build -o writes the blob" 0 "$POLC" build app.pol -o out.polb
assert_status "the blob is valid" 0 "$POLC" dump out.polb
assert_status "export -o writes" 0 "$POLC" export oci app.pol -o out.json
assert_status "import -o writes" 0 "$POLC" import docker-seccomp "$REF" -o out.pol
chmod 0640 messy.pol
assert_status "fmt -w rewrites" 0 "$POLC" fmt -w messy.pol
assert_eq "fmt -w keeps the file's mode" 640 "$(stat -c %a messy.pol)"
assert_eq "fmt -w wrote the canonical layout" "" "$("$POLC" fmt --check messy.pol)"
assert_eq "no temporary files left" "" "$(ls -A | grep '^\.' )"
umask 022
rm -f new.polb
"$POLC" build app.pol -o new.polb 2>/dev/null
assert_eq "a new output gets 0666 & ~umask" 644 "$(stat -c %a new.polb)"

# A symlink at the output path, pointing at a file it must not touch.
echo "precious" >victim
victim_sum=$(sha256sum <victim)
printf 'polc-trace 1\nrun cmd=x\nend status=exit:0 records=1 lost=0\n' >ok.trace
for cmd in build fmt export import learn; do
	rm -f link
	case $cmd in
	build) ln -s victim link; "$POLC" build app.pol -o link 2>err; st=$? ;;
	fmt) printf 'policy x\n  syscalls {\n default kill_process\n}\n' >victim.pol
		victim_sum_fmt=$(sha256sum <victim.pol)
		ln -s victim.pol link; "$POLC" fmt -w link 2>err; st=$? ;;
	export) ln -s victim link; "$POLC" export oci app.pol -o link 2>err; st=$? ;;
	import) ln -s victim link; "$POLC" import docker-seccomp "$REF" -o link 2>err; st=$? ;;
	learn) ln -s victim link; "$POLC" learn ok.trace -o link 2>err; st=$? ;;
	esac
	if [ "$st" != 0 ]; then pass "$cmd: a symlink at the output is refused"; else fail "$cmd: a symlink at the output is refused" "exit 0"; fi
	assert_contains "$cmd: the refusal names the link" "$(cat err)" "link: is a symbolic link; not written"
	if [ -L link ]; then pass "$cmd: the link is still a link"; else fail "$cmd: the link is still a link" "replaced"; fi
	if [ "$cmd" = fmt ]; then
		assert_eq "$cmd: the link's target is untouched" "$victim_sum_fmt" "$(sha256sum <victim.pol)"
	else
		assert_eq "$cmd: the link's target is untouched" "$victim_sum" "$(sha256sum <victim)"
	fi
done

# A failed build leaves the old output as it was.
cp out.polb before.polb
printf 'policy broken\nsyscalls {\n    allow opnat\n}\n' >broken.pol
"$POLC" build broken.pol -o out.polb 2>/dev/null
if cmp -s out.polb before.polb; then pass "a failed build leaves the old blob"; else fail "a failed build leaves the old blob" "changed"; fi

# The attack, across users: poltest owns a directory root builds into and
# plants a link to a root-owned file there.
if is_root && id "$T_USER" >/dev/null 2>&1; then
	mkdir shared && chown "$T_USER" shared
	echo "root's" >rootfile && chmod 0644 rootfile
	as_user ln -s "$T_TMP/rootfile" shared/app.polb
	sh -c 'echo overwritten > shared/app.polb'
	assert_eq "control: a shell redirection writes through the planted link" "overwritten" "$(cat rootfile)"
	echo "root's" >rootfile
	"$POLC" build app.pol -o shared/app.polb 2>/dev/null
	assert_eq "root's build does not write through the planted link" "root's" "$(cat rootfile)"
	if [ -L shared/app.polb ]; then pass "the planted link is left as it was"; else fail "the planted link is left as it was"; fi
else
	fail "cross-user symlink attack" "needs root and the $T_USER user"
fi
done_testing
