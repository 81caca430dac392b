// Hostile patterns and hostile sizes end to end (issue 8, items 10 and 11): policy regular expressions
// run on a linear-time engine, globs the run cannot handle are rejected with line:column before any gate
// runs, and user text of any length leaves the comment, the summary and the status within GitHub's limits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE, changed, HEAD, POLICY_PATH, scenario } from './scenario.js';
import { OWNER, REPO } from './run-action.js';

const { fake, pr, run, statuses, comments } = scenario();

const setPolicy = (text: string): void => {
  fake().setFile(OWNER, REPO, BASE, POLICY_PATH, text);
};

// Six stars in a row: a backtracking engine needs about n^6 steps to reject "aaaa…!".
const POLYNOMIAL = '^[a-z0-9]*[a-z0-9]*[a-z0-9]*[a-z0-9]*[a-z0-9]*[a-z0-9]*$';
const BRACE_BOMB = `acme-${'{a,b}'.repeat(20)}`;
// Generous: a run takes about a second; a backtracking title check would take days.
const RUN_BOUND_MS = 30_000;

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

describe('policy patterns the run cannot afford', () => {
  it('matches a polynomial title_pattern in linear time against a 10,000-character title', async () => {
    setPolicy(`version: 1
vendors:
  users: ["acme-*"]
gates:
  review: { level: off }
  description: { min_length: 10, linked_issue: false, title_pattern: "${POLYNOMIAL}" }
`);
    pr(81, { title: `${'a'.repeat(10_000)}!`, files: [changed('src/app.ts')] });
    const started = Date.now();
    const result = await run(81, { timeoutMs: RUN_BOUND_MS });
    expect(result.code, `killed after ${Date.now() - started} ms`).toBe(1);
    expect(statuses()).toEqual([expect.objectContaining({ sha: HEAD, state: 'failure', description: 'Failed: description' })]);
    expect(comments(81)[0]?.body).toContain('| Description | ❌ Failed | 1 problem with the description |');
  });

  it('rejects a title_pattern that RE2 cannot compile as an error with line:column, before any gate runs', async () => {
    setPolicy(`version: 1
vendors:
  users: ["acme-*"]
gates:
  description:
    title_pattern: "^(?!WIP)(feat|fix): "
`);
    pr(82, { files: [changed('src/app.ts')] });
    const result = await run(82, { timeoutMs: RUN_BOUND_MS });
    expect(result.code).toBe(1);
    expect(statuses()).toEqual([expect.objectContaining({ state: 'error' })]);
    expect(statuses()[0]?.description).toMatch(/^Could not check: The policy file \.github\/vendor-gate\.yml is not valid/);
    expect(result.stdout).toContain('.github/vendor-gate.yml:6:20: gates.description.title_pattern: not a regular expression that RE2 accepts');
    expect(result.stdout).toContain('lookahead');
    expect(result.outputs.result).toBe('error');
    // Before any gate: nothing of the PR but the policy was read.
    expect(fake().requests.filter((r) => r.path.includes('/files') || r.path.includes('/commits') || r.path.includes('/reviews'))).toEqual([]);
  });

  it('rejects a login glob whose braces expand to a million patterns as an error with line:column', async () => {
    setPolicy(`version: 1
vendors:
  users: ["${BRACE_BOMB}"]
`);
    pr(83, { files: [changed('src/app.ts')] });
    const result = await run(83, { timeoutMs: RUN_BOUND_MS });
    expect(result.code).toBe(1);
    expect(statuses()).toEqual([expect.objectContaining({ state: 'error' })]);
    expect(result.stdout).toContain('.github/vendor-gate.yml:3:11: vendors.users[0]: bad glob');
    expect(result.stdout).toContain('braces expand it to more than 1,000 patterns');
  });
});

describe('user text of any length', () => {
  it('keeps the comment under 65,536 characters with a 70,000-character commit email and a 10,000-character title, tables whole', async () => {
    setPolicy(`version: 1
vendors:
  emails: ["*@acme.example"]
gates:
  review: { level: off }
  access: { allow: ["src/**"] }
  description: { min_length: 10, linked_issue: false, title_pattern: "^(feat|fix): " }
`);
    const email = `${'x'.repeat(70_000)}@acme.example`;
    const hostile = 'docs/#12 :tada: GH-7 owner/repo#3 \u202Eevil\u200B\uFEFF @admins.md';
    const longNames = Array.from({ length: 300 }, (_, i) => `docs/${String(i).padStart(3, '0')}-${'n'.repeat(1_000)}.md`);
    pr(84, {
      title: 'T'.repeat(10_000),
      user: { login: 'outsider' },
      files: [changed(hostile), ...longNames.map((name) => changed(name))],
      commits: [{ sha: HEAD, message: 'feat: docs', author: { name: 'X', email }, committer: { name: 'X', email } }],
    });
    const result = await run(84, { timeoutMs: RUN_BOUND_MS });
    expect(result.code).toBe(1);
    const body = comments(84)[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('Vendor PR: commit email xxxx');
    expect(body).not.toContain('x'.repeat(1_000));
    expect(body).not.toContain('n'.repeat(1_000));
    // The gate table is whole: its header, its separator, and one well-formed row per gate that ran.
    const rows = body.split('\n').filter((line) => line.startsWith('| '));
    expect(rows.slice(0, 2)).toEqual(['| Check | Result | Details |', '| --- | --- | --- |']);
    expect(rows.filter((row) => /^\| (Scope of work|Description) \|/.test(row))).toHaveLength(2);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    // Hostile text is inert: no invisible or bidi characters, no issue links, no emoji, no mention.
    expect(body).not.toMatch(INVISIBLE);
    // Link targets are percent-encoded URLs, which GitHub never renders as text.
    const text = body.replace(/\]\(https:\/\/github\.com\/[^)\s]*\)/g, ']');
    expect(text).not.toMatch(/(?<!&)#\d|GH-\d|:tada:|@admins/);
    expect(body).toContain('/blob/');
    expect(result.summary.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(1_048_576);
    expect(result.summary).not.toContain('x'.repeat(1_000));
    const [status] = statuses();
    expect(status).toMatchObject({ state: 'failure', description: 'Failed: access, size, description' });
    expect(result.stdout).not.toContain('x'.repeat(1_000));
  });
});

describe('vendor-gate validate (built)', () => {
  const CLI = join(import.meta.dirname, '../../dist/cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-patterns-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects every pattern the run cannot handle, each with line:column, and exits 2', () => {
    const file = join(dir, 'hostile.yml');
    writeFileSync(
      file,
      `version: 1
vendors:
  users: ["${BRACE_BOMB}"]
  emails: ["*@{a,b,c,d,e,f,g,h,i,j}{a,b,c,d,e,f,g,h,i,j}{a,b,c,d,e,f,g,h,i,j}{a,b}.example"]
gates:
  access: { allow: ["src/${'x'.repeat(300)}/**"] }
  secrets: { allow_patterns: ["(a)\\\\1"] }
  description: { title_pattern: "^(?<=x)" }
`,
    );
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, 'validate', file], { encoding: 'utf8', timeout: RUN_BOUND_MS });
    expect(result.status, `took ${Date.now() - started} ms`).toBe(2);
    expect(result.stderr).toContain('hostile.yml:3:11: vendors.users[0]: bad glob');
    expect(result.stderr).toContain('hostile.yml:4:12: vendors.emails[0]: bad glob');
    expect(result.stderr).toContain('hostile.yml:6:21: gates.access.allow[0]: bad glob');
    expect(result.stderr).toContain('longer than 256 characters');
    expect(result.stderr).toContain('hostile.yml:7:31: gates.secrets.allow_patterns[0]: not a regular expression that RE2 accepts');
    expect(result.stderr).toContain('hostile.yml:8:33: gates.description.title_pattern: not a regular expression that RE2 accepts');
  });
});
