import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanBytes, TextSecretScanner } from '../../src/secrets/pieces.js';
import { compiledRules, scanText } from '../../src/secrets/scanner.js';
import { githubToken, keyBlock, SAMPLES } from './secret-samples.js';
import type { KeywordMatcher } from '../../src/secrets/keywords.js';

/** The offset of every "\n". */
function newlines(bytes: Uint8Array): number[] {
  const at: number[] = [];
  bytes.forEach((byte, i) => { if (byte === 10) at.push(i); });
  return at;
}

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
  it('finds exactly the keyword ends the automaton finds, and every newline, in order', () => {
    fc.assert(
      fc.property(text, (bytes) => {
        const hits = search().scan(bytes);
        expect(Array.from(hits.ends.subarray(0, hits.count))).toEqual(reference(matcher, bytes));
        expect(Array.from(hits.newlines.subarray(0, hits.newlineCount))).toEqual(newlines(bytes));
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
    expect(Array.from(hits.newlines.subarray(0, hits.newlineCount))).toEqual(newlines(bytes));
    const states = new Set<number>();
    for (let i = 0; i < hits.count; i++) states.add(hits.states[i] as number);
    expect(states.size).toBeGreaterThan(5);
  });
});

describe('scanning bytes through the keyword search', () => {
  // Lines of every rule's samples, found and clean, with key blocks and plain text between them.
  const sampleLine = fc.constantFrom(...SAMPLES.flatMap((s) => [...s.found, ...s.clean]), ...keyBlock(), '', 'const x = 1;', '\tindent é € "quoted"', 'password = hunter2');
  const sampleText = fc.tuple(fc.array(sampleLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n')).map(([lines, end]) => lines.join(end));

  it('finds what the line-by-line scanner finds, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(sampleText, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const scanner = new TextSecretScanner();
        let from = 0;
        for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
          scanner.write(bytes.subarray(from, cut));
          from = cut;
        }
        scanner.write(bytes.subarray(from));
        const found = scanner.finish();
        expect(found).toEqual(scanText(text));
        expect(scanBytes(bytes).found).toEqual(found);
      }),
      { numRuns: 300 },
    );
  });

  it('lists a line over the cap, scanned in its first bytes only', () => {
    const token = githubToken();
    const { found, cut } = scanBytes(Buffer.from(`a\n${'x'.repeat(100)} ${token}\n${token}\n`), {});
    expect(found.map((m) => m.line)).toEqual([2, 3]);
    expect(cut).toEqual([]);
    const scanner = new TextSecretScanner({}, 64);
    scanner.write(Buffer.from(`a\n${'x'.repeat(100)} ${token}\n${token}\n`));
    expect(scanner.finish().map((m) => m.line)).toEqual([3]);
    expect(scanner.cut).toEqual([{ line: 2, bytes: 141, scanned: 64 }]);
  });
});
