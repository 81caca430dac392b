import { unquote } from '../diff/patch.js';
import { compiledRules, SecretScanner, type CompiledRules, type ScannerOptions, type SecretMatch } from './scanner.js';

export interface LocatedMatch extends SecretMatch {
  path: string;
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const PLUS = 43;
const MINUS = 45;
const SPACE = 32;
const AT = 64;
const CR = 13;
const BACKSLASH = 92;

/**
 * Scans the added lines of a unified diff (`git diff`, `diff -u`) fed as chunks of bytes, so that a
 * diff of any size streams through in constant memory. Line numbers are those of the new file.
 */
export class DiffSecretScanner {
  readonly found: LocatedMatch[] = [];
  readonly binary: string[] = [];
  private scanner: SecretScanner | undefined;
  private path = '';
  private newLine = 0;
  private oldLeft = 0;
  private newLeft = 0;

  /** The pieces of a line cut by chunk ends, joined once its end arrives: joining at every chunk made a long line quadratic. */
  private rest: Buffer[] = [];
  private readonly compiled: CompiledRules;

  constructor(private readonly options: ScannerOptions = {}) {
    this.compiled = compiledRules(new Set(options.disabledRules ?? []));
  }

  /**
   * Feeds raw bytes of the diff, in chunks of any size. One pass per byte both splits lines and runs
   * the keyword automaton, so that a line without a keyword is never decoded.
   */
  write(chunk: Buffer): void {
    let from = 0;
    if (this.rest.length > 0) {
      // Only the line cut by the previous chunk is copied, never the whole chunk.
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.rest.push(Buffer.from(chunk));
        return;
      }
      const joined = Buffer.concat([...this.rest, chunk.subarray(0, nl)]);
      this.rest = [];
      this.scanLine(joined, 0, joined.length, this.keywordsIn(joined, 0, joined.length));
      from = nl + 1;
    }
    const { anyDelta, classes, hit, width } = this.compiled.matcher;
    let state = 0;
    let start = from;
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === 10) {
        // The common case inline: an added line without a keyword only moves the line counters.
        if (hit[state] === 0 && this.newLeft > 0 && chunk[start] === PLUS && !this.scanner?.inBlock) {
          this.newLine++;
          this.newLeft--;
        } else {
          this.scanLine(chunk, start, i, hit[state] as number);
        }
        start = i + 1;
        state = 0;
      } else {
        state = anyDelta[state * width + (classes[b] as number)] as number;
      }
    }
    // Copied, because the caller may reuse the chunk's memory for its next read.
    if (start < chunk.length) this.rest = [Buffer.from(chunk.subarray(start))];
  }

  private keywordsIn(bytes: Buffer, start: number, end: number): number {
    return this.compiled.matcher.scanBytes(bytes, start, end) ? 1 : 0;
  }

  private scanLine(bytes: Buffer, start: number, end: number, any: number): void {
    if (this.oldLeft > 0 || this.newLeft > 0) {
      const first = start < end ? (bytes[start] as number) : -1;
      if (first === PLUS) {
        const scanner = (this.scanner ??= new SecretScanner(this.options));
        const to = end > start + 1 && bytes[end - 1] === CR ? end - 1 : end;
        if (scanner.inBlock) scanner.blockLine(bytes.toString('utf8', start + 1, to));
        else if (any !== 0) scanner.lineBytes(bytes, start + 1, to, this.newLine);
      }
      if (this.inHunk(first, end - start)) return;
    }
    this.header(bytes.toString('utf8', start, end));
  }

  /** Moves through a hunk; false when the line is not part of it. */
  private inHunk(first: number, length: number): boolean {
    if (first === PLUS) {
      this.newLine++;
      this.newLeft--;
      return true;
    }
    if (first === SPACE || length === 0) {
      this.newLine++;
      this.oldLeft--;
      this.newLeft--;
      return true;
    }
    if (first === MINUS) {
      this.oldLeft--;
      return true;
    }
    if (first === BACKSLASH) return true; // "\ No newline at end of file"
    // Anything else ends the hunk early (a truncated or hand-edited diff).
    this.oldLeft = 0;
    this.newLeft = 0;
    return false;
  }

  private header(line: string): void {
    if (line.charCodeAt(0) === AT) {
      const hunk = HUNK.exec(line);
      if (hunk) {
        this.oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
        this.newLine = Number(hunk[2]);
        this.newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
      }
      return;
    }
    if (line.startsWith('diff --git ')) {
      this.endFile();
      const names = /^diff --git (?:"a\/.*"|a\/\S*) (?:"b\/(.*)"|b\/(.*))$/.exec(line);
      this.path = names?.[1] !== undefined ? unquote(`"${names[1]}`) : (names?.[2] ?? '');
    } else if (line.startsWith('+++ ')) {
      this.endFile();
      const name = unquote(line.slice(4).replace(/\t.*$/, ''));
      if (name !== '/dev/null') this.path = name.replace(/^b\//, '');
    } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      this.binary.push(this.path);
    }
  }

  /** Ends the diff and returns every finding, in diff order. */
  finish(): LocatedMatch[] {
    if (this.rest.length > 0) {
      const last = Buffer.concat(this.rest);
      this.scanLine(last, 0, last.length, this.keywordsIn(last, 0, last.length));
    }
    this.rest = [];
    this.endFile();
    return this.found;
  }

  private endFile(): void {
    if (!this.scanner) return;
    for (const match of this.scanner.finish()) this.found.push({ ...match, path: this.path });
    this.scanner = undefined;
  }
}

/** Scans a whole unified diff held in memory. */
export function scanDiff(diff: string | Buffer, options: ScannerOptions = {}): { found: LocatedMatch[]; binary: string[] } {
  const scanner = new DiffSecretScanner(options);
  scanner.write(typeof diff === 'string' ? Buffer.from(diff, 'utf8') : diff);
  return { found: scanner.finish(), binary: scanner.binary };
}
