import { quoteUntrusted } from '../secrets/quote.js';
import { LineSplitter } from '../lines.js';
import { MAX_LINE_BYTES, readUint } from './lines.js';
import { CoverageParseError, denseLimit, MAX_LINE_NUMBER, setLine, type CoverageSink, type FileCoverage } from './types.js';

const D = 0x44;
const A = 0x41;
const COLON = 0x3a;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * lcov tracefiles (SF/DA/LF/LH/BRF/BRH). DA lines, nearly all of a report, are read straight from
 * the bytes without allocating; any other or unusual line takes the slower text path.
 */
export class LcovParser {
  private readonly lines: LineSplitter;
  private current: FileCoverage | undefined;
  private declared: { found: number; hit: number } | undefined;
  private previousLength = 0;
  private maxLine = 0;
  private lineZero = 0;
  private recordHasLineZero = false;
  private brda = { total: 0, covered: 0 };

  constructor(
    private readonly origin: string,
    private readonly sink: CoverageSink,
  ) {
    this.lines = new LineSplitter({
      maxLineBytes: MAX_LINE_BYTES,
      onLine: (buffer, start, end, lineNumber) => {
        this.line(buffer, start, end, lineNumber);
      },
      onLongLine: (lineNumber) => this.fail(lineNumber, `a line is longer than ${MAX_LINE_BYTES} bytes`),
      fastPath: (buffer, start, end) => this.daLines(buffer, start, end),
    });
  }

  write(chunk: Buffer): void {
    this.lines.write(chunk);
  }

  end(): void {
    this.lines.end();
    this.finishRecord();
    if (this.lineZero > 0) {
      this.sink.notes.push(
        `${this.origin}: ${this.lineZero} "DA:0" ${this.lineZero === 1 ? 'entry' : 'entries'} (coverage.py 6.5 writes one for an empty module) left out of the counts: no source file has a line 0.`,
      );
    }
  }

  private fail(lineNumber: number, reason: string): never {
    throw new CoverageParseError(this.origin, lineNumber, reason);
  }

  /** The common "DA:<line>,<hits>\n", nearly every line of a report, read in one pass without allocating; anything else is left to `line`. */
  private daLines(buffer: Buffer, from: number, length: number): number {
    const file = this.current;
    if (!file) return from;
    let i = from;
    let count = 0;
    while (buffer[i] === D && buffer[i + 1] === A && buffer[i + 2] === COLON) {
      let j = i + 3;
      let line = 0;
      let c = buffer[j] ?? 0;
      while (c >= 48 && c <= 57 && j < length) {
        line = line * 10 + c - 48;
        c = buffer[++j] ?? 0;
      }
      if (c !== COMMA || j === i + 3 || line < 1 || line > MAX_LINE_NUMBER) break;
      const digits = ++j;
      let hits = 0;
      c = buffer[j] ?? 0;
      while (c >= 48 && c <= 57 && j < length) {
        hits = hits * 10 + c - 48;
        c = buffer[++j] ?? 0;
      }
      if (c !== NEWLINE || j === digits || j >= length) break;
      if (line > this.maxLine) this.maxLine = line;
      setLine(file, line, hits);
      count++;
      i = j + 1;
    }
    this.lines.lineNumber += count;
    return i;
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
    if (colon < 1 || !/^[A-Z]+$/.test(text.slice(0, colon))) this.fail(lineNumber, `expected an lcov record such as "DA:12,1", found ${quoteUntrusted(text)}`);
    const kind = text.slice(0, colon);
    const value = text.slice(colon + 1);
    switch (kind) {
      case 'SF':
        this.finishRecord();
        if (value === '') this.fail(lineNumber, 'SF names no source file');
        // Files of one report tend to be of similar length: the previous one sizes the next.
        this.current = this.sink.file(value, this.previousLength);
        return;
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH': {
        const file = this.current ?? this.fail(lineNumber, `${kind} outside a source file record (no SF line before it)`);
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n < 0) this.fail(lineNumber, `${kind} is not a count: ${quoteUntrusted(value)}`);
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
      case 'BRDA': {
        // Counted only for records without BRF/BRH: "-" is a branch never reached, 0 one never taken.
        const taken = value.slice(value.lastIndexOf(',') + 1);
        this.brda.total++;
        if (taken !== '-' && Number(taken) > 0) this.brda.covered++;
        return;
      }
      default:
        // TN, VER, FN, FNDA, FNF, FNH: not needed for line coverage.
        return;
    }
  }

  private da(buffer: Buffer, start: number, end: number, lineNumber: number): void {
    const file = this.current ?? this.fail(lineNumber, 'DA outside a source file record (no SF line before it)');
    const line = readUint(buffer, start, end);
    if (!line || buffer[line.next] !== COMMA || line.value > MAX_LINE_NUMBER) {
      this.fail(lineNumber, `expected "DA:<line>,<hits>" with a line from 1 to ${MAX_LINE_NUMBER}, found ${quoteUntrusted(buffer.toString('utf8', start - 3, Math.min(end, start + 200)))}`);
    }
    if (line.value === 0) {
      this.lineZero++;
      this.recordHasLineZero = true;
      return;
    }
    const hits = readUint(buffer, line.next + 1, end);
    if (line.value > this.maxLine) this.maxLine = line.value;
    if (hits && (hits.next === end || buffer[hits.next] === COMMA)) {
      setLine(file, line.value, hits.value);
      return;
    }
    // Some generators write fractional or signed counts; anything else is an error.
    const raw = buffer.toString('utf8', line.next + 1, end).split(',')[0] ?? '';
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) this.fail(lineNumber, `DA hits are not a number: ${quoteUntrusted(raw.slice(0, 200))}`);
    setLine(file, line.value, Math.max(0, Math.ceil(value)));
  }

  private finishRecord(): void {
    const file = this.current;
    // Sized by the lines this file actually reported, so that a file of far lines cannot make every later file large.
    if (file) this.previousLength = Math.min(this.maxLine, denseLimit(file));
    this.maxLine = 0;
    // A record without DA lines (some tools write only LF/LH) still counts in the totals.
    if (file && this.declared && file.executable === 0 && !this.recordHasLineZero) {
      file.executable = this.declared.found;
      file.covered = Math.min(this.declared.hit, this.declared.found);
      file.totalsOnly = true;
    }
    if (file && !file.branches && this.brda.total > 0) file.branches = { ...this.brda };
    this.brda = { total: 0, covered: 0 };
    this.recordHasLineZero = false;
    this.current = undefined;
    this.declared = undefined;
  }
}
