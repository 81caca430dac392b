// `vendor-gate check` on a checkout whose configuration and attributes a vendor wrote: git must not
// run a program the repository names, nor let an attribute hide a file from the secret scan (issue 8, item 14).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { githubToken, npmToken } from './secret-samples.js';

let scratch: string;
let repo: string;
const marker = (name: string): string => join(scratch, `ran-${name}`);
const tokens = { hiddenByAttribute: githubToken(), afterNul: npmToken(), hiddenByTextconv: githubToken('gho_') };

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vendor-gate-hostile-git-'));
  repo = join(scratch, 'repo');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'lead@corp.example');
  git('config', 'user.name', 'Lead');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git('add', '-A');
  git('commit', '-qm', 'initial');
  git('checkout', '-qb', 'feature');
  writeFileSync(join(repo, '.gitattributes'), 'leak.txt -diff\n*.conv diff=hide\n');
  writeFileSync(join(repo, 'leak.txt'), `settings\nGH_TOKEN=${tokens.hiddenByAttribute}\n`);
  writeFileSync(join(repo, 'nul.txt'), `\u0000\nNPM_TOKEN=${tokens.afterNul}\n`);
  writeFileSync(join(repo, 'app.conv'), `token: ${tokens.hiddenByTextconv}\n`);
  git('add', '-A');
  git('commit', '-qm', 'feat: settings');
  // Programs a checkout's configuration can name: each would leave a marker file if git ran it.
  const program = (name: string): string => {
    const path = join(scratch, `${name}.sh`);
    writeFileSync(path, `#!/bin/sh\ntouch '${marker(name)}'\n`);
    chmodSync(path, 0o755);
    return path;
  };
  git('config', 'diff.hide.textconv', program('textconv'));
  git('config', 'diff.hide.command', program('diff-driver'));
  git('config', 'diff.external', program('external-diff'));
  git('config', 'core.fsmonitor', program('fsmonitor'));
  git('config', 'core.pager', program('pager'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('vendor-gate check on a hostile checkout', () => {
  it('runs no program the repository configures, and no attribute hides a secret', async () => {
    let out = '';
    let err = '';
    const code = await cli(['check', '--base', 'main', '--format', 'json'], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: repo, now: new Date('2026-11-28T00:00:00Z') });
    expect(err).toBe('');
    for (const name of ['textconv', 'diff-driver', 'external-diff', 'fsmonitor', 'pager']) expect(existsSync(marker(name)), `git ran the ${name} program`).toBe(false);
    expect(code).toBe(1);
    const report = JSON.parse(out) as { gates: Array<{ id: string; notes: string[]; findings: Array<{ file?: string; line?: number; rule?: string }> }> };
    const secrets = report.gates.find((g) => g.id === 'secrets');
    expect(secrets?.findings.map((f) => [f.file, f.line, f.rule])).toEqual([
      ['app.conv', 1, 'github-token'],
      ['leak.txt', 2, 'github-token'],
      ['nul.txt', 2, 'npm-token'],
    ]);
    expect(secrets?.notes).toEqual(['1 binary file scanned byte by byte (packed content, such as a zip archive, is not unpacked): nul.txt']);
    for (const value of Object.values(tokens)) expect(out).not.toContain(value);
    const size = report.gates.find((g) => g.id === 'size') as unknown as { summary: string };
    // An attribute does not hide lines from the size gate either: 2 + 1 + .gitattributes' 2; nul.txt is binary, as on GitHub.
    expect(size.summary).toContain('5 lines');
  });
});
