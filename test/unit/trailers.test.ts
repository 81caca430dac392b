// Trailers as git reads them (the sign-off of the legal gate), and the identities a sign-off must match.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noreplyLogin, sameEmail, sameName, samePerson } from '../../src/identity.js';
import { parseTrailers, remediations, signOffs, trailerBlock } from '../../src/trailers.js';

const BOB = { name: 'Bob Builder', email: 'bob@acme.example' };

describe('trailers', () => {
  it('reads several trailers of the last paragraph, in order', () => {
    const message = 'feat: export\n\nAdds the CSV export.\n\nReviewed-by: Ann <ann@corp.example>\nSigned-off-by: Bob Builder <bob@acme.example>\nCo-authored-by: Cy <cy@acme.example>\n';
    expect(parseTrailers(message)).toEqual([
      { key: 'Reviewed-by', value: 'Ann <ann@corp.example>' },
      { key: 'Signed-off-by', value: 'Bob Builder <bob@acme.example>' },
      { key: 'Co-authored-by', value: 'Cy <cy@acme.example>' },
    ]);
    expect(signOffs(message)).toEqual([BOB]);
  });

  it('takes the key in any case, and trailing spaces and blank lines at the end', () => {
    expect(signOffs('fix: x\n\nsigned-off-by:   bob builder   <BOB@ACME.example>   \n\n\n')).toEqual([{ name: 'bob builder', email: 'BOB@ACME.example' }]);
    expect(signOffs('fix: x\n\nSIGNED-OFF-BY: Bob Builder <bob@acme.example>\r\n')).toEqual([BOB]);
  });

  it('does not count a co-author as a sign-off', () => {
    expect(signOffs('fix: x\n\nCo-authored-by: Bob Builder <bob@acme.example>')).toEqual([]);
  });

  it('does not count a sign-off in the middle of the body, nor in the title', () => {
    expect(signOffs('fix: x\n\nSigned-off-by: Bob Builder <bob@acme.example>\n\nMore words after it.')).toEqual([]);
    expect(signOffs('Signed-off-by: Bob Builder <bob@acme.example>')).toEqual([]);
    expect(trailerBlock('fix: x\nSigned-off-by: Bob Builder <bob@acme.example>')).toEqual([]);
  });

  it("accepts text in the last paragraph beside a sign-off only when at least a quarter of it is trailers (git's rule)", () => {
    expect(signOffs('fix: x\n\nThanks to the team.\nSigned-off-by: Bob Builder <bob@acme.example>')).toEqual([BOB]);
    const mostlyText = 'fix: x\n\none\ntwo\nthree\nfour\nSigned-off-by: Bob Builder <bob@acme.example>';
    expect(signOffs(mostlyText)).toEqual([]);
    // Without a line git writes itself, every line must be a trailer.
    expect(parseTrailers('fix: x\n\nThanks.\nReviewed-by: Ann <ann@corp.example>')).toEqual([]);
  });

  it('joins continuation lines and skips comment lines', () => {
    expect(parseTrailers('fix: x\n\nSigned-off-by: Bob Builder\n  <bob@acme.example>\n# a comment\nFixes: #12')).toEqual([
      { key: 'Signed-off-by', value: 'Bob Builder <bob@acme.example>' },
      { key: 'Fixes', value: '#12' },
    ]);
  });

  it('reads the remediation lines of the DCO app', () => {
    const message = 'chore: sign off\n\nI, Bob Builder <bob@acme.example>, hereby add my Signed-off-by to this commit: 0123456789abcdef0123456789abcdef01234567\ni, Bob Builder <bob@acme.example>, hereby add my Signed-off-by to this commit: ABCDEF1\n\nSigned-off-by: Bob Builder <bob@acme.example>';
    expect(remediations(message)).toEqual([
      { ...BOB, sha: '0123456789abcdef0123456789abcdef01234567' },
      { ...BOB, sha: 'abcdef1' },
    ]);
    expect(remediations('I, Bob <bob@acme.example>, hereby add my Signed-off-by to this commit: 12345')).toEqual([]);
  });

  // git itself is the specification: any message built from these lines must give the trailers `git interpret-trailers --parse` gives.
  it('finds the trailers git finds, for any message', () => {
    const line = fc.constantFrom(
      '',
      '   ',
      'fix: the title',
      'Some words of the body.',
      'Text: with a colon after two words',
      'Signed-off-by: Bob Builder <bob@acme.example>',
      'signed-off-by: bob <bob@acme.example>',
      'Co-authored-by: Cy <cy@acme.example>',
      'Reviewed-by:Ann',
      'Key : spaced separator',
      '  continued value',
      '\tcontinued by a tab',
      '# a comment',
      '(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)',
      ':no key',
      'Signed-off-by:Bob <bob@acme.example>',
      'Acked-by\t: Dee',
      '\r',
    );
    const messages = fc.array(line, { minLength: 1, maxLength: 12 }).map((lines) => `${lines.join('\n')}\n`);
    fc.assert(
      fc.property(messages, (message) => {
        const git = spawnSync('git', ['interpret-trailers', '--parse'], {
          input: message,
          encoding: 'utf8',
          env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
        });
        const expected = git.stdout
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.replace(/^([^:]*?)\s*:\s*/, '$1: ').trimEnd());
        expect(parseTrailers(message).map((t) => `${t.key}: ${t.value}`.trimEnd())).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    // One git process per message.
  }, 30_000);
});

describe('identities', () => {
  it('matches GitHub noreply addresses of the same login, with and without the account id', () => {
    expect(noreplyLogin('12345+bob-b@users.noreply.github.com')).toBe('bob-b');
    expect(noreplyLogin('bob-b@users.noreply.github.com')).toBe('bob-b');
    expect(noreplyLogin('bob@acme.example')).toBeUndefined();
    expect(sameEmail('12345+Bob-B@users.noreply.github.com', 'bob-b@users.noreply.github.com')).toBe(true);
    expect(sameEmail('12345+bob-b@users.noreply.github.com', '999+bob-b@users.noreply.github.com')).toBe(true);
    expect(sameEmail('12345+bob-b@users.noreply.github.com', 'bob-c@users.noreply.github.com')).toBe(false);
    expect(sameEmail('bob-b@users.noreply.github.com', 'bob-b@acme.example')).toBe(false);
    expect(sameEmail('', '')).toBe(false);
  });

  it('compares emails without regard to case, and names after trimming and collapsing spaces', () => {
    expect(sameEmail('Bob@ACME.example', 'bob@acme.example')).toBe(true);
    expect(sameName('  bob   builder ', 'Bob Builder')).toBe(true);
    expect(sameName('Bob Builder', 'Bob B.')).toBe(false);
    expect(samePerson({ name: 'Bob Builder', email: 'bob@acme.example' }, { name: 'Bob Builder', email: 'bob@globex.example' })).toBe(false);
  });

  it('is symmetric, and an address is the same as itself in any case', () => {
    const login = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/);
    const email = fc.oneof(
      fc.tuple(fc.nat(99_999_999), login).map(([id, l]) => `${id}+${l}@users.noreply.github.com`),
      login.map((l) => `${l}@users.noreply.github.com`),
      login.map((l) => `${l}@acme.example`),
    );
    fc.assert(
      fc.property(email, email, (a, b) => {
        expect(sameEmail(a, b)).toBe(sameEmail(b, a));
        expect(sameEmail(a, a.toUpperCase())).toBe(true);
      }),
    );
  });
});
