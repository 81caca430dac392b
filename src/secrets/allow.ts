/** Longest allow pattern accepted: a policy needs short, specific patterns. */
export const MAX_PATTERN_LENGTH = 300;

interface Frame {
  quantified: boolean;
  alternation: boolean;
}

/**
 * Why a regular expression could take exponential time (catastrophic backtracking), or undefined.
 * Conservative: a repeated group may not itself contain a repetition or an alternation, and
 * backreferences are refused. Allow patterns run on every found value, so a slow one stalls the gate.
 */
export function regexHazard(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  const stack: Frame[] = [{ quantified: false, alternation: false }];
  // The group that just closed, when the next character may quantify it.
  let closed: Frame | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    const top = stack[stack.length - 1] as Frame;
    const quantifier = c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(?:,\d*)?\}/.test(pattern.slice(i)));
    if (quantifier) {
      if (closed && (closed.quantified || closed.alternation)) {
        return 'a repeated group contains a repetition or an alternation, such as (a+)+ or (a|ab)*, which can take exponential time; repeat a character class instead, such as [a-z]+';
      }
      top.quantified = true;
      if (c === '{') i = pattern.indexOf('}', i);
      if (pattern.charAt(i + 1) === '?') i++;
      closed = undefined;
      continue;
    }
    closed = undefined;
    if (c === '\\') {
      const next = pattern.charAt(i + 1);
      if (/[1-9]/.test(next) || next === 'k') return 'backreferences (\\1, \\k<name>) are not supported in allow patterns';
      i++;
    } else if (c === '[') {
      // A character class is one atom: skip to its unescaped end.
      for (i++; i < pattern.length && pattern.charAt(i) !== ']'; i++) if (pattern.charAt(i) === '\\') i++;
    } else if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      // Skip a group's kind, (?: (?= (?! (?<= (?<! (?<name>, which is no quantifier.
      const kind = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(pattern.slice(i + 1));
      if (kind) i += kind[0].length;
    } else if (c === ')') {
      const frame = stack.pop();
      if (!frame || stack.length === 0) return 'unbalanced parentheses';
      const parent = stack[stack.length - 1] as Frame;
      parent.quantified ||= frame.quantified;
      closed = frame;
    } else if (c === '|') {
      top.alternation = true;
    }
  }
  return stack.length === 1 ? undefined : 'unbalanced parentheses';
}

/** Allow patterns only ever see values this long; longer values (key blocks) match on their first part. */
export const MAX_ALLOW_INPUT = 1000;

export function allowedByPattern(value: string, patterns: readonly RegExp[]): boolean {
  const input = value.length > MAX_ALLOW_INPUT ? value.slice(0, MAX_ALLOW_INPUT) : value;
  return patterns.some((p) => p.test(input));
}
