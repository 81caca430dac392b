import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('prints usage and exits 2 without a command', () => {
    const result = spawnSync(process.execPath, [CLI], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('vendor-gate check [--base REF]');
  });
});
