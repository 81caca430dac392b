// What `npm publish` would ship, and that it runs as `npx vendor-gate` with nothing else installed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  private?: boolean;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  bundleDependencies?: unknown;
};

interface PackResult {
  filename: string;
  files: { path: string; mode: number }[];
  bundled: string[];
}

function pack(args: string[], cwd = root): PackResult {
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [result] = JSON.parse(out) as PackResult[];
  if (result === undefined) throw new Error(`npm pack printed no result: ${out}`);
  return result;
}

const temp = mkdtempSync(join(tmpdir(), 'vendor-gate-pack-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('the npm package', () => {
  const packed = pack(['--dry-run']);
  const paths = packed.files.map((file) => file.path).sort();

  it('holds the bundles, the action, the schema and the docs, and nothing else', () => {
    expect(paths).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'action.yml',
      'dist/cli.js',
      'dist/index.js',
      'dist/licenses.txt',
      'package.json',
      'schema/vendor-gate.schema.json',
    ]);
    expect(paths.filter((path) => /^(src|test|bench|scripts|examples|node_modules|coverage|\.github)\//.test(path))).toEqual([]);
  });

  it('installs no dependency: every runtime package is already inside dist/', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bundleDependencies).toBeUndefined();
    expect(packed.bundled).toEqual([]);
  });

  it('ships the bin as an executable script with a node shebang', () => {
    expect(Object.values(manifest.bin)).toEqual(['dist/cli.js']);
    const cli = packed.files.find((file) => file.path === 'dist/cli.js');
    expect((cli?.mode ?? 0) & 0o111).toBe(0o111);
    expect(readFileSync(join(root, 'dist/cli.js'), 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
  });

  it('runs from the packed tarball alone, offline, as an installed bin', { timeout: 60_000 }, () => {
    const { filename } = pack(['--pack-destination', temp]);
    const project = join(temp, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(temp, filename)], { cwd: project, stdio: 'pipe' });
    const version = execFileSync(join(project, 'node_modules/.bin/vendor-gate'), ['--version'], { cwd: project, encoding: 'utf8' });
    expect(version.trim()).toBe(manifest.version);
  });
});
