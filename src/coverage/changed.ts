import { addedLines } from '../diff/patch.js';
import type { ChangedFile } from '../facts/types.js';
import { firstPathMatch } from '../match.js';
import { hitsAt, mergeInto, type FileCoverage } from './types.js';

/** Extensions of source files that a test run can cover; other changed files (docs, config, data) never count. */
export const CODE_EXTENSIONS = new Set([
  'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'vue', 'svelte',
  'py', 'go', 'java', 'kt', 'kts', 'scala', 'groovy', 'cs', 'fs', 'vb',
  'rb', 'php', 'c', 'cc', 'cpp', 'cxx', 'h', 'hh', 'hpp', 'm', 'mm', 'swift', 'rs', 'dart', 'ex', 'exs', 'erl', 'clj', 'lua',
]);

export function isCodeFile(path: string): boolean {
  if (path.endsWith('.d.ts') || path.endsWith('.d.mts') || path.endsWith('.d.cts')) return false;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && CODE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

function segments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Finds the report entries of repository paths: by the longest common suffix, or exactly after `pathPrefix`. */
export class PathMapper {
  private readonly byName = new Map<string, FileCoverage[]>();

  constructor(
    entries: readonly FileCoverage[],
    private readonly pathPrefix: string,
  ) {
    for (const entry of entries) {
      const name = segments(entry.path).at(-1) ?? '';
      const list = this.byName.get(name);
      if (list) list.push(entry);
      else this.byName.set(name, [entry]);
    }
  }

  /** The coverage of a repository path, merged over every report that names it equally well. */
  find(repoPath: string): FileCoverage | undefined {
    const target = segments(repoPath);
    const candidates = this.byName.get(target.at(-1) ?? '') ?? [];
    let best: FileCoverage[] = [];
    let bestScore = { suffix: 0, near: 0 };
    for (const entry of candidates) {
      const score = this.score(entry, target);
      if (score === undefined) continue;
      const better = score.suffix > bestScore.suffix || (score.suffix === bestScore.suffix && score.near > bestScore.near);
      if (best.length === 0 || better) {
        best = [entry];
        bestScore = score;
      } else if (score.suffix === bestScore.suffix && score.near === bestScore.near) {
        best.push(entry);
      }
    }
    const [first, ...rest] = best;
    if (!first || rest.length === 0) return first;
    const merged: FileCoverage = { path: repoPath, origin: first.origin, hits: [], executable: 0, covered: 0 };
    for (const entry of best) mergeInto(merged, entry);
    return merged;
  }

  /** Segments of common suffix, and segments the report's folder shares with the file's folder; undefined: no match. */
  private score(entry: FileCoverage, target: string[]): { suffix: number; near: number } | undefined {
    const path = segments(entry.path);
    if (this.pathPrefix !== '') {
      const prefix = segments(this.pathPrefix);
      if (commonPrefix(path, prefix) !== prefix.length) return undefined;
      const rest = path.slice(prefix.length);
      return rest.length === target.length && commonSuffix(rest, target) === target.length ? { suffix: rest.length, near: 0 } : undefined;
    }
    const suffix = commonSuffix(path, target);
    // One path must end with the whole of the other: lib/price.ts is not src/price.ts.
    if (suffix === 0 || suffix < Math.min(path.length, target.length)) return undefined;
    // Monorepos: of equal suffixes (packages/a/src/x.ts, packages/b/src/x.ts), the report that lives nearer the file wins.
    return { suffix, near: commonPrefix(segments(entry.origin).slice(0, -1), target.slice(0, -1)) };
  }
}

export type Range = [number, number];

/** Sorted line numbers as closed ranges: 12, 13, 14, 40 → [12, 14], [40, 40]. */
export function toRanges(lines: readonly number[]): Range[] {
  const ranges: Range[] = [];
  for (const line of lines) {
    const last = ranges.at(-1);
    if (last && line === last[1] + 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}

export function formatRanges(ranges: readonly Range[]): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(', ');
}

export interface ChangedFileCoverage {
  path: string;
  /** Added lines that the report counts as executable, and those of them a test ran. */
  executable: number;
  covered: number;
  uncovered: Range[];
}

export type MissingReason = 'not-in-report' | 'totals-only' | 'no-diff';

export interface ChangedCoverage {
  files: ChangedFileCoverage[];
  /** Changed code files whose added lines could not be measured, and why. */
  missing: Array<{ path: string; reason: MissingReason }>;
  /** Changed code files left out by `ignore`. */
  ignored: string[];
  executable: number;
  covered: number;
}

/** Coverage of the lines a PR adds, per changed code file; pure, so it is tested without I/O. */
export function changedCoverage(
  files: readonly ChangedFile[],
  entries: readonly FileCoverage[],
  options: { pathPrefix: string; ignore: readonly string[] },
): ChangedCoverage {
  const mapper = new PathMapper(entries, options.pathPrefix);
  const result: ChangedCoverage = { files: [], missing: [], ignored: [], executable: 0, covered: 0 };
  for (const file of files) {
    if (file.status === 'removed' || file.binary || !isCodeFile(file.path)) continue;
    if (file.additions === 0 && file.patch !== undefined) continue;
    if (firstPathMatch(options.ignore, file.path)) {
      result.ignored.push(file.path);
      continue;
    }
    if (file.patch === undefined) {
      result.missing.push({ path: file.path, reason: 'no-diff' });
      continue;
    }
    const coverage = mapper.find(file.path);
    if (!coverage) {
      result.missing.push({ path: file.path, reason: 'not-in-report' });
      continue;
    }
    if (coverage.totalsOnly) {
      result.missing.push({ path: file.path, reason: 'totals-only' });
      continue;
    }
    const uncovered: number[] = [];
    let executable = 0;
    let covered = 0;
    for (const { line } of addedLines(file.patch)) {
      const hits = hitsAt(coverage, line);
      if (hits === undefined) continue;
      executable++;
      if (hits > 0) covered++;
      else uncovered.push(line);
    }
    result.files.push({ path: file.path, executable, covered, uncovered: toRanges(uncovered) });
    result.executable += executable;
    result.covered += covered;
  }
  return result;
}

export interface CoverageTotals {
  lines: number;
  covered: number;
  branches?: { total: number; covered: number };
  files: number;
}

/** Totals over every file of every report; a file named by several reports counts once. */
export function coverageTotals(entries: readonly FileCoverage[]): CoverageTotals {
  const unique = new Map<string, FileCoverage>();
  for (const entry of entries) {
    // Relative paths are relative to something per report (a package): keep them apart per report folder.
    const absolute = entry.path.startsWith('/') || /^[A-Za-z]:\//.test(entry.path);
    const key = absolute ? entry.path : `${entry.origin.slice(0, entry.origin.lastIndexOf('/') + 1)}\0${entry.path}`;
    const found = unique.get(key);
    if (!found) {
      unique.set(key, entry);
      continue;
    }
    const merged: FileCoverage = { path: found.path, origin: found.origin, hits: [], executable: 0, covered: 0 };
    mergeInto(merged, found);
    mergeInto(merged, entry);
    unique.set(key, merged);
  }
  const totals: CoverageTotals = { lines: 0, covered: 0, files: unique.size };
  for (const file of unique.values()) {
    totals.lines += file.executable;
    totals.covered += file.covered;
    if (file.branches) {
      totals.branches ??= { total: 0, covered: 0 };
      totals.branches.total += file.branches.total;
      totals.branches.covered += file.branches.covered;
    }
  }
  return totals;
}
