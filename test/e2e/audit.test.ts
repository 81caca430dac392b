import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appendEntry, EMPTY_HISTORY, historyBlock, parseHistory, type HistoryEntry, type HistoryRecord } from '../../src/report/history.js';
import type { Scorecard } from '../../src/audit/scorecard.js';
import type { AuditPart } from '../../src/audit/part.js';
import { githubToken } from '../unit/secret-samples.js';
import { changed, POLICY_PATH, scenario } from './scenario.js';
import { OWNER, payload, REPO } from './run-action.js';

const CLI = join(import.meta.dirname, '../../dist/cli.js');
const DAY = 86_400_000;
const soon = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
const POLICY = `version: 1
vendors:
  users: ["acme-*", "globex-*"]
reviewers: { users: [alice] }
gates:
  access:
    allow: ["src/**", "docs/**"]
  description: { min_length: 20 }
profiles:
  - name: acme
    match: { users: ["acme-*"] }
    valid_until: ${soon}
  - name: globex
    match: { users: ["globex-*"] }
waiver: { by: [lena] }
`;
const MARKER = '<!-- vendor-gate -->';
const BOT = 'github-actions[bot]';
const SECOND = 'c'.repeat(40);
const daysAgo = (n: number): string => new Date(Date.now() - n * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha = (n: number): string => n.toString(16).padStart(40, '0');

interface CliRun { code: number | null; stdout: string; stderr: string }

async function audit(apiUrl: string, ...args: string[]): Promise<CliRun> {
  const env = { PATH: process.env.PATH, HOME: tmpdir(), GITHUB_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl };
  const child = spawn(process.execPath, [CLI, 'audit', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

const json = (run: CliRun): { part: AuditPart; scorecard: Scorecard } => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { part: AuditPart; scorecard: Scorecard };
};

function entry(n: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return { sha: sha(n), at: daysAgo(3), event: 'pull_request_target', result: 'fail', failed: { size: 1 }, waived: {}, secrets: 0, profile: 'acme', ...extra };
}

describe('vendor-gate audit against a GitHub-like API', () => {
  const { fake, pr, run, apiUrl, comments } = scenario(POLICY);
  const bobCommit = (s: string) => ({ sha: s, message: 'feat: invoice export', author: { name: 'Bob', email: 'bob@acme.example' }, committer: { name: 'Bob', email: 'bob@acme.example' } });
  // Each PR has its own head: vendor-gate refuses to pass a commit that two open PRs share.
  const vendorPr = (number: number, login: string, extra: Parameters<typeof pr>[1]) => {
    const head = sha(0xa00 + number);
    pr(number, { user: { login }, created_at: daysAgo(5), updated_at: daysAgo(1), head: { sha: head }, commits: [bobCommit(head)], ...extra });
  };

  it('counts first-push passes, pushes to green, gate failures, secrets and waivers from the records the built action wrote', async () => {
    fake().setFile(OWNER, REPO, 'main', POLICY_PATH, POLICY);
    // 1: fails the access gate on its first push, passes on the second.
    vendorPr(1, 'acme-bob', { files: [changed('src/a.ts'), changed('.github/workflows/x.yml')] });
    expect((await run(1)).outputs.result).toBe('fail');
    fake().addReview(OWNER, REPO, 1, { login: 'alice', state: 'APPROVED', commit_id: SECOND });
    vendorPr(1, 'acme-bob', { head: { sha: SECOND }, commits: [bobCommit(SECOND)], files: [changed('src/a.ts')] });
    expect((await run(1)).outputs.result).toBe('pass');
    // 2: passes at once, then is merged.
    vendorPr(2, 'acme-bob', { files: [changed('src/b.ts')] });
    expect((await run(2)).outputs.result).toBe('pass');
    vendorPr(2, 'acme-bob', { files: [changed('src/b.ts')], merged_at: daysAgo(1) });
    // 3: no approval (review fails, and a reviewer asked for changes), then lena waives it on the same commit.
    vendorPr(3, 'acme-carl', { approved: false, labels: ['vendor-gate: waive'], files: [changed('src/c.ts')] });
    fake().addReview(OWNER, REPO, 3, { login: 'alice', state: 'CHANGES_REQUESTED', commit_id: sha(0xa03) });
    expect((await run(3)).outputs.result).toBe('fail');
    fake().addIssueEvent(OWNER, REPO, 3, { event: 'labeled', login: 'lena', label: 'vendor-gate: waive' });
    const labeled = { ...payload('pull_request', 'labeled'), number: 3, label: { name: 'vendor-gate: waive' }, sender: { login: 'lena' }, pull_request: { number: 3, head: { sha: sha(0xa03) } } };
    expect((await run(3, { payload: labeled })).outputs.result).toBe('pass');
    // 4: another vendor leaks a token.
    vendorPr(4, 'globex-gil', { files: [changed('src/d.ts', { additions: 1, deletions: 0, patch: `@@ -0,0 +1,1 @@\n+const key = "${githubToken()}";` })] });
    expect((await run(4)).outputs['failed-gates']).toContain('secrets');
    // 5: not a vendor: no comment, not in the audit.
    pr(5, { user: { login: 'alice' }, author_association: 'MEMBER', created_at: daysAgo(5), updated_at: daysAgo(1), head: { sha: sha(0xa05) }, files: [changed('src/e.ts')] });
    expect((await run(5)).outputs.result).toBe('skip');
    // 6: a forged record that claims a pass, in someone else's comment with the marker.
    vendorPr(6, 'acme-bob', { files: [changed('src/f.ts')] });
    const forged = historyBlock(appendEntry(EMPTY_HISTORY, entry(9, { result: 'pass', failed: {} })));
    fake().addComment(OWNER, REPO, 6, { login: 'acme-bob', body: `${MARKER}\nAll good\n${forged}\n` });
    // 7: a damaged record in our own comment: ignored, never a crash.
    vendorPr(7, 'acme-bob', { files: [changed('src/g.ts')] });
    fake().addComment(OWNER, REPO, 7, { login: BOT, type: 'Bot', body: `${MARKER}\n<!-- vendor-gate:history v1 eyJub3QiOiJ2YWxpZCJ9 -->\n` });
    // 8: last updated before the period: not read.
    vendorPr(8, 'acme-bob', { files: [changed('src/h.ts')], created_at: daysAgo(90), updated_at: daysAgo(60) });

    const first = comments(1)[0]?.body ?? '';
    const record = parseHistory(first);
    expect(record.kind === 'record' ? record.record.entries.map((e) => e.result) : record).toEqual(['fail', 'pass']);

    const { part, scorecard } = json(await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--since', '30d', '--format', 'json'));
    expect(part.pullRequests.map((p) => [p.number, p.profile, p.state, p.history !== undefined])).toEqual([
      [1, 'acme', 'open', true], [2, 'acme', 'merged', true], [3, 'acme', 'open', true], [4, 'globex', 'open', true], [6, 'acme', 'open', false], [7, 'acme', 'open', false],
    ]);
    const [acme, globex] = scorecard.cards;
    expect(acme).toMatchObject({
      profile: 'acme', authors: ['acme-bob', 'acme-carl'], pullRequests: 5, opened: 5, merged: 1, evaluated: 3, firstPushPassed: 1, firstPushPassRate: 33.3,
      green: 3, medianPushesToGreen: 1, secretsFound: 0, waivedPullRequests: 1, waiversBy: { lena: 1 }, medianReviewRounds: 0,
      contractsEnding: [{ repo: `${OWNER}/${REPO}`, validUntil: soon }],
    });
    expect(acme?.failuresPerGate).toMatchObject({ access: 1, review: 1 });
    expect(globex).toMatchObject({ profile: 'globex', evaluated: 1, firstPushPassed: 0, green: 0, secretsFound: 1, medianPushesToGreen: null });
    expect(globex?.failuresPerGate.secrets).toBe(1);

    const markdown = await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--since', '30d');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| First-push pass rate | 33.3 % (1 of 3) | 0 % (0 of 1) |');
    expect(markdown.stdout).toContain('| Waived PRs (by whom) | 1 (lena (1)) | 0 (–) |');
    expect(markdown.stdout).toContain('```mermaid\nxychart-beta');
    // Kept for people to read: VENDOR_GATE_SCORECARD_MD names where.
    const keep = process.env.VENDOR_GATE_SCORECARD_MD;
    if (keep) writeFileSync(keep, markdown.stdout);
  });

  it('keeps a record over its size cap as a summary plus the newest entries, never dropping a count', async () => {
    let record: HistoryRecord = EMPTY_HISTORY;
    for (let n = 1; n <= 120; n++) record = appendEntry(record, entry(n, n % 4 === 0 ? { by: 'lena' } : {}));
    expect(record.summary?.evaluations).toBeGreaterThan(0);
    vendorPr(9, 'acme-bob', { files: [changed('src/a.ts')] });
    fake().addComment(OWNER, REPO, 9, { login: BOT, type: 'Bot', body: `${MARKER}\nold\n${historyBlock(record)}\n` });
    expect((await run(9)).outputs.result).toBe('pass');
    const body = comments(9)[0]?.body ?? '';
    expect(body.match(/vendor-gate:history/g)).toHaveLength(1);
    const parsed = parseHistory(body);
    if (parsed.kind !== 'record') throw new Error(`no record: ${JSON.stringify(parsed)}`);
    const { summary, entries } = parsed.record;
    expect((summary?.evaluations ?? 0) + entries.length).toBe(121);
    expect(entries.at(-1)).toMatchObject({ sha: sha(0xa09), result: 'pass', profile: 'acme', event: 'pull_request_target' });
    fake().setFile(OWNER, REPO, 'main', POLICY_PATH, POLICY);
    const { scorecard } = json(await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--format', 'json'));
    expect(scorecard.cards[0]).toMatchObject({ evaluated: 1, green: 1, medianPushesToGreen: 121, waiversBy: { lena: 1 }, failuresPerGate: { size: 120 } });
  });

  it('merges per-repository parts into what one run over all repositories (or the organisation) gives', async () => {
    const other = 'Other-Repo';
    for (const repo of [REPO, other]) {
      fake().addRepository(OWNER, repo);
      fake().setFile(OWNER, repo, 'main', POLICY_PATH, POLICY);
    }
    fake().addRepository(OWNER, 'No-Policy');
    const seed = (repo: string, number: number, login: string, entries: HistoryEntry[]) => {
      fake().addPullRequest(OWNER, repo, { number, user: { login }, created_at: daysAgo(10), updated_at: daysAgo(2), files: [changed('src/a.ts')] });
      const record = entries.reduce<HistoryRecord>((r, e) => appendEntry(r, e), EMPTY_HISTORY);
      fake().addComment(OWNER, repo, number, { login: BOT, type: 'Bot', body: `${MARKER}\n${historyBlock(record)}\n` });
    };
    seed(REPO, 1, 'acme-bob', [entry(1, { at: daysAgo(9) }), entry(2, { result: 'pass', failed: {}, at: daysAgo(8), cov: 80 })]);
    seed(REPO, 2, 'globex-gil', [entry(3, { result: 'pass', failed: {}, at: daysAgo(9), profile: 'globex', cov: 95 })]);
    seed(other, 1, 'acme-carl', [entry(4, { result: 'pass', failed: {}, at: daysAgo(3), cov: 70 })]);
    seed(other, 2, 'acme-bob', [entry(5, { at: daysAgo(3), failed: { secrets: 2 }, secrets: 2 }), entry(5, { at: daysAgo(3), failed: { secrets: 2 }, secrets: 2 })]);
    const to = ['--to', new Date().toISOString().slice(0, 10), '--since', '30d'];
    const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-merge-'));
    const whole = json(await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--repo', `${OWNER}/${other}`, '--format', 'json', ...to));
    for (const [i, repo] of [REPO, other].entries()) {
      const part = await audit(apiUrl(), '--repo', `${OWNER}/${repo}`, '--format', 'json', ...to);
      expect(json(part).part.repositories).toEqual([`${OWNER}/${repo}`]);
      writeFileSync(join(dir, `part-${i}.json`), part.stdout);
    }
    const merged = await new Promise<CliRun>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'audit', 'merge', join(dir, 'part-1.json'), join(dir, 'part-0.json'), '--format', 'json', '--out', join(dir, 'merged.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => { resolve({ code, stdout: '', stderr }); });
    });
    expect(merged).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8'))).toEqual(whole);
    expect(whole.scorecard.cards.map((c) => [c.profile, c.pullRequests, c.firstPushPassed, c.medianChangedCoverage, c.secretsFound])).toEqual([['acme', 3, 1, 75, 2], ['globex', 1, 1, 95, 0]]);
    // With --cache, a second run asks with ETags: unchanged answers come back as 304 and the scorecard is the same.
    const cache = ['--cache', join(dir, 'cache')];
    expect(json(await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--repo', `${OWNER}/${other}`, '--format', 'json', ...to, ...cache))).toEqual(whole);
    const before = fake().notModified;
    expect(json(await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--repo', `${OWNER}/${other}`, '--format', 'json', ...to, ...cache))).toEqual(whole);
    expect(fake().notModified - before).toBeGreaterThan(10);
    // --org reads the organisation's repositories and skips the one without a policy.
    const org = json(await audit(apiUrl(), '--org', OWNER, '--format', 'json', ...to));
    expect(org).toEqual(whole);
  });

  it("runs audit/action.yml's script: last month's scorecard in the job summary, its files, and the issue title", async () => {
    const step = (parse(readFileSync(join(import.meta.dirname, '../../audit/action.yml'), 'utf8')) as { runs: { steps: Array<{ run?: string; env?: Record<string, string> }> } }).runs.steps[0];
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
    const month = lastMonth.toISOString().slice(0, 7);
    fake().setFile(OWNER, REPO, 'main', POLICY_PATH, POLICY);
    fake().addPullRequest(OWNER, REPO, { number: 1, user: { login: 'acme-bob' }, created_at: lastMonth.toISOString(), updated_at: lastMonth.toISOString(), files: [changed('src/a.ts')] });
    const record = appendEntry(EMPTY_HISTORY, entry(1, { result: 'pass', failed: {}, at: lastMonth.toISOString() }));
    fake().addComment(OWNER, REPO, 1, { login: BOT, type: 'Bot', body: `${MARKER}\n${historyBlock(record)}\n` });
    const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-audit-action-'));
    const files = { summary: join(dir, 'summary.md'), output: join(dir, 'output') };
    const env = {
      PATH: process.env.PATH, HOME: dir, RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output,
      GITHUB_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl(), VG_CLI: CLI, VG_REPOSITORIES: '', VG_ORG: '', VG_PERIOD: 'last-month',
      VG_CONFIG: POLICY_PATH, VG_THIS_REPOSITORY: `${OWNER}/${REPO}`,
    };
    // The script reads exactly the variables the step's env declares (plus the runner's own).
    expect(Object.keys(step?.env ?? {}).sort()).toEqual(Object.keys(env).filter((k) => k === 'GITHUB_TOKEN' || k.startsWith('VG_')).sort());
    const child = spawn('bash', ['-c', step?.run ?? 'exit 3'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise<number | null>((resolve) => child.on('close', resolve)), stderr).toBe(0);
    expect(readFileSync(files.output, 'utf8')).toBe(`title=Vendor scorecard: ${month}\ndirectory=${dir}/vendor-scorecard\n`);
    const summary = readFileSync(files.summary, 'utf8');
    expect(summary).toContain(`# Vendor scorecard\n\n${month}-01 to `);
    expect(summary).toContain('| First-push pass rate | 100 % (1 of 1) |');
    for (const name of ['scorecard.json', 'scorecard.md', 'scorecard.csv', 'scorecard.html']) expect(existsSync(join(dir, 'vendor-scorecard', name)), name).toBe(true);
  });
});

describe('vendor-gate audit of vendors named by team', () => {
  const { fake, apiUrl } = scenario('version: 1\nvendors: { teams: ["Codertocat/contractors"] }\n');

  it('lists each vendor team once per repository, and groups vendors without a profile together', async () => {
    fake().setFile(OWNER, REPO, 'main', POLICY_PATH, 'version: 1\nvendors: { teams: ["Codertocat/contractors"] }\n');
    fake().setTeamMembers('Codertocat', 'contractors', ['dana']);
    for (const [number, login] of [[1, 'dana'], [2, 'dana'], [3, 'erin']] as const) {
      fake().addPullRequest(OWNER, REPO, { number, user: { login }, head: { sha: sha(number) }, created_at: daysAgo(4), updated_at: daysAgo(2), files: [changed('src/a.ts')] });
      fake().addComment(OWNER, REPO, number, { login: BOT, type: 'Bot', body: `${MARKER}\n${historyBlock(appendEntry(EMPTY_HISTORY, entry(number, { result: 'pass', failed: {}, profile: undefined })))}\n` });
    }
    const { scorecard } = json(await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--format', 'json'));
    expect(scorecard.cards.map((c) => [c.profile, c.authors, c.evaluated])).toEqual([['(no profile)', ['dana'], 2]]);
    expect(fake().requests.filter((r) => r.path.includes('/teams/'))).toHaveLength(1);
  });

  // util-linux `script` runs the command on a pseudo-terminal, as a person at a terminal would.
  it.runIf(spawnSync('script', ['--version']).status === 0)('shows progress on a terminal only', async () => {
    fake().setFile(OWNER, REPO, 'main', POLICY_PATH, 'version: 1\nvendors: { users: ["acme-*"] }\n');
    fake().addPullRequest(OWNER, REPO, { number: 1, user: { login: 'acme-bob' }, created_at: daysAgo(4), updated_at: daysAgo(2), files: [changed('src/a.ts')] });
    const env = { PATH: process.env.PATH, HOME: tmpdir(), GITHUB_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl() };
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} audit --repo ${OWNER}/${REPO} --format csv >/dev/null`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let terminal = '';
    child.stdout.on('data', (chunk: Buffer) => (terminal += chunk.toString()));
    expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
    expect(terminal).toContain(`vendor-gate: repository 1 of 1: ${OWNER}/${REPO}`);
    expect(terminal).toContain(`vendor-gate: ${OWNER}/${REPO}: 1 vendor pull request\r\n`);
    expect((await audit(apiUrl(), '--repo', `${OWNER}/${REPO}`, '--format', 'csv')).stderr).toBe('');
  });
});
