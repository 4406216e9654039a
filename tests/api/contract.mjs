// Validates recorded API answers against docs/openapi.json.
// Usage: node contract.mjs OPENAPI.json RECORD.jsonl
// A record line: {"method","path" (with query),"status","type","body"} (body as text).
// Each answer must belong to a documented operation (a method the path does not
// document may only be answered 405, as documented on that path's operations; a
// path the API does not have only 404 with the Error body),
// its status must be documented for it, and a JSON body must match the schema
// (OpenAPI 3.0 schemas turned into JSON Schema by openapi-schema-to-json-schema,
// checked by ajv). Prints one line per failure and a summary; exits 1 on any.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { fromSchema } from "@openapi-contrib/openapi-schema-to-json-schema";

const [docPath, recPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Every component schema converted once, under one id, so that $refs resolve.
const components = {};
for (const [name, s] of Object.entries(doc.components.schemas)) components[name] = fromSchema(s);
ajv.addSchema({ $id: "openapi", definitions: components });
const fixRefs = (s) => {
  const o = JSON.parse(JSON.stringify(s).replace(/"#\/components\/schemas\//g, '"openapi#/definitions/'));
  delete o.$schema; // fromSchema marks draft-04; ajv 8 checks draft-07 and later
  return o;
};
for (const name of Object.keys(components)) components[name] = fixRefs(components[name]);
ajv.removeSchema("openapi");
ajv.addSchema({ $id: "openapi", definitions: components });

const templates = Object.keys(doc.paths).map((t) => ({
  t,
  re: new RegExp("^" + t.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
}));
const resolve = (r) => (r && r.$ref ? r.$ref.split("/").slice(1).reduce((o, k) => o[k], doc) : r);
const validators = new Map();
function validatorFor(key, schema) {
  if (!validators.has(key)) validators.set(key, ajv.compile(fixRefs(fromSchema(schema))));
  return validators.get(key);
}

const lines = readFileSync(recPath, "utf8").split("\n").filter(Boolean);
let failed = 0, checked = 0, withBody = 0;
const fail = (rec, why) => {
  failed++;
  console.log(`FAIL ${rec.method} ${rec.path} → ${rec.status}: ${why}`);
};
for (const line of lines) {
  const rec = JSON.parse(line);
  const path = rec.path.split("?")[0];
  if (!path.startsWith("/api/")) continue; // the suite's page requests (a login, a redirect) are not the API
  checked++;
  const tpl = templates.find((x) => x.re.test(path));
  if (!tpl) {
    // A path the API does not have: only the 404 error, in the documented Error shape.
    if (rec.status !== 404) { fail(rec, "path not in the description answered other than 404"); continue; }
    const v = validatorFor("Error", doc.components.schemas.Error);
    withBody++;
    let body;
    try { body = JSON.parse(rec.body); } catch (e) { fail(rec, "body is not JSON"); continue; }
    if (!v(body)) fail(rec, ajv.errorsText(v.errors, { separator: "; " }).slice(0, 400));
    continue;
  }
  const item = doc.paths[tpl.t];
  const m = rec.method.toLowerCase() === "head" ? "get" : rec.method.toLowerCase();
  let op = item[m];
  if (!op) {
    // A method the path does not have: the answer must be the documented 405.
    if (rec.status !== 405) { fail(rec, "undocumented method answered other than 405"); continue; }
    op = Object.values(item).find((o) => o.responses && o.responses["405"]);
    if (!op) { fail(rec, "405 not documented on this path"); continue; }
  }
  const resp = resolve(op.responses[String(rec.status)] || op.responses.default);
  if (!resp) { fail(rec, `status ${rec.status} not documented for ${op.operationId}`); continue; }
  const content = resp.content && resp.content["application/json"];
  if (!content || !content.schema) continue;
  if (!/^application\/json/.test(rec.type || "")) { fail(rec, `documented JSON, answered ${rec.type}`); continue; }
  let body;
  try { body = JSON.parse(rec.body); } catch (e) { fail(rec, "body is not JSON"); continue; }
  const v = validatorFor(`${op.operationId} ${rec.status}`, content.schema);
  withBody++;
  if (!v(body)) fail(rec, ajv.errorsText(v.errors, { separator: "; " }).slice(0, 400));
}
console.log(`contract: ${checked} answers of the API suite, ${withBody} JSON bodies validated against the description, ${failed} failed`);
process.exit(failed || !checked ? 1 : 0);
