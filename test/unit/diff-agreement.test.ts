import { describe, expect, it } from 'vitest';
import { addedLines, splitGitDiff } from '../../src/diff/patch.js';
import { scanDiff } from '../../src/secrets/diff.js';
import { githubToken } from './secret-samples.js';

// Only APIs that predate the shared diff layer, so that this file also runs against the three parsers it replaced.
const token = githubToken();

/** The path and added lines of every file, as each consumer reads them. */
const readings = (diff: string) => ({
  split: splitGitDiff(diff).map((f) => [f.path, addedLines(f.patch).map((a) => a.line)]),
  secrets: scanDiff(diff).found.map((f) => [f.path, [f.line]]),
});

describe('one reading of a path for every consumer', () => {
  // Each header once broke one consumer: splitGitDiff kept a tab and what followed it, the secrets scan lost a bare name with a space, both kept a CR.
  it.each([
    ['a timestamp after a tab', ['diff --git a/x.env b/x.env', '--- a/x.env\t2026-01-01 00:00:00', '+++ b/x.env\t2026-01-02 00:00:00'], 'x.env'],
    ['a name with a space, ended by a tab', ['diff --git a/my file.env b/my file.env', '--- a/my file.env\t', '+++ b/my file.env\t'], 'my file.env'],
    ['a quoted name with a tab, an escaped quote and UTF-8', ['diff --git "a/t\\tab \\"q\\" \\303\\251.env" "b/t\\tab \\"q\\" \\303\\251.env"', '--- "a/t\\tab \\"q\\" \\303\\251.env"\t', '+++ "b/t\\tab \\"q\\" \\303\\251.env"\t'], 't\tab "q" é.env'],
    ['CRLF header lines', ['diff --git a/x.env b/x.env\r', '--- a/x.env\r', '+++ b/x.env\r'], 'x.env'],
  ])('%s', (_, header, path) => {
    const diff = [...header, '@@ -0,0 +1 @@', `+T=${token}`, ''].join('\n');
    expect(readings(diff)).toEqual({ split: [[path, [1]]], secrets: [[path, [1]]] });
  });

  it('names a binary file with a space from its diff --git line (the secrets scan named it "")', () => {
    const diff = 'diff --git a/my logo.png b/my logo.png\nindex 1..2 100644\nBinary files a/my logo.png and b/my logo.png differ\n';
    expect(scanDiff(diff).binary).toEqual(['my logo.png']);
    expect(splitGitDiff(diff)).toEqual([{ path: 'my logo.png', binary: true, patch: '' }]);
  });

  it('numbers lines after an empty context line alike in addedLines and the secrets scan (addedLines skipped it)', () => {
    const patch = `@@ -1,3 +1,4 @@\n a\n\n+T=${token}\n b`;
    expect(addedLines(patch).map((a) => a.line)).toEqual([3]);
    expect(scanDiff(`+++ b/x\n${patch}`).found.map((f) => f.line)).toEqual([3]);
  });

  it('does not read the next file\'s "+++" header as an added line of diff -u output (addedLines did)', () => {
    const diff = ['--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '--- a/y', '+++ b/y', '@@ -1 +1 @@', '-c', '+d'].join('\n');
    expect(scanDiff(diff.replace(/\+b$/m, `+${token}`).replace(/\+d$/m, `+${token}`)).found.map((f) => [f.path, f.line])).toEqual([['x', 1], ['y', 1]]);
    // addedLines reads one file's patch: the second file's hunk continues it, its headers are not added lines.
    expect(addedLines(diff).map((a) => a.text)).toEqual(['b', 'd']);
  });

});
