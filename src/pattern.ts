import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** Longest regular expression a policy may hold: policy patterns are short and specific. */
export const MAX_PATTERN_LENGTH = 300;

/** What the gates need of a compiled pattern; a RegExp has the same shape. */
export interface TextPattern {
  test(text: string): boolean;
}

// The JavaScript syntax that RE2 lacks, with what to write instead.
const HINTS: Array<[RegExp, string]> = [
  [/^\(\?<?[=!]/, 'RE2 has no lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)); match the text itself, or drop the condition'],
  [/^\\[1-9k]/, 'RE2 has no backreferences (\\1, \\k<name>); write the repeated text out'],
  [/^\\u/, 'write a character by its code point as \\x{00e9}, not \\u00e9'],
];

/** Why RE2 cannot compile `source` (its syntax, or the length limit), or undefined. */
export function patternProblem(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters; write a shorter, more specific one`;
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    const snippet = error instanceof RE2JSSyntaxException ? (error.getPattern() ?? '') : '';
    const description = error instanceof RE2JSSyntaxException ? error.getDescription() : error.message;
    const at = snippet === '' ? -1 : source.indexOf(snippet);
    const where = at < 0 ? '' : ` at character ${at + 1} (${JSON.stringify(snippet)})`;
    const hint = HINTS.find(([syntax]) => syntax.test(snippet))?.[1];
    return `${description}${where}${hint ? `: ${hint}` : ''}`;
  }
}

const compiled = new Map<string, TextPattern>();

/**
 * A policy's regular expression on RE2, which matches in time linear in the text whatever the pattern:
 * patterns and texts may both be hostile. `test` finds a match anywhere, as RegExp#test does.
 */
export function compilePattern(source: string): TextPattern {
  let pattern = compiled.get(source);
  if (!pattern) {
    const re2 = RE2JS.compile(source);
    pattern = { test: (text) => re2.test(text) };
    compiled.set(source, pattern);
  }
  return pattern;
}
