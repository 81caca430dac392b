import { describe, expect, it } from 'vitest';
import { braceExpansions, firstPathMatch, globCostProblem, identityMatches } from '../../src/match.js';
import { compilePattern, patternProblem } from '../../src/pattern.js';
import { parsePolicy, PolicyError } from '../../src/policy/load.js';
import { descriptionGate } from '../../src/gates/description.js';
import { context, facts } from './helpers.js';

const BOMB = `acme-${'{a,b}'.repeat(20)}`;

function problems(text: string): string[] {
  try {
    parsePolicy(text, 'p.yml');
  } catch (error) {
    if (error instanceof PolicyError) return error.problems.map((p) => `${p.line}:${p.column} ${p.key}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('brace expansion is counted, never performed', () => {
  it.each([
    ['src/**', 1],
    ['{a,b}', 2],
    ['{a,b}{c,d,e}', 6],
    ['{a,{b,c}}', 3],
    ['{a}', 1],
    ['\\{a,b}', 1],
    ['{1..10}', 10],
    ['{a..e}', 5],
    ['{0..100..10}', 11],
    ['{a,b', 1],
    [BOMB, 2 ** 20],
  ])('%s → %i', (pattern, count) => {
    expect(braceExpansions(pattern)).toBe(count);
  });

  it('measures a bomb of any size at once', () => {
    const started = performance.now();
    expect(braceExpansions('{a,b}'.repeat(10_000))).toBe(Number.MAX_SAFE_INTEGER);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('rejects long and brace-heavy globs, and accepts ordinary ones', () => {
    expect(globCostProblem('src/**/*.{ts,tsx}')).toBeUndefined();
    expect(globCostProblem(BOMB)).toMatch(/braces expand it to more than 1,000 patterns/);
    expect(globCostProblem('x'.repeat(257))).toMatch(/longer than 256 characters/);
  });
});

describe('policy patterns are validated the way the run uses them', () => {
  it('rejects a brace bomb in every place that holds a glob, with line:column', () => {
    const text = `version: 1
vendors:
  users: ["${BOMB}"]
  emails: ["${BOMB}@x"]
reviewers:
  users: ["${BOMB}"]
gates:
  access:
    allow: ["src/${BOMB}"]
    protect:
      - { paths: ["${BOMB}"], approvers: ["${BOMB}"] }
waiver:
  by: ["${BOMB}"]
profiles:
  - { name: acme, match: { users: ["${BOMB}"] } }
`;
    const found = problems(text);
    expect(found.map((p) => p.split(': ')[0])).toEqual([
      '3:11 vendors.users[0]',
      '4:12 vendors.emails[0]',
      '6:11 reviewers.users[0]',
      '9:13 gates.access.allow[0]',
      '11:19 gates.access.protect[0].paths[0]',
      '11:141 gates.access.protect[0].approvers[0]',
      '13:8 waiver.by[0]',
      '15:36 profiles[0].match.users[0]',
    ]);
    for (const p of found) expect(p).toContain('braces expand it to more than 1,000 patterns');
  });

  it('rejects JavaScript-only syntax in title_pattern and allow_patterns with what to write instead', () => {
    const found = problems(`version: 1
gates:
  secrets: { allow_patterns: ["^(?=test)", "(x)\\\\1", "\\\\u00e9"] }
  description: { title_pattern: "^(?<!WIP)" }
`);
    expect(found).toEqual([
      '3:31 gates.secrets.allow_patterns[0]: not a regular expression that RE2 accepts: invalid or unsupported Perl syntax at character 2 ("(?="): RE2 has no lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)); match the text itself, or drop the condition',
      '3:44 gates.secrets.allow_patterns[1]: not a regular expression that RE2 accepts: invalid escape sequence at character 4 ("\\\\1"): RE2 has no backreferences (\\1, \\k<name>); write the repeated text out',
      '3:54 gates.secrets.allow_patterns[2]: not a regular expression that RE2 accepts: invalid escape sequence at character 1 ("\\\\u"): write a character by its code point as \\x{00e9}, not \\u00e9',
      expect.stringMatching(/^4:33 gates\.description\.title_pattern: not a regular expression that RE2 accepts: .*lookbehind/),
    ]);
  });

  it('accepts the patterns that only backtrack in JavaScript', () => {
    expect(problems('version: 1\ngates:\n  description: { title_pattern: "^[a-z0-9]*[a-z0-9]*[a-z0-9]*$" }\n  secrets: { allow_patterns: ["(a+)+$"] }\n')).toEqual([]);
  });
});

describe('matching', () => {
  it('checks a polynomial title_pattern against a long hostile title in linear time', () => {
    const { description } = parsePolicy('version: 1\ngates:\n  description: { title_pattern: "^[a-z0-9]*[a-z0-9]*[a-z0-9]*[a-z0-9]*[a-z0-9]*[a-z0-9]*$" }\n', 'p.yml').gates;
    const started = performance.now();
    const result = descriptionGate(context(facts({ title: `${'a'.repeat(100_000)}!` }), { description }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.findings.map((f) => f.message)).toContainEqual(expect.stringContaining('The title does not follow the agreed format'));
  });

  it('finds a match anywhere, as RegExp#test does', () => {
    expect(compilePattern('^feat: ').test('feat: x')).toBe(true);
    expect(compilePattern('fix').test('a fix b')).toBe(true);
    expect(compilePattern('(?i)^FEAT').test('feat')).toBe(true);
    expect(patternProblem('^(feat|fix)(\\(.+\\))?: ')).toBeUndefined();
  });

  it('refuses a glob the policy could not have held, as a user error', () => {
    expect(() => firstPathMatch([`src/${BOMB}`], 'src/x')).toThrow(/cannot be used: its braces expand it/);
    expect(identityMatches('acme-*', 'ACME-bob')).toBe(true);
  });
});
