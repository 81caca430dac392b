import { DiffParser, type DiffFile, type DiffOptions } from '../diff/parse.js';
import { SearchedPieces, type CutLine } from './pieces.js';
import { SecretScanner, type ScannerOptions, type SecretMatch } from './scanner.js';

export interface LocatedMatch extends SecretMatch {
  path: string;
}

/** An added line longer than the cap: only its first `scanned` bytes were scanned, so a secret past them would go unseen. */
export interface PartialLine extends CutLine {
  path: string;
}

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
  private readonly pieces: SearchedPieces;
  private scanner: SecretScanner | undefined;

  constructor(options: ScannerOptions = {}, diff: DiffOptions = {}) {
    this.pieces = new SearchedPieces(options);
    this.parser = new DiffParser(
      {
        added: (file, line, buffer, start, end, length) => {
          this.added++;
          this.pieces.line((this.scanner ??= new SecretScanner(options)), buffer, start, end, line);
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
    this.pieces.feed(chunk, (piece, hits) => { this.parser.write(piece, hits); });
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
