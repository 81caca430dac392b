// Crashes and hangs (issue 8, items 8 and 9) and the consistency of API failures: hostile reports,
// requests that never answer, bodies that are not JSON, and what a 404 means.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FileInput } from './fake-github.js';
import { OWNER, REPO, pullRequestPayload, runAction, type ActionRun, type RunOptions } from './run-action.js';
import { BASE, HEAD, scenario } from './scenario.js';

const POLICY = `version: 1
vendors:
  users: ["acme-*"]
gates:
  review: { level: off }
  coverage: { changed: 90, min_lines: 5 }
`;
// Made by vitest's v8 coverage on test/fixtures/coverage/samples/js: src/price.ts has lines 6 and 13 uncovered.
const LCOV = readFileSync(new URL('../fixtures/coverage/vitest/lcov.info', import.meta.url));

const { fake, apiUrl, statuses, comments } = scenario(POLICY);

function adding(filename: string, lines: number[]): FileInput {
  const patch = lines.map((line) => `@@ -${line - 1},0 +${line},1 @@\n+line ${line}`).join('\n');
  return { filename, status: 'modified', additions: lines.length, deletions: 0, patch };
}

function pr(number: number, files: FileInput[] = [adding('src/price.ts', [2, 3, 5, 8, 12, 15])]): void {
  fake().addPullRequest(OWNER, REPO, {
    number,
    title: 'feat: discounts',
    body: 'Adds the VIP discount code, as agreed in the statement of work.\n\nFixes #12',
    user: { login: 'acme-bob' },
    base: { sha: BASE, ref: 'main' },
    head: { sha: HEAD, ref: 'feature' },
    commits: [{ sha: HEAD, message: 'feat: discounts', author: { name: 'Bob', email: 'bob@acme.example' }, committer: { name: 'Bob', email: 'bob@acme.example' } }],
    files,
  });
}

function run(number: number, options: Partial<RunOptions> = {}): Promise<ActionRun> {
  return runAction({ apiUrl: apiUrl(), event: 'pull_request_target', payload: pullRequestPayload(number), ...options });
}

const comment = (number: number): string => comments(number)[0]?.body ?? '';

describe('hostile coverage reports', () => {
  it('reads a 445 KB lcov of 12,000 files that each name line 60,000, without exhausting the heap', async () => {
    pr(1);
    const hostile = Array.from({ length: 12_000 }, (_, i) => `SF:src/generated/f${i}.ts\nDA:60000,1\nend_of_record\n`).join('');
    const report = Buffer.concat([LCOV, Buffer.from(hostile)]);
    expect(report.length).toBeGreaterThan(440_000);
    const result = await run(1, { inputs: { coverage: 'coverage/lcov.info' }, workspace: { 'coverage/lcov.info': report } });
    expect(result.stderr).not.toContain('heap out of memory');
    expect(result.outputs).toMatchObject({ result: 'pass', 'failed-gates': '' });
    expect(statuses().at(-1)).toMatchObject({ sha: HEAD, state: 'success' });
    expect(comment(1)).toContain('| <code>src/price.ts</code> | 6 / 6 |  |');
  });
});
