// Crashes and hangs (issue 8, items 8 and 9) and the consistency of API failures: hostile reports,
// requests that never answer, bodies that are not JSON, and what a 404 means.
import { describe, expect, it } from 'vitest';
import type { FileInput } from './fake-github.js';
import { OWNER, REPO, pullRequestPayload, runAction, type ActionRun, type RunOptions } from './run-action.js';
import { adding, BASE, COVERAGE_POLICY, discountPullRequest, HEAD, scenario, VITEST_LCOV } from './scenario.js';


const { fake, apiUrl, statuses, comments } = scenario(COVERAGE_POLICY);

function pr(number: number, files: FileInput[] = [adding('src/price.ts', [2, 3, 5, 8, 12, 15])]): void {
  fake().addPullRequest(OWNER, REPO, discountPullRequest(number, files));
}

function run(number: number, options: Partial<RunOptions> = {}): Promise<ActionRun> {
  return runAction({ apiUrl: apiUrl(), event: 'pull_request_target', payload: pullRequestPayload(number), ...options });
}

const comment = (number: number): string => comments(number)[0]?.body ?? '';

describe('hostile coverage reports', () => {
  it('reads a 445 KB lcov of 12,000 files that each name line 60,000, without exhausting the heap', async () => {
    pr(1);
    const hostile = Array.from({ length: 12_000 }, (_, i) => `SF:src/generated/f${i}.ts\nDA:60000,1\nend_of_record\n`).join('');
    const report = Buffer.concat([VITEST_LCOV, Buffer.from(hostile)]);
    expect(report.length).toBeGreaterThan(440_000);
    const result = await run(1, { inputs: { coverage: 'coverage/lcov.info' }, workspace: { 'coverage/lcov.info': report } });
    expect(result.stderr).not.toContain('heap out of memory');
    expect(result.outputs).toMatchObject({ result: 'pass', 'failed-gates': '' });
    expect(statuses().at(-1)).toMatchObject({ sha: HEAD, state: 'success' });
    expect(comment(1)).toContain('| <code>src/price.ts</code> | 6 / 6 |  |');
  });
});

/** The payload of a pull_request_target run for PR `number` whose head is HEAD, as GitHub sends it. */
function eventFor(number: number): Record<string, unknown> {
  const event = pullRequestPayload(number);
  const pull = event.pull_request as { head: { sha: string }; base: { sha: string } };
  pull.head.sha = HEAD;
  pull.base.sha = BASE;
  return event;
}

const API = `/repos/${OWNER}/${REPO}`;
// A short API budget keeps the hang scenarios quick: one request may take a third of it.
const QUICK = { 'api-timeout': '3' };

describe('requests that never answer', () => {
  it('retries a request that hangs once, after its timeout, and decides', async () => {
    pr(2);
    fake().hangNext('GET', new RegExp(`^${API}/pulls/2/files$`));
    const started = Date.now();
    const result = await run(2, { payload: eventFor(2), inputs: { 'api-timeout': '6' } });
    expect(result.outputs).toMatchObject({ result: 'fail', 'failed-gates': 'coverage' });
    expect(statuses().at(-1)).toMatchObject({ sha: HEAD, state: 'failure' });
    expect(fake().requests.filter((r) => r.path === `${API}/pulls/2/files`)).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('sets the status error, saying what timed out, when the API budget runs out', async () => {
    pr(3);
    fake().hangNext('GET', new RegExp(`^${API}/pulls/3/files$`), 100);
    const result = await run(3, { payload: eventFor(3), inputs: QUICK });
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe('error');
    const status = statuses().at(-1);
    expect(status).toMatchObject({ sha: HEAD, state: 'error' });
    expect(status?.description).toContain(`GitHub did not answer GET ${API}/pulls/3/files`);
    expect(result.stdout).toContain('Re-run the job');
    expect(result.stdout).toContain('api-timeout');
  }, 30_000);
});

describe('API failures say what went wrong', () => {
  it('sets the status error from the event payload when GET pull fails, and says which pull request was not found', async () => {
    const result = await run(404, { payload: eventFor(404) });
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe('error');
    const status = statuses().at(-1);
    expect(status).toMatchObject({ sha: HEAD, state: 'error' });
    expect(status?.description).toContain('pull request #404 was not found');
    expect(result.stdout).not.toContain('permissions: statuses');
  });

  it('names a body that is not JSON instead of failing on it', async () => {
    pr(5);
    fake().answerNext('GET', new RegExp(`^${API}/pulls/5$`), 200, '<html>Unicorn! This page is taking too long to load.</html>');
    const result = await run(5, { payload: eventFor(5) });
    expect(result.outputs.result).toBe('error');
    expect(result.stdout).not.toContain("Cannot use 'in' operator");
    expect(result.stdout).not.toContain('Cannot read properties');
    const status = statuses().at(-1);
    expect(status).toMatchObject({ sha: HEAD, state: 'error' });
    expect(status?.description).toContain(`GitHub answered GET ${API}/pulls/5 with HTTP 200 but not with JSON`);
  });

  it('says what was not found when setting the status gives 404, not only which permission to grant', async () => {
    pr(6);
    fake().failNext('POST', new RegExp(`^${API}/statuses/`), 404, 1, 'Not Found');
    const result = await run(6, { payload: eventFor(6) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Could not set the commit status (HTTP 404): GitHub found no commit ${HEAD.slice(0, 12)} in ${OWNER}/${REPO}`);
    expect(result.stdout).toContain('statuses: write');
  });
});
