// Writes the inputs and outputs tables of README.md from action.yml, between the markers
// <!-- inputs:start --> / <!-- inputs:end --> and <!-- outputs:start --> / <!-- outputs:end -->,
// and the YAML block after each <!-- example: PATH --> marker from that file (examples/*.yml).
//
// Usage:   node scripts/generate-docs.mjs           rewrite README.md
//          node scripts/generate-docs.mjs --check   exit 1 and show the difference when README.md
//                                                   is not current; writes nothing
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = join(root, 'README.md');
const actionPath = join(root, 'action.yml');
const check = process.argv.slice(2).includes('--check');

function fail(message) {
  console.error(`generate-docs: ${message}`);
  process.exit(1);
}

/** One table cell: one line, and a `|` that cannot end the cell. */
function cell(text) {
  return String(text).replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

/** Inline code that survives backticks inside the value. */
function inlineCode(value) {
  const text = String(value);
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function entries(section, name) {
  if (section === undefined || section === null) return [];
  if (typeof section !== 'object' || Array.isArray(section)) fail(`action.yml: "${name}" is not a mapping`);
  return Object.entries(section).map(([key, value]) => {
    if (typeof value !== 'object' || value === null) fail(`action.yml: ${name}.${key} is not a mapping`);
    if (typeof value.description !== 'string' || value.description.trim() === '') fail(`action.yml: ${name}.${key} has no description`);
    return [key, value];
  });
}

function inputsTable(action) {
  const rows = entries(action.inputs, 'inputs').map(([name, input]) => {
    const hasDefault = input.default !== undefined && input.default !== null && String(input.default) !== '';
    const value = hasDefault ? cell(inlineCode(input.default)) : 'none';
    return `| ${cell(inlineCode(name))} | ${cell(input.description)} | ${value} |`;
  });
  return ['| Input | Description | Default |', '| --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(action) {
  const rows = entries(action.outputs, 'outputs').map(([name, output]) => `| ${cell(inlineCode(name))} | ${cell(output.description)} |`);
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

function replaceRegion(text, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0 || to < from) fail(`README.md needs the markers ${start} and ${end}, in that order`);
  if (text.indexOf(start, from + 1) >= 0 || text.indexOf(end, to + 1) >= 0) fail(`README.md has the markers of "${name}" more than once`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** The fenced block right after each `<!-- example: PATH -->` gets the text of PATH, so a copied example is the tested file. */
function replaceExamples(text) {
  const marker = /^<!-- example: (\S+) -->\n/gm;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(marker)) {
    const path = match[1];
    const fenceStart = match.index + match[0].length;
    const fence = /^```yaml\n[\s\S]*?^```$/m.exec(text.slice(fenceStart));
    if (fence === null || fence.index !== 0) fail(`README.md: the marker <!-- example: ${path} --> must be followed at once by a \`\`\`yaml block`);
    let file;
    try {
      file = readFileSync(join(root, path), 'utf8');
    } catch {
      fail(`README.md names ${path} in an example marker, and there is no such file`);
    }
    out += `${text.slice(last, fenceStart)}\`\`\`yaml\n${file.endsWith('\n') ? file : `${file}\n`}\`\`\``;
    last = fenceStart + fence[0].length;
  }
  return out + text.slice(last);
}

/** A line diff (longest common subsequence): small inputs only, which the README is. */
function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  const lengths = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lengths[i][j + 1] >= lengths[i + 1][j])) {
      out.push(`+ ${b[j]}   (README.md would get this line, at line ${j + 1})`);
      j++;
    } else {
      out.push(`- ${a[i]}   (README.md line ${i + 1})`);
      i++;
    }
  }
  return out;
}

let action;
try {
  action = parse(readFileSync(actionPath, 'utf8'), { prettyErrors: true });
} catch (error) {
  // GitHub's runner rejects the same file, so this is a broken action, not only a broken README.
  fail(`action.yml is not valid YAML, so GitHub cannot load the action either:\n${error instanceof Error ? error.message : String(error)}`);
}
if (typeof action !== 'object' || action === null) fail('action.yml is empty or not a mapping');

const current = readFileSync(readmePath, 'utf8');
let next = replaceRegion(current, 'inputs', inputsTable(action));
next = replaceRegion(next, 'outputs', outputsTable(action));
next = replaceExamples(next);

if (check) {
  if (next !== current) {
    console.error('README.md is not current with action.yml and examples/. Run `npm run docs` and commit README.md.');
    console.error(diffLines(current, next).join('\n'));
    process.exit(1);
  }
  console.log('README.md is current with action.yml and examples/.');
} else if (next !== current) {
  writeFileSync(readmePath, next);
  console.log('README.md: inputs and outputs tables updated from action.yml, examples from examples/.');
} else {
  console.log('README.md is already current with action.yml and examples/.');
}
