import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from '../../src/cli.js';
import { LocalRepo } from './local-repo.js';
import { BASE, changed, HEAD, POLICY_PATH, scenario } from './scenario.js';
import { OWNER, REPO } from './run-action.js';

const CENTRAL = `version: 1
vendors: { users: ["acme-*"] }
gates:
  review: { approvals: 1 }
  access:
    allow: ["src/**", "docs/**"]
  size: { max_lines: 500 }
  description: { min_length: 20 }
overridable: [gates.description]
`;
const TAG = 'v3';
const LABEL = `acme/policies:vendor-gate.yml@${TAG}`;
/** As the comment shows it: an @ that cannot mention anyone. */
const SHOWN = LABEL.replace('@', '@&#8203;');

const { fake, pr, run, statuses, comments, apiUrl } = scenario(`version: 1
extends: ${LABEL}
gates:
  size: { max_lines: 300 }
  description: { min_length: 5 }
`);

function central(text = CENTRAL): void {
  fake().setFile('acme', 'policies', TAG, 'vendor-gate.yml', text);
}

describe('an organisation policy read through the GitHub API', () => {
  it('passes a vendor PR under a repository policy that extends the central one and tightens it', async () => {
    central();
    pr(1, { files: [changed('src/app.ts'), changed('src/app.test.ts')] });
    const result = await run(1);
    expect(result.outputs.result).toBe('pass');
    expect(statuses()).toEqual([expect.objectContaining({ sha: HEAD, state: 'success' })]);
    expect(comments(1)[0]?.body).toContain(`Policy: <code>${POLICY_PATH}</code> at <code>${BASE.slice(0, 12)}</code>, on the floor of <code>${SHOWN}</code> from the base branch`);
    // Read at the pinned ref of the central repository, never at the PR's head.
    expect(fake().requests.filter((r) => r.path.startsWith('/repos/acme/')).map((r) => `${r.path}?ref=${r.query.ref ?? ''}`)).toEqual([`/repos/acme/policies/contents/vendor-gate.yml?ref=${TAG}`]);
  });

  it('applies the tightened and the inherited values: a PR over the repository size limit and outside the central scope fails', async () => {
    central();
    pr(2, { files: [changed('src/app.ts', { additions: 350 }), changed('lib/x.ts')] });
    const result = await run(2);
    expect(result.outputs.result).toBe('fail');
    expect(result.outputs['failed-gates']).toBe('access,size');
  });

  it('gives an error status with a positioned message naming both files when the repository loosens the floor', async () => {
    central();
    fake().setFile(OWNER, REPO, BASE, POLICY_PATH, `version: 1\nextends: ${LABEL}\ngates:\n  review: { approvals: 0 }\n  access:\n    allow: ["src/**", "infra/**"]\n`);
    pr(3, { files: [changed('src/app.ts')] });
    const result = await run(3);
    expect(result.outputs.result).toBe('error');
    expect(statuses()).toEqual([expect.objectContaining({ state: 'error' })]);
    // No comment for a run that could not decide who wrote the PR: the status, the summary and the log carry it.
    const body = result.summary;
    expect(body).toContain(`${POLICY_PATH}:4:13: gates.review.approvals: 0 is lower than the floor's 1, set by ${SHOWN}:4:13. A repository may only tighten the central policy`);
    expect(body).toContain(`${POLICY_PATH}:6:5: gates.access.allow: "infra/\\*\\*" is not proven to lie within the floor's "src/\\*\\*", "docs/\\*\\*"`);
    expect(result.stdout).toContain(`::error::The policy file ${POLICY_PATH} is not valid (2 problems):`);
  });

  it('applies the org-config inputs alone when the repository has no policy file, reading with config-token', async () => {
    central();
    fake().addUserToken('ghs_policy_reader', 'policy-reader[bot]');
    pr(4, { files: [changed('infra/main.tf')] });
    const result = await run(4, {
      inputs: { 'org-config-repo': 'acme/policies', 'org-config': 'vendor-gate.yml', 'org-config-ref': TAG, 'config-token': 'ghs_policy_reader', config: 'missing.yml' },
    });
    expect(result.outputs.result).toBe('fail');
    expect(result.outputs['failed-gates']).toBe('access');
    expect(comments(4)[0]?.body).toContain(`Policy: <code>${SHOWN}</code>, the organisation's policy (the repository has no policy file) · `);
    const reads = fake().requests.filter((r) => r.path.startsWith('/repos/acme/'));
    expect(reads.map((r) => r.token)).toEqual(['ghs_policy_reader']);
    // The main token did every other request.
    expect(fake().requests.filter((r) => !r.path.startsWith('/repos/acme/')).every((r) => r.token === 'ghs_installation')).toBe(true);
  });

  it('reads the default branch of the organisation repository when org-config-ref is empty', async () => {
    fake().setFile('acme', 'policies', 'main', '.github/vendor-gate.yml', CENTRAL);
    pr(6, { files: [changed('src/app.ts'), changed('src/app.test.ts')] });
    const result = await run(6, { inputs: { 'org-config-repo': 'acme/policies', config: '' } });
    expect(result.outputs.result).toBe('pass');
    const [read] = fake().requests.filter((r) => r.path.startsWith('/repos/acme/'));
    expect(read?.path).toBe('/repos/acme/policies/contents/.github/vendor-gate.yml');
    expect(read?.query).toEqual({});
    expect(comments(6)[0]?.body).toContain('Policy: <code>acme/policies:.github/vendor-gate.yml</code>, the organisation');
  });

  it('fails closed when the central policy does not answer, naming it', async () => {
    central();
    fake().hangNext('GET', /^\/repos\/acme\/policies\/contents\//, 100);
    pr(7, { files: [changed('src/app.ts')] });
    const result = await run(7, { inputs: { 'api-timeout': '3' } });
    expect(result.outputs.result).toBe('error');
    expect(statuses()).toEqual([expect.objectContaining({ state: 'error' })]);
    expect(result.summary).toContain(`Could not read the central policy ${SHOWN} (repository acme/policies, path vendor-gate.yml, ref ${TAG}): GitHub did not answer`);
  });

  it.each([
    [404, 'it does not exist, or the token cannot see the repository'],
    [403, 'HTTP 403: the token may not read it'],
  ])('fails closed with an error status when the central policy answers %i', async (status, why) => {
    central();
    fake().failNext('GET', /^\/repos\/acme\/policies\/contents\//, status, 5, 'Resource not accessible by integration');
    pr(5, { files: [changed('src/app.ts')] });
    const result = await run(5);
    expect(result.outputs.result).toBe('error');
    expect(statuses()).toEqual([expect.objectContaining({ state: 'error' })]);
    const body = result.summary;
    expect(body).toContain(`Could not read the central policy ${SHOWN} (repository acme/policies, path vendor-gate.yml, ref ${TAG}): ${why}`);
    expect(body).toContain('Set the input config-token to a token with contents: read on acme/policies');
  });
});

describe('vendor-gate validate and check with extends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-org-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'policy.yml');
  const io = (env: Record<string, string>) => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, cwd: dir, now: new Date('2026-12-01T00:00:00Z'), env } };
  };

  it('shows the effective policy with the file that set each value', async () => {
    central();
    writeFileSync(file, `version: 1\nextends: ${LABEL}\ngates:\n  size: { max_lines: 300 }\nprofiles: [{ name: globex, match: { users: ["globex-*"] } }]\n`);
    const { out, io: streams } = io({ GITHUB_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl() });
    expect(await cli(['validate', file], streams)).toBe(0);
    expect(out.stdout).toContain(`on the floor of ${LABEL}`);
    expect(out.stdout).toMatch(/max_lines: 300 # from .*policy\.yml\n/);
    expect(out.stdout).toContain(`max_files: 50\n`);
    expect(out.stdout).toContain(`approvals: 1 # from ${LABEL}\n`);
    // A list gets its source on the line above its key; a default gets none.
    expect(out.stdout).toContain(`    # from ${LABEL}\n    allow:\n      - src/**\n`);
    expect(out.stdout).toContain('    deny:\n');
    // The output is itself a valid flattened policy for check --config.
    expect(parse(out.stdout)).toMatchObject({ gates: { size: { max_lines: 300 }, access: { allow: ['src/**', 'docs/**'] } } });

    const json = io({ GH_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl() });
    expect(await cli(['validate', file, '--format', 'json'], json.io)).toBe(0);
    const sources = (JSON.parse(json.out.stdout) as { sources: Record<string, string> }).sources;
    expect(sources['gates.size.max_lines']).toBe(file);
    expect(sources['gates.access.allow']).toBe(LABEL);
    expect(sources['gates.size.max_files']).toBeUndefined();
    expect(sources['profiles.globex.match.users']).toBe(file);
    // What no file writes has no source, also in a profile a file does write.
    expect(sources['profiles.globex.valid_until']).toBeUndefined();
  });

  it('lists a loosening as a positioned problem in --format json', async () => {
    central();
    writeFileSync(file, `version: 1\nextends: ${LABEL}\ngates:\n  size: { max_lines: 900 }\n`);
    const { out, io: streams } = io({ GITHUB_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl() });
    expect(await cli(['validate', file, '--format', 'json'], streams)).toBe(2);
    expect(JSON.parse(out.stdout)).toMatchObject({ valid: false, problems: [{ line: 4, column: 11, key: 'gates.size.max_lines' }] });
  });

  it('check applies the central floor that the base branch policy extends, read with GH_TOKEN', async () => {
    central();
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.github'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Bob', '-c', 'user.email=bob@acme.example', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, POLICY_PATH), `version: 1\nextends: ${LABEL}\ngates: { size: { max_files: 1 } }\n`);
    git('add', '-A');
    git('commit', '-q', '-m', 'policy');
    git('checkout', '-q', '-b', 'work');
    mkdirSync(join(repo, 'lib'));
    writeFileSync(join(repo, 'lib/x.ts'), 'export const x = 1;\n');
    writeFileSync(join(repo, 'lib/y.ts'), 'export const y = 1;\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'feat: x and y');
    const out = { stdout: '', stderr: '' };
    const streams = { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, cwd: repo, now: new Date('2026-12-01T00:00:00Z'), env: { GH_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl() } };
    expect(await cli(['check', '--base', 'main', '--author', 'acme-bob'], streams)).toBe(1);
    // The scope of work comes from the central file, the size limit from the repository's.
    expect(out.stdout).toContain('vendor-gate FAILED: access, size');
    expect(out.stdout).toContain(`Policy: ${POLICY_PATH} at `);
    expect(out.stdout).toContain(`, on the floor of ${LABEL}`);
    const bare = { stdout: '', stderr: '' };
    expect(await cli(['check', '--base', 'main'], { ...streams, stdout: (t: string) => { bare.stdout += t; }, stderr: (t: string) => { bare.stderr += t; }, env: {} })).toBe(2);
    expect(bare.stderr).toContain('Set GITHUB_TOKEN or GH_TOKEN');
  });

  it('check --org-config applies the organisation policy to a checkout with no policy file, as the org-config inputs do', async () => {
    central();
    const local = new LocalRepo();
    local.commit('base');
    local.git('checkout', '-q', '-b', 'work');
    local.write('infra.tf', 'x = 1\n');
    local.commit('feat: infra');
    const repo = local.dir;
    const out = { stdout: '', stderr: '' };
    const streams = { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, cwd: repo, now: new Date('2026-12-01T00:00:00Z'), env: { GITHUB_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl() } };
    expect(await cli(['check', '--base', 'main', '--author', 'acme-bob', '--org-config', LABEL], streams)).toBe(1);
    expect(out.stdout).toContain('vendor-gate FAILED: access');
    expect(out.stdout).toContain(`Policy: ${LABEL}`);
    // Without it, the same checkout has only the built-in defaults, which allow every path.
    const plain = { stdout: '', stderr: '' };
    expect(await cli(['check', '--base', 'main', '--author', 'acme-bob'], { ...streams, stdout: (t: string) => { plain.stdout += t; } })).toBe(0);
    const wrong = { stdout: '', stderr: '' };
    expect(await cli(['check', '--org-config', 'acme/policies'], { ...streams, stderr: (t: string) => { wrong.stderr += t; } })).toBe(2);
    expect(wrong.stderr).toContain('--org-config is "acme/policies"; expected owner/repo:path@ref');
    local.remove();
  });

  it('says how to give a token when none is set, rather than check against part of the policy', async () => {
    writeFileSync(file, `version: 1\nextends: ${LABEL}\n`);
    const { out, io: streams } = io({});
    expect(await cli(['validate', file], streams)).toBe(2);
    expect(out.stderr).toContain(`The policy extends the central policy ${LABEL}, which vendor-gate reads through the GitHub API. Set GITHUB_TOKEN or GH_TOKEN`);
    expect(out.stderr).toContain('or pass --config with a flattened policy');
    expect(fake().requests).toEqual([]);
  });
});
