// Issue 8: each way a hostile vendor got past the gate, replayed against the built action. Every
// scenario here passed the vendor (or published for the wrong commit) before its fix.
import { describe, expect, it } from 'vitest';
import { BASE, changed, HEAD, scenario } from './scenario.js';
import type { FileInput } from './fake-github.js';
import { OWNER, payload, pullRequestPayload, REPO, runAction } from './run-action.js';

const POLICY = `version: 1
vendors: { users: ["acme-*"] }
gates:
  review: { approvals: 1 }
  access: { allow: ["src/**"] }
  description: { min_length: 20 }
profiles:
  - name: globex
    match: { emails: ["*@globex.example"] }
    gates: { review: { approvals: 0 } }
  - name: acme
    match: { users: ["acme-*"] }
    valid_until: 2025-06-30
waiver: { by: [lena] }
`;

const { fake, pr, run, statuses, comments, apiUrl } = scenario(POLICY);
const bob = { name: 'Bob', email: 'bob@acme.example' };

describe('a hostile vendor cannot get past the gate', () => {
  it('outside-approval: with no reviewers named, an approval counts only from someone with write access', async () => {
    pr(21, { approved: false, files: [changed('src/app.ts')] });
    fake().addReview(OWNER, REPO, 21, { login: 'stranger', state: 'APPROVED', commit_id: HEAD, author_association: 'NONE' });
    fake().addReview(OWNER, REPO, 21, { login: 'ex-intern', state: 'APPROVED', commit_id: HEAD, author_association: 'CONTRIBUTOR' });
    fake().setPermission(OWNER, REPO, 'ex-intern', 'read');
    const result = await run(21);
    expect(result.code).toBe(1);
    expect(statuses().at(-1)).toMatchObject({ state: 'failure' });
    const body = comments(21)[0]?.body ?? '';
    expect(body).toContain('The approval of stranger does not count: this account has no write access to the repository');
    expect(body).toContain('The approval of ex-intern does not count: this account has no write access to the repository');

    // A private organisation member shows as CONTRIBUTOR: the permission API says they can write.
    fake().setPermission(OWNER, REPO, 'ex-intern', 'write');
    expect((await run(21)).code).toBe(1);
    expect(comments(21)[0]?.body).toContain('Approved by ex-intern.');
    expect(fake().requests.filter((r) => r.path.endsWith('/collaborators/stranger/permission'))).toHaveLength(2);
  });

  it('profile-choice: a commit email of another vendor does not choose a laxer profile than the login does', async () => {
    pr(22, {
      files: [changed('src/app.ts')],
      commits: [{ sha: HEAD, message: 'feat: x', author: { name: 'Bob', email: 'bob@globex.example' }, committer: { name: 'Bob', email: 'bob@globex.example' } }],
    });
    const result = await run(22);
    expect(result.code).toBe(1);
    expect(statuses().at(-1)).toMatchObject({ state: 'failure', description: 'Failed: contract' });
    const body = comments(22)[0]?.body ?? '';
    expect(body).toContain('The contract window of the vendor profile "acme" ended on 2025-06-30.');
  });

  it('profile-choice: commit emails of two vendors leave the contract undecided', async () => {
    pr(23, {
      user: { login: 'gina' },
      files: [changed('src/app.ts')],
      commits: [
        { sha: 'c'.repeat(40), message: 'feat: x', author: { name: 'G', email: 'gina@globex.example' }, committer: { name: 'G', email: 'gina@globex.example' } },
        { sha: HEAD, message: 'feat: y', author: bob, committer: bob },
      ],
    });
    const policyWithEmails = POLICY.replace('match: { users: ["acme-*"] }', 'match: { users: ["acme-*"], emails: ["*@acme.example"] }');
    fake().setFile(OWNER, REPO, 'b'.repeat(40), '.github/vendor-gate.yml', policyWithEmails);
    const result = await run(23);
    expect(result.code).toBe(1);
    expect(statuses().at(-1)?.description).toContain('contract');
    expect(comments(23)[0]?.body).toContain('Commit emails match more than one vendor profile (globex, acme)');
  });

  it('co-author: the approval of someone named in a Co-authored-by trailer does not count', async () => {
    pr(24, {
      approved: false,
      files: [changed('src/app.ts')],
      commits: [
        { sha: 'c'.repeat(40), message: 'feat: x\n\nCo-authored-by: Carl <carl@corp.example>', author: bob, committer: bob },
        { sha: 'd'.repeat(40), message: 'fix: y', author: { name: 'Carl', email: 'carl@corp.example', login: 'carl' }, committer: bob },
        { sha: HEAD, message: 'fix: z\n\nco-authored-by: Dina <1234+dina@users.noreply.github.com>', author: bob, committer: bob },
      ],
    });
    fake().addReview(OWNER, REPO, 24, { login: 'carl', state: 'APPROVED', commit_id: HEAD, author_association: 'MEMBER' });
    fake().addReview(OWNER, REPO, 24, { login: 'dina', state: 'APPROVED', commit_id: HEAD, author_association: 'MEMBER' });
    await run(24);
    const body = comments(24)[0]?.body ?? '';
    expect(statuses().at(-1)).toMatchObject({ state: 'failure' });
    expect(body).toContain('The approval of dina does not count: this person is a co-author (Co-authored-by) of a commit of this pull request.');
    expect(body).toContain('The approval of carl does not count: this person wrote or committed a commit of this pull request.');
  });

  it('head-race: a push during the run is evaluated before anything is published, and the old head gets no verdict', async () => {
    const next = 'f'.repeat(40);
    pr(31, { files: [changed('src/app.ts')] });
    fake().addReview(OWNER, REPO, 31, { login: 'alice', state: 'APPROVED', commit_id: next });
    fake().afterNext('GET', /\/pulls\/31$/, () => {
      fake().pushTo(OWNER, REPO, {
        number: 31, title: 'feat: invoice export', body: 'Adds the CSV export of invoices, as agreed.\n\nFixes #12', user: { login: 'acme-bob' },
        base: { sha: BASE, ref: 'main' }, head: { sha: next, ref: 'feature' },
        files: [changed('src/app.ts'), changed('.github/workflows/ci.yml')],
        commits: [{ sha: next, message: 'ci: tweak', author: bob, committer: bob }],
      });
    });
    const result = await run(31);
    expect(result.code).toBe(1);
    expect(statuses()).toEqual([expect.objectContaining({ sha: next, state: 'failure' })]);
    expect(comments(31)[0]?.body).toContain('.github/workflows/ci.yml');
    expect(result.stdout).toContain(`moved from ${HEAD.slice(0, 7)} to ${next.slice(0, 7)} while vendor-gate read it`);
  });

  it('head-race: a head that keeps moving ends in error on the latest head, never a verdict', async () => {
    pr(32, { files: [changed('src/app.ts')] });
    const heads = ['1', '2', '3', '4', '5'].map((d) => d.repeat(40));
    const push = (i: number): void => {
      const sha = heads[i];
      if (sha === undefined) return;
      fake().afterNext('GET', /\/pulls\/32\/commits$/, () => {
        fake().pushTo(OWNER, REPO, { number: 32, user: { login: 'acme-bob' }, base: { sha: BASE, ref: 'main' }, head: { sha, ref: 'feature' },
          files: [changed('src/app.ts')], commits: [{ sha, message: `fix: ${i}`, author: bob, committer: bob }] });
        push(i + 1);
      });
    };
    push(0);
    const result = await run(32);
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe('error');
    const states = statuses();
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({ state: 'error' });
    expect(states[0]?.description).toContain('kept moving');
    expect(heads).toContain(states[0]?.sha);
  });

  it('stale-run: a workflow_run of an older head never decides for the current head', async () => {
    const event = payload('workflow_run', 'completed');
    const workflowRun = event.workflow_run as { pull_requests: unknown[]; head_sha: string };
    workflowRun.pull_requests = [{ number: 33, head: { sha: workflowRun.head_sha } }];
    pr(33, { files: [changed('src/app.ts')] });
    const result = await runAction({ apiUrl: apiUrl(), event: 'workflow_run', payload: event });
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe('skip');
    expect(statuses()).toEqual([]);
    expect(comments(33)).toEqual([]);
    expect(result.stdout).toContain(`was for the commit ${workflowRun.head_sha.slice(0, 7)}, but the head of pull request #33 is now ${HEAD.slice(0, 7)}`);
    expect(fake().requests.some((r) => r.path.includes('/artifacts'))).toBe(false);
  });

  it('shared-head: a second open pull request with the same head commit cannot turn the vendor\'s failure into a success', async () => {
    pr(34, { files: [changed('.github/workflows/ci.yml')] });
    // Anyone may open a pull request from the vendor's branch into another base, where the author is no vendor.
    pr(35, { user: { login: 'ivan' }, base: { sha: BASE, ref: 'release' }, files: [changed('src/app.ts')] });
    expect((await run(34)).code).toBe(1);
    const internalRun = await run(35);
    expect(internalRun.code).toBe(1);
    expect(statuses().map((s) => [s.sha, s.state])).toEqual([[HEAD, 'failure'], [HEAD, 'error']]);
    expect(statuses()[1]?.description).toContain('Pull request #34 (into main) has the same head commit');
    expect(internalRun.summary).toContain('Close one of them, or push a new commit to one of the branches');
  });

  it('waiver-lapse: a waiver covers only the commit the lead saw; a push after it lapses it until the label is applied again', async () => {
    const label = 'vendor-gate: waive';
    const pushed = '9'.repeat(40);
    const labeled = (sha: string) => ({
      ...pullRequestPayload(41, 'labeled', 'pull_request_target'),
      label: { name: label },
      sender: { login: 'lena' },
      pull_request: { number: 41, head: { sha } },
    });
    const at = (sha: string, files: FileInput[]) => ({
      number: 41, title: 'feat: invoice export', body: 'Adds the CSV export of invoices, as agreed.\n\nFixes #12', user: { login: 'acme-lee' },
      base: { sha: BASE, ref: 'main' }, head: { sha, ref: 'feature' }, labels: [label], files, commits: [{ sha, message: 'feat: x', author: bob, committer: bob }],
    });
    fake().setFile(OWNER, REPO, BASE, '.github/vendor-gate.yml', POLICY.replace(/profiles:[\s\S]*?waiver:/, 'waiver:'));
    fake().addPullRequest(OWNER, REPO, at(HEAD, [changed('src/app.ts')]));
    fake().addIssueEvent(OWNER, REPO, 41, { event: 'labeled', login: 'lena', label, created_at: '2026-11-27T09:00:00Z' });

    const waived = await runAction({ apiUrl: apiUrl(), event: 'pull_request_target', payload: labeled(HEAD) });
    expect(waived.code).toBe(0);
    expect(statuses().at(-1)).toMatchObject({ sha: HEAD, state: 'success', description: 'Waived by lena: review' });
    expect(comments(41)[0]?.body).toContain(`<!-- vendor-gate:waiver sha=${HEAD} by=lena -->`);

    // A review run reads the record back from the comment: still the same commit, still waived.
    expect((await run(41, { payload: pullRequestPayload(41, 'reopened', 'pull_request_target') })).code).toBe(0);
    expect(statuses().at(-1)).toMatchObject({ sha: HEAD, state: 'success' });

    // The vendor pushes a workflow change: commit dates are theirs to set, but the record names the commit.
    fake().pushTo(OWNER, REPO, at(pushed, [changed('src/app.ts'), changed('.github/workflows/ci.yml')]));
    const lapsed = await run(41, { payload: pullRequestPayload(41, 'synchronize', 'pull_request_target') });
    expect(lapsed.code).toBe(1);
    expect(statuses().at(-1)).toMatchObject({ sha: pushed, state: 'failure', description: 'Failed: access, review' });
    const body = comments(41)[0]?.body ?? '';
    expect(body).toContain('**The waiver no longer applies.**');
    expect(body).toContain(`lena applied it when the latest commit was ${HEAD.slice(0, 7)}, and new commits were pushed after that`);
    expect(body).toContain('To waive again: review the new commits, then remove the label and apply it again.');

    // A copy of the record in someone else's comment is never read.
    fake().addComment(OWNER, REPO, 41, { login: 'acme-lee', body: `<!-- vendor-gate -->\n<!-- vendor-gate:waiver sha=${pushed} by=lena -->` });
    expect((await run(41, { payload: pullRequestPayload(41, 'reopened', 'pull_request_target') })).code).toBe(1);

    // The lead reviews the new commit and applies the label again.
    fake().addIssueEvent(OWNER, REPO, 41, { event: 'unlabeled', login: 'lena', label, created_at: '2026-11-27T10:00:00Z' });
    fake().addIssueEvent(OWNER, REPO, 41, { event: 'labeled', login: 'lena', label, created_at: '2026-11-27T10:01:00Z' });
    expect((await runAction({ apiUrl: apiUrl(), event: 'pull_request_target', payload: labeled(pushed) })).code).toBe(0);
    expect(statuses().at(-1)).toMatchObject({ sha: pushed, state: 'success', description: 'Waived by lena: access, review' });
  });

  it('waiver-lapse: a label applied while vendor-gate did not run says which commit is unknown, and does not waive', async () => {
    pr(42, { approved: false, labels: ['vendor-gate: waive'], files: [changed('src/app.ts')] });
    fake().addIssueEvent(OWNER, REPO, 42, { event: 'labeled', login: 'lena', label: 'vendor-gate: waive' });
    const result = await run(42);
    expect(result.code).toBe(1);
    expect(comments(42)[0]?.body).toContain('vendor-gate did not run when lena applied it, so it cannot tell which commit lena reviewed');
  });
});
