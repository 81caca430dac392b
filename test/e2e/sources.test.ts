// One scenario through both sources of facts: a pull request on the fake GitHub API, and the same
// commits in a local git repository checked by the built `vendor-gate check`. Wherever both sources
// can know a fact, the gates must decide alike; where local git cannot (approvals), the gate says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileInput } from './fake-github.js';
import { scenario } from './scenario.js';
import { OWNER, REPO } from './run-action.js';

const CLI = join(import.meta.dirname, '../../dist/cli.js');
const POLICY = `version: 1
vendors: { users: ["acme-*"] }
gates:
  review: { approvals: 1 }
  access:
    allow: ["src/**", "package.json"]
    protect: [{ paths: [package.json], approvers: [sam] }]
  size: { max_lines: 40 }
  description: { min_length: 20 }
profiles:
  - { name: acme, match: { users: ["acme-*"] }, valid_until: 2099-12-31 }
`;
const TITLE = 'feat: invoice export';
const BODY = 'Adds the CSV export of invoices, as agreed.\n\nFixes #12';
// Built at run time, so that no scanner flags this file: an AWS key id of the documented shape.
const KEY = ['AKIA', 'Q3EGRTZ7', 'MXKWPL4N'].join('');

const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-sources-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Bob', '-c', 'user.email=bob@acme.example', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** The PR as GitHub lists it, read off the local repository: each file's status, counts and patch from its first hunk. */
function pullRequestFiles(base: string, head: string): FileInput[] {
  const statuses: Record<string, FileInput['status']> = { A: 'added', M: 'modified', D: 'removed' };
  return git('diff', '--name-status', base, head)
    .trim()
    .split('\n')
    .map((line) => {
      const [letter = 'M', path = ''] = line.split('\t');
      const numstat = git('diff', '--numstat', base, head, '--', path).trim().split('\t');
      const full = git('diff', base, head, '--', path);
      return {
        filename: path,
        status: statuses[letter] ?? 'modified',
        additions: Number(numstat[0]),
        deletions: Number(numstat[1]),
        patch: full.slice(full.indexOf('@@')).replace(/\n$/, ''),
      };
    });
}

interface GateView {
  id: string;
  status: string;
  findings: Array<{ file?: string; line?: number; message: string }>;
}

function gates(reportJson: string): GateView[] {
  const report = JSON.parse(reportJson) as { gates: Array<GateView & { findings: Array<Record<string, unknown>> }> };
  return report.gates.map((g) => ({
    id: g.id,
    status: g.status,
    findings: g.findings.map((f) => ({ ...(f.file !== undefined ? { file: f.file } : {}), ...(f.line !== undefined ? { line: f.line } : {}), message: f.message })),
  }));
}

const { fake, run } = scenario(POLICY);

describe('the same pull request through GitHub and through local git', () => {
  it('decides every gate alike where both can know, and says what only GitHub knows', async () => {
    git('init', '-q', '-b', 'main');
    write('.github/vendor-gate.yml', POLICY);
    write('package.json', '{\n  "name": "shop",\n  "version": "1.0.0"\n}\n');
    write('src/app.ts', 'export const app = 1;\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD').trim();
    git('checkout', '-q', '-b', 'work');
    write('src/app.ts', `export const app = 1;\nexport const region = 'eu';\nconst awsKeyId = '${KEY}';\nexport { awsKeyId };\n`);
    write('package.json', '{\n  "name": "shop",\n  "version": "1.1.0"\n}\n');
    write('lib/extra.ts', Array.from({ length: 40 }, (_, i) => `export const x${i} = ${i};`).join('\n') + '\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'feat: invoice export');
    const head = git('rev-parse', 'HEAD').trim();
    write('body.md', BODY);

    const local = spawnSync(process.execPath, [CLI, 'check', '--base', 'main', '--author', 'acme-bob', '--title', TITLE, '--body-file', 'body.md', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(local.stderr).toBe('');
    expect(local.status).toBe(1);

    fake().setFile(OWNER, REPO, base, '.github/vendor-gate.yml', POLICY);
    fake().addPullRequest(OWNER, REPO, {
      number: 51, title: TITLE, body: BODY, user: { login: 'acme-bob' }, author_association: 'CONTRIBUTOR',
      base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'work' },
      files: pullRequestFiles(base, head),
      commits: [{ sha: head, message: 'feat: invoice export\n', author: { name: 'Bob', email: 'bob@acme.example' }, committer: { name: 'Bob', email: 'bob@acme.example' } }],
    });
    fake().addReview(OWNER, REPO, 51, { login: 'alice', state: 'APPROVED', commit_id: head });
    fake().addReview(OWNER, REPO, 51, { login: 'sam', state: 'APPROVED', commit_id: head });
    const action = await run(51);
    expect(action.code).toBe(1);

    const onGitHub = gates(readFileSync(action.outputs.report ?? '', 'utf8'));
    const onDisk = gates(local.stdout);
    // Approvals exist only on GitHub: the review gate decides there and says why it skips locally.
    expect(onGitHub.find((g) => g.id === 'review')?.status).toBe('pass');
    expect(onDisk.find((g) => g.id === 'review')).toMatchObject({ status: 'skip', findings: [] });
    const known = (list: GateView[]) => list.filter((g) => g.id !== 'review');
    expect(known(onDisk)).toEqual(known(onGitHub));
    expect(onGitHub.map((g) => [g.id, g.status])).toEqual([
      ['access', 'fail'],
      ['secrets', 'fail'],
      ['size', 'fail'],
      ['description', 'pass'],
      ['coverage', 'skip'],
      ['review', 'pass'],
      ['contract', 'pass'],
    ]);
    // The protected file: approved by sam on GitHub; locally noted, not failed.
    const report = JSON.parse(local.stdout) as { gates: Array<{ id: string; notes: string[] }> };
    expect(report.gates.find((g) => g.id === 'access')?.notes).toEqual([
      '1 protected file (package.json) will need an approval from a named approver; approvals are only known on GitHub, so it is checked on the pull request.',
    ]);
  });
});
