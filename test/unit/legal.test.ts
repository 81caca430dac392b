import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasHeader, headerWindow, legalGate } from '../../src/gates/legal.js';
import { parsePolicy } from '../../src/policy/load.js';
import { commit, context, facts, file } from './helpers.js';

const SPDX = 'SPDX-License-Identifier: MIT';
const BOB = { name: 'Bob Builder', email: 'bob@acme.example' };
const signed = (sha: string, message: string, extra: Parameters<typeof commit>[2] = {}) =>
  commit(BOB.email, message, { sha: sha.repeat(40).slice(0, 40), author: BOB, committer: BOB, ...extra });
const header = { paths: ['src/**/*.ts'], text: SPDX, lines: 10 };

/** A new file as GitHub lists it: every line added. */
function added(path: string, lines: string[]) {
  return file(path, { status: 'added', additions: lines.length, patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}` });
}

describe('licence header detection', () => {
  it.each([
    ['on the first line', [`// ${SPDX}`, 'code'], true],
    ['after a byte order mark', [`\uFEFF// ${SPDX}`], true],
    ['after a shebang, which is not counted', ['#!/usr/bin/env node', ...Array<string>(9).fill('//'), `// ${SPDX}`], true],
    ['with Windows line ends', [`/*\r`, ` * ${SPDX}\r`, ` */\r`], true],
    ['on line 11', [...Array<string>(10).fill('//'), `// ${SPDX}`], false],
    ['a shebang after a byte order mark', ['\uFEFF#!/bin/sh', ...Array<string>(9).fill('#'), `# ${SPDX}`], true],
    ['nowhere', ['export const x = 1;'], false],
    ['with another licence', ['// SPDX-License-Identifier: Apache-2.0'], false],
  ])('finds the header %s: %s', (_, lines, found) => {
    expect(hasHeader(lines, SPDX, 10)).toBe(found);
  });

  it('matches a header of several lines, given with any line ends', () => {
    const lines = ['# Copyright (c) Acme Ltd', `# ${SPDX}`];
    expect(hasHeader(lines, `Copyright (c) Acme Ltd\r\n# ${SPDX}\n`, 2)).toBe(true);
    expect(hasHeader(lines, `Copyright (c) Acme Ltd\n${SPDX}`, 2)).toBe(false);
  });

  it('finds the text exactly when it stands within the first lines after a shebang, whatever the other lines hold', () => {
    // Lines that cannot hold the text, and never start with "#!".
    const line = fc.string({ unit: fc.constantFrom('a', ' ', '/', '*', '#', '!', '\r'), maxLength: 20 }).map((l) => l.replace(/^#!/, '#'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.integer({ min: 1, max: 20 }), fc.nat(40), (body, shebang, n, k) => {
        const position = Math.min(k, body.length);
        const lines = [...body.slice(0, position), `// ${SPDX}\r`, ...body.slice(position)];
        const text = shebang ? ['#!/bin/sh', ...lines] : lines;
        expect(headerWindow(text, n)).toHaveLength(Math.min(n, lines.length));
        expect(hasHeader(text, SPDX, n)).toBe(position < n);
      }),
    );
  });
});

describe('legal gate: DCO', () => {
  const run = (commits: ReturnType<typeof commit>[], dco: boolean | { remediation_commits: boolean } = true) =>
    legalGate(context(facts({ commits }), { legal: { level: 'error', dco } }));

  it('passes commits signed off by their author, in any case, and with noreply addresses of the same login', () => {
    const noreply = { name: 'Bob Builder', email: '1234567+bob-b@users.noreply.github.com' };
    const gate = run([
      signed('a', 'feat: x\n\nSigned-off-by: Bob Builder <bob@acme.example>'),
      signed('b', 'fix: y\n\nsigned-off-by:  bob  builder <BOB@Acme.Example>'),
      signed('c', 'fix: z\n\nSigned-off-by: Bob Builder <bob-b@users.noreply.github.com>', { author: noreply, committer: noreply }),
    ]);
    expect(gate).toMatchObject({ status: 'pass', summary: '3 commits signed off', findings: [] });
  });

  it('lists each commit that is not signed off by its author, with the exact remedy', () => {
    const gate = run([
      signed('a', 'feat: x'),
      signed('b', 'fix: <b>y</b>\n\nSigned-off-by: Bob <bob@gmail.com>'),
      signed('c', 'fix: z\n\nSigned-off-by: Bob Builder <bob@acme.example>\n\nMore words.'),
      signed('d', 'fix: w\n\nCo-authored-by: Bob Builder <bob@acme.example>'),
    ]);
    expect(gate.status).toBe('fail');
    expect(gate.summary).toBe('4 commits not signed off');
    expect(gate.findings.map((f) => f.message)).toEqual([
      'Commit aaaaaaaaaaaa "feat: x" is not signed off: its message has no Signed-off-by line for its author "Bob Builder <bob@acme.example>".',
      'Commit bbbbbbbbbbbb "fix: <b>y</b>" is signed off by "Bob <bob@gmail.com>", not by its author "Bob Builder <bob@acme.example>": the name and the email must both match.',
      'Commit cccccccccccc "fix: z" has a Signed-off-by line, but not in the last paragraph of its message, where git reads it.',
      'Commit dddddddddddd "fix: w" is not signed off: its message has no Signed-off-by line for its author "Bob Builder <bob@acme.example>".',
    ]);
    expect(gate.findings[0]?.fix).toBe(
      "Sign off every commit and push the branch again, with these commands in your clone of it. git signs off with your user.name and user.email (git config), so set them to the author's name and email first.",
    );
    expect(gate.findings[0]?.commands).toEqual(['git fetch origin', 'git rebase --signoff bbbbbbbbbbbb', 'git push --force-with-lease']);
    expect(gate.notes).toEqual([
      'A sign-off (git commit -s) certifies the Developer Certificate of Origin (developercertificate.org): that the author may submit this work under the licence of the project.',
    ]);
  });

  it('exempts merge commits, and quotes a long subject clipped', () => {
    const gate = run([signed('a', 'Merge branch main', { parents: 2 }), signed('b', `feat: ${'x'.repeat(100)}`)]);
    expect(gate.summary).toBe('1 commit not signed off');
    expect(gate.findings[0]?.message).toMatch(/^Commit bbbbbbbbbbbb "feat: x{54}…" is not signed off/);
    expect(gate.notes).toContain('1 merge commit (it holds no work of its own) not checked for a sign-off.');
  });

  it('accepts a remediation commit of the same author only when the policy allows them', () => {
    const late = `chore: sign off\n\nI, Bob Builder <bob@acme.example>, hereby add my Signed-off-by to this commit: ${'a'.repeat(12)}\n\nSigned-off-by: Bob Builder <bob@acme.example>`;
    const commits = [signed('a', 'feat: x'), signed('b', 'fix: y'), signed('c', late)];
    expect(run(commits, { remediation_commits: true }).findings.map((f) => f.message.slice(0, 21))).toEqual(['Commit bbbbbbbbbbbb "']);
    expect(run(commits, true).findings).toHaveLength(2);
    // Someone else cannot sign off for the author.
    const other = { name: 'Eve', email: 'eve@acme.example' };
    const byOther = signed('c', late.replaceAll('Bob Builder <bob@acme.example>', 'Eve <eve@acme.example>'), { author: other, committer: other });
    expect(run([signed('a', 'feat: x'), byOther], { remediation_commits: true }).findings).toHaveLength(1);
  });

  it('fails closed when GitHub did not list every commit', () => {
    const gate = legalGate(context(facts({ commits: [signed('a', 'x\n\nSigned-off-by: Bob Builder <bob@acme.example>')], commitsListing: { expected: 300, listed: 250 } }), { legal: { dco: true } }));
    expect(gate.status).toBe('fail');
    expect(gate.summary).toBe('not every commit and file could be checked');
    expect(gate.findings.map((f) => f.message)).toEqual(['GitHub listed only 250 of the 300 commits, so the other 50 could not be checked for a sign-off.']);
  });
});

describe('legal gate: licence headers', () => {
  const run = (files: ReturnType<typeof file>[]) => legalGate(context(facts({ files }), { legal: { dco: false, license_header: header } }));

  it('checks only added files that match, from the patch or from the file read at the head commit', () => {
    const gate = run([
      added('src/new.ts', ['export const x = 1;']),
      added('src/good.ts', [`// ${SPDX}`, 'export const y = 2;']),
      file('src/old.ts', { additions: 3 }),
      file('src/moved.ts', { status: 'renamed', previousPath: 'src/was.ts' }),
      added('docs/new.md', ['# Docs']),
      file('src/big.ts', { status: 'added', additions: 9000, patch: undefined, content: `\uFEFF/*\r\n * ${SPDX}\r\n */\r\n` }),
      file('src/logo.ts', { status: 'added', additions: 0, patch: undefined, content: '\0PNG', binary: true }),
      added('src/empty.ts', []),
    ]);
    expect(gate.status).toBe('fail');
    expect(gate.summary).toBe('1 new file without the licence header');
    expect(gate.findings).toEqual([
      {
        file: 'src/new.ts',
        message: `This new file has no licence header: expected "${SPDX}" within its first 10 lines.`,
        fix: `Add "${SPDX}" at the top of the file, in a comment (after the #! line, if there is one).`,
      },
    ]);
  });

  it('fails closed on a new file it could not read', () => {
    const gate = run([file('src/huge.ts', { status: 'added', additions: 90000, patch: undefined, unreadable: 'it is 3.0 MB, over the 1 MB limit for files whose diff GitHub does not show' })]);
    expect(gate.findings.map((f) => [f.file, f.message])).toEqual([
      ['src/huge.ts', 'This new file could not be read, so its licence header could not be checked: it is 3.0 MB, over the 1 MB limit for files whose diff GitHub does not show.'],
    ]);
  });

  it('passes and says how many new files it checked', () => {
    expect(run([added('src/a.ts', [`// ${SPDX}`]), file('src/b.ts')])).toMatchObject({ status: 'pass', summary: '1 new file with the licence header' });
  });
});

describe('legal policy', () => {
  it('is off by default, on at error when named, and on with the object form of dco', () => {
    expect(parsePolicy('version: 1\n', 'p.yml').gates.legal).toEqual({ level: 'off', dco: true });
    expect(parsePolicy('version: 1\ngates: { legal: { dco: { remediation_commits: true } } }\n', 'p.yml').gates.legal).toEqual({
      level: 'error',
      dco: { remediation_commits: true },
    });
    const withHeader = parsePolicy(`version: 1\ngates: { legal: { level: warn, license_header: { paths: ["src/**"], text: "${SPDX}" } } }\n`, 'p.yml').gates.legal;
    expect(withHeader).toEqual({ level: 'warn', dco: true, license_header: { paths: ['src/**'], text: SPDX, lines: 10 } });
  });

  it('skips when there is nothing to check', () => {
    expect(legalGate(context(facts(), { legal: { dco: false } }))).toMatchObject({ status: 'skip', summary: 'nothing to check: dco is false and license_header is not set' });
  });
});
