import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledRules } from '../../src/secrets/scanner.js';
import type { KeywordMatcher } from '../../src/secrets/keywords.js';

/** Every keyword end by walking the automaton one byte at a time in JavaScript, NUL bytes skipped. */
function reference(matcher: KeywordMatcher, bytes: Uint8Array): number[] {
  const ends: number[] = [];
  let state = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte !== 0) state = matcher.delta[state * matcher.width + (matcher.classes[byte] as number)] as number;
    if (matcher.hit[state] === 1) ends.push(i);
  }
  return ends;
}

const { matcher, search } = compiledRules(new Set());
const keyword = fc.constantFrom('AKIA', 'ghp_', 'token', 'password', '://', 'eyJ', 'SK', 'Q~', 'sk_live_', 'hooks.slack.com', 'xoxb-', 'glpat-', 'PRIVATE KEY', 'api_key');
const filler = fc.string({ unit: fc.constantFrom('a', 'K', 'I', 'A', '_', '\n', ' ', '\0', 'é', 'p', 's', 'o') , maxLength: 40 });
const text = fc.array(fc.oneof(keyword, filler), { maxLength: 60 }).map((parts) => Buffer.from(parts.join(''), 'utf8'));

describe('the WebAssembly keyword search', () => {
  it('finds exactly the keyword ends the automaton finds, in order', () => {
    fc.assert(
      fc.property(text, (bytes) => {
        const hits = search().scan(bytes);
        expect(Array.from(hits.ends.subarray(0, hits.count))).toEqual(reference(matcher, bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('finds them across its internal windows, streams and pieces, in a buffer of several MB', () => {
    // Keywords at every distance from the 64 KB windows and the 1 MB pieces, with random text between them.
    const random = fc.sample(text, { numRuns: 5000, seed: 7 });
    const bytes = Buffer.concat(random.flatMap((b, i) => [b, Buffer.alloc(i * 37 % 1200, 0x61)]));
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const hits = search().scan(bytes);
    const want = reference(matcher, bytes);
    expect(hits.count).toBe(want.length);
    expect(Array.from(hits.ends.subarray(0, hits.count))).toEqual(want);
    const states = new Set<number>();
    for (let i = 0; i < hits.count; i++) states.add(hits.states[i] as number);
    expect(states.size).toBeGreaterThan(5);
  });
});
