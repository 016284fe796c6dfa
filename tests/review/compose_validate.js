// Validates Compose files against the Compose Specification's JSON schema
// (tests/review/compose-spec.json: compose-spec/compose-spec's
// schema/compose-spec.json, see the note at the top of t_export_compose.sh)
// with ajv. Each FILE is parsed with js-yaml (YAML 1.2, as docker compose's
// reader is) and must have one document. Prints "ok FILE" or
// "bad FILE: <ajv errors>" per file; exits 1 when any is bad.
// Usage: NODE_PATH=... node compose_validate.js SCHEMA FILE...
'use strict';
const fs = require('fs');
const yaml = require('js-yaml');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
// "$schema" names draft-07 by its https address, which ajv does not know
// by that spelling; ajv's default meta-schema is draft-07 itself.
delete schema.$schema;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const f of files) {
  let docs;
  try {
    docs = yaml.loadAll(fs.readFileSync(f, 'utf8'));
  } catch (e) {
    console.log(`bad ${f}: YAML: ${e.message.split('\n')[0]}`);
    bad++;
    continue;
  }
  if (docs.length !== 1) {
    console.log(`bad ${f}: ${docs.length} documents`);
    bad++;
  } else if (!validate(docs[0])) {
    console.log(`bad ${f}: ${ajv.errorsText(validate.errors)}`);
    bad++;
  } else {
    console.log(`ok ${f}`);
  }
}
process.exit(bad ? 1 : 0);
