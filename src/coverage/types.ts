import { maskTokens } from '../secrets/quote.js';

/** The report formats vendor-gate reads, detected from content. */
export type CoverageFormat = 'lcov' | 'cobertura' | 'clover' | 'jacoco' | 'istanbul-final' | 'istanbul-summary' | 'go';

/** The line coverage of one source file, as one report names it. */
export interface FileCoverage {
  /** The source path exactly as the report writes it, with "/" separators. */
  path: string;
  /** The report it came from (a workspace path or an artifact entry): breaks ties between equal suffixes. */
  origin: string;
  /** Hits per line number; a hole is a line that is not executable. */
  hits: number[];
  /** Executable lines and covered lines, kept as lines are added so totals never scan the arrays. */
  executable: number;
  covered: number;
  /** Set for reports with totals only (coverage-summary.json): no line data. */
  totalsOnly?: boolean;
  /** Branches, where the report counts them. */
  branches?: { total: number; covered: number };
}

export interface ParsedReport {
  origin: string;
  format: CoverageFormat;
  files: FileCoverage[];
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

  constructor(readonly origin: string) {}

  /** `expectedLines` sizes a new file's array up front: growing 30,000 arrays line by line is most of a big report's time. */
  file(path: string, expectedLines = 0): FileCoverage {
    const normalised = path.replace(/\\/g, '/');
    let found = this.byPath.get(normalised);
    if (!found) {
      // Holes are lines that are not executable, so a pre-sized array means the same as an empty one.
      const hits: number[] = expectedLines > 0 ? new Array<number>(Math.min(expectedLines, 65_536) + 1) : [];
      found = { path: normalised, origin: this.origin, hits, executable: 0, covered: 0 };
      this.byPath.set(normalised, found);
    }
    return found;
  }

  files(): FileCoverage[] {
    return [...this.byPath.values()];
  }
}

/** Records `hits` for a line, keeping the highest count when a line is reported more than once. */
export function setLine(file: FileCoverage, line: number, hits: number): void {
  const count = hits > MAX_HITS ? MAX_HITS : hits;
  const previous = file.hits[line];
  if (previous === undefined) {
    file.hits[line] = count;
    file.executable++;
    if (count > 0) file.covered++;
  } else if (count > previous) {
    if (previous === 0) file.covered++;
    file.hits[line] = count;
  }
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
    from.hits.forEach((hits, line) => {
      setLine(into, line, hits);
    });
  }
  if (from.branches) {
    const b = into.branches ?? { total: 0, covered: 0 };
    into.branches = { total: Math.max(b.total, from.branches.total), covered: Math.max(b.covered, from.branches.covered) };
  }
}

/** What the gate gets: the parsed reports, or why there are none (the gate then fails closed). */
export type CoverageInput =
  | { kind: 'reports'; reports: ParsedReport[] }
  | { kind: 'unavailable'; reason: string; fix: string };
