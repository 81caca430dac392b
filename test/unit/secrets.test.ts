import { describe, expect, it } from 'vitest';
import { allowedByPattern } from '../../src/secrets/allow.js';
import { patternProblem } from '../../src/pattern.js';
import { base62, crc32, validCrcToken, withCrc } from '../../src/secrets/checksum.js';
import { DiffSecretScanner, scanDiff } from '../../src/secrets/diff.js';
import { entropy, isPlaceholder } from '../../src/secrets/entropy.js';
import { KeywordMatcher } from '../../src/secrets/keywords.js';
import { KeywordSearch } from '../../src/secrets/search.js';
import { maskPieces, redact, scrubText } from '../../src/secrets/redact.js';
import { RULE_IDS, RULES } from '../../src/secrets/rules.js';
import { scanText } from '../../src/secrets/scanner.js';
import { PROVIDER_SAMPLES } from './secret-formats.js';
import { generator, githubToken, keyBlock, SAMPLES } from './secret-samples.js';

const g = generator(99);

describe('secret rules', () => {
  it('has samples for every rule but the private key, which has its own tests', () => {
    expect([...new Set([...SAMPLES, ...PROVIDER_SAMPLES].map((s) => s.rule))].sort()).toEqual(RULE_IDS.filter((id) => id !== 'private-key').sort());
  });

  it('gives every rule an id, a title, a severity and keywords', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.title).not.toBe('');
      expect(['high', 'medium', 'low']).toContain(rule.severity);
      expect(['high', 'medium', 'low']).toContain(rule.confidence);
      expect(rule.keywords.length).toBeGreaterThan(0);
      expect(rule.pattern.global).toBe(true);
    }
  });

  describe.each([...SAMPLES, ...PROVIDER_SAMPLES])('$rule', ({ rule, found, clean }) => {
    it.each(found.map((line, i) => [i, line]))('finds true sample %i', (_i, line) => {
      const matches = scanText(line);
      expect(matches.map((m) => m.ruleId)).toEqual([rule]);
      const match = matches[0];
      expect(match && line.slice(match.column - 1, match.column - 1 + match.value.length)).toBe(match?.value);
    });
    it.each(clean.map((line, i) => [i, line]))('ignores look-alike %i', (_i, line) => {
      expect(scanText(line)).toEqual([]);
    });
  });

  it('is skipped when disabled', () => {
    const line = `API_TOKEN=${g.mixed(32)}`;
    expect(scanText(line)).toHaveLength(1);
    expect(scanText(line, { disabledRules: ['generic-secret'] })).toEqual([]);
  });

  it('reports a value once, under the first rule that names it', () => {
    const token = githubToken();
    expect(scanText(`GITHUB_TOKEN="${token}"`).map((m) => m.ruleId)).toEqual(['github-token']);
  });

  it('finds several secrets on one line with their columns', () => {
    const a = githubToken();
    const b = `AKIA${g.upper(16)}`;
    expect(scanText(`x ${a} y ${b}`).map((m) => [m.ruleId, m.column])).toEqual([
      ['aws-access-key-id', a.length + 6],
      ['github-token', 3],
    ]);
  });
});

describe('checksums', () => {
  it('computes the standard CRC-32 and base62', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 2)).toBe('0z');
    expect(base62(62, 2)).toBe('10');
  });

  it('accepts a token with its checksum and refuses any changed character', () => {
    const token = withCrc('ghp_', 'a'.repeat(15) + 'B'.repeat(15));
    expect(validCrcToken(token)).toBe(true);
    for (const i of [4, 20, 35, 39]) {
      const changed = token.slice(0, i) + (token.charAt(i) === 'x' ? 'y' : 'x') + token.slice(i + 1);
      expect(validCrcToken(changed)).toBe(false);
    }
    expect(validCrcToken('ghp_short')).toBe(false);
  });
});

describe('private key blocks', () => {
  it('finds a block that spans lines, at its BEGIN line', () => {
    const text = ['const a = 1;', ...keyBlock(), 'const b = 2;'].join('\n');
    const [match, ...rest] = scanText(text);
    expect(rest).toEqual([]);
    expect(match).toMatchObject({ ruleId: 'private-key', line: 2, column: 1 });
    expect(match?.value.split('\n')).toHaveLength(12);
  });

  it.each(['OPENSSH ', 'EC ', 'ENCRYPTED ', ''])('finds a %sblock', (kind) => {
    expect(scanText(keyBlock(kind).join('\n')).map((m) => m.ruleId)).toEqual(['private-key']);
  });

  it('finds a PGP private key block with its armor headers', () => {
    const block = ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'Version: GnuPG v2', '', ...Array.from({ length: 6 }, () => g.b64(64)), '-----END PGP PRIVATE KEY BLOCK-----'];
    expect(scanText(block.join('\n')).map((m) => m.ruleId)).toEqual(['private-key']);
  });

  it('finds a key on one line with escaped newlines, as in a service account JSON file', () => {
    const line = `  "private_key": "-----BEGIN PRIVATE KEY-----\\n${g.b64(64)}\\n${g.b64(64)}\\n-----END PRIVATE KEY-----\\n",`;
    const [match] = scanText(line);
    expect(match).toMatchObject({ ruleId: 'private-key', line: 1 });
    expect(match?.value.endsWith('-----END PRIVATE KEY-----')).toBe(true);
  });

  it('ignores placeholders and public keys', () => {
    expect(scanText('-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----')).toEqual([]);
    expect(scanText('"-----BEGIN PRIVATE KEY-----\\n<your key>\\n-----END PRIVATE KEY-----"')).toEqual([]);
    expect(scanText(`-----BEGIN PUBLIC KEY-----\n${g.b64(64)}\n${g.b64(64)}\n-----END PUBLIC KEY-----`)).toEqual([]);
  });

  it('reports a block whose END line was not added', () => {
    expect(scanText(keyBlock().slice(0, -1).join('\n')).map((m) => m.ruleId)).toEqual(['private-key']);
  });
});

describe('entropy and placeholders', () => {
  it('scores random text higher than repetitive text', () => {
    expect(entropy('')).toBe(0);
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });

  it.each([
    ['${{ secrets.NPM_TOKEN }}', true],
    ['<your-token>', true],
    ['changeme', true],
    ['xxxxxxxxxxxx', true],
    ['${API_KEY}', true],
    ['$API_KEY', true],
    ['process.env.API_KEY', true],
    ['MY_API_KEY_NAME', true],
    ['your_api_key_here', true],
    ['f81d4fae-7dec-11d0-a765-00a0c91e6bf6', true],
    ['Zq3vL9tR2mXw8Kp4', false],
    ['invoiceExportToken', true],
    // Random text can look like camelCase; its humps are short and hold digits.
    ['lM2Drn7SdF5f10dx', false],
    // File paths name a secret, they do not hold one; a base64 key that starts with "/" (1 in 64 do) runs on between its slashes.
    ['/etc/app/secrets/token.txt', true],
    ['./config/credentials.json', true],
    ['/home/runner/work/my-project-name/node_modules/.bin', true],
    ['/od7s0ikK80JCVHGhBj2hrvsBMqWEJ6OYlKBswtE', false],
    ['/FRjm3/cVtgP4wRZycnNLRfWch3hY5ZRuUwmNunb', false],
  ])('%s is a placeholder: %s', (value, expected) => {
    expect(isPlaceholder(value)).toBe(expected);
  });
});

describe('redaction', () => {
  it('shows at most the first 4 characters, then a fixed mask', () => {
    const token = githubToken();
    expect(redact(token)).toBe('ghp_••••••••');
    expect(redact('short1')).toBe('s••••••••');
    expect(redact('abc')).toBe('••••••••');
    expect(redact('a'.repeat(100))).toBe(redact('a'.repeat(20)));
    expect(redact(keyBlock().join('\n'))).toBe('----••••••••');
  });

  it('masks each line of a multi-line value, but not its BEGIN and END markers', () => {
    const block = keyBlock();
    const pieces = maskPieces(block.join('\n'));
    expect(pieces).toContain(block[1]);
    expect(pieces).not.toContain(block[0]);
  });

  it('replaces every occurrence of a secret in a text', () => {
    const token = githubToken();
    expect(scrubText(`a ${token} b ${token}`, [token])).toBe('a ghp_•••••••• b ghp_••••••••');
  });
});

describe('the keyword automaton', () => {
  it('finds overlapping and nested keywords of different rules', () => {
    const matcher = new KeywordMatcher([['API_KEY'], ['DD_API_KEY'], ['KEY_ID']]);
    expect(matcher.scanString('DD_API_KEY_ID=1')).toBe(true);
    expect([matcher.has(0), matcher.has(1), matcher.has(2)]).toEqual([true, true, true]);
    expect(matcher.scanString('nothing here')).toBe(false);
    expect(matcher.scanString('x DD_API_KEY')).toBe(true);
    expect([matcher.has(0), matcher.has(1), matcher.has(2)]).toEqual([true, true, false]);
  });

  it('finds the same keywords over bytes as WebAssembly, with their end offsets and rules', () => {
    const matcher = new KeywordMatcher([['API_KEY'], ['DD_API_KEY'], ['KEY_ID']]);
    const search = new KeywordSearch(matcher, 10);
    const hits = search.scan(Buffer.from('x DD_API_KEY\nKEY_ID é A\0P\0I\0_KEY'));
    expect(Array.from(hits.ends.subarray(0, hits.count))).toEqual([11, 18, 32]);
    const rules = (at: number): number[] => {
      const found = new Int32Array(matcher.words);
      search.collect(hits.states[at] as number, found);
      return [0, 1, 2].filter((rule) => ((found[0] as number) >>> rule) & 1);
    };
    // Rule 0's API_KEY ends where DD_API_KEY does; NUL bytes (UTF-16 text) do not break a keyword.
    expect([rules(0), rules(1), rules(2)]).toEqual([[0, 1], [2], [0]]);
    expect(search.scan(Buffer.from('nothing here')).count).toBe(0);
  });

  it('keeps a bit per rule for any number of rules', () => {
    const matcher = new KeywordMatcher(Array.from({ length: 200 }, (_, i) => [`k${i}x`]));
    expect(matcher.scanString('a k35x b k199x')).toBe(true);
    expect([...Array(200).keys()].filter((i) => matcher.has(i))).toEqual([35, 199]);
    expect(matcher.scanString('a k35 b')).toBe(false);
    expect(matcher.has(35)).toBe(false);
  });

  it('refuses non-ASCII keywords', () => {
    expect(() => new KeywordMatcher([['clé']])).toThrow(/not ASCII/);
  });
});

describe('the diff scanner', () => {
  const token = githubToken();
  const key = keyBlock();
  const diff = [
    'diff --git a/src/a.ts b/src/a.ts',
    'index 1111111..2222222 100644',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -1,3 +1,4 @@',
    ' line 1',
    `-const old = "${token}";`,
    '+const a = 1;',
    `+const t = "${token}";\r`,
    ' line 3',
    '\\ No newline at end of file',
    '@@ -20,2 +21,3 @@ function f() {',
    ' context',
    `+++ "${token}" in an added line that starts with two plus signs`,
    '+',
    ' context',
    'diff --git "a/sp ace\\303\\251.ts" "b/sp ace\\303\\251.ts"',
    'new file mode 100644',
    '--- /dev/null',
    '+++ "b/sp ace\\303\\251.ts"',
    `@@ -0,0 +1,${key.length} @@`,
    ...key.map((l) => `+${l}`),
    'diff --git a/logo.png b/logo.png',
    'Binary files a/logo.png and b/logo.png differ',
    'diff --git a/gone.ts b/gone.ts',
    'deleted file mode 100644',
    '--- a/gone.ts',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    `-${token}`,
  ].join('\n');

  it('reports added lines with new-file line numbers, across files, hunks and line endings', () => {
    const { found, binary } = scanDiff(diff);
    expect(found.map((f) => [f.path, f.line, f.ruleId])).toEqual([
      ['src/a.ts', 3, 'github-token'],
      ['src/a.ts', 22, 'github-token'],
      ['sp aceé.ts', 1, 'private-key'],
    ]);
    expect(found[0]?.value).toBe(token);
    expect(binary).toEqual(['logo.png']);
  });

  it('gives the same answer whatever the chunk boundaries', () => {
    const bytes = Buffer.from(diff);
    for (const size of [1, 7, 64]) {
      const scanner = new DiffSecretScanner();
      for (let i = 0; i < bytes.length; i += size) scanner.write(bytes.subarray(i, i + size));
      expect(scanner.finish().map((f) => `${f.path}:${f.line}`)).toEqual(['src/a.ts:3', 'src/a.ts:22', 'sp aceé.ts:1']);
    }
  });

  it('reads plain diff -u output and a last line without a newline', () => {
    const plain = ['--- old/config.env\t2026-01-01', '+++ new/config.env\t2026-01-02', '@@ -1 +1,2 @@', ' A=1', `+T=${token}`].join('\n');
    expect(scanDiff(plain).found.map((f) => [f.path, f.line])).toEqual([['new/config.env', 2]]);
  });

  it('stops a hunk at a line that cannot belong to it', () => {
    const cut = ['+++ b/x', '@@ -1,5 +1,5 @@', '+a', 'garbage', `+${token}`].join('\n');
    expect(scanDiff(cut).found).toEqual([]);
  });
});

describe('allow patterns', () => {
  it.each([
    ['^test_', undefined],
    ['(?:abc)+', undefined],
    ['[a-z]+_(?:x|y)', undefined],
    ['(?<name>ab)+', undefined],
    ['a{2,5}', undefined],
    // RE2 runs these in linear time, so the shapes that backtrack in JavaScript are fine.
    ['(a+)+b', undefined],
    ['(a|ab)*', undefined],
    ['((x)y*)+', undefined],
    ['(x)\\1', /no backreferences/],
    ['(a', /missing closing \)/],
    ['a)', /unexpected \)/],
    ['x'.repeat(301), /longer than 300/],
  ])('%s', (pattern, problem) => {
    const hazard = patternProblem(pattern);
    if (problem === undefined) expect(hazard).toBeUndefined();
    else expect(hazard).toMatch(problem);
  });

  it('matches values, and only the first 1000 characters of a long one', () => {
    expect(allowedByPattern('test_abc', [/^test_/u])).toBe(true);
    expect(allowedByPattern('prod_abc', [/^test_/u])).toBe(false);
    expect(allowedByPattern(`${'a'.repeat(1000)}END`, [/END$/u])).toBe(false);
  });
});
