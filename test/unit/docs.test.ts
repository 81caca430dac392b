// The README, action.yml and the code must agree: generated tables, declared vs read inputs,
// declared vs set outputs, named dependencies, and examples that the code accepts.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import { INPUT_NAMES } from '../../src/inputs.js';
import { parsePolicy } from '../../src/policy/load.js';
import { policySchema } from '../../src/policy/schema.js';
import { withRulesTable } from '../../src/secrets/rules-doc.js';

const rootUrl = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, rootUrl), 'utf8');

function mappingKeys(value: unknown, key: string): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const section: unknown = (value as Record<string, unknown>)[key];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return [];
  return Object.keys(section);
}

function captures(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '');
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

/** A default as the README's key table writes it: text bare, lists and the rest as JSON with a space after each comma. */
function defaultCell(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '`""`' : `\`${value}\``;
  if (Array.isArray(value)) return `\`[${value.map((v) => JSON.stringify(v)).join(', ')}]\``;
  return `\`${JSON.stringify(value)}\``;
}

/**
 * Every setting of the policy schema, with the default cell the README must show: its default, `none`
 * when it is optional without one, `required` otherwise. Mappings are sections; `profiles` has rows of its own.
 */
function schemaKeys(schema: z.ZodObject, prefix: string): Array<[string, string]> {
  return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([name, child]): Array<[string, string]> => {
    const key = `${prefix}${name}`;
    if (key === 'profiles') return [];
    const meta = child.meta() as { default?: unknown } | undefined;
    let inner: z.ZodType = child;
    let fallback = meta?.default;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
      if (inner instanceof z.ZodDefault) fallback = (inner.def as { defaultValue: unknown }).defaultValue;
      inner = inner.unwrap() as z.ZodType;
    }
    if (inner instanceof z.ZodObject) return schemaKeys(inner, `${key}.`);
    const cell = fallback !== undefined ? defaultCell(fallback) : child instanceof z.ZodOptional ? 'none' : 'required';
    // A union with a mapping (dco: true or { remediation_commits }) documents the mapping's keys too.
    const mapping = inner instanceof z.ZodUnion ? (inner.options as z.ZodType[]).find((o) => o instanceof z.ZodObject) : undefined;
    return [[key, cell], ...(mapping instanceof z.ZodObject ? schemaKeys(mapping, `${key}.`) : [])];
  });
}

describe('docs', () => {
  it('README.md tables are current with action.yml (npm run docs)', () => {
    const run = spawnSync(process.execPath, ['scripts/generate-docs.mjs', '--check'], { cwd: fileURLToPath(rootUrl), encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.status, `${run.stderr}${run.stdout}`).toBe(0);
  });

  it('README.md lists every secret rule with its confidence (npm run secret-rules)', () => {
    const readme = read('README.md');
    expect(withRulesTable(readme)).toBe(readme);
  });

  it('action.yml declares exactly the inputs that src/inputs.ts reads', () => {
    const declared = sorted(mappingKeys(parse(read('action.yml')), 'inputs'));
    expect(declared).toEqual(sorted(INPUT_NAMES));
    const readNames = sorted(captures(read('src/inputs.ts'), /\bget\(\s*'([^']+)'\s*\)/g));
    expect(readNames, 'inputs read with get(...) in src/inputs.ts').toEqual(declared);
  });

  it('action.yml declares exactly the outputs that src/publish/github.ts sets', () => {
    const declared = sorted(mappingKeys(parse(read('action.yml')), 'outputs'));
    const set = sorted(captures(read('src/publish/github.ts'), /\bcore\.setOutput\(\s*'([^']+)'/g));
    expect(set.length).toBeGreaterThan(0);
    expect(set, 'outputs set with core.setOutput(...) in src/publish/github.ts').toEqual(declared);
  });

  it('README.md names every direct dependency that dist/ bundles', () => {
    const manifest: unknown = JSON.parse(read('package.json'));
    // Everything is bundled, so every package is a devDependency: the bundle's licence list says which of them run.
    const bundled = new Set(captures(read('dist/licenses.txt'), /^(@?[^@\s]+)@\d[^\s]*$/gm));
    const runtime = mappingKeys(manifest, 'devDependencies').filter((name) => bundled.has(name));
    expect(runtime).toEqual(expect.arrayContaining(['@actions/core', '@octokit/rest', 'minimatch', 'yaml', 'zod']));
    const readme = read('README.md');
    expect(runtime.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it("README.md's policy table lists every key of the schema with the schema's default", () => {
    const rows = new Map(captures(read('README.md'), /^\| (`[a-z$_.[\]<>]+` \| [^|]+) \|/gm).map((row) => {
      const [key = '', cell = ''] = row.split(' | ');
      return [key.slice(1, -1), cell.trim()] as const;
    }));
    // The level of most gates defaults to error, which the row gates.<gate>.level says once.
    const expected = schemaKeys(policySchema, '').filter(([key, cell]) => !(key.endsWith('.level') && cell === '`error`'));
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter(([key, cell]) => rows.get(key) !== cell).map(([key, cell]) => `${key}: README says ${rows.get(key) ?? 'nothing'}, the schema ${cell}`)).toEqual([]);
  });

  it('every YAML example of README.md parses, and the policy example is a valid policy', () => {
    const blocks = captures(read('README.md'), /^```yaml\n([\s\S]*?)^```$/gm);
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) {
      expect(() => {
        parse(block);
      }).not.toThrow();
    }
    const policy = blocks.find((block) => block.startsWith('# yaml-language-server: $schema='));
    expect(policy).toBeDefined();
    expect(() => parsePolicy(policy ?? '', '.github/vendor-gate.yml')).not.toThrow();
  });

  it('every workflow in README.md is a file of examples/, and every example is shown or linked', () => {
    const readme = read('README.md');
    const blocks = [...readme.matchAll(/^(?:<!-- example: (\S+) -->\n)?```yaml\n([\s\S]*?)^```$/gm)];
    const workflows = blocks.filter((block) => {
      const parsed: unknown = parse(block[2] ?? '');
      return typeof parsed === 'object' && parsed !== null && 'jobs' in parsed && 'on' in parsed;
    });
    expect(workflows.length).toBeGreaterThan(3);
    expect(workflows.filter((block) => block[1] === undefined).map((block) => block[2])).toEqual([]);
    const examples = readdirSync(new URL('examples/', rootUrl)).filter((name) => name.endsWith('.yml'));
    expect(examples.filter((name) => !readme.includes(`examples/${name}`))).toEqual([]);
  });

  it('the Quick start is one workflow and one policy, 15 lines of YAML at most, for the default token, before the rest', () => {
    const readme = read('README.md');
    const start = readme.indexOf('## Quick start\n');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const [workflow, policy, ...rest] = captures(section, /^<!-- example: (\S+) -->$/gm);
    expect([workflow, policy, rest]).toEqual(['examples/quick-start.yml', 'examples/policy/quick-start.yml', []]);
    const lines = [workflow, policy].map((path) => read(path ?? '').trimEnd().split('\n').length);
    expect((lines[0] ?? 0) + (lines[1] ?? 0)).toBeLessThanOrEqual(15);
    // The default GITHUB_TOKEN cannot read team membership, so a team makes the first run an error.
    expect(parsePolicy(read(policy ?? ''), '.github/vendor-gate.yml')).toMatchObject({ vendors: { teams: [] }, reviewers: { teams: [] } });
    for (const later of ['## Set up', '### Fork pull requests', '**Code scanning.**', 'teams: ["']) {
      expect(readme.indexOf(later), later).toBeGreaterThan(start);
    }
    expect(start).toBeGreaterThan(0);
  });
});
