#!/bin/bash
# SARIF 2.1.0 (--sarif) and GitHub annotations (--format github) from
# polc check, audit and diff. Each SARIF document is validated against
# the SARIF 2.1.0 JSON schema with ajv: the schema is the one Microsoft
# ships in the npm package @microsoft/jest-sarif
# (lib/schemas/sarif-2.1.0-rtm.5.json, draft-04, the schema of the 2.1.0
# standard), ajv with ajv-draft-04 and ajv-formats; all installed with npm
# into this test's own scratch directory, never globally. Then what code
# scanning needs: every result's rule among the rules, a location with
# the .pol line and column of the setting, fixes that delete the word
# that grants the privilege.
# shellcheck source=tests/lib/common.sh disable=SC2016
. "$(dirname "$0")/../lib/common.sh"
scratch
cd "$T_TMP" || exit 1

if ! command -v npm >/dev/null 2>&1; then
	fail "npm is needed (tools/packages.txt: npm)"
	exit 1
fi
if npm install --no-save --no-audit --no-fund --prefix "$T_TMP/npm" ajv@8 ajv-draft-04@1 ajv-formats@3 >npm.log 2>&1 &&
	(cd "$T_TMP/npm" && npm pack @microsoft/jest-sarif@1.0.0-beta.0 >pack.log 2>&1) &&
	tar -xzf "$T_TMP"/npm/microsoft-jest-sarif-*.tgz -C "$T_TMP/npm" package/lib/schemas/sarif-2.1.0-rtm.5.json; then
	pass "ajv and the SARIF 2.1.0 schema installed in the scratch directory"
else
	fail "npm install of ajv / @microsoft/jest-sarif" "$(tail -3 npm.log "$T_TMP"/npm/pack.log 2>/dev/null)"
	exit 1
fi
SCHEMA=$T_TMP/npm/package/lib/schemas/sarif-2.1.0-rtm.5.json

cat >validate.js <<'JS'
// node validate.js SCHEMA FILE: exit 0 when FILE is valid SARIF 2.1.0 and
// every result names a rule of its run; errors on stderr.
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');
// unicodeRegExp off: the schema's language pattern is valid only without the u flag
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const doc = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
if (!validate(doc)) {
	console.error(JSON.stringify(validate.errors, null, 1));
	process.exit(1);
}
for (const run of doc.runs) {
	const ids = (run.tool.driver.rules || []).map((r) => r.id);
	for (const r of run.results) {
		if (!ids.includes(r.ruleId) || ids[r.ruleIndex] !== r.ruleId) {
			console.error('result with unknown rule ' + r.ruleId);
			process.exit(1);
		}
	}
}
JS
valid() { # NAME FILE
	if NODE_PATH=$T_TMP/npm/node_modules node validate.js "$SCHEMA" "$2" 2>why; then pass "$1: valid SARIF 2.1.0"
	else fail "$1: valid SARIF 2.1.0" "$(head -c 600 why)"; fi
}
# The validator can fail: a document claiming SARIF 2.0.0 is refused.
printf '{"version":"2.0.0","runs":[]}' >bad.sarif
if NODE_PATH=$T_TMP/npm/node_modules node validate.js "$SCHEMA" bad.sarif 2>/dev/null; then fail "control: a SARIF 2.0.0 document is refused"
else pass "control: a SARIF 2.0.0 document is refused"; fi
# jq-like look-ups with node: q FILE EXPR (doc is the document)
q() { node -e 'const doc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]))' "$1" "$2"; }

cat >risky.pol <<'POL'
policy risky
use default
capabilities {
    keep sys_admin net_raw
}
syscalls {
    allow ptrace
    allow unshare if flags != CLONE_NEWUSER
}
POL
printf 'policy broken\nsyscalls {\n    allow opnat\n}\n' >broken.pol

# ---- check ----
"$POLC" check --sarif -I "$TOP/policies" risky.pol >check.sarif 2>err
assert_eq "check --sarif: exit 0 (warnings only)" 0 "$?"
valid "check risky.pol" check.sarif
assert_eq "check: a rule per audit check and one for errors" \
	"$(( $("$POLC" audit --all -I "$TOP/policies" risky.pol | grep -cE '^(ok|critical|high|medium|low) ') + 1 ))" \
	"$(q check.sarif 'doc.runs[0].tool.driver.rules.length')"
assert_eq "check: rules have helpUri and a default level" "ok" \
	"$(q check.sarif 'doc.runs[0].tool.driver.rules.every(r => r.helpUri.includes("/doc/") && r.defaultConfiguration.level) ? "ok" : "no"')"
assert_eq "check: new_userns at the unshare rule's line and column" "risky.pol:8:11" \
	"$(q check.sarif 'doc.runs[0].results.filter(r => r.ruleId == "new_userns").map(r => { const p = r.locations[0].physicalLocation; return p.artifactLocation.uri + ":" + p.region.startLine + ":" + p.region.startColumn }).join()')"
assert_eq "check: the sys_admin fix deletes the word sys_admin (13:10-19)" "4:10-19" \
	"$(q check.sarif 'doc.runs[0].results.filter(r => r.ruleId == "cap_sys_admin").map(r => { const d = r.fixes[0].artifactChanges[0].replacements[0].deletedRegion; return d.startLine + ":" + d.startColumn + "-" + d.endColumn }).join()')"
assert_eq "check: the ptrace fix deletes the word ptrace" "7:11-17" \
	"$(q check.sarif 'doc.runs[0].results.filter(r => r.ruleId == "sc_ptrace").map(r => { const d = r.fixes[0].artifactChanges[0].replacements[0].deletedRegion; return d.startLine + ":" + d.startColumn + "-" + d.endColumn }).join()')"
assert_eq "check: levels from the severities (sys_admin critical: error)" "error" \
	"$(q check.sarif 'doc.runs[0].results.find(r => r.ruleId == "cap_sys_admin").level')"

"$POLC" check --sarif broken.pol >broken.sarif 2>err
assert_eq "check --sarif on an error: exit 1" 1 "$?"
valid "check broken.pol" broken.sarif
assert_eq "check: the error as a result at 3:11" "policy-error error broken.pol:3:11 unknown syscall 'opnat'; did you mean 'openat'?" \
	"$(q broken.sarif 'doc.runs[0].results.map(r => { const p = r.locations[0].physicalLocation; return r.ruleId + " " + r.level + " " + p.artifactLocation.uri + ":" + p.region.startLine + ":" + p.region.startColumn + " " + r.message.text }).join("|")')"

# ---- audit ----
"$POLC" audit --sarif -I "$TOP/policies" risky.pol >audit.sarif 2>err
assert_eq "audit --sarif: exit 1 (high findings)" 1 "$?"
valid "audit risky.pol" audit.sarif
assert_eq "audit: as many results as failed checks" \
	"$("$POLC" audit -I "$TOP/policies" risky.pol | grep -cE '^(critical|high|medium|low) ')" \
	"$(q audit.sarif 'doc.runs[0].results.length')"
"$POLC" audit --sarif -I "$TOP/policies" "$TOP/policies/hardened.pol" >hardened.sarif 2>err
valid "audit hardened.pol" hardened.sarif

# ---- diff ----
"$POLC" diff --sarif -I "$TOP/policies" "$TOP/policies/default.pol" risky.pol >diff.sarif 2>err
assert_eq "diff --sarif: exit 1 (privilege added)" 1 "$?"
valid "diff default.pol risky.pol" diff.sarif
assert_eq "diff: added sys_admin at risky.pol:4" "privilege-added risky.pol:4" \
	"$(q diff.sarif 'doc.runs[0].results.filter(r => r.message.text.includes("sys_admin")).map(r => r.ruleId + " " + r.locations[0].physicalLocation.artifactLocation.uri + ":" + r.locations[0].physicalLocation.region.startLine).join()')"
"$POLC" diff --sarif risky.pol risky.pol -I "$TOP/policies" >same.sarif 2>err
valid "diff of a policy with itself (no results)" same.sarif

# ---- GitHub annotations ----
out=$("$POLC" check --format github -I "$TOP/policies" risky.pol 2>/dev/null)
assert_contains "check github: the new_userns annotation" "$out" "::error file=risky.pol,line=8,col=11,title=new_userns::allows unshare(CLONE_NEWUSER|CLONE_NEWNS): "
bad=$(printf '%s\n' "$out" | grep -vcE '^::(error|warning|notice) file=[^,:]+(,line=[0-9]+,col=[0-9]+)?,title=[a-z_0-9-]+::.+$')
assert_eq "check github: every line is a workflow command" 0 "$bad"
out=$("$POLC" check --format github broken.pol 2>/dev/null)
assert_eq "check github: the error" "::error file=broken.pol,line=3,col=11,title=policy-error::unknown syscall 'opnat'; did you mean 'openat'?" "$out"
out=$("$POLC" audit --format github -I "$TOP/policies" risky.pol 2>/dev/null)
assert_contains "audit github: sys_admin" "$out" "::error file=risky.pol,line=4,col=10,title=cap_sys_admin::keeps sys_admin"
out=$("$POLC" diff --format github -I "$TOP/policies" "$TOP/policies/default.pol" risky.pol 2>/dev/null)
assert_contains "diff github: sys_admin added" "$out" "::warning file=risky.pol,line=4,col=10,title=privilege-added::+ capabilities: "
# An attacker's file name cannot start a second workflow command.
cp risky.pol 'a,b:c%0A::error::x.pol'
out=$("$POLC" check --format github -I "$TOP/policies" 'a,b:c%0A::error::x.pol' 2>/dev/null | head -1)
assert_contains "github: a hostile file name is escaped" "$out" "file=a%2Cb%3Ac%250A%3A%3Aerror%3A%3Ax.pol,"
printf 'policy "x\\ny"\n' >nl.pol
"$POLC" check --format github nl.pol 2>/dev/null | grep -c '' >lines
assert_eq "github: a newline in a message stays in one line per finding" \
	"$("$POLC" check --json nl.pol 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).diagnostics.filter(x=>x.severity!="note").length))')" "$(cat lines)"
assert_status "unknown --format: usage error" 2 "$POLC" check --format xml risky.pol
done_testing
