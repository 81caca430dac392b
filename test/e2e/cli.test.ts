import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-cli-e2e-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the built vendor-gate command', () => {
  it('checks base..HEAD of a checkout and exits 1 on a failing gate, also when started through a symlink', () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=V', '-c', 'user.email=v@acme.example', ...args], { cwd: dir });
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'base');
    git('checkout', '-q', '-b', 'work');
    writeFileSync(join(dir, 'CODEOWNERS'), '* @me\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'take ownership');
    const link = join(dir, 'vendor-gate');
    symlinkSync(CLI, link);
    const result = spawnSync(process.execPath, [link, 'check', '--base', 'main'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('vendor-gate FAILED: access');
    expect(result.stdout).toContain('CODEOWNERS: This file may not be changed by a vendor: it matches the deny rule "**/CODEOWNERS".');
    expect(result.stdout).toMatch(/SKIP {2}Review +approvals are only known on GitHub/);
  });

  it('fails an untested file that shares its name with a covered one (coverage.py, two Cobertura sources)', () => {
    const repo = mkdtempSync(join(tmpdir(), 'vendor-gate-cov-e2e-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=V', '-c', 'user.email=v@acme.example', ...args], { cwd: repo });
      const samples = join(import.meta.dirname, '../fixtures/coverage/samples/py-multi');
      git('init', '-q', '-b', 'main');
      for (const path of ['app', 'lib', 'test_all.py', '.coveragerc']) cpSync(join(samples, path), join(repo, path), { recursive: true });
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
      git('checkout', '-q', '-b', 'work');
      mkdirSync(join(repo, 'tools'));
      cpSync(join(samples, 'tools/utils.py'), join(repo, 'tools/utils.py'));
      git('add', '-A');
      git('commit', '-q', '-m', 'feat: banner');
      // The report of the test run, as coverage.py wrote it: filenames relative to app/ and lib/.
      mkdirSync(join(repo, 'cov'));
      cpSync(join(import.meta.dirname, '../fixtures/coverage/coverage-py/multi-source.xml'), join(repo, 'cov/coverage.xml'));
      const policy = join(dir, 'coverage-policy.yml');
      writeFileSync(policy, 'version: 1\ngates:\n  access: { level: off }\n  coverage: { changed: 80, total: 0, min_lines: 1 }\n');
      const result = spawnSync(process.execPath, [CLI, 'check', '--base', 'main', '--config', policy, '--coverage', 'cov/coverage.xml'], { cwd: repo, encoding: 'utf8' });
      expect(result.stdout).toMatch(/FAIL {2}Test coverage +no added executable lines, total 64\.2%: 1 changed file not measured/);
      expect(result.stdout).toContain('tools/utils.py: This changed source file is in none of the coverage reports');
      expect(result.status).toBe(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('prints usage and exits 2 without a command', () => {
    const result = spawnSync(process.execPath, [CLI], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('vendor-gate check [--base REF]');
  });
});
