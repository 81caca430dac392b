import type { TextPattern } from '../pattern.js';

/** Allow patterns only ever see values this long; longer values (key blocks) match on their first part. */
export const MAX_ALLOW_INPUT = 1000;

export function allowedByPattern(value: string, patterns: readonly TextPattern[]): boolean {
  const input = value.length > MAX_ALLOW_INPUT ? value.slice(0, MAX_ALLOW_INPUT) : value;
  return patterns.some((p) => p.test(input));
}
