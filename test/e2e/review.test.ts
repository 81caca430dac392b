import { describe, expect, it } from 'vitest';
import { BASE, changed, HEAD, scenario, linked } from './scenario.js';
import { OWNER, payload, REPO, runAction } from './run-action.js';

const POLICY = `version: 1
vendors: { users: ["acme-*"] }
reviewers: { users: [alice, bob, erin] }
gates:
  review: { approvals: 2, codeowners: true }
  access:
    allow: ["src/**", "package.json"]
    protect: [{ paths: [package.json], approvers: [sam] }]
  description: { min_length: 20 }
waiver: { by: [lena] }
`;
const OLD = 'e'.repeat(40);
const bob = { name: 'Bob', email: 'bob@acme.example' };
const commitAt = (sha: string) => ({ sha, message: 'feat: invoice export', author: bob, committer: bob });

const { fake, pr, run, statuses, comments, apiUrl } = scenario(POLICY);

function reviews(number: number, ...list: Array<[login: string, state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED', sha?: string]>): void {
  list.forEach(([login, state, sha = HEAD], i) => {
    fake().addReview(OWNER, REPO, number, { login, state, commit_id: sha, submitted_at: `2026-11-27T10:00:0${i}Z` });
  });
}

function owners(text: string): void {
  fake().setFile(OWNER, REPO, BASE, '.github/CODEOWNERS', text);
}

describe('reviews, code owners and waivers against a GitHub-like API', () => {
  it('passes with two internal approvals on the head commit, and lists who approved', async () => {
    pr(1, { approved: false, files: [changed('src/app.ts'), changed('src/app.test.ts')] });
    reviews(1, ['alice', 'APPROVED'], ['bob', 'APPROVED']);
    const result = await run(1);
    expect(result.code).toBe(0);
    expect(statuses()[0]).toMatchObject({ state: 'success', description: 'All 6 checks passed' });
    expect(comments(1)[0]?.body).toContain('Approved by alice, bob.');
    expect(comments(1)[0]?.body).toContain('No CODEOWNERS file on the base branch');
    // Three CODEOWNERS probes answered 404, as expected: debug lines, never a warning annotation on a clean run.
    expect(fake().requests.filter((r) => r.path.includes('CODEOWNERS'))).toHaveLength(3);
    expect(result.stdout).not.toContain('::warning');
    expect(result.stdout).toContain('::debug::GET /repos/Codertocat/Hello-World/contents/.github%252FCODEOWNERS');
  });

  it('fails when the approvals were made on an older commit', async () => {
    pr(2, { approved: false, files: [changed('src/app.ts')] });
    reviews(2, ['alice', 'APPROVED', OLD], ['bob', 'APPROVED', OLD]);
    const result = await run(2);
    expect(result.code).toBe(1);
    expect(statuses()[0]?.description).toBe('Failed: review');
    expect(comments(2)[0]?.body).toContain('The approval of alice does not count: it was made on the older commit eeeeeee');
  });

  it('does not count approvals by vendors or by the author', async () => {
    pr(3, { approved: false, files: [changed('src/app.ts')] });
    reviews(3, ['acme-carl', 'APPROVED'], ['acme-bob', 'APPROVED']);
    await run(3);
    const body = comments(3)[0]?.body ?? '';
    expect(body).toContain('This pull request has 0 approvals from internal reviewers on the latest commit; it needs 2.');
    expect(body).toContain('The approval of acme-carl does not count: a vendor account cannot approve vendor work.');
    expect(body).toContain('The approval of acme-bob does not count: a vendor account cannot approve vendor work.');
  });

  it('blocks while an internal reviewer requests changes', async () => {
    pr(4, { approved: false, files: [changed('src/app.ts')] });
    reviews(4, ['alice', 'APPROVED'], ['bob', 'APPROVED'], ['erin', 'CHANGES_REQUESTED', OLD]);
    const result = await run(4);
    expect(result.code).toBe(1);
    expect(comments(4)[0]?.body).toContain('erin requested changes.');
  });

  it('needs an approval from a CODEOWNERS owner of every owned file', async () => {
    owners('# owners\n* @alice\nsrc/billing/ @my-org/payments\n!bad @x\n');
    fake().setTeamMembers('my-org', 'payments', ['pat']);
    pr(5, { approved: false, files: [changed('src/app.ts'), changed('src/billing/pay.ts')] });
    reviews(5, ['alice', 'APPROVED'], ['bob', 'APPROVED']);
    await run(5);
    const body = comments(5)[0]?.body ?? '';
    expect(statuses()[0]?.description).toBe('Failed: review');
    expect(body).toContain(`${linked('<code>src/billing/pay.ts</code>', 'src/billing/pay.ts')}: 1 changed file owned by @&#8203;my-org/payments (.github/CODEOWNERS line 3) has no approval from an owner`);
    expect(body).toContain('.github/CODEOWNERS line 4 is ignored, as GitHub ignores it: negation');
    reviews(5, ['pat', 'APPROVED']);
    expect((await run(5)).code).toBe(0);
  });

  it('settles a protected path with an approval from its approver, and not without', async () => {
    pr(6, { approved: false, files: [changed('package.json')] });
    reviews(6, ['alice', 'APPROVED'], ['bob', 'APPROVED']);
    expect((await run(6)).code).toBe(1);
    expect(comments(6)[0]?.body).toContain('This file is protected: it needs an approval from sam.');
    reviews(6, ['sam', 'APPROVED']);
    expect((await run(6)).code).toBe(0);
    expect(statuses().map((s) => s.state)).toEqual(['failure', 'success']);
  });

  it('ignores a waiver label applied by the vendor, and says who applied it', async () => {
    pr(7, { approved: false, labels: ['vendor-gate: waive'], files: [changed('src/app.ts')] });
    fake().addIssueEvent(OWNER, REPO, 7, { event: 'labeled', login: 'acme-bob', label: 'vendor-gate: waive' });
    const result = await run(7);
    expect(result.code).toBe(1);
    expect(comments(7)[0]?.body).toContain('is ignored: acme-bob is a vendor or the author of this pull request, who may not waive it');
  });

  it('turns failures into warnings when a lead applied the waiver label', async () => {
    pr(8, { approved: false, labels: ['vendor-gate: waive'], files: [changed('src/app.ts')] });
    fake().addIssueEvent(OWNER, REPO, 8, { event: 'labeled', login: 'acme-bob', label: 'vendor-gate: waive', created_at: '2026-11-27T09:00:00Z' });
    fake().addIssueEvent(OWNER, REPO, 8, { event: 'labeled', login: 'lena', label: 'vendor-gate: waive', created_at: '2026-11-27T09:05:00Z' });
    const labeled = { ...payload('pull_request', 'labeled'), number: 8, label: { name: 'vendor-gate: waive' }, sender: { login: 'lena' }, pull_request: { number: 8, head: { sha: HEAD } } };
    const result = await run(8, { payload: labeled });
    expect(result.code).toBe(0);
    expect(statuses()[0]).toMatchObject({ state: 'success', description: 'Waived by lena: review' });
    const body = comments(8)[0]?.body ?? '';
    expect(body).toContain('| Review | ⚠️ Waived |');
    expect(body).toContain('**Waived by lena** with the label <code>vendor-gate: waive</code>');
  });

  it('re-evaluates on a pull_request_review event', async () => {
    pr(2, { approved: false, files: [changed('src/app.ts')] });
    reviews(2, ['alice', 'APPROVED'], ['bob', 'APPROVED']);
    const result = await runAction({ apiUrl: apiUrl(), event: 'pull_request_review', payload: payload('pull_request_review', 'submitted') });
    expect(result.code).toBe(0);
    expect(statuses()).toEqual([expect.objectContaining({ sha: HEAD, state: 'success' })]);
  });

  it('finds the PR of a workflow_run by its head commit, and sets the status on the PR head', async () => {
    const event = payload('workflow_run', 'completed');
    const headSha = (event.workflow_run as { head_sha: string }).head_sha;
    pr(9, { approved: false, head: { sha: headSha, ref: 'feature' }, files: [changed('src/app.ts')], commits: [commitAt(headSha)] });
    reviews(9, ['alice', 'APPROVED', headSha], ['bob', 'APPROVED', headSha]);
    const result = await runAction({ apiUrl: apiUrl(), event: 'workflow_run', payload: event });
    expect(result.code).toBe(0);
    expect(fake().requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/commits/${headSha}/pulls`)).toBe(true);
    expect(statuses()).toEqual([expect.objectContaining({ sha: headSha, state: 'success' })]);
  });

  it('takes the PR named in a workflow_run payload', async () => {
    const event = payload('workflow_run', 'completed');
    const run = event.workflow_run as { pull_requests: unknown[]; head_sha: string };
    run.pull_requests = [{ number: 10, head: { sha: run.head_sha } }];
    pr(10, { head: { sha: run.head_sha, ref: 'feature' }, files: [changed('.github/workflows/ci.yml')], commits: [commitAt(run.head_sha)] });
    const result = await runAction({ apiUrl: apiUrl(), event: 'workflow_run', payload: event });
    expect(result.code).toBe(1);
    expect(statuses()[0]).toMatchObject({ sha: run.head_sha, state: 'failure' });
  });
});
