import { describe, expect, it } from 'vitest';
import { contractGate } from '../../src/gates/contract.js';
import { descriptionGate, hasIssueLink, sections, visibleText } from '../../src/gates/description.js';
import { sizeGate } from '../../src/gates/size.js';
import { EMPTY_MATCHER } from '../../src/policy/defaults.js';
import type { Profile } from '../../src/policy/types.js';
import { context, facts, file } from './helpers.js';

describe('size gate', () => {
  it.each([
    [49, 900, 'pass'],
    [50, 1000, 'pass'],
    [51, 10, 'fail'],
    [3, 1001, 'fail'],
  ])('%i files, %i lines → %s', (files, lines, status) => {
    const list = Array.from({ length: files }, (_, i) => file(`src/f${i}.ts`, { additions: i === 0 ? lines : 0 }));
    expect(sizeGate(context(facts({ files: list }))).status).toBe(status);
  });

  it('leaves lock files out of the count and says so', () => {
    const gate = sizeGate(context(facts({ files: [file('src/a.ts', { additions: 10 }), file('package-lock.json', { additions: 5000 })] })));
    expect(gate.status).toBe('pass');
    expect(gate.summary).toMatch(/^1 file, 10 lines changed/);
    expect(gate.notes[0]).toContain('1 file not counted');
  });

  it('counts files GitHub did not list, from the PR totals', () => {
    const gate = sizeGate(context(facts({ files: [file('src/a.ts')], filesListing: { expected: 4000, listed: 1 }, additions: 9000, deletions: 0 })));
    expect(gate.findings.map((f) => f.message)).toEqual([
      'This pull request changes 4000 files; the limit is 50.',
      'This pull request changes 9000 lines; the limit is 1000.',
    ]);
  });

  it('applies profile limits', () => {
    const gate = sizeGate(context(facts({ files: [file('src/a.ts', { additions: 500 })] }), { size: { max_lines: 400 } }));
    expect(gate.findings[0]?.message).toBe('This pull request changes 500 lines; the limit is 400.');
  });
});

describe('description gate', () => {
  it.each([
    ['Fixes #12', true],
    ['closes octo/app#9', true],
    ['See https://github.com/octo/app/issues/4 for context', true],
    ['Tracked in GH-77', true],
    ['(#5)', true],
    ['<!-- Link the issue: Fixes #123 -->', false],
    ['Colour #ff0000 and issue 12', false],
    ['https://github.com/octo/app/pull/4', false],
    ['', false],
  ])('%j links an issue: %s', (body, linked) => {
    expect(hasIssueLink(body)).toBe(linked);
  });

  it('does not count template comments towards the length', () => {
    const body = '<!-- Describe your change in at least two sentences, please. -->\nok';
    expect(visibleText(body).trim()).toBe('ok');
    const gate = descriptionGate(context(facts({ body: `${body} Fixes #1` })));
    expect(gate.findings.map((f) => f.message)).toEqual(['The description is 11 characters long; at least 30 are expected.']);
  });

  it('checks the title pattern and required sections, ignoring headings inside code fences', () => {
    const body = '## Summary\nAdds the export button for reports, as agreed.\n\n```md\n## Testing\n```\nFixes #12';
    const gate = descriptionGate(
      context(facts({ title: 'Add export button', body }), {
        description: { title_pattern: '^(feat|fix)(\\(.+\\))?: ', required_sections: ['Summary', 'Testing'] },
      }),
    );
    expect(gate.findings.map((f) => f.message)).toEqual([
      'The title does not follow the agreed format (the pattern ^(feat|fix)(\\(.+\\))?: ).',
      'The description has no "Testing" section.',
    ]);
  });

  it('finds an empty section, and counts deeper headings as content', () => {
    expect(sections('# A\n## B\ntext\n# C\n').map((s) => [s.title, s.level, s.content.trim()])).toEqual([
      ['A', 1, ''],
      ['B', 2, 'text'],
      ['C', 1, ''],
    ]);
    const body = 'Fixes #3\n## Summary\n### Details\nA long enough explanation of the change.\n## Testing\n<!-- how did you test? -->\n';
    const gate = descriptionGate(context(facts({ body }), { description: { required_sections: ['summary', 'Testing'] } }));
    expect(gate.findings.map((f) => f.message)).toEqual(['The "Testing" section of the description is empty.']);
  });

  it('skips when there is no description to check (local runs)', () => {
    expect(descriptionGate(context(facts({ hasDescription: false, body: '' }))).status).toBe('skip');
  });
});

describe('contract gate', () => {
  const profile = (validUntil?: string): Profile => ({
    name: 'acme',
    match: EMPTY_MATCHER,
    gates: {},
    ...(validUntil ? { valid_until: validUntil } : {}),
  });
  const at = (iso: string, validUntil?: string) => contractGate(context(facts(), {}, { profile: profile(validUntil), now: new Date(iso) }));

  it('passes through the whole last day, in UTC, and fails the day after', () => {
    expect(at('2027-06-30T23:59:59Z', '2027-06-30').status).toBe('pass');
    const ended = at('2027-07-01T00:00:00Z', '2027-06-30');
    expect(ended.status).toBe('fail');
    expect(ended.findings[0]?.message).toBe('The contract window of the vendor profile "acme" ended on 2027-06-30.');
  });

  it('notes the end of the contract within warn_days', () => {
    expect(at('2027-06-21T10:00:00Z', '2027-06-30').notes).toEqual(['The contract window of "acme" ends in 10 days (2027-06-30).']);
    expect(at('2027-05-01T10:00:00Z', '2027-06-30').notes).toEqual([]);
  });

  it('skips without a window or a profile', () => {
    expect(at('2027-01-01T00:00:00Z').status).toBe('skip');
    expect(contractGate(context(facts())).status).toBe('skip');
  });
});
