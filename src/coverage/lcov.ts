import { LineSplitter, readUint } from './lines.js';
import { CoverageParseError, MAX_LINE_NUMBER, setLine, type CoverageSink, type FileCoverage } from './types.js';

const D = 0x44;
const A = 0x41;
const COLON = 0x3a;
const COMMA = 0x2c;

/** lcov tracefiles (SF/DA/LF/LH/BRF/BRH): DA lines are read from bytes, the rare rest as text. */
export class LcovParser {
  private readonly lines: LineSplitter;
  private current: FileCoverage | undefined;
  private declared: { found: number; hit: number } | undefined;

  constructor(
    private readonly origin: string,
    private readonly sink: CoverageSink,
  ) {
    this.lines = new LineSplitter(origin, (buffer, start, end, lineNumber) => {
      this.line(buffer, start, end, lineNumber);
    });
  }

  write(chunk: Buffer): void {
    this.lines.write(chunk);
  }

  end(): void {
    this.lines.end();
    this.finishRecord();
  }

  private fail(lineNumber: number, reason: string): never {
    throw new CoverageParseError(this.origin, lineNumber, reason);
  }

  private line(buffer: Buffer, start: number, end: number, lineNumber: number): void {
    if (end - start > 3 && buffer[start] === D && buffer[start + 1] === A && buffer[start + 2] === COLON) {
      this.da(buffer, start + 3, end, lineNumber);
      return;
    }
    const text = buffer.toString('utf8', start, end).trim();
    if (text === '') return;
    if (text === 'end_of_record') {
      this.finishRecord();
      return;
    }
    const colon = text.indexOf(':');
    if (colon < 1 || !/^[A-Z]+$/.test(text.slice(0, colon))) this.fail(lineNumber, `expected an lcov record such as "DA:12,1", found ${JSON.stringify(text.slice(0, 40))}`);
    const kind = text.slice(0, colon);
    const value = text.slice(colon + 1);
    switch (kind) {
      case 'SF':
        this.finishRecord();
        if (value === '') this.fail(lineNumber, 'SF names no source file');
        this.current = this.sink.file(value);
        return;
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH': {
        const file = this.current ?? this.fail(lineNumber, `${kind} outside a source file record (no SF line before it)`);
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n < 0) this.fail(lineNumber, `${kind} is not a count: ${JSON.stringify(value)}`);
        if (kind === 'LF' || kind === 'LH') {
          this.declared ??= { found: 0, hit: 0 };
          if (kind === 'LF') this.declared.found = n;
          else this.declared.hit = n;
        } else {
          file.branches ??= { total: 0, covered: 0 };
          if (kind === 'BRF') file.branches.total = Math.max(file.branches.total, n);
          else file.branches.covered = Math.max(file.branches.covered, n);
        }
        return;
      }
      default:
        // TN, VER, FN, FNDA, FNF, FNH, BRDA: not needed for line coverage.
        return;
    }
  }

  private da(buffer: Buffer, start: number, end: number, lineNumber: number): void {
    const file = this.current ?? this.fail(lineNumber, 'DA outside a source file record (no SF line before it)');
    const line = readUint(buffer, start, end);
    if (!line || buffer[line.next] !== COMMA || line.value < 1 || line.value > MAX_LINE_NUMBER) {
      this.fail(lineNumber, `expected "DA:<line>,<hits>" with a line from 1 to ${MAX_LINE_NUMBER}, found ${JSON.stringify(buffer.toString('utf8', start - 3, Math.min(end, start + 40)))}`);
    }
    const hits = readUint(buffer, line.next + 1, end);
    if (hits && (hits.next === end || buffer[hits.next] === COMMA)) {
      setLine(file, line.value, hits.value);
      return;
    }
    // Some generators write fractional or signed counts; anything else is an error.
    const raw = buffer.toString('utf8', line.next + 1, end).split(',')[0] ?? '';
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) this.fail(lineNumber, `DA hits are not a number: ${JSON.stringify(raw.slice(0, 40))}`);
    setLine(file, line.value, Math.max(0, Math.ceil(value)));
  }

  private finishRecord(): void {
    const file = this.current;
    // A record without DA lines (some tools write only LF/LH) still counts in the totals.
    if (file && this.declared && file.executable === 0) {
      file.executable = this.declared.found;
      file.covered = Math.min(this.declared.hit, this.declared.found);
      file.totalsOnly = true;
    }
    this.current = undefined;
    this.declared = undefined;
  }
}
