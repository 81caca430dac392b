import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { secretsGate } from '../../src/gates/secrets.js';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../src/policy/load.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif, sarifFindings } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { makePlan } from '../../src/plan.js';
import { evaluate, evaluatePlan } from '../../src/verdict.js';
import { commit, context, facts, file } from './helpers.js';
import { generator, githubToken, keyBlock, npmToken } from './secret-samples.js';

const g = generator(7);
const patch = (...lines: string[]): string => `@@ -10,1 +10,${lines.length + 1} @@\n context\n${lines.map((l) => `+${l}`).join('\n')}`;
const source = { path: '.github/vendor-gate.yml', builtIn: false, sha: 'b'.repeat(40) };
const now = new Date('2026-11-28T00:00:00Z');

describe('the secrets gate', () => {
  const token = githubToken();
  const aws = `AKIA${g.upper(16)}`;
  const stripe = `sk_live_${g.mixed(24)}`;

  it('finds secrets in added lines, the title, the body and commit messages, each redacted', () => {
    const pr = facts({
      title: `feat: add ${stripe}`,
      body: `Adds the export.\n\nUse key ${aws} to test.\n\nFixes #12`,
      files: [file('src/config.ts', { patch: patch('const a = 1;', `const token = "${token}";`), additions: 2 })],
      commits: [commit('bob@acme.example', `fix: config\n\nold token was ${token}`)],
    });
    const result = secretsGate(context(pr));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('4 secrets found');
    expect(result.findings.map((f) => [f.file, f.line, f.column, f.rule, f.preview])).toEqual([
      ['src/config.ts', 12, 16, 'github-token', 'ghp_••••••••'],
      [undefined, undefined, undefined, 'stripe-key', 'sk_l••••••••'],
      [undefined, undefined, undefined, 'aws-access-key-id', 'AKIA••••••••'],
      [undefined, undefined, undefined, 'github-token', 'ghp_••••••••'],
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([
      'GitHub token (ghp_••••••••) in column 16 (rule github-token).',
      'Stripe secret or restricted key (sk_l••••••••) in the pull request title, line 1 (rule stripe-key).',
      'AWS access key ID (AKIA••••••••) in the pull request description, line 3 (rule aws-access-key-id).',
      `GitHub token (ghp_••••••••) in the message of commit ${'c'.repeat(12)}, line 3 (rule github-token).`,
    ]);
    expect(JSON.stringify(result.findings)).not.toMatch(new RegExp(`${token}|${aws}|${stripe}`));
    expect(new Set(result.secretValues)).toEqual(new Set([token, aws, stripe]));
  });

  it('passes a clean PR and says what it scanned', () => {
    const result = secretsGate(context(facts({ files: [file('src/a.ts', { additions: 3 })] })));
    expect(result).toMatchObject({ status: 'pass', summary: 'no secrets in 3 added lines, the title, the description and 1 commit message', findings: [] });
    expect(result.secretValues).toBeUndefined();
  });

  it('scans a file whose patch GitHub omitted from its full text, and fails closed on one it could not read', () => {
    const content = ['line 1', ...keyBlock(), 'line 14'].join('\n');
    const result = secretsGate(
      context(
        facts({
          files: [
            file('big.pem', { patch: undefined, content, additions: 14 }),
            file('huge.sql', { patch: undefined, unreadable: 'it is 3.0 MB, over the 1 MB limit', additions: 90000 }),
            file('lost.ts', { patch: undefined, additions: 2 }),
            file('moved.ts', { patch: undefined, status: 'renamed', previousPath: 'old.ts', additions: 0 }),
            file('gone.ts', { patch: undefined, status: 'removed', additions: 0, deletions: 5 }),
          ],
        }),
      ),
    );
    expect(result.findings.map((f) => [f.file, f.line, f.rule, f.message])).toEqual([
      ['big.pem', 2, 'private-key', 'Private key (----••••••••) in column 1 (rule private-key).'],
      ['huge.sql', undefined, undefined, 'This file could not be scanned for secrets: it is 3.0 MB, over the 1 MB limit.'],
      ['lost.ts', undefined, undefined, 'This file could not be scanned for secrets: its diff was not available.'],
    ]);
    expect(result.summary).toBe('1 secret found');
  });

  it('fails closed when GitHub could not list every commit or file', () => {
    const pr = facts({ commitsListing: { expected: 300, listed: 250 }, filesListing: { expected: 3500, listed: 3000 } });
    const result = secretsGate(context(pr));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('not everything could be scanned');
    expect(result.findings.map((f) => f.message)).toEqual([
      'GitHub listed only 250 of the 300 commits, so the messages of the other 50 could not be scanned for secrets.',
      'GitHub listed only 3000 of the 3500 changed files, so the others could not be scanned for secrets.',
    ]);
  });

  it('scans binary files byte by byte, and fails closed on one whose bytes it was not given', () => {
    const nul = file('keys.bin', { patch: undefined, binary: true, additions: 0, content: `\u0000\nT=${token}\n` });
    const utf16 = file('keys.ps1', { patch: undefined, binary: true, additions: 0, content: Buffer.from(`\uFEFFx\r\nT=${token}\r\n`, 'utf16le').toString('utf8') });
    const found = secretsGate(context(facts({ files: [nul, utf16] })));
    expect(found.findings.map((f) => [f.file, f.line, f.rule])).toEqual([['keys.bin', 2, 'github-token'], ['keys.ps1', 2, 'github-token']]);
    expect(found.notes).toEqual(['2 binary files scanned byte by byte (packed content, such as a zip archive, is not unpacked): keys.bin, keys.ps1']);
    const unseen = secretsGate(context(facts({ files: [file('logo.png', { patch: undefined, binary: true, additions: 0 })] })));
    expect(unseen.status).toBe('fail');
    expect(unseen.findings[0]?.message).toBe('This file could not be scanned for secrets: its diff was not available.');
  });

  it('finds a secret in a file name, and redacts without failing the names the PR does not add', () => {
    const other = npmToken();
    const result = secretsGate(context(facts({
      files: [
        file(`docs/${token}.md`, { patch: patch('# Notes') }),
        file('docs/notes.md', { previousPath: `docs/${other}.md`, status: 'renamed', additions: 0, deletions: 0, patch: undefined }),
        file(`old/${other}.txt`, { status: 'removed', additions: 0, deletions: 1, patch: undefined }),
      ],
    })));
    expect(result.findings.map((f) => [f.file, f.line, f.rule, f.message])).toEqual([[`docs/${token}.md`, undefined, 'github-token', 'GitHub token (ghp_••••••••) in the file name (rule github-token).']]);
    expect(result.notes).toEqual([
      'the old name of docs/notes.md holds a secret (npm_••••••••), already in the history of the base branch: rotate it',
      'a removed file holds a secret (npm_••••••••), already in the history of the base branch: rotate it',
    ]);
    expect(result.secretValues).toEqual(expect.arrayContaining([token, other]));
  });

  it('applies allow_paths, allow_patterns and disable_rules of the policy', () => {
    const generic = `API_TOKEN=${g.mixed(32)}`;
    const testToken = `sk_test_${g.mixed(24)}`;
    const pr = facts({
      files: [
        file('test/fixtures/creds.env', { patch: patch(`T=${token}`) }),
        file('src/a.env', { patch: patch(generic, `STRIPE="${testToken}"`, `T=${token}`) }),
      ],
    });
    const result = secretsGate(context(pr, { secrets: { allow_paths: ['test/fixtures/**'], allow_patterns: ['^sk_test_'], disable_rules: ['generic-secret'] } }));
    expect(result.findings.map((f) => [f.file, f.line, f.rule])).toEqual([['src/a.env', 13, 'github-token']]);
    expect(result.notes).toEqual([
      '1 file not scanned (gates.secrets.allow_paths): test/fixtures/creds.env',
      '1 value allowed by gates.secrets.allow_patterns',
    ]);
  });

  it('ignores allow comments and ignore files that the PR adds', () => {
    const pr = facts({
      files: [
        file('.secretlintignore', { patch: patch('src/**') }),
        file('.gitleaksignore', { patch: patch('src/a.ts:github-token:1') }),
        file('src/a.ts', { patch: patch(`const t = "${token}"; // gitleaks:allow pragma: allowlist secret nosec vendor-gate:allow`) }),
      ],
    });
    expect(secretsGate(context(pr)).findings.map((f) => [f.file, f.rule])).toEqual([['src/a.ts', 'github-token']]);
  });
});

describe('secret values and the report', () => {
  const token = githubToken();
  const pr = facts({
    title: `chore: rotate ${token}`,
    files: [file('src/a.ts', { patch: patch(`const t = "${token}";`) })],
    commits: [commit('bob@acme.example', `secret ${token}`)],
  });
  const policy = parsePolicy('version: 1\nvendors: { users: ["acme-*"] }\n', 'p.yml');

  it('leave evaluate out of band, and no rendering of the report holds one', () => {
    const { report, secrets } = evaluatePlan(pr, makePlan(policy, pr), source, { mode: 'enforce', now });
    expect(secrets).toEqual([token]);
    expect(report.failedGates).toContain('secrets');
    expect(report.pullRequest.title).toBe('chore: rotate ghp_••••••••');
    expect('secretValues' in (report.gates.find((g) => g.id === 'secrets') ?? {})).toBe(false);
    for (const text of [renderJson(report), renderMarkdown(report), renderText(report), renderSarif(sarifFindings(report))]) {
      expect(text).not.toContain(token);
      expect(text).toMatch(/ghp\\?_••••••••/);
    }
  });

  it('are scrubbed from the title of a PR that is not checked', () => {
    const report = evaluate({ ...pr, author: { login: 'alice' }, commits: [commit('alice@corp.example')] }, policy, source, { mode: 'enforce', now });
    expect(report.result).toBe('skip');
    expect(renderJson(report)).not.toContain(token);
  });
});

describe('SARIF', () => {
  it('lists file findings with rules, levels and locations, never the title, body or commit findings', () => {
    const token = githubToken();
    const pr = facts({
      body: `see ${token}`,
      files: [file('src/dir name/a.ts', { patch: patch(`x = "${token}"`) })],
    });
    const report = evaluate(pr, DEFAULT_POLICY, source, { mode: 'enforce', now, forceGates: true });
    const sarif = JSON.parse(renderSarif(sarifFindings(report), '1.2.3')) as {
      version: string;
      runs: Array<{ tool: { driver: { name: string; version: string; rules: Array<{ id: string; properties: Record<string, unknown> }> } }; results: unknown[] }>;
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run?.tool.driver).toMatchObject({ name: 'vendor-gate', version: '1.2.3' });
    expect(run?.tool.driver.rules.map((r) => [r.id, r.properties['security-severity']])).toEqual([['github-token', '9.0']]);
    expect(run?.results).toEqual([
      {
        ruleId: 'github-token',
        ruleIndex: 0,
        level: 'error',
        message: { text: 'GitHub token (ghp_••••••••) in column 6 (rule github-token).' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/dir%20name/a.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 11, startColumn: 6 } } }],
      },
    ]);
  });

  it('is empty when the gate is off', () => {
    const policy = parsePolicy('version: 1\ngates: { secrets: { level: off } }\n', 'p.yml');
    const pr = facts({ files: [file('a.ts', { patch: patch(githubToken()) })] });
    const report = evaluate(pr, policy, source, { mode: 'enforce', now, forceGates: true });
    expect(sarifFindings(report)).toEqual([]);
  });
});

describe('the secrets policy', () => {
  it('defaults to an error-level gate with empty allow-lists', () => {
    expect(DEFAULT_POLICY.gates.secrets).toEqual({ level: 'error', allow_paths: [], allow_patterns: [], disable_rules: [], min_confidence: 'medium' });
  });

  it('reads allow-lists and disabled rules', () => {
    const policy = parsePolicy('version: 1\ngates:\n  secrets:\n    allow_paths: ["test/fixtures/**"]\n    allow_patterns: ["^test_"]\n    disable_rules: [jwt]\n', 'p.yml');
    expect(policy.gates.secrets).toEqual({ level: 'error', allow_paths: ['test/fixtures/**'], allow_patterns: ['^test_'], disable_rules: ['jwt'], min_confidence: 'medium' });
  });

  it('rejects a regex that RE2 cannot compile and an unknown rule with line and column', () => {
    const text = 'version: 1\ngates:\n  secrets:\n    allow_patterns: ["(a)\\\\1", "[x"]\n    disable_rules: [nope]\n';
    let error: unknown;
    try {
      parsePolicy(text, 'p.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const messages = (error as PolicyError).problems.map((p) => `${p.line}:${p.column} ${p.key}: ${p.message}`);
    expect(messages[0]).toMatch(/^4:22 gates\.secrets\.allow_patterns\[0\]: not a regular expression that RE2 accepts: .*RE2 has no backreferences/);
    expect(messages[1]).toMatch(/^4:32 gates\.secrets\.allow_patterns\[1\]: not a regular expression that RE2 accepts: missing closing \]/);
    expect(messages[2]).toMatch(/^5:21 gates\.secrets\.disable_rules\[0\]: unknown secret rule "nope"; expected one of: aws-access-key-id, /);
  });
});

describe('vendor-gate scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-scan-'));
  const token = githubToken();
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/clean.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src/leak.ts'), `// config\nexport const t = "${token}";\n`);
  writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
  const diff = ['diff --git a/src/new.ts b/src/new.ts', '--- a/src/new.ts', '+++ b/src/new.ts', '@@ -4,2 +4,3 @@', ' a', `-old ${token}`, `+new ${token}`, ' b', ''].join('\n');
  writeFileSync(join(dir, 'change.diff'), diff);

  async function scan(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await cli(['scan', ...args], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      cwd: dir,
      now,
      readStdin: (feed) => {
        feed(Buffer.from(stdin ?? ''));
      },
    });
    return { code, out, err };
  }

  it('prints redacted findings of files and exits 1', async () => {
    const result = await scan(['src/clean.ts', 'src/leak.ts', 'logo.png']);
    expect(result).toEqual({
      code: 1,
      out: 'src/leak.ts:2:19: GitHub token (ghp_••••••••) [github-token]\n1 secret found. Remove it, and rotate any that was ever pushed.\n',
      err: '',
    });
  });

  it('scans a binary or UTF-16 file byte by byte: a NUL byte hides nothing', async () => {
    writeFileSync(join(dir, 'keys.bin'), `\u0000\nT=${token}\n`);
    writeFileSync(join(dir, 'keys.ps1'), Buffer.from(`\uFEFFx\r\n$T = "${token}"\r\n`, 'utf16le'));
    const result = await scan(['keys.bin', 'keys.ps1']);
    expect(result.code).toBe(1);
    expect(result.out).toBe('keys.bin:2:3: GitHub token (ghp_••••••••) [github-token]\nkeys.ps1:2:7: GitHub token (ghp_••••••••) [github-token]\n2 secrets found. Remove them, and rotate any that was ever pushed.\n');
  });

  it('exits 0 on clean input', async () => {
    expect(await scan(['src/clean.ts'])).toEqual({ code: 0, out: 'No secrets found.\n', err: '' });
  });

  it('scans only the added lines of a diff, with new-file line numbers, from a file or stdin', async () => {
    const fromFile = await scan(['--diff', 'change.diff', '--format', 'json']);
    expect(fromFile.code).toBe(1);
    expect(JSON.parse(fromFile.out)).toEqual({
      formatVersion: 1,
      findings: [{ path: 'src/new.ts', line: 5, column: 5, rule: 'github-token', title: 'GitHub token', severity: 'high', confidence: 'high', advisory: false, preview: 'ghp_••••••••' }],
      skippedBinary: [],
    });
    const fromStdin = await scan(['--diff'], diff);
    expect(fromStdin.out).toBe('src/new.ts:5:5: GitHub token (ghp_••••••••) [github-token]\n1 secret found. Remove it, and rotate any that was ever pushed.\n');
  });

  it('reads stdin as a file without --diff, and writes SARIF', async () => {
    const result = await scan(['--format', 'sarif', '-'], `a\n${token}\n`);
    expect(result.code).toBe(1);
    expect(result.out).not.toContain(token);
    const sarif = JSON.parse(result.out) as { runs: Array<{ results: Array<{ locations: unknown }> }> };
    expect(sarif.runs[0]?.results[0]?.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 1 } } }]);
  });

  it('reads real git diff output, renames and new files included', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'Dev');
    writeFileSync(join(repo, 'old name.ts'), Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    git('add', '-A');
    git('commit', '-qm', 'init');
    git('mv', 'old name.ts', 'new name.ts');
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    lines.splice(19, 0, `export const token = "${token}";`);
    writeFileSync(join(repo, 'new name.ts'), `${lines.join('\n')}\n`);
    writeFileSync(join(repo, 'added.env'), `A=1\nTOKEN=${token}\n`);
    git('add', '-A');
    const diff = git('diff', '--cached', '-M', '--no-color');
    const result = await scan(['--diff'], diff);
    expect(result.out.split('\n').slice(0, 2).sort()).toEqual([
      'added.env:2:7: GitHub token (ghp_••••••••) [github-token]',
      'new name.ts:20:23: GitHub token (ghp_••••••••) [github-token]',
    ]);
    expect(result.code).toBe(1);
  });

  it('names a file it cannot read and a bad format', async () => {
    const missing = await scan(['nope.txt']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^vendor-gate: Could not read nope\.txt: /);
    const format = await scan(['--format', 'xml']);
    expect(format).toMatchObject({ code: 2, err: 'vendor-gate: --format is "xml"; expected text, json or sarif.\n' });
  });
});
