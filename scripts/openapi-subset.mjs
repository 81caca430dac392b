// Writes test/openapi/subset.json: the request and 2xx response schemas of the GitHub REST
// operations that vendor-gate calls, with every component schema they reference, converted
// from OpenAPI 3.0 to JSON Schema that Ajv 8 compiles. The e2e fake GitHub validates its traffic
// against it (test/e2e/openapi.ts).
//
// Usage:   node scripts/openapi-subset.mjs           (writes the file)
//          node scripts/openapi-subset.mjs --check   (exit 1 if the committed file is stale; writes nothing)
// Input:   node_modules/@octokit/openapi/generated/api.github.com.json (read as a file: the
//          package root loads ten specs, about 385 MB)
// Output:  test/openapi/subset.json, sorted keys and 2-space indent, so a re-run is byte-identical
//          unless @octokit/openapi changed. Commit it; re-run after bumping @octokit/openapi, or
//          after adding an operation to OPERATIONS below.
// Changes: `nullable: true` becomes `type: [T, 'null']` (and null joins any `enum`), or
//          `anyOf: [schema, {type: 'null'}]` without `type`; `discriminator`, `example` and
//          `examples` are dropped; `#/components/schemas/X` refs are kept (they resolve in the
//          subset). Non-2xx bodies are checked against `basic-error`, which is always included.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OPERATIONS = [
  'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits',
  'GET /repos/{owner}/{repo}/contents/{path}',
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
  'GET /orgs/{org}/teams/{team_slug}/memberships/{username}',
  'GET /orgs/{org}/teams/{team_slug}/members',
  'GET /user',
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}',
  'POST /repos/{owner}/{repo}/statuses/{sha}',
  'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
  'GET /repos/{owner}/{repo}/issues/{issue_number}/events',
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
  'GET /repos/{owner}/{repo}/actions/artifacts',
  'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
  'GET /repos/{owner}/{repo}',
  'GET /repos/{owner}/{repo}/pulls',
  'GET /orgs/{org}/repos',
];
const ALWAYS_INCLUDED = ['basic-error'];
const SCHEMA_REF = '#/components/schemas/';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = join(root, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const outPath = join(root, 'test/openapi/subset.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const specVersion = JSON.parse(readFileSync(join(root, 'node_modules/@octokit/openapi/package.json'), 'utf8')).version;

/** Follows `#/components/<kind>/<name>` refs that are not schemas (responses, request bodies). */
function deref(node) {
  while (node?.$ref && !node.$ref.startsWith(SCHEMA_REF)) {
    node = node.$ref.split('/').slice(1).reduce((at, key) => at[key], spec);
  }
  return node;
}

/** Converts one OpenAPI 3.0 schema; `found` collects the component names it references. */
function convert(schema, found) {
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'discriminator' || key === 'example' || key === 'examples') continue;
    if (key === '$ref') {
      if (!value.startsWith(SCHEMA_REF)) throw new Error(`unexpected $ref ${value}`);
      found.add(value.slice(SCHEMA_REF.length));
      out[key] = value;
    } else if (key === 'properties' || key === 'patternProperties') {
      // Property names are data, not keywords: a property called `example` must survive.
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convert(sub, found)]));
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf' || (key === 'items' && Array.isArray(value))) {
      out[key] = value.map((sub) => convert(sub, found));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = convert(value, found);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;
  if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
  out.type = [...new Set([out.type, 'null'].flat())];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

const jsonSchemaOf = (content) => content?.['application/json']?.schema;

const found = new Set(ALWAYS_INCLUDED);
const operations = {};
for (const operation of OPERATIONS) {
  const [method, path] = operation.split(' ');
  const source = spec.paths[path]?.[method.toLowerCase()];
  if (!source) throw new Error(`${operation} is not in the spec`);
  const responses = {};
  for (const [status, response] of Object.entries(source.responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const schema = jsonSchemaOf(deref(response).content);
    // A 2xx without a body (204) is listed with `null`, so "no schema" differs from "no such status".
    responses[status] = schema === undefined ? null : convert(schema, found);
  }
  const body = jsonSchemaOf(deref(source.requestBody)?.content);
  operations[operation] = {
    method,
    operationId: source.operationId,
    path,
    ...(body === undefined ? {} : { requestBody: convert(body, found) }),
    responses,
  };
}

const schemas = {};
const pending = [...found];
while (pending.length > 0) {
  const name = pending.pop();
  if (name in schemas) continue;
  const source = spec.components.schemas[name];
  if (!source) throw new Error(`missing component schema ${name}`);
  const refs = new Set();
  schemas[name] = convert(source, refs);
  for (const ref of refs) if (!(ref in schemas)) pending.push(ref);
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

const subset = {
  components: { schemas },
  generatedBy: 'scripts/openapi-subset.mjs',
  operations,
  source: `@octokit/openapi@${specVersion} generated/api.github.com.json`,
};
const text = `${JSON.stringify(sortKeys(subset), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
  if (current !== text) {
    console.error(`${outPath} is stale: run node scripts/openapi-subset.mjs`);
    process.exit(1);
  }
  console.log(`${outPath} is up to date`);
} else {
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, text);
  console.log(`wrote ${outPath}: ${Object.keys(operations).length} operations, ${Object.keys(schemas).length} schemas`);
}
