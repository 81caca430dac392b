import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE, changed, HEAD, POLICY, POLICY_PATH, scenario, linked } from './scenario.js';
import { OWNER, REPO, payload, runAction } from './run-action.js';

const { fake, pr, run, statuses, comments, apiUrl } = scenario();

describe('the action against a GitHub-like API', () => {
  it('gives a non-vendor PR a success status and no comment', async () => {
    pr(1, { user: { login: 'alice' }, author_association: 'MEMBER', commits: [{ sha: HEAD, message: 'x', author: { name: 'A', email: 'alice@corp.example' }, committer: { name: 'A', email: 'alice@corp.example' } }], files: [changed('.github/workflows/ci.yml'), changed('data/huge.csv', { patch: undefined })] });
    const result = await run(1);
    expect(result.code).toBe(0);
    expect(statuses()).toEqual([{ sha: HEAD, state: 'success', context: 'vendor-gate', description: 'not a vendor PR', target_url: 'https://github.com/Codertocat/Hello-World/actions/runs/4242' }]);
    expect(comments(1)).toEqual([]);
    expect(result.outputs).toMatchObject({ result: 'skip', 'is-vendor': 'false', 'failed-gates': '' });
    // No files, reviews, events, identity lookup or file reads: a non-vendor PR is decided by who wrote it.
    expect(fake().requests.map((r) => `${r.method} ${r.path.replace(`/repos/${OWNER}/${REPO}`, '')}`).sort()).toEqual([
      'GET /pulls/1',
      // Read again at the end: a verdict is published only for the head it was made on.
      'GET /pulls/1',
      // A success is published only when no other open PR shares the head commit (and so the status).
      `GET /commits/${HEAD}/pulls`,
      `GET /contents/${POLICY_PATH}`,
      // Only what decides that the author is not a vendor: the commits, since the policy matches commit emails.
      'GET /pulls/1/commits',
      `POST /statuses/${HEAD}`,
      'GET /issues/1/comments',
    ].sort());
  });

  it('fails a vendor PR that touches a denied path: one comment, a failure status, annotations, outputs and a report file', async () => {
    pr(2, { files: [changed('src/app.ts'), changed('.github/workflows/ci.yml')] });
    const result = await run(2);
    expect(result.code).toBe(1);
    expect(statuses()).toEqual([expect.objectContaining({ sha: HEAD, state: 'failure', description: 'Failed: access' })]);
    const [comment] = comments(2);
    expect(comments(2)).toHaveLength(1);
    expect(comment?.login).toBe('github-actions[bot]');
    expect(comment?.body).toMatch(/^<!-- vendor-gate -->\n## ❌ vendor-gate: 1 of 6 checks failed/);
    expect(comment?.body).toContain(`${linked('<code>.github/workflows/ci.yml</code>', '.github/workflows/ci.yml')}: This file may not be changed by a vendor`);
    expect(comment?.body).toContain(`Policy: <code>.github/vendor-gate.yml</code> at <code>${BASE.slice(0, 12)}</code>`);
    expect(result.stdout).toContain('::error title=vendor-gate%3A Scope of work,file=.github/workflows/ci.yml::This file may not be changed by a vendor');
    expect(result.stdout).toContain('::error::vendor-gate: Failed: access');
    expect(result.outputs).toMatchObject({ result: 'fail', 'is-vendor': 'true', 'failed-gates': 'access' });
    const report = JSON.parse(readFileSync(result.outputs.report ?? '', 'utf8')) as { result: string; gates: Array<{ id: string; findings: unknown[] }> };
    expect(report.result).toBe('fail');
    expect(report.gates.find((g) => g.id === 'access')?.findings).toHaveLength(1);
    expect(result.summary).toContain('## ❌ vendor-gate: 1 of 6 checks failed');
  });

  it('fails a vendor PR that renames a denied file into scope', async () => {
    pr(3, { files: [changed('src/ci.yml', { status: 'renamed', previous_filename: '.github/workflows/ci.yml', additions: 0, deletions: 0 })] });
    const result = await run(3);
    expect(result.code).toBe(1);
    expect(comments(3)[0]?.body).toContain('The old name of this renamed file (.github/workflows/ci.yml) may not be changed by a vendor');
  });

  it('passes a vendor PR within scope', async () => {
    pr(4, { files: [changed('src/app.ts'), changed('src/app.test.ts'), changed('docs/export.md', { status: 'added' })] });
    const result = await run(4);
    expect(result.code).toBe(0);
    expect(statuses()).toEqual([expect.objectContaining({ state: 'success', description: 'All 6 checks passed' })]);
    expect(comments(4)[0]?.body).toContain('## ✅ vendor-gate: all 6 checks passed');
    expect(result.outputs).toMatchObject({ result: 'pass', 'is-vendor': 'true', 'failed-gates': '' });
  });

  it('keeps exactly one comment over reruns and never touches a stranger\'s copy of the marker', async () => {
    const strangerId = fake().addComment(OWNER, REPO, 5, { login: 'mallory', body: '<!-- vendor-gate -->\n## ✅ vendor-gate: all checks passed' });
    pr(5, { files: [changed('README.md')] });
    await run(5);
    pr(5, { files: [changed('src/app.ts')] });
    const second = await run(5);
    expect(second.code).toBe(0);
    expect(comments(5).map((c) => c.login)).toEqual(['mallory', 'github-actions[bot]']);
    expect(comments(5)[0]).toMatchObject({ id: strangerId, body: '<!-- vendor-gate -->\n## ✅ vendor-gate: all checks passed' });
    expect(comments(5)[1]?.body).toContain('all 6 checks passed');
    expect(fake().requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/repos/${OWNER}/${REPO}/issues/comments/${String(comments(5)[1]?.id)}`]);
    expect(fake().requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('leaves one comment when two runs race', async () => {
    pr(6, { files: [changed('README.md')] });
    await Promise.all([run(6), run(6), run(6)]);
    expect(comments(6)).toHaveLength(1);
    expect(statuses()).toHaveLength(3);
  });

  it('applies the base policy when the PR edits it, and says so', async () => {
    fake().setFile(OWNER, REPO, HEAD, POLICY_PATH, 'version: 1\n');
    pr(7, { files: [changed('src/app.ts'), changed(POLICY_PATH)] });
    const result = await run(7);
    expect(result.code).toBe(1);
    const body = comments(7)[0]?.body ?? '';
    expect(body).toContain('This pull request changes the policy file <code>.github/vendor-gate.yml</code>. That change was ignored');
    expect(body).toContain('This file is the vendor-gate policy');
    const reads = fake().requests.filter((r) => r.path.includes('/contents/'));
    expect(reads.map((r) => [r.path, r.query.ref])).toEqual([[`/repos/${OWNER}/${REPO}/contents/${POLICY_PATH}`, BASE]]);
  });

  it('reports a malformed policy as an error status with file:line:column', async () => {
    fake().setFile(OWNER, REPO, BASE, POLICY_PATH, 'version: 1\ngates:\n  size: { max_files: many }\n');
    pr(8, { files: [changed('src/app.ts')] });
    const result = await run(8);
    expect(result.code).toBe(1);
    const [status] = statuses();
    expect(status?.state).toBe('error');
    expect(status?.description).toMatch(/^Could not check: The policy file \.github\/vendor-gate\.yml is not valid/);
    expect(result.stdout).toContain('.github/vendor-gate.yml:3:22: gates.size.max_files: expected a number, found "many"');
    expect(result.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(result.outputs.result).toBe('error');
    expect(result.summary).toContain('vendor-gate could not check this pull request');
  });

  it('reports a missing policy file as an error that says how to fix it', async () => {
    pr(9, { files: [changed('src/app.ts')], base: { sha: 'c'.repeat(40), ref: 'main' } });
    const result = await run(9);
    expect(statuses()[0]?.state).toBe('error');
    expect(result.stdout).toContain(`The policy file .github/vendor-gate.yml does not exist on the base branch main at ${'c'.repeat(12)}`);
  });

  it('never fails the job or the status in report mode', async () => {
    pr(10, { files: [changed('.github/workflows/ci.yml')] });
    const result = await run(10, { inputs: { mode: 'report' } });
    expect(result.code).toBe(0);
    expect(statuses()[0]).toMatchObject({ state: 'success', description: 'Report only, would fail: access' });
    expect(result.outputs.result).toBe('fail');
    expect(comments(10)[0]?.body).toContain('report-only');
    expect(result.stdout).toContain('::warning title=vendor-gate%3A Scope of work');
  });

  it('reports success at once for a merge group', async () => {
    const event = payload('merge_group', 'checks_requested');
    const headSha = (event.merge_group as { head_sha: string }).head_sha;
    const result = await runAction({ apiUrl: apiUrl(), event: 'merge_group', payload: event });
    expect(result.code).toBe(0);
    expect(statuses()).toEqual([expect.objectContaining({ sha: headSha, state: 'success' })]);
    expect(result.outputs.result).toBe('skip');
    expect(fake().requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('escapes hostile file names and titles', async () => {
    const hostile = ['docs/<!-- vendor-gate -->.md', 'docs/a|b`c`<img src=x onerror=alert(1)>.md', 'lib/[x](https://evil.example)@admins.md'];
    pr(11, { title: '<!-- vendor-gate --> | **@admins** <script>', files: hostile.map((f) => changed(f)) });
    const result = await run(11);
    expect(result.code).toBe(1);
    const body = comments(11)[0]?.body ?? '';
    expect(body.split('<!-- vendor-gate -->')).toHaveLength(2);
    expect(body).not.toMatch(/<img|<script|\]\(https:\/\/evil/);
    expect(body).toContain('<code>lib/\\[x\\](https:&#8203;//evil.example)@&#8203;admins.md</code>');
    for (const row of body.split('\n').filter((l) => l.startsWith('| '))) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
  });

  it('fails closed on a PR with more files than GitHub lists', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => changed(`src/generated/file-${String(i).padStart(4, '0')}.ts`, { additions: 1, deletions: 0 }));
    pr(12, { files, changed_files: 3400 });
    const result = await run(12);
    expect(result.code).toBe(1);
    expect(statuses()[0]).toMatchObject({ state: 'failure', description: 'Failed: access, secrets, size' });
    expect(comments(12)[0]?.body).toContain('GitHub listed only 3000 of the 3400 changed files');
    expect(fake().requests.filter((r) => r.path.endsWith('/files'))).toHaveLength(30);
  });

  it('evaluates the PR named by the input on workflow_dispatch, and rejects unsupported events', async () => {
    pr(13, { files: [changed('src/app.ts')] });
    const dispatched = await runAction({ apiUrl: apiUrl(), event: 'workflow_dispatch', payload: payload('workflow_dispatch'), inputs: { 'pull-request': '13' } });
    expect(dispatched.code).toBe(0);
    expect(statuses()[0]?.state).toBe('success');
    const push = await runAction({ apiUrl: apiUrl(), event: 'push', payload: {} });
    expect(push.code).toBe(1);
    expect(push.stdout).toContain('::error::vendor-gate: vendor-gate does not support the event push. Supported events: pull_request, pull_request_target, pull_request_review, workflow_run, merge_group');
  });

  it('errors, naming the permission, when the token cannot read team membership', async () => {
    fake().setFile(OWNER, REPO, BASE, POLICY_PATH, `${POLICY}  # teams need a token that can read them\n`.replace('  users: ["acme-*"]', '  teams: ["codertocat/vendors"]'));
    fake().denyTeams();
    pr(14, { user: { login: 'zed' }, commits: [], files: [changed('src/app.ts')] });
    const result = await run(14);
    expect(statuses()[0]?.state).toBe('error');
    expect(result.stdout).toContain('Could not read the members of the team codertocat/vendors (HTTP 403)');
    expect(result.stdout).toContain('"Members: read"');
  });

  it('errors rather than guessing when GitHub hides the team (404)', async () => {
    fake().setFile(OWNER, REPO, BASE, POLICY_PATH, POLICY.replace('  users: ["acme-*"]', '  teams: ["codertocat/vendors"]'));
    fake().setTeamMembers('codertocat', 'vendors', ['zed']);
    fake().hideTeams();
    pr(18, { user: { login: 'zed' }, commits: [], files: [changed('src/app.ts')] });
    const result = await run(18);
    expect(statuses()[0]?.state).toBe('error');
    expect(result.stdout).toContain('Could not read the members of the team codertocat/vendors (HTTP 404): it does not exist, or the token cannot see it.');
  });

  it('finds a vendor by team membership, with a personal token', async () => {
    fake().addUserToken('ghp_personal', 'gate-bot');
    fake().setFile(OWNER, REPO, BASE, POLICY_PATH, POLICY.replace('  users: ["acme-*"]', '  teams: ["codertocat/vendors"]'));
    fake().setTeamMembers('codertocat', 'vendors', ['zed']);
    pr(15, { user: { login: 'zed' }, commits: [], files: [changed('src/app.ts')] });
    const result = await run(15, { token: 'ghp_personal' });
    expect(result.outputs['is-vendor']).toBe('true');
    expect(comments(15)[0]?.login).toBe('gate-bot');
    expect(fake().requests.filter((r) => r.path.includes('/teams/')).map((r) => r.path)).toEqual(['/orgs/codertocat/teams/vendors/members']);
    fake().requests.length = 0;
    pr(15, { user: { login: 'yan' }, commits: [], files: [changed('src/app.ts')] });
    const outsider = await run(15, { token: 'ghp_personal' });
    expect(outsider.outputs['is-vendor']).toBe('false');
    expect(fake().requests.filter((r) => r.path.includes('/teams/')).map((r) => r.path)).toEqual(['/orgs/codertocat/teams/vendors/members']);
  });

  it('retries a transient server error', async () => {
    pr(16, { files: [changed('src/app.ts')] });
    fake().failNext('GET', /\/pulls\/16$/, 502, 1);
    const result = await run(16);
    expect(result.code).toBe(0);
    // The failed read, its retry, and the read again at the end.
    expect(fake().requests.filter((r) => r.path.endsWith('/pulls/16'))).toHaveLength(3);
  });

  it('names the missing permission when the status cannot be written', async () => {
    pr(17, { files: [changed('src/app.ts')] });
    fake().failNext('POST', /\/statuses\//, 403, 1, 'Resource not accessible by integration');
    const result = await run(17);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Could not set the commit status (HTTP 403). Give the workflow job "permissions: statuses: write".');
  });
});
