// .pre-commit-hooks.yaml runs `vendor-gate scan` on the staged files, as the pre-commit framework would call it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubToken } from './secret-samples.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hooks: unknown = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
}

const temp = mkdtempSync(join(tmpdir(), 'vendor-gate-hook-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('.pre-commit-hooks.yaml', () => {
  const list = Array.isArray(hooks) ? (hooks as Hook[]) : [];
  const hook = list.find((h) => h.id === 'vendor-gate-scan');

  it('declares one vendor-gate-scan hook that runs the bundled CLI with no install step', () => {
    expect(list.map((h) => h.id)).toEqual(['vendor-gate-scan']);
    expect(hook).toMatchObject({ language: 'script', pass_filenames: true });
    expect(hook?.name).toContain('vendor-gate');
    const [program, ...args] = (hook?.entry ?? '').split(' ');
    expect(args).toEqual(['scan']);
    // `script` runs the entry as a path inside this repository: it must be the executable npm bin.
    expect(program).toBe(manifest.bin['vendor-gate']);
    accessSync(join(root, program ?? ''), constants.X_OK);
  });

  it('fails on a staged file with a secret and passes on a clean one, as pre-commit calls it', () => {
    const leaky = join(temp, 'config.js');
    const clean = join(temp, 'readme.txt');
    writeFileSync(leaky, `export const token = '${githubToken()}';\n`);
    writeFileSync(clean, 'Nothing to see here.\n');
    const [program = '', ...args] = (hook?.entry ?? '').split(' ');
    const run = (files: string[]) => spawnSync(join(root, program), [...args, ...files], { encoding: 'utf8' });
    const found = run([clean, leaky]);
    expect(found.status, found.stderr).toBe(1);
    expect(found.stdout).toContain('config.js:1:');
    const none = run([clean]);
    expect(none.status, none.stderr).toBe(0);
  });
});
