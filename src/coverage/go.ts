import { quoteUntrusted } from '../secrets/quote.js';
import { LineSplitter } from '../lines.js';
import { MAX_LINE_BYTES } from './lines.js';
import { CoverageParseError, MAX_LINE_NUMBER, setLine, type CoverageSink } from './types.js';

/** Lines that all blocks of one profile may mark: a hostile profile of huge blocks cannot spin for long. */
const LINE_BUDGET = 50_000_000;
/**
 * Below LINE_BUDGET, the lines marked grow with the profile's size: a block spans a few lines for
 * its 40 bytes, so a 20-byte block over a million lines cannot take memory out of all proportion.
 */
export const GO_FREE_LINES = 100_000;
export const GO_LINES_PER_BYTE = 4;
const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

/**
 * Go coverprofiles (`go test -coverprofile`): a line's hits are the highest count of the blocks
 * that span it, and the totals count statements per block, as `go tool cover -func` does.
 */
export class GoParser {
  private readonly lines: LineSplitter;
  private marked = 0;
  private bytesRead = 0;

  constructor(
    private readonly origin: string,
    private readonly sink: CoverageSink,
  ) {
    this.lines = new LineSplitter({
      maxLineBytes: MAX_LINE_BYTES,
      onLine: (buffer, start, end, lineNumber) => {
        this.bytesRead += end - start + 1;
        this.line(buffer.toString('utf8', start, end), lineNumber);
      },
      onLongLine: (lineNumber) => {
        throw new CoverageParseError(origin, lineNumber, `a line is longer than ${MAX_LINE_BYTES} bytes`);
      },
    });
  }

  write(chunk: Buffer): void {
    this.lines.write(chunk);
  }

  end(): void {
    this.lines.end();
  }

  private line(text: string, lineNumber: number): void {
    if (text.trim() === '') return;
    if (text.startsWith('mode: ')) {
      if (!/^mode: (set|count|atomic)$/.test(text)) throw new CoverageParseError(this.origin, lineNumber, `unknown coverprofile mode ${quoteUntrusted(text.slice(6, 200))}; expected set, count or atomic`);
      return;
    }
    const match = BLOCK.exec(text);
    if (!match) {
      throw new CoverageParseError(this.origin, lineNumber, `expected "file.go:line.col,line.col statements count", found ${quoteUntrusted(text.slice(0, 200))}`);
    }
    const [, path = '', from = '', fromColumn = '', to = '', toColumn = '', statements = '', count = ''] = match;
    const first = Number(from);
    const last = Number(to);
    if (first < 1 || last < first || last > MAX_LINE_NUMBER) {
      throw new CoverageParseError(this.origin, lineNumber, `the block's lines ${first}–${last} are not a range from 1 to ${MAX_LINE_NUMBER}`);
    }
    const file = this.sink.file(path);
    if (Number(statements) === 0) return;
    // A block named twice (profiles of several packages concatenated) keeps its highest count, as `go tool cover` merges them.
    const blocks = (file.goBlocks ??= new Map<string, { statements: number; count: number }>());
    const position = `${first}.${fromColumn},${last}.${toColumn}`;
    const found = blocks.get(position);
    if (!found || Number(count) > found.count) blocks.set(position, { statements: Number(statements), count: Number(count) });
    this.marked += last - first + 1;
    const budget = Math.min(LINE_BUDGET, GO_FREE_LINES + GO_LINES_PER_BYTE * this.bytesRead);
    if (this.marked > budget) {
      throw new CoverageParseError(this.origin, lineNumber, `the blocks up to here span ${this.marked} lines in all, more than ${budget} for a profile of ${this.bytesRead} bytes: a block spans a few lines, not thousands`);
    }
    for (let line = first; line <= last; line++) setLine(file, line, Number(count));
  }
}
