const NEWLINE = 10;
const CR = 13;

/**
 * One line, without its "\n" or the "\r" before it: bytes [start, end) of `buffer`, valid only during
 * the call. `length` is the line's full length in bytes when it was longer than the cap and only its
 * first `maxLineBytes` bytes are given, else undefined.
 */
export type OnLine = (buffer: Buffer, start: number, end: number, lineNumber: number, length: number | undefined) => void;

export interface LineSplitterOptions {
  /** Bytes of a line that are kept; the rest of a longer line is counted, never held. */
  maxLineBytes: number;
  onLine: OnLine;
  /** Told once, as soon as a line is known to pass the cap (before its end arrives): a parser that refuses long lines throws here. */
  onLongLine?: (lineNumber: number) => void;
  /**
   * Reads whole lines from `start` while they are of the one common kind it knows, adding them to
   * `lineNumber`, and returns the start of the first line it left (`end` if none): one pass over the
   * bytes of a 100 MB report instead of two. Lines it reads get no `lineStart`/`lineEnd`.
   */
  fastPath?: (buffer: Buffer, start: number, end: number) => number;
}

/**
 * Splits a byte stream fed in chunks of any size into lines without decoding it. Memory is the cap
 * at most, whatever the input, and each byte is looked at once: a line cut by chunk ends is joined
 * once, when its end arrives.
 */
export class LineSplitter {
  lineNumber = 0;
  /** Offsets in the whole stream of the line being given to `onLine`: its first byte and its "\n" (or the end). */
  lineStart = 0;
  lineEnd = 0;
  private consumed = 0;
  private pieces: Buffer[] = [];
  private kept = 0;
  private total = 0;
  private pendingStart = 0;
  private lastByte = -1;
  private announced = false;
  private readonly max: number;
  private readonly onLine: OnLine;
  private readonly onLongLine: ((lineNumber: number) => void) | undefined;
  private readonly fastPath: ((buffer: Buffer, start: number, end: number) => number) | undefined;

  constructor(options: LineSplitterOptions) {
    this.max = options.maxLineBytes;
    this.onLine = options.onLine;
    this.onLongLine = options.onLongLine;
    this.fastPath = options.fastPath;
  }

  /**
   * Feeds the next chunk. `newlines`, when given, lists the offset of every "\n" in the chunk in order
   * (a caller that walked the bytes anyway): the splitter then takes them from it rather than search.
   */
  write(chunk: Buffer, newlines?: { newlines: Int32Array; newlineCount: number }): void {
    let start = 0;
    let next = 0;
    const listed = newlines?.newlines;
    const count = newlines?.newlineCount ?? 0;
    if (this.total > 0) {
      const newline = listed ? (count > 0 ? (listed[next++] as number) : -1) : chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.keep(chunk, 0, chunk.length);
        this.consumed += chunk.length;
        return;
      }
      this.keep(chunk, 0, newline);
      this.lineEnd = this.consumed + newline;
      this.flush();
      start = newline + 1;
    }
    const length = chunk.length;
    const onLine = this.onLine;
    const max = this.max;
    const fastPath = this.fastPath;
    for (;;) {
      let newline: number;
      if (listed) {
        newline = next < count ? (listed[next++] as number) : -1;
      } else {
        if (fastPath !== undefined) start = fastPath(chunk, start, length);
        // Short lines (most of a coverage report) are cheaper to walk than to hand to indexOf.
        newline = start;
        const near = Math.min(start + 24, length);
        while (newline < near && chunk[newline] !== NEWLINE) newline++;
        if (newline === near) newline = newline < length ? chunk.indexOf(NEWLINE, newline) : -1;
      }
      if (newline < 0) break;
      this.lineStart = this.consumed + start;
      this.lineEnd = this.consumed + newline;
      const stop = newline > start && chunk[newline - 1] === CR ? newline - 1 : newline;
      if (stop - start <= max) onLine(chunk, start, stop, ++this.lineNumber, undefined);
      else this.long(chunk, start, stop);
      start = newline + 1;
    }
    if (start < chunk.length) {
      this.pendingStart = this.consumed + start;
      this.keep(chunk, start, chunk.length);
    }
    this.consumed += chunk.length;
  }

  /** Gives the last line when the stream does not end with a newline. */
  end(): void {
    if (this.total > 0) {
      this.lineEnd = this.consumed;
      this.flush();
    }
  }

  private long(buffer: Buffer, start: number, stop: number): void {
    const lineNumber = ++this.lineNumber;
    this.onLongLine?.(lineNumber);
    this.onLine(buffer, start, start + this.max, lineNumber, stop - start);
  }

  /** Copies what fits under the cap (the caller may reuse the chunk's memory) and counts the rest. */
  private keep(buffer: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.lastByte = buffer[end - 1] as number;
    const take = Math.min(end - start, this.max - this.kept);
    if (take > 0) {
      this.pieces.push(Buffer.from(buffer.subarray(start, start + take)));
      this.kept += take;
    }
    this.total += end - start;
    // Past the cap by two bytes, the line is long even if its last byte is a "\r".
    if (!this.announced && this.total > this.max + 1) {
      this.announced = true;
      this.onLongLine?.(this.lineNumber + 1);
    }
  }

  private flush(): void {
    const lineNumber = ++this.lineNumber;
    const length = this.total - (this.lastByte === CR ? 1 : 0);
    const line = this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces, this.kept);
    const announced = this.announced;
    this.lineStart = this.pendingStart;
    this.pieces = [];
    this.kept = 0;
    this.total = 0;
    this.lastByte = -1;
    this.announced = false;
    if (length <= this.max) {
      this.onLine(line, 0, length, lineNumber, undefined);
      return;
    }
    if (!announced) this.onLongLine?.(lineNumber);
    this.onLine(line, 0, this.max, lineNumber, length);
  }
}
