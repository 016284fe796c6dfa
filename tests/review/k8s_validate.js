// Validates polc export k8s output: node k8s_validate.js FILE.yaml...
// Core kinds against the Kubernetes OpenAPI schemas (kubernetes-models'
// validate()); the Security Profiles Operator objects field by field (the
// package has no SPO schemas); the Pod's localhostProfile must name the
// SeccompProfile object. One line per file: "FILE ok KINDS" or
// "FILE FAIL reason". Exit status 1 when any file failed.
"use strict";
const fs = require("fs");
const yaml = require("js-yaml");
const models = {
  "v1/Pod": require("kubernetes-models/v1/Pod").Pod,
  "v1/ConfigMap": require("kubernetes-models/v1/ConfigMap").ConfigMap,
  "apps/v1/Deployment": require("kubernetes-models/apps/v1/Deployment").Deployment,
  "networking.k8s.io/v1/NetworkPolicy": require("kubernetes-models/networking.k8s.io/v1/NetworkPolicy").NetworkPolicy,
};
const SPO = "security-profiles-operator.x-k8s.io/v1";
const ACTIONS = ["SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
  "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"];
const ARCHES = ["SCMP_ARCH_NATIVE", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM",
  "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE",
  "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64"];
const OPS = ["SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
  "SCMP_CMP_MASKED_EQ"];

function need(cond, what) { if (!cond) throw new Error(what); }
function onlyKeys(o, keys, where) {
  need(o && typeof o === "object" && !Array.isArray(o), where + " is not an object");
  for (const k of Object.keys(o)) need(keys.includes(k), where + ": unknown field " + k);
}
const isUint = (v) => Number.isInteger(v) && v >= 0;

function checkMeta(doc, where) {
  onlyKeys(doc, ["apiVersion", "kind", "metadata", "spec"], where);
  need(doc.apiVersion === SPO, where + ": apiVersion " + doc.apiVersion);
  need(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(doc.metadata.name), where + ": metadata.name");
  need(typeof doc.metadata.namespace === "string", where + ": metadata.namespace");
}

function checkSeccomp(doc) {
  checkMeta(doc, "SeccompProfile");
  const s = doc.spec;
  onlyKeys(s, ["defaultAction", "architectures", "syscalls"], "spec");
  need(ACTIONS.includes(s.defaultAction), "spec.defaultAction " + s.defaultAction);
  need(Array.isArray(s.architectures) && s.architectures.every((a) => ARCHES.includes(a)), "spec.architectures");
  need(Array.isArray(s.syscalls), "spec.syscalls");
  s.syscalls.forEach((r, i) => {
    const w = "spec.syscalls[" + i + "]";
    onlyKeys(r, ["names", "action", "errnoRet", "args"], w);
    need(Array.isArray(r.names) && r.names.length && r.names.every((n) => typeof n === "string" && /^[a-z0-9_]+$/.test(n)), w + ".names");
    need(ACTIONS.includes(r.action), w + ".action");
    need(r.errnoRet === undefined || (r.action === "SCMP_ACT_ERRNO" && isUint(r.errnoRet)), w + ".errnoRet");
    (r.args || []).forEach((a, j) => {
      const aw = w + ".args[" + j + "]";
      onlyKeys(a, ["index", "op", "value", "valueTwo"], aw);
      need(Number.isInteger(a.index) && a.index >= 0 && a.index <= 5, aw + ".index");
      need(OPS.includes(a.op), aw + ".op");
      need(isUint(a.value) && isUint(a.valueTwo), aw + ".value/valueTwo");
    });
  });
}

// The AppArmorProfile against the schema of the operator's v1 types
// (spo-apparmorprofile-v1.schema.json, ajv): cluster-scoped, spec.abstract.
const Ajv = require("ajv");
const aaSchema = new Ajv({ allErrors: true }).compile(
  JSON.parse(fs.readFileSync(__dirname + "/spo-apparmorprofile-v1.schema.json", "utf8")));
function checkAppArmor(doc) {
  need(aaSchema(doc), "AppArmorProfile: " + JSON.stringify(aaSchema.errors));
  need(doc.metadata.labels["app.kubernetes.io/managed-by"] === "polc", "AppArmorProfile: managed-by label");
}

function podSpec(doc) {
  return doc.kind === "Deployment" ? doc.spec.template.spec : doc.spec;
}

function checkFile(file) {
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d !== null);
  const kinds = [];
  let seccompObj = null, aaObj = null, workload = null;
  for (const doc of docs) {
    const key = doc.apiVersion + "/" + doc.kind;
    kinds.push(doc.kind);
    if (models[key]) {
      new models[key](doc).validate();
      if (doc.kind === "NetworkPolicy")
        need(doc.spec.podSelector.matchLabels["app.kubernetes.io/name"] === doc.metadata.name, "NetworkPolicy selects another workload");
      else if (doc.kind !== "ConfigMap") workload = doc;
    } else if (key === SPO + "/SeccompProfile") {
      checkSeccomp(doc);
      seccompObj = doc;
    } else if (key === SPO + "/AppArmorProfile") {
      checkAppArmor(doc);
      aaObj = doc;
    } else {
      throw new Error("unexpected object " + key);
    }
  }
  need(workload, "no Pod or Deployment");
  const sc = podSpec(workload).containers[0].securityContext;
  if (seccompObj)
    need(sc.seccompProfile.localhostProfile ===
         "operator/" + seccompObj.metadata.namespace + "/" + seccompObj.metadata.name + ".json",
         "localhostProfile does not name the SeccompProfile");
  if (aaObj)
    need(sc.appArmorProfile.type === "Localhost" && sc.appArmorProfile.localhostProfile === aaObj.metadata.name,
         "appArmorProfile does not name the AppArmorProfile (the operator loads it under the object's name)");
  return kinds.join(",");
}

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    console.log(file + " ok " + checkFile(file));
  } catch (e) {
    failed = 1;
    console.log(file + " FAIL " + String(e.message).split("\n")[0]);
  }
}
process.exit(failed);
