import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zip } from '../zip.js';
import type { FileInput } from './fake-github.js';
import { adding, BASE, COVERAGE_POLICY, discountPullRequest, HEAD, scenario, VITEST_LCOV } from './scenario.js';
import { OWNER, REPO, payload, pullRequestPayload, runAction, type ActionRun, type RunOptions } from './run-action.js';


const { fake, apiUrl } = scenario(COVERAGE_POLICY);

function pr(number: number, files: FileInput[]): void {
  fake().addPullRequest(OWNER, REPO, discountPullRequest(number, files));
}

function run(number: number, options: Partial<RunOptions> = {}): Promise<ActionRun> {
  return runAction({ apiUrl: apiUrl(), event: 'pull_request_target', payload: pullRequestPayload(number), inputs: { coverage: 'coverage/lcov.info' }, workspace: { 'coverage/lcov.info': VITEST_LCOV }, ...options });
}

const comment = (number: number): string => fake().comments(OWNER, REPO, number)[0]?.body ?? '';
const lastStatus = () => fake().statuses(OWNER, REPO).at(-1);


describe('the coverage gate, end to end', () => {
  it('fails a PR whose added lines are not covered, with a table and annotations', async () => {
    pr(1, [adding('src/price.ts', [2, 3, 5, 6, 8, 12, 13, 15]), adding('docs/pricing.md', [1, 2, 3])]);
    const result = await run(1);
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'fail', 'failed-gates': 'coverage' });
    expect(lastStatus()).toMatchObject({ state: 'failure' });
    expect(comment(1)).toContain('| <code>src/price.ts</code> | 6 / 8 | 6, 13 |');
    expect(comment(1)).toContain('75% of the added lines are covered by tests (6 of 8 added executable lines covered); the policy needs 90%.');
    expect(result.stdout).toContain('::error title=vendor-gate%3A Test coverage,file=src/price.ts,line=6::Added line 6 is not covered by any test.');
    expect(result.summary).toContain('**Changed lines:** 75% (6 of 8 added executable lines), policy 90%');
    const json = JSON.parse(readFileSync(result.outputs.report ?? '', 'utf8')) as { gates: Array<{ id: string; coverage?: { total: { lines: number; covered: number } } }> };
    expect(json.gates.find((g) => g.id === 'coverage')?.coverage?.total).toMatchObject({ lines: 12, covered: 9 });
  });

  it('passes a PR whose added lines are covered', async () => {
    pr(2, [adding('src/price.ts', [2, 3, 5, 8, 12, 15])]);
    const result = await run(2);
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ result: 'pass', 'failed-gates': '' });
    expect(lastStatus()).toMatchObject({ state: 'success' });
    expect(comment(2)).toContain('| <code>src/price.ts</code> | 6 / 6 |  |');
  });

  it('does not apply the threshold to a change below min_lines, and says so', async () => {
    pr(3, [adding('src/price.ts', [6, 13])]);
    const result = await run(3);
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe('pass');
    expect(comment(3)).toContain('Only 2 added executable lines (fewer than min\\_lines, 5): the changed-line threshold of 90% is not applied to so small a change.');
  });

  it('fails closed when the report is missing, saying what was expected where', async () => {
    pr(4, [adding('src/price.ts', [2, 3, 5, 8, 12, 15])]);
    const result = await run(4, { workspace: {} });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'fail', 'failed-gates': 'coverage' });
    expect(comment(4)).toContain('The coverage report is missing: the input coverage is "coverage/lcov.info", expected in the workspace');
    expect(comment(4)).toContain('coverage/lcov.info: no such file.');
  });

  it('reads the coverage artifact of the triggering run on workflow_run, without sending the token to storage', async () => {
    pr(5, [adding('src/price.ts', [2, 3, 5, 6, 8, 12, 13, 15])]);
    const event = payload('workflow_run', 'completed');
    const workflowRun = event.workflow_run as { id: number; head_sha: string; pull_requests: Array<Record<string, unknown>> };
    workflowRun.head_sha = HEAD;
    workflowRun.pull_requests = [{ number: 5, id: 5, url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/5`, head: { ref: 'feature', sha: HEAD }, base: { ref: 'main', sha: BASE } }];
    fake().addArtifact(OWNER, REPO, workflowRun.id, 'coverage', await zip({ 'coverage/lcov.info': VITEST_LCOV, 'coverage/lcov-report/index.html': Buffer.from('<html></html>') }));
    const result = await runAction({ apiUrl: apiUrl(), event: 'workflow_run', payload: event, inputs: { 'coverage-artifact': 'coverage' } });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ result: 'fail', 'failed-gates': 'coverage' });
    expect(comment(5)).toContain('| <code>src/price.ts</code> | 6 / 8 | 6, 13 |');
    expect(comment(5)).toContain('<code>coverage/coverage/lcov.info</code> (lcov)');
    const paths = fake().requests.map((r) => r.path);
    expect(paths).toContain(`/repos/${OWNER}/${REPO}/actions/runs/${workflowRun.id}/artifacts`);
    expect(paths.some((p) => p.startsWith('/_storage/artifacts/'))).toBe(true);
  });

  it('finds the coverage artifact of the head commit on a run that has none of its own (a label, an edit, a review)', async () => {
    pr(8, [adding('src/price.ts', [2, 3, 5, 6, 8, 12, 13, 15])]);
    fake().addArtifact(OWNER, REPO, 555, 'coverage', await zip({ 'coverage/lcov.info': Buffer.from('SF:src/price.ts\nDA:2,1\nend_of_record\n') }), false, 'c'.repeat(40));
    fake().addArtifact(OWNER, REPO, 556, 'coverage', await zip({ 'coverage/lcov.info': VITEST_LCOV }), false, HEAD);
    const result = await run(8, { inputs: { coverage: '', 'coverage-artifact': 'coverage' } });
    expect(result.outputs).toMatchObject({ result: 'fail', 'failed-gates': 'coverage' });
    expect(comment(8)).toContain('| <code>src/price.ts</code> | 6 / 8 | 6, 13 |');
    const paths = fake().requests.map((r) => r.path);
    expect(paths).toContain(`/repos/${OWNER}/${REPO}/actions/artifacts`);
    expect(paths).toContain(`/repos/${OWNER}/${REPO}/actions/runs/556/artifacts`);
    expect(paths).not.toContain(`/repos/${OWNER}/${REPO}/actions/runs/555/artifacts`);
  });

  it('downloads nothing for a PR that is not from a vendor', async () => {
    fake().addPullRequest(OWNER, REPO, { number: 7, user: { login: 'alice' }, author_association: 'MEMBER', base: { sha: BASE, ref: 'main' }, head: { sha: HEAD, ref: 'feature' }, files: [adding('src/price.ts', [6])], commits: [{ sha: HEAD, message: 'x', author: { name: 'A', email: 'alice@corp.example' }, committer: { name: 'A', email: 'alice@corp.example' } }] });
    const event = payload('workflow_run', 'completed');
    const workflowRun = event.workflow_run as { id: number; head_sha: string; pull_requests: Array<Record<string, unknown>> };
    workflowRun.head_sha = HEAD;
    workflowRun.pull_requests = [{ number: 7, id: 7, url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/7`, head: { ref: 'feature', sha: HEAD }, base: { ref: 'main', sha: BASE } }];
    const result = await runAction({ apiUrl: apiUrl(), event: 'workflow_run', payload: event, inputs: { 'coverage-artifact': 'coverage' } });
    expect(result.outputs.result).toBe('skip');
    expect(fake().requests.filter((r) => r.path.includes('/actions/'))).toEqual([]);
  });

  it('fails closed on workflow_run when the run has no such artifact', async () => {
    pr(6, [adding('src/price.ts', [2])]);
    const event = payload('workflow_run', 'completed');
    const workflowRun = event.workflow_run as { id: number; head_sha: string; pull_requests: Array<Record<string, unknown>> };
    workflowRun.head_sha = HEAD;
    workflowRun.pull_requests = [{ number: 6, id: 6, url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/6`, head: { ref: 'feature', sha: HEAD }, base: { ref: 'main', sha: BASE } }];
    const result = await runAction({ apiUrl: apiUrl(), event: 'workflow_run', payload: event, inputs: { 'coverage-artifact': 'coverage' } });
    expect(result.outputs).toMatchObject({ result: 'fail', 'failed-gates': 'coverage' });
    expect(comment(6)).toContain(
      `The coverage report is missing: the workflow run ${workflowRun.id} has no artifact named "coverage", and no workflow run of the head commit ${HEAD.slice(0, 7)} kept an artifact named "coverage"`,
    );
  });
});
