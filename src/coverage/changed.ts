import { parseDiff } from '../diff/parse.js';
import { addedLines } from '../diff/patch.js';
import type { ChangedFile } from '../facts/types.js';
import { firstPathMatch } from '../match.js';
import { countedUnits, hitsAt, mergeInto, type CoverageFormat, type FileCoverage, type RepositoryFiles } from './types.js';

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

/** How one report entry maps to the repository. */
export type Resolution = { kind: 'file'; path: string } | { kind: 'none' } | { kind: 'ambiguous'; paths: string[] };

/**
 * The repository's files by name, to map report paths to them: a report path and a repository
 * path match when one ends with the whole of the other, segment by segment; the longest match
 * wins, then the report stored nearest the file; with `pathPrefix`, the rest of the path exactly.
 */
export class RepositoryIndex {
  private readonly byName = new Map<string, string[][]>();
  private readonly exact = new Set<string>();
  private readonly prefix: string[];

  constructor(
    paths: Iterable<string>,
    readonly complete: boolean,
    pathPrefix: string,
  ) {
    this.prefix = segments(pathPrefix);
    for (const path of paths) {
      const parts = segments(path);
      const key = parts.join('/');
      if (this.exact.has(key)) continue;
      this.exact.add(key);
      const name = parts.at(-1) ?? '';
      const list = this.byName.get(name);
      if (list) list.push(parts);
      else this.byName.set(name, [parts]);
    }
  }

  /** The repository file a report entry stands for; several `<source>` candidates must leave exactly one that exists. */
  resolve(entry: FileCoverage): Resolution {
    if (!entry.candidates) return this.resolvePath(entry.path, entry.origin);
    const found = new Set<string>();
    let unknown = false;
    for (const candidate of entry.candidates) {
      const resolved = this.resolvePath(candidate, entry.origin);
      if (resolved.kind === 'file') found.add(resolved.path);
      else if (resolved.kind === 'ambiguous') for (const path of resolved.paths) found.add(path);
      else if (!this.complete) unknown = true;
    }
    const [only, ...more] = found;
    // With a partial listing, a source folder whose file is not listed may still hold it.
    if (only !== undefined && more.length === 0 && !unknown) return { kind: 'file', path: only };
    if (only === undefined) return { kind: 'none' };
    return { kind: 'ambiguous', paths: [...found].sort() };
  }

  private resolvePath(path: string, origin: string): Resolution {
    const parts = segments(path);
    if (this.prefix.length > 0) {
      if (commonPrefix(parts, this.prefix) !== this.prefix.length) return { kind: 'none' };
      const rest = parts.slice(this.prefix.length).join('/');
      return rest !== '' && (this.exact.has(rest) || !this.complete) ? { kind: 'file', path: rest } : { kind: 'none' };
    }
    const folder = segments(origin).slice(0, -1);
    let best: string[][] = [];
    let bestScore = { suffix: 0, near: 0 };
    for (const repoPath of this.byName.get(parts.at(-1) ?? '') ?? []) {
      const suffix = commonSuffix(parts, repoPath);
      // One path must end with the whole of the other: lib/price.ts is not src/price.ts.
      if (suffix === 0 || suffix < Math.min(parts.length, repoPath.length)) continue;
      // Monorepos: of equal suffixes (packages/a/src/x.ts, packages/b/src/x.ts), the file nearer the report wins.
      const score = { suffix, near: commonPrefix(folder, repoPath.slice(0, -1)) };
      if (best.length === 0 || score.suffix > bestScore.suffix || (score.suffix === bestScore.suffix && score.near > bestScore.near)) {
        best = [repoPath];
        bestScore = score;
      } else if (score.suffix === bestScore.suffix && score.near === bestScore.near) {
        best.push(repoPath);
      }
    }
    const [first, ...rest] = best;
    if (!first) return { kind: 'none' };
    if (rest.length === 0) return { kind: 'file', path: first.join('/') };
    return { kind: 'ambiguous', paths: best.map((p) => p.join('/')).sort() };
  }
}

/** Every report entry mapped to its repository file and merged there (highest hits per line); what maps to no file is kept apart. */
export interface RepositoryCoverage {
  files: Map<string, FileCoverage>;
  /** Entries that match no repository file, merged by their own path (absolute) or per report folder (relative). */
  unmapped: Map<string, FileCoverage>;
  /** Report paths that fit several repository files, which cannot be told apart. */
  ambiguous: Array<{ path: string; origin: string; paths: string[] }>;
}

function mergeUnder(map: Map<string, FileCoverage>, key: string, entry: FileCoverage, path: string): void {
  const found = map.get(key);
  const merged: FileCoverage = found ?? { path, origin: entry.origin, hits: [], executable: 0, covered: 0 };
  mergeInto(merged, entry);
  if (!found) map.set(key, merged);
}

/** Maps every entry to its repository path first, then merges by that path: the same mapping for totals and changed lines. */
export function mapToRepository(entries: readonly FileCoverage[], index: RepositoryIndex): RepositoryCoverage {
  const result: RepositoryCoverage = { files: new Map(), unmapped: new Map(), ambiguous: [] };
  for (const entry of entries) {
    const resolved = index.resolve(entry);
    if (resolved.kind === 'file') {
      mergeUnder(result.files, resolved.path, entry, resolved.path);
      continue;
    }
    if (resolved.kind === 'ambiguous') result.ambiguous.push({ path: entry.path, origin: entry.origin, paths: resolved.paths });
    // Relative paths are relative to something per report (a package): keep them apart per report folder.
    const absolute = entry.path.startsWith('/') || /^[A-Za-z]:\//.test(entry.path);
    mergeUnder(result.unmapped, absolute ? entry.path : `${entry.origin.slice(0, entry.origin.lastIndexOf('/') + 1)}\0${entry.path}`, entry, entry.path);
  }
  return result;
}

/** The repository files to map to: the listing when there is one, else only the changed files (a partial listing). */
export function repositoryIndex(files: readonly ChangedFile[], repository: RepositoryFiles | undefined, pathPrefix: string): RepositoryIndex {
  const changed = files.filter((f) => f.status !== 'removed').map((f) => f.path);
  return repository ? new RepositoryIndex([...repository.paths, ...changed], repository.complete, pathPrefix) : new RepositoryIndex(changed, false, pathPrefix);
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

export type MissingReason = 'not-in-report' | 'ambiguous' | 'totals-only' | 'no-diff';

export interface ChangedCoverage {
  files: ChangedFileCoverage[];
  /** Changed code files whose added lines could not be measured, and why. */
  missing: Array<{ path: string; reason: MissingReason; reportPath?: string }>;
  /** Changed code files left out by `ignore`. */
  ignored: string[];
  executable: number;
  covered: number;
}

/** Coverage of the lines a PR adds, per changed code file; pure, so it is tested without I/O. */
export function changedCoverage(files: readonly ChangedFile[], mapped: RepositoryCoverage, options: { ignore: readonly string[] }): ChangedCoverage {
  const ambiguous = new Map<string, string>();
  for (const a of mapped.ambiguous) for (const path of a.paths) ambiguous.set(path, a.path);
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
    const coverage = mapped.files.get(segments(file.path).join('/'));
    if (!coverage) {
      const reportPath = ambiguous.get(file.path);
      result.missing.push(reportPath === undefined ? { path: file.path, reason: 'not-in-report' } : { path: file.path, reason: 'ambiguous', reportPath });
      continue;
    }
    if (coverage.totalsOnly) {
      result.missing.push({ path: file.path, reason: 'totals-only' });
      continue;
    }
    // A Go block spans every line between its braces: the added line's own text says whether it holds code.
    const code = coverage.goBlocks ? goCodeLines(file.patch) : undefined;
    const uncovered: number[] = [];
    let executable = 0;
    let covered = 0;
    for (const { line } of addedLines(file.patch)) {
      const hits = hitsAt(coverage, line);
      if (hits === undefined || (code && !code.has(line))) continue;
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

/** Blank, or only brackets and separators: a lone `}` or `})` that a Go block spans but that holds no statement. */
const NOT_CODE = /^[\s{}()[\],;]*$/;

/**
 * The added lines of a Go file's patch that hold code: not blank, not only braces, not inside a
 * comment. A comment's state is followed through the hunk's context lines; a hunk that starts
 * inside a block comment is read as code, which counts a line rather than hiding one.
 */
export function goCodeLines(patch: string): Set<number> {
  const code = new Set<number>();
  let inComment = false;
  const follow = (added: boolean) => (_file: unknown, line: number, buffer: Buffer, start: number, end: number): void => {
    const { rest, inComment: after } = stripComments(buffer.toString('utf8', start, end), inComment);
    inComment = after;
    if (added && !NOT_CODE.test(rest)) code.add(line);
  };
  parseDiff(patch, { added: follow(true), context: follow(false), hunk: () => { inComment = false; } }, { path: '' });
  return code;
}

/** The text of a Go line outside comments and string literals, and whether a block comment is still open after it. */
function stripComments(text: string, inComment: boolean): { rest: string; inComment: boolean } {
  let rest = '';
  let i = 0;
  let open = inComment;
  while (i < text.length) {
    if (open) {
      const close = text.indexOf('*/', i);
      if (close < 0) return { rest, inComment: true };
      open = false;
      i = close + 2;
      continue;
    }
    const c = text.charAt(i);
    if (c === '/' && text[i + 1] === '/') break;
    if (c === '/' && text[i + 1] === '*') {
      open = true;
      i += 2;
      continue;
    }
    if (c === '"' || c === '`' || c === "'") {
      // A literal is code; skipping it keeps a "/*" inside it from opening a comment.
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      rest += 'x';
      i = j + 1;
      continue;
    }
    rest += c;
    i++;
  }
  return { rest, inComment: open };
}

export interface CoverageTotals {
  lines: number;
  covered: number;
  branches?: { total: number; covered: number };
  files: number;
}

/** Totals over every repository file the reports name, each counted once after mapping; Go files count statements. */
export function coverageTotals(mapped: RepositoryCoverage): CoverageTotals {
  const totals: CoverageTotals = { lines: 0, covered: 0, files: mapped.files.size + mapped.unmapped.size };
  for (const file of [...mapped.files.values(), ...mapped.unmapped.values()]) {
    const units = countedUnits(file);
    totals.lines += units.executable;
    totals.covered += units.covered;
    if (file.branches) {
      totals.branches ??= { total: 0, covered: 0 };
      totals.branches.total += file.branches.total;
      totals.branches.covered += file.branches.covered;
    }
  }
  return totals;
}

/** The numbers behind the coverage gate, for the comment's table, the job summary and the JSON report. */
export interface CoverageDetails {
  reports: Array<{ origin: string; format: CoverageFormat; files: number }>;
  total: { lines: number; covered: number; percent: number | null; threshold: number; branches?: { total: number; covered: number } };
  changed: { lines: number; covered: number; percent: number | null; threshold: number; minLines: number; applied: boolean };
  files: ChangedFileCoverage[];
  missing: Array<{ path: string; reason: MissingReason; reportPath?: string }>;
  ignored: string[];
}

/** Floored to one decimal, so that 79.96 % never shows as 80.0 % next to a failure. */
export function percent(covered: number, lines: number): number | null {
  return lines === 0 ? null : Math.floor((covered / lines) * 1000) / 10;
}
