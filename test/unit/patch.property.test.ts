import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addedLines, splitGitDiff } from '../../src/diff/patch.js';
import { DiffSecretScanner, scanDiff } from '../../src/secrets/diff.js';

// Lines that steer the parsers: hunk headers (also broken ones), file headers, and added, removed and context lines.
const diffLine = fc.oneof(
  fc.constantFrom('@@ -1,3 +1,4 @@', '@@ -0,0 +1 @@', '@@ -1 +', '@@', 'diff --git a/x b/x', 'diff --git "a/\\303\\251" "b/\\303\\251"', '+++ b/x', '--- a/x', '+++ /dev/null', 'Binary files a/x and b/x differ', '\\ No newline at end of file', 'rename from "a\\"', 'rename to \\'),
  fc.string({ maxLength: 40 }).map((text) => `+${text}`),
  fc.string({ maxLength: 40 }).map((text) => `-${text}`),
  fc.string({ maxLength: 40 }).map((text) => ` ${text}`),
  fc.string({ maxLength: 40 }),
);
const diff = fc.array(diffLine, { maxLength: 60 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((end) => lines.join(end)));

/** The fastest of five runs, in ms: load from other processes and garbage collection only ever slow a run down. */
function fastest(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Time for 16n over time for n: about 16 when linear, 256 when quadratic, so that the bound between
 * them (64) leaves room for a busy machine on either side. The best of three tries.
 */
function growth(make: (n: number) => string, parse: (input: string) => unknown, n: number): number {
  const small = make(n);
  const large = make(16 * n);
  parse(small);
  const ratio = (): number => fastest(() => parse(large)) / Math.max(fastest(() => parse(small)), 1);
  return Math.min(ratio(), ratio(), ratio());
}

const chunked = (input: string): unknown => {
  const scanner = new DiffSecretScanner();
  const bytes = Buffer.from(input);
  // Small pieces, as a pipe may deliver them: a line copied again at every piece would show as quadratic at once.
  for (let i = 0; i < bytes.length; i += 256) scanner.write(bytes.subarray(i, i + 256));
  return scanner.finish();
};

// Hostile shapes: one endless line, endless hunk headers, a header with no end, all the secrets' keywords.
const HOSTILE: Array<[string, (n: number) => string]> = [
  ['one long added line', (n) => `diff --git a/x b/x\n+++ b/x\n@@ -0,0 +1 @@\n+${'a'.repeat(n)}`],
  ['many hunk headers', (n) => `@@ -1 +1 @@\n`.repeat(Math.floor(n / 12))],
  ['a broken hunk header without end', (n) => `@@ -1 +${'1'.repeat(n)}`],
  ['many file headers', (n) => 'diff --git a/x b/x\n'.repeat(n / 19)],
  ['keywords without secrets', (n) => `diff --git a/x b/x\n+++ b/x\n@@ -0,0 +1 @@\n+${'password=token=secret=key='.repeat(n / 25)}`],
  ['many short added lines', (n) => `diff --git a/x b/x\n+++ b/x\n@@ -0,0 +1 @@\n${'+ab\n'.repeat(n / 4)}`],
];

describe('patch parsing on random input', () => {
  it('addedLines and splitGitDiff never throw, and number added lines from their hunk', () => {
    fc.assert(
      fc.property(diff, (text) => {
        for (const { line } of addedLines(text)) expect(Number.isSafeInteger(line)).toBe(true);
        for (const file of splitGitDiff(text)) expect(typeof file.path).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('the secret scan of a diff never throws, whole or in chunks', () => {
    fc.assert(
      fc.property(diff, fc.integer({ min: 1, max: 64 }), (text, size) => {
        scanDiff(text);
        const scanner = new DiffSecretScanner();
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += size) scanner.write(bytes.subarray(i, i + size));
        scanner.finish();
      }),
      { numRuns: 300 },
    );
  });
});

describe('patch parsing is linear', () => {
  const N = 60_000;
  it.each(HOSTILE)('%s', (_, make) => {
    expect(growth(make, addedLines, N), 'addedLines').toBeLessThan(64);
    expect(growth(make, splitGitDiff, N), 'splitGitDiff').toBeLessThan(64);
    expect(growth(make, scanDiff, N), 'scanDiff').toBeLessThan(64);
    expect(growth(make, chunked, N), 'DiffSecretScanner in chunks').toBeLessThan(64);
  }, 60_000);
});
