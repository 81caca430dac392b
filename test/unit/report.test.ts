import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.js';
import { annotations } from '../../src/report/annotations.js';
import { code, escapeMarkdown, escapeTerminal } from '../../src/report/escape.js';
import { renderJson } from '../../src/report/json.js';
import { COMMENT_LIMIT, MARKER, renderMarkdown } from '../../src/report/markdown.js';
import { STATUS_DESCRIPTION_LIMIT, statusFor } from '../../src/report/status.js';
import { renderText } from '../../src/report/text.js';
import type { Mode } from '../../src/model.js';
import { errorReport, evaluate } from '../../src/verdict.js';
import { commit, facts, file } from './helpers.js';

const policy = parsePolicy(
  `version: 1
vendors: { users: ["acme-*"] }
gates:
  access:
    allow: ["src/**", "test/**"]
    protect: [{ paths: ["src/billing/**"], approvers: ["my-org/payments"] }]
  size: { max_lines: 400 }
  description: { required_sections: [Testing] }
profiles:
  - name: acme
    match: { users: ["acme-*"] }
    valid_until: 2026-12-05
`,
  '.github/vendor-gate.yml',
);
const source = { path: '.github/vendor-gate.yml', builtIn: false, sha: '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345' };
const now = new Date('2026-11-28T09:00:00Z');

function failingPr(mode: Mode = 'enforce') {
  const pr = facts({
    number: 42,
    title: 'Add invoice export',
    body: 'Adds CSV export of invoices.',
    files: [
      file('src/billing/export.ts', { status: 'added', additions: 420 }),
      file('.github/workflows/deploy.yml', { additions: 3, deletions: 1 }),
      file('.github/vendor-gate.yml', { additions: 1, deletions: 1 }),
      file('scripts/seed.ts', { status: 'renamed', previousPath: 'test/seed.ts' }),
    ],
    commits: [commit('dev@acme.example')],
    reviews: [
      { login: 'alice', state: 'APPROVED', commitId: '0ld5ha'.padEnd(40, '0'), submittedAt: '2026-11-27T10:00:00Z' },
      { login: 'acme-carl', state: 'APPROVED', commitId: 'a'.repeat(40), submittedAt: '2026-11-27T11:00:00Z' },
    ],
  });
  return evaluate(pr, policy, source, { mode, now });
}

describe('escapeMarkdown', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['<!-- vendor-gate -->', '&lt;!-- vendor-gate --&gt;'],
    ['a | b', 'a \\| b'],
    ['**bold** _it_ `code` ~~s~~ $x$', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\$x\\$'],
    ['[click](https://evil.example)', '\\[click\\](https:&#8203;//evil.example)'],
    ['line\nbreak\r\n# heading', 'line break # heading'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['12. item', '12\\. item'],
    ['@my-org/security please', '@&#8203;my-org/security please'],
    ['see www.evil.example', 'see www&#8203;.evil.example'],
    ['right-to-left \u202Eoverride', 'right-to-left override'],
    ['&lt; stays text', '&amp;lt; stays text'],
    ['plain words', 'plain words'],
  ])('%j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it('keeps backticks in names inside <code>', () => {
    expect(code('a`b`</code><b>x')).toBe('<code>a\\`b\\`&lt;/code&gt;&lt;b&gt;x</code>');
  });

  it('strips terminal escape sequences', () => {
    expect(escapeTerminal('ok\u001b[31mred\u0007')).toBe('ok\uFFFD[31mred\uFFFD');
  });
});

describe('the PR comment', () => {
  it('renders a realistic failing vendor PR (reviewed like UI)', () => {
    expect(renderMarkdown(failingPr(), { runUrl: 'https://github.com/octo/app/actions/runs/123' })).toMatchSnapshot();
  });

  it('says report-only when the mode is report', () => {
    const text = renderMarkdown(failingPr('report'));
    expect(text).toContain('## 🔎 vendor-gate (report only): 4 of 7 checks would fail');
    expect(text).toContain('does not block merging yet');
  });

  it('starts with the marker and nothing user-supplied can forge it or break the table', () => {
    const hostile = facts({
      author: { login: 'acme-x' },
      title: '<!-- vendor-gate --> | @admin',
      files: [file('docs/<!-- vendor-gate -->|`x`.md'), file('src/ok.ts')],
    });
    const text = renderMarkdown(evaluate(hostile, policy, source, { mode: 'enforce', now }));
    expect(text.startsWith(`${MARKER}\n`)).toBe(true);
    expect(text.split(MARKER)).toHaveLength(2);
    for (const row of text.split('\n').filter((l) => l.startsWith('| '))) {
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    }
  });

  it('stays under the limit by listing fewer findings, never by cutting a table', () => {
    const files = Array.from({ length: 3000 }, (_, i) => file(`lib/${'deep/'.repeat(8)}file-${i}.ts`));
    const report = evaluate(facts({ files }), policy, source, { mode: 'enforce', now });
    const text = renderMarkdown(report);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text).toContain('| Scope of work | ❌ Failed |');
    expect(text).toMatch(/…and \d+ more places of these problems, listed in full in the job summary and the JSON report\./);
    expect(text).toContain('Checked commit:');
  });

  it('explains an error without a table', () => {
    const report = errorReport(failingPr().pullRequest, source, 'enforce', 'The policy file .github/vendor-gate.yml is not valid (1 problem):\n  .github/vendor-gate.yml:3:5: x');
    const text = renderMarkdown(report, { error: report.reason ?? '' });
    expect(text).toContain('## ⚠️ vendor-gate could not check this pull request');
    expect(text).toContain('> The policy file .github/vendor-gate.yml is not valid (1 problem):');
    expect(text).not.toContain('| Check |');
  });
});

describe('status description', () => {
  it.each([
    ['enforce', 'failure', 'Failed: access, size, description, review'],
    ['report', 'success', 'Report only, would fail: access, size, description, review'],
  ] as const)('%s mode → %s', (mode, state, description) => {
    expect(statusFor(failingPr(mode))).toEqual({ state, description });
  });

  it('says "not a vendor PR" for others and stays within 140 characters for errors', () => {
    const skip = evaluate(facts({ author: { login: 'alice' }, commits: [commit('a@corp.example')] }), policy, source, { mode: 'enforce', now });
    expect(statusFor(skip)).toEqual({ state: 'success', description: 'not a vendor PR' });
    const long = `The policy file .github/vendor-gate.yml is not valid: ${'x'.repeat(300)}`;
    const status = statusFor(errorReport(skip.pullRequest, source, 'enforce', long), long);
    expect(status.state).toBe('error');
    expect(status.description).toHaveLength(STATUS_DESCRIPTION_LIMIT);
    expect(status.description.endsWith('…')).toBe(true);
  });
});

describe('other renderings', () => {
  it('annotates files with the finding and its fix, as errors when enforcing', () => {
    const list = annotations(failingPr());
    expect(list[0]).toEqual({
      level: 'error',
      title: 'vendor-gate: Scope of work',
      file: 'src/billing/export.ts',
      message: 'This file is protected: it needs an approval from my-org/payments. How to fix: Ask my-org/payments to review and approve the latest commit.',
    });
    expect(annotations(failingPr('report')).every((a) => a.level === 'warning')).toBe(true);
  });

  it('writes a JSON report with the format version and every gate', () => {
    const json = JSON.parse(renderJson(failingPr())) as { formatVersion: number; failedGates: string[]; gates: unknown[] };
    expect(json.formatVersion).toBe(1);
    expect(json.failedGates).toEqual(['access', 'size', 'description', 'review']);
    expect(json.gates).toHaveLength(10);
  });

  it('prints plain text for the terminal', () => {
    const text = renderText(failingPr());
    expect(text.split('\n')[0]).toBe('vendor-gate FAILED: access, size, description, review');
    expect(text).toContain('            fix: Remove this change from the pull request.');
  });
});
