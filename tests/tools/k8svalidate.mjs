#!/usr/bin/env node
// k8svalidate.mjs - check Kubernetes objects against the API schemas of a
// Kubernetes release, offline (tests/cli/0053-deploy.sh).
//
//   node k8svalidate.mjs NODE_MODULES OBJECTS.json
//
// OBJECTS.json: [{"file": ..., "doc": <object>}, ...] (deploycheck.py yaml).
// The schemas are the npm package kubernetes-models (Kubernetes' OpenAPI
// definitions compiled to ajv validators), installed by `make test-tools`
// into build/tools/node_modules.  Prints one "ok"/"not ok" line per object;
// exits 1 when any is invalid, 2 on a usage error.
//
// The schemas say which fields exist but not that others are refused: the
// OpenAPI definitions have no additionalProperties: false.  The API server
// refuses unknown fields itself (kubectl's default --validate=strict,
// https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation),
// so this does too: the validator reads every field its schema knows, and a
// field of an object it checked that it never read is one the schema does
// not have.  An object the validator enumerates (a map such as labels) has
// no fixed fields; one it never looks into (free-form) is not judged.
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [modules, input] = process.argv.slice(2);
if (!modules || !input) {
  console.error("usage: k8svalidate.mjs NODE_MODULES OBJECTS.json");
  process.exit(2);
}
const TEST = process.env.TEST_NAME || "k8svalidate";
let failed = 0;

// apiVersion "batch/v1" -> kubernetes-models/batch/v1/Kind.js; "v1" (the
// core group) -> kubernetes-models/v1/Kind.js.
async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind))
    throw new Error("no apiVersion/kind");
  const parts = apiVersion.split("/");
  if (parts.length > 2 || parts.some((p) => !/^[a-z0-9.-]+$/.test(p)))
    throw new Error(`apiVersion '${apiVersion}' is malformed`);
  const file = join(modules, "kubernetes-models", ...parts, `${kind}.js`);
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch {
    throw new Error(`no ${kind} in ${apiVersion} in this Kubernetes release`);
  }
  if (typeof mod[kind] !== "function") throw new Error(`no ${kind} in ${apiVersion}`);
  return mod[kind];
}

// Wrap an object so that every field the validator reads is recorded.
function tracked(value, seen) {
  if (value === null || typeof value !== "object") return value;
  const rec = { read: new Set(), enumerated: false };
  seen.set(value, rec);
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string") rec.read.add(key);
      return tracked(Reflect.get(target, key, receiver), seen);
    },
    has(target, key) {
      if (typeof key === "string") rec.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      rec.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

// Fields of checked objects that the schema never read.
function unknownFields(value, seen, path, out) {
  if (value === null || typeof value !== "object") return out;
  const rec = seen.get(value);
  for (const [k, v] of Object.entries(value)) {
    const p = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
    if (rec && !rec.enumerated && !Array.isArray(value) && !rec.read.has(k)) out.push(p);
    else unknownFields(v, seen, p, out);
  }
  return out;
}

function report(ok, what, detail) {
  if (ok) {
    console.log(`ok - ${TEST}: ${what}`);
  } else {
    console.log(`not ok - ${TEST}: ${what}`);
    console.log(`#   ${detail}`);
    failed++;
  }
}

let objects;
try {
  objects = JSON.parse(readFileSync(input, "utf8"));
} catch (e) {
  console.error(`k8svalidate: ${input}: ${e.message}`);
  process.exit(2);
}
for (const { file, doc } of objects) {
  const what = `${file}: ${doc?.kind ?? "?"} ${doc?.metadata?.name ?? "?"} is valid ${doc?.apiVersion ?? "?"}`;
  let Model;
  try {
    Model = await modelOf(doc?.apiVersion, doc?.kind);
  } catch (e) {
    report(false, what, e.message);
    continue;
  }
  const seen = new Map();
  try {
    // The model's validate() checks `this`: hand it the tracked document.
    Model.prototype.validate.call(tracked(doc, seen));
  } catch (e) {
    report(false, what, e.message);
    continue;
  }
  const unknown = unknownFields(doc, seen, "", []);
  report(unknown.length === 0, what, `unknown field(s): ${unknown.join(", ")}`);
}
process.exit(failed ? 1 : 0);
