import { DiffParser, type DiffFile, type DiffOptions } from '../diff/parse.js';
import { compiledRules, scannable, SecretScanner, type ScannerOptions, type SecretMatch } from './scanner.js';
import type { KeywordHits, KeywordSearch } from './search.js';

export interface LocatedMatch extends SecretMatch {
  path: string;
}

/** An added line longer than the cap: only its first `scanned` bytes were scanned, so a secret past them would go unseen. */
export interface PartialLine {
  path: string;
  line: number;
  bytes: number;
  scanned: number;
}

/** The diff is searched for keywords this many bytes at a time, just before the parser reads them. */
const PIECE = 4 * 1024 * 1024;

/**
 * Scans the added lines of a unified diff (`git diff`, `diff -u`) fed as chunks of bytes, so that a
 * diff of any size streams through in constant memory. Line numbers are those of the new file.
 */
export class DiffSecretScanner {
  readonly found: LocatedMatch[] = [];
  readonly binary: string[] = [];
  readonly partial: PartialLine[] = [];
  /** Added lines seen. */
  added = 0;
  private readonly parser: DiffParser;
  private scanner: SecretScanner | undefined;
  private readonly search: KeywordSearch;
  /** The piece of the diff being parsed, and its keyword hits from `cursor` on. */
  private piece: Buffer | undefined;
  private hits: KeywordHits | undefined;
  private cursor = 0;
  private readonly selected: Int32Array;

  constructor(options: ScannerOptions = {}, diff: DiffOptions = {}) {
    const compiled = compiledRules(new Set(options.disabledRules ?? []));
    this.search = compiled.search();
    this.selected = new Int32Array(compiled.matcher.words);
    this.parser = new DiffParser(
      {
        added: (file, line, buffer, start, end, length) => {
          this.added++;
          const scanner = (this.scanner ??= new SecretScanner(options));
          // A line that spans two pieces comes joined in a buffer of its own, which the search did not see.
          if (buffer !== this.piece) scanner.line(scannable(buffer.toString('utf8', start, end)), line);
          else scanner.selectedLine(buffer, start, end, line, this.select(start, end));
          if (length !== undefined) this.partial.push({ path: file.path, line, bytes: length, scanned: end - start });
        },
        file: (file) => {
          this.endFile(file);
        },
      },
      diff,
    );
  }

  /** Feeds raw bytes of the diff, in chunks of any size. */
  write(chunk: Buffer): void {
    for (let from = 0; from < chunk.length; from += PIECE) {
      const piece = chunk.subarray(from, Math.min(chunk.length, from + PIECE));
      this.hits = this.search.scan(piece);
      this.cursor = 0;
      this.piece = piece;
      this.parser.write(piece);
    }
  }

  /** The rule bits of the keywords that end in bytes [start, end) of the piece; lines come in order, so hits before them are passed for good. */
  private select(start: number, end: number): Int32Array | undefined {
    const hits = this.hits as KeywordHits;
    let at = this.cursor;
    while (at < hits.count && (hits.ends[at] as number) < start) at++;
    if (at === hits.count || (hits.ends[at] as number) >= end) {
      this.cursor = at;
      return undefined;
    }
    const selected = this.selected;
    selected.fill(0);
    for (; at < hits.count && (hits.ends[at] as number) < end; at++) this.search.collect(hits.states[at] as number, selected);
    this.cursor = at;
    return selected;
  }

  /** Ends the diff and returns every finding, in diff order. */
  finish(): LocatedMatch[] {
    this.parser.end();
    return this.found;
  }

  private endFile(file: DiffFile): void {
    if (file.binary) this.binary.push(file.path);
    if (!this.scanner) return;
    for (const match of this.scanner.finish()) this.found.push({ ...match, path: file.path });
    this.scanner = undefined;
  }
}

/** Scans a whole unified diff held in memory. */
export function scanDiff(diff: string | Buffer, options: ScannerOptions = {}): { found: LocatedMatch[]; binary: string[]; partial: PartialLine[] } {
  const scanner = new DiffSecretScanner(options);
  scanner.write(typeof diff === 'string' ? Buffer.from(diff, 'utf8') : diff);
  return { found: scanner.finish(), binary: scanner.binary, partial: scanner.partial };
}

/** Scans the added lines of one file's patch, as GitHub gives it (hunks only); `added` counts them. */
export function scanPatch(patch: string, path: string, options: ScannerOptions = {}): { found: LocatedMatch[]; partial: PartialLine[]; added: number } {
  const scanner = new DiffSecretScanner(options, { path });
  scanner.write(Buffer.from(patch, 'utf8'));
  const found = scanner.finish();
  return { found, partial: scanner.partial, added: scanner.added };
}
