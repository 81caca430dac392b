import { GoParser } from './go.js';
import { parseIstanbul } from './istanbul.js';
import { LcovParser } from './lcov.js';
import { CoverageParseError, CoverageSink, type CoverageFormat, type ParsedReport } from './types.js';
import { XmlCoverageParser } from './xml.js';

/** Limits on untrusted reports; bigger files are refused with a message naming the limit. */
export const LIMITS = {
  /** One line-based or XML report (streamed: memory does not grow with it). */
  fileBytes: 150 * 1024 * 1024,
  /** One JSON report, which is parsed whole. */
  jsonBytes: 64 * 1024 * 1024,
  /** All reports of one run together. */
  totalBytes: 300 * 1024 * 1024,
  /** Report files of one run. */
  files: 100,
} as const;

interface StreamParser {
  write(chunk: Buffer): void;
  end(): void;
}

const LCOV_START = /^(TN|SF|VER|FN|FNDA|FNF|FNH|DA|LF|LH|BRDA|BRF|BRH):|^end_of_record/;

/** Feeds a report in chunks; the format is decided from the first bytes that are not white space. */
export class ReportParser {
  private readonly sink: CoverageSink;
  private format: CoverageFormat | undefined;
  private stream: StreamParser | undefined;
  private xml: XmlCoverageParser | undefined;
  private json: Buffer[] | undefined;
  private pending: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly origin: string) {
    this.sink = new CoverageSink(origin);
  }

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    const limit = this.json ? LIMITS.jsonBytes : LIMITS.fileBytes;
    if (this.bytes > limit) throw new CoverageParseError(this.origin, undefined, `the report is larger than ${limit / 1024 / 1024} MB`);
    if (this.json) {
      // Callers may reuse their buffer: only the streaming parsers are done with a chunk when write returns.
      this.json.push(Buffer.from(chunk));
      return;
    }
    if (this.stream) {
      this.stream.write(chunk);
      return;
    }
    this.pending.push(Buffer.from(chunk));
    this.detect(false);
  }

  end(): ParsedReport {
    if (!this.stream && !this.json) this.detect(true);
    if (this.json) {
      const text = Buffer.concat(this.json).toString('utf8').replace(/^\uFEFF/, '');
      this.format = parseIstanbul(this.origin, text, this.sink);
    } else {
      this.stream?.end();
      if (this.xml) this.format = this.xml.format;
    }
    if (!this.format) throw new CoverageParseError(this.origin, undefined, 'the report is empty');
    const { branchTotals, notes } = this.sink;
    return { origin: this.origin, format: this.format, files: this.sink.files(), ...(branchTotals ? { branchTotals } : {}), ...(notes.length > 0 ? { notes } : {}) };
  }

  private detect(atEnd: boolean): void {
    const head = Buffer.concat(this.pending);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    let start = bom;
    while (start < head.length && (head[start] === 0x20 || head[start] === 0x09 || head[start] === 0x0a || head[start] === 0x0d)) start++;
    // Wait for enough bytes to recognise an lcov record or a Go mode line.
    if (start >= head.length || (!atEnd && head.length - start < 16 && head[start] !== 0x7b && head[start] !== 0x3c)) {
      if (atEnd && start >= head.length) throw new CoverageParseError(this.origin, undefined, 'the report is empty');
      return;
    }
    this.pending = [];
    const first = head.toString('utf8', start, Math.min(head.length, start + 64));
    if (first.startsWith('{')) {
      this.json = [head];
      if (head.length > LIMITS.jsonBytes) throw new CoverageParseError(this.origin, undefined, `the report is larger than ${LIMITS.jsonBytes / 1024 / 1024} MB`);
      return;
    }
    if (first.startsWith('<')) {
      this.xml = new XmlCoverageParser(this.origin, this.sink);
      this.stream = this.xml;
    } else if (first.startsWith('mode: ')) {
      this.format = 'go';
      this.stream = new GoParser(this.origin, this.sink);
    } else if (LCOV_START.test(first)) {
      this.format = 'lcov';
      this.stream = new LcovParser(this.origin, this.sink);
    } else {
      throw new CoverageParseError(
        this.origin,
        1,
        'not a coverage report in a known format: expected lcov, Cobertura, Clover or JaCoCo XML, Istanbul or coverage.py JSON, or a Go coverprofile',
      );
    }
    this.stream.write(head.subarray(bom));
  }
}

/** Parses one whole report held in memory. */
export function parseReport(origin: string, content: Buffer | string): ParsedReport {
  const parser = new ReportParser(origin);
  parser.write(typeof content === 'string' ? Buffer.from(content) : content);
  return parser.end();
}
