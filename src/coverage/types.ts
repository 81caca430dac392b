import { maskTokens } from '../secrets/quote.js';

/** The report formats vendor-gate reads, detected from content. */
export type CoverageFormat = 'lcov' | 'cobertura' | 'clover' | 'jacoco' | 'istanbul-final' | 'istanbul-summary' | 'coverage-py-json' | 'go';

/** The line coverage of one source file, as one report names it. */
export interface FileCoverage {
  /** The source path exactly as the report writes it, with "/" separators. */
  path: string;
  /** The report it came from (a workspace path or an artifact entry): breaks ties between equal suffixes. */
  origin: string;
  /** Hits per line number, for lines near the start or among many others; a hole is a line that is not executable. */
  hits: number[];
  /** Hits of lines too far out to sit in `hits` without holes outnumbering lines: memory follows the lines reported, not their numbers. */
  farHits?: Map<number, number>;
  /** Executable lines and covered lines, kept as lines are added so totals never scan the arrays. */
  executable: number;
  covered: number;
  /** Set for reports with totals only (coverage-summary.json): no line data. */
  totalsOnly?: boolean;
  /** Branches, where the report counts them. */
  branches?: { total: number; covered: number };
  /**
   * Where a Cobertura report lists several `<source>` folders and the filename is relative, the
   * filename joined to each of them: the one that exists in the repository is the file.
   */
  candidates?: string[];
  /** Go coverprofile blocks by position ("6.43,8.29"): statements and the highest count, so totals count statements as `go tool cover` does. */
  goBlocks?: Map<string, { statements: number; count: number }>;
}

export interface ParsedReport {
  origin: string;
  format: CoverageFormat;
  files: FileCoverage[];
  /** The report's own branch totals (Cobertura branches-valid, Clover project metrics, JaCoCo's BRANCH counter). */
  branchTotals?: { total: number; covered: number };
  /** What the parser accepted but left out of the counts, for the gate's notes. */
  notes?: string[];
}

/** A report that cannot be parsed: the file, and the line where parsing stopped when known. */
export class CoverageParseError extends Error {
  override readonly name = 'CoverageParseError';
  constructor(
    readonly origin: string,
    readonly line: number | undefined,
    reason: string,
  ) {
    // Every parser quotes the report somewhere; a last mask here keeps a token out of any message a parser builds.
    const masked = maskTokens(reason);
    super(`${origin}${line === undefined ? '' : `:${line}`}: ${masked}`);
    this.reason = masked;
  }

  readonly reason: string;
}

/** Line numbers above this are rejected: no real source file is that long, and it bounds memory. */
export const MAX_LINE_NUMBER = 1_000_000;
/** Hits are clamped here so that they stay small integers. */
const MAX_HITS = 0x3fffffff;

/** Collects the files of one report; a path named twice is merged (the highest hits of each line). */
export class CoverageSink {
  private readonly byPath = new Map<string, FileCoverage>();
  readonly notes: string[] = [];
  branchTotals: { total: number; covered: number } | undefined;

  constructor(readonly origin: string) {}

  /** `expectedLines` sizes a new file's array up front: growing 30,000 arrays line by line is most of a big report's time. */
  file(path: string, expectedLines = 0): FileCoverage {
    const normalised = path.replace(/\\/g, '/');
    let found = this.byPath.get(normalised);
    if (!found) {
      // Holes are lines that are not executable, so a pre-sized array means the same as an empty one.
      const hits: number[] = expectedLines > 0 ? new Array<number>(Math.min(expectedLines, MAX_DENSE_PRESIZE) + 1) : [];
      found = { path: normalised, origin: this.origin, hits, executable: 0, covered: 0 };
      this.byPath.set(normalised, found);
    }
    return found;
  }

  files(): FileCoverage[] {
    return [...this.byPath.values()];
  }
}

/** A pre-sized array never exceeds this, whatever the previous file was. */
const MAX_DENSE_PRESIZE = 65_536;
/** `hits` may hold at most this many slots per executable line (plus DENSE_SLACK): the rest go to `farHits`. */
const DENSE_SLOTS_PER_LINE = 4;
const DENSE_SLACK = 16;

/**
 * How many slots a file's dense array may have for the lines it has: with its highest line, what
 * pre-sizes the next file, so that a file of one far line (DA:60000) cannot make the next one large.
 */
export function denseLimit(file: FileCoverage): number {
  return DENSE_SLOTS_PER_LINE * file.executable + DENSE_SLACK;
}

/** Records `hits` for a line, keeping the highest count when a line is reported more than once. */
export function setLine(file: FileCoverage, line: number, hits: number): void {
  const count = hits > MAX_HITS ? MAX_HITS : hits;
  const dense = file.hits;
  const previous = dense[line] ?? file.farHits?.get(line);
  if (previous === undefined) {
    file.executable++;
    if (count > 0) file.covered++;
    // A line far past the others would make the array mostly holes: keep it aside instead.
    if (line < dense.length || line <= denseLimit(file)) dense[line] = count;
    else (file.farHits ??= new Map()).set(line, count);
  } else if (count > previous) {
    if (previous === 0) file.covered++;
    if (dense[line] === undefined) file.farHits?.set(line, count);
    else dense[line] = count;
  }
}

/** The hits of `line`, or undefined when the report does not list it as executable. */
export function hitsAt(file: FileCoverage, line: number): number | undefined {
  return file.hits[line] ?? file.farHits?.get(line);
}

/** Every executable line with its hits, in no particular order. */
export function* linesOf(file: FileCoverage): Generator<[line: number, hits: number]> {
  const dense = file.hits;
  for (let line = 0; line < dense.length; line++) {
    const hits = dense[line];
    if (hits !== undefined) yield [line, hits];
  }
  if (file.farHits) yield* file.farHits;
}

/** Merges `from` into `into`: line data wins over totals-only data of the same file. */
export function mergeInto(into: FileCoverage, from: FileCoverage): void {
  if (from.totalsOnly) {
    if (into.totalsOnly || into.executable === 0) {
      into.executable = Math.max(into.executable, from.executable);
      into.covered = Math.max(into.covered, from.covered);
      into.totalsOnly = true;
    }
  } else {
    if (into.totalsOnly) {
      into.executable = 0;
      into.covered = 0;
      delete into.totalsOnly;
    }
    for (const [line, hits] of linesOf(from)) setLine(into, line, hits);
  }
  if (from.branches) {
    const b = into.branches ?? { total: 0, covered: 0 };
    into.branches = { total: Math.max(b.total, from.branches.total), covered: Math.max(b.covered, from.branches.covered) };
  }
  if (from.goBlocks) {
    const blocks = (into.goBlocks ??= new Map<string, { statements: number; count: number }>());
    for (const [position, block] of from.goBlocks) {
      const found = blocks.get(position);
      if (!found || block.count > found.count) blocks.set(position, { statements: block.statements, count: block.count });
    }
  }
}

/** Executable and covered units of a file for totals: Go's statements where the profile has them, else lines. */
export function countedUnits(file: FileCoverage): { executable: number; covered: number } {
  if (!file.goBlocks) return { executable: file.executable, covered: file.covered };
  let executable = 0;
  let covered = 0;
  for (const { statements, count } of file.goBlocks.values()) {
    executable += statements;
    if (count > 0) covered += statements;
  }
  return { executable, covered };
}

/** What the gate gets: the parsed reports, or why there are none (the gate then fails closed). */
export type CoverageInput =
  | { kind: 'reports'; reports: ParsedReport[]; repository?: RepositoryFiles }
  | { kind: 'unavailable'; reason: string; fix: string };

/** The repository's files at the head commit, which report paths are mapped to. */
export interface RepositoryFiles {
  paths: readonly string[];
  /** False when the listing may leave files out (a truncated tree): a report path that fits no listed file may still exist. */
  complete: boolean;
}

/** The slots a file's line data takes, what bounds its memory. */
export function lineSlots(file: FileCoverage): number {
  return file.hits.length + (file.farHits?.size ?? 0);
}
