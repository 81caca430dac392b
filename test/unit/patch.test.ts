import { describe, expect, it } from 'vitest';
import { addedLines, splitGitDiff } from '../../src/diff/patch.js';

describe('addedLines', () => {
  it('numbers added lines in the new file across hunks, as in a GitHub patch', () => {
    const patch = [
      '@@ -1,3 +1,4 @@',
      ' import x from "x";',
      '-const a = 1;',
      '+const a = 2;',
      '+const b = 3;',
      ' export { a };',
      '@@ -40,2 +41,3 @@ function tail() {',
      ' keep();',
      '+added();',
      '\\ No newline at end of file',
    ].join('\n');
    expect(addedLines(patch)).toEqual([
      { line: 2, text: 'const a = 2;' },
      { line: 3, text: 'const b = 3;' },
      { line: 42, text: 'added();' },
    ]);
  });

  it('keeps "+" inside text and CRLF files intact', () => {
    expect(addedLines('@@ -0,0 +1,2 @@\n+++counter;\r\n+a + b\r\n')).toEqual([
      { line: 1, text: '++counter;' },
      { line: 2, text: 'a + b' },
    ]);
  });
});

describe('splitGitDiff', () => {
  it('splits additions, deletions, renames, binaries and quoted names', () => {
    const diff = [
      'diff --git a/src/new.ts b/src/new.ts',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/src/new.ts',
      '@@ -0,0 +1 @@',
      '+export const x = 1;',
      'diff --git a/old.txt b/old.txt',
      'deleted file mode 100644',
      '--- a/old.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-gone',
      'diff --git a/tools/a.sh b/src/a.sh',
      'similarity index 90%',
      'rename from tools/a.sh',
      'rename to src/a.sh',
      '--- a/tools/a.sh',
      '+++ b/src/a.sh',
      '@@ -2,0 +3 @@',
      '+echo more',
      'diff --git a/logo.png b/logo.png',
      'Binary files a/logo.png and b/logo.png differ',
      'diff --git "a/caf\\303\\251 \\"x\\".md" "b/caf\\303\\251 \\"x\\".md"',
      '--- "a/caf\\303\\251 \\"x\\".md"',
      '+++ "b/caf\\303\\251 \\"x\\".md"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/empty.txt b/empty.txt',
      'new file mode 100644',
      'index 0000000..e69de29',
    ].join('\n');
    expect(splitGitDiff(diff).map((f) => ({ ...f, added: addedLines(f.patch).map((a) => a.text) }))).toEqual([
      { path: 'src/new.ts', binary: false, patch: '@@ -0,0 +1 @@\n+export const x = 1;', added: ['export const x = 1;'] },
      { path: 'old.txt', binary: false, patch: '@@ -1 +0,0 @@\n-gone', added: [] },
      { path: 'src/a.sh', previousPath: 'tools/a.sh', binary: false, patch: '@@ -2,0 +3 @@\n+echo more', added: ['echo more'] },
      { path: 'logo.png', binary: true, patch: '', added: [] },
      { path: 'café "x".md', binary: false, patch: '@@ -1 +1 @@\n-a\n+b', added: ['b'] },
      { path: 'empty.txt', binary: false, patch: '', added: [] },
    ]);
  });
});
