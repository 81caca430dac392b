import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiffParser, type DiffHandler } from '../../src/diff/parse.js';
import { addedLines, splitGitDiff } from '../../src/diff/patch.js';
import { LineSplitter } from '../../src/lines.js';
import { DiffSecretScanner } from '../../src/secrets/diff.js';
import { githubToken } from './secret-samples.js';

const token = githubToken();
const text = fc.string({ maxLength: 30, unit: fc.constantFrom('a', ' ', '\t', '"', '\\', 'é', '€', '\r', '+', '-', '@') });
// Lines that steer the parser: file and hunk headers (broken ones too), quoted names, renames, binaries, and hunk lines with multi-byte text.
const diffLine = fc.oneof(
  fc.constantFrom(
    '@@ -1,3 +1,4 @@', '@@ -0,0 +1 @@', '@@ -2,0 +3,2 @@ f()', '@@ -1 +', 'diff --git a/x b/x', 'diff --git a/a b.txt b/a b.txt', 'diff --git "a/\\303\\251" "b/\\303\\251"',
    '+++ b/x', '--- a/x\t2026-01-01', '+++ /dev/null', '+++ "b/t\\tq"\t', 'rename from "a\\"', 'rename to b c', 'Binary files a/x and b/x differ', 'GIT binary patch', '\\ No newline at end of file', '',
  ),
  text.map((t) => `+${t}`),
  text.map((t) => `+T=${token}${t}`),
  text.map((t) => `-${t}`),
  text.map((t) => ` ${t}`),
);
const diff = fc.array(diffLine, { maxLength: 50 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((end) => lines.join(end)));

/** Cuts bytes at the given positions, as a pipe might deliver them. */
function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

/** Everything the layer tells a consumer, as one plain value. */
function events(chunks: Buffer[], maxLineBytes?: number, path?: string, listNewlines = false): unknown[] {
  const seen: unknown[] = [];
  const line = (kind: string) => (f: { path: string }, n: number, b: Buffer, s: number, e: number, length: number | undefined) => seen.push([kind, f.path, n, b.toString('hex', s, e), length]);
  const handler: DiffHandler = {
    added: line('+'),
    context: line(' '),
    hunk: (f, start) => seen.push(['@', f.path, start]),
    file: (f) => seen.push(['file', { ...f, hunks: f.hunks ? { ...f.hunks } : undefined }]),
  };
  const parser = new DiffParser(handler, { ...(maxLineBytes !== undefined ? { maxLineBytes } : {}), ...(path !== undefined ? { path } : {}) });
  for (const chunk of chunks) {
    const copy = Buffer.from(chunk);
    const newlines = Int32Array.from([...copy.keys()].filter((i) => copy[i] === 10));
    parser.write(copy, listNewlines ? { newlines, newlineCount: newlines.length } : undefined);
  }
  parser.end();
  return seen;
}

describe('the diff layer on random input', () => {
  it('gives the same events whatever the chunk boundaries, with or without a cut at the cap', () => {
    fc.assert(
      fc.property(diff, fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom(undefined, 4, 9), fc.constantFrom(undefined, 'p'), (input, cuts, cap, path) => {
        const bytes = Buffer.from(input);
        const whole = events([bytes], cap, path);
        expect(events(pieces(bytes, cuts), cap, path)).toEqual(whole);
        // The same when the caller lists each chunk's newlines (the secrets scan finds them on its way).
        expect(events(pieces(bytes, cuts), cap, path, true)).toEqual(whole);
      }),
      { numRuns: 400 },
    );
  });

  it('finds the same secrets and partial lines whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(diff, fc.array(fc.nat(), { maxLength: 12 }), (input, cuts) => {
        const scan = (chunks: Buffer[]) => {
          const scanner = new DiffSecretScanner({}, { maxLineBytes: 48 });
          for (const chunk of chunks) scanner.write(chunk);
          return { found: scanner.finish(), binary: scanner.binary, partial: scanner.partial };
        };
        const bytes = Buffer.from(input);
        expect(scan(pieces(bytes, cuts))).toEqual(scan([bytes]));
      }),
      { numRuns: 300 },
    );
  });

  it('splitGitDiff keeps each file\'s hunks whole: its patch gives the added lines the layer gave for that file', () => {
    fc.assert(
      fc.property(diff, (input) => {
        const perFile: Array<Array<[number, string]>> = [];
        let current: Array<[number, string]> = [];
        const parser = new DiffParser({
          added: (_f, n, b, s, e) => current.push([n, b.toString('utf8', s, e)]),
          file: () => {
            perFile.push(current);
            current = [];
          },
        });
        parser.write(Buffer.from(input));
        parser.end();
        expect(splitGitDiff(input).map((f) => addedLines(f.patch).map((a): [number, string] => [a.line, a.text]))).toEqual(perFile);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the line splitter on random input', () => {
  it('gives the lines of the whole text, without "\\r", cut at the cap with their full length, whatever the chunks', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: fc.constantFrom('a', 'é', '\n', '\r', ' ') }), fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 1, max: 12 }), (input, cuts, cap) => {
        const bytes = Buffer.from(input);
        const seen: Array<[number, string, number | undefined, number, number]> = [];
        const splitter = new LineSplitter({ maxLineBytes: cap, onLine: (b, s, e, n, length) => seen.push([n, b.toString('hex', s, e), length, splitter.lineStart, splitter.lineEnd]) });
        for (const chunk of pieces(bytes, cuts)) splitter.write(Buffer.from(chunk));
        splitter.end();
        const expected: Array<[number, string, number | undefined, number, number]> = [];
        let offset = 0;
        const raw = input.split('\n');
        raw.forEach((line, i) => {
          const size = Buffer.byteLength(line);
          if (i === raw.length - 1 && size === 0) return;
          const content = Buffer.from(line.endsWith('\r') ? line.slice(0, -1) : line);
          expected.push([i + 1, content.subarray(0, cap).toString('hex'), content.length > cap ? content.length : undefined, offset, offset + size]);
          offset += size + 1;
        });
        expect(seen).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
