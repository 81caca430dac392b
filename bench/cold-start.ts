// Cold start of the built action for one pull request, against the fake API, next to a bare `node`
// start in the same run: the ratio is what to compare between machines.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { FakeGitHub } from '../test/e2e/fake-github.js';
import { DIST, OWNER, REPO, pullRequestPayload, runAction } from '../test/e2e/run-action.js';

const RUNS = 7;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const fake = new FakeGitHub();
  const apiUrl = await fake.start();
  fake.addAppToken('ghs_installation');
  fake.setFile(OWNER, REPO, 'b'.repeat(40), '.github/vendor-gate.yml', 'version: 1\nvendors: { users: ["acme-*"] }\n');
  // A non-vendor PR: every read of a real run, and one write (the status), so that the
  // throttling plugin's spacing of writes (1 s, 3 s for comments) does not hide the start-up cost.
  fake.addPullRequest(OWNER, REPO, {
    number: 1,
    user: { login: 'alice' },
    base: { sha: 'b'.repeat(40), ref: 'main' },
    files: [{ filename: 'src/a.ts', status: 'modified', additions: 1, deletions: 0 }],
    commits: [{ sha: 'a'.repeat(40), message: 'x', author: { name: 'A', email: 'a@corp.example' }, committer: { name: 'A', email: 'a@corp.example' } }],
  });
  const action: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let start = performance.now();
    const run = await runAction({ apiUrl, event: 'pull_request_target', payload: pullRequestPayload(1) });
    action.push(performance.now() - start);
    if (run.code !== 0) throw new Error(`the action failed:\n${run.stdout}`);
    start = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    bare.push(performance.now() - start);
  }
  await fake.stop();
  const a = median(action);
  const b = median(bare);
  console.log(`dist/index.js: ${(statSync(DIST).size / 1024).toFixed(0)} KiB`);
  console.log(`cold start, one non-vendor PR (median of ${RUNS}): ${a.toFixed(0)} ms; bare node: ${b.toFixed(0)} ms; ratio ${(a / b).toFixed(1)}x`);
}

await main();
