// Secrets end to end: the built action finds them in files, the description, commit messages and the
// title, and never prints one. Every output the run produces is searched for every planted value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withCrc } from '../../src/secrets/checksum.js';
import { generator, keyBlock } from '../unit/secret-samples.js';
import type { FileInput } from './fake-github.js';
import { added, BASE, HEAD, scenario, linked } from './scenario.js';
import { OWNER, REPO, pullRequestPayload, runAction, type ActionRun } from './run-action.js';

// Reviews are another gate's business: this suite looks only at secrets.
const POLICY = 'version: 1\nvendors:\n  users: ["acme-*"]\ngates:\n  review: { level: off }\n  description: { min_length: 10, linked_issue: false }\n';
const g = generator(2026);

const { fake, apiUrl } = scenario(POLICY);

function vendorPr(number: number, input: { title?: string; body: string; files: FileInput[]; message: string }): void {
  fake().addPullRequest(OWNER, REPO, {
    number,
    title: input.title ?? 'feat: payment settings',
    body: input.body,
    user: { login: 'acme-bob' },
    base: { sha: BASE, ref: 'main' },
    head: { sha: HEAD, ref: 'feature' },
    files: input.files,
    commits: [{ sha: HEAD, message: input.message, author: { name: 'Bob', email: 'bob@acme.example' }, committer: { name: 'Bob', email: 'bob@acme.example' } }],
  });
}

const run = (number: number): Promise<ActionRun> => runAction({ apiUrl: apiUrl(), event: 'pull_request_target', payload: pullRequestPayload(number) });

describe('secrets in a vendor PR', () => {
  it('finds a key leaked in a file, in the body and in a commit message, and shows each redacted', async () => {
    const inFile = withCrc('ghp_', g.alnum(30));
    const inBody = `AKIA${g.upper(16)}`;
    const inCommit = withCrc('npm_', g.alnum(30));
    vendorPr(21, {
      body: `Adds the payment settings.\n\nTo try it, use ${inBody}.`,
      files: [added('src/settings.ts', ['export const settings = {', `  token: '${inFile}',`, '};'])],
      message: `feat: payment settings\n\nPublish with ${inCommit}`,
    });
    const result = await run(21);
    expect(result.code).toBe(1);
    expect(fake().statuses(OWNER, REPO)).toEqual([expect.objectContaining({ state: 'failure', description: 'Failed: secrets' })]);
    const body = fake().comments(OWNER, REPO, 21)[0]?.body ?? '';
    expect(body).toContain('| Secrets | ❌ Failed | 3 secrets found |');
    expect(body).toContain(`1. ${linked('<code>src/settings.ts</code>', 'src/settings.ts', 2)} line 2: GitHub token (ghp\\_••••••••) in column 11 (rule github-token).`);
    expect(body).toContain('2. AWS access key ID (AKIA••••••••) in the pull request description, line 3 (rule aws-access-key-id).');
    expect(body).toContain(`3. npm access token (npm\\_••••••••) in the message of commit ${HEAD.slice(0, 12)}, line 3 (rule npm-token).`);
    for (const secret of [inFile, inBody, inCommit]) expect(body).not.toContain(secret);
    expect(result.stdout).toContain('::error title=vendor-gate%3A Secrets,file=src/settings.ts,line=2::GitHub token (ghp_••••••••) in column 11');
  });

  it('never prints a planted secret: comment, summary, annotations, logs, JSON report, SARIF, status and outputs', async () => {
    const planted = {
      file: withCrc('ghp_', g.alnum(30)),
      large: keyBlock('OPENSSH '),
      body: `sk_live_${g.mixed(24)}`,
      commit: `xoxb-${g.digits(12)}-${g.digits(12)}-${g.alnum(24)}`,
      title: `AKIA${g.upper(16)}`,
    };
    // GitHub omits the patch of a large diff: the action reads the file at the head commit instead.
    fake().setFile(OWNER, REPO, HEAD, 'deploy/id_ed25519', `${planted.large.join('\n')}\n`);
    vendorPr(22, {
      title: `feat: deploy with ${planted.title}`,
      body: `Deploys.\n\nStripe: ${planted.body}`,
      files: [
        added('src/deploy.ts', [`const token = "${planted.file}";`]),
        { filename: 'deploy/id_ed25519', status: 'added', additions: planted.large.length, deletions: 0 },
      ],
      message: `chore: deploy\n\nSlack ${planted.commit}`,
    });
    const result = await run(22);
    expect(result.code).toBe(1);
    expect(fake().requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/contents/deploy/id_ed25519` && r.query.ref === HEAD)).toBe(true);

    const values = [planted.file, planted.body, planted.commit, planted.title, planted.large.join('\n'), ...planted.large.slice(1, -1)];
    // The runner learns each value from an add-mask command, before any other line can show it.
    const stdoutLines = result.stdout.split('\n');
    const masks = stdoutLines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
    for (const value of [planted.file, planted.body, planted.commit, planted.title, ...planted.large.slice(1, -1)]) expect(masks).toContain(value);
    const firstOther = stdoutLines.findIndex((l) => l !== '' && !l.startsWith('::add-mask::') && !l.startsWith('::debug::'));
    expect(stdoutLines.slice(firstOther).some((l) => l.startsWith('::add-mask::'))).toBe(false);

    const report = readFileSync(result.outputs.report ?? '', 'utf8');
    const sarif = readFileSync(result.outputs.sarif ?? '', 'utf8');
    const outputs = {
      comment: fake().comments(OWNER, REPO, 22).map((c) => c.body).join('\n'),
      summary: result.summary,
      stdout: stdoutLines.filter((l) => !l.startsWith('::add-mask::')).join('\n'),
      stderr: result.stderr,
      report,
      sarif,
      status: JSON.stringify(fake().statuses(OWNER, REPO)),
      outputs: JSON.stringify(result.outputs),
    };
    for (const [name, text] of Object.entries(outputs)) {
      for (const value of values) expect(text.includes(value), `${name} holds a planted secret`).toBe(false);
    }

    // The run did find all five, in the places each output shows.
    const parsed = JSON.parse(report) as { pullRequest: { title: string }; gates: Array<{ id: string; findings: Array<{ rule?: string; file?: string }> }> };
    expect(parsed.pullRequest.title).toBe('feat: deploy with AKIA••••••••');
    expect(parsed.gates.find((gate) => gate.id === 'secrets')?.findings.map((f) => [f.file, f.rule])).toEqual([
      ['src/deploy.ts', 'github-token'],
      ['deploy/id_ed25519', 'private-key'],
      [undefined, 'aws-access-key-id'],
      [undefined, 'stripe-key'],
      [undefined, 'slack-token'],
    ]);
    const log = JSON.parse(sarif) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(['github-token', 'private-key']);
    expect(outputs.comment).toContain('AWS access key ID (AKIA••••••••) in the pull request title');
  });

  it('fails closed on a file it cannot read, and scans a binary one byte by byte', async () => {
    fake().setFile(OWNER, REPO, HEAD, 'assets/logo.png', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR');
    vendorPr(23, {
      body: 'Adds the logo and the seed data.',
      files: [
        { filename: 'assets/logo.png', status: 'added', additions: 0, deletions: 0 },
        { filename: 'db/seed.sql', status: 'added', additions: 40000, deletions: 0 },
      ],
      message: 'feat: logo',
    });
    const result = await run(23);
    expect(result.code).toBe(1);
    const body = fake().comments(OWNER, REPO, 23)[0]?.body ?? '';
    expect(body).toContain('| Secrets | ❌ Failed | not everything could be scanned |');
    expect(body).toContain(`${linked('<code>db/seed.sql</code>', 'db/seed.sql')}: This file could not be scanned for secrets: reading it at ${HEAD.slice(0, 12)} failed (HTTP 404).`);
    expect(body).toContain('- 1 binary file scanned byte by byte (packed content, such as a zip archive, is not unpacked): assets/logo.png');
  });
});
