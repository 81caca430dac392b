import { describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { DiffParser, MAX_DIFF_LINE_BYTES, parseDiff, readPath, type DiffFile } from '../../src/diff/parse.js';
import { secretsGate } from '../../src/gates/secrets.js';
import { DiffSecretScanner } from '../../src/secrets/diff.js';
import { context, facts, file } from './helpers.js';
import { githubToken } from './secret-samples.js';

const token = githubToken();

/** Every file the layer reports, with its added lines, as one plain value to compare. */
function files(diff: string | Buffer): Array<DiffFile & { lines: Array<[number, string]> }> {
  const out: Array<DiffFile & { lines: Array<[number, string]> }> = [];
  let lines: Array<[number, string]> = [];
  parseDiff(diff, {
    added: (_f, line, buffer, start, end) => lines.push([line, buffer.toString('utf8', start, end)]),
    file: (f) => {
      out.push({ ...f, lines });
      lines = [];
    },
  });
  return out;
}

describe('paths', () => {
  it('reads C-quoted names byte by byte', () => {
    expect(readPath('"a\\303\\251\\t\\"b\\\\"\trest')).toEqual({ name: 'aé\t"b\\', next: 18 });
    expect(readPath('plain name\t2026-01-01')).toEqual({ name: 'plain name', next: 10 });
  });
});

describe('the diff layer', () => {
  const lf = [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -1,2 +1,3 @@',
    ' keep',
    '+added',
    '-gone',
    '+last',
    '\\ No newline at end of file',
    'diff --git a/old name.ts b/new name.ts',
    'similarity index 80%',
    'rename from old name.ts',
    'rename to new name.ts',
    '--- a/old name.ts\t',
    '+++ b/new name.ts\t',
    '@@ -5,0 +6 @@',
    '+moved',
    'diff --git a/pure.ts b/moved/pure.ts',
    'similarity index 100%',
    'rename from pure.ts',
    'rename to moved/pure.ts',
    'diff --git a/gone.ts b/gone.ts',
    'deleted file mode 100644',
    '--- a/gone.ts',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-x',
    'diff --git a/img.png b/img.png',
    'GIT binary patch',
    'literal 3',
    'KcmZ?wbV&R~Y7',
    '',
  ].join('\n');

  const expected = [
    { path: 'src/a.ts', binary: false, added: 2, removed: 1, lines: [[2, 'added'], [3, 'last']] },
    { path: 'new name.ts', previousPath: 'old name.ts', binary: false, added: 1, removed: 0, lines: [[6, 'moved']] },
    { path: 'moved/pure.ts', previousPath: 'pure.ts', binary: false, added: 0, removed: 0, lines: [] },
    { path: 'gone.ts', binary: false, added: 0, removed: 1, lines: [] },
    { path: 'img.png', binary: true, added: 0, removed: 0, lines: [] },
  ];

  it('reads files, renames, deletions, binaries and "\\ No newline at end of file"', () => {
    expect(files(lf).map(({ hunks: _, ...f }) => f)).toEqual(expected);
  });

  it('reads a CRLF diff as the LF one', () => {
    expect(files(lf.replace(/\n/g, '\r\n')).map(({ hunks: _, ...f }) => f)).toEqual(expected);
  });

  it('gives the byte range of each file\'s hunks, "\\ No newline" included', () => {
    const bytes = Buffer.from(lf);
    const [a, renamed, pure] = files(bytes);
    expect(bytes.toString('utf8', a?.hunks?.start, a?.hunks?.end)).toBe('@@ -1,2 +1,3 @@\n keep\n+added\n-gone\n+last\n\\ No newline at end of file');
    expect(bytes.toString('utf8', renamed?.hunks?.start, renamed?.hunks?.end)).toBe('@@ -5,0 +6 @@\n+moved');
    expect(pure?.hunks).toBeUndefined();
  });

  it('reads a GitHub patch as one file whose name it is given', () => {
    const seen: string[] = [];
    parseDiff('@@ -1 +1,2 @@\n-diff --git a/x b/x\n+diff --git a/y b/y\n++++ b/z', { added: (f, line, b, s, e) => seen.push(`${f.path}:${line}:${b.toString('utf8', s, e)}`) }, { path: 'p.txt' });
    expect(seen).toEqual(['p.txt:1:diff --git a/y b/y', 'p.txt:2:+++ b/z']);
  });
});

describe('the line cap', () => {
  const MB = 1024 * 1024;

  /** A 10 MB added line fed in 4 KB chunks, from one reused buffer so that only the parser allocates. */
  function feedLongLine(write: (chunk: Buffer) => void, secretAt: number): void {
    write(Buffer.from('diff --git a/dist/app.min.js b/dist/app.min.js\n--- a/dist/app.min.js\n+++ b/dist/app.min.js\n@@ -0,0 +1,2 @@\n+'));
    const chunk = Buffer.alloc(4096, 0x61);
    const secret = Buffer.from(`;T="${token}";`);
    for (let sent = 0; sent < 10 * MB; sent += chunk.length) {
      if (sent <= secretAt && secretAt < sent + chunk.length) {
        const withSecret = Buffer.from(chunk);
        secret.copy(withSecret, secretAt - sent);
        write(withSecret);
      } else write(chunk);
    }
    write(Buffer.from(`\n+T=${token}\n`));
  }

  it('keeps memory flat on a 10 MB line in 4 KB chunks, scans its first MiB and says so', () => {
    const scanner = new DiffSecretScanner();
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    feedLongLine((chunk) => {
      scanner.write(chunk);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }, 100);
    const found = scanner.finish();
    // The kept MiB, its joined copy and garbage not yet collected; holding the line would take over 10 MB.
    expect(peak).toBeLessThan(5 * MB);
    expect(found.map((f) => [f.path, f.line])).toEqual([['dist/app.min.js', 1], ['dist/app.min.js', 2]]);
    expect(scanner.partial).toEqual([{ path: 'dist/app.min.js', line: 1, bytes: 10 * MB, scanned: MAX_DIFF_LINE_BYTES }]);
  });

  it('fails closed: a secret past the cap is not found, and scan --diff says the line was scanned only in part', async () => {
    const chunks: Buffer[] = [];
    feedLongLine((chunk) => chunks.push(Buffer.from(chunk)), 5 * MB);
    let out = '';
    const code = await cli(['scan', '--diff'], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      cwd: process.cwd(),
      now: new Date(),
      readStdin: (onChunk) => {
        for (const c of chunks) onChunk(c);
      },
    });
    expect(code).toBe(1);
    expect(out).not.toContain(token);
    expect(out).toContain('dist/app.min.js:1: line 1 is 10,485,760 bytes long, longer than the 1,048,576 bytes scanned per line: only its first 1,048,576 bytes were scanned for secrets');
    expect(out).toContain('dist/app.min.js:2:3: GitHub token');
    expect(out).toContain('1 line was scanned only in part');
  });

  it('the secrets gate fails on a line it scanned only in part', () => {
    const long = `+${'a'.repeat(MAX_DIFF_LINE_BYTES + 10)}`;
    const result = secretsGate(context(facts({ files: [file('dist/app.min.js', { patch: `@@ -0,0 +1,2 @@\n+ok\n${long}`, additions: 2 })] })));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('not everything could be scanned');
    expect(result.findings.map((f) => [f.file, f.line, f.message])).toEqual([
      ['dist/app.min.js', 2, 'Line 2 is 1,048,586 bytes long, longer than the 1,048,576 bytes scanned per line: only its first 1,048,576 bytes were scanned for secrets, so a secret after them would not be found.'],
    ]);
  });

  it('cuts a line at the cap wherever the chunks end, and gives its full length', () => {
    const seen: Array<[number, string, number | undefined]> = [];
    const parser = new DiffParser({ added: (_f, line, b, s, e, length) => seen.push([line, b.toString('utf8', s, e), length]) }, { path: 'x', maxLineBytes: 16 });
    for (const piece of ['@@ -0,0 +1,4 @@\n+abc', 'defghijklmnopqrstu\r', '\n+', 'short\r\n+0123456789abcdef\r\n+0123456789abcdefg', '']) parser.write(Buffer.from(piece));
    parser.end();
    expect(seen).toEqual([
      [1, 'abcdefghijklmnop', 21],
      [2, 'short', undefined],
      [3, '0123456789abcdef', undefined],
      [4, '0123456789abcdef', 17],
    ]);
  });
});
