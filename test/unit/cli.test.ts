import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { gitIn, localFacts, resolveBase } from '../../src/facts/git.js';

let scratch: string;
let repo: string;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cli(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: repo,
    now: new Date('2026-11-28T00:00:00Z'),
  });
  return { code, out, err };
}

const POLICY = `version: 1
vendors: { emails: ["*@acme.example"] }
gates:
  access: { allow: ["src/**"] }
  description: { required_sections: [Testing] }
`;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vendor-gate-cli-'));
  repo = join(scratch, 'repo');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'lead@corp.example');
  git('config', 'user.name', 'Lead');
  write('.github/vendor-gate.yml', POLICY);
  write('src/app.ts', 'export const app = 1;\n');
  write('tools/build.sh', 'echo build\n'.repeat(20));
  git('add', '-A');
  git('commit', '-qm', 'initial');
  git('checkout', '-qb', 'feature');
  git('config', 'user.email', 'dev@acme.example');
  write('src/app.ts', 'export const app = 2;\nexport const more = 3;\n');
  git('mv', 'tools/build.sh', 'src/build.sh');
  write('.github/vendor-gate.yml', `${POLICY}# loosened by the vendor\n`);
  write('src/we ird|name`.ts', 'x\n');
  git('add', '-A');
  git('commit', '-qm', 'feat: export\n\nLonger body.');
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('local git facts', () => {
  it('reads base..HEAD with renames, line counts, commits and emails', async () => {
    const g = gitIn(repo);
    const facts = await localFacts(g, { base: await resolveBase(g, 'main') });
    expect(facts.files.map((f) => [f.status, f.path, f.previousPath, f.additions, f.deletions])).toEqual([
      ['modified', '.github/vendor-gate.yml', undefined, 1, 0],
      ['modified', 'src/app.ts', undefined, 2, 1],
      ['renamed', 'src/build.sh', 'tools/build.sh', 0, 0],
      ['added', 'src/we ird|name`.ts', undefined, 1, 0],
    ]);
    expect(facts.commits).toEqual([
      expect.objectContaining({
        message: 'feat: export\n\nLonger body.',
        author: { name: 'Lead', email: 'dev@acme.example' },
        parents: 1,
        verified: { unknown: 'only GitHub verifies signatures' },
      }),
    ]);
    expect(facts.hasDescription).toBe(false);
    expect(facts.files.find((f) => f.path === 'src/app.ts')?.patch).toBe('@@ -1 +1,2 @@\n-export const app = 1;\n+export const app = 2;\n+export const more = 3;');
  });

  it('explains a base that does not exist', async () => {
    await expect(resolveBase(gitIn(repo), 'origin/nope')).rejects.toThrow('The base origin/nope is not a commit in this repository.');
  });
});

describe('vendor-gate check', () => {
  it('runs the coverage gate on --coverage, and fails closed without it', async () => {
    writeFileSync(join(scratch, 'coverage-policy.yml'), 'version: 1\ngates:\n  access: { level: off }\n  coverage: { changed: 80, min_lines: 1 }\n');
    write('cov/lcov.info', 'SF:/ci/repo/src/app.ts\nDA:1,4\nDA:2,0\nend_of_record\n');
    const policy = join(scratch, 'coverage-policy.yml');
    const measured = await run('check', '--base', 'main', '--config', policy, '--coverage', 'cov/*.info');
    expect(measured.code).toBe(1);
    expect(measured.out).toMatch(/FAIL {2}Test coverage +changed lines 50% \(1\/2\), total 50%: below the policy/);
    expect(measured.out).toContain('src/app.ts:2: Added line 2 is not covered by any test.');
    const without = await run('check', '--base', 'main', '--config', policy);
    expect(without.out).toContain('No coverage report was given (--coverage).');
    // A report that is not there is explained in the command line's words, not the action's.
    const missing = await run('check', '--base', 'main', '--config', policy, '--coverage', 'cov/none.info');
    expect(missing.out).toContain(`The coverage report is missing: --coverage is "cov/none.info", expected in this folder (${repo}), but cov/none.info: no such file.`);
    expect(missing.out).toContain('Run your tests with coverage first');
    expect(missing.out).not.toContain('this job');
    rmSync(join(repo, 'cov'), { recursive: true });
  });

  it('fails with exit 1, using the policy of the base branch, not the edited one', async () => {
    const { code, out } = await run('check', '--base', 'main');
    expect(code).toBe(1);
    expect(out).toContain('vendor-gate FAILED: access');
    expect(out).toContain('.github/vendor-gate.yml: This file is the vendor-gate policy');
    expect(out).toContain('src/build.sh: The old name of this renamed file (tools/build.sh) is outside the scope of work');
    expect(out).toContain('SKIP  Description');
    expect(out).toMatch(/Policy: \.github\/vendor-gate\.yml at [0-9a-f]{12}/);
    expect(out).toContain('Note: this change edits .github/vendor-gate.yml; the base version of the policy was applied.');
    expect(out).toContain('Vendor: commit email dev@acme.example matches "*@acme.example"');
  });

  it('checks a description given on the command line', async () => {
    write('../body.md', '## Testing\nRan the unit tests and clicked through the export page.\nFixes #4\n');
    const { out } = await run('check', '--base', 'main', '--title', 'feat: x', '--body-file', join(repo, '../body.md'));
    expect(out).toContain('PASS  Description');
  });

  it('prints JSON and Markdown', async () => {
    const json = JSON.parse((await run('check', '--base', 'main', '--format', 'json')).out) as { result: string; failedGates: string[] };
    expect(json).toMatchObject({ result: 'fail', failedGates: ['access'] });
    expect((await run('check', '--base', 'main', '--format', 'markdown')).out).toMatch(/^<!-- vendor-gate -->\n## ❌ vendor-gate: 1 of 4 checks failed/);
  });

  it('passes on the base branch itself with the built-in defaults when there is no policy', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vendor-gate-empty-'));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: empty });
    execFileSync('git', ['-c', 'user.email=a@b.c', '-c', 'user.name=A', 'commit', '-q', '--allow-empty', '-m', 'x'], { cwd: empty });
    let out = '';
    const code = await cli(['check'], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: empty, now: new Date() });
    rmSync(empty, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(out).toContain('vendor-gate PASSED');
    expect(out).toContain('Policy: built-in defaults');
  });

  it('uses a policy file from disk with --config, and reports usage errors with exit 2', async () => {
    write('../loose.yml', 'version: 1\n');
    expect((await run('check', '--base', 'main', '--config', join(repo, '../loose.yml'))).code).toBe(1);
    const bad = await run('check', '--format', 'xml');
    expect(bad).toMatchObject({ code: 2, err: 'vendor-gate: --format is "xml"; expected text, markdown or json.\n' });
    expect((await run('check', '--bogus')).err).toContain("Unknown option '--bogus'");
    expect((await run('frobnicate')).code).toBe(2);
  });
});

describe('vendor-gate validate', () => {
  it('prints the effective policy with profiles applied', async () => {
    write('../p.yml', 'version: 1\ngates: { size: { max_lines: 300 } }\nprofiles:\n  - { name: acme, match: { users: [acme-*] }, gates: { size: { max_files: 5 } } }\n');
    const { code, out } = await run('validate', join(repo, '../p.yml'));
    expect(code).toBe(0);
    expect(out).toContain('is valid.');
    expect(out).toMatch(/profiles:\n {2}- name: acme[\s\S]*max_files: 5\n\s+max_lines: 300/);
  });

  it('shows the legal, commits and tests gates with their defaults, and a gate a profile names turned on there', async () => {
    write('../legal.yml', 'version: 1\ngates:\n  legal: { license_header: { paths: [src/**], text: "SPDX-License-Identifier: MIT" } }\nprofiles:\n  - { name: acme, match: { users: [acme-*] }, gates: { commits: { emails: ["*@acme.example"] } } }\n');
    const { out } = await run('validate', '--format', 'json', join(repo, '../legal.yml'));
    const effective = (JSON.parse(out) as { policy: { gates: Record<string, unknown>; profiles: Array<{ gates: Record<string, unknown> }> } }).policy;
    expect(effective.gates.legal).toEqual({ level: 'error', dco: true, license_header: { paths: ['src/**'], text: 'SPDX-License-Identifier: MIT', lines: 10 } });
    expect(effective.gates.commits).toEqual({ level: 'off', emails: [], require_verified: false });
    expect(effective.gates.tests).toMatchObject({ level: 'warn', source: ['**/src/**'] });
    expect(effective.profiles[0]?.gates.commits).toEqual({ level: 'error', emails: ['*@acme.example'], require_verified: false });
  });

  it('writes each profile out in full, with no YAML anchors, and the reviewers and waiver too', async () => {
    write('../shared.yml', 'version: 1\nprofiles:\n  - { name: a, match: { users: [a-*] } }\n  - { name: b, match: { users: [b-*] } }\n');
    const { out } = await run('validate', join(repo, '../shared.yml'));
    expect(out).not.toMatch(/[&*]a\d/);
    expect(out.match(/deny:\n\s+- \.github\/\*\*/g)).toHaveLength(3);
    expect(out).toMatch(/^reviewers:\n/m);
    expect(out).toMatch(/^waiver:\n {2}label: "?vendor-gate: waive"?/m);
  });

  it('answers in JSON with --format json: the effective policy, or every problem with its line and column', async () => {
    const good = await run('validate', '--format', 'json', join(repo, '../p.yml'));
    const parsed = JSON.parse(good.out) as { valid: boolean; policy: { profiles: Array<{ name: string; gates: { size: { max_files: number; max_lines: number } } }> } };
    expect(good.code).toBe(0);
    expect(parsed.valid).toBe(true);
    expect(parsed.policy.profiles[0]?.gates.size).toMatchObject({ max_files: 5, max_lines: 300 });
    write('../bad2.yml', 'version: 1\ngates:\n  size: { max_files: lots }\n  review: { approvals: -1 }\n');
    const bad = await run('validate', '--format', 'json', join(repo, '../bad2.yml'));
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out)).toMatchObject({ valid: false, problems: [{ line: 3, column: 22, key: 'gates.size.max_files' }, { line: 4, key: 'gates.review.approvals' }] });
    expect((await run('validate', '--format', 'xml')).err).toContain('--format is "xml"; expected yaml or json.');
  });

  it('prints every problem with line:column and exits 2', async () => {
    write('../bad.yml', 'version: 1\ngates:\n  size: { max_files: lots }\n  lgeal: {}\n');
    const { code, err } = await run('validate', join(repo, '../bad.yml'));
    expect(code).toBe(2);
    expect(err).toContain('bad.yml:3:22: gates.size.max_files: expected a number, found "lots"');
    expect(err).toContain(
      'bad.yml:4:3: gates.lgeal: unknown key "lgeal"; expected one of: review, access, secrets, size, description, coverage, contract, legal, commits, tests',
    );
  });
});

describe('help and version', () => {
  it('prints the version of the package', async () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, out: `${manifest.version}\n`, err: '' });
  });

  it.each(['check', 'validate', 'scan', 'audit'])('gives %s its own usage with its exit codes, through --help, -h and help', async (command) => {
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const { code, out, err } = await run(...argv);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toContain(`vendor-gate ${command}`);
      expect(out).toMatch(/Exit code 0 .*, 2 when/);
      for (const other of ['check', 'validate', 'scan', 'audit'].filter((c) => c !== command)) expect(out).not.toContain(`vendor-gate ${other} `);
    }
  });

  it('names the unknown topic of help, and an unknown option with the usage of its command only', async () => {
    const topic = await run('help', 'deploy');
    expect(topic.code).toBe(2);
    expect(topic.err).toContain('There is no command "deploy".');
    const option = await run('scan', '--nope');
    expect(option.code).toBe(2);
    expect(option.err).toContain('vendor-gate scan [PATH...]');
    expect(option.err).not.toContain('vendor-gate check [');
  });
});

describe('scan of a folder', () => {
  // An AWS key id of the documented shape, built at run time so that no scanner flags this file.
  const key = (tail: string) => `const id = '${['AKIA', 'Q3EGRTZ7', tail].join('')}';\n`;

  it('scans every file below it that its .gitignore files do not exclude, nested ones relative to their own folder', async () => {
    write('tree/.gitignore', 'build/\n*.log\n');
    write('tree/app/.gitignore', 'local.ts\n');
    write('tree/app/config.ts', key('MXKWPL4N'));
    write('tree/app/local.ts', key('MXKWPL5N'));
    write('tree/app/deep/more.ts', key('MXKWPL6N'));
    write('tree/build/out.js', key('MXKWPL7N'));
    write('tree/debug.log', key('MXKWPL2N'));
    write('tree/.git/config', key('MXKWPL3N'));
    const { code, out, err } = await run('scan', 'tree');
    expect({ code, err }).toEqual({ code: 1, err: '' });
    const paths = out.split('\n').filter((l) => l.includes(':1:')).map((l) => l.split(':')[0]);
    expect(paths).toEqual([join('tree', 'app', 'config.ts'), join('tree', 'app', 'deep', 'more.ts')]);
  });

  it('keeps only the files that match an --include and no --exclude, folders walked or files named', async () => {
    write('pick/src/a.ts', key('MXKWPL2A'));
    write('pick/src/a.test.ts', key('MXKWPL3B'));
    write('pick/docs/b.md', key('MXKWPL4C'));
    const { out } = await run('scan', 'pick', 'pick/docs/b.md', '--include', 'pick/**/*.ts', '--exclude', '**/*.test.ts');
    expect(out.split('\n').filter((l) => l.includes(':1:')).map((l) => l.split(':')[0])).toEqual([join('pick', 'src', 'a.ts')]);
    const bad = await run('scan', 'pick', '--exclude', '/abs/**');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--exclude "/abs/**" is not a usable glob: paths are relative to the repository root: remove the leading "/".');
    expect((await run('scan', '--diff', '--include', '*.ts', 'x.diff')).err).toContain('with --diff, choose what goes into the diff instead');
  });

  it('refuses a folder with --diff, which reads one diff', async () => {
    write('tree2/a.txt', 'x\n');
    const { code, err } = await run('scan', '--diff', 'tree2');
    expect(code).toBe(2);
    expect(err).toContain('tree2 is a folder; --diff reads one diff file, or standard input.');
  });
});

describe('scan with a minimum confidence', () => {
  // A random-looking value under a secret-like name: only the generic rule, at low confidence, can find it.
  const generic = `db_password = "${['Xq7', 'Lm2Vr9', 'Tz4Kp8Wn'].join('')}"\n`;
  const key = `const id = '${['AKIA', 'Q3EGRTZ7', 'MXKWPL4N'].join('')}';\n`;

  it('lists a finding below it as a possible secret that does not fail the scan', async () => {
    write('conf/generic.txt', generic);
    const { code, out } = await run('scan', 'conf/generic.txt');
    expect(code).toBe(0);
    expect(out).toContain('[generic-secret, low confidence: a possible secret, not counted]');
    expect(out).toContain('No secrets found. 1 possible secret below --min-confidence medium is listed above: check it.');
  });

  it('counts it with --min-confidence low, and tells JSON and SARIF readers which findings are advisory', async () => {
    write('conf/both.txt', generic + key);
    expect((await run('scan', '--min-confidence', 'low', 'conf/generic.txt')).code).toBe(1);
    const json = JSON.parse((await run('scan', '--format', 'json', 'conf/both.txt')).out) as { findings: Array<{ rule: string; confidence: string; advisory: boolean }> };
    expect(json.findings.map((f) => [f.rule, f.confidence, f.advisory])).toEqual([['generic-secret', 'low', true], ['aws-access-key-id', 'high', false]]);
    const sarif = JSON.parse((await run('scan', '--format', 'sarif', 'conf/both.txt')).out) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([['generic-secret', 'note'], ['aws-access-key-id', 'error']]);
  });

  it('refuses a level it does not know', async () => {
    const { code, err } = await run('scan', '--min-confidence', 'some', 'conf/generic.txt');
    expect(code).toBe(2);
    expect(err).toContain('--min-confidence is "some"; expected high, medium, low.');
  });
});

describe('check with uncommitted changes', () => {
  // A repository of its own: the files other tests leave in the shared one would be uncommitted changes here.
  let own: string;
  const sh = (...args: string[]) => execFileSync('git', args, { cwd: own, encoding: 'utf8' });
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(own, path)), { recursive: true });
    writeFileSync(join(own, path), text);
  };
  const checkIn = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await cli(['check', '--base', 'main', ...argv], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: own, now: new Date('2026-11-28T00:00:00Z') });
    return { code, out, err };
  };
  const token = ['AKIA', 'Q3EGRTZ7', 'MXKWPL2A'].join('');

  beforeAll(() => {
    own = join(scratch, 'uncommitted');
    mkdirSync(own);
    sh('init', '-q', '-b', 'main');
    sh('config', 'user.email', 'lead@corp.example');
    sh('config', 'user.name', 'Lead');
    put('src/app.ts', 'export const app = 1;\n');
    put('.gitignore', 'build/\n');
    sh('add', '-A');
    sh('commit', '-qm', 'initial');
    sh('checkout', '-qb', 'feature');
    put('src/more.ts', 'export const more = 2;\n');
    sh('add', '-A');
    sh('commit', '-qm', 'feat: more');
  });

  it('says that uncommitted changes are not checked, and checks them with --staged or --worktree', async () => {
    put('src/staged.ts', `const a = "${token}";\n`);
    sh('add', 'src/staged.ts');
    put('src/new.ts', `const b = "${token}";\n`);
    put('build/out.js', `const c = "${token}";\n`);
    const committed = await checkIn();
    expect(committed.err).toContain('vendor-gate: 2 files have changes that are not committed, and are not checked. Add --staged');
    expect(committed.out).not.toContain('AWS access key');
    const staged = await checkIn('--staged');
    expect(staged.err).toContain('checking the commits since main and the staged changes');
    expect(staged.out).toContain('src/staged.ts:1:');
    expect(staged.out).not.toContain('src/new.ts');
    const worktree = await checkIn('--worktree');
    expect(worktree.code).toBe(1);
    expect(worktree.out).toContain('src/staged.ts:1:');
    expect(worktree.out).toContain('src/new.ts:1:');
    // .gitignore still leaves build output out.
    expect(worktree.out).not.toContain('build/out.js');
    expect((await checkIn('--staged', '--worktree')).err).toContain('--staged and --worktree exclude each other');
  });
});

describe('check outside the usual case', () => {
  it('says plainly when the folder is not a git checkout', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'vendor-gate-nogit-'));
    let err = '';
    const code = await cli(['check'], { stdout: () => undefined, stderr: (t) => (err += t), cwd: outside, now: new Date() });
    rmSync(outside, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(err).toContain('is not inside a git checkout. vendor-gate check compares the commits of a branch with its base branch');
    expect(err).not.toContain('Could not find a base branch');
  });

  it('suggests --config when only the working tree holds a policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-wtpolicy-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=V', '-c', 'user.email=v@acme.example', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'base');
    git('checkout', '-q', '-b', 'work');
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, '.github/vendor-gate.yml'), 'version: 1\n');
    let err = '';
    await cli(['check', '--base', 'main'], { stdout: () => undefined, stderr: (t) => (err += t), cwd: dir, now: new Date() });
    rmSync(dir, { recursive: true, force: true });
    expect(err).toContain('the base branch main has no .github/vendor-gate.yml, so the built-in defaults apply. Your working tree has one: try it with --config .github/vendor-gate.yml');
  });
});
