import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zip } from '../zip.js';
import { changedCoverage, formatRanges, mapToRepository, RepositoryIndex, toRanges } from '../../src/coverage/changed.js';
import { loadWorkspaceCoverage } from '../../src/coverage/load.js';
import { parseReport } from '../../src/coverage/parse.js';
import type { CoverageInput, FileCoverage } from '../../src/coverage/types.js';
import { loadCoverage } from '../../src/coverage/source.js';
import { reportsFromZip } from '../../src/coverage/zip.js';
import { UserError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { coverageGate } from '../../src/gates/coverage.js';
import { parsePolicy } from '../../src/policy/load.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { annotations } from '../../src/report/annotations.js';
import { evaluate } from '../../src/verdict.js';
import { context, facts, file } from './helpers.js';

const fixture = (path: string): Buffer => readFileSync(new URL(`../fixtures/coverage/${path}`, import.meta.url));

/** A unified diff hunk that adds exactly `lines` (new-file numbers) to a file. */
function patchAdding(lines: number[]): string {
  return lines.map((line) => `@@ -${line - 1},0 +${line},1 @@\n+added line ${line}`).join('\n');
}

const entry = (path: string, origin: string, hits: Record<number, number>): FileCoverage => {
  const f: FileCoverage = { path, origin, hits: [], executable: 0, covered: 0 };
  for (const [line, count] of Object.entries(hits)) {
    f.hits[Number(line)] = count;
    f.executable++;
    if (count > 0) f.covered++;
  }
  return f;
};

const reports = (...paths: string[]): CoverageInput => ({ kind: 'reports', reports: paths.map((p) => parseReport(p, fixture(p))) });

/** The merged coverage of one repository path, with the repository's files listed in full. */
const find = (entries: FileCoverage[], repoFiles: string[], repoPath: string, prefix = ''): FileCoverage | undefined =>
  mapToRepository(entries, new RepositoryIndex(repoFiles, true, prefix)).files.get(repoPath);

describe('path mapping', () => {
  it.each([
    ['an absolute runner path', '/home/runner/work/shop/shop/src/price.ts', 'src/price.ts', true],
    ['a path relative to a package', 'src/price.ts', 'packages/web/src/price.ts', true],
    ['a Go import path', 'example.com/shop/pricing/price.go', 'pricing/price.go', true],
    ['a JaCoCo package path', 'com/example/pricing/Price.java', 'app/src/main/java/com/example/pricing/Price.java', true],
    ['another file of the same name', '/home/runner/work/shop/shop/lib/price.ts', 'src/price.ts', false],
  ])('finds %s', (_what, reportPath, repoPath, found) => {
    expect(find([entry(reportPath, 'coverage/lcov.info', { 1: 1 })], [repoPath], repoPath) !== undefined).toBe(found);
  });

  it('prefers the longest common suffix, then the report that lives nearest the file', () => {
    const a = entry('src/index.ts', 'packages/a/coverage/lcov.info', { 1: 1 });
    const b = entry('src/index.ts', 'packages/b/coverage/lcov.info', { 1: 0 });
    const deep = entry('/ci/packages/b/src/index.ts', 'all/lcov.info', { 2: 5 });
    const repo = ['packages/a/src/index.ts', 'packages/b/src/index.ts'];
    expect(find([a, b], repo, 'packages/a/src/index.ts')?.hits[1]).toBe(1);
    expect(find([a, b], repo, 'packages/b/src/index.ts')?.hits[1]).toBe(0);
    expect(find([a, b, deep], repo, 'packages/b/src/index.ts')?.hits[2]).toBe(5);
  });

  it('merges reports that name the same file (a unit and an e2e run)', () => {
    const unit = entry('/w/src/x.ts', 'coverage/unit/lcov.info', { 1: 1, 2: 0 });
    const e2e = entry('src/x.ts', 'coverage/e2e/lcov.info', { 2: 4, 3: 0 });
    const merged = find([unit, e2e], ['src/x.ts', 'lib/x.ts'], 'src/x.ts');
    expect([merged?.covered, merged?.executable]).toEqual([2, 3]);
  });

  it('never lends a bare name to a file the repository has twice', () => {
    const bare = entry('utils.py', 'coverage.xml', { 1: 1 });
    const mapped = mapToRepository([bare], new RepositoryIndex(['app/utils.py', 'tools/utils.py'], true, ''));
    expect(mapped.files.size).toBe(0);
    expect(mapped.ambiguous).toEqual([{ path: 'utils.py', origin: 'coverage.xml', paths: ['app/utils.py', 'tools/utils.py'] }]);
  });

  it('maps exactly after path_prefix when it is set', () => {
    const go = entry('example.com/shop/pricing/price.go', 'c.out', { 1: 1 });
    expect(find([go], ['pricing/price.go'], 'pricing/price.go', 'example.com/shop/')).toBeDefined();
    expect(find([go], ['shop/pricing/price.go'], 'shop/pricing/price.go', 'example.com/shop/')).toBeUndefined();
    expect(find([go], ['pricing/price.go'], 'pricing/price.go', 'example.com/other/')).toBeUndefined();
  });
});

describe('changed lines', () => {
  it.each([
    [[], ''],
    [[40], '40'],
    [[12, 13, 14, 15, 16, 17, 18, 40], '12–18, 40'],
    [[1, 3, 4, 9], '1, 3–4, 9'],
  ])('merges %j into "%s"', (lines, text) => {
    expect(formatRanges(toRanges(lines))).toBe(text);
  });

  it('counts only executable added lines of code files, and lists code files no report names', () => {
    const changed = changedCoverage(
      [
        file('src/price.ts', { patch: patchAdding([1, 5, 6, 7, 13]), additions: 5 }),
        file('src/types.d.ts', { patch: patchAdding([1]) }),
        file('README.md', { patch: patchAdding([1]) }),
        file('src/new.ts', { status: 'added', patch: patchAdding([1, 2]) }),
        file('src/price.test.ts', { patch: patchAdding([1]) }),
        file('src/gone.ts', { status: 'removed', additions: 0, deletions: 9 }),
        file('src/huge.ts', { additions: 9000, patch: undefined }),
      ],
      mapToRepository(parseReport('lcov.info', fixture('vitest/lcov.info')).files, new RepositoryIndex(['src/price.ts', 'src/format.ts', 'src/new.ts'], true, '')),
      { ignore: ['**/*.test.*'] },
    );
    // src/price.ts: line 1 is a declaration, 5 covered, 6 not, 7 blank, 13 not.
    expect(changed.files).toEqual([{ path: 'src/price.ts', executable: 3, covered: 1, uncovered: [[6, 6], [13, 13]] }]);
    expect(changed.missing).toEqual([
      { path: 'src/new.ts', reason: 'not-in-report' },
      { path: 'src/huge.ts', reason: 'no-diff' },
    ]);
    expect(changed.ignored).toEqual(['src/price.test.ts']);
  });
});

describe('the coverage gate', () => {
  const gates = { coverage: { level: 'error' as const, changed: 80, total: 0 } };

  it('fails closed without a report, saying what was expected', () => {
    const result = coverageGate(context(facts(), gates));
    expect(result.status).toBe('fail');
    expect(result.findings[0]?.message).toContain('No coverage report was given');
    const missing = coverageGate({ ...context(facts(), gates), coverage: { kind: 'unavailable', reason: 'The coverage report is missing: coverage/lcov.info', fix: 'Run the tests.' } });
    expect(missing.findings).toEqual([{ message: 'The coverage report is missing: coverage/lcov.info', fix: 'Run the tests.' }]);
  });

  it('fails on uncovered added lines, with a finding per range, largest first', () => {
    const pr = facts({ files: [file('src/price.ts', { patch: patchAdding([2, 3, 5, 6, 8, 12, 13, 15]), additions: 8 }), file('src/format.ts', { patch: patchAdding([2, 3, 4, 8]), additions: 4 })] });
    const result = coverageGate({ ...context(pr, gates), coverage: reports('vitest/lcov.info') });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('changed lines 75% (9/12), total 75%: below the policy');
    expect(result.findings.map((f) => [f.file, f.line, f.message])).toEqual([
      [undefined, undefined, '75% of the added lines are covered by tests (9 of 12 added executable lines covered); the policy needs 80%.'],
      ['src/format.ts', 8, 'Added line 8 is not covered by any test.'],
      ['src/price.ts', 6, 'Added line 6 is not covered by any test.'],
      ['src/price.ts', 13, 'Added line 13 is not covered by any test.'],
    ]);
    expect(result.coverage?.files.find((f) => f.path === 'src/price.ts')).toEqual({ path: 'src/price.ts', executable: 8, covered: 6, uncovered: [[6, 6], [13, 13]] });
  });

  it('passes when the added lines are covered, and checks the total only when asked', () => {
    const pr = facts({ files: [file('src/price.ts', { patch: patchAdding([2, 3, 5, 8, 12, 15]), additions: 6 })] });
    expect(coverageGate({ ...context(pr, gates), coverage: reports('vitest/lcov.info') }).status).toBe('pass');
    const strict = coverageGate({ ...context(pr, { coverage: { ...gates.coverage, total: 80 } }), coverage: reports('vitest/lcov.info') });
    expect(strict.findings.map((f) => f.message)).toEqual(['Line coverage of the whole project is 75% (9 of 12 lines); the policy needs 80%.']);
  });

  it('does not apply the threshold below min_lines, and says so', () => {
    const pr = facts({ files: [file('src/price.ts', { patch: patchAdding([6, 13]), additions: 2 })] });
    const result = coverageGate({ ...context(pr, gates), coverage: reports('vitest/lcov.info') });
    expect(result.status).toBe('pass');
    expect(result.notes).toEqual(['Only 2 added executable lines (fewer than min_lines, 5): the changed-line threshold of 80% is not applied to so small a change.']);
    expect(result.coverage?.changed).toMatchObject({ lines: 2, covered: 0, applied: false });
  });

  it('fails on a changed file that only a summary report names', () => {
    const pr = facts({ files: [file('src/price.ts', { patch: patchAdding([2]) })] });
    const result = coverageGate({ ...context(pr, gates), coverage: reports('vitest/coverage-summary.json') });
    expect(result.findings.map((f) => [f.file, f.message])).toEqual([['src/price.ts', 'The coverage reports give only totals for this file (coverage-summary.json), not its lines.']]);
  });

  it('shows the table in the comment and annotates the uncovered lines', () => {
    const pr = facts({ files: [file('src/price.ts', { patch: patchAdding([2, 3, 5, 6, 8, 12, 13, 15]), additions: 8 }), file('src/new.ts', { patch: patchAdding([1]) })] });
    const policy = parsePolicy('version: 1\nvendors: { users: ["acme-*"] }\ngates:\n  coverage: { changed: 90 }\n', 'p.yml');
    const report = evaluate(pr, policy, { path: 'p.yml', builtIn: false }, { mode: 'enforce', now: new Date('2026-11-28T00:00:00Z'), coverage: reports('vitest/lcov.info') });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| <code>src/new.ts</code> | – | in no coverage report |\n| <code>src/price.ts</code> | 6 / 8 | 6, 13 |');
    expect(markdown).toContain('**Changed lines:** 75% (6 of 8 added executable lines), policy 90%');
    expect(annotations(report).filter((a) => a.file === 'src/price.ts').map((a) => a.line)).toEqual([6, 13]);
  });
});

describe('the coverage policy', () => {
  it('is off by default and on (error) once the policy names it', () => {
    expect(parsePolicy('version: 1\n', 'p.yml').gates.coverage).toMatchObject({ level: 'off', changed: 80, total: 0, min_lines: 5 });
    expect(parsePolicy('version: 1\ngates:\n  coverage: { total: 70 }\n', 'p.yml').gates.coverage).toMatchObject({ level: 'error', total: 70 });
    expect(parsePolicy('version: 1\ngates:\n  coverage: { level: warn }\n', 'p.yml').gates.coverage.level).toBe('warn');
  });

  it('rejects a percentage over 100 with its line', () => {
    expect(() => parsePolicy('version: 1\ngates:\n  coverage:\n    changed: 120\n', 'p.yml')).toThrow('p.yml:4:14: gates.coverage.changed: expected at most 100, found "120"');
  });
});

describe('reading reports', () => {
  function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'vg-cov-'));
    mkdirSync(join(dir, 'packages/a/coverage'), { recursive: true });
    mkdirSync(join(dir, 'packages/b/coverage'), { recursive: true });
    writeFileSync(join(dir, 'packages/a/coverage/lcov.info'), fixture('vitest/lcov.info'));
    writeFileSync(join(dir, 'packages/b/coverage/lcov.info'), fixture('vitest/lcov.info'));
    return dir;
  }

  it('takes a path or a glob in the workspace', () => {
    const dir = workspace();
    const one = loadWorkspaceCoverage('packages/a/coverage/lcov.info', dir);
    expect(one.kind === 'reports' && one.reports.map((r) => r.origin)).toEqual(['packages/a/coverage/lcov.info']);
    const all = loadWorkspaceCoverage('packages/*/coverage/lcov.info', dir);
    expect(all.kind === 'reports' && all.reports.map((r) => r.origin)).toEqual(['packages/a/coverage/lcov.info', 'packages/b/coverage/lcov.info']);
  });

  it('fails closed on a missing, outside or unreadable report, naming it', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'bad.info'), 'SF:a.ts\nDA:1,1\nDA:oops\n');
    symlinkSync('/etc/hostname', join(dir, 'link.info'));
    const reason = (input: string) => {
      const result = loadWorkspaceCoverage(input, dir);
      return result.kind === 'unavailable' ? result.reason : 'loaded';
    };
    expect(reason('coverage/lcov.info')).toBe(`The coverage report is missing: the input coverage is "coverage/lcov.info", expected in the workspace ${dir}, but coverage/lcov.info: no such file.`);
    expect(reason('bad.info')).toContain('A coverage report could not be read: bad.info:3: expected "DA:<line>,<hits>"');
    expect(reason('link.info')).toContain('link.info: outside the workspace');
    expect(reason('**/*.cobertura.xml')).toContain('**/*.cobertura.xml: no file matches this glob');
  });
});


describe('artifact zips', () => {
  it('parses the matching entries in memory', async () => {
    const archive = await zip({ 'coverage/lcov.info': fixture('vitest/lcov.info'), 'coverage/index.html': '<html/>', 'go/coverage.out': fixture('go/coverage.out') });
    const parsed = await reportsFromZip(archive, 'coverage', ['**/lcov.info', '**/coverage.out']);
    expect(parsed.map((r) => [r.origin, r.format])).toEqual([['coverage/coverage/lcov.info', 'lcov'], ['coverage/go/coverage.out', 'go']]);
  });

  it('refuses an entry that climbs out of the folder (zip slip)', async () => {
    const archive = await zip({ 'coverage/lcov.info': 'SF:a.ts\nDA:1,1\n' });
    // yazl refuses to write ".." names, so the name is patched in place: same length, in both headers.
    const evil = Buffer.from(archive.toString('latin1').replaceAll('coverage/lcov.info', '../../etc/lcov.inf'), 'latin1');
    await expect(reportsFromZip(evil, 'coverage', ['**'])).rejects.toThrow(/invalid relative path|not a safe relative path/);
  });

  it('stops at a broken report inside the zip with its entry name and line', async () => {
    const archive = await zip({ 'lcov.info': 'SF:a.ts\nDA:1,1\nDA:two,1\n' });
    await expect(reportsFromZip(archive, 'cov', ['**/lcov.info'])).rejects.toThrow('cov/lcov.info:3: expected "DA:<line>,<hits>"');
  });
});

describe('where the reports come from', () => {
  const source = { coverage: '', coverageArtifact: 'coverage', workspace: '/nonexistent', eventName: 'workflow_run', workflowRunId: 42, headSha: 'abcdef1234' };
  const noRun = () => Promise.resolve(undefined);
  const reason = (input: CoverageInput): string => (input.kind === 'unavailable' ? input.reason : `loaded ${input.reports.length}`);

  it.each([
    [
      'a run without the artifact',
      source,
      () => Promise.resolve(undefined),
      'The coverage report is missing: the workflow run 42 has no artifact named "coverage", and no workflow run of the head commit abcdef1 kept an artifact named "coverage"',
    ],
    [
      'an event that is not workflow_run, with no run of the head commit',
      { ...source, eventName: 'pull_request_target', workflowRunId: undefined },
      () => Promise.resolve(undefined),
      'The coverage report is missing: no workflow run of the head commit abcdef1 kept an artifact named "coverage"',
    ],
    ['an artifact over the limit', source, () => Promise.reject(new UserError('The artifact coverage of run 42 is larger than 314572800 bytes')), 'A coverage report could not be read: coverage: The artifact coverage of run 42 is larger'],
    ['a zip that is not a zip', source, () => Promise.resolve(Buffer.from('PK\u0003\u0004 not really')), 'A coverage report could not be read: coverage: '],
    ['no input at all', { ...source, coverageArtifact: '' }, () => Promise.resolve(undefined), 'no report was given: the inputs coverage and coverage-artifact are both empty'],
  ])('fails closed on %s', async (_what, from, download, message) => {
    expect(reason(await loadCoverage(from, download, noRun, silentLogger))).toContain(message);
  });

  it('takes the artifact of the newest run of the head commit when the triggering run has none', async () => {
    const asked: number[] = [];
    const archive = await zip({ 'coverage/lcov.info': fixture('vitest/lcov.info') });
    const download = (runId: number) => {
      asked.push(runId);
      return Promise.resolve(runId === 7 ? archive : undefined);
    };
    const findRun = (name: string, headSha: string) => Promise.resolve(name === 'coverage' && headSha === 'abcdef1234' ? 7 : undefined);
    expect(reason(await loadCoverage(source, download, findRun, silentLogger))).toBe('loaded 1');
    expect(asked).toEqual([42, 7]);
    expect(reason(await loadCoverage({ ...source, eventName: 'pull_request_target', workflowRunId: undefined }, download, findRun, silentLogger))).toBe('loaded 1');
  });

  it('takes the default report names from the artifact', async () => {
    const archive = await zip({ 'coverage/lcov.info': fixture('vitest/lcov.info'), 'coverage/README.txt': 'not a report' });
    expect(reason(await loadCoverage(source, () => Promise.resolve(archive), noRun, silentLogger))).toBe('loaded 1');
  });
});
