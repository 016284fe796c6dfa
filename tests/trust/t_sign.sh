#!/bin/sh
# Signed blobs: polc keygen, polc build --sign, polc verify-blob, and
# enforce refusing (125) before anything is built a blob that is unsigned,
# signed by another key, altered, or checked against a malformed key, as
# root and rootless. The trust directory tests use the test-only binary
# build/tests/enforce-testtrust (mk/enforce.mk), whose directory is
# build/tests/trusted-keys: the host's /etc/polc/trusted.d is never touched.
. "$(dirname "$0")/../lib/common.sh"
scratch
ETT=$TOP/$BUILD/tests/enforce-testtrust
TD=$TOP/$BUILD/tests/trusted-keys
cd "$T_TMP" || exit 1

printf 'policy signed\nprocess { umask 022 }\n' >app.pol
"$POLC" build app.pol -o app.polb || fail "build"
"$POLC" keygen ci >keygen.out; assert_eq "keygen: exits 0" 0 $?
assert_contains "keygen: names the key" "$(cat keygen.out)" "ci.key ci.pub: key ed25519:"
assert_eq "keygen: private key is 0600" 600 "$(stat -c %a ci.key)"
assert_status "keygen: never replaces a key" 2 "$POLC" keygen ci
"$POLC" keygen other >/dev/null && "$POLC" keygen third >/dev/null

"$POLC" build app.pol -o s.polb --sign ci.key; assert_eq "build --sign: exits 0" 0 $?
"$POLC" build app.pol -o s2.polb --sign ci.key
check "build --sign: deterministic (Ed25519)" cmp -s s.polb s2.polb
n=$(stat -c %s app.polb)
assert_eq "signed form: the blob and a 128-byte trailer" $((n + 128)) "$(stat -c %s s.polb)"
# An independent verifier: stock openssl on the first total_size bytes.
head -c "$n" s.polb >msg; tail -c 128 s.polb | tail -c +57 | head -c 64 >sig
check "signed form: the blob part is the unsigned blob, unchanged" cmp -s app.polb msg
check "signature: openssl pkeyutl verifies it" \
	sh -c "openssl pkeyutl -verify -pubin -inkey ci.pub -rawin -in msg -sigfile sig >/dev/null"
# And a key made by openssl signs a blob enforce accepts.
openssl genpkey -algorithm ed25519 -out ossl.key 2>/dev/null
openssl pkey -in ossl.key -pubout -out ossl.pub 2>/dev/null
"$POLC" build app.pol -o o.polb --sign ossl.key
assert_status "an openssl-made key signs and verifies" 0 "$ENFORCE" --trust ossl.pub o.polb -- /bin/true

assert_status "verify-blob: valid with the right key" 0 "$POLC" verify-blob s.polb --key ci.pub
assert_status "verify-blob: another key" 1 "$POLC" verify-blob s.polb --key other.pub
assert_status "verify-blob: unsigned" 1 "$POLC" verify-blob app.polb --key ci.pub
out=$("$POLC" build --check s.polb app.pol); st=$?
assert_eq "build --check: a signed blob matches its source" 0 "$st"
assert_contains "build --check: says it is signed" "$out" "carries a signature by ed25519:"
assert_status "polc dump reads a signed blob" 0 "$POLC" dump s.polb

# Damaged forms of s.polb.
cp s.polb tamper.polb; printf '\001' | dd of=tamper.polb bs=1 seek=200 conv=notrunc 2>/dev/null
cp s.polb sigbyte.polb; printf '\001' | dd of=sigbyte.polb bs=1 seek=$((n + 100)) conv=notrunc 2>/dev/null
head -c $((n + 100)) s.polb >trunc.polb
head -c $((n + 8)) s.polb >trunc8.polb
printf 'not a key\n' >bad.pub
sed 's/A/B/' ci.pub >flip.pub # still base64, decodes to another SPKI or key

# refuse NAME ENFORCE-ARGS...: exit 125, the command did not run, one line.
refuse() {
	name=$1; shift
	rm -f "$T_TMP/ran"
	"$@" -- /bin/sh -c "touch $T_TMP/ran" >out 2>err
	st=$?
	assert_eq "$name: exit 125" 125 "$st"
	check "$name: the command never ran" test ! -e "$T_TMP/ran"
	assert_eq "$name: one line" 1 "$(wc -l <err)"
	MSG=$(cat err)
}
runs() {
	name=$1; shift
	rm -f "$T_TMP/ran"
	"$@" -- /bin/sh -c "touch $T_TMP/ran" >out 2>err
	assert_eq "$name: runs" 0 $?
	check "$name: the command ran" test -e "$T_TMP/ran"
}

trust_cases() { # $1: "" or "as_user"
	w=$1 who=${1:+rootless: }
	runs "${who}--trust, signed by it" $w "$ENFORCE" --trust ci.pub s.polb
	refuse "${who}tampered byte" $w "$ENFORCE" --trust ci.pub tamper.polb
	assert_contains "${who}tampered byte: says altered" "$MSG" "does not verify with ed25519:"
	refuse "${who}tampered signature byte" $w "$ENFORCE" --trust ci.pub sigbyte.polb
	refuse "${who}truncated signature" $w "$ENFORCE" --trust ci.pub trunc.polb
	assert_contains "${who}truncated signature: says so" "$MSG" "trailer is 100 bytes"
	refuse "${who}truncated to the trailer magic" $w "$ENFORCE" --trust ci.pub trunc8.polb
	refuse "${who}wrong key" $w "$ENFORCE" --trust other.pub s.polb
	assert_contains "${who}wrong key: names the signer" "$MSG" "which is not a trusted key"
	refuse "${who}unsigned blob with --trust" $w "$ENFORCE" --trust ci.pub app.polb
	assert_contains "${who}unsigned: says so" "$MSG" "not signed"
	refuse "${who}malformed --trust key file" $w "$ENFORCE" --trust bad.pub s.polb
	assert_contains "${who}malformed key: names the file" "$MSG" "bad.pub: not a PEM public key"
	refuse "${who}altered key file" $w "$ENFORCE" --trust flip.pub s.polb
	refuse "${who}missing key file" $w "$ENFORCE" --trust nosuch.pub s.polb
	runs "${who}no trust configured: a signed blob runs" $w "$ENFORCE" s.polb
	runs "${who}no trust configured: an unsigned blob runs" $w "$ENFORCE" app.polb
	runs "${who}--trust with several keys" $w "$ENFORCE" --trust other.pub --trust ci.pub s.polb
	refuse "${who}dry run refuses too" $w "$ENFORCE" --dry-run --trust ci.pub app.polb
}
trust_cases ""

# The trust directory (test build). Empty: no trust.
rm -rf "$TD"; mkdir -p "$TD"; chmod 755 "$TD"
runs "empty trust directory: unsigned runs" "$ETT" app.polb
cp other.pub third.pub "$TD/"; cp ci.pub "$TD/ci.pub"; chmod 644 "$TD"/*.pub
echo "keys go here" >"$TD/README" # not *.pub: not read
runs "trust directory with several keys: signed by one of them" "$ETT" s.polb
refuse "trust directory: unsigned blob" "$ETT" app.polb
refuse "trust directory: tampered byte" "$ETT" tamper.polb
rm "$TD/ci.pub"
refuse "trust directory with several keys, not the signer's" "$ETT" s.polb
assert_contains "trust directory: names the signer" "$MSG" "which is not a trusted key"
runs "--trust replaces the directory" "$ETT" --trust ci.pub s.polb
cp bad.pub "$TD/zz-bad.pub"; chmod 644 "$TD/zz-bad.pub"; cp ci.pub "$TD/ci.pub"
refuse "trust directory: a malformed key file" "$ETT" s.polb
assert_contains "malformed key in the directory: names it" "$MSG" "zz-bad.pub: not a PEM public key"
rm "$TD/zz-bad.pub"
chmod 666 "$TD/ci.pub"
refuse "trust directory: a key writable by others" "$ETT" s.polb
assert_contains "writable key: says why" "$MSG" "writable by others"
chmod 644 "$TD/ci.pub"; chmod 777 "$TD"
refuse "trust directory writable by others" "$ETT" s.polb
chmod 755 "$TD"; rm "$TD/ci.pub"; ln -s "$T_TMP/ci.pub" "$TD/ci.pub"
refuse "trust directory: a key that is a symlink" "$ETT" s.polb
rm "$TD/ci.pub"; cp ci.pub "$TD/ci.pub"; chmod 644 "$TD/ci.pub"
runs "trust directory: restored" "$ETT" s.polb

if is_root; then
	chmod 1777 "$T_TMP"; chmod 644 ./*.polb ./*.pub
	trust_cases as_user
	runs "rootless: root's trust directory" as_user "$ETT" s.polb
	refuse "rootless: root's trust directory refuses unsigned" as_user "$ETT" app.polb
	chown "$T_USER" "$TD/ci.pub"
	runs "rootless: a key the caller owns" as_user "$ETT" s.polb
	refuse "root: a key another user owns" "$ETT" s.polb
	assert_contains "another user's key: says why" "$MSG" "owned by uid"
fi
rm -rf "$TD"
done_testing
