import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspaceCoverage, splitPatterns } from '../../src/coverage/load.js';
import { parseReport } from '../../src/coverage/parse.js';
import type { CoverageInput, RepositoryFiles } from '../../src/coverage/types.js';
import { coverageGate } from '../../src/gates/coverage.js';
import { context, facts, file } from './helpers.js';

// Every figure below is the one the tool that wrote the report printed itself; the command is in
// test/fixtures/coverage/README.md next to each fixture.
const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = 'test/fixtures/coverage';
const fixture = (path: string): Buffer => readFileSync(join(ROOT, FIXTURES, path));

function listFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** This repository's own files under the sample projects: the files the reports were written from. */
const REPOSITORY: RepositoryFiles = { paths: listFiles(`${FIXTURES}/samples`), complete: true };
const SAMPLES = `${FIXTURES}/samples`;

const reports = (paths: string[], repository: RepositoryFiles = REPOSITORY): CoverageInput => ({
  kind: 'reports',
  reports: paths.map((p) => parseReport(`${FIXTURES}/${p}`, fixture(p))),
  repository,
});

const gates = { coverage: { level: 'error' as const, changed: 80, total: 0, min_lines: 1, ignore: [] } };

/** The gate's totals for these reports, with no changed files. */
function totals(paths: string[]): { lines: number; covered: number; branches?: { total: number; covered: number } } {
  const result = coverageGate({ ...context(facts({ files: [] }), gates), coverage: reports(paths) });
  const total = result.coverage?.total;
  return { lines: total?.lines ?? -1, covered: total?.covered ?? -1, ...(total?.branches ? { branches: total.branches } : {}) };
}

const whole = (text: string): string => `@@ -0,0 +1,${text.split('\n').length} @@\n${text.split('\n').map((l) => `+${l}`).join('\n')}`;

describe("totals equal the figures the reports' own tools printed", () => {
  it.each([
    ['vitest lcov (lcov --summary)', ['vitest/lcov.info'], { lines: 12, covered: 9, branches: { total: 10, covered: 6 } }],
    ['vitest coverage-final.json (same run)', ['vitest/coverage-final.json'], { lines: 12, covered: 9, branches: { total: 10, covered: 6 } }],
    ['vitest Cobertura (its root lines-valid, branches-valid)', ['vitest/cobertura-coverage.xml'], { lines: 12, covered: 9, branches: { total: 10, covered: 6 } }],
    ['vitest Clover (its project metrics)', ['vitest/clover.xml'], { lines: 12, covered: 9, branches: { total: 10, covered: 6 } }],
    ['vitest coverage-summary.json', ['vitest/coverage-summary.json'], { lines: 12, covered: 9, branches: { total: 10, covered: 6 } }],
    ['coverage.py Cobertura (coverage report)', ['coverage-py/coverage.xml'], { lines: 10, covered: 8, branches: { total: 6, covered: 4 } }],
    ['coverage.py Cobertura with two sources (coverage report)', ['coverage-py/multi-source.xml'], { lines: 14, covered: 9, branches: { total: 6, covered: 2 } }],
    ['coverage.py JSON (coverage report)', ['coverage-py/multi-source.json'], { lines: 14, covered: 9, branches: { total: 6, covered: 2 } }],
    ['coverage.py 6.5 lcov with empty modules (coverage report)', ['coverage-py/empty-module.lcov'], { lines: 14, covered: 9 }],
    ['JaCoCo (its LINE and BRANCH counters)', ['jacoco/jacoco.xml'], { lines: 16, covered: 12, branches: { total: 16, covered: 9 } }],
    ['Go statements (go tool cover -func: 70.0%)', ['go/coverage.out'], { lines: 10, covered: 7 }],
    ['Go with comments in blocks (go tool cover -func: 62.5%)', ['go/comments.out'], { lines: 8, covered: 5 }],
    ['gcc + geninfo lcov (lcov --summary)', ['c/lcov.info'], { lines: 13, covered: 10, branches: { total: 6, covered: 3 } }],
  ])('%s', (_what, paths, expected) => {
    expect(totals(paths)).toEqual(expected);
  });
});

describe('merged runs count each file once (lcov -a)', () => {
  it('two runs in two folders: 12 of 16 lines, as lcov -a unit -a integration', () => {
    expect(totals(['merged/unit/lcov.info', 'merged/integration/lcov.info'])).toEqual({ lines: 16, covered: 12, branches: { total: 6, covered: 2 } });
  });

  it('two runs, each in four formats', () => {
    const all = ['lcov.info', 'coverage-final.json', 'cobertura-coverage.xml', 'clover.xml'].flatMap((f) => [`merged/unit/${f}`, `merged/integration/${f}`]);
    expect(totals(all)).toMatchObject({ lines: 16, covered: 12 });
  });

  it('one run in five formats equals its lcov alone', () => {
    const all = ['lcov.info', 'coverage-final.json', 'coverage-summary.json', 'cobertura-coverage.xml', 'clover.xml'].map((f) => `vitest/${f}`);
    expect(totals(all)).toEqual({ lines: 12, covered: 9, branches: { total: 10, covered: 6 } });
  });
});

describe('Cobertura with several <source> folders', () => {
  const utils = readFileSync(join(ROOT, SAMPLES, 'py-multi/tools/utils.py'), 'utf8').trimEnd();

  it('an untested tools/utils.py never borrows the hits of the covered app/utils.py', () => {
    const pr = facts({ files: [file(`${SAMPLES}/py-multi/tools/utils.py`, { status: 'added', patch: whole(utils), additions: 3 })] });
    const result = coverageGate({ ...context(pr, gates), coverage: reports(['coverage-py/multi-source.xml']) });
    expect(result.status).toBe('fail');
    expect(result.coverage?.missing).toEqual([{ path: `${SAMPLES}/py-multi/tools/utils.py`, reason: 'not-in-report' }]);
    expect(result.summary).toBe('no added executable lines, total 64.2%: 1 changed file not measured');
  });

  it('maps a filename to the source folder where the repository has it', () => {
    const pr = facts({ files: [file(`${SAMPLES}/py-multi/app/utils.py`, { patch: '@@ -8,0 +9,2 @@\n+    parts = name.split()\n+    return "".join(p[0].upper() for p in parts)', additions: 2 })] });
    const result = coverageGate({ ...context(pr, gates), coverage: reports(['coverage-py/multi-source.xml']) });
    expect(result.coverage?.files).toEqual([{ path: `${SAMPLES}/py-multi/app/utils.py`, executable: 2, covered: 0, uncovered: [[9, 10]] }]);
  });

  it('fails with a clear message when the filename exists under two of the sources', () => {
    const repository = { paths: [...REPOSITORY.paths, `${SAMPLES}/py-multi/lib/utils.py`], complete: true };
    const pr = facts({ files: [file(`${SAMPLES}/py-multi/app/utils.py`, { patch: '@@ -1,0 +2,1 @@\n+    cleaned = text.strip().lower()', additions: 1 })] });
    const result = coverageGate({ ...context(pr, gates), coverage: reports(['coverage-py/multi-source.xml'], repository) });
    expect(result.status).toBe('fail');
    expect(result.findings[0]?.message).toContain('name this file only by a path that fits several files of the repository');
    expect(result.findings[0]?.message).toContain('"utils.py"');
    expect(result.findings[0]?.fix).toContain('relative_files = True');
  });
});

describe('coverage.py 6.5 lcov', () => {
  it('accepts DA:0 of an empty module, leaves it out of the counts and says so', () => {
    const report = parseReport('empty-module.lcov', fixture('coverage-py/empty-module.lcov'));
    expect(report.files.map((f) => [f.path, f.executable, f.covered])).toEqual([
      ['app/__init__.py', 0, 0],
      ['app/utils.py', 8, 5],
      ['lib/__init__.py', 0, 0],
      ['lib/shapes.py', 6, 4],
    ]);
    expect(report.notes).toEqual(['empty-module.lcov: 2 "DA:0" entries (coverage.py 6.5 writes one for an empty module) left out of the counts: no source file has a line 0.']);
    const result = coverageGate({ ...context(facts({ files: [] }), gates), coverage: reports(['coverage-py/empty-module.lcov']) });
    expect(result.notes).toContain(`${FIXTURES}/coverage-py/empty-module.lcov: 2 "DA:0" entries (coverage.py 6.5 writes one for an empty module) left out of the counts: no source file has a line 0.`);
  });
});

describe('Go coverprofile', () => {
  it('counts only added lines with code: no comments, blank lines or lone braces inside blocks', () => {
    const source = readFileSync(join(ROOT, SAMPLES, 'go-comments/shapes/area.go'), 'utf8').trimEnd();
    // The module example.com/shapes as its own repository: import paths map to the module root.
    const repository = { paths: listFiles(`${SAMPLES}/go-comments`).map((p) => p.slice(`${SAMPLES}/go-comments/`.length)), complete: true };
    const pr = facts({ files: [file('shapes/area.go', { status: 'added', patch: whole(source), additions: 29 })] });
    const result = coverageGate({ ...context(pr, gates), coverage: reports(['go/comments.out'], repository) });
    // By hand from the profile's blocks: code lines 6, 8, 14, 16, 20, 21, 26, 27 ran; 11, 22, 24, 29 did not.
    expect(result.coverage?.files).toEqual([{ path: 'shapes/area.go', executable: 12, covered: 8, uncovered: [[11, 11], [22, 22], [24, 24], [29, 29]] }]);
  });
});

describe('report patterns', () => {
  it('keeps brace lists whole and splits on newlines or commas outside braces', () => {
    expect(splitPatterns('cov/{unit,integration}/lcov.info')).toEqual(['cov/{unit,integration}/lcov.info']);
    expect(splitPatterns('a.info, ./b/{x,y}.xml\nc.out')).toEqual(['a.info', 'b/{x,y}.xml', 'c.out']);
    const input = loadWorkspaceCoverage(`${FIXTURES}/merged/{unit,integration}/lcov.info`, ROOT);
    expect(input.kind === 'reports' ? input.reports.map((r) => r.origin) : input).toEqual([`${FIXTURES}/merged/integration/lcov.info`, `${FIXTURES}/merged/unit/lcov.info`]);
  });
});
