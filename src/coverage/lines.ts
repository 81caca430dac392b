import { CoverageParseError } from './types.js';

/** Longest line a line-based report may have: a path, never a megabyte. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines without decoding it: the callers look at bytes, so that a
 * 100 MB report is not copied into strings line by line.
 */
export class LineSplitter {
  private carry: Buffer | undefined;
  lineNumber = 0;

  constructor(
    private readonly origin: string,
    private readonly onLine: (buffer: Buffer, start: number, end: number, lineNumber: number) => void,
  ) {}

  write(chunk: Buffer): void {
    const buffer = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(10, start);
      if (newline < 0) break;
      this.emit(buffer, start, newline);
      start = newline + 1;
    }
    if (start < buffer.length) {
      if (buffer.length - start > MAX_LINE_BYTES) {
        throw new CoverageParseError(this.origin, this.lineNumber + 1, `a line is longer than ${MAX_LINE_BYTES} bytes`);
      }
      this.carry = Buffer.from(buffer.subarray(start));
    }
  }

  end(): void {
    if (this.carry) {
      const last = this.carry;
      this.carry = undefined;
      this.emit(last, 0, last.length);
    }
  }

  private emit(buffer: Buffer, start: number, end: number): void {
    this.lineNumber++;
    if (end - start > MAX_LINE_BYTES) {
      throw new CoverageParseError(this.origin, this.lineNumber, `the line is longer than ${MAX_LINE_BYTES} bytes`);
    }
    const stop = end > start && buffer[end - 1] === 13 ? end - 1 : end;
    this.onLine(buffer, start, stop, this.lineNumber);
  }
}

/**
 * Reads a non-negative decimal integer at `start`; returns the value and where it stopped, or
 * `undefined` when there are no digits.
 */
export function readUint(buffer: Buffer, start: number, end: number): { value: number; next: number } | undefined {
  let value = 0;
  let i = start;
  while (i < end) {
    const c = buffer[i] ?? 0;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    i++;
  }
  return i === start ? undefined : { value, next: i };
}
