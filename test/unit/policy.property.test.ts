// Property: loading any text as a policy either succeeds or throws a PolicyError whose every problem
// has a position (file:line:column) in the text; never another exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError } from '../../src/policy/load.js';

const VALID = `version: 1
vendors:
  users: ["acme-*"]
  teams: ["my-org/vendor-acme"]
  emails: ["*@acme.example"]
  associations: [FIRST_TIME_CONTRIBUTOR]
reviewers: { users: [alice], teams: ["my-org/core"] }
gates:
  review: { approvals: 2, codeowners: true }
  access:
    allow: ["src/**", "test/**"]
    deny: [".github/**"]
    protect:
      - { paths: ["package.json"], approvers: ["my-org/security"] }
  secrets: { allow_paths: ["test/fixtures/**"], allow_patterns: ["^sk_test_"] }
  coverage: { total: 80, changed: 90, min_lines: 5 }
  size: { max_files: 50, max_lines: 1000 }
  description: { linked_issue: true, min_length: 30, title_pattern: "^(feat|fix): ", required_sections: [Summary] }
profiles:
  - name: acme
    match: { users: ["acme-*"] }
    valid_until: 2027-06-30
    gates: { size: { max_lines: 400 } }
waiver: { label: "vendor-gate: waive", by: ["my-org/leads"], secrets: false }
`;

const FRAGMENTS = [
  '{', '}', '[', ']', ':', ': ', '- ', ',', '"', "'", '\n', '\n  ', '\t', '#', '&a ', '*a', '<<: *a', '!!binary ', '!!js/function ', '!tag ',
  '%YAML 1.2\n', '---\n', '...\n', '? ', '|', '>', '\\', '\u0000', '\uFEFF', '\u2028', 'null', '~', '1e400', '-1', '0x1F', 'true', '2027-02-30',
  '{a,b}'.repeat(20), '(?=x)', '[[[[[[[[[[', 'version: 2', 'gates: []', 'legal: {}', 'x'.repeat(300),
];

/** The valid policy with a few random edits: a fragment inserted, a range deleted or replaced. */
const mutated = fc
  .array(
    fc.tuple(fc.nat({ max: VALID.length }), fc.nat({ max: 20 }), fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 }))),
    { minLength: 1, maxLength: 6 },
  )
  .map((edits) => edits.reduce((text, [at, remove, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + remove), VALID));

const anything = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join('')),
  mutated,
);

function positionedOrValid(text: string): void {
  let error: unknown;
  try {
    parsePolicy(text, 'p.yml');
    return;
  } catch (e) {
    error = e;
  }
  expect(error, String(error)).toBeInstanceOf(PolicyError);
  const { problems, message } = error as PolicyError;
  expect(problems.length).toBeGreaterThan(0);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const p of problems) {
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1, JSON.stringify(p)).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1, JSON.stringify(p)).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
    expect(message).toContain(`p.yml:${p.line}:${p.column}: `);
  }
}

describe('policy loading on any text', () => {
  it('accepts the valid policy', () => {
    expect(() => parsePolicy(VALID, 'p.yml')).not.toThrow();
  });

  it('succeeds or gives a positioned error, for mutated and arbitrary YAML', () => {
    fc.assert(fc.property(anything, positionedOrValid), { numRuns: 1_000 });
  }, 60_000);

  it('gives a positioned error for an alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    positionedOrValid(`version: 1\n${bomb}\n`);
  });

  it('names the alias that points nowhere, at its position', () => {
    expect(() => parsePolicy('version: 1\na: &a 1\nb: *a\nc: *zz\n', 'p.yml')).toThrow(
      'p.yml:4:4: *zz refers to no anchor defined before it; define the anchor (&name) first, or write the value out',
    );
  });
});
