import { LineSplitter } from '../lines.js';
import { MAX_DIFF_LINE_BYTES } from '../diff/parse.js';
import { compiledRules, scannable, SecretScanner, type ScannerOptions, type SecretMatch } from './scanner.js';
import type { KeywordHits, KeywordSearch } from './search.js';

/** The input is searched for keywords this many bytes at a time, just before its lines are read. */
const PIECE = 4 * 1024 * 1024;

/** A line longer than the cap: only its first `scanned` bytes were scanned, so a secret past them would go unseen. */
export interface CutLine {
  line: number;
  bytes: number;
  scanned: number;
}

/**
 * Runs the keyword search over each piece of a byte stream just before its lines are read, then gives
 * each line to a SecretScanner with the rules its keywords select: a line without one costs a compare.
 */
export class SearchedPieces {
  private readonly search: KeywordSearch;
  private readonly selected: Int32Array;
  /** The piece being read, and its keyword hits from `cursor` on. */
  private piece: Buffer | undefined;
  private hits: KeywordHits | undefined;
  private cursor = 0;

  constructor(options: ScannerOptions) {
    const compiled = compiledRules(new Set(options.disabledRules ?? []));
    this.search = compiled.search();
    this.selected = new Int32Array(compiled.matcher.words);
  }

  /** Cuts `chunk` into pieces and, for each, searches it and then lets `read` read its lines (in order, through `line`). */
  feed(chunk: Buffer, read: (piece: Buffer, hits: KeywordHits) => void): void {
    for (let from = 0; from < chunk.length; from += PIECE) {
      const piece = chunk.subarray(from, Math.min(chunk.length, from + PIECE));
      this.hits = this.search.scan(piece);
      this.cursor = 0;
      this.piece = piece;
      read(piece, this.hits);
    }
  }

  /** Scans bytes [start, end) of `buffer` as line `line`. */
  line(scanner: SecretScanner, buffer: Buffer, start: number, end: number, line: number): void {
    // A line that spans two pieces comes joined in a buffer of its own, which the search did not see.
    if (buffer !== this.piece) scanner.line(scannable(buffer.toString('utf8', start, end)), line);
    else scanner.selectedLine(buffer, start, end, line, this.select(start, end));
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
}

/**
 * Scans a whole text (a file) fed as chunks of bytes, numbering its lines from 1: memory stays flat
 * whatever its size. A line over the cap is scanned in its first `maxLineBytes` bytes and listed in `cut`.
 */
export class TextSecretScanner {
  readonly cut: CutLine[] = [];
  private readonly pieces: SearchedPieces;
  private readonly scanner: SecretScanner;
  private readonly lines: LineSplitter;

  constructor(options: ScannerOptions = {}, maxLineBytes = MAX_DIFF_LINE_BYTES) {
    this.pieces = new SearchedPieces(options);
    this.scanner = new SecretScanner(options);
    this.lines = new LineSplitter({
      maxLineBytes,
      onLine: (buffer, start, end, line, length) => {
        this.pieces.line(this.scanner, buffer, start, end, line);
        if (length !== undefined) this.cut.push({ line, bytes: length, scanned: end - start });
      },
    });
  }

  write(chunk: Buffer): void {
    this.pieces.feed(chunk, (piece, hits) => { this.lines.write(piece, hits); });
  }

  finish(): SecretMatch[] {
    this.lines.end();
    return this.scanner.finish();
  }
}

/** Scans a whole text held in memory as bytes (a file's content). */
export function scanBytes(bytes: Buffer, options: ScannerOptions = {}): { found: SecretMatch[]; cut: CutLine[] } {
  const scanner = new TextSecretScanner(options);
  scanner.write(bytes);
  return { found: scanner.finish(), cut: scanner.cut };
}
