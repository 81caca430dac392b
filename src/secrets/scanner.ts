import { ENCODED_KEYWORDS, encodedRuns, type Encoding } from './encoded.js';
import { publishedExample } from './examples.js';
import { KeywordMatcher } from './keywords.js';
import { PRIVATE_KEY_RULE_ID, RULES, type Rule } from './rules.js';
import { KeywordSearch } from './search.js';

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
  /** The same keywords searched over whole buffers, built on first use. */
  search: () => KeywordSearch;
}

/**
 * The text to scan of bytes decoded as UTF-8: NUL bytes are dropped, so that neither a leading NUL
 * (git's "binary" test) nor UTF-16 (every ASCII character followed or preceded by a NUL) hides a
 * key. Newlines survive, so line numbers still hold.
 */
export function scannable(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}

const compiled = new Map<string, CompiledRules>();

/** The enabled rules and their keyword automaton, built once per set of disabled rules. */
export function compiledRules(disabled: ReadonlySet<string>): CompiledRules {
  const cacheKey = [...disabled].sort().join(',');
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const rules = RULES.filter((r) => !disabled.has(r.id));
  // The slot after the last rule holds the markers of encoded secrets.
  const keywords = [...rules.map((r) => r.keywords), ENCODED_KEYWORDS];
  const matcher = new KeywordMatcher(keywords);
  let search: KeywordSearch | undefined;
  const longest = Math.max(...keywords.flat().map((k) => k.length));
  const result = { rules, matcher, search: () => (search ??= new KeywordSearch(matcher, longest)) };
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
  readonly found: SecretMatch[] = [];

  constructor(options: ScannerOptions = {}) {
    ({ rules: this.rules, matcher: this.matcher } = compiledRules(new Set(options.disabledRules ?? [])));
    this.options = options;
  }

  /** Scans one line; `line` is its number in the file (added lines of a diff are not consecutive). */
  line(text: string, line: number): void {
    if (this.block) this.continueBlock(text, line);
    else if (this.matcher.scanString(text)) this.match(text, line);
  }

  /**
   * Scans one line given as UTF-8 bytes [start, end) whose keywords the caller found (a KeywordSearch
   * over the whole buffer): `selected` holds their rules' bits, undefined when the line has none. Only a
   * line with a keyword, or inside a key block, is decoded; its NUL bytes are dropped, as the search skipped them.
   */
  selectedLine(bytes: Buffer, start: number, end: number, line: number, selected: Int32Array | undefined): void {
    if (this.block) this.continueBlock(scannable(bytes.toString('utf8', start, end)), line);
    else if (selected) this.matchRules(scannable(bytes.toString('utf8', start, end)), line, selected);
  }

  private match(text: string, line: number): void {
    this.matchRules(text, line, this.matcher.found);
  }

  /** Runs the rules whose bits are set in `found` on one line. */
  private matchRules(text: string, line: number, found: Int32Array): void {
    const spans: Array<[number, number]> = [];
    const slot = this.rules.length;
    if (this.options.decode !== false && (((found[slot >>> 5] ?? 0) >>> (slot & 31)) & 1) === 1) this.matchEncoded(text, line, spans);
    // Only the selected rules, in rule order (a provider's rule claims its span before the generic one): one or two of 200 on most lines.
    for (let word = 0; word << 5 < slot; word++) {
      for (let bits = found[word] ?? 0; bits !== 0; bits &= bits - 1) {
        const i = (word << 5) + 31 - Math.clz32(bits & -bits);
        if (i < slot) this.matchRule(this.rules[i] as Rule, text, line, spans);
      }
    }
  }

  private matchRule(rule: Rule, text: string, line: number, spans: Array<[number, number]>): void {
    if (rule.id === PRIVATE_KEY_RULE_ID) {
      this.startBlock(text, line);
      return;
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
