// Hostile input end to end: bytes and names a vendor controls must never hide a secret from the scan
// or carry one into anything the built action prints (issue 8, items 5 and 12).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withCrc } from '../../src/secrets/checksum.js';
import { generator } from '../unit/secret-samples.js';
import type { FileInput } from './fake-github.js';
import { added, HEAD, scenario, vendorPullRequest, linked } from './scenario.js';
import { OWNER, REPO, pullRequestPayload, runAction, type ActionRun } from './run-action.js';

const POLICY = 'version: 1\nvendors:\n  users: ["acme-*"]\ngates:\n  review: { level: off }\n  description: { min_length: 10, linked_issue: false }\n';
const g = generator(808);

const { fake, apiUrl } = scenario(POLICY);

function vendorPr(number: number, files: FileInput[]): void {
  fake().addPullRequest(OWNER, REPO, vendorPullRequest({ number, files }));
}

const run = (number: number): Promise<ActionRun> => runAction({ apiUrl: apiUrl(), event: 'pull_request_target', payload: pullRequestPayload(number) });

/** Everything a run shows anyone: none of it may hold any of `values`, and each value is masked before any other log line. */
function expectNowhere(result: ActionRun, number: number, values: string[]): void {
  const stdoutLines = result.stdout.split('\n');
  const masks = stdoutLines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
  for (const value of values) expect(masks, 'registered with the runner').toContain(value);
  const firstOther = stdoutLines.findIndex((l) => l !== '' && !l.startsWith('::add-mask::') && !l.startsWith('::debug::'));
  expect(stdoutLines.slice(firstOther).some((l) => l.startsWith('::add-mask::'))).toBe(false);
  const outputs = {
    comment: fake().comments(OWNER, REPO, number).map((c) => c.body).join('\n'),
    summary: result.summary,
    stdout: stdoutLines.filter((l) => !l.startsWith('::add-mask::')).join('\n'),
    stderr: result.stderr,
    report: readFileSync(result.outputs.report ?? '', 'utf8'),
    sarif: readFileSync(result.outputs.sarif ?? '', 'utf8'),
    status: JSON.stringify(fake().statuses(OWNER, REPO)),
    outputs: JSON.stringify(result.outputs),
  };
  for (const [name, text] of Object.entries(outputs)) {
    for (const value of values) {
      expect(text.includes(value), `${name} holds a planted secret`).toBe(false);
      // Also not as a URL path segment (a SARIF uri, a logged request).
      expect(text.includes(encodeURIComponent(value)), `${name} holds a planted secret, encoded`).toBe(false);
    }
  }
}

describe('bytes a vendor controls never hide a secret (item 5)', () => {
  it('a NUL byte before a key, a UTF-16 file and a real binary file: all are scanned', async () => {
    const afterNul = withCrc('ghp_', g.alnum(30));
    const inUtf16 = withCrc('npm_', g.alnum(30));
    // GitHub omits the patch of a file it calls binary: the action reads the blob, and must scan it.
    fake().setFile(OWNER, REPO, HEAD, 'src/config.txt', `\u0000\nconst token = "${afterNul}";\n`);
    fake().setFileBytes(OWNER, REPO, HEAD, 'src/publish.ps1', Buffer.from(`\uFEFF# publish\r\n$env:NPM_TOKEN = "${inUtf16}"\r\n`, 'utf16le'));
    fake().setFileBytes(OWNER, REPO, HEAD, 'src/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array.from({ length: 512 }, (_, i) => (i * 37) % 256)]));
    vendorPr(51, [
      { filename: 'src/config.txt', status: 'added', additions: 0, deletions: 0 },
      { filename: 'src/publish.ps1', status: 'added', additions: 0, deletions: 0 },
      { filename: 'src/logo.png', status: 'added', additions: 0, deletions: 0 },
    ]);
    const result = await run(51);
    expect(result.code).toBe(1);
    expect(fake().statuses(OWNER, REPO)).toEqual([expect.objectContaining({ state: 'failure', description: 'Failed: secrets' })]);
    const body = fake().comments(OWNER, REPO, 51)[0]?.body ?? '';
    expect(body).toContain('| Secrets | ❌ Failed | 2 secrets found |');
    expect(body).toContain(`${linked('<code>src/config.txt</code>', 'src/config.txt', 2)} line 2: GitHub token (ghp\\_••••••••)`);
    expect(body).toContain(`${linked('<code>src/publish.ps1</code>', 'src/publish.ps1', 2)} line 2: npm access token (npm\\_••••••••)`);
    expect(body).not.toContain('not scanned');
    expect(body).toContain('3 binary files scanned byte by byte');
    expectNowhere(result, 51, [afterNul, inUtf16]);
  });
});

describe('file names a vendor controls (item 12)', () => {
  it('a token in a file name fails the secrets gate and is redacted in every output', async () => {
    const inName = withCrc('ghp_', g.alnum(30));
    const inOldName = withCrc('npm_', g.alnum(30));
    vendorPr(52, [
      added(`docs/${inName}.md`, ['# Notes']),
      { filename: 'docs/notes.md', previous_filename: `docs/${inOldName}.md`, status: 'renamed', additions: 0, deletions: 0 },
      added('src/app.ts', ['export {};']),
    ]);
    const result = await run(52);
    expect(result.code).toBe(1);
    expect(fake().statuses(OWNER, REPO)).toEqual([expect.objectContaining({ state: 'failure', description: 'Failed: secrets' })]);
    const body = fake().comments(OWNER, REPO, 52)[0]?.body ?? '';
    expect(body).toContain('| Secrets | ❌ Failed | 1 secret found |');
    expect(body).toContain('<code>docs/ghp\\_••••••••.md</code>: GitHub token (ghp\\_••••••••) in the file name (rule github-token).');
    expect(body).toContain('the old name of docs/notes.md holds a secret');
    expectNowhere(result, 52, [inName, inOldName]);
    const report = JSON.parse(readFileSync(result.outputs.report ?? '', 'utf8')) as { gates: Array<{ id: string; findings: Array<{ rule?: string; file?: string }> }> };
    expect(report.gates.find((gate) => gate.id === 'secrets')?.findings).toEqual([expect.objectContaining({ file: 'docs/ghp_••••••••.md', rule: 'github-token' })]);
  });
});
