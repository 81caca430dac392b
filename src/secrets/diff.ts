import { DiffParser, MAX_DIFF_LINE_BYTES, type DiffFile } from '../diff/parse.js';
import { SecretScanner, type ScannerOptions, type SecretMatch } from './scanner.js';

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

/**
 * Scans the added lines of a unified diff (`git diff`, `diff -u`) fed as chunks of bytes, so that a
 * diff of any size streams through in constant memory. Line numbers are those of the new file.
 */
export class DiffSecretScanner {
  readonly found: LocatedMatch[] = [];
  readonly binary: string[] = [];
  readonly partial: PartialLine[] = [];
  private readonly parser: DiffParser;
  private scanner: SecretScanner | undefined;

  constructor(options: ScannerOptions = {}, maxLineBytes = MAX_DIFF_LINE_BYTES) {
    this.parser = new DiffParser(
      {
        added: (file, line, buffer, start, end, length) => {
          // Only a line with a keyword (or inside a key block) is decoded.
          (this.scanner ??= new SecretScanner(options)).lineBytes(buffer, start, end, line);
          if (length !== undefined) this.partial.push({ path: file.path, line, bytes: length, scanned: end - start });
        },
        file: (file) => {
          this.endFile(file);
        },
      },
      { maxLineBytes },
    );
  }

  /** Feeds raw bytes of the diff, in chunks of any size. */
  write(chunk: Buffer): void {
    this.parser.write(chunk);
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
