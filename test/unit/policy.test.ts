import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema, SCHEMA_PATH } from '../../src/policy/json-schema.js';
import { DEFAULT_POLICY, mergeGates, parsePolicy, PolicyError } from '../../src/policy/load.js';
import { resolvePolicy } from '../../src/policy/resolve.js';

const FILE = '.github/vendor-gate.yml';

function problems(text: string): string[] {
  try {
    parsePolicy(text, FILE);
  } catch (error) {
    if (error instanceof PolicyError) return error.problems.map((p) => `${p.line}:${p.column} ${p.key}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

describe('policy', () => {
  it('fills in every default for a minimal file', () => {
    const policy = parsePolicy('version: 1\n', FILE);
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(policy.gates.access.deny).toEqual(['.github/**', '**/CODEOWNERS']);
    expect(policy.gates.size).toMatchObject({ level: 'error', max_files: 50, max_lines: 1000 });
  });

  it('reads the full example of the README', () => {
    const policy = parsePolicy(
      `# yaml-language-server: $schema=https://example.test/vendor-gate.schema.json
version: 1
vendors:
  users: ["acme-*"]
  teams: ["my-org/vendor-acme"]
  emails: ["*@acme.example"]
  associations: [FIRST_TIME_CONTRIBUTOR]
gates:
  access:
    allow: ["src/**", "test/**"]
    protect:
      - { paths: ["package.json"], approvers: ["my-org/security", "alice"] }
  size: { max_files: 30, level: warn }
  description: { title_pattern: "^(feat|fix): ", required_sections: [Summary, Testing] }
profiles:
  - name: acme
    match: { users: ["acme-*"] }
    valid_until: 2027-06-30
    gates: { size: { max_lines: 400 } }
`,
      FILE,
    );
    expect(policy.vendors.teams).toEqual(['my-org/vendor-acme']);
    expect(policy.gates.size).toMatchObject({ level: 'warn', max_files: 30, max_lines: 1000 });
    const profile = policy.profiles[0];
    expect(profile?.valid_until).toBe('2027-06-30');
    expect(mergeGates(policy.gates, profile?.gates).size).toMatchObject({ level: 'warn', max_files: 30, max_lines: 400 });
  });

  it('reports every problem with line, column, key, what was expected and what was found', () => {
    expect(
      problems(`version: 1
vendors:
  users: ["acme-*", 3]
  teams: ["bad team"]
gates:
  legal: { dco: maybe }
  size: { max_files: -1, max_lines: "x", foo: 1 }
  access:
    allow: ["/src/**", "", "!src/x"]
    protect:
      - { paths: [], approvers: ["my-org/sec"] }
  description: { title_pattern: "(", level: fatal }
profiles:
  - name: acme
    match: { users: ["acme-*"] }
    valid_until: 2027-02-30
`),
    ).toEqual([
      '3:21 vendors.users[1]: expected a text, found "3"',
      '4:11 vendors.teams[0]: expected a team as "org/team-slug", found "bad team"',
      '6:17 gates.legal.dco: expected true, false or { remediation_commits: true }, found "maybe"',
      '7:22 gates.size.max_files: expected a number of at least 0, found "-1"',
      '7:37 gates.size.max_lines: expected a number, found "x"',
      '7:42 gates.size.foo: unknown key "foo"; expected one of: level, max_files, max_lines, ignore',
      '9:13 gates.access.allow[0]: bad glob "/src/**": paths are relative to the repository root: remove the leading "/"',
      '9:24 gates.access.allow[1]: bad glob "": an empty pattern matches nothing',
      '9:28 gates.access.allow[2]: bad glob "!src/x": negated patterns ("!…") are not supported: list the paths to deny under "deny" instead',
      '11:18 gates.access.protect[0].paths: expected at least 1 item, found "[]"',
      '12:33 gates.description.title_pattern: not a regular expression that RE2 accepts: missing closing ) at character 1 ("(")',
      '12:45 gates.description.level: expected "error" or "warn" or "off", found "fatal"',
      '16:18 profiles[0].valid_until: expected a date as YYYY-MM-DD, such as 2027-06-30, found "2027-02-30"',
    ]);
  });

  it.each([
    ['', '1:1 : the file is empty; expected at least "version: 1"'],
    ['version: 2\n', '1:10 version: expected 1, found "2"'],
    ['gates: {}\n', '1:1 version: expected 1, found nothing: the key is missing'],
    ['version: 1\nversion: 1\n', '2:1 : Map keys must be unique'],
    ['version: 1\ngates: [\n', '3:1 : Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['- version: 1\n', '1:1 : expected a mapping of keys to values, found "- version: 1"'],
  ])('rejects %j', (text, problem) => {
    expect(problems(text)[0]).toBe(problem);
  });

  it('names the file, the line and the way to check it in the error message', () => {
    expect(() => parsePolicy('version: 1\ngates: { size: { max_files: many } }\n', 'policy.yml')).toThrow(
      /policy\.yml:2:29: gates\.size\.max_files: expected a number, found "many"[\s\S]*the command `vendor-gate validate <file>` checks it locally/,
    );
  });

  it('treats a missing policy file as an error, and an empty path as the built-in defaults', async () => {
    await expect(resolvePolicy(FILE, () => Promise.resolve(undefined), { description: 'the base branch main' })).rejects.toThrow(
      "The policy file .github/vendor-gate.yml does not exist on the base branch main. Add it there (the policy is always read from the base branch), or set the input config to '' to use the built-in defaults.",
    );
    const builtIn = await resolvePolicy('', () => Promise.reject(new Error('not read')), { description: 'main' });
    expect(builtIn.source).toEqual({ path: '', builtIn: true });
    expect(builtIn.policy).toEqual(DEFAULT_POLICY);
  });

  it('commits a JSON Schema that matches the policy schema (npm run schema regenerates it)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(policyJsonSchema());
  });
});
