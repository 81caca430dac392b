import { ENCODED_KEYWORDS, encodedRuns, type Encoding } from './encoded.js';
import { publishedExample } from './examples.js';
import { KeywordMatcher } from './keywords.js';
import { PRIVATE_KEY_RULE_ID, RULES, type Rule } from './rules.js';

/** A secret found in a text: `value` is raw and must only ever reach `core.setSecret`. */
export interface SecretMatch {
  ruleId: string;
  /** 1-based line and column of the value in the scanned text (a private key: its BEGIN line). */
  line: number;
  column: number;
  value: string;
  /** The secret was found by decoding the text at `column`, which is `value` (what must be masked). */
  encoding?: Encoding;
}

export interface ScannerOptions {
  /** Rule ids to skip (`disable_rules` of the policy). */
  disabledRules?: Iterable<string>;
  /** Decode base64 and URL-encoded runs and scan them; off for the decoded text itself, so decoding happens once. */
  decode?: boolean;
}

/** Enough base64 for a real key: a placeholder such as "MIIE..." or "<key>" has far less. */
const MIN_KEY_BODY = 64;
/** A key block is at most this many lines (a 4096-bit PGP key has about 110); a missing END must not swallow the rest of a file. */
const MAX_KEY_LINES = 160;
/** Key body as it is written in files: bare, quoted, indented, joined with `+` or `,`, or ending in an escaped newline. */
const BODY_LINE = /^['"\x60]?[A-Za-z0-9+/=]*(?:\\n)?['"\x60]?\s*[+,]?$/;
const BEGIN_KEY = /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED |OPENSSH |PGP )?PRIVATE KEY(?: BLOCK)?)-----/;
const KEY_HEADER = /^\s*(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset):/;

interface KeyBlock {
  line: number;
  column: number;
  lines: string[];
  body: number;
}

export interface CompiledRules {
  rules: readonly Rule[];
  matcher: KeywordMatcher;
}

const compiled = new Map<string, CompiledRules>();

/** The enabled rules and their keyword automaton, built once per set of disabled rules. */
export function compiledRules(disabled: ReadonlySet<string>): CompiledRules {
  const cacheKey = [...disabled].sort().join(',');
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const rules = RULES.filter((r) => !disabled.has(r.id));
  // The slot after the last rule holds the markers of encoded secrets.
  const result = { rules, matcher: new KeywordMatcher([...rules.map((r) => r.keywords), ENCODED_KEYWORDS]) };
  compiled.set(cacheKey, result);
  return result;
}

function base64Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47) n++;
  }
  return n;
}

/**
 * Scans one text line by line (a file's added lines, a PR body, a commit message). It keeps the state
 * of a private key block that spans lines, so a text needs its own scanner.
 */
export class SecretScanner {
  private readonly rules: readonly Rule[];
  private readonly matcher: KeywordMatcher;
  private readonly options: ScannerOptions;
  private block: KeyBlock | undefined;
  /** The number of the last line seen, for a line that ends a key block when its caller gave none. */
  private lastLine = 0;
  readonly found: SecretMatch[] = [];

  constructor(options: ScannerOptions = {}) {
    ({ rules: this.rules, matcher: this.matcher } = compiledRules(new Set(options.disabledRules ?? [])));
    this.options = options;
  }

  /** Scans one line; `line` is its number in the file (added lines of a diff are not consecutive). */
  line(text: string, line: number): void {
    this.lastLine = line;
    if (this.block) this.continueBlock(text, line);
    else if (this.matcher.scanString(text)) this.match(text, line);
  }

  /** Scans one line given as UTF-8 bytes [start, end): only a line with a keyword is decoded. */
  lineBytes(bytes: Buffer, start: number, end: number, line: number): void {
    this.lastLine = line;
    if (this.block) this.continueBlock(bytes.toString('utf8', start, end), line);
    else if (this.matcher.scanBytes(bytes, start, end)) this.match(bytes.toString('utf8', start, end), line);
  }

  /** True inside a private key block, where every line must be seen whatever its keywords. */
  get inBlock(): boolean {
    return this.block !== undefined;
  }

  /** A line inside a key block (see `inBlock`); without a number it is taken to follow the last line. */
  blockLine(text: string, line = this.lastLine + 1): void {
    this.lastLine = line;
    this.continueBlock(text, line);
  }

  private match(text: string, line: number): void {
    this.matchRules(text, line, this.matcher.found);
  }

  /** Runs the rules whose bits are set in `found` (a KeywordMatcher's, run by the caller) on one line. */
  matchRules(text: string, line: number, found: Int32Array): void {
    const spans: Array<[number, number]> = [];
    const slot = this.rules.length;
    if (this.options.decode !== false && (((found[slot >>> 5] ?? 0) >>> (slot & 31)) & 1) === 1) this.matchEncoded(text, line, spans);
    for (let i = 0; i < this.rules.length; i++) {
      if ((((found[i >>> 5] ?? 0) >>> (i & 31)) & 1) === 0) continue;
      const rule = this.rules[i] as Rule;
      if (rule.id === PRIVATE_KEY_RULE_ID) {
        this.startBlock(text, line);
        continue;
      }
      const pattern = rule.pattern;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        if (match[0] === '') pattern.lastIndex++;
        const value = match[1] ?? match[2] ?? match[0];
        const start = match.index + match[0].indexOf(value);
        const end = start + value.length;
        if (spans.some(([s, e]) => start < e && end > s)) continue;
        if (rule.validate && !rule.validate(value, text.slice(Math.max(0, match.index - 40), match.index + match[0].length))) continue;
        spans.push([start, end]);
        // Claims the span, so that the generic rule does not report the example either.
        if (publishedExample(value) !== undefined) continue;
        this.found.push({ ruleId: rule.id, line, column: start + 1, value });
      }
    }
  }

  /** Secrets inside encoded runs, reported at the run with the run as the value: that text is what the line shows. */
  private matchEncoded(text: string, line: number, spans: Array<[number, number]>): void {
    for (const run of encodedRuns(text)) {
      const inner = scanText(run.decoded, { ...this.options, decode: false });
      const end = run.start + run.encoded.length;
      for (const m of inner) {
        if (!spans.some(([s, e]) => s === run.start && e === end)) spans.push([run.start, end]);
        this.found.push({ ruleId: m.ruleId, line, column: run.start + 1, value: run.encoded, encoding: run.encoding });
      }
    }
  }

  /** Ends the text: reports a key block whose END line was not added. */
  finish(): SecretMatch[] {
    if (this.block) this.closeBlock();
    return this.found;
  }

  private startBlock(text: string, line: number): void {
    const begin = BEGIN_KEY.exec(text);
    if (!begin) return;
    const rest = text.slice(begin.index + begin[0].length);
    const endAt = rest.indexOf('-----END ');
    if (endAt >= 0) {
      // One line: a JSON string with "\n" escapes, as in a Google service account key file.
      const body = rest.slice(0, endAt).replace(/\\[nr]/g, ' ');
      const close = rest.indexOf('-----', endAt + 9);
      const value = text.slice(begin.index, begin.index + begin[0].length + (close >= 0 ? close + 5 : endAt + 9));
      if (base64Length(body) >= MIN_KEY_BODY) this.found.push({ ruleId: PRIVATE_KEY_RULE_ID, line, column: begin.index + 1, value });
      return;
    }
    this.block = { line, column: begin.index + 1, lines: [text.slice(begin.index).trimEnd()], body: 0 };
  }

  private continueBlock(text: string, line: number): void {
    const block = this.block;
    if (!block) return;
    const trimmed = text.trim();
    // A line that cannot be key body (or a blank line once the body began) ends a block whose END is missing, and is scanned itself.
    if (trimmed === '' ? block.body > 0 : !trimmed.includes('-----END ') && !KEY_HEADER.test(trimmed) && !BODY_LINE.test(trimmed)) {
      this.closeBlock();
      if (trimmed !== '' && this.matcher.scanString(text)) this.match(text, line);
      return;
    }
    const endAt = trimmed.indexOf('-----END ');
    if (endAt >= 0) {
      block.body += base64Length(trimmed.slice(0, endAt));
      block.lines.push(trimmed);
      this.closeBlock();
      return;
    }
    block.lines.push(trimmed);
    if (!KEY_HEADER.test(trimmed)) block.body += base64Length(trimmed);
    if (block.lines.length >= MAX_KEY_LINES) this.closeBlock();
  }

  private closeBlock(): void {
    const block = this.block;
    this.block = undefined;
    if (!block || block.body < MIN_KEY_BODY) return;
    this.found.push({ ruleId: PRIVATE_KEY_RULE_ID, line: block.line, column: block.column, value: block.lines.join('\n') });
  }
}

/** Scans a whole text (a body, a commit message, a file), numbering its lines from 1. */
export function scanText(text: string, options: ScannerOptions = {}): SecretMatch[] {
  const scanner = new SecretScanner(options);
  let line = 1;
  let from = 0;
  for (;;) {
    const next = text.indexOf('\n', from);
    const raw = next < 0 ? text.slice(from) : text.slice(from, next);
    scanner.line(raw.endsWith('\r') ? raw.slice(0, -1) : raw, line++);
    if (next < 0) break;
    from = next + 1;
  }
  return scanner.finish();
}
