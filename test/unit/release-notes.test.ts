// scripts/release-notes.mjs: the GitHub release's notes are the tag's CHANGELOG.md section, and a tag that
// does not match package.json or has no notes stops the release.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'vendor-gate-notes-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

function notes(tag: string, dir?: string): { status: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [join(root, 'scripts/release-notes.mjs'), tag, ...(dir === undefined ? [] : [dir])], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

let fixtures = 0;
function project(version: string, changelog: string): string {
  const dir = mkdtempSync(join(temp, `p${String(fixtures++)}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version }));
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  return dir;
}

const CHANGELOG = `# Changelog

## [Unreleased]

- Not yet.

## [1.1.0] - 2027-02-01

### Added

- The second thing.

## [1.0.0] - 2027-01-01

- The first thing.

[Unreleased]: https://example.com/compare/v1.1.0...HEAD
[1.1.0]: https://example.com/compare/v1.0.0...v1.1.0
[1.0.0]: https://example.com/releases/tag/v1.0.0
`;

describe('release-notes', () => {
  it("prints this repository's notes of its own version", () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const run = notes(`v${version}`);
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/^\S/);
    expect(run.out).toContain('### Added');
    expect(run.out).not.toContain('## [');
  });

  it('prints one section, without its heading, the next one or the link definitions', () => {
    expect(notes('v1.1.0', project('1.1.0', CHANGELOG)).out).toBe('### Added\n\n- The second thing.\n');
    expect(notes('v1.0.0', project('1.0.0', CHANGELOG)).out).toBe('- The first thing.\n');
  });

  it.each([
    ['v1.1.0', '1.2.0', CHANGELOG, "does not match package.json's version 1.2.0"],
    ['v1.2.0', '1.2.0', CHANGELOG, 'has no "## [1.2.0]" section'],
    ['v1.2.0', '1.2.0', '## [1.2.0] - 2027-03-01\n\n## [1.1.0]\n- x\n', 'section of CHANGELOG.md is empty'],
    ['1.1.0', '1.1.0', CHANGELOG, 'is not a release tag'],
    ['v1', '1.1.0', CHANGELOG, 'is not a release tag'],
  ])('refuses %s with package.json %s', (tag, version, changelog, message) => {
    const run = notes(tag, project(version, changelog));
    expect(run.status).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain(message);
  });
});
