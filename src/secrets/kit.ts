// The shape of a secret rule and the builders the provider files share (a leaf: rules.ts and
// providers/ import it, so that the provider lists never import rules.ts back).
import type { SecretRuleId } from '../secret-rule-ids.js';
import { entropy, isPlaceholder } from './entropy.js';

export type Severity = 'high' | 'medium' | 'low';
export type Confidence = 'high' | 'medium' | 'low';

export interface Rule {
  id: SecretRuleId;
  title: string;
  severity: Severity;
  /** Case-sensitive substrings: a line that holds none of them is never matched against `pattern`. */
  keywords: readonly string[];
  /** Global; capture group 1, when present, is the secret value, else the whole match. */
  pattern: RegExp;
  /** A second look at a candidate: a checksum, a decoding, an entropy score. */
  /** A second look at a candidate: a checksum, a decoding, an entropy score; `context` is the match with up to 40 characters before it. */
  validate?: (secret: string, context: string) => boolean;
  /**
   * How sure a match is: `high` for a provider format with a fixed prefix or a checksum, `medium` for a
   * documented shape found next to the provider's name, `low` for generic names and entropy.
   */
  confidence?: Confidence;
}

/** Case variants of a word, for keywords (the prefilter is case-sensitive for speed). */
export function cases(...words: string[]): string[] {
  return [...new Set(words.flatMap((w) => [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)]))];
}

export const ASSIGN = String.raw`['"]?\s*(?:[:=]|:=|=>|\bis\b)\s*(?:[A-Za-z]+\()?['"\x60]?`;
export const END = String.raw`(?![A-Za-z0-9+/=_-])`;

/** Lower bound of bits per character for a value to count as random (a 16-symbol hex alphabet tops out at 4). */
export function randomEnough(value: string, bits: number): boolean {
  return entropy(value) >= bits && !isPlaceholder(value);
}

/** Hex keys without a prefix: random enough, and not a run of one digit (SHA-shaped is fine: the context names the provider). */
export function hexKey(value: string): boolean {
  return entropy(value) >= 3 && !/(.)\1{5}/.test(value);
}

// isPlaceholder would refuse a hex body as a commit SHA; a provider's token body only needs to look random.
const FILLER = /(.)\1{5}|example|sample|dummy|placeholder|redacted|your|xxxx|fake|0123456|abcdef(?:gh|[^0-9a-f])/i;

// A camelCase or PascalCase name after a prefix-like word (`rnd_generateNumberFromSeedValue`) is code, and has the entropy of a key.
const IDENTIFIER = /^(?:[A-Z]?[a-z]{2,}){3,}[0-9]{0,2}$/;

/** The random part of a token is random: not a run, not a filler word, and with some entropy. */
export function randomBody(body: string): boolean {
  return entropy(body) >= (body.length >= 24 ? 3 : 2.5) && !FILLER.test(body) && !IDENTIFIER.test(body);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Options {
  /** Key the prefilter on the credential words rather than the provider's names, when the names are common words. */
  keyOnWords?: boolean;
  severity?: Severity;
  confidence?: Confidence;
  validate?: (secret: string) => boolean;
}

/**
 * A token with a fixed prefix (its keyword): `body` is the source of a regular expression for the
 * rest of the token. The default check looks at the part after the prefix only.
 */
export function prefixed(id: SecretRuleId, title: string, prefixes: readonly string[], body: string, options: Options = {}): Rule {
  const alternatives = [...prefixes].sort((a, b) => b.length - a.length).map(escape).join('|');
  const rest = (value: string): string => value.slice(prefixes.find((p) => value.startsWith(p))?.length ?? 0);
  return {
    id,
    title,
    severity: options.severity ?? 'high',
    keywords: prefixes,
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_-])((?:${alternatives})${body})${END}`, 'g'),
    validate: options.validate ?? ((value) => randomBody(rest(value))),
    confidence: options.confidence ?? 'high',
  };
}

/**
 * A value whose shape is only telling next to the provider's name: `names` are lower-case words whose
 * case variants are the keywords; `words`, when given, must follow the name (key, token, secret...).
 */
export function named(
  id: SecretRuleId,
  title: string,
  names: readonly string[],
  words: readonly string[] | undefined,
  value: string,
  options: Options = {},
): Rule {
  const name = cases(...names).map(escape).join('|');
  const gap = words ? String.raw`[\w.-]{0,24}?(?:${cases(...words).map(escape).join('|')})[\w.-]{0,12}` : String.raw`[\w.-]{0,30}`;
  return {
    id,
    title,
    severity: options.severity ?? 'high',
    keywords: options.keyOnWords && words ? cases(...words) : cases(...names),
    pattern: new RegExp(String.raw`(?:${name})${gap}${ASSIGN}(${value})${END}`, 'g'),
    validate: options.validate ?? randomBody,
    confidence: options.confidence ?? 'medium',
  };
}

/** The words that name a credential after a provider's name. */
export const SECRET_WORDS = ['key', 'token', 'secret', 'password', 'auth', 'credential'] as const;

export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A password from a URL or a connection string: long enough, not a placeholder, not a template. */
export function credentialIsReal(password: string): boolean {
  const decoded = (() => {
    try {
      return decodeURIComponent(password);
    } catch {
      return password;
    }
  })();
  return decoded.length >= 6 && !isPlaceholder(decoded) && !/^[*x.•]+$/i.test(decoded) && !/[{}$%<>]/.test(decoded);
}
