import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { quoteUntrusted } from '../secrets/quote.js';
import { CoverageParseError, MAX_LINE_NUMBER, setLine, type CoverageFormat, type CoverageSink, type FileCoverage } from './types.js';

type XmlFormat = Extract<CoverageFormat, 'cobertura' | 'clover' | 'jacoco'>;

/**
 * Cobertura, Clover and JaCoCo XML through one streaming (SAX) pass: memory stays flat however
 * large the report, and the root element tells the formats apart. saxes never resolves external
 * entities or expands DTD-declared ones, so a report cannot read files or explode in size.
 */
export class XmlCoverageParser {
  private readonly sax = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private readonly decoder = new StringDecoder('utf8');
  private readonly stack: string[] = [];
  format: XmlFormat | undefined;
  private sources: string[] = [];
  private text = '';
  private file: FileCoverage | undefined;
  private jacocoPackage = '';

  constructor(
    private readonly origin: string,
    private readonly sink: CoverageSink,
  ) {
    this.sax.on('error', (error) => {
      throw new CoverageParseError(origin, this.sax.line, error.message.replace(/^\d+:\d+: /, ''));
    });
    this.sax.on('opentag', (tag) => {
      this.open(tag);
      this.stack.push(tag.name);
    });
    this.sax.on('closetag', (tag) => {
      this.stack.pop();
      this.close(tag.name);
    });
    this.sax.on('text', (text) => {
      if (this.stack.at(-1) === 'source') this.text += text;
    });
  }

  write(chunk: Buffer): void {
    this.sax.write(this.decoder.write(chunk));
  }

  end(): void {
    this.sax.write(this.decoder.end());
    this.sax.close();
    if (!this.format) throw new CoverageParseError(this.origin, undefined, 'the XML has no root element of a known report (coverage, report)');
  }

  private fail(reason: string): never {
    throw new CoverageParseError(this.origin, this.sax.line, reason);
  }

  private number(tag: SaxesTagPlain, name: string, max = Number.MAX_SAFE_INTEGER): number {
    const raw = tag.attributes[name];
    const value = raw === undefined ? NaN : Number(raw);
    if (raw === undefined || raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > max) {
      this.fail(`<${tag.name}> needs ${name} as a number from 0 to ${max}, found ${raw === undefined ? 'none' : quoteUntrusted(raw.slice(0, 200))}`);
    }
    return value;
  }

  private open(tag: SaxesTagPlain): void {
    const depth = this.stack.length;
    const parent = this.stack.at(-1);
    if (depth === 0) {
      if (tag.name === 'report') this.format = 'jacoco';
      else if (tag.name === 'coverage') this.format = 'clover' in tag.attributes || 'generated' in tag.attributes ? 'clover' : 'cobertura';
      else this.fail(`the root element <${tag.name}> is not a coverage report; expected <coverage> (Cobertura, Clover) or <report> (JaCoCo)`);
      if (this.format === 'cobertura' && tag.attributes['branches-valid'] !== undefined && tag.attributes['branches-covered'] !== undefined) {
        this.sink.branchTotals = { total: this.number(tag, 'branches-valid'), covered: this.number(tag, 'branches-covered') };
      }
      return;
    }
    // The report's own totals: istanbul's Cobertura and Clover leave branches out of some lines.
    if (this.format === 'clover' && tag.name === 'metrics' && parent === 'project' && tag.attributes.conditionals !== undefined && tag.attributes.coveredconditionals !== undefined) {
      this.sink.branchTotals = { total: this.number(tag, 'conditionals'), covered: this.number(tag, 'coveredconditionals') };
    } else if (this.format === 'jacoco' && tag.name === 'counter' && parent === 'report' && tag.attributes.type === 'BRANCH') {
      const missed = this.number(tag, 'missed');
      const covered = this.number(tag, 'covered');
      this.sink.branchTotals = { total: missed + covered, covered };
    }
    if (this.format === 'cobertura' && depth === 1 && tag.name === 'project') this.format = 'clover';
    switch (this.format) {
      case 'cobertura':
        if (tag.name === 'source') this.text = '';
        else if (tag.name === 'class') this.file = this.coberturaFile(tag.attributes.filename ?? this.fail('<class> has no filename'));
        else if (tag.name === 'line' && parent === 'lines' && this.stack.at(-2) === 'class' && this.file) {
          setLine(this.file, this.number(tag, 'number', MAX_LINE_NUMBER), Math.ceil(this.number(tag, 'hits')));
          this.branches(tag.attributes['condition-coverage']);
        }
        return;
      case 'clover':
        if (tag.name === 'file') this.file = this.sink.file(tag.attributes.path ?? tag.attributes.name ?? this.fail('<file> has neither path nor name'));
        else if (tag.name === 'line' && parent === 'file' && this.file) {
          // Method lines mark declarations; statements and conditions are what a test executes.
          if (tag.attributes.type === 'method') return;
          setLine(this.file, this.number(tag, 'num', MAX_LINE_NUMBER), Math.ceil(this.number(tag, 'count')));
          if (tag.attributes.type === 'cond') {
            // Istanbul's Clover writer puts covered branches in truecount and missed ones in falsecount.
            const covered = this.number(tag, 'truecount');
            this.addBranches(covered + this.number(tag, 'falsecount'), covered);
          }
        }
        return;
      case 'jacoco':
        if (tag.name === 'package') this.jacocoPackage = tag.attributes.name ?? '';
        else if (tag.name === 'sourcefile' && parent === 'package') {
          const name = tag.attributes.name ?? this.fail('<sourcefile> has no name');
          this.file = this.sink.file(this.jacocoPackage === '' ? name : `${this.jacocoPackage}/${name}`);
        } else if (tag.name === 'line' && parent === 'sourcefile' && this.file) {
          const missed = this.number(tag, 'mi');
          const covered = this.number(tag, 'ci');
          if (missed + covered > 0) setLine(this.file, this.number(tag, 'nr', MAX_LINE_NUMBER), covered);
          const mb = Number(tag.attributes.mb ?? 0);
          const cb = Number(tag.attributes.cb ?? 0);
          if (mb + cb > 0) this.addBranches(mb + cb, cb);
        }
        return;
      default:
        return;
    }
  }

  private close(name: string): void {
    if (name === 'source') {
      const source = this.text.trim().replace(/\\/g, '/');
      if (source !== '') this.sources.push(source);
    } else if (name === 'class' || name === 'file' || name === 'sourcefile') {
      this.file = undefined;
    }
  }

  /**
   * With one source folder, a relative filename is joined to it: a longer path maps more surely.
   * With several, the filename is relative to one of them (coverage.py with `source = a, b`), and
   * only the repository can say which: every joined path is kept for the mapping to choose.
   */
  private coberturaFile(filename: string): FileCoverage {
    const normalised = filename.replace(/\\/g, '/');
    const sources = this.sources.map((s) => s.replace(/\/+$/, ''));
    const relative = normalised.replace(/^\.\//, '');
    if (sources.length === 0 || normalised.startsWith('/') || /^[A-Za-z]:\//.test(normalised)) return this.sink.file(normalised);
    const [only] = sources;
    if (only !== undefined && sources.length === 1) return this.sink.file(`${only}/${relative}`);
    const file = this.sink.file(relative);
    file.candidates ??= sources.map((s) => `${s}/${relative}`);
    return file;
  }

  private branches(conditionCoverage: string | undefined): void {
    const match = conditionCoverage === undefined ? null : /\((\d+)\/(\d+)\)/.exec(conditionCoverage);
    if (match) this.addBranches(Number(match[2]), Number(match[1]));
  }

  private addBranches(total: number, covered: number): void {
    if (!this.file || !Number.isFinite(total) || !Number.isFinite(covered)) return;
    this.file.branches ??= { total: 0, covered: 0 };
    this.file.branches.total += total;
    this.file.branches.covered += Math.min(covered, total);
  }
}
