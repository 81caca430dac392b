import { Minimatch, type MinimatchOptions } from 'minimatch';
import { UserError } from './errors.js';

const PATH_OPTIONS: MinimatchOptions = { dot: true, nonegate: true, nocomment: true };
const IDENTITY_OPTIONS: MinimatchOptions = { ...PATH_OPTIONS, nocase: true };

/** Longest glob a policy may hold; the longest real path patterns are far shorter. */
export const MAX_GLOB_LENGTH = 256;
/** Most patterns one glob may expand to through braces: each is matched against every path. */
export const MAX_BRACE_EXPANSIONS = 1_000;

const RANGE = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$|^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/;

/** Index of the `}` that closes the `{` at `open`, or -1 when it is never closed (then it is literal). */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function rangeSize(text: string): number | undefined {
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const [from, to] = m[1] !== undefined ? [Number(m[1]), Number(m[2])] : [(m[4] ?? 'a').charCodeAt(0), (m[5] ?? 'a').charCodeAt(0)];
  const step = Math.max(1, Math.abs(Number(m[3] ?? m[6] ?? 1)));
  return Math.floor(Math.abs(to - from) / step) + 1;
}

/**
 * How many patterns brace expansion makes of `pattern` ({a,b} alternatives, {1..9} ranges, nested),
 * counted without expanding, so that a brace bomb costs nothing to measure. An upper bound.
 */
export function braceExpansions(pattern: string): number {
  let total = 1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== '{') continue;
    const close = closingBrace(pattern, i);
    if (close < 0) continue;
    const inner = pattern.slice(i + 1, close);
    const parts = topLevelParts(inner);
    const count = parts.length > 1 ? parts.reduce((sum, part) => sum + braceExpansions(part), 0) : (rangeSize(inner) ?? braceExpansions(inner));
    total = Math.min(total * count, Number.MAX_SAFE_INTEGER);
    i = close;
  }
  return total;
}

/** Why a glob costs more than a run can afford (length, brace expansion), or undefined. Cheap on any input. */
export function globCostProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_GLOB_LENGTH) return `the pattern is longer than ${MAX_GLOB_LENGTH} characters; write a shorter one`;
  if (braceExpansions(pattern) > MAX_BRACE_EXPANSIONS) {
    return `its braces expand it to more than ${MAX_BRACE_EXPANSIONS.toLocaleString('en-US')} patterns; list fewer alternatives, or use * and ?`;
  }
  return undefined;
}

const cache = new Map<string, Minimatch>();

function compile(pattern: string, options: MinimatchOptions): Minimatch {
  const key = `${options.nocase ? 'i' : 's'}:${pattern}`;
  let compiled = cache.get(key);
  if (!compiled) {
    // Validation rejects what this cannot afford; the check is repeated for patterns that were never validated.
    const problem = globCostProblem(pattern);
    if (problem) throw new UserError(`The glob ${JSON.stringify(pattern.slice(0, 80))} cannot be used: ${problem}. Run \`vendor-gate validate\` on the policy.`);
    // "docs/" means everything below docs, as in .gitignore and CODEOWNERS.
    compiled = new Minimatch(pattern.endsWith('/') ? `${pattern}**` : pattern, options);
    cache.set(key, compiled);
  }
  return compiled;
}

/** The first of `patterns` that matches the repository path, if any. Paths are case-sensitive, as in git. */
export function firstPathMatch(patterns: readonly string[], path: string): string | undefined {
  return patterns.find((pattern) => compile(pattern, PATH_OPTIONS).match(path));
}

/** Logins and emails are case-insensitive on GitHub. */
export function identityMatches(pattern: string, value: string): boolean {
  return compile(pattern, IDENTITY_OPTIONS).match(value);
}

/** Compiles a glob as the run will; throws what minimatch throws. For validation. */
export function compileGlob(pattern: string, identity: boolean): void {
  compile(pattern, identity ? IDENTITY_OPTIONS : PATH_OPTIONS);
}
